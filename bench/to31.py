#!/usr/bin/env python3
"""Rewrites an OpenAPI 3.0 spec (JSON or the YAML subset synth.py writes, via PyYAML if
installed) as the same API in OpenAPI 3.1, for the 3.1-versus-3.0 generation benchmark.

    python3 bench/to31.py IN.json [--out FILE]   (stdout without --out; JSON output)

Python 3.11 standard library (PyYAML only for YAML input). The rewrite is the one a person
moving a spec to 3.1 makes: `openapi: 3.1.0`; `nullable: true` becomes `type: [T, "null"]`
(or a `{type: "null"}` member of `anyOf` where there is no `type`); a schema `example`
becomes `examples: [...]`; boolean `exclusiveMinimum`/`exclusiveMaximum` become numbers.
"""

from __future__ import annotations

import argparse
import json
import sys

SCHEMA_MAPS = ("properties", "patternProperties")
SCHEMA_ONE = ("items", "additionalProperties", "not")
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")


def schema(node):
    if not isinstance(node, dict):
        return node
    for key in SCHEMA_MAPS:
        if isinstance(node.get(key), dict):
            node[key] = {k: schema(v) for k, v in node[key].items()}
    for key in SCHEMA_ONE:
        if isinstance(node.get(key), dict):
            node[key] = schema(node[key])
    for key in SCHEMA_LISTS:
        if isinstance(node.get(key), list):
            node[key] = [schema(v) for v in node[key]]
    if "example" in node:
        node["examples"] = [node.pop("example")]
    for exclusive, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if node.get(exclusive) is True and bound in node:
            node[exclusive] = node.pop(bound)
        elif exclusive in node and isinstance(node[exclusive], bool):
            node.pop(exclusive)
    if node.pop("nullable", False):
        if isinstance(node.get("type"), str):
            node["type"] = [node["type"], "null"]
        else:
            rest = {k: node.pop(k) for k in list(node) if k not in ("description", "title")}
            node["anyOf"] = [rest, {"type": "null"}]
    return node


def other(node):
    if isinstance(node, list):
        return [other(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in ("schema",):
            out[key] = schema(value)
        elif key.startswith("x-") or key in ("example", "examples"):
            out[key] = value
        else:
            out[key] = other(value)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("spec")
    parser.add_argument("--out")
    args = parser.parse_args()
    with open(args.spec, encoding="utf-8") as f:
        text = f.read()
    if text.lstrip().startswith("{"):
        doc = json.loads(text)
    else:
        import yaml  # only for YAML input

        doc = yaml.safe_load(text)
    doc["openapi"] = "3.1.0"
    schemas = doc.get("components", {}).get("schemas", {})
    doc = {k: (other(v) if k != "components" else v) for k, v in doc.items()}
    if "components" in doc:
        components = {k: other(v) for k, v in doc["components"].items() if k != "schemas"}
        components["schemas"] = {k: schema(v) for k, v in schemas.items()}
        doc["components"] = components
    text = json.dumps(doc, indent=1)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
