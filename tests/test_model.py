"""The model's classes behave as ``@dataclass(frozen=True, slots=True, kw_only=True)`` would make them."""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any

import pytest

from cppsctl import model
from cppsctl.model import Action, Contract, Dataset, PartialDate, Priority, Theme

CLASSES = [c for c in vars(model).values() if isinstance(c, type) and dataclasses.is_dataclass(c)]


def sample(cls: type) -> dict[str, Any]:
    """Keyword arguments that build one instance: the defaults, and a value for each required field."""
    values: dict[str, Any] = {}
    for name, parameter in inspect.signature(cls).parameters.items():
        if parameter.default is inspect.Parameter.empty:
            values[name] = (
                PartialDate(2016)
                if "date" in name
                else 1
                if "priority" in name or "position" in name or name in ("number", "year")
                else f"{name}-value"
            )
    return values


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_frozen_slotted_and_compared_by_value(cls: type) -> None:
    a, b = cls(**sample(cls)), cls(**sample(cls))
    assert a == b and hash(a) == hash(b) and a is not b
    assert not hasattr(a, "__dict__")  # slots
    name = dataclasses.fields(cls)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(a, name, "other")
    with pytest.raises(dataclasses.FrozenInstanceError):
        delattr(a, name)
    assert repr(a).startswith(f"{cls.__name__}(") and f"{name}=" in repr(a)
    assert a != object() and (a == object()) is False


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_init_takes_every_field_with_its_default(cls: type) -> None:
    parameters = inspect.signature(cls).parameters
    stored = [f for f in dataclasses.fields(cls) if f.init or f.name in parameters]
    assert list(parameters) == [f.name for f in stored if not f.name.startswith("_")]
    for f in dataclasses.fields(cls):
        if f.name in parameters and f.default is not dataclasses.MISSING:
            assert parameters[f.name].default == f.default, f.name
    if cls not in (PartialDate, Dataset):  # the others are keyword-only
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters.values())


def test_values_decide_equality_and_the_indexes_do_not() -> None:
    action = Action(id="c/1.1", contract_id="c", priority=1, position=1, title="t", themes=("youth",))
    other = Action(id="c/1.1", contract_id="c", priority=1, position=1, title="u", themes=("youth",))
    assert action != other and len({action, other, action}) == 2
    priority = Priority(id="c/1", contract_id="c", number=1, title="p", actions=(action,))
    contract = Contract(id="c", kind="CPPS", name="n", priorities=(priority,))
    dataset = Dataset(contracts=(contract,), themes=(Theme(id="youth", label_fr="J", label_en="Y"),))
    assert dataset == Dataset(contracts=(contract,), themes=dataset.themes)
    assert dataset.find_action("c/1.1") is action and dataset.priority_of(action) is priority
    assert PartialDate(2016) != PartialDate(2016, 5) and str(PartialDate.parse("2016-05")) == "2016-05"
