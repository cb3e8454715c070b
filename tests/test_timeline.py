"""``cppsctl timeline`` and ``cppsctl matrix``: the contracts on a year axis, and themes by contract."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cppsctl.analysis.filters import theme_counts
from cppsctl.analysis.timeline import timeline
from cppsctl.dataset.load import load
from cppsctl.model import Dataset
from cppsctl.output.records_compare import TIMELINE_FIELDS, bar_record
from tests.conftest import Invoke, write

JsonRun = Callable[..., Any]
OLD, NEW, CPPS = "cpsa-11-2016-2020", "cpsa-11-2022-2026", "cpps-2015-2020"

ERAS = """\
format_version = 1

[[themes]]
id = "youth"
label_fr = "Jeunesse"
label_en = "Youth"

[[themes]]
id = "night-life"
label_fr = "Vie nocturne"
label_en = "Night life"

[[themes]]
id = "seniors"
label_fr = "Sécurité des seniors"
label_en = "Safety of older people"

[[sources]]
id = "src"
url = "https://example.org/page"
kind = "official-page"

[[contracts]]
id = "cls-2000"
kind = "CPS"
name = "Contrat local de sécurité parisien"
start_year = 2000
signed_on = "2000-01-06"
complete = false
sources = ["src"]

[[contracts]]
id = "cps-2009-2013"
kind = "CPS"
name = "Contrat Parisien de Sécurité"
start_year = 2009
end_year = 2013
signed_on = "2009-03"
complete = false
sources = ["src"]

[[contracts]]
id = "cpsa-3"
kind = "CPSA"
name = "Contrat de Prévention et de Sécurité d’Arrondissement"
arrondissement = 3
declared_action_count = 8
complete = false
sources = ["src"]

[[contracts.priorities]]
number = 1
title = "Améliorer la tranquillité publique"

[[contracts.priorities.actions]]
title = "Promouvoir une vie nocturne apaisée"
themes = ["night-life"]

[[contracts.priorities.actions]]
title = "Prévenir la délinquance des jeunes"
themes = ["youth"]

[[contracts.priorities.actions]]
title = "Aller vers les jeunes la nuit"
themes = ["youth", "night-life"]

[[contracts]]
id = "cpsa-7-2016-2020"
kind = "CPSA"
name = "Contrat de Prévention et de Sécurité d’Arrondissement"
arrondissement = 7
start_year = 2016
end_year = 2020
declared_action_count = 1
sources = ["src"]

[[contracts.priorities]]
number = 1
title = "Prévenir la délinquance des jeunes"
declared_action_count = 1

[[contracts.priorities.actions]]
title = "Promouvoir la citoyenneté"
themes = ["youth"]

[[contracts]]
id = "csa-7-2010"
kind = "CSA"
name = "Contrat de sécurité d’arrondissement"
arrondissement = 7
start_year = 2010
signed_on = "2010"
complete = false
sources = ["src"]

[[contracts]]
id = "cpsa-10"
kind = "CPSA"
name = "Contrat de Prévention et de Sécurité d’Arrondissement"
arrondissement = 10
signed_on = "2017-02"
complete = false
sources = ["src"]
"""


@pytest.fixture
def eras(tmp_path: Path) -> Path:
    return write(tmp_path, ERAS)


def test_bundled_timeline(invoke_json: JsonRun, dataset: Dataset) -> None:
    records = invoke_json("timeline")
    assert records == [bar_record(dataset, b) for b in timeline(dataset, dataset.contracts)]
    page = [r for r in records if r["id"] in (CPPS, OLD, NEW)]
    assert [(r["id"], r["bar_start"], r["bar_end"], r["signed_on"]) for r in page] == [
        (CPPS, 2015, 2020, "2015-05-05"),
        (OLD, 2016, 2020, "2016-11-23"),
        (NEW, 2022, 2026, "2023-03-21"),
    ]
    assert all(r["start_status"] == r["end_status"] == "known" and list(r) == list(TIMELINE_FIELDS) for r in page)
    assert all((r["certain_start"], r["certain_end"]) == (r["bar_start"], r["bar_end"]) for r in page)
    paris = [r["id"] for r in invoke_json("timeline", "-a", "paris")]
    assert CPPS in paris and all(r["arrondissement"] is None for r in invoke_json("timeline", "-a", "paris"))
    assert min(r["bar_start"] for r in records if r["bar_start"]) == 2000  # the whole history: 2000 to 2026
    assert max(r["bar_end"] for r in records if r["bar_end"]) == 2026


def test_unknown_bounds_are_inferred_and_flagged(invoke_json: JsonRun, eras: Path) -> None:
    records = invoke_json("timeline", "--data", str(eras))
    keys = ("id", "bar_start", "bar_end", "certain_start", "certain_end", "start_status", "end_status")
    rows = [tuple(r[k] for k in keys) for r in records]
    assert rows == [
        # No end: at the latest the year the next Paris-wide contract starts (2009), derived; surely in 2000.
        ("cls-2000", 2000, 2009, 2000, 2000, "known", "derived"),
        ("cps-2009-2013", 2009, 2013, 2009, 2013, "known", "known"),
        ("cpsa-3", None, None, None, None, "unknown", "unknown"),  # nothing known: possibly any year
        ("csa-7-2010", 2010, 2016, 2010, 2010, "known", "derived"),  # until the 7th's next contract starts (2016)
        ("cpsa-7-2016-2020", 2016, 2020, 2016, 2020, "known", "known"),
        ("cpsa-10", 2017, None, 2017, 2017, "known", "unknown"),  # only the signature (February 2017) is known
    ]
    assert by_id_inferred(records) == {"cls-2000": ["latest_end"], "csa-7-2010": ["latest_end"]}
    by_id = {r["id"]: r for r in records}
    assert [by_id[i]["signed_on"] for i in ("cls-2000", "cps-2009-2013", "csa-7-2010", "cpsa-10")] == [
        "2000-01-06",
        "2009-03",
        "2010",
        "2017-02",
    ]
    assert (by_id["cls-2000"]["start_year"], by_id["cls-2000"]["end_year"], by_id["cls-2000"]["period"]) == (
        2000,
        None,
        "2000-?",
    )


def by_id_inferred(records: list[dict[str, object]]) -> dict[str, object]:
    return {str(r["id"]): r["inferred"] for r in records if r["inferred"]}


def test_timeline_csv_has_the_json_numbers(invoke: Invoke, invoke_json: JsonRun, eras: Path) -> None:
    records = invoke_json("timeline", "--data", str(eras))
    rows = list(csv.DictReader(io.StringIO(invoke("timeline", "--data", str(eras), "--format", "csv").stdout)))
    assert [(r["id"], r["bar_start"], r["bar_end"]) for r in rows] == [
        (
            r["id"],
            "" if r["bar_start"] is None else str(r["bar_start"]),
            "" if r["bar_end"] is None else str(r["bar_end"]),
        )
        for r in records
    ]


def test_timeline_chart(invoke: Invoke, eras: Path) -> None:
    result = invoke("--no-color", "timeline", "--data", str(eras))
    assert result.exit_code == 0
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    # 2000 to 2020 on 200 columns: four columns a year, a label every other year.
    assert lines["2000"].split() == [str(y) for y in range(2000, 2021, 2)]
    assert "◆" in lines["cls-2000"] and "┄" in lines["cls-2000"] and lines["cls-2000"].endswith("2000-≤2009")
    assert "◇" in lines["cps-2009-2013"] and "┄" not in lines["cps-2009-2013"]
    assert "◇" in lines["csa-7-2010"] and "┄" in lines["csa-7-2010"]
    assert lines["cpsa-3"].split()[0] == "cpsa-3" and lines["cpsa-3"].split()[-1] == "?"
    assert set(lines["cpsa-3"].split()[1]) == {"┄"}  # nothing known: possibly in force any year of the axis
    assert "━" in lines["cpsa-7-2016-2020"] and "┄" not in lines["cpsa-7-2016-2020"]
    # The bars sit on the axis: a year's bar starts under its label.
    assert lines["cps-2009-2013"].index("━") == lines["2000"].index("2008") + 4
    assert lines["cpsa-7-2016-2020"].index("━") == lines["2000"].index("2016")


def test_timeline_chart_on_a_narrow_terminal(invoke: Invoke, eras: Path) -> None:
    out = invoke("--no-color", "timeline", "--data", str(eras), env={"COLUMNS": "60"}).stdout
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert lines["2000"].split() == ["2000", "2005", "2010", "2015", "2020"]  # one column a year, a label every fifth
    assert lines["cpsa-7-2016-2020"].index("━") == lines["2000"].index("2015") + 1
    assert max(len(line) for line in out.splitlines() if not line.startswith("━ in force")) <= 60


def test_bundled_chart(invoke: Invoke) -> None:
    out = invoke("--no-color", "timeline").stdout
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert "◆" in lines[OLD] and "◆" in lines[NEW] and "◆" in lines[CPPS]
    assert lines[NEW].index("◆") > lines[NEW].index("━")  # signed in 2023, a year after the 2022 start
    assert lines[OLD].index("━") > lines[CPPS].index("━")  # 2016 after 2015
    assert "┄" not in lines[CPPS] + lines[OLD] + lines[NEW]  # their bounds are all known


def test_bundled_matrix(invoke_json: JsonRun, dataset: Dataset) -> None:
    records = invoke_json("matrix")
    counts = theme_counts(dataset)
    assert [r["id"] for r in records] == [t.id for t in dataset.themes if any(counts[t.id].values())]
    for record in records:
        for contract in dataset.contracts:
            known = counts[record["id"]][contract.id]
            # Unknown is never zero: a partly known contract listing none of its actions with the theme says null.
            expected = None if known == 0 and not contract.complete else known
            assert record["counts"][contract.id] == expected, (record["id"], contract.id)
        assert record["action_count"] == sum(counts[record["id"]].values())
    by_id = {r["id"]: {c: n for c, n in r["counts"].items() if c in (CPPS, OLD, NEW)} for r in records}
    # Youth: the 7 actions of CPPS priority 1, the 3 of priority 1 of each 11th contract.
    assert by_id["youth"] == {CPPS: 7, OLD: 3, NEW: 3}
    assert by_id["night-life"] == {CPPS: 1, OLD: 1, NEW: 1}
    assert by_id["crisis"] == {CPPS: 0, OLD: 1, NEW: 0}


def test_matrix_columns_and_rows_follow_the_choice(invoke_json: JsonRun) -> None:
    records = invoke_json("matrix", "-c", NEW)
    assert all(list(r["counts"]) == [NEW] and r["action_count"] == r["counts"][NEW] > 0 for r in records)
    assert "citizenship" not in {r["id"] for r in records}  # no action of 2022 has it
    assert [r["id"] for r in invoke_json("matrix", "-a", "11", "-k", "cpsa")] == [
        r["id"] for r in invoke_json("matrix", "-c", OLD, "-c", NEW)
    ]


def test_matrix_csv(invoke: Invoke, invoke_json: JsonRun) -> None:
    chosen = ("-c", CPPS, "-c", OLD, "-c", NEW)
    rows = list(csv.DictReader(io.StringIO(invoke("matrix", *chosen, "--format", "csv").stdout)))
    records = invoke_json("matrix", *chosen)
    assert list(rows[0]) == ["id", "label_fr", "label_en", "action_count", *(f"counts.{c}" for c in (CPPS, OLD, NEW))]
    assert [(r["id"], r[f"counts.{CPPS}"]) for r in rows] == [(r["id"], str(r["counts"][CPPS])) for r in records]


def test_matrix_table_with_a_partial_contract(invoke: Invoke, eras: Path) -> None:
    result = invoke("--no-color", "matrix", "--data", str(eras))
    assert result.exit_code == 0
    out = result.stdout
    assert "CPSA*" in out and "* partly known: 2+ at least two actions, ? unknown (none of its known actions)" in out
    youth = next(line for line in out.splitlines() if "Youth" in line)
    # Columns: Paris (cls-2000, cps-2009-2013), 3rd, 7th (csa-7-2010, cpsa-7-2016-2020), 10th. Partly known
    # contracts: "2+" at least, "?" none of the known actions (not zero); complete: 1, "·" none.
    assert [cell.strip() for cell in youth.split("│")[2:-1]] == ["?", "?", "2+", "?", "1", "?"]
    night = next(line for line in out.splitlines() if "Night life" in line)
    assert [cell.strip() for cell in night.split("│")[2:-1]] == ["?", "?", "2+", "?", "·", "?"]
    assert "Safety of older people" not in out  # no contract has the theme
    document = json.loads(invoke("matrix", "--data", str(eras), "--format", "json").stdout)
    assert {r["id"]: r["counts"]["cpsa-3"] for r in document} == {"youth": 2, "night-life": 2}


def test_matrix_and_timeline_of_a_dataset_without_years(invoke: Invoke, tmp_path: Path) -> None:
    data = write(tmp_path, ERAS.split("[[contracts]]")[0] + "[[contracts]]" + ERAS.split("[[contracts]]")[3])
    assert [c.id for c in load(data).contracts] == ["cpsa-3"]
    out = invoke("--no-color", "timeline", "--data", str(data)).stdout
    assert out == "cpsa-3  period unknown: possibly in force any year\n"
