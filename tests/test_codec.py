"""The one codec: every model field has a decision, and the file layout is the schema's."""

from __future__ import annotations

import dataclasses
import inspect
import json
from typing import Any

import pytest

import cppsctl
from cppsctl import model
from cppsctl.dataset import codec
from cppsctl.resources import schema_path

MODEL_CLASSES = [
    cls
    for _, cls in inspect.getmembers(model, inspect.isclass)
    if dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__ and cls.__name__ != "PartialDate"
]
SCHEMA_DEFS = {
    model.Theme: "theme",
    model.Source: "source",
    model.Event: "event",
    model.Erratum: "erratum",
    model.Discrepancy: "discrepancy",
    model.Inference: "inference",
    model.Action: "action",
    model.Priority: "priority",
    model.Contract: "contract",
}


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
def test_every_model_field_has_a_decision_in_the_codec(cls: type) -> None:
    public = [f.name for f in dataclasses.fields(cls) if not f.name.startswith("_")]
    assert list(codec.FIELDS[cls]) == public, f"add the new fields of {cls.__name__} to codec.FIELDS, in order"


@pytest.mark.parametrize("cls", list(SCHEMA_DEFS), ids=lambda c: c.__name__)
def test_the_file_layout_is_the_schemas(cls: type) -> None:
    with open(schema_path(), encoding="utf-8") as handle:
        schema = json.load(handle)
    assert list(schema["$defs"][SCHEMA_DEFS[cls]]["properties"]) == list(codec.layout(cls))


def test_the_dataset_layout_is_the_schemas() -> None:
    with open(schema_path(), encoding="utf-8") as handle:
        schema = json.load(handle)
    assert set(schema["properties"]) == {"format_version", *codec.layout(model.Dataset)}


def test_decode_encode_round_trip(dataset: cppsctl.Dataset) -> None:
    assert codec.decode([codec.encode(dataset)]) == dataset


def test_pack_unpack_round_trip_through_json(dataset: cppsctl.Dataset) -> None:
    assert codec.unpack(json.loads(json.dumps(codec.pack(dataset)))) == dataset


def test_an_unpacked_action_is_the_one_its_init_makes(dataset: cppsctl.Dataset) -> None:
    # The cache fills an action's slots itself (codec._unpack_actions): every slot, as __init__ would.
    action_class: type = model.Action  # a dataclass to the test, which mypy cannot see through @model
    assert tuple(f.name for f in dataclasses.fields(action_class)) == codec._ACTION_SLOTS
    unpacked = codec.unpack(json.loads(json.dumps(codec.pack(dataset))))
    for mine, theirs in zip(unpacked.actions, dataset.actions, strict=True):
        rebuilt = model.Action(**{name: getattr(mine, name) for name in codec._ACTION_SLOTS})
        assert rebuilt == theirs and repr(mine) == repr(theirs) and hash(mine) == hash(theirs)
        assert mine.themes.__class__ is tuple and mine.declines.__class__ is tuple


def test_the_positional_form_follows_the_layouts(dataset: cppsctl.Dataset) -> None:
    contracts, themes, sources = codec.pack(dataset)
    assert len(contracts[0]) == len(codec.layout(model.Contract))
    assert len(themes[0]) == len(codec.layout(model.Theme))
    assert len(sources[0]) == len(codec.layout(model.Source))
    first = dataset.contracts[0]
    assert dict(zip(codec.layout(model.Contract), contracts[0], strict=True))["id"] == first.id


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d[:2],  # a dataset of two values
        lambda d: [d[0], [["youth", "Jeunesse", "Youth"]], d[2]],  # a theme of three values
        lambda d: [d[0], [[1, "Jeunesse", "Youth", None]], d[2]],  # an id that is a number
        lambda d: [[[*d[0][0][:1], "XYZ", *d[0][0][2:]]], d[1], d[2]],  # an unknown kind
    ],
)
def test_unpack_refuses_what_pack_does_not_write(dataset: cppsctl.Dataset, damage: object) -> None:
    data = json.loads(json.dumps(codec.pack(dataset)))
    assert callable(damage)
    with pytest.raises((ValueError, TypeError)):
        codec.unpack(damage(data))


def _first_action_row(data: list[Any]) -> list[Any]:
    """The cache row of the first action of ``data`` (pack's output): [position, title, themes, declines, continues]."""
    return next(p[3][0] for c in data[0] for p in c[-1] if p[3])


@pytest.mark.parametrize(
    ("index", "value"),
    [
        (2, [7]),  # a theme that is a number
        (2, "jeunesse"),  # themes that are a string, not a list
        (2, [["jeunesse"]]),  # a theme that is a list
        (3, [1]),  # a link that is a number
        (4, [["x"]]),  # a link that is a list
        (4, None),  # links that are not a list
        (3, "c/1.1"),  # links that are a string, not a list
        (0, "1"),  # a position that is a string
    ],
)
def test_unpack_refuses_an_action_of_the_wrong_types(dataset: cppsctl.Dataset, index: int, value: object) -> None:
    # An action's theme and link items are checked by _check_references, not one by one: each must still fail.
    data = json.loads(json.dumps(codec.pack(dataset)))
    row = _first_action_row(data)
    row += [[]] * (5 - len(row))  # its omitted empty links written out
    row[index] = value
    with pytest.raises((ValueError, TypeError)):
        codec.unpack(data)


def test_an_action_row_omits_its_trailing_empty_links_and_comes_back_whole() -> None:
    def action(position: int, declines: tuple[str, ...] = (), continues: tuple[str, ...] = ()) -> model.Action:
        return model.Action(
            id=f"c/1.{position}", contract_id="c", priority=1, position=position, title=f"a{position}",
            themes=("t",), declines=declines, continues=continues,
        )  # fmt: skip

    actions = (
        action(1),
        action(2, declines=("c/1.1",)),
        action(3, continues=("c/1.1",)),
        action(4, ("c/1.1",), ("c/1.2",)),
    )
    priority = model.Priority(id="c/1", contract_id="c", number=1, title="p", actions=actions)
    contract = model.Contract(id="c", kind="CPSA", name="n", priorities=(priority,))
    dataset = model.Dataset(contracts=(contract,), themes=(model.Theme(id="t", label_fr="T", label_en="T"),))
    data = json.loads(json.dumps(codec.pack(dataset)))
    rows = _first_action_row(data), *data[0][0][-1][0][3][1:]
    assert [len(row) for row in rows] == [3, 4, 5, 5]
    assert codec.unpack(data) == dataset


@pytest.mark.parametrize("row", [[1, "a"], [1, "a", [], [], [], []], "1 a", None])
def test_unpack_refuses_an_action_row_of_the_wrong_length(dataset: cppsctl.Dataset, row: object) -> None:
    data = json.loads(json.dumps(codec.pack(dataset)))
    priority = next(p for c in data[0] for p in c[-1] if p[3])
    priority[3][0] = row
    with pytest.raises((ValueError, TypeError)):
        codec.unpack(data)


def test_every_contract_field_comes_back_in_its_place() -> None:
    """A contract whose fields all differ, through pack and unpack: a swapped field would show."""
    priority = model.Priority(id="c/1", contract_id="c", number=1, title="p")
    contract = model.Contract(
        id="c", kind="CPSA", name="n", arrondissement=11, start_year=2016, end_year=2020,
        signed_on=model.PartialDate(2016, 11), declared_action_count=7, complete=False, signature_confirmed=False,
        partners=("a",), signatories=("b",), sources=("s",),
        events=(model.Event(date=model.PartialDate(2017), label="e", source="s"),),
        errata=(model.Erratum(target="c", field="name", original="o", corrected="n", note="x", source="s"),),
        discrepancies=(model.Discrepancy(field="end_year", value="2020", alternative="2021", source="s", note="y"),),
        inferences=(model.Inference(field="start_year", note="z"),),
        priorities=(priority,),
    )  # fmt: skip
    source = model.Source(id="s", url="https://example.org", kind="blog")
    dataset = model.Dataset(contracts=(contract,), sources=(source,))
    assert codec.unpack(json.loads(json.dumps(codec.pack(dataset)))) == dataset
