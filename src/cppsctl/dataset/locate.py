"""Find the line and column of a key in TOML text, for error messages.

``tomllib`` reports positions only for syntax errors. To point at the key a
schema or consistency problem is about, this module scans the text once and
maps data paths such as ``("contracts", 0, "priorities", 1, "title")`` to
``(line, column)``. It understands the table headers and ``key = value`` lines
that datasets are written with; anything else falls back to the nearest
enclosing table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

PathKey = tuple[str | int, ...]

_BARE = re.compile(r"[A-Za-z0-9_-]+")


def _parse_key(text: str, pos: int) -> tuple[list[str], int] | None:
    """Parse a dotted key starting at ``pos``; return its parts and the end position."""
    parts: list[str] = []
    n = len(text)
    while True:
        while pos < n and text[pos] in " \t":
            pos += 1
        if pos >= n:
            return None
        ch = text[pos]
        if ch in "\"'":
            end = pos + 1
            buf = []
            while end < n and text[end] != ch:
                if ch == '"' and text[end] == "\\" and end + 1 < n:
                    buf.append(text[end + 1])
                    end += 2
                    continue
                buf.append(text[end])
                end += 1
            if end >= n:
                return None
            parts.append("".join(buf))
            pos = end + 1
        else:
            m = _BARE.match(text, pos)
            if not m:
                return None
            parts.append(m.group())
            pos = m.end()
        while pos < n and text[pos] in " \t":
            pos += 1
        if pos < n and text[pos] == ".":
            pos += 1
            continue
        return parts, pos


class Locator:
    """Positions of tables and keys in one TOML document."""

    def __init__(self, text: str) -> None:
        self._where: dict[PathKey, tuple[int, int]] = {}
        self._scan(text)

    def _resolve(self, parts: list[str], counters: dict[PathKey, int], last_indexed: bool) -> list[str | int]:
        resolved: list[str | int] = []
        for i, part in enumerate(parts):
            resolved.append(part)
            key = tuple(resolved)
            is_last = i == len(parts) - 1
            if is_last and last_indexed:
                counters[key] = counters.get(key, -1) + 1
                resolved.append(counters[key])
            elif not is_last and key in counters:
                resolved.append(counters[key])
        return resolved

    def _scan(self, text: str) -> None:
        counters: dict[PathKey, int] = {}
        current: list[str | int] = []
        in_multiline: str | None = None
        for lineno, line in enumerate(text.splitlines(), start=1):
            if in_multiline is not None:
                if line.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            stripped = line.lstrip()
            indent = len(line) - len(stripped)
            if not stripped or stripped.startswith("#"):
                continue
            if stripped.startswith("[["):
                parsed = _parse_key(stripped, 2)
                if parsed and stripped[parsed[1] :].startswith("]]"):
                    current = self._resolve(parsed[0], counters, last_indexed=True)
                    self._where.setdefault(tuple(current), (lineno, indent + 1))
                continue
            if stripped.startswith("["):
                parsed = _parse_key(stripped, 1)
                if parsed and stripped[parsed[1] :].startswith("]"):
                    current = self._resolve(parsed[0], counters, last_indexed=False)
                    self._where.setdefault(tuple(current), (lineno, indent + 1))
                continue
            parsed = _parse_key(stripped, 0)
            if parsed and stripped[parsed[1] :].startswith("="):
                self._where.setdefault((*current, *parsed[0]), (lineno, indent + 1))
                value = stripped[parsed[1] + 1 :]
                for quote in ('"""', "'''"):
                    if value.count(quote) % 2 == 1:
                        in_multiline = quote
                        break

    def find(self, path: Sequence[str | int]) -> tuple[int, int] | None:
        """The position of ``path``, or of its nearest located ancestor."""
        key = tuple(path)
        while key:
            if key in self._where:
                return self._where[key]
            key = key[:-1]
        return None
