"""Hostile and broken datasets: the only outcomes are a dataset or the project's own DatasetError.

Each test runs CPPSCTL_FUZZ_CASES cases (default 150); set it higher for a longer hunt,
e.g. ``CPPSCTL_FUZZ_CASES=5000 pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import copy
import math
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cppsctl
from cppsctl.dataset.load import from_data
from cppsctl.errors import DatasetError
from cppsctl.resources import bundled_dataset_path
from tests.conftest import MINIMAL

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FUZZ_CASES = int(os.environ.get("CPPSCTL_FUZZ_CASES", "150"))
FUZZ = settings(
    max_examples=FUZZ_CASES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
SEEDS = [MINIMAL.encode("utf-8"), bundled_dataset_path().read_bytes()]

scalars = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.text(max_size=20),
    st.booleans(),
    st.floats(allow_nan=True),
    st.dates(),
    st.datetimes(),
    st.just(math.inf),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=8,
)


def outcome(load: Any, *args: Any) -> None:
    try:
        dataset = load(*args)
    except DatasetError as error:
        assert error.problems
        for problem in error.problems:
            assert isinstance(problem.message, str) and problem.message
            str(problem)
    else:
        assert isinstance(dataset, cppsctl.Dataset)


@FUZZ
@given(seed=st.sampled_from(SEEDS), data=st.data())
def test_byte_mutations(tmp_path_factory: pytest.TempPathFactory, seed: bytes, data: st.DataObject) -> None:
    mutated = bytearray(seed)
    for _ in range(data.draw(st.integers(1, 6), label="mutations")):
        at = data.draw(st.integers(0, len(mutated)), label="at")
        action = data.draw(st.sampled_from(["flip", "insert", "delete", "cut", "repeat"]), label="action")
        byte = data.draw(st.integers(0, 255), label="byte")
        if action == "flip" and at < len(mutated):
            mutated[at] = byte
        elif action == "insert":
            mutated[at:at] = bytes([byte])
        elif action == "delete":
            del mutated[at : at + data.draw(st.integers(1, 40))]
        elif action == "cut":
            del mutated[at:]
        elif action == "repeat":
            mutated[at:at] = mutated[max(0, at - 60) : at]
    path = tmp_path_factory.mktemp("fuzz") / "mutated.toml"
    path.write_bytes(bytes(mutated))
    outcome(cppsctl.load, path)
    assert cppsctl.validate([path]) is not None


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


PARSED = [tomllib.loads(seed.decode("utf-8")) for seed in SEEDS]


@FUZZ
@given(seed=st.sampled_from(PARSED), data=st.data())
def test_structure_mutations(seed: dict[str, Any], data: st.DataObject) -> None:
    tree = copy.deepcopy(seed)
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        path = data.draw(st.sampled_from(_paths(tree)), label="path")
        if not path:
            continue
        parent: Any = tree
        for step in path[:-1]:
            parent = parent[step]
        key = path[-1]
        action = data.draw(st.sampled_from(["delete", "replace", "duplicate", "add-key"]), label="action")
        if action == "delete":
            del parent[key]
        elif action == "replace":
            parent[key] = data.draw(values, label="value")
        elif action == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        elif action == "add-key" and isinstance(parent[key], dict):
            parent[key][data.draw(st.text(max_size=10), label="key")] = data.draw(values, label="value")
    outcome(from_data, tree)


def test_from_data_rejects_a_non_table() -> None:
    with pytest.raises(DatasetError, match="expected a table at the top level, got list"):
        from_data([])  # type: ignore[arg-type]


def test_file_removed_while_being_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "gone.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    real_open = os.open

    def vanishing_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file) == str(path):
            path.unlink()
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", vanishing_open)
    with pytest.raises(DatasetError) as caught:
        cppsctl.load(path)
    assert str(caught.value) == f"{path}: cannot read: No such file or directory"
