"""The conventions of gh, kubectl, sqlite-utils and csvkit: one error style, options anywhere, list options,
numbers kept numeric, visible controls, listing the fields, no headers, notes on stderr, completion."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cppsctl.output.records import ACTION_FIELDS, CONTRACT_FIELDS
from tests.conftest import MINIMAL, Invoke, write

JsonRun = Callable[..., Any]
ERROR = "cppsctl: error: "


# --- one error style ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["list", "--limit", "-1"], "invalid value for '--limit': -1 is not in the range x>=0."),  # BadParameter
        (["list", "--format", "xml"], "invalid value for '--format' / '-f': 'xml' is not one of"),  # bad choice
        (["show"], "missing argument 'ID'."),  # MissingParameter
        (["list", "--frmat", "json"], "no such option: --frmat"),  # NoSuchOption (and a "did you mean")
        (["list", "extra"], "got unexpected extra argument(s) (extra)"),  # UsageError
        (["list", "--format"], "option '--format' requires an argument."),  # BadOptionUsage
        (["lsit"], "unknown command 'lsit' (did you mean 'list'?)"),  # no such command
        (["report"], "missing option '--html'."),  # a required option
        (["list", "--active-in", "x"], "invalid value for '--active-in': 'x' is not a valid int"),
    ],
)
def test_every_usage_error_is_one_line_and_exit_2(invoke: Invoke, args: list[str], start: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith(ERROR + start), lines
    assert len(lines) <= 3
    assert all(not line.startswith(("╭", "│", "Usage:")) for line in lines)  # no boxed panel, no usage block
    assert lines[-1].startswith("Try 'cppsctl") or len(lines) == 1 or lines[-1].startswith("Did you mean")


# --- global options anywhere -----------------------------------------------------------------------


def test_global_options_work_before_or_after_the_command(invoke: Invoke, tmp_path: Path) -> None:
    data = write(tmp_path, MINIMAL)
    before = invoke("--data", str(data), "--no-cache", "--no-color", "list", "--format", "json")
    after = invoke("list", "--format", "json", "--data", str(data), "--no-cache", "--no-color")
    mixed = invoke("list", f"--data={data}", "--format", "json", "--debug")
    assert before.exit_code == after.exit_code == mixed.exit_code == 0
    assert before.stdout == after.stdout == mixed.stdout
    assert [r["id"] for r in json.loads(after.stdout)] == ["cpps-2030-2035"]


def test_a_global_option_after_a_double_dash_is_an_argument(invoke: Invoke) -> None:
    result = invoke("search", "--format", "json", "--", "--no-color")
    assert result.exit_code == 0 and result.stderr == "No results match.\n"  # the words "no color", searched


def test_an_empty_data_path_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("list", "--data", "")
    assert result.exit_code == 2 and result.stderr.startswith(ERROR + "invalid value for '--data'")


# --- list options ------------------------------------------------------------------------------------


def test_list_options_take_repeats_and_commas_alike(invoke_json: JsonRun) -> None:
    def ids(*args: str) -> list[str]:
        return [r["id"] for r in invoke_json(*args)]

    assert ids("list", "-k", "cpps", "-k", "cpsa") == ids("list", "-k", "CPPS,CPSA") == ids("list", "-k", "cpps,cpsa")
    assert ids("list", "-a", "11", "-a", "paris") == ids("list", "-a", "11,paris")
    assert ids("actions", "-t", "youth", "-t", "school") == ids("actions", "-t", "youth,school")
    assert ids("actions", "-p", "1", "-p", "3", "-c", "cpps-2015-2020") == ids(
        "actions", "-p", "1,3", "-c", "cpps-2015-2020"
    )
    # Union within an option, intersection across options.
    union = set(ids("actions", "-t", "youth,school"))
    assert union == set(ids("actions", "-t", "youth")) | set(ids("actions", "-t", "school"))
    both = set(ids("actions", "-t", "youth", "-a", "11"))
    assert both == set(ids("actions", "-t", "youth")) & set(ids("actions", "-a", "11"))


def test_fields_and_only_accumulate_too(invoke: Invoke, invoke_json: JsonRun) -> None:
    rows = invoke_json("list", "--fields", "id", "--fields", "kind,scope")
    assert list(rows[0]) == ["id", "kind", "scope"]
    pairs = invoke_json("compare", "cpsa-11-2016-2020", "cpsa-11-2022-2026", "--only", "kept", "--only", "added")
    assert {p["status"] for p in pairs["pairs"]} == {"kept", "added"}


def test_themes_by_label_and_unknown_themes_get_suggestions(invoke: Invoke, invoke_json: JsonRun) -> None:
    night = invoke_json("actions", "--theme", "night-life")
    assert invoke_json("actions", "--theme", "Vie nocturne") == night == invoke_json("actions", "-t", "Night-Life")
    result = invoke("actions", "--theme", "drugs")
    assert result.exit_code == 2 and "'drug-trafficking'" in result.stderr


# --- cells ------------------------------------------------------------------------------------------


def test_csv_keeps_numbers_numeric_and_guards_formulas(invoke: Invoke) -> None:
    out = invoke("sql", "SELECT start_year - 2020 AS delta, '=1+1' AS f, '-x' AS t FROM contracts LIMIT 1", "-f", "csv")
    assert out.stdout.splitlines()[1] == "-20,'=1+1,'-x"  # a number stays a number; text that would run is quoted
    raw = invoke("sql", "SELECT '=1+1' AS f", "-f", "csv", "--raw-cells").stdout
    assert raw.splitlines()[1] == "=1+1"


HOSTILE = MINIMAL.replace("Promouvoir la citoyenneté", "Promouvoir\\u001b[31m la\\rcitoyenneté <b>\\u202e")


@pytest.mark.parametrize("fmt", ["csv", "tsv", "markdown"])
def test_controls_are_shown_visibly_in_text_formats(invoke: Invoke, tmp_path: Path, fmt: str) -> None:
    data = write(tmp_path, HOSTILE)
    out = invoke("actions", "--data", str(data), "--format", fmt, "--fields", "title").stdout
    assert "\x1b" not in out and "\u202e" not in out and "\r" not in out
    assert "\\x1b[31m" in out and "\\u202e" in out
    if fmt == "markdown":
        assert "&lt;b&gt;" in out and "<b>" not in out
    raw = invoke("actions", "--data", str(data), "--format", fmt, "--fields", "title", "--raw-cells").stdout
    assert "\x1b" in raw


def test_csv_quotes_a_carriage_return_even_raw(invoke: Invoke, tmp_path: Path) -> None:
    data = write(tmp_path, HOSTILE)
    out = invoke("actions", "--data", str(data), "--format", "csv", "--fields", "title", "--raw-cells").stdout
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert len(rows) == 3 and "\r" in rows[1][0]  # the row is whole: the carriage return is inside quotes


def test_json_stays_exact_with_unsafe_characters_escaped(invoke: Invoke, tmp_path: Path) -> None:
    data = write(tmp_path, HOSTILE)
    out = invoke("actions", "--data", str(data), "--format", "json").stdout
    assert "\u202e" not in out and "\\u202e" in out
    assert json.loads(out)[0]["title"].endswith("<b>\u202e")


# --- conveniences ----------------------------------------------------------------------------------


def test_fields_alone_lists_the_fields(invoke: Invoke) -> None:
    assert invoke("list", "--fields").stdout.split() == list(CONTRACT_FIELDS)
    assert invoke("actions", "--fields", "--format", "json").stdout.split() == list(ACTION_FIELDS)
    assert invoke("sql", "SELECT 1 AS a, 2 AS b", "--fields").stdout.split() == ["a", "b"]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "table"])
def test_no_headers(invoke: Invoke, fmt: str) -> None:
    with_header = invoke("list", "-k", "cpps", "--fields", "id", "-f", fmt).stdout.splitlines()
    without = invoke("list", "-k", "cpps", "--fields", "id", "-f", fmt, "--no-headers").stdout.splitlines()
    assert "id" in " ".join(with_header) and "id" not in " ".join(line for line in without if "cpp" not in line)
    assert [line for line in without if "cpp" in line] == [line for line in with_header if "cpp" in line]


def test_an_empty_result_is_said_on_stderr_and_succeeds(invoke: Invoke) -> None:
    result = invoke("actions", "--search", "zzzz", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert result.stderr == "No actions match.\n"


def test_limit_zero_means_all(invoke_json: JsonRun) -> None:
    assert len(invoke_json("actions", "--limit", "0")) == len(invoke_json("actions"))


def test_an_empty_cppsctl_data_means_not_set(invoke: Invoke) -> None:
    result = invoke("list", "--format", "json", env={"CPPSCTL_DATA": ""})
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == len(
        json.loads(invoke("list", "-f", "json").stdout)
    )
