"""Check raw TOML data against the dataset's JSON Schema.

The schema in ``data/contracts.schema.json`` is the single description of the
file format: editors use it while one types, and this module interprets the
subset of JSON Schema it is written in (``type``, ``properties``,
``required``, ``additionalProperties``, ``items``, ``enum``, ``pattern``,
``minimum``, ``maximum``, ``minLength``, ``minItems``, ``uniqueItems`` and
local ``$ref``) so that every problem is reported, not only the first.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from cppsctl.dataset.locate import PathKey
from cppsctl.errors import did_you_mean
from cppsctl.resources import schema_path

SchemaNode = dict[str, Any]

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "boolean": (bool,),
}


@cache
def dataset_schema() -> SchemaNode:
    """The dataset's JSON Schema, read once."""
    with open(schema_path(), encoding="utf-8") as handle:
        schema: SchemaNode = json.load(handle)
    return schema


def describe(value: object) -> str:
    """Name a TOML value's type the way a dataset author thinks of it."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return 'a TOML date or time (write dates as quoted strings, e.g. "2016-11-23")'
    return type(value).__name__


def _resolve(root: SchemaNode, node: SchemaNode) -> SchemaNode:
    while "$ref" in node:
        ref = node["$ref"]
        target: Any = root
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        merged = {k: v for k, v in node.items() if k != "$ref"}
        node = {**target, **merged}
    return node


def _is_type(value: object, name: str) -> bool:
    if name in ("integer",) and isinstance(value, bool):
        return False
    return isinstance(value, _TYPES[name])


def check(value: object, schema: SchemaNode | None = None, path: PathKey = ()) -> Iterator[tuple[PathKey, str]]:
    """Yield ``(path, message)`` for every way ``value`` breaks the schema."""
    root = dataset_schema() if schema is None else schema
    yield from _check(root, root, value, path, {})


def _check(
    root: SchemaNode, node: SchemaNode, value: object, path: PathKey, resolved: dict[int, SchemaNode]
) -> Iterator[tuple[PathKey, str]]:
    full = resolved.get(id(node))  # each node's $ref resolved once per check, not once per value
    if full is None:
        full = resolved[id(node)] = _resolve(root, node)
    node = full
    expected = node.get("type")
    if expected is not None and not _is_type(value, expected):
        article = "an" if expected[0] in "aeiou" else "a"
        wanted = "table" if expected == "object" else expected
        yield path, f"expected {article} {wanted}, got {describe(value)}"
        return
    if "enum" in node and value not in node["enum"]:
        options = ", ".join(str(v) for v in node["enum"])
        hint = did_you_mean(str(value), [str(v) for v in node["enum"]])
        extra = f" (did you mean {hint[0]!r}?)" if hint else ""
        yield path, f"{value!r} is not one of: {options}{extra}"
    if isinstance(value, str):
        if len(value) < node.get("minLength", 0):
            yield path, "must not be empty"
        pattern = node.get("pattern")
        if pattern is not None and not re.search(pattern, value):
            hint = node.get("description", f"the pattern {pattern}")
            yield path, f"{value!r} is not valid: expected {hint}"
    if isinstance(value, int) and not isinstance(value, bool):
        if "minimum" in node and value < node["minimum"]:
            yield path, f"{value} is below the minimum {node['minimum']}"
        if "maximum" in node and value > node["maximum"]:
            yield path, f"{value} is above the maximum {node['maximum']}"
    if isinstance(value, list):
        if len(value) < node.get("minItems", 0):
            yield path, f"must have at least {node['minItems']} item(s)"
        if node.get("uniqueItems"):
            seen: list[object] = []
            for index, item in enumerate(value):
                if item in seen:
                    yield (*path, index), f"duplicate item {item!r}"
                seen.append(item)
        items = node.get("items")
        if items is not None:
            for index, item in enumerate(value):
                yield from _check(root, items, item, (*path, index), resolved)
    if isinstance(value, dict):
        properties: dict[str, SchemaNode] = node.get("properties", {})
        for key in node.get("required", []):
            if key not in value:
                yield path, f"missing required key {key!r}"
        for key, item in value.items():
            if key in properties:
                yield from _check(root, properties[key], item, (*path, key), resolved)
            elif node.get("additionalProperties") is False:
                hint = did_you_mean(key, properties)
                extra = f" (did you mean {hint[0]!r}?)" if hint else ""
                known = ", ".join(properties)
                yield (*path, key), f"unknown key {key!r}{extra}; known keys: {known}"
