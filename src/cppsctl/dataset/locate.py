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
_BASIC = re.compile(r'"((?:[^"\\]|\\.)*)"')
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|x([0-9A-Fa-f]{2})|(.))")
_ESCAPED = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", "e": "\x1b", '"': '"', "\\": "\\"}


def _unescape(match: re.Match[str]) -> str:
    """One escape of a basic string, as TOML reads it (``\\e`` and ``\\xHH`` are TOML 1.1's, which tomli reads)."""
    code = match.group(1) or match.group(2) or match.group(3)
    if code:
        value = int(code, 16)
        return chr(value) if value < 0x110000 else match.group()
    return _ESCAPED.get(match.group(4), match.group())


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
        if ch == "'":
            end = text.find("'", pos + 1)
            if end < 0:
                return None
            parts.append(text[pos + 1 : end])
            pos = end + 1
        elif ch == '"':
            m = _BASIC.match(text, pos)
            if not m:
                return None
            parts.append(_ESCAPE.sub(_unescape, m.group(1)))
            pos = m.end()
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
        # Lines end at LF (CR LF too) only: TOML strings may hold U+2028, U+0085..., which splitlines() splits at.
        for lineno, line in enumerate(text.split("\n"), start=1):
            line = line.removesuffix("\r")
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
                keys = parsed[0]
                for end in range(1, len(keys) + 1):  # "a.b = 1" also defines the table a, here
                    self._where.setdefault((*current, *keys[:end]), (lineno, indent + 1))
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
