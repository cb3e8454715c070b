"""``cppsctl history``: an action's lineage, or a theme's actions, period by period."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from cppsctl.analysis.history import history
from cppsctl.errors import UnknownIdError, UsageError
from cppsctl.model import Dataset
from cppsctl.output.records_compare import HISTORY_FIELDS, history_records
from tests.conftest import Invoke

JsonRun = Callable[..., Any]
OLD, NEW, CPPS = "cpsa-11-2016-2020", "cpsa-11-2022-2026", "cpps-2015-2020"


def _rows(records: list[dict[str, Any]]) -> list[tuple[str, str, str | None]]:
    return [(r["id"], r["via"], r["change"]) for r in records]


def _eleventh_page(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records of the three contracts of the 11th's page (the dataset holds partly known others)."""
    return [r for r in records if r["contract_id"] in (CPPS, OLD, NEW)]


@pytest.mark.parametrize("subject", ["cenomed", "CENOMED", "Cénomed"])
def test_the_story_of_cenomed(invoke_json: JsonRun, subject: str) -> None:
    # Theme cenomed: CPPS 1.3, declined by 2016 1.1, continued (same title) by 2022 1.1.
    everything = invoke_json("history", subject)
    assert [r["start_year"] or 0 for r in everything] == sorted(r["start_year"] or 0 for r in everything)
    records = _eleventh_page(everything)
    assert _rows(records) == [
        (f"{CPPS}/1.3", "theme", None),
        (f"{OLD}/1.1", "theme", None),
        (f"{NEW}/1.1", "theme", "kept"),
    ]
    assert [r["period"] for r in records] == ["2015-2020", "2016-2020", "2022-2026"]
    assert records[1]["declines"] == [f"{CPPS}/1.3"] and records[2]["continues"] == [f"{OLD}/1.1"]
    assert all(list(r) == list(HISTORY_FIELDS) for r in records)


def test_night_life_from_2015_to_2026(invoke_json: JsonRun) -> None:
    records = _eleventh_page(invoke_json("history", "night-life"))
    assert _rows(records) == [
        (f"{CPPS}/3.14", "theme", None),
        (f"{OLD}/3.1", "theme", None),
        (f"{NEW}/3.1", "theme", "kept"),
    ]
    assert {r["title"] for r in records} == {"Promouvoir une vie nocturne apaisée"}
    assert _eleventh_page(invoke_json("history", "Night life")) == records  # the English label works too


def test_a_merged_action_brings_both_predecessors_and_what_they_decline(invoke_json: JsonRun) -> None:
    # 2022 3.2 continues 2016 3.3 and 3.4, which decline CPPS 3.4 and 3.6.
    assert _rows(invoke_json("history", f"{NEW}/3.2")) == [
        (f"{CPPS}/3.4", "declines", None),
        (f"{CPPS}/3.6", "declines", None),
        (f"{OLD}/3.3", "continues", None),
        (f"{OLD}/3.4", "continues", None),
        (f"{NEW}/3.2", "self", "merged"),
    ]
    # From one of the predecessors, the same lineage: its sibling 3.4 comes through the merge.
    assert [r[0] for r in _rows(invoke_json("history", f"{OLD}/3.3"))] == [
        f"{CPPS}/3.4",
        f"{CPPS}/3.6",
        f"{OLD}/3.3",
        f"{OLD}/3.4",
        f"{NEW}/3.2",
    ]


def test_a_reworded_action(invoke_json: JsonRun) -> None:
    assert _rows(invoke_json("history", f"{NEW}/2.1")) == [
        (f"{CPPS}/2.4", "declines", None),
        (f"{OLD}/2.1", "continues", None),
        (f"{NEW}/2.1", "self", "reworded"),
    ]


def test_a_cpps_action_lists_its_local_declinations_and_what_continues_them(invoke_json: JsonRun) -> None:
    # Down the whole lineage: the 2016 action that declines CPPS 3.4, and the 2022 action that continues it
    # (a merge of 2016's 3.3 and 3.4, so 3.4 comes too, as part of that lineage).
    assert _rows(invoke_json("history", f"{CPPS}/3.4")) == [
        (f"{CPPS}/3.4", "self", None),
        (f"{OLD}/3.3", "declined by", None),
        (f"{OLD}/3.4", "declined by", None),
        (f"{NEW}/3.2", "declined by", "merged"),
    ]


def test_a_local_action_reaches_up_to_the_cpps_and_its_lineage(invoke_json: JsonRun) -> None:
    # cpsa-11-2022-2026/3.1 continues 2016's 3.1, which declines CPPS 3.14.
    rows = _rows(invoke_json("history", f"{NEW}/3.1"))
    assert (f"{CPPS}/3.14", "declines", None) in rows and (f"{OLD}/3.1", "continues", None) in rows


def test_an_action_without_links_is_its_own_history(invoke_json: JsonRun) -> None:
    assert _rows(invoke_json("history", f"{NEW}/1.2")) == [(f"{NEW}/1.2", "self", None)]


def test_cli_is_the_library_answer(invoke_json: JsonRun, dataset: Dataset) -> None:
    for subject in ("cenomed", f"{NEW}/3.2"):
        assert invoke_json("history", subject) == history_records(history(dataset, subject))


def test_table(invoke: Invoke) -> None:
    out = invoke("--no-color", "history", "night-life").stdout
    assert "Theme night-life (Night life), period by period" in out
    assert "declines" in out and "Promouvoir une vie" in out
    assert f"History of {NEW}/3.2" in invoke("--no-color", "history", f"{NEW}/3.2").stdout


def test_bad_subjects(invoke: Invoke, dataset: Dataset) -> None:
    unknown = invoke("history", "cenomd")
    assert unknown.exit_code == 2
    assert unknown.stderr == "cppsctl: error: unknown action or theme 'cenomd' (did you mean 'cenomed'?)\n"
    contract = invoke("history", OLD)
    assert contract.exit_code == 2
    assert contract.stderr == (
        f"cppsctl: error: '{OLD}' is a contract: history follows an action or a theme"
        " (to set two contracts side by side, use 'cppsctl compare')\n"
    )
    with pytest.raises(UnknownIdError):
        history(dataset, f"{NEW}/9.9")
    with pytest.raises(UsageError):
        history(dataset, CPPS)
