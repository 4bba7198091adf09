"""
title: Social Media Manager
author: smm
author_url: https://github.com/smm/social-media-manager-assistant
version: 0.1.0
license: MIT
description: Write posts in each profile's own voice, checked against each platform's rules, and manage drafts, through a running `smm serve`.
required_open_webui_version: 0.6.0
"""

# A thin client of the smm HTTP API (`smm serve`): every method is one REST
# call. Paste this file into Workspace -> Tools, then set the valves (server
# URL and an API key from `smm keys create`).

import asyncio
import html
import json
from datetime import datetime, timezone
from typing import Any, Awaitable, Callable, Optional

import requests
from pydantic import BaseModel, Field

try:
    from fastapi.responses import HTMLResponse
except ImportError:  # Outside Open WebUI (tests, a plain Python): the same attributes Open WebUI reads.

    class HTMLResponse:  # type: ignore[no-redef]
        def __init__(self, content: str = "", status_code: int = 200, headers: Optional[dict] = None, media_type: str = "text/html"):
            self.body = content.encode("utf-8")
            self.status_code = status_code
            self.headers = dict(headers or {})
            self.media_type = media_type


Emitter = Optional[Callable[[dict], Awaitable[None]]]


class SmmError(Exception):
    """An error from the server, already phrased as what went wrong and how to fix the call."""


class Tools:
    class Valves(BaseModel):
        base_url: str = Field("http://127.0.0.1:8787", description="Where `smm serve` listens, e.g. http://127.0.0.1:8787 (no trailing /api).")
        api_key: str = Field("", description="An API key printed by `smm keys create --name open-webui`.")
        forward_user: bool = Field(False, description="Send the Open WebUI user id so each user has their own profiles (the server needs SMM_PER_USER_PROFILES=1).")
        rich_card: bool = Field(True, description="Show written variants as an inline card (off: return them as text to the model).")
        timeout_seconds: int = Field(300, description="How long to wait for the server (writing posts with a local model can take a while).")

    def __init__(self):
        self.valves = self.Valves()
        # The example posts are sent as citation events below; Open WebUI's automatic citation would duplicate them.
        self.citation = False

    # ------------------------------------------------------------ tools

    async def list_profiles(self, __user__: Optional[dict] = None) -> str:
        """
        List the profiles (the voices the user writes for: a founder, a brand, a client) with their handles, platforms and voice guides. Call this first when you do not know which handle to use.
        """
        return await self._json("GET", "/api/v1/profiles", user=__user__)

    async def find_posts(self, handle: str, search: str = "", status: str = "", limit: int = 10, __user__: Optional[dict] = None) -> str:
        """
        Find a profile's posts (past posts, ideas, drafts, scheduled), newest first.
        :param handle: The profile handle, e.g. "acme".
        :param search: Words to search for (all must match), "quoted phrases", -excluded words. Empty for all posts.
        :param status: Comma-separated statuses to keep, from: idea, draft, approved, scheduled, published, archived. Empty for all.
        :param limit: How many posts to return, 1 to 100.
        """
        query = {"limit": max(1, min(int(limit), 100))}
        if search:
            query["search"] = search
        if status:
            query["status"] = status
        return await self._json("GET", f"/api/v1/profiles/{_segment(handle)}/posts", query=query, user=__user__)

    async def write_posts(
        self,
        handle: str,
        platform: str,
        topic: str,
        count: int = 3,
        thread: bool = False,
        __event_emitter__: Emitter = None,
        __user__: Optional[dict] = None,
    ) -> Any:
        """
        Write new posts on a topic in a profile's own voice, using its most similar past posts as examples, each checked against the platform's rules (length as the platform counts it, hashtags, links) and scored for voice. The variants are saved as drafts and shown to the user in a card.
        :param handle: The profile handle, e.g. "acme".
        :param platform: One of: x, linkedin, instagram, threads, bluesky, mastodon, facebook.
        :param topic: What to write about, a few words to a paragraph.
        :param count: How many variants, 1 to 10.
        :param thread: True for a numbered thread (x, bluesky, threads, mastodon).
        """
        await _status(__event_emitter__, f"Finding similar past posts of @{handle} and writing {count} {platform} variants…")
        try:
            result = await self._call(
                "POST",
                f"/api/v1/profiles/{_segment(handle)}/generate",
                body={"platform": platform, "topic": topic, "n": int(count), "thread": bool(thread)},
                user=__user__,
            )
        except SmmError as error:
            await _status(__event_emitter__, "Could not write the posts", done=True)
            return f"Error: {error}"
        return await self._present(result, platform, __event_emitter__)

    async def rewrite_post(
        self,
        post_id: int,
        platform: str = "",
        shorter: bool = False,
        longer: bool = False,
        instruction: str = "",
        __event_emitter__: Emitter = None,
        __user__: Optional[dict] = None,
    ) -> Any:
        """
        Rewrite an existing post in the same voice: for another platform, shorter, longer, or following an instruction. The rewrites are saved as new drafts; the original is unchanged.
        :param post_id: The id of the post to rewrite.
        :param platform: Repurpose for this platform (x, linkedin, instagram, threads, bluesky, mastodon, facebook); empty to keep the post's own.
        :param shorter: True to make it clearly shorter.
        :param longer: True to make it longer and richer.
        :param instruction: Any other change, in words.
        """
        body: dict = {"shorter": bool(shorter), "longer": bool(longer)}
        if platform:
            body["to"] = platform
        if instruction:
            body["instruction"] = instruction
        await _status(__event_emitter__, f"Rewriting post #{post_id}…")
        try:
            result = await self._call("POST", f"/api/v1/posts/{int(post_id)}/rewrite", body=body, user=__user__)
        except SmmError as error:
            await _status(__event_emitter__, "Could not rewrite the post", done=True)
            return f"Error: {error}"
        return await self._present(result, platform or "", __event_emitter__)

    async def approve_post(self, post_id: int, __user__: Optional[dict] = None) -> str:
        """
        Approve a draft (status draft -> approved) once the user has picked it.
        :param post_id: The id of the draft, as shown with the variants.
        """
        return await self._json("POST", f"/api/v1/posts/{int(post_id)}/approve", user=__user__)

    async def schedule_post(self, post_id: int, when: str, __user__: Optional[dict] = None) -> str:
        """
        Schedule a post for a date and time (a draft is approved first).
        :param post_id: The id of the post.
        :param when: ISO-8601 date-time with a time zone, e.g. 2026-12-01T09:00:00Z.
        """
        return await self._json("POST", f"/api/v1/posts/{int(post_id)}/schedule", body={"scheduledAt": when}, user=__user__)

    async def score_voice(self, handle: str, text: str, __user__: Optional[dict] = None) -> str:
        """
        Score how much a text sounds like a profile's voice, 0-100, with notes on what differs.
        :param handle: The profile handle.
        :param text: The text to score.
        """
        return await self._json("POST", f"/api/v1/profiles/{_segment(handle)}/voice/score", body={"text": text}, user=__user__)

    async def create_profile(self, handle: str, display_name: str, platforms: str = "", tone: str = "", __user__: Optional[dict] = None) -> str:
        """
        Create a profile (a voice to write for).
        :param handle: Lowercase letters, digits, "_", "." or "-", e.g. "jane-founder".
        :param display_name: The name people see, e.g. "Jane Doe".
        :param platforms: Comma-separated platforms from: x, linkedin, instagram, threads, bluesky, mastodon, facebook.
        :param tone: How the voice sounds, e.g. "warm, direct, a little dry".
        """
        body = {
            "handle": handle,
            "displayName": display_name,
            "platforms": [item.strip() for item in platforms.split(",") if item.strip()],
            "voice": {"tone": tone},
        }
        return await self._json("POST", "/api/v1/profiles", body=body, user=__user__)

    # ------------------------------------------------------------ plumbing

    async def _json(self, method: str, path: str, body: Optional[dict] = None, query: Optional[dict] = None, user: Optional[dict] = None) -> str:
        try:
            return json.dumps(await self._call(method, path, body=body, query=query, user=user), ensure_ascii=False)
        except SmmError as error:
            return f"Error: {error}"

    async def _call(self, method: str, path: str, body: Optional[dict] = None, query: Optional[dict] = None, user: Optional[dict] = None) -> Any:
        headers = {"Authorization": f"Bearer {self.valves.api_key}", "Accept": "application/json"}
        if self.valves.forward_user and user and user.get("id"):
            headers["X-OpenWebUI-User-Id"] = str(user["id"])
        url = self.valves.base_url.rstrip("/") + path

        def send() -> requests.Response:
            return requests.request(method, url, json=body, params=query, headers=headers, timeout=self.valves.timeout_seconds)

        try:
            response = await asyncio.to_thread(send)
        except requests.RequestException as error:
            raise SmmError(f"Cannot reach the smm server at {self.valves.base_url} ({error.__class__.__name__}). Check the tool's base_url valve and that `smm serve` is running.") from error
        try:
            payload = response.json()
        except ValueError:
            payload = {"error": {"message": response.text[:300], "hint": None}}
        if response.status_code >= 400:
            error = payload.get("error", {}) if isinstance(payload, dict) else {}
            if response.status_code == 401:
                raise SmmError(f"{error.get('message', 'Unauthorized.')} Set the tool's api_key valve to a key from `smm keys create`.")
            hint = error.get("hint")
            raise SmmError(f"{error.get('message', 'HTTP ' + str(response.status_code))}{' ' + hint if hint else ''}")
        return payload

    async def _present(self, result: dict, platform: str, emitter: Emitter) -> Any:
        variants = result.get("variants", [])
        fitting = sum(1 for variant in variants if variant.get("valid"))
        ids = ", ".join(f"#{variant.get('postId')}" for variant in variants)
        await _status(emitter, f"Checked length and voice: {fitting} of {len(variants)} variants fit")
        for example in result.get("examples", []):
            await _emit(
                emitter,
                {
                    "type": "citation",
                    "data": {
                        "document": [example.get("text", "")],
                        "metadata": [{"source": f"Past post #{example.get('postId')}", "date_accessed": datetime.now(timezone.utc).isoformat()}],
                        "source": {"name": f"Past post #{example.get('postId')}"},
                    },
                },
            )
        await _status(emitter, f"Saved {len(variants)} drafts: {ids}", done=True)
        if not self.valves.rich_card:
            return _variants_text(result, platform)
        return HTMLResponse(content=_card(result, platform), headers={"Content-Disposition": "inline"})


# ---------------------------------------------------------------- helpers


def _segment(value: str) -> str:
    return requests.utils.quote(str(value).strip().lstrip("@"), safe="")


async def _emit(emitter: Emitter, event: dict) -> None:
    if emitter:
        await emitter(event)


async def _status(emitter: Emitter, description: str, done: bool = False) -> None:
    await _emit(emitter, {"type": "status", "data": {"description": description, "done": done}})


def _voice(variant: dict) -> str:
    score = variant.get("voiceScore")
    return "voice n/a" if score is None else f"voice {score}/100"


def _voice_notes(variant: dict) -> list:
    """Why the voice score is what it is, unless a voice violation already says it."""
    if any(item.get("rule") == "voice" for item in variant.get("violations", [])):
        return []
    return [str(note) for note in variant.get("voiceNotes") or []]


def _variants_text(result: dict, platform: str) -> str:
    lines = []
    for index, variant in enumerate(result.get("variants", []), start=1):
        verdict = "fits" if variant.get("valid") else "breaks a rule"
        lines.append(f"Variant {index} (draft #{variant.get('postId')}{', ' + platform if platform else ''}): {variant.get('length')}/{variant.get('limit')} characters, {_voice(variant)}, {verdict}")
        lines.append(variant.get("text", ""))
        for violation in variant.get("violations", []):
            lines.append(f"- {violation.get('message')}")
        notes = _voice_notes(variant)
        if notes:
            lines.append(f"Voice: {'; '.join(notes)}")
        lines.append("")
    return "\n".join(lines)


def _e(value) -> str:
    """Every value that goes into the card, numbers included: the server's answer is data, never markup."""
    return "" if value is None else html.escape(str(value), quote=True)


def _card(result: dict, platform: str) -> str:
    items = []
    for index, variant in enumerate(result.get("variants", []), start=1):
        valid = bool(variant.get("valid"))
        violations = "".join(f"<li>{_e(item.get('message', ''))}</li>" for item in variant.get("violations", []))
        notes = "; ".join(_e(note) for note in _voice_notes(variant))
        items.append(
            f"""<article class="variant {'ok' if valid else 'bad'}">
  <header><strong>Variant {_e(index)}</strong> <span>draft #{_e(variant.get('postId'))}</span></header>
  <p class="text">{_e(variant.get('text', '')).replace(chr(10), '<br>')}</p>
  <footer><span class="count">{_e(variant.get('length'))} / {_e(variant.get('limit'))}</span> · <span>{_e(_voice(variant))}</span> · <span>{'fits' if valid else 'breaks a rule'}</span></footer>
  {'<ul>' + violations + '</ul>' if violations else ''}
  {'<p class="why">Voice: ' + notes + '</p>' if notes else ''}
</article>"""
        )
    examples = ", ".join(f"#{_e(example.get('postId'))}" for example in result.get("examples", [])) or "none"
    title = f"{_e(len(result.get('variants', [])))} {_e(platform) + ' ' if platform else ''}variants"
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><style>
body {{ font: 14px/1.45 system-ui, sans-serif; margin: 0; padding: 8px; color: #1f2328; }}
.variant {{ border: 1px solid #d0d7de; border-radius: 8px; padding: 10px 12px; margin: 0 0 8px; }}
.variant.bad {{ border-color: #cf222e; }}
header {{ display: flex; justify-content: space-between; color: #57606a; }}
.text {{ white-space: normal; margin: 6px 0; }}
footer {{ color: #57606a; font-size: 12px; }}
.bad .count {{ color: #cf222e; font-weight: 600; }}
.why {{ color: #57606a; font-size: 12px; margin: 4px 0 0; }}
ul {{ margin: 4px 0 0; padding-left: 18px; color: #cf222e; font-size: 12px; }}
</style></head><body>
<h3 style="margin:0 0 8px">{title}</h3>
{''.join(items)}
<p style="color:#57606a;font-size:12px">Examples used: {examples} · model {_e(result.get('model', ''))} · approve one by asking "approve draft #id".</p>
</body></html>"""
