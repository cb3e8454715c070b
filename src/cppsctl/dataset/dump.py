"""Write a dataset back out as text: its file shape (:func:`cppsctl.dataset.codec.encode`) as JSON or TOML.

Loading either gives the dataset back: ``from_data(json.loads(to_json(d))) == d``
and the same through ``to_toml`` (a property test). Nothing is dropped: errata,
discrepancies, inferences, events, sources and lineage all come back.
"""

from __future__ import annotations

import json
import re
from typing import Any

from cppsctl.dataset.codec import encode
from cppsctl.model import Dataset


def to_json(dataset: Dataset) -> str:
    """The dataset file structure as JSON (UTF-8 text, non-ASCII kept)."""
    return json.dumps(encode(dataset), ensure_ascii=False, indent=2) + "\n"


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")  # with fullmatch: "a\n" is quoted


def _toml_string(text: str) -> str:
    out = []
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F or ch == "\u00a0" or 0x80 <= ord(ch) < 0xA0:
            out.append(f"\\u{ord(ch):04X}")  # control characters and non-breaking spaces stay visible
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _toml_string(key)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _toml_table(lines: list[str], header: str | None, table: dict[str, Any], path: str) -> None:
    if header is not None:
        lines.append("")
        lines.append(header)
    nested: list[tuple[str, list[dict[str, Any]]]] = []
    for key, value in table.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            nested.append((key, value))
        else:
            lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    for key, items in nested:
        full = f"{path}.{_toml_key(key)}" if path else _toml_key(key)
        for item in items:
            _toml_table(lines, f"[[{full}]]", item, full)


def to_toml(dataset: Dataset) -> str:
    """The dataset as a TOML dataset file, in the layout of ``data/contracts.toml``."""
    lines = ["#:schema ./contracts.schema.json"]
    _toml_table(lines, None, encode(dataset), "")
    return "\n".join(lines) + "\n"
