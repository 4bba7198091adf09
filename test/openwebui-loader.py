"""
Loads an Open WebUI Tool or Action file the way Open WebUI does
(backend/open_webui/utils/plugin.py and utils/tools.py): the frontmatter read
line by line with its regex, the source exec'd into a fresh module, the class
built, valves set, each public method's schema taken from its signature and
`:param:` docstring, then methods called with only the reserved arguments
they declare. Prints one JSON document with everything it saw.

usage: python3 openwebui-loader.py <file.py> '<json plan>'
plan: {"valves": {...}, "calls": [{"method": "...", "args": {...}}], "extra": {"__user__": {...}}}
"""

import asyncio
import inspect
import json
import re
import sys
import tempfile
import types


def extract_frontmatter(content):
    frontmatter = {}
    frontmatter_started = False
    frontmatter_ended = False
    frontmatter_pattern = re.compile(r"^\s*([a-z_]+):\s*(.*)\s*$", re.IGNORECASE)
    lines = content.splitlines()
    if len(lines) < 1 or lines[0].strip() != '"""':
        return {}
    frontmatter_started = True
    for line in lines[1:]:
        if '"""' in line:
            if frontmatter_started:
                frontmatter_ended = True
                break
        if frontmatter_started and not frontmatter_ended:
            match = frontmatter_pattern.match(line)
            if match:
                key, value = match.groups()
                frontmatter[key.strip()] = value.strip()
    return frontmatter


def load_module(path):
    with open(path, encoding="utf-8") as file:
        content = file.read()
    frontmatter = extract_frontmatter(content)
    module = types.ModuleType("tool_smm")
    sys.modules["tool_smm"] = module
    temp = tempfile.NamedTemporaryFile(delete=False)
    temp.close()
    with open(temp.name, "w", encoding="utf-8") as file:
        file.write(content)
    module.__dict__["__file__"] = temp.name
    exec(content, module.__dict__)
    if hasattr(module, "Tools"):
        return module.Tools(), "tool", frontmatter
    if hasattr(module, "Action"):
        return module.Action(), "action", frontmatter
    raise SystemExit("no Tools or Action class")


def spec_of(function):
    signature = inspect.signature(function)
    doc = inspect.getdoc(function) or ""
    param_docs = dict(re.findall(r":param (\w+):\s*(.+)", doc))
    description = doc.split(":param")[0].strip()
    parameters = {}
    for name, parameter in signature.parameters.items():
        if name.startswith("__") and name.endswith("__"):
            continue
        parameters[name] = {
            "annotation": None if parameter.annotation is inspect.Parameter.empty else getattr(parameter.annotation, "__name__", str(parameter.annotation)),
            "description": param_docs.get(name),
            "required": parameter.default is inspect.Parameter.empty,
        }
    return {"name": function.__name__, "description": description, "parameters": parameters}


async def main():
    path, plan = sys.argv[1], json.loads(sys.argv[2])
    instance, kind, frontmatter = load_module(path)
    if hasattr(instance, "Valves") and plan.get("valves") is not None:
        instance.valves = instance.Valves(**plan["valves"])
    specs = []
    if kind == "tool":
        for name, member in inspect.getmembers(instance, predicate=inspect.ismethod):
            if not name.startswith("_"):
                specs.append(spec_of(member))
    calls = []
    for call in plan.get("calls", []):
        events = []

        async def emitter(event, events=events):
            events.append(event)

        async def event_call(event):
            return plan.get("event_call_answer", "")

        extra = {"__event_emitter__": emitter, "__event_call__": event_call, "__user__": plan.get("user", {"id": "u1", "name": "Test", "role": "admin"})}
        function = getattr(instance, call["method"])
        accepted = inspect.signature(function).parameters
        result = function(**call.get("args", {}), **{key: value for key, value in extra.items() if key in accepted})
        if inspect.isawaitable(result):
            result = await result
        entry = {"method": call["method"], "events": events, "type": type(result).__name__}
        if hasattr(result, "body") and hasattr(result, "headers"):
            entry["html"] = result.body.decode("utf-8")
            entry["headers"] = dict(result.headers)
            entry["status_code"] = result.status_code
        else:
            entry["result"] = result
        calls.append(entry)
    print(json.dumps({"kind": kind, "frontmatter": frontmatter, "specs": specs, "citation": getattr(instance, "citation", None), "calls": calls}))


asyncio.run(main())
