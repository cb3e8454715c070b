"""Every model field has a decision about the JSON, and every record is built field by field from its shape."""

from __future__ import annotations

import dataclasses

import pytest

import cppsctl
from cppsctl import model
from cppsctl.output import records, records_compare

SHAPES = {name: getattr(records, name) for name in dir(records) if name.endswith(("Record", "Detail", "Label"))}


@pytest.mark.parametrize("cls", list(records.IN_JSON), ids=lambda c: c.__name__)
def test_every_model_field_has_a_json_decision(cls: type) -> None:
    public = [f.name for f in dataclasses.fields(cls) if not f.name.startswith("_")]
    assert list(records.IN_JSON[cls]) == public, (
        f"say in output/records.IN_JSON where each field of {cls.__name__} goes"
    )
    for field, decision in records.IN_JSON[cls].items():
        if " " in decision:  # a reason, in words, for a field no record carries as such
            continue
        assert decision in SHAPES, f"{cls.__name__}.{field}: no record shape {decision}"
        assert field in SHAPES[decision].__annotations__, f"{decision} has no field {field}"


def test_every_model_class_is_decided() -> None:
    classes = {c for c in vars(model).values() if dataclasses.is_dataclass(c) and isinstance(c, type)}
    assert classes - {model.PartialDate} == set(records.IN_JSON)


@pytest.mark.parametrize(
    "shape", [records.ContractRecord, records.ActionRecord, records.SourceRecord, records.ThemeRecord]
)
def test_records_have_exactly_their_shapes_fields_in_order(dataset: cppsctl.Dataset, shape: type) -> None:
    contract, action, source = dataset.contracts[0], next(dataset.actions), dataset.sources[0]
    built = {
        records.ContractRecord: records.contract_record(dataset, contract),
        records.ActionRecord: records.action_record(dataset, action),
        records.SourceRecord: records.source_record(dataset, source),
        records.ThemeRecord: records.theme_records(dataset)[0],
    }[shape]
    assert list(built) == list(shape.__annotations__)


def test_every_field_is_documented() -> None:
    for shape, docs in [
        (records.ContractRecord, records.CONTRACT_DOCS), (records.ActionRecord, records.ACTION_DOCS),
        (records.HitRecord, records.HIT_DOCS), (records.ThemeRecord, records.THEME_DOCS),
        (records.SourceRecord, records.SOURCE_DOCS), (records_compare.PairRecord, records_compare.PAIR_DOCS),
        (records_compare.StepRecord, records_compare.STEP_DOCS), (records_compare.BarRecord, records_compare.BAR_DOCS),
        (records_compare.MatrixRecord, records_compare.MATRIX_DOCS),
    ]:  # fmt: skip
        assert list(docs) == list(shape.__annotations__), shape.__name__
