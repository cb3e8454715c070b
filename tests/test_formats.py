"""The JSON format's encoder writes exactly what ``json.dumps(value, ensure_ascii=False, indent=2)`` writes."""

from __future__ import annotations

import enum
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cppsctl
from cppsctl.output.formats import json_chunks, json_text
from cppsctl.output.records import action_record, contract_record


class Label(str, enum.Enum):
    a = "a"


class Number(enum.IntEnum):
    one = 1


def reference(value: object, level: int = 0) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
    st.sampled_from([Label.a, Number.one, "\u202e", "\x1b[2J", "é\u00a0«»", '"\\', "\ud800"]),
)
keys = st.one_of(st.text(), st.integers(), st.floats(), st.booleans(), st.none(), st.just(Label.a))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(keys, inner, max_size=4),
    ),
    max_leaves=30,
)


@settings(max_examples=1000, deadline=None)
@given(values, st.integers(min_value=0, max_value=3))
def test_the_text_is_json_dumps_own(value: Any, level: int) -> None:
    assert json_text(value, level) == reference(value, level)


def test_every_record_of_the_bundled_dataset_is_written_as_json_writes_it() -> None:
    dataset = cppsctl.load()
    records: list[Any] = [contract_record(dataset, c) for c in dataset.contracts]
    records += [action_record(dataset, a) for a in dataset.actions]
    assert all(json_text(r, 1) == reference(r, 1) for r in records)
    assert "".join(json_chunks(records)) == json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    assert "".join(json_chunks([])) == "[]\n"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({1, 2}, "Object of type set is not JSON serializable"),
        ({"a": [object()]}, "Object of type object is not JSON serializable"),
        ({(1, 2): "tuple key"}, "keys must be str, int, float, bool or None, not tuple"),
        (b"bytes", "Object of type bytes is not JSON serializable"),
    ],
)
def test_what_json_refuses_is_refused_with_its_message(value: object, message: str) -> None:
    with pytest.raises(TypeError) as expected:
        json.dumps(value, ensure_ascii=False, indent=2)
    with pytest.raises(TypeError) as got:
        json_text(value)
    assert str(got.value) == str(expected.value) == message
