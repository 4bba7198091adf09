"""
title: Save as draft (smm)
author: smm
version: 0.1.0
license: MIT
description: A button under an assistant message that saves its text as a draft post of a profile in a running `smm serve`.
required_open_webui_version: 0.6.0
"""

# Paste into Admin Panel -> Functions (type Action), enable it, set the
# valves, and attach it to the models whose answers you want to keep.

import asyncio
from typing import Awaitable, Callable, Optional

import requests
from pydantic import BaseModel, Field

PLATFORMS = ["x", "linkedin", "instagram", "threads", "bluesky", "mastodon", "facebook"]


class Action:
    class Valves(BaseModel):
        base_url: str = Field("http://127.0.0.1:8787", description="Where `smm serve` listens.")
        api_key: str = Field("", description="An API key printed by `smm keys create`.")
        default_handle: str = Field("", description="Profile to save to; empty to ask each time.")
        default_platform: str = Field("x", description="Platform of the draft: x, linkedin, instagram, threads, bluesky, mastodon or facebook.")

    def __init__(self):
        self.valves = self.Valves()

    async def action(
        self,
        body: dict,
        __user__: Optional[dict] = None,
        __event_emitter__: Optional[Callable[[dict], Awaitable[None]]] = None,
        __event_call__: Optional[Callable[[dict], Awaitable[object]]] = None,
    ) -> Optional[dict]:
        messages = body.get("messages", [])
        text = next((message.get("content", "") for message in reversed(messages) if message.get("role") == "assistant"), "").strip()
        if not text:
            return await self._status(__event_emitter__, "Nothing to save: the message is empty.")
        handle = self.valves.default_handle.strip().lstrip("@")
        if not handle and __event_call__:
            answer = await __event_call__(
                {"type": "input", "data": {"title": "Save as draft", "message": "Which profile (handle)?", "placeholder": "acme"}}
            )
            handle = str(answer or "").strip().lstrip("@")
        if not handle:
            return await self._status(__event_emitter__, "No profile given: set the default_handle valve or type a handle.")
        platform = self.valves.default_platform.strip().lower()
        if platform not in PLATFORMS:
            return await self._status(__event_emitter__, f"Unknown platform {platform!r}: use one of {', '.join(PLATFORMS)}.")

        def send() -> requests.Response:
            return requests.post(
                f"{self.valves.base_url.rstrip('/')}/api/v1/profiles/{requests.utils.quote(handle, safe='')}/posts",
                json={"platform": platform, "text": text, "status": "draft"},
                headers={"Authorization": f"Bearer {self.valves.api_key}"},
                timeout=30,
            )

        try:
            response = await asyncio.to_thread(send)
            payload = response.json()
        except (requests.RequestException, ValueError) as error:
            return await self._status(__event_emitter__, f"Cannot reach smm at {self.valves.base_url}: {error.__class__.__name__}.")
        if response.status_code >= 400:
            error = payload.get("error", {})
            return await self._status(__event_emitter__, f"Not saved: {error.get('message')} {error.get('hint') or ''}".strip())
        await self._status(__event_emitter__, f"Saved as draft #{payload.get('id')} of @{handle} ({platform}).")
        return {"postId": payload.get("id")}

    async def _status(self, emitter, description: str) -> None:
        if emitter:
            await emitter({"type": "status", "data": {"description": description, "done": True}})
        return None
