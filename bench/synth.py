#!/usr/bin/env python3
"""Writes a synthetic OpenAPI 3.0.3 spec with N component schemas, for benchmarks.

    python3 bench/synth.py --schemas 1000 [--seed 1] [--out FILE]   (stdout without --out)

Python 3.11 standard library only. The output depends only on --schemas and --seed, so a
figure measured on `--schemas 1000 --seed 1` can be reproduced anywhere.

The spec is shaped like real API descriptions rather than like a stress test: schemas come in
"resources" of a few related types, the way Stripe- or GitHub-style specs are written:

- an object with scalar properties (string, integer, number, boolean, date-time, uuid, byte),
  nullable and optional properties, an array of strings, an inline nested object (which itself
  holds an array of inline objects), a free-form map, and `$ref`s to earlier resources;
- a string enum, referenced by the object;
- an `allOf` that extends the object with a `$ref` plus an inline part;
- a `oneOf` of two or three object variants with a `discriminator` (property name + mapping),
  every variant declaring the tag as a one-value enum;
- per resource, operations: `GET /resN/{id}` (path + query + header parameters),
  `POST /resN` (JSON body, 201 + error response), `PATCH` and `DELETE`, `GET /resN` (list with
  paging query parameters, a response wrapping an array).

Schema names are numbered, so `--schemas N` yields exactly N entries in `components/schemas`
(whole resources while they fit, then standalone enums and objects to make the count exact).
"""

from __future__ import annotations

import argparse
import json
import random
import sys

WORDS = (
    "account address amount balance bank card charge city code country created currency "
    "customer date description email event fee file id invoice item key label limit line "
    "merchant message meta method mode name note number order owner payment period phone plan "
    "price product quantity reason reference refund region request score session source state "
    "status subscription tax tier token total type unit url user value version wallet"
).split()

ENUM_WORDS = (
    "active pending approved rejected canceled archived draft open closed failed succeeded "
    "processing incomplete expired paused trialing refunded disputed voided held"
).split()


def camel(words: list[str]) -> str:
    return words[0] + "".join(w.capitalize() for w in words[1:])


class Synth:
    def __init__(self, schemas: int, seed: int) -> None:
        self.target = schemas
        self.rng = random.Random(seed)
        self.schemas: dict[str, dict] = {}
        self.paths: dict[str, dict] = {}
        self.objects: list[str] = []  # names of plain object schemas, for $refs

    # ---------------------------------------------------------------- helpers
    def words(self, n: int) -> list[str]:
        return self.rng.sample(WORDS, n)

    def prop_names(self, n: int) -> list[str]:
        seen: set[str] = set()
        out = []
        while len(out) < n:
            name = camel(self.words(self.rng.choice((1, 1, 2, 2, 3))))
            if name not in seen:
                seen.add(name)
                out.append(name)
        return out

    def sentence(self) -> str:
        return " ".join(self.words(self.rng.randint(4, 9))).capitalize() + "."

    def scalar(self) -> dict:
        kind = self.rng.choice(
            ("string", "string", "string", "integer", "number", "boolean", "date-time", "uuid",
             "byte", "int32")
        )
        if kind == "date-time":
            s = {"type": "string", "format": "date-time"}
        elif kind == "uuid":
            s = {"type": "string", "format": "uuid"}
        elif kind == "byte":
            s = {"type": "string", "format": "byte"}
        elif kind == "int32":
            s = {"type": "integer", "format": "int32", "minimum": 0}
        elif kind == "number":
            s = {"type": "number", "format": "double"}
        else:
            s = {"type": kind}
        if self.rng.random() < 0.2:
            s["nullable"] = True
        s["description"] = self.sentence()
        return s

    def ref(self, name: str) -> dict:
        return {"$ref": f"#/components/schemas/{name}"}

    # ---------------------------------------------------------------- schemas
    def object_schema(self, r: int, enum_name: str) -> dict:
        names = self.prop_names(self.rng.randint(6, 14))
        props: dict[str, dict] = {}
        for name in names:
            props[name] = self.scalar()
        props["id"] = {"type": "string", "description": f"Unique id of resource {r}."}
        props["status"] = self.ref(enum_name)
        props["tags"] = {"type": "array", "items": {"type": "string"}, "description": self.sentence()}
        props["metadata"] = {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "Free-form key-value pairs.",
        }
        props["details"] = {
            "type": "object",
            "description": self.sentence(),
            "required": ["kind"],
            "properties": {
                "kind": {"type": "string"},
                "count": {"type": "integer", "format": "int64"},
                "lines": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "label": {"type": "string"},
                            "amount": {"type": "integer"},
                            "at": {"type": "string", "format": "date-time", "nullable": True},
                        },
                    },
                },
            },
        }
        # References to earlier resources: one by value, one in an array, like `customer` and
        # `items` in a payments API.
        if self.objects:
            props["parent"] = self.ref(self.rng.choice(self.objects))
            props["related"] = {"type": "array", "items": self.ref(self.rng.choice(self.objects))}
        required = ["id", "status"] + [n for n in names if self.rng.random() < 0.4]
        return {
            "type": "object",
            "description": self.sentence(),
            "required": required,
            "properties": props,
        }

    def enum_schema(self) -> dict:
        values = self.rng.sample(ENUM_WORDS, self.rng.randint(3, 7))
        return {"type": "string", "description": self.sentence(), "enum": values}

    def all_of_schema(self, base: str) -> dict:
        return {
            "description": self.sentence(),
            "allOf": [
                self.ref(base),
                {
                    "type": "object",
                    "required": ["version"],
                    "properties": {
                        "version": {"type": "integer", "description": "Revision number."},
                        "updated": {"type": "string", "format": "date-time"},
                        "note": {"type": "string", "nullable": True},
                    },
                },
            ],
        }

    def variant_schema(self, tag: str) -> dict:
        props = {"kind": {"type": "string", "enum": [tag]}}
        for name in self.prop_names(self.rng.randint(2, 5)):
            props[name] = self.scalar()
        return {
            "type": "object",
            "description": self.sentence(),
            "required": ["kind"],
            "properties": props,
        }

    def one_of_schema(self, variants: dict[str, str]) -> dict:
        return {
            "description": self.sentence(),
            "oneOf": [self.ref(v) for v in variants.values()],
            "discriminator": {
                "propertyName": "kind",
                "mapping": {tag: f"#/components/schemas/{v}" for tag, v in variants.items()},
            },
        }

    # ---------------------------------------------------------------- operations
    def operations(self, r: int, obj: str, create: str, page: str, error: str) -> None:
        def json_content(schema: dict) -> dict:
            return {"application/json": {"schema": schema}}

        # Errors as explicit statuses, like the Sphere spec (progenitor 0.15 rejects a `default`
        # response next to a success one, so `bench/peers.sh` can run both on these specs).
        def errors() -> dict:
            return {
                code: {"description": text, "content": json_content(self.ref(error))}
                for code, text in (("400", "Bad request."), ("404", "Not found."))
            }

        def responses(ok: str, schema: dict) -> dict:
            return {ok: {"description": "Success.", "content": json_content(schema)}} | errors()

        tag = f"res{r}"
        self.paths[f"/res{r}"] = {
            "get": {
                "operationId": f"listRes{r}",
                "tags": [tag],
                "summary": self.sentence(),
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                    {"name": "startingAfter", "in": "query", "schema": {"type": "string"}},
                    {
                        "name": "status",
                        "in": "query",
                        "schema": {"type": "array", "items": {"type": "string"}},
                        "style": "form",
                        "explode": True,
                    },
                ],
                "responses": responses("200", self.ref(page)),
            },
            "post": {
                "operationId": f"createRes{r}",
                "tags": [tag],
                "summary": self.sentence(),
                "requestBody": {"required": True, "content": json_content(self.ref(create))},
                "responses": responses("201", self.ref(obj)),
            },
        }
        self.paths[f"/res{r}/{{id}}"] = {
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
            ],
            "get": {
                "operationId": f"getRes{r}",
                "tags": [tag],
                "summary": self.sentence(),
                "parameters": [
                    {"name": "expand", "in": "query", "schema": {"type": "boolean"}},
                    {"name": "X-Request-Id", "in": "header", "schema": {"type": "string"}},
                ],
                "responses": responses("200", self.ref(obj)),
            },
            "patch": {
                "operationId": f"updateRes{r}",
                "tags": [tag],
                "requestBody": {
                    "content": json_content(
                        {
                            "type": "object",
                            "properties": {
                                "note": {"type": "string", "nullable": True},
                                "metadata": {
                                    "type": "object",
                                    "additionalProperties": {"type": "string"},
                                },
                            },
                        }
                    )
                },
                "responses": responses("200", self.ref(obj)),
            },
            "delete": {
                "operationId": f"deleteRes{r}",
                "tags": [tag],
                "responses": {"204": {"description": "Deleted."}} | errors(),
            },
        }

    # ---------------------------------------------------------------- whole spec
    def resource(self, r: int, error: str) -> None:
        p = f"Res{r}"
        enum_name, obj, ext, page = f"{p}Status", p, f"{p}Extended", f"{p}Page"
        self.schemas[enum_name] = self.enum_schema()
        self.schemas[obj] = self.object_schema(r, enum_name)
        self.schemas[ext] = self.all_of_schema(obj)
        kinds = ("card", "bank", "wallet", "crypto", "cash")
        tags = self.rng.sample(kinds, self.rng.randint(2, 3))
        variants = {t: f"{p}Source{t.capitalize()}" for t in tags}
        for t, v in variants.items():
            self.schemas[v] = self.variant_schema(t)
        create = f"{p}Create"
        self.schemas[create] = self.one_of_schema(variants)
        self.schemas[page] = {
            "type": "object",
            "description": f"One page of {p} values.",
            "required": ["data", "hasMore"],
            "properties": {
                "data": {"type": "array", "items": self.ref(obj)},
                "hasMore": {"type": "boolean"},
                "nextCursor": {"type": "string", "nullable": True},
            },
        }
        self.objects.append(obj)
        self.operations(r, obj, create, page, error)

    def build(self) -> dict:
        error = "ApiError"
        self.schemas[error] = {
            "type": "object",
            "description": "Body of every failed request.",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "param": {"type": "string", "nullable": True},
            },
        }
        r = 0
        # Whole resources (at most 8 schemas each) while they fit, ...
        while self.target - len(self.schemas) >= 8:
            r += 1
            self.resource(r, error)
        # ... then standalone schemas to reach the exact count.
        extra = 0
        while len(self.schemas) < self.target:
            extra += 1
            if extra % 2:
                self.schemas[f"Extra{extra}"] = self.enum_schema()
            else:
                self.schemas[f"Extra{extra}"] = self.variant_schema("extra")
        return {
            "openapi": "3.0.3",
            "info": {
                "title": f"Synthetic API ({self.target} schemas)",
                "version": "1.0.0",
                "description": "Generated by bench/synth.py for benchmarks.",
            },
            "servers": [{"url": "https://api.example.com/v1"}],
            "security": [{"bearer": []}],
            "paths": self.paths,
            "components": {
                "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
                "schemas": self.schemas,
            },
        }


# -------------------------------------------------------------------- YAML writer
def scalar_text(v) -> str:
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    s = str(v)
    # Plain when unambiguous, else a JSON string (valid YAML double-quoted scalar).
    plain_ok = (
        s
        and s.replace("_", "").replace("-", "").replace(".", "").replace(" ", "").isalnum()
        and not s[0].isdigit()
        and s.lower() not in ("true", "false", "null", "yes", "no", "on", "off", "y", "n", "~")
        and not s.startswith(("-", "."))
        and not s.endswith(" ")
    )
    return s if plain_ok else json.dumps(s)


def write_yaml(node, out: list[str], indent: int = 0) -> None:
    pad = "  " * indent
    if isinstance(node, dict):
        for k, v in node.items():
            key = scalar_text(k) if not isinstance(k, str) or k != scalar_text(k) else k
            if isinstance(v, dict) and v:
                out.append(f"{pad}{key}:")
                write_yaml(v, out, indent + 1)
            elif isinstance(v, list) and v:
                if all(not isinstance(x, (dict, list)) for x in v):
                    out.append(f"{pad}{key}: [{', '.join(scalar_text(x) for x in v)}]")
                else:
                    out.append(f"{pad}{key}:")
                    write_yaml(v, out, indent + 1)
            elif isinstance(v, (dict, list)):
                out.append(f"{pad}{key}: {'{}' if isinstance(v, dict) else '[]'}")
            else:
                out.append(f"{pad}{key}: {scalar_text(v)}")
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, dict) and item:
                lines: list[str] = []
                write_yaml(item, lines, indent + 1)
                first = lines[0][len(pad) + 2 :]
                out.append(f"{pad}- {first}")
                out.extend(lines[1:])
            else:
                out.append(f"{pad}- {scalar_text(item)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--schemas", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out")
    args = ap.parse_args()
    if args.schemas < 8:
        ap.error("--schemas must be at least 8 (one whole resource)")
    doc = Synth(args.schemas, args.seed).build()
    lines: list[str] = [f"# @generated by bench/synth.py --schemas {args.schemas} --seed {args.seed}"]
    write_yaml(doc, lines)
    text = "\n".join(lines) + "\n"
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
