"""The model's classes behave as ``@dataclass(frozen=True, slots=True, kw_only=True)`` would make them."""

from __future__ import annotations

import dataclasses
import inspect
import subprocess
import sys
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


def test_dataclasses_sees_the_fields_and_the_indexes() -> None:
    fields = {f.name: f for f in dataclasses.fields(Dataset)}
    indexes = [name for name, f in fields.items() if not f.init]
    assert indexes == ["_contracts", "_actions", "_priorities", "_themes", "_sources"]
    assert all(not fields[name].repr and not fields[name].compare for name in indexes)
    assert fields["contracts"].default == () and fields["contracts"].compare
    first = dataclasses.fields(Contract)[0]
    assert first.name == "id" and first.default is dataclasses.MISSING
    for cls in CLASSES:  # the stand-ins are gone once asked: the class holds what dataclasses made
        assert type(vars(cls)["__dataclass_fields__"]) is dict
        assert not vars(cls)["__dataclass_params__"].eq  # equality is Frozen's, not generated
        assert set(vars(cls)["__slots__"]) == {f.name for f in dataclasses.fields(cls)}


def test_replace_and_asdict_work_on_the_model() -> None:
    action = Action(id="c/1.1", contract_id="c", priority=1, position=1, title="t", themes=("youth",))
    changed = dataclasses.replace(action, title="u")
    assert changed.title == "u" and changed.id == action.id and changed != action and action.title == "t"
    assert dataclasses.asdict(action)["themes"] == ("youth",)
    priority = Priority(id="c/1", contract_id="c", number=1, title="p", actions=(action,))
    dataset = Dataset(contracts=(Contract(id="c", kind="CPPS", name="n", priorities=(priority,)),))
    again = dataclasses.replace(dataset, themes=(Theme(id="youth", label_fr="J", label_en="Y"),))
    assert again.find_action("c/1.1") is action and again.themes[0].id == "youth"  # indexes rebuilt by __init__
    with pytest.raises(ValueError, match="_actions"):
        dataclasses.replace(dataset, _actions={})


def test_an_instance_asked_first_is_a_dataclass_in_a_fresh_process() -> None:
    code = (
        "import sys, dataclasses as d\n"
        "from cppsctl.model import PartialDate\n"
        "date = PartialDate(2016, 5)\n"
        "assert d.is_dataclass(date) and [f.name for f in d.fields(date)] == ['year', 'month', 'day']\n"
        "assert d.replace(date, day=3) == PartialDate(2016, 5, 3)\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 0 and done.stdout == "ok\n", done.stderr


def test_importing_the_model_does_not_import_dataclasses() -> None:
    code = "import sys, cppsctl.model; print('dataclasses' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout == "False\n"
