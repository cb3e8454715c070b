"""Bounds on the shape of TOML text, checked in one linear pass before the TOML parser sees it.

The parser (tomllib, tomli) is fine with ordinary files and pathological with
shapes that fit easily in a dataset file of the size allowed: a key or table
header of very many dotted parts (quadratic time and memory), inline arrays or
tables nested very deep (recursion), and very many parts of keys under new
tables (some 1 KB of memory each). :func:`first_excess` finds the first place
where the text goes past :data:`MAX_KEY_PARTS`, :data:`MAX_NESTING` or
:data:`MAX_FILE_KEY_PARTS`, so that such a file is refused with one located
problem, in time linear in its size and at a fraction of the parser's (0.17 s
for a generated dataset of 20,000 actions that takes 0.9 s to validate).

The scan knows just enough TOML to tell keys from values: strings of the four
kinds (a dot or a bracket inside one counts for nothing), comments, table
headers, dotted keys, inline arrays and tables, newlines inside inline tables
(TOML 1.1, which tomli reads). Where the text stops being TOML the scan stops
and says nothing: the parser reads no further than that point either, and
reports the syntax error itself. Figures: ``benchmarks/toml_bounds.py``.
"""

import contextlib
import re
from typing import NamedTuple

MAX_KEY_PARTS = 32
"""Most parts in one dotted key or table header (``a.b.c`` has 3).

A real dataset's longest is ``[[contracts.priorities.actions]]``, 3 parts. The
parser is quadratic in a key's parts: it keeps every prefix of every dotted
key, so that a key of 8,000 parts (16 KB) takes 0.6 s and 258 MB to parse,
one of 16,000 parts 1.9 s and 993 MB, and one of 100,000 parts (200 KB) would
take some 40 GB; a header of 100,000 parts takes 6 to 10 s. A file past the
bound is refused in 0.25 s and 23 MB (``cppsctl validate``, its start-up
included), whatever its number of parts.
"""

MAX_NESTING = 48
"""Deepest nesting: table-header parts, dotted-key parts and inline arrays, counted together as
written (``[a.b]`` then ``c = [[1]]`` is 5 deep; an inline table nests through its keys).

A real dataset's deepest is 5: ``themes = [...]`` under ``[[contracts.priorities.actions]]``.
The parser recurses into inline arrays and tables, two or three Python frames
a level, and gives up between 330 and 500 levels (RecursionError); cppsctl's
own checks and cache walk the parsed data recursively too. 48 levels stay far
from Python's recursion limit of 1,000 frames, whatever calls cppsctl; past
them a file is refused in 0.25 s, however deep it goes.
"""

MAX_FILE_KEY_PARTS = 2_000_000
"""Most key parts in one file, the dotted parts of every key and table header counted.

The parser's memory grows with them, most when each key is under a table of its
own: a file of 32-part keys each under its own table costs it some 450 bytes
of memory for each byte of the file, 14 GB for a file of the largest size
allowed. A generated dataset of 50,000 actions (10 MB) has some 270,000 parts;
2,000,000 let a realistic file of the largest size allowed through and hold
the worst file to 2.1 GB and 19 s (``cppsctl validate``); a file of 2,000,000
flat unknown keys takes 0.9 GB and 17 s (the parser alone: 0.25 GB and 7 s), now
that a check stops after :data:`cppsctl.dataset.checks.MAX_PROBLEMS` problems
(reporting every key took 1.8 GB and 114 s).
"""


class Excess(NamedTuple):
    """Where the text first goes past a bound: 1-based line and column (in characters), and what."""

    line: int
    column: int
    message: str


_WS = re.compile(r"[ \t]*")
_SPACE = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")  # blank lines and comments between expressions
_BASIC = r'"[^"\\\n]*(?:\\[^\n][^"\\\n]*)*"'  # a one-line basic string, escapes included
_PART = rf"""(?:[A-Za-z0-9_-]+|{_BASIC}|'[^'\n]*')"""
_KEY = re.compile(rf"{_PART}(?:[ \t]*\.[ \t]*{_PART}){{0,{MAX_KEY_PARTS - 1}}}")
_PARTS = re.compile(_PART)
_MORE = re.compile(r"[ \t]*\.")
_EQUALS = re.compile(r"[ \t]*=")
# Most lines: a bare dotted key, then a one-line string or a scalar, then perhaps a comment.
_SIMPLE = re.compile(
    rf"[A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_-]+){{0,{MAX_KEY_PARTS - 1}}}(?=[ \t]*=)"
    rf"""[ \t]*=[ \t]*(?:{_BASIC}|'[^'\n]*'|[^"'#\[\]{{}},\n]*)[ \t]*(?:#[^\n]*)?(?:\r?\n|\Z)"""
)
# In a value: a run of what needs no attention, a string of one of the four kinds, a comment, or one character.
_VALUE_TOKEN = re.compile(
    r"""[^"'#\[\]{},\n]+"""
    r'''|"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*"""(?:""?)?'''
    r"""|'''[\s\S]*?'''(?:''?)?"""
    rf"|{_BASIC}"
    r"""|'[^'\n]*'"""
    r"""|#[^\n]*"""
    r"""|\[+|\]+|[{},\n]"""
)


def first_excess(text: str) -> Excess | None:
    """The first key, header or nesting of ``text`` past a bound of this module.

    None when there is none, or when the text stops being TOML before one (the parser reports that).
    """
    try:
        return _Scan(text).expressions()
    except _NotToml:
        return None


def deepest(text: str) -> tuple[int, int] | None:
    """Line and column of the deepest nesting of ``text`` (as :data:`MAX_NESTING` counts it), if any."""
    scan = _Scan(text)
    with contextlib.suppress(_NotToml):
        scan.expressions()
    return scan.position(scan.deepest[1]) if scan.deepest[0] else None


class _NotToml(Exception):
    """The text stops being TOML here: the parser goes no further, nor does the scan."""


_TOO_DEEP = f"nested more than {MAX_NESTING} deep (table header, dotted keys and inline arrays counted together)"


def _skip(pattern: re.Pattern[str], text: str, pos: int) -> int:
    match = pattern.match(text, pos)
    return match.end() if match else pos


class _Scan:
    """One pass over the text; ``pos`` only moves forward, and every pattern used is linear."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.parts = 0  # key parts so far
        self.deepest = (0, 0)  # depth, and where

    def position(self, at: int) -> tuple[int, int]:
        return self.text.count("\n", 0, at) + 1, at - (self.text.rfind("\n", 0, at) + 1) + 1

    def excess(self, at: int, message: str) -> Excess:
        return Excess(*self.position(at), message)

    def past(self, depth: int, parts: int, at: int) -> Excess | None:
        """The excess of a key of ``parts`` parts reaching ``depth`` at ``at``, if any."""
        if depth > self.deepest[0]:
            self.deepest = (depth, at)
        self.parts += parts
        if self.parts > MAX_FILE_KEY_PARTS:
            counted = "keys and table headers, each dotted part counted"
            return self.excess(at, f"more than {MAX_FILE_KEY_PARTS:,} key parts in one file ({counted})")
        return self.excess(at, _TOO_DEEP) if depth > MAX_NESTING else None

    def key(self, what: str) -> tuple[int, int] | Excess:
        """The dotted key at ``pos``: ``(parts, start)``, or its excess; ``pos`` moves past it."""
        text = self.text
        start = _skip(_WS, text, self.pos)
        match = _KEY.match(text, start)
        if match is None:
            raise _NotToml
        found = match.group()
        parts = len(_PARTS.findall(found)) if '"' in found or "'" in found else found.count(".") + 1
        if _MORE.match(text, match.end()):  # a dot after the parts read: one part too many, or not TOML
            if parts < MAX_KEY_PARTS:
                raise _NotToml
            return self.excess(start, f"{what} has more than {MAX_KEY_PARTS} dotted parts")
        self.pos = _skip(_WS, text, match.end())
        return parts, start

    def equals(self) -> None:
        match = _EQUALS.match(self.text, self.pos)
        if match is None:
            raise _NotToml
        self.pos = match.end()

    def expressions(self) -> Excess | None:
        """Table headers and ``key = value`` lines, to the end of the text."""
        text = self.text
        header = 0  # parts of the table header in force
        while True:
            self.pos = _skip(_SPACE, text, self.pos)
            if self.pos >= len(text):
                return None
            simple = _SIMPLE.match(text, self.pos)
            if simple is not None:
                line = simple.group()
                parts = line[: line.index("=")].count(".") + 1
                if (excess := self.past(header + parts, parts, self.pos)) is not None:
                    return excess
                self.pos = simple.end()
                continue
            if text.startswith("[", self.pos):
                close = "]]" if text.startswith("[[", self.pos) else "]"
                self.pos += len(close)
                found = self.key("table header")
                if isinstance(found, Excess):
                    return found
                if not text.startswith(close, self.pos):
                    raise _NotToml
                self.pos += len(close)
                header, start = found  # at most MAX_KEY_PARTS, below MAX_NESTING
                if (excess := self.past(header, header, start)) is not None:
                    return excess
            else:
                found = self.key("key")
                if isinstance(found, Excess):
                    return found
                parts, start = found
                if (excess := self.past(header + parts, parts, start)) is not None:
                    return excess
                self.equals()
                if (excess := self.value(header + parts)) is not None:
                    return excess
            # The rest of the line: a comment, or something the parser refuses.
            newline = text.find("\n", self.pos)
            if newline < 0:
                return None
            self.pos = newline + 1

    def value(self, depth: int) -> Excess | None:
        """Scan one value, up to the newline that ends it (``pos`` is left there)."""
        text = self.text
        # Open "[" (a run of them, with its length), "{", and "=" (a key of an inline table, with its parts).
        stack: list[tuple[str, int]] = []
        while self.pos < len(text):
            match = _VALUE_TOKEN.match(text, self.pos)
            if match is None:  # an unterminated string
                raise _NotToml
            token, at = match.group(), self.pos
            self.pos = match.end()
            first = token[0]
            if first == "[":
                room = MAX_NESTING - depth  # arrays that still fit
                if len(token) > room:
                    return self.excess(at + max(room, 0), _TOO_DEEP)
                depth += len(token)
                self.past(depth, 0, at + len(token) - 1)  # no excess: within MAX_NESTING, no key part
                stack.append(("[", len(token)))
            elif first == "]":
                closing = len(token)
                while closing:
                    if not stack or stack[-1][0] != "[":
                        raise _NotToml
                    run = stack.pop()[1]
                    if run > closing:
                        stack.append(("[", run - closing))
                    depth -= min(run, closing)
                    closing -= min(run, closing)
            elif first in "},":
                if stack and stack[-1][0] == "=":
                    depth -= stack.pop()[1]
                if first == "}":
                    if not stack or stack[-1][0] != "{":
                        raise _NotToml
                    stack.pop()
            elif first == "{":
                stack.append(("{", 0))  # a table nests through its keys
            elif first == "\n" and not stack:
                self.pos = at
                return None
            if first in "{," and stack and stack[-1][0] == "{":
                self.pos = _skip(_SPACE, text, self.pos)  # TOML 1.1 (tomli): newlines and comments
                if text.startswith("}", self.pos):
                    continue
                found = self.key("key")
                if isinstance(found, Excess):
                    return found
                parts, start = found
                depth += parts
                if (excess := self.past(depth, parts, start)) is not None:
                    return excess
                self.equals()
                stack.append(("=", parts))
        return None
