"""A theme by id or by French or English label, folded like search; an unknown one suggests the closest."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import cppsctl
from cppsctl.analysis.filters import UnknownThemeError, closest_themes, filter_actions, resolve_theme
from cppsctl.analysis.history import find_theme
from cppsctl.errors import UnknownIdError
from tests.conftest import Invoke

JsonRun = Callable[..., Any]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("night-life", "night-life"),
        ("Vie nocturne", "night-life"),
        ("Night-Life", "night-life"),
        ("night life", "night-life"),
        ("vie-nocturne", "night-life"),
        ("VIE  NOCTURNE", "night-life"),
        ("Trafics de stupéfiants", "drug-trafficking"),
        ("trafic de stupefiant", "drug-trafficking"),  # inflections, when they leave one theme
        ("Drug trafficking", "drug-trafficking"),
        ("Vente à la sauvette", "street-vending"),
        ("ventes a la sauvette", "street-vending"),
        ("jeunesse", "youth"),
        ("victime", "victims"),  # the id, inflected
        ("CENOMED : cellules d’échanges d’informations nominatives « mineurs en difficulté »", "cenomed"),
    ],
)
def test_a_theme_by_id_or_label(dataset: cppsctl.Dataset, text: str, expected: str) -> None:
    assert resolve_theme(dataset, text).id == expected
    theme = find_theme(dataset, text)
    assert theme is not None and theme.id == expected


@pytest.mark.parametrize(
    ("text", "first"),
    [("drugs", "drug-trafficking"), ("stupefiants", "drug-trafficking"), ("nightlife", "night-life"),
     ("jeunes", "youth"), ("sauvette", "street-vending"), ("aide victimes", "victims")],
)  # fmt: skip
def test_an_unknown_theme_suggests_the_closest(dataset: cppsctl.Dataset, text: str, first: str) -> None:
    with pytest.raises(UnknownIdError) as caught:
        resolve_theme(dataset, text)
    error = caught.value
    assert isinstance(error, UnknownThemeError)
    assert (error.what, error.value, error.suggestions[0]) == ("theme", text, first)
    assert str(error).startswith(f"unknown theme {text!r} (did you mean {first!r}")
    assert error.suggestions == closest_themes(dataset, text)
    assert find_theme(dataset, text) is None


def test_the_message_is_that_of_any_unknown_id(dataset: cppsctl.Dataset) -> None:
    ids = [t.id for t in dataset.themes]
    for text in ("nightlife", "zzz"):
        with pytest.raises(UnknownThemeError) as caught:
            resolve_theme(dataset, text)
        plain = UnknownIdError("theme", text, ids)
        assert caught.value.suggestions == plain.suggestions  # where both ways agree, so does the message
        assert str(caught.value) == str(plain)
    with pytest.raises(UnknownThemeError, match=r"^unknown theme 'zzz'$"):
        resolve_theme(dataset, "zzz")
    with pytest.raises(UnknownThemeError, match=r"^unknown theme ' - '$"):
        resolve_theme(dataset, " - ")


def test_filter_actions_takes_labels(dataset: cppsctl.Dataset) -> None:
    by_id = filter_actions(dataset, themes=["night-life"])
    assert by_id
    for label in ("Vie nocturne", "Night life", "night-life", "VIE-NOCTURNE"):
        assert filter_actions(dataset, themes=[label]) == by_id
    both = filter_actions(dataset, themes=["Vie nocturne", "drug trafficking"])
    assert both == filter_actions(dataset, themes=["night-life", "drug-trafficking"]) and len(both) > len(by_id)
    with pytest.raises(UnknownIdError, match=r"unknown theme 'drugs' \(did you mean 'drug-trafficking'"):
        filter_actions(dataset, themes=["drugs"])


def test_theme_by_label_from_the_command_line(invoke_json: JsonRun, invoke: Invoke) -> None:
    by_id = invoke_json("actions", "--theme", "night-life")
    assert by_id and invoke_json("actions", "--theme", "Vie nocturne") == by_id
    assert invoke_json("actions", "--theme", "night life") == by_id
    result = invoke("actions", "--theme", "drugs")
    assert result.exit_code == 2
    assert result.stderr.startswith("cppsctl: error: unknown theme 'drugs' (did you mean 'drug-trafficking'")
    assert invoke_json("history", "Vie nocturne") == invoke_json("history", "night-life")
