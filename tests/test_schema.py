"""The schema checker: every problem reported, what it does not implement refused, and jsonschema's verdict.

The oracle is ``jsonschema`` (draft 2020-12) with two changes that the checker
makes on purpose (see :mod:`cppsctl.dataset.schema`): a float is never an
``integer`` (TOML tells 1 from 1.0), and patterns are matched as ECMA-262 says,
by the ``regress`` engine, not by Python's ``re`` (whose ``$`` also matches
before a final newline). Each property test runs CPPSCTL_FUZZ_CASES cases (default 150).
"""

from __future__ import annotations

import copy
import datetime
import importlib
import json
import math
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import regress
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cppsctl.dataset.read import parse_document
from cppsctl.dataset.schema import audit, check, dataset_schema, ecma_pattern
from cppsctl.errors import SchemaError
from cppsctl.resources import bundled_dataset_path, schema_path
from tests.conftest import MINIMAL
from tests.strategies import datasets

jsonschema: Any = importlib.import_module("jsonschema")  # a test dependency, without type stubs

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CASES = int(os.environ.get("CPPSCTL_FUZZ_CASES", "150"))
PROPERTY = settings(
    max_examples=CASES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)


def parse(text: str) -> dict[str, Any]:
    document = parse_document(Path("data.toml"), text.encode(), [])
    assert document is not None
    return document.data


def test_problems_under_different_references_are_all_reported() -> None:
    text = MINIMAL.replace('label_en = "Youth"', 'label_en = ""').replace('themes = ["youth"]', "themes = []", 1)
    text = text.replace('kind = "official-page"', 'kind = "blog-post"').replace("number = 1", "number = 0")
    found = sorted((".".join(map(str, path)), message.split(":")[0]) for path, message in check(parse(text)))
    assert found == [
        ("contracts.0.priorities.0.actions.0.themes", "must have at least 1 item(s)"),
        ("contracts.0.priorities.0.number", "0 is below the minimum 1"),
        ("sources.0.kind", "'blog-post' is not one of"),
        ("themes.0.label_en", "must not be empty"),
    ]
    assert list(check(parse(MINIMAL))) == []


# --- The oracle ------------------------------------------------------------------------------------


def _toml_integer(_checker: Any, value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _ecma_pattern(validator: Any, pattern: str, instance: object, _schema: Any) -> Iterator[Any]:
    if isinstance(instance, str) and regress.Regex(pattern, "u").find(instance) is None:
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


Oracle = jsonschema.validators.extend(
    jsonschema.Draft202012Validator,
    validators={"pattern": _ecma_pattern},
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", _toml_integer),
)
SHIPPED = json.loads(schema_path().read_text(encoding="utf-8"))
ORACLE = Oracle(SHIPPED)


def agree(value: object, schema: Any = None) -> bool:
    """Whether the checker and the oracle give the same verdict on ``value``; returns that verdict."""
    ours = not list(check(value, schema))
    theirs = (ORACLE if schema is None else Oracle(schema)).is_valid(value)
    assert ours == theirs, (ours, theirs, list(check(value, schema))[:3])
    return ours


# --- Documents near the shipped schema's shape -----------------------------------------------------

IDS = ["youth", "src", "cpps-2030-2035", "a", "0", "a-", "-a", "A", "a_b", "a b", "é", "٣", ""]
DATES = ["2016", "2016-05", "2016-05-10", "2016-13", "16-05", "2016-5", "2016-05-10T00:00", "٢٠١٦", "2016/05"]
URLS = ["https://example.org", "http://x", "https:/x", "ftp://x", "HTTPS://x", " https://x", "https://"]
TARGETS = ["", "1", "1.2", "12.34", "1.", ".1", "a", "1.2.3"]
ENUMS = ["CPPS", "CPSA", "cpps", "CPS ", "official-page", "blog", "Blog", "press-release"]
NEAR_STRINGS = [*IDS, *DATES, *URLS, *TARGETS, *ENUMS]
near_strings = st.one_of(
    st.sampled_from(NEAR_STRINGS),
    st.builds(
        lambda s, end: s + end, st.sampled_from(NEAR_STRINGS), st.sampled_from(["\n", "\r\n", "\r", " ", "\x00"])
    ),
    st.builds(lambda s, start: start + s, st.sampled_from(NEAR_STRINGS), st.sampled_from(["\n", " "])),
    st.text(max_size=12),
)
near_numbers = st.one_of(
    st.sampled_from([-1, 0, 1, 2, 19, 20, 21, 1989, 1990, 2030, 2100, 2101, 2**63 - 1, -(2**63)]),
    st.integers(),
    st.sampled_from([1.0, 0.0, 2030.0, 20.5, math.inf, -math.inf, math.nan]),
    st.floats(),
)
near_scalars = st.one_of(
    near_strings,
    near_numbers,
    st.booleans(),
    st.none(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.just(datetime.date(2016, 5, 10)),
)
near_values = st.recursive(
    near_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(st.sampled_from(["youth", "src", "x"]), max_size=4),  # duplicates for uniqueItems
        st.dictionaries(st.sampled_from(["id", "title", "themes", "number", "x", "kind"]), inner, max_size=4),
    ),
    max_leaves=6,
)
KEYS = ["titel", "Title", "title\n", "id ", "", "x", "$ref", "position", "themes", "number", "complete"]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _at(tree: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        tree = tree[step]
    return tree


BASES = [parse(MINIMAL), tomllib.loads(bundled_dataset_path().read_text(encoding="utf-8"))]


@st.composite
def near_documents(draw: st.DrawFn) -> Any:
    """A valid dataset, then up to four mutations: delete, replace, tweak a string, duplicate, add a key, graft."""
    tree = copy.deepcopy(draw(st.one_of(st.sampled_from(BASES), datasets())))
    for _ in range(draw(st.sampled_from([0, 1, 1, 1, 2, 2, 3, 4]))):
        action = draw(st.sampled_from(["delete", "replace", "tweak", "duplicate", "add-key", "graft", "root"]))
        if action == "root":
            tree = draw(near_values)
            continue
        paths = _paths(tree)
        if action == "tweak":  # each action picks among the places where it does something
            paths = [p for p in paths if p and isinstance(_at(tree, p), str)]
        elif action == "duplicate":  # half the time an item of a list of strings, where uniqueItems bites
            paths = [p for p in paths if p and isinstance(_at(tree, p[:-1]), list)]
            strings = [p for p in paths if isinstance(_at(tree, p), str)]
            only_strings: bool = draw(st.booleans())
            if strings and only_strings:
                paths = strings
        elif action == "add-key":
            paths = [p for p in paths if isinstance(_at(tree, p), dict)]
        else:
            paths = [p for p in paths if p]
        if not paths:
            continue
        path = draw(st.sampled_from(paths))
        if action == "add-key":
            _at(tree, path)[draw(st.sampled_from(KEYS) | st.text(max_size=6))] = draw(near_values)
            continue
        parent, key = _at(tree, path[:-1]), path[-1]
        if action == "delete":
            del parent[key]
        elif action == "replace":
            parent[key] = draw(near_values)
        elif action == "tweak":
            edit = draw(st.sampled_from(["+\n", "\n+", "+\r\n", "+\r", "upper", "empty", "+-", "+0"]))
            text = parent[key]
            parent[key] = {"upper": text.upper(), "empty": ""}.get(edit) or edit.replace("+", text)
        elif action == "duplicate":
            parent.insert(key, copy.deepcopy(parent[key]))
        elif action == "graft":
            parent[key] = copy.deepcopy(_at(tree, draw(st.sampled_from(_paths(tree)))))
    return tree


@PROPERTY
@given(document=near_documents())
def test_the_checker_agrees_with_jsonschema_on_documents_near_the_schema(document: Any) -> None:
    agree(document)


@pytest.mark.parametrize(
    ("where", "value", "valid"),
    [
        (("contracts", 0, "id"), "cpps-2030-2035\n", False),
        (("themes", 0, "id"), "youth\n", False),
        (("sources", 0, "id"), "src\n", False),
        (("contracts", 0, "signed_on"), "2031-01-02\n", False),
        (("contracts", 0, "signed_on"), "2031-01-02", True),
        (("contracts", 0, "priorities", 0, "actions", 0, "themes", 0), "youth\n", False),
        (("contracts", 0, "errata"), [{"target": "1\n", "field": "f", "original": "o", "corrected": "c"}], False),
        (("sources", 0, "url"), "https://example.org/\n", True),  # a prefix pattern: what follows is free
        (("contracts", 0, "start_year"), 2030.0, False),  # TOML: a float, not an integer
        (("contracts", 0, "sources"), ["src", "src"], False),
    ],
    ids=lambda v: repr(v) if isinstance(v, str) else None,
)
def test_trailing_newlines_and_the_other_deliberate_readings(where: tuple[Any, ...], value: Any, valid: bool) -> None:
    document = parse(MINIMAL)
    parent: Any = document
    for step in where[:-1]:
        parent = parent[step]
    parent[where[-1]] = value
    assert agree(document) is valid


# --- Every implemented keyword against the oracle, on small schemas --------------------------------

SMALL_SCHEMAS: list[Any] = [
    True,
    False,
    {"type": ["string", "null"]},
    {"type": "number", "minimum": 1.5, "exclusiveMaximum": 10},
    {"type": "integer", "exclusiveMinimum": 0, "maximum": 20},
    {"const": 1},
    {"const": [1, {"a": True}]},
    {"enum": [1, "1", True, None, [1], {"a": 1}]},
    {"type": "string", "minLength": 2, "maxLength": 3},
    {"type": "array", "minItems": 1, "maxItems": 2, "uniqueItems": True},
    {"type": "array", "items": {"type": "integer"}, "uniqueItems": True},
    {"items": False},
    {"type": "object", "required": ["a"], "properties": {"a": {"type": "boolean"}}, "additionalProperties": False},
    {"properties": {"a": False}, "additionalProperties": {"type": "string", "pattern": "^x"}},
    {"$defs": {"n": {"type": "integer", "minimum": 0}}, "$ref": "#/$defs/n", "maximum": 5},
    {"$defs": {"s": {"$ref": "#/$defs/t"}, "t": {"type": "string"}}, "items": {"$ref": "#/$defs/s"}},
    {"pattern": r"^\d+\s?\w*$"},
    {"pattern": r"^.$"},
    {"pattern": r"\bab|[^a-c\-]{2,}?$"},
]
json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-30, 30),
        st.floats(allow_nan=False),
        st.sampled_from([1.0, 0.0, 10, 1.5, 20, 21]),
        st.text(alphabet="ax1 _\n\r\u2028٣\u00a0b-c", max_size=5),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["a", "b"]), inner, max_size=2),
        st.builds(lambda v: [v, copy.deepcopy(v)], inner),  # equal items, distinct objects
    ),
    max_leaves=5,
) | st.sampled_from([[1, 1.0], [True, 1], [0, False], [{"a": 1}, {"a": 1.0}], [[1], [True]], [None, None]])


@PROPERTY
@given(schema=st.sampled_from(SMALL_SCHEMAS), value=json_values)
def test_each_implemented_keyword_agrees_with_jsonschema(schema: Any, value: Any) -> None:
    agree(value, schema)


PATTERNS = [
    r"^[a-z0-9][a-z0-9-]*$",
    r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
    r"^([0-9]+(\.[0-9]+)?)?$",
    r"^https?://",
    r"\d\D",
    r"^\w+$",
    r"\W",
    r"^\s*$",
    r"\S",
    r"\ba",
    r"a\B",
    r"^.+$",
    r"[^]",
    r"[]",
    r"^(?:ab|c)*?d{1,2}(?=x)",
    r"(?!a)\u00e9|\x41|\u{1F600}",
    r"[\d\s-]+$",
    r"^[\b\t\n\v\f\r\0]$",
    r"a|$",
    r"\.\*\+\?\(\)\[\]\{\}\|\/\^\$\\",
]
ALPHABET = "aAbB_-09٣１ \t\n\r\x0b\x0c\x85\u2028\u2029\u00a0\ufeff\u1680\u200b\x08\x00é.*+?()[]{}|/^$\\dx\U0001f600"


@PROPERTY
@given(pattern=st.sampled_from(PATTERNS), text=st.text(alphabet=ALPHABET, max_size=8))
def test_patterns_match_as_ecma_262_does(pattern: str, text: str) -> None:
    ours = ecma_pattern(pattern).search(text) is not None
    assert ours == (regress.Regex(pattern, "u").find(text) is not None)


# --- What is not implemented is refused ------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ({"format": "date"}, "#/format: unsupported keyword 'format': the checker does not implement it"),
        (
            {"properties": {"a": {"patternProperties": {}}}},
            "#/properties/a/patternProperties: unsupported keyword 'patternProperties'",
        ),
        ({"$defs": {"x": {"allOf": []}}}, "#/$defs/x/allOf: unsupported keyword 'allOf'"),
        ({"items": {"minimun": 1}}, "#/items/minimun: unsupported keyword 'minimun' (did you mean 'minimum'?)"),
        ({"type": "nmber"}, "#/type: unknown type 'nmber'"),
        ({"type": ["string", "string"]}, "#/type: 'type' must be a type name or a non-empty list of distinct names"),
        ({"type": []}, "#/type: 'type' must be a type name"),
        ({"minimum": "1"}, "#/minimum: 'minimum' must be a number"),
        ({"minLength": -1}, "#/minLength: 'minLength' must be a non-negative integer"),
        ({"minItems": True}, "#/minItems: 'minItems' must be a non-negative integer"),
        ({"uniqueItems": 1}, "#/uniqueItems: 'uniqueItems' must be a boolean"),
        ({"required": "a"}, "#/required: 'required' must be an array of distinct strings"),
        ({"enum": "a"}, "#/enum: 'enum' must be an array"),
        ({"items": [{}]}, "#/items: a schema must be an object or a boolean, not list"),
        ({"pattern": r"(a)\1"}, r"#/pattern: pattern '(a)\\1': back-reference \1 is not supported (at character 4)"),
        ({"pattern": r"(?<=a)b"}, "#/pattern: pattern '(?<=a)b': group '(?<...' (look-behind) is not supported"),
        ({"pattern": r"\p{L}"}, r"#/pattern: pattern '\\p{L}': escape \p is not supported (at character 1)"),
        ({"pattern": "a{"}, "#/pattern: pattern 'a{': lone '{'"),
        ({"pattern": "(?i)a"}, "#/pattern: pattern '(?i)a': group '(?i...' (named group or flags) is not supported"),
        ({"$ref": "other.json#/x"}, "#/$ref: $ref 'other.json#/x': only local references"),
        ({"$ref": "#/$defs/missing"}, "#/$ref: $ref '#/$defs/missing' points at nothing"),
        (
            {"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}},
            "#/$defs/a/$ref: $ref '#/$defs/a' refers back to itself",
        ),
        ({"$defs": {"a": 1}}, "#/$defs/a: a schema must be an object or a boolean, not int"),
        (
            {"$schema": "http://json-schema.org/draft-07/schema#"},
            "#: $schema 'http://json-schema.org/draft-07/schema#'",
        ),
        ({"items": {"$id": "x"}}, "#/items/$id: $id is supported only at the root"),
        ({"properties": {"a/b": {"not": {}}}}, "#/properties/a~1b/not: unsupported keyword 'not'"),
    ],
)
def test_a_keyword_or_form_not_implemented_is_refused(schema: dict[str, Any], message: str) -> None:
    with pytest.raises(SchemaError) as caught:
        list(check("value", schema))
    assert str(caught.value).startswith("<schema>: #")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_the_shipped_schema_is_audited_and_every_annotation_is_known() -> None:
    audit(SHIPPED, "contracts.schema.json")  # raises if the shipped schema used anything not implemented
    assert dataset_schema() == SHIPPED
    jsonschema.Draft202012Validator.check_schema(SHIPPED)


def test_a_refused_schema_names_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "contracts.schema.json"
    bad.write_text(json.dumps({**SHIPPED, "$defs": {**SHIPPED["$defs"], "id": {"type": "string", "format": "x"}}}))
    monkeypatch.setattr("cppsctl.dataset.schema.schema_path", lambda: bad)
    dataset_schema.cache_clear()
    try:
        with pytest.raises(
            SchemaError, match=r"contracts\.schema\.json: #/\$defs/id/format: unsupported keyword 'format'"
        ) as caught:
            dataset_schema()
        assert str(caught.value).startswith(str(bad))
    finally:
        dataset_schema.cache_clear()


def test_const_and_the_number_type_are_implemented() -> None:
    assert [m for _, m in check(2, {"const": 1})] == ["2 is not the only value allowed, 1"]
    assert list(check(1.0, {"const": 1})) == []  # JSON Schema equality: 1 is 1.0
    assert [m for _, m in check(True, {"const": 1})] == ["True is not the only value allowed, 1"]
    assert [m for _, m in check("1", {"type": "number"})] == ["expected a number, got a string"]
    assert [m for _, m in check(None, {"type": ["string", "integer"]})] == ["expected a string or an integer, got null"]
    assert [m for _, m in check(0, {"exclusiveMinimum": 0})] == ["0 must be above 0"]
