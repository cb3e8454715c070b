"""Check raw TOML data against the dataset's JSON Schema.

The schema in ``data/contracts.schema.json`` is the single description of the
file format: editors use it while one types, and this module interprets the
subset of JSON Schema (draft 2020-12) it is written in, so that every problem
is reported, not only the first:

* ``type`` (a name or a list of names: object, array, string, integer, number,
  boolean, null), ``enum``, ``const``;
* ``properties``, ``required``, ``additionalProperties`` (false, true or a schema);
* ``items`` (one schema for every item), ``minItems``, ``maxItems``, ``uniqueItems``;
* ``pattern``, ``minLength``, ``maxLength``;
* ``minimum``, ``maximum``, ``exclusiveMinimum``, ``exclusiveMaximum``;
* local ``$ref`` (``#/...``) beside ``$defs``, applied together with its sibling keywords;
* ``true`` and ``false`` as schemas; the annotations (``title``, ``description``, ...) change nothing.

Any other keyword, or a keyword in a form the checker does not implement, is
refused with :class:`~cppsctl.errors.SchemaError` naming it and where it is:
a rule silently skipped would let invalid data through.

Two deliberate readings. TOML, unlike JSON, tells ``1`` from ``1.0``: a float
is never an ``integer`` here, even ``2030.0``. And patterns follow ECMA-262, as
JSON Schema says, not Python: ``$`` matches only at the very end (Python's
matches before a final newline too, so ``"cpps-2030\\n"`` would pass
``^[a-z0-9-]*$``), ``\\d``, ``\\w`` and ``\\s`` are ECMA's sets, ``.`` stops at
every line terminator; constructs whose meaning differs or that Python lacks
(back-references, named groups, look-behind, ``\\p{...}``) are refused.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any, TypeGuard

from cppsctl.dataset.locate import PathKey
from cppsctl.errors import SchemaError, did_you_mean
from cppsctl.resources import schema_path

SchemaNode = dict[str, Any]
Schema = SchemaNode | bool

DRAFT = "https://json-schema.org/draft/2020-12/schema"
"""The only ``$schema`` the checker accepts: another draft gives some keywords other meanings."""

TYPE_NAMES = ("object", "array", "string", "integer", "number", "boolean", "null")

ANNOTATIONS = frozenset(
    {"$schema", "$id", "$comment", "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly"}
)
"""Keywords that describe and never constrain; ``$schema`` and ``$id`` only at the root."""

KEYWORDS = frozenset(
    {
        "type",
        "enum",
        "const",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "minItems",
        "maxItems",
        "uniqueItems",
        "pattern",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "$ref",
        "$defs",
    }
)
"""The validation keywords the checker implements."""


@cache
def dataset_schema() -> SchemaNode:
    """The dataset's JSON Schema, read and audited once (:class:`SchemaError` if it uses what is not implemented)."""
    path = schema_path()
    with open(path, encoding="utf-8") as handle:
        schema: SchemaNode = json.load(handle)
    audit(schema, str(path))
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
    if value is None:
        return "null"
    return type(value).__name__


# --- ECMA-262 patterns in Python's re -------------------------------------------------------------

_WORD = "A-Za-z0-9_"
_SPACE = r"\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_SETS = {"d": "0-9", "w": _WORD, "s": _SPACE}  # ECMA's \d, \w, \s, as class contents
_CONTROL = {"t": "\t", "n": "\n", "v": "\x0b", "f": "\x0c", "r": "\r"}
_SYNTAX = frozenset("^$\\.*+?()[]{}|/")
_BOUNDARY = f"(?:(?<=[{_WORD}])(?![{_WORD}])|(?<![{_WORD}])(?=[{_WORD}]))"
_NOT_BOUNDARY = f"(?:(?<=[{_WORD}])(?=[{_WORD}])|(?<![{_WORD}])(?![{_WORD}]))"
_BRACES = re.compile(r"\{([0-9]+)(?:(,)([0-9]*))?\}")
_HEX = frozenset("0123456789abcdefABCDEF")


class _Refused(ValueError):
    """A pattern construct outside the implemented ECMA-262 subset, or an invalid pattern."""


def _class_char(char: str) -> str:
    """One character inside a Python ``[...]``, written so that nothing in it is special."""
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


class _Translator:
    def __init__(self, pattern: str) -> None:
        self.src = pattern
        self.pos = 0
        self.start = 0  # where the construct being read begins, for messages

    def refuse(self, what: str) -> _Refused:
        return _Refused(f"{what} (at character {self.start + 1})")

    def hex_escape(self, width: int) -> str:
        digits = self.src[self.pos : self.pos + width]
        if len(digits) != width or not _HEX.issuperset(digits):
            raise self.refuse("invalid hexadecimal escape")
        self.pos += width
        return chr(int(digits, 16))

    def code_point(self) -> str:
        """After ``\\u``: ``XXXX`` or ``{X...}``, a Unicode scalar value."""
        if self.src.startswith("{", self.pos):
            end = self.src.find("}", self.pos)
            digits = self.src[self.pos + 1 : end] if end > 0 else ""
            if not digits or not _HEX.issuperset(digits) or int(digits, 16) > 0x10FFFF:
                raise self.refuse("invalid \\u{...} escape")
            self.pos = end + 1
            char = chr(int(digits, 16))
        else:
            char = self.hex_escape(4)
        if 0xD800 <= ord(char) <= 0xDFFF:
            raise self.refuse("surrogate code point escapes are not supported")
        return char

    def escape(self, in_class: bool) -> tuple[str, str | None]:
        """After a backslash: ``(python, char)``; ``char`` is the single character matched, else None."""
        if self.pos >= len(self.src):
            raise self.refuse("pattern ends with a lone backslash")
        letter = self.src[self.pos]
        self.pos += 1
        if letter in _SETS:
            return _SETS[letter], None
        if letter in "DWS":
            if in_class:
                raise self.refuse(f"\\{letter} inside a character class is not supported")
            return f"[^{_SETS[letter.lower()]}]", None
        if letter in _CONTROL:
            return _class_char(_CONTROL[letter]), _CONTROL[letter]
        if letter == "b" and in_class:
            return _class_char("\b"), "\b"
        if letter in "bB":
            return (_BOUNDARY if letter == "b" else _NOT_BOUNDARY), None
        if letter == "0":
            if self.src[self.pos : self.pos + 1].isdigit():
                raise self.refuse("octal escapes are not supported")
            return _class_char("\0"), "\0"
        if letter == "x":
            char = self.hex_escape(2)
            return _class_char(char), char
        if letter == "u":
            char = self.code_point()
            return _class_char(char), char
        if letter in _SYNTAX or (in_class and letter == "-"):
            return _class_char(letter), letter
        if letter.isdigit():
            raise self.refuse(f"back-reference \\{letter} is not supported")
        raise self.refuse(f"escape \\{letter} is not supported")

    def character_class(self) -> str:
        """After ``[``: the class, up to and including its ``]``."""
        negate = self.src.startswith("^", self.pos)
        if negate:
            self.pos += 1
        if self.src.startswith("]", self.pos):  # ECMA: [] matches nothing, [^] any character
            self.pos += 1
            return r"[\s\S]" if negate else "(?!)"
        parts: list[str] = []
        while True:
            if self.pos >= len(self.src):
                raise self.refuse("unterminated character class")
            if self.src[self.pos] == "]":
                self.pos += 1
                return "[" + ("^" if negate else "") + "".join(parts) + "]"
            first, low = self.class_atom()
            if self.src.startswith("-", self.pos) and not self.src.startswith("-]", self.pos):
                self.pos += 1
                second, high = self.class_atom()
                if low is None or high is None:
                    raise self.refuse("a range in a character class must be between two characters")
                if ord(low) > ord(high):
                    raise self.refuse("range out of order in a character class")
                parts.append(f"{first}-{second}")
            else:
                parts.append(first)

    def class_atom(self) -> tuple[str, str | None]:
        if self.pos >= len(self.src):
            raise self.refuse("unterminated character class")
        self.start = self.pos
        char = self.src[self.pos]
        self.pos += 1
        if char == "\\":
            return self.escape(in_class=True)
        return _class_char(char), char

    def translate(self) -> str:
        out: list[str] = []
        groups: list[bool] = []  # for each open group: is it a look-ahead (which cannot be repeated)
        repeatable = False
        src = self.src
        while self.pos < len(src):
            start = self.start = self.pos
            char = src[self.pos]
            self.pos += 1
            if char in "*+?" or (char == "{" and _BRACES.match(src, start)):
                if char == "{":
                    braces = _BRACES.match(src, start)
                    assert braces is not None
                    low, comma, high = braces.groups()
                    if high and int(high) < int(low):
                        raise self.refuse("numbers out of order in a {n,m} quantifier")
                    self.pos = braces.end()
                    char = "{" + low + (comma or "") + (high or "") + "}"
                if not repeatable:
                    raise self.refuse("nothing to repeat")
                if src.startswith("?", self.pos):
                    self.pos += 1
                    char += "?"
                out.append(char)
                repeatable = False
                continue
            repeatable = True
            if char == "\\":
                python, _ = self.escape(in_class=False)
                repeatable = python not in (_BOUNDARY, _NOT_BOUNDARY)
                out.append(f"[{python}]" if python in _SETS.values() else python)
            elif char == "[":
                out.append(self.character_class())
            elif char == ".":
                out.append(r"[^\n\r\u2028\u2029]")
            elif char == "^":
                out.append(r"\A")
                repeatable = False
            elif char == "$":
                out.append(r"\Z")
                repeatable = False
            elif char == "|":
                out.append("|")
                repeatable = False
            elif char == "(":
                if src.startswith("?", self.pos):
                    kind = src[self.pos : self.pos + 2]
                    if kind not in ("?:", "?=", "?!"):
                        what = "look-behind" if kind == "?<" and src[self.pos + 2 : self.pos + 3] in "=!" else ""
                        raise self.refuse(f"group '({kind}...' ({what or 'named group or flags'}) is not supported")
                    self.pos += 2
                    groups.append(kind != "?:")
                    out.append("(" + kind)
                else:
                    groups.append(False)
                    out.append("(?:")
                repeatable = False
            elif char == ")":
                if not groups:
                    raise self.refuse("unmatched ')'")
                repeatable = not groups.pop()
                out.append(")")
            elif char in "]{}":
                raise self.refuse(f"lone {char!r}: escape it as '\\{char}'")
            else:
                out.append(re.escape(char))
        if groups:
            raise self.refuse("unterminated group")
        return "".join(out)


@cache
def ecma_pattern(pattern: str) -> re.Pattern[str]:
    """``pattern`` (ECMA-262, as JSON Schema uses it) as a Python pattern to ``search`` with.

    Raises ValueError for a construct outside the implemented subset or an invalid pattern.
    """
    translated = _Translator(pattern).translate()
    try:
        return re.compile(translated)
    except (re.error, OverflowError) as exc:
        raise _Refused(f"invalid pattern ({exc})") from None


# --- Auditing the schema ---------------------------------------------------------------------------


def _pointer(parts: tuple[str, ...]) -> str:
    return "#" + "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def audit(schema: Schema, source: str = "<schema>") -> None:
    """Refuse (:class:`SchemaError`) a schema with a keyword or a form the checker does not implement."""
    if isinstance(schema, dict) and "$schema" in schema and schema["$schema"] != DRAFT:
        raise SchemaError(f"{source}: #: $schema {schema['$schema']!r} is not supported (only {DRAFT})")
    _audit(schema, schema, (), source)


def _audit(root: Schema, node: object, where: tuple[str, ...], source: str) -> None:
    def refuse(message: str, *keyword: str) -> SchemaError:
        return SchemaError(f"{source}: {_pointer((*where, *keyword))}: {message}")

    if isinstance(node, bool):
        return
    if not isinstance(node, dict):
        raise refuse(f"a schema must be an object or a boolean, not {type(node).__name__}")
    for keyword, value in node.items():
        if keyword in ANNOTATIONS:
            if keyword in ("$schema", "$id") and where:
                raise refuse(f"{keyword} is supported only at the root", keyword)
            continue
        if keyword not in KEYWORDS:
            hint = did_you_mean(keyword, sorted(KEYWORDS | ANNOTATIONS))
            extra = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise refuse(f"unsupported keyword {keyword!r}{extra}: the checker does not implement it", keyword)
        if keyword == "type":
            names = [value] if isinstance(value, str) else value
            if not isinstance(names, list) or not names or len(set(map(str, names))) != len(names):
                raise refuse("'type' must be a type name or a non-empty list of distinct names", keyword)
            for name in names:
                if name not in TYPE_NAMES:
                    raise refuse(f"unknown type {name!r} (types: {', '.join(TYPE_NAMES)})", keyword)
        elif keyword == "enum" and not isinstance(value, list):
            raise refuse("'enum' must be an array", keyword)
        elif keyword in ("properties", "$defs"):
            if not isinstance(value, dict):
                raise refuse(f"{keyword!r} must be an object", keyword)
            for name, sub in value.items():
                _audit(root, sub, (*where, keyword, name), source)
        elif keyword == "required":
            if (
                not isinstance(value, list)
                or not all(isinstance(k, str) for k in value)
                or len(set(value)) != len(value)
            ):
                raise refuse("'required' must be an array of distinct strings", keyword)
        elif keyword in ("additionalProperties", "items"):
            _audit(root, value, (*where, keyword), source)
        elif keyword in ("minItems", "maxItems", "minLength", "maxLength"):
            if not _is_count(value):
                raise refuse(f"{keyword!r} must be a non-negative integer", keyword)
        elif keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if not _is_number(value):
                raise refuse(f"{keyword!r} must be a number", keyword)
        elif keyword == "uniqueItems":
            if not isinstance(value, bool):
                raise refuse("'uniqueItems' must be a boolean", keyword)
        elif keyword == "pattern":
            if not isinstance(value, str):
                raise refuse("'pattern' must be a string", keyword)
            try:
                ecma_pattern(value)
            except ValueError as exc:
                raise refuse(f"pattern {value!r}: {exc}", keyword) from None
        elif keyword == "$ref":
            _audit_ref(root, node, where, refuse)


def _audit_ref(root: Schema, node: SchemaNode, where: tuple[str, ...], refuse: Any) -> None:
    """A ``$ref`` must point inside the document, at a schema, and not only at itself through other ``$ref``s."""
    seen = [id(node)]
    current: object = node
    while isinstance(current, dict) and "$ref" in current:
        ref = current["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#") or "%" in ref:
            raise refuse(
                f"$ref {ref!r}: only local references ('#/...') without percent-encoding are supported", "$ref"
            )
        try:
            current = _target(root, ref)
        except LookupError:
            raise refuse(f"$ref {ref!r} points at nothing", "$ref") from None
        if not isinstance(current, dict | bool):
            raise refuse(f"$ref {ref!r} does not point at a schema", "$ref")
        if id(current) in seen:
            raise refuse(f"$ref {ref!r} refers back to itself", "$ref")
        seen.append(id(current))


def _target(root: Schema, ref: str) -> Any:
    """The value a local JSON pointer (``#/$defs/id``) names; LookupError when there is none."""
    target: Any = root
    if ref in ("#", "#/"):
        return root if ref == "#" else target[""]
    for raw in ref.removeprefix("#/").split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(target, list):
            if not part.isdigit():
                raise LookupError(part)
            target = target[int(part)]
        elif isinstance(target, dict):
            target = target[part]
        else:
            raise LookupError(part)
    return target


# --- Checking data ---------------------------------------------------------------------------------


_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),  # not bool: see _Rule.types_bool; not float: TOML tells 1 from 1.0
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


def _type_name(name: str) -> str:
    if name == "null":
        return "null"
    wanted = "table" if name == "object" else name
    return ("an " if wanted[0] in "aeiou" else "a ") + wanted


def json_equal(one: object, two: object) -> bool:
    """Equality as JSON Schema means it: ``true`` is not ``1``, ``1`` is ``1.0``, arrays and tables item by item."""
    if isinstance(one, bool) or isinstance(two, bool):
        return isinstance(one, bool) and isinstance(two, bool) and one == two
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(json_equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(json_equal(one[k], two[k]) for k in one)
    if isinstance(one, list | dict) or isinstance(two, list | dict):
        return False
    return bool(one == two)


def _freeze(value: object) -> object:
    """A hashable stand-in for ``value``, equal to another's exactly when :func:`json_equal` says so.

    NaN, equal to nothing, gets a key of its own; a value that cannot be hashed
    (only from Python callers, never from TOML) is equal only to itself.
    """
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, float) and value != value:
        return ("nan", object())
    if isinstance(value, list):
        return ("array", tuple(_freeze(v) for v in value))
    if isinstance(value, dict):
        return ("table", frozenset((k, _freeze(v)) for k, v in value.items()))
    try:
        hash(value)
    except TypeError:
        return ("object", id(value))
    return ("value", value)


class _Enough(Exception):
    """Raised when the problems asked for are found: the check stops there."""


class Found(list[tuple[PathKey, str]]):
    """The problems found so far; appending one past ``limit`` stops the check (:class:`_Enough`)."""

    def __init__(self, limit: int | None = None) -> None:
        super().__init__()
        self.limit = limit

    def append(self, problem: tuple[PathKey, str]) -> None:
        super().append(problem)
        if self.limit is not None and len(self) >= self.limit:
            raise _Enough


class _Rule:
    """One schema node, compiled: what to check on a value, looked up once rather than at every value."""

    __slots__ = (
        "additional",
        "always",
        "const",
        "enum",
        "items",
        "max_items",
        "max_length",
        "min_items",
        "min_length",
        "numbers",
        "pattern",
        "pattern_hint",
        "properties",
        "refs",
        "required",
        "type_message",
        "types",
        "types_bool",
        "unique",
    )

    def __init__(self) -> None:
        self.always: bool | None = None  # True or False: a boolean schema
        self.refs: tuple[_Rule, ...] = ()
        self.types: tuple[type, ...] | None = None  # the Python types of the JSON types allowed
        self.types_bool = False  # whether a boolean is allowed (bool is an int to Python)
        self.type_message = ""
        self.const: tuple[object, ...] = ()  # empty, or the one allowed value
        self.enum: list[object] | None = None
        self.min_length = 0
        self.max_length: int | None = None
        self.pattern: re.Pattern[str] | None = None
        self.pattern_hint = ""
        self.numbers: tuple[tuple[str, float], ...] = ()
        self.min_items = 0
        self.max_items: int | None = None
        self.unique = False
        self.items: _Rule | None = None
        self.required: tuple[str, ...] = ()
        self.properties: dict[str, _Rule] = {}
        self.additional: _Rule | bool = True


def _compile(root: Schema, node: Schema, memo: dict[int, _Rule]) -> _Rule:
    """The rule of an audited schema node; a node that only refers elsewhere is the rule it refers to."""
    rule = memo.get(id(node))
    if rule is not None:
        return rule
    if isinstance(node, dict) and "$ref" in node and all(k == "$ref" or k in ANNOTATIONS for k in node):
        rule = memo[id(node)] = _compile(root, _target(root, node["$ref"]), memo)
        return rule
    rule = memo[id(node)] = _Rule()
    if isinstance(node, bool):
        rule.always = node
        return rule
    if "$ref" in node:
        rule.refs = (_compile(root, _target(root, node["$ref"]), memo),)
    expected = node.get("type")
    if expected is not None:
        names = (expected,) if isinstance(expected, str) else tuple(expected)
        rule.types = tuple(t for n in names for t in _PYTHON_TYPES[n])
        rule.types_bool = "boolean" in names
        rule.type_message = " or ".join(_type_name(n) for n in names)
    if "const" in node:
        rule.const = (node["const"],)
    rule.enum = node.get("enum")
    rule.min_length = node.get("minLength", 0)
    rule.max_length = node.get("maxLength")
    if "pattern" in node:
        rule.pattern = ecma_pattern(node["pattern"])
        rule.pattern_hint = node.get("description", f"the pattern {node['pattern']}")
    rule.numbers = tuple(
        (k, node[k]) for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") if k in node
    )
    rule.min_items = node.get("minItems", 0)
    rule.max_items = node.get("maxItems")
    rule.unique = node.get("uniqueItems", False)
    if "items" in node:
        rule.items = _compile(root, node["items"], memo)
    rule.required = tuple(node.get("required", ()))
    rule.properties = {k: _compile(root, v, memo) for k, v in node.get("properties", {}).items()}
    additional = node.get("additionalProperties", True)
    rule.additional = additional if isinstance(additional, bool) else _compile(root, additional, memo)
    return rule


@cache
def _dataset_rule() -> _Rule:
    schema = dataset_schema()
    return _compile(schema, schema, {})


def check(
    value: object, schema: Schema | None = None, path: PathKey = (), limit: int | None = None
) -> Iterator[tuple[PathKey, str]]:
    """Yield ``(path, message)`` for every way ``value`` breaks the schema (the dataset's by default).

    With ``limit``, the check stops once it has found that many: the time and
    memory of checking a hostile file do not grow with its problems past them.
    A schema given here is audited first: :class:`SchemaError` if it uses what is not implemented.
    """
    if schema is None:
        rule = _dataset_rule()
    else:
        audit(schema)
        rule = _compile(schema, schema, {})
    found = Found(limit)
    with contextlib.suppress(_Enough):
        _check(rule, value, path, found)
    yield from found


def _check(rule: _Rule, value: object, path: PathKey, found: Found) -> None:
    if rule.always is not None:
        if not rule.always:
            found.append((path, "not allowed here"))
        return
    for target in rule.refs:
        _check(target, value, path, found)
    if rule.types is not None and (
        not isinstance(value, rule.types) or (not rule.types_bool and isinstance(value, bool))
    ):
        found.append((path, f"expected {rule.type_message}, got {describe(value)}"))
        return
    if rule.const and not json_equal(value, rule.const[0]):
        found.append((path, f"{value!r} is not the only value allowed, {rule.const[0]!r}"))
    if rule.enum is not None and not any(json_equal(value, option) for option in rule.enum):
        options = ", ".join(str(v) for v in rule.enum)
        hint = did_you_mean(value, [str(v) for v in rule.enum]) if isinstance(value, str) else []
        extra = f" (did you mean {hint[0]!r}?)" if hint else ""
        found.append((path, f"{value!r} is not one of: {options}{extra}"))
    if isinstance(value, str):
        _check_string(rule, value, path, found)
    elif isinstance(value, dict):
        _check_table(rule, value, path, found)
    elif isinstance(value, list):
        _check_array(rule, value, path, found)
    elif rule.numbers and _is_number(value):
        _check_number(rule, value, path, found)


def _check_string(rule: _Rule, value: str, path: PathKey, found: Found) -> None:
    if len(value) < rule.min_length:
        shortest = rule.min_length
        found.append((path, "must not be empty" if shortest == 1 else f"must have at least {shortest} characters"))
    if rule.max_length is not None and len(value) > rule.max_length:
        found.append((path, f"must have at most {rule.max_length} characters"))
    if rule.pattern is not None and not rule.pattern.search(value):
        found.append((path, f"{value!r} is not valid: expected {rule.pattern_hint}"))


_BOUNDS = {
    "minimum": "{} is below the minimum {}",
    "maximum": "{} is above the maximum {}",
    "exclusiveMinimum": "{} must be above {}",
    "exclusiveMaximum": "{} must be below {}",
}


def _check_number(rule: _Rule, value: float, path: PathKey, found: Found) -> None:
    for keyword, bound in rule.numbers:
        if (
            (keyword == "minimum" and value < bound)
            or (keyword == "maximum" and value > bound)
            or (keyword == "exclusiveMinimum" and value <= bound)
            or (keyword == "exclusiveMaximum" and value >= bound)
        ):
            found.append((path, _BOUNDS[keyword].format(value, bound)))


def _check_array(rule: _Rule, value: list[Any], path: PathKey, found: Found) -> None:
    if len(value) < rule.min_items:
        found.append((path, f"must have at least {rule.min_items} item(s)"))
    if rule.max_items is not None and len(value) > rule.max_items:
        found.append((path, f"must have at most {rule.max_items} item(s)"))
    if rule.unique:
        seen: set[object] = set()
        for index, item in enumerate(value):
            key = _freeze(item)
            if key in seen:
                found.append(((*path, index), f"duplicate item {item!r}"))
            seen.add(key)
    items = rule.items
    if items is not None:
        for index, item in enumerate(value):
            _check(items, item, (*path, index), found)


def _check_table(rule: _Rule, value: dict[str, Any], path: PathKey, found: Found) -> None:
    properties = rule.properties
    for key in rule.required:
        if key not in value:
            found.append((path, f"missing required key {key!r}"))
    additional = rule.additional
    for key, item in value.items():
        sub = properties.get(key)
        if sub is not None:
            _check(sub, item, (*path, key), found)
        elif additional is False:
            hint = did_you_mean(key, properties)
            extra = f" (did you mean {hint[0]!r}?)" if hint else ""
            known = ", ".join(properties)
            found.append(((*path, key), f"unknown key {key!r}{extra}; known keys: {known}"))
        elif additional is not True:
            _check(additional, item, (*path, key), found)
