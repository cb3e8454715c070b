"""Round trip: a dataset written out as JSON or TOML and loaded again is the same dataset."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from hypothesis import HealthCheck, given, settings

import cppsctl
from cppsctl.dataset.codec import encode as to_data
from cppsctl.dataset.dump import to_json, to_toml
from cppsctl.dataset.load import from_data
from tests.strategies import datasets

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CASES = settings(
    max_examples=int(os.environ.get("CPPSCTL_PROPERTY_CASES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def test_bundled_dataset_round_trips(dataset: cppsctl.Dataset) -> None:
    assert from_data(to_data(dataset)) == dataset
    assert from_data(json.loads(to_json(dataset))) == dataset
    assert from_data(tomllib.loads(to_toml(dataset))) == dataset


def test_bundled_toml_is_written_back_as_published() -> None:
    """The writer reproduces the bundled file's data exactly (comments aside)."""
    from cppsctl.resources import bundled_dataset_path

    original = tomllib.loads(bundled_dataset_path().read_text(encoding="utf-8"))
    assert tomllib.loads(to_toml(cppsctl.load())) == original


@CASES
@given(data=datasets())
def test_generated_datasets_round_trip_through_json_and_toml(data: dict[str, Any]) -> None:
    dataset = from_data(data)
    assert from_data(json.loads(to_json(dataset))) == dataset
    text = to_toml(dataset)
    assert from_data(tomllib.loads(text)) == dataset
    assert "\u00a0" not in text  # written as \u00A0, visible to reviewers
