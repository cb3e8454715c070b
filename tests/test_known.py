"""What is known, said exactly: in force, inferences, counts, coverage ranges, relations, whole lineages.

Each test is one bullet of the issue's "Why", asked through the CLI on the
bundled dataset, with assertions on parsed JSON; then a property ties
``list --active-in``, the timeline's JSON, its terminal picture, the HTML
report and the library together for every contract and year.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import cppsctl
from cppsctl.analysis.known import facts, knowledge
from cppsctl.output.html import render_report
from cppsctl.output.terminal_compare import CERTAIN, SIGNED_DAY, SIGNED_ROUGHLY, UNCERTAIN
from tests.conftest import MINIMAL, Invoke, write

JsonRun = Callable[..., Any]
YEARS = range(1995, 2031)


def in_force(invoke_json: JsonRun, year: int, *extra: str) -> dict[str, str]:
    return {r["id"]: r["in_force"] for r in invoke_json("list", "--active-in", str(year), *extra)}


# --- in force -----------------------------------------------------------------------------------


def test_active_in_2010_keeps_the_contracts_signed_that_year_whose_end_is_unknown(invoke_json: JsonRun) -> None:
    found = in_force(invoke_json, 2010)
    # The 7th's and 19th's contracts were signed in March and April 2010: in force, though their end is unknown.
    assert found["csa-7-2010"] == "yes" and found["csa-19-2010"] == "yes"
    # The 2009 CPS: signed on 3 March 2009, its end 2013 only inferred (from the 2009-2013 bilan): possibly.
    assert found["cps-2009"] == "possibly"
    # Signed in 2009 and 2003, no end known, no successor before 2010: possibly still in force.
    assert found["cls-19-2003"] == "possibly"
    # The first CPS: at the latest until the next Paris-wide contract starts, in 2009.
    assert "cps-2000" not in found
    assert set(in_force(invoke_json, 2010, "--certain")) == {k for k, v in found.items() if v == "yes"}


def test_active_in_2000_finds_the_first_cps(invoke_json: JsonRun) -> None:
    assert in_force(invoke_json, 2000)["cps-2000"] == "yes"  # signed on 6 January 2000
    assert in_force(invoke_json, 2005)["cps-2000"] == "possibly"  # no end known; the next one starts in 2009


def test_actions_active_in_follows_the_same_rule(invoke_json: JsonRun) -> None:
    contracts = in_force(invoke_json, 2018)
    actions = invoke_json("actions", "--active-in", "2018")
    assert {a["contract_id"] for a in actions} <= set(contracts)
    assert all(a["in_force"] == contracts[a["contract_id"]] for a in actions)
    assert {a["contract_id"] for a in invoke_json("actions", "--active-in", "2018", "--certain")} <= {
        c for c, v in contracts.items() if v == "yes"
    }


def test_a_table_marks_what_is_only_possibly_in_force(invoke: Invoke) -> None:
    table = invoke("list", "--active-in", "2010").stdout
    row = next(line for line in table.splitlines() if "cls-19-2003" in line)
    assert "possibly" in row


# --- inferences -----------------------------------------------------------------------------------


def test_inferred_values_are_said_everywhere(invoke: Invoke, invoke_json: JsonRun, dataset: cppsctl.Dataset) -> None:
    contracts = {r["id"]: r for r in invoke_json("list")}
    assert "start_year" in contracts["cpsa-14-2016-2020"]["inferred"]
    assert "signed_on" in contracts["cpsa-6-2022-2026"]["inferred"]
    assert contracts["cpsa-11-2016-2020"]["inferred"] == []
    assert contracts["cps-2000"]["inferred"] == ["latest_end"] and contracts["cps-2000"]["latest_end"] == 2009
    bars = {r["id"]: r for r in invoke_json("timeline")}
    assert bars["cpsa-14-2016-2020"]["start_status"] == "inferred"  # not "known", as start_known: true said
    table = invoke("list").stdout
    assert re.search(r"cpsa-14-2016-2020 .* 2016\?-2020 ", table)
    assert re.search(r"cpsa-6-2022-2026 .* 2022-11-24\? ", table)
    assert "2016? inferred" in table  # the legend of the marks
    assert "2016?-2020" in invoke("timeline").stdout
    assert facts(dataset, dataset.contracts[0]).inferred == tuple(contracts[dataset.contracts[0].id]["inferred"])


# --- counts ---------------------------------------------------------------------------------------


def test_unknown_counts_are_never_zero(invoke: Invoke, invoke_json: JsonRun) -> None:
    cps = next(r for r in invoke_json("list") if r["id"] == "cps-2000")
    assert (cps["priority_count"], cps["action_count"], cps["complete"]) == (None, None, False)
    csv = invoke("list", "--format", "csv", "--fields", "id,action_count").stdout
    assert "cps-2000,\n" in csv  # an empty cell: unknown, not 0
    row = next(line for line in invoke("list").stdout.splitlines() if "cps-2000" in line)
    cells = [cell.strip() for cell in row.split("│")[1:-1]]
    assert cells[-2:] == ["?", "0 of ?"]  # priorities unknown; no action known, of an unknown number
    assert "0" not in cells


def _row(table: str, record_id: str) -> list[str]:
    line = next(line for line in table.splitlines() if f" {record_id} " in line)
    return [cell.strip() for cell in line.strip("|│ ").replace("│", "|").split(" | ")]


def test_a_table_tells_unknown_from_none(invoke: Invoke, invoke_json: JsonRun) -> None:
    records = {r["id"]: r for r in invoke_json("list")}
    assert records["cpps-2023-2026"]["signed_on"] is None and records["cls-13-2003"]["signature_confirmed"] is False
    for fmt in ("table", "markdown"):
        table = invoke("list", "--format", fmt, "--fields", "id,arrondissement,signed_on,action_count").stdout
        # Paris-wide: no arrondissement (empty); the CPPS 2023-2026's signature date: unknown (?).
        assert _row(table, "cpps-2023-2026") == ["cpps-2023-2026", "", "?", "2 of 31"], fmt
        assert _row(table, "cls-13-2003")[2] == "unconfirmed", fmt  # the sources doubt it was ever signed
        assert "? unknown" in table.splitlines()[-1], fmt  # the legend says what ? means
    # Programs read csv: both nulls are empty cells, as the JSON's nulls.
    csv = invoke("list", "--format", "csv", "--fields", "id,arrondissement,signed_on").stdout
    assert "cpps-2023-2026,,\n" in csv


def test_a_table_of_unknowns_has_a_legend_even_without_marks(invoke: Invoke, invoke_json: JsonRun) -> None:
    sources = invoke_json("sources")
    unknown = next(s["id"] for s in sources if s["updated_on"] is None)
    table = invoke("sources", "--fields", "id,updated_on").stdout
    assert _row(table, unknown) == [unknown, "?"]
    assert table.rstrip().splitlines()[-1] == "? unknown"
    dated = invoke("sources", "--fields", "id").stdout  # nothing unknown shown, no legend
    assert "unknown" not in dated


def test_the_labelled_view_says_what_each_null_means(invoke: Invoke, invoke_json: JsonRun) -> None:
    shown = {
        line.split(maxsplit=1)[0]: line.split(maxsplit=1)[1]
        for line in invoke("show", "cpps-2015-2020/3.14").stdout.splitlines()
        if not line.startswith(" ") and " " in line.strip()
    }
    assert shown["arrondissement"] == "— (Paris-wide)"
    assert shown["in_force"] == "— (no year asked)"  # not "unknown": no --active-in year was asked
    assert shown["continued_by"] == "none"  # an empty list
    nested = [line.split() for line in invoke("show", "cpps-2023-2026/1.6").stdout.splitlines()]
    assert ["signed_on", "unknown"] in nested  # the contract's signature date: unknown, not blank


def test_values_wrap_in_their_own_column(invoke: Invoke) -> None:
    out = invoke("show", "cpps-2015-2020/3.14", env={"COLUMNS": "60"}).stdout.splitlines()
    start = next(i for i, line in enumerate(out) if line.lstrip().startswith("source_url"))
    column = out[start].index("https")
    assert out[start + 1][:column].strip() == "" and out[start + 1][column:].strip()  # the rest of the URL, indented


def test_the_matrix_tells_zero_from_unknown(invoke: Invoke, invoke_json: JsonRun) -> None:
    rows = {r["id"]: r["counts"] for r in invoke_json("matrix")}
    # The CPPS 2023-2026 is known by 2 of its 31 fiches: gangs and seniors 1 each, every other theme unknown.
    assert rows["gangs"]["cpps-2023-2026"] == 1 and rows["crisis"]["cpps-2023-2026"] is None
    assert rows["crisis"]["cpps-2015-2020"] == 0  # complete: a real zero
    table = invoke("matrix", "-c", "cpps-2015-2020,cpps-2023-2026").stdout
    victims = next(line for line in table.splitlines() if line.startswith("│ Victim"))
    assert [cell.strip() for cell in victims.split("│")[2:-1]] == ["3", "?"]
    gangs = next(line for line in table.splitlines() if line.startswith("│ Gangs"))
    assert [cell.strip() for cell in gangs.split("│")[2:-1]] == ["1", "1+"]


# --- coverage -------------------------------------------------------------------------------------


def test_coverage_is_a_range_when_the_local_side_is_partial(invoke_json: JsonRun) -> None:
    coverage = invoke_json("compare", "cpsa-14-2016-2020", "cpps-2015-2020")["coverage"]
    assert coverage["complete"] is False and coverage["percent"] is None
    assert coverage["percent_at_least"] == 9.4  # 3 of 32 at least
    assert coverage["percent_at_most"] is None  # the 14th's number of fiches is not known: open
    by_number = {p["number"]: p for p in coverage["priorities"]}
    assert by_number[2]["declined_count"] == 0 and by_number[2]["percent"] is None  # not 0 %: not known


def test_coverage_of_a_partial_paris_wide_contract(invoke_json: JsonRun) -> None:
    document = invoke_json("compare", "cpsa-11-2022-2026", "cpps-2023-2026")
    coverage = document["coverage"]
    assert (coverage["action_count"], coverage["known_action_count"]) == (31, 2)
    assert coverage["percent"] is None and coverage["percent_at_least"] < 100  # never "100.0" for 1 of 31 known
    assert coverage["percent_at_most"] is not None and coverage["percent_at_most"] > coverage["percent_at_least"]


def test_coverage_warns_when_the_periods_never_overlap(invoke: Invoke) -> None:
    result = invoke("compare", "cpsa-11-2016-2020", "cpps-2023-2026", "--format", "json")
    assert "were never in force at the same time" in result.stderr
    assert "were never in force" not in invoke("compare", "cpsa-11-2016-2020", "cpps-2015-2020", "-f", "json").stderr


# --- relations ------------------------------------------------------------------------------------


def test_compare_speaks_the_relation(invoke: Invoke, invoke_json: JsonRun) -> None:
    periods = invoke_json("compare", "cpsa-11-2016-2020", "cpsa-11-2022-2026")
    declination = invoke_json("compare", "cpsa-11-2016-2020", "cpps-2015-2020")
    scopes = invoke_json("compare", "cpsa-3", "cpsa-11-2016-2020")
    assert (periods["relation"], declination["relation"], scopes["relation"]) == ("periods", "declination", "scopes")
    assert "added" not in declination["summary"]["classes"]  # a CPSA against the CPPS: never "25 added"
    assert {p["status"] for p in declination["pairs"]} <= {"declined", "own", "not_declined", "unknown"}
    # The 3rd against the 11th: road safety is the 3rd's own, not "removed".
    road = next(p for p in scopes["pairs"] if p["left_title"] == ["Lutter contre l'insécurité routière"])
    assert road["status"] in ("only_left", "unknown")
    assert {p["status"] for p in scopes["pairs"]} <= {"shared", "only_left", "only_right", "unknown"}
    for document in (periods, declination, scopes):  # every action of both sides exactly once
        left = [i for p in document["pairs"] for i in p["left"]]
        right = [i for p in document["pairs"] for i in p["right"]]
        assert len(left) == len(set(left)) == document["summary"]["left_actions"]
        assert len(right) == len(set(right)) == document["summary"]["right_actions"]
    assert "→" not in invoke("compare", "cpsa-3", "cpsa-11-2016-2020").stdout.splitlines()[0]
    assert "→" in invoke("compare", "cpsa-11-2016-2020", "cpsa-11-2022-2026").stdout.splitlines()[0]


# --- history --------------------------------------------------------------------------------------


def test_history_goes_down_and_up_the_whole_lineage(invoke_json: JsonRun) -> None:
    down = {s["id"]: s["via"] for s in invoke_json("history", "cpps-2015-2020/3.14")}
    assert down["cpsa-11-2016-2020/3.1"] == "declined by"
    assert down["cpsa-11-2022-2026/3.1"] == "declined by"  # continues the one that declines it
    up = {s["id"]: s["via"] for s in invoke_json("history", "cpsa-11-2022-2026/3.1")}
    assert up["cpps-2015-2020/3.14"] == "declines"


# --- bad input ------------------------------------------------------------------------------------


def test_an_inference_on_a_field_without_value_is_a_dataset_error(invoke: Invoke, tmp_path: Path) -> None:
    bad = MINIMAL.replace(
        'sources = ["src"]\n',
        'sources = ["src"]\n\n[[contracts.inferences]]\nfield = "signed_on"\nnote = "x"\n',
        1,
    )
    result = invoke("list", "--data", str(write(tmp_path, bad)))
    assert result.exit_code == 3 and "Traceback" not in result.stderr
    assert "inference on 'signed_on', which has no value" in result.stderr
    assert re.search(r"data\.toml:\d+:\d+: contracts\[0\]\.inferences\[0\]\.field: ", result.stderr)


SIGNED_BEFORE_ITS_START = """
[[contracts]]
id = "cpsa-5-2030"
kind = "CPSA"
name = "Contrat"
arrondissement = 5
start_year = 2030
signed_on = "2018"
sources = ["src"]
complete = false

[[contracts]]
id = "cpsa-5-2024"
kind = "CPSA"
name = "Contrat"
arrondissement = 5
start_year = 2024
sources = ["src"]
complete = false
"""


def test_a_derived_end_never_comes_before_the_start(invoke: Invoke, tmp_path: Path) -> None:
    # The next contract of a scope is the one that starts after this one starts: an end derived from it can
    # only come after. A dataset whose periods are out of order gets an open end, not a negative period.
    data = write(tmp_path, MINIMAL + SIGNED_BEFORE_ITS_START)
    result = invoke("list", "--data", str(data), "--format", "json")
    assert result.exit_code == 0 and "Traceback" not in result.stderr
    records = {r["id"]: r for r in json.loads(result.stdout)}
    assert records["cpsa-5-2024"]["latest_end"] == 2030  # at the latest until cpsa-5-2030 starts
    assert records["cpsa-5-2030"]["latest_end"] is None and records["cpsa-5-2030"]["earliest_start"] == 2030
    for record in records.values():
        if record["earliest_start"] is not None and record["latest_end"] is not None:
            assert record["earliest_start"] <= record["latest_end"]


@pytest.mark.parametrize("year", ["99999", "1066", "-5"])
def test_an_implausible_year_is_a_usage_error(invoke: Invoke, year: str) -> None:
    result = invoke("list", "--active-in", year)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("cppsctl: error: invalid value for '--active-in'")
    assert len(result.stderr.splitlines()) <= 2


# --- the pictures agree with the JSON ---------------------------------------------------------------


def bar_state(bar: dict[str, Any], year: int) -> str:
    """A year's state from a timeline JSON record alone."""
    if bar["certain_start"] is not None and bar["certain_start"] <= year <= bar["certain_end"]:
        return "yes"
    lo, hi = bar["bar_start"], bar["bar_end"]
    return "possibly" if (lo is None or lo <= year) and (hi is None or year <= hi) else "no"


def test_in_force_agrees_with_the_timeline_and_the_library_every_year(
    invoke_json: JsonRun, dataset: cppsctl.Dataset
) -> None:
    bars = {r["id"]: r for r in invoke_json("timeline")}
    known = knowledge(dataset)
    for year in YEARS:
        listed = in_force(invoke_json, year)
        for contract in dataset.contracts:
            state = known.of(contract).in_force(year)
            assert listed.get(contract.id, "no") == state == bar_state(bars[contract.id], year), (contract.id, year)


PICTURE = {CERTAIN: "yes", UNCERTAIN: "possibly", " ": "no"}


def test_the_terminal_and_html_pictures_agree_with_the_json(invoke: Invoke, dataset: cppsctl.Dataset) -> None:
    bars = {r["id"]: r for r in json.loads(invoke("timeline", "--format", "json").stdout)}
    text = invoke("--no-color", "timeline", env={"COLUMNS": "400"}).stdout
    lines = text.splitlines()
    years = [int(y) for y in lines[0].split()]
    first, step = years[0], (lines[0].index(str(years[1])) - lines[0].index(str(years[0]))) // (years[1] - years[0])
    origin = lines[0].index(str(first))
    html = render_report(dataset)
    for contract in dataset.contracts:
        row = next(line for line in lines if line.startswith(contract.id + " ")).rsplit("  ", 1)[0]
        for offset in range(years[-1] - first + 1):
            year = first + offset
            chunk = row[origin + offset * step : origin + (offset + 1) * step].ljust(step)
            drawn = {PICTURE.get(c, "mark") for c in chunk} - {"mark"}
            if SIGNED_DAY in chunk or SIGNED_ROUGHLY in chunk:
                drawn = drawn or {bar_state(bars[contract.id], year)}
            assert drawn == {bar_state(bars[contract.id], year)}, (contract.id, year, chunk)
        cells = re.search(rf"<code>{re.escape(contract.id)}</code></a></td>(.*?)</tr>", html)
        assert cells is not None
        states = re.findall(r'data-state="(\w+)"', cells.group(1))
        assert states == [bar_state(bars[contract.id], y) for y in range(first, first + len(states))]


def test_the_json_contract_names_every_null_that_means_none() -> None:
    from cppsctl.analysis.known import NULL_MEANS_NONE

    contract = (Path(__file__).parent.parent / "docs" / "json.md").read_text(encoding="utf-8")
    bullet = contract[contract.index("`null` means *not known*") :].split("\n- ", 1)[0]
    assert {name for name in NULL_MEANS_NONE if f"`{name}`" not in bullet} == set()
