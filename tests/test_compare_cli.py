"""``cppsctl compare`` through the CLI: the JSON object, the row formats, the table, and bad input."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import cppsctl
from cppsctl.analysis.compare import STATUSES, compare
from cppsctl.model import Dataset
from cppsctl.output.records_compare import PAIR_FIELDS, comparison_record
from tests.conftest import MINIMAL, Invoke, write

JsonRun = Callable[..., Any]
OLD, NEW, CPPS = "cpsa-11-2016-2020", "cpsa-11-2022-2026", "cpps-2015-2020"


def _ids(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _contract_ids(dataset: Dataset, contract_id: str) -> list[str]:
    return [a.id for a in dataset.actions if a.contract_id == contract_id]


def test_every_action_appears_exactly_once_in_the_json(invoke_json: JsonRun, dataset: Dataset) -> None:
    document = invoke_json("compare", OLD, NEW)
    left = Counter(i for p in document["pairs"] for i in _ids(p["left"]))
    right = Counter(i for p in document["pairs"] for i in _ids(p["right"]))
    assert left == Counter(_contract_ids(dataset, OLD)) and sum(left.values()) == 9
    assert right == Counter(_contract_ids(dataset, NEW)) and sum(right.values()) == 7


def test_json_object_is_the_library_answer(invoke_json: JsonRun, dataset: Dataset) -> None:
    document = invoke_json("compare", OLD, NEW)
    old, new = dataset.find_contract(OLD), dataset.find_contract(NEW)
    assert old is not None and new is not None
    assert document == comparison_record(dataset, compare(dataset, old, new))
    assert list(document) == [
        "schema_version", "relation", "left", "right", "threshold", "only", "warnings", "summary", "coverage", "pairs",
    ]  # fmt: skip
    assert document["schema_version"] == cppsctl.SCHEMA_VERSION
    assert (document["left"]["id"], document["right"]["id"]) == (OLD, NEW)
    assert all(list(p) == list(PAIR_FIELDS) for p in document["pairs"])
    assert document["relation"] == "periods"
    # One type in every row: ids, priorities and titles are always lists.
    for field in ("left", "right", "left_priority", "right_priority", "left_title", "right_title", "via"):
        assert all(isinstance(p[field], list) for p in document["pairs"]), field


def test_cenomed_and_night_life_kept_drug_trafficking_merged(invoke_json: JsonRun) -> None:
    pairs = invoke_json("compare", OLD, NEW)["pairs"]
    by_right = {json.dumps(p["right"]): p for p in pairs if p["right"]}
    cenomed, night_life, drugs = (by_right[json.dumps([f"{NEW}/{n}"])] for n in ("1.1", "3.1", "3.2"))
    assert (cenomed["status"], cenomed["left"], cenomed["method"]) == ("kept", [f"{OLD}/1.1"], "link")
    assert (night_life["status"], night_life["left"], night_life["method"]) == ("kept", [f"{OLD}/3.1"], "link")
    assert (drugs["status"], drugs["left"]) == ("merged", [f"{OLD}/3.3", f"{OLD}/3.4"])
    assert drugs["left_priority"] == [3, 3] and drugs["right_priority"] == [3] and drugs["moved"] is False
    assert drugs["left_title"][0] == "Lutter contre les trafics de stupéfiants"


def test_summary_counts(invoke_json: JsonRun) -> None:
    summary = invoke_json("compare", OLD, NEW)["summary"]
    assert summary["classes"] == {
        "kept": 2, "reworded": 2, "merged": 1, "split": 0, "added": 2, "removed": 3, "unknown": 0,
    }  # fmt: skip
    assert (summary["left_actions"], summary["right_actions"], summary["pairs"], summary["moved"]) == (9, 7, 10, 0)
    left = summary["priorities"]["left"]
    assert [(p["number"], p["action_count"]) for p in left] == [(1, 3), (2, 2), (3, 4)]
    assert left[2]["counts"] == {
        "kept": 1, "reworded": 0, "merged": 2, "split": 0, "added": 0, "removed": 1, "unknown": 0,
    }  # fmt: skip


def test_only_filters_the_pairs_not_the_summary(invoke_json: JsonRun) -> None:
    full = invoke_json("compare", OLD, NEW)
    only = invoke_json("compare", OLD, NEW, "--only", "removed,added")
    assert only["only"] == ["added", "removed"]
    assert only["summary"] == full["summary"]
    assert only["pairs"] == [p for p in full["pairs"] if p["status"] in ("added", "removed")]
    assert len(only["pairs"]) == 5


def test_csv_jsonl_and_tsv_give_one_row_per_pair(invoke: Invoke, invoke_json: JsonRun) -> None:
    pairs = invoke_json("compare", OLD, NEW)["pairs"]
    jsonl = invoke("compare", OLD, NEW, "--format", "jsonl")
    assert [json.loads(line) for line in jsonl.stdout.splitlines()] == pairs
    rows = list(csv.DictReader(io.StringIO(invoke("compare", OLD, NEW, "--format", "csv").stdout)))
    assert len(rows) == len(pairs) and list(rows[0]) == list(PAIR_FIELDS)
    (merged,) = [r for r in rows if r["status"] == "merged"]
    assert merged["left"] == f"{OLD}/3.3; {OLD}/3.4" and merged["right"] == f"{NEW}/3.2"
    assert merged["moved"] == "false" and merged["method"] == "link" and merged["score"] == ""
    tsv = invoke("compare", OLD, NEW, "--format", "tsv").stdout.splitlines()
    assert len(tsv) == len(pairs) + 1 and tsv[0].split("\t") == list(PAIR_FIELDS)
    # No pair in the class: the header alone.
    assert invoke("compare", OLD, NEW, "--only", "split", "--format", "csv").stdout == ",".join(PAIR_FIELDS) + "\n"


def test_reworded_rows_carry_the_diff(invoke_json: JsonRun) -> None:
    pairs = invoke_json("compare", OLD, NEW, "--only", "reworded")["pairs"]
    assert [p["diff"] for p in pairs] == [
        "[-Mettre à l’abri-] {+Mieux suivre accompagner et prendre en charge+} les personnes [-et les familles-]"
        " à la rue",
        "[-Mieux gérer les crises majeures et-] Accompagner les victimes {+et développer les réseaux d'aides aux"
        " victimes+}",
    ]


def test_coverage_of_the_cpps_by_the_2022_contract(invoke_json: JsonRun) -> None:
    document = invoke_json("compare", NEW, CPPS)
    coverage = document["coverage"]
    assert document["relation"] == "declination"
    assert (coverage["paris_wide"], coverage["local"], coverage["complete"]) == (CPPS, NEW, True)
    assert (coverage["declined_count"], coverage["action_count"], coverage["percent"]) == (6, 32, 18.8)
    assert (coverage["percent_at_least"], coverage["percent_at_most"]) == (18.8, 18.8)  # both known: exact
    assert [(p["number"], p["declined_count"], p["action_count"], p["percent"]) for p in coverage["priorities"]] == [
        (1, 1, 7, 14.3),
        (2, 1, 11, 9.1),
        (3, 4, 14, 28.6),
    ]
    assert coverage["priorities"][2]["declined"] == [f"{CPPS}/3.4", f"{CPPS}/3.6", f"{CPPS}/3.8", f"{CPPS}/3.14"]
    (rixes,) = [p for p in document["pairs"] if p["method"] == "similarity"]
    assert (rixes["left"], rixes["right"], rixes["moved"]) == ([f"{NEW}/1.3"], [f"{CPPS}/3.8"], True)
    assert rixes["score"] == round(rixes["score"], 3) and document["threshold"] <= rixes["score"] < 1
    assert invoke_json("compare", OLD, NEW)["coverage"] is None


def test_threshold_option(invoke_json: JsonRun) -> None:
    strict = invoke_json("compare", NEW, CPPS, "--threshold", "0.9")
    assert strict["threshold"] == 0.9
    assert not [p for p in strict["pairs"] if p["method"] == "similarity"]
    assert strict["coverage"]["declined_count"] == 5


def test_table_shows_pairs_side_by_side_with_marked_diffs(invoke: Invoke) -> None:
    result = invoke("--no-color", "compare", OLD, NEW)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert f"{OLD} → {NEW}" in out
    assert "{+Mieux suivre accompagner et prendre en charge+}" in out and "[-Mettre à l’abri-]" in out
    assert "10 pairs: 2 kept, 2 reworded, 1 merged, 0 split, 2 added, 3 removed, 0 unknown; 0 moved" in out
    assert "Actions per priority" in out and "declined by" not in out
    coverage = invoke("--no-color", "compare", NEW, CPPS).stdout
    assert f"{CPPS} actions declined by {NEW}" in coverage and "18.8" in coverage and f"via {OLD}/3.3" in coverage


def test_table_only_shows_the_chosen_classes(invoke: Invoke) -> None:
    out = invoke("--no-color", "compare", OLD, NEW, "--only", "merged").stdout
    assert "│ merged" in out and "│ kept" not in out and "│ removed" not in out
    empty = invoke("--no-color", "compare", OLD, NEW, "--only", "split").stdout
    assert empty.startswith("no pair in the class split\n")


# --- bad input -----------------------------------------------------------------------------------


def test_unknown_contract_suggests_the_nearest(invoke: Invoke) -> None:
    result = invoke("compare", OLD, "cpsa-11-2022-2025")
    assert result.exit_code == 2 and result.stdout == ""
    expected = "cppsctl: error: unknown contract 'cpsa-11-2022-2025' (did you mean 'cpsa-11-2022-2026'"
    assert result.stderr.startswith(expected)
    assert result.stderr.endswith("?)\n") and result.stderr.count("\n") == 1


def test_unknown_class_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("compare", OLD, NEW, "--only", "added,remove")
    assert result.exit_code == 2
    assert result.stderr == (
        "cppsctl: error: unknown class 'remove' (did you mean 'removed'?); classes: " + ", ".join(STATUSES) + "\n"
    )
    empty = invoke("compare", OLD, NEW, "--only", ",")
    assert empty.exit_code == 2 and "--only: give at least one class" in empty.stderr


def test_bad_threshold_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("compare", OLD, NEW, "--threshold", "1.5")
    assert result.exit_code == 2
    assert result.stderr == "cppsctl: error: the similarity threshold must be above 0 and at most 1, not 1.5\n"


def test_a_contract_against_itself(invoke: Invoke) -> None:
    result = invoke("compare", OLD, OLD, "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == f"cppsctl: warning: comparing {OLD} with itself: every action is kept\n"
    document = json.loads(result.stdout)
    assert {p["status"] for p in document["pairs"]} == {"kept"} and len(document["pairs"]) == 9
    assert all(p["left"] == p["right"] and p["method"] == "identity" for p in document["pairs"])
    assert document["warnings"] == [f"comparing {OLD} with itself: every action is kept"]


UNRELATED = """
[[contracts]]
id = "cpsa-5-2031-2035"
kind = "CPSA"
name = "Contrat de Prévention et de Sécurité d’Arrondissement"
arrondissement = 5
start_year = 2031
end_year = 2035
sources = ["src"]

[[contracts.priorities]]
number = 1
title = "Tranquillité publique"

[[contracts.priorities.actions]]
title = "Sécuriser les gares routières"
themes = ["youth"]
"""


def test_a_local_contract_that_declines_nothing_has_its_own_actions(invoke: Invoke, tmp_path: Path) -> None:
    data = write(tmp_path, MINIMAL + UNRELATED)
    result = invoke("compare", "cpps-2030-2035", "cpsa-5-2031-2035", "--data", str(data), "--format", "json")
    assert result.exit_code == 0
    assert (
        result.stderr == "cppsctl: warning: no action of cpps-2030-2035 corresponds to an action of cpsa-5-2031-2035\n"
    )
    document = json.loads(result.stdout)
    assert document["relation"] == "declination"  # not "added" and "removed": a CPSA is not the CPPS's next period
    assert [(p["status"], p["left"], p["right"]) for p in document["pairs"]] == [
        ("not_declined", ["cpps-2030-2035/1.1"], []),
        ("not_declined", ["cpps-2030-2035/1.2"], []),
        ("own", [], ["cpsa-5-2031-2035/1.1"]),
    ]
    assert (document["coverage"]["declined_count"], document["coverage"]["percent"]) == (0, 0.0)


PARTIAL = """
[[contracts]]
id = "cpps-2036-2041"
kind = "CPPS"
name = "Contrat Parisien de Prévention et de Sécurité"
start_year = 2036
end_year = 2041
declared_action_count = 5
complete = false
sources = ["src"]

[[contracts.priorities]]
number = 1
title = "Prévenir la délinquance des jeunes"
declared_action_count = 5

[[contracts.priorities.actions]]
title = "Promouvoir la citoyenneté et le civisme"
themes = ["youth"]
continues = ["cpps-2030-2035/1.1"]

[[contracts.priorities.actions]]
title = "Lutter contre les rixes"
themes = ["youth"]
"""


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        (
            "cpps-2030-2035",
            "cpps-2036-2041",
            # The right side is partial: its unlisted actions may continue 1.2, so 1.2 is unknown;
            # the left side is complete, so the right's 1.2 really is new.
            [("reworded", "1.1", "1.1"), ("unknown", "1.2", None), ("added", None, "1.2")],
        ),
        (
            "cpps-2036-2041",
            "cpps-2030-2035",
            [("reworded", "1.1", "1.1"), ("removed", "1.2", None), ("unknown", None, "1.2")],
        ),
    ],
)
def test_a_partial_side_gives_unknown_and_a_warning(
    invoke: Invoke, tmp_path: Path, left: str, right: str, expected: list[tuple[str, str | None, str | None]]
) -> None:
    data = write(tmp_path, MINIMAL + PARTIAL)
    result = invoke("compare", left, right, "--data", str(data), "--format", "json")
    assert result.exit_code == 0
    warning = (
        "cpps-2036-2041 is only partially known (2 of 5 actions known): actions of cpps-2030-2035 that match none"
        f" of its known actions are 'unknown', not '{'removed' if right == 'cpps-2036-2041' else 'added'}'"
    )
    assert result.stderr == f"cppsctl: warning: {warning}\n"
    document = json.loads(result.stdout)
    assert document["warnings"] == [warning]

    def short(value: list[str]) -> str | None:
        return value[0].split("/")[1] if value else None

    assert [(p["status"], short(p["left"]), short(p["right"])) for p in document["pairs"]] == expected
    assert document["summary"]["classes"]["unknown"] == 1


DECLINING = """
[[contracts]]
id = "cpsa-5-2037-2041"
kind = "CPSA"
name = "Contrat de Prévention et de Sécurité d’Arrondissement"
arrondissement = 5
start_year = 2037
end_year = 2041
sources = ["src"]

[[contracts.priorities]]
number = 1
title = "Prévenir la délinquance des jeunes"

[[contracts.priorities.actions]]
title = "Lutter contre les rixes"
themes = ["youth"]
declines = ["cpps-2036-2041/1.2"]
"""


def test_coverage_of_a_partial_paris_wide_contract_counts_its_known_actions(invoke: Invoke, tmp_path: Path) -> None:
    data = write(tmp_path, MINIMAL + PARTIAL + DECLINING)
    result = invoke("compare", "cpsa-5-2037-2041", "cpps-2036-2041", "--data", str(data), "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    coverage = document["coverage"]
    assert (coverage["complete"], coverage["declined_count"], coverage["known_action_count"]) == (False, 1, 2)
    # 1 declined of the 5 actions the CPPS declares: at least 20 %; its 3 unknown actions could all be declined
    # (the local contract is complete: it declines none of them by a link, but may by title): at most 80 %.
    assert (coverage["action_count"], coverage["percent"]) == (5, None)
    assert (coverage["percent_at_least"], coverage["percent_at_most"]) == (20.0, 80.0)
    # The local contract is complete, so the CPPS action it does not decline is not in it: not declined, not unknown.
    assert [(p["status"], p["left"], p["right"]) for p in document["pairs"]] == [
        ("not_declined", [], ["cpps-2036-2041/1.1"]),
        ("declined", ["cpsa-5-2037-2041/1.1"], ["cpps-2036-2041/1.2"]),
    ]
    table = invoke("--no-color", "compare", "cpsa-5-2037-2041", "cpps-2036-2041", "--data", str(data)).stdout
    assert "cpps-2036-2041 actions declined by cpsa-5-2037-2041 (a range: a side is partly known)" in table
    assert "20.0-80.0 %" in table
