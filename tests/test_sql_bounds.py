"""``cppsctl sql``'s bounds (time, memory, result size) and its named parameters.

The queries that would take the machine's memory run in real processes of the
installed command, so that SQLite's process-wide heap limit and whatever a
failed allocation leaves behind stay out of the test process. Tests assert exit
codes and messages, never durations.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

import cppsctl
from cppsctl.sql import sandbox
from tests.conftest import Invoke
from tests.test_process import BIN, run

ENDLESS = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM r)"
installed = pytest.mark.skipif(not BIN.exists(), reason="the cppsctl command is not installed in this environment")
MEMORY = f"cppsctl: error: query stopped: it needs more than {sandbox.HARD_HEAP_LIMIT // 2**20} MiB of memory\n"


# --- --timeout ------------------------------------------------------------------------------------


def test_a_query_past_its_timeout_is_stopped_with_one_line_and_exit_1(invoke: Invoke) -> None:
    result = invoke("sql", f"{ENDLESS} SELECT count(*) FROM r", "--timeout", "0.2")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "cppsctl: error: query stopped after 0.2 s (timeout)\n"


def test_the_timeout_covers_reading_the_rows_too(invoke: Invoke) -> None:
    result = invoke("sql", f"{ENDLESS} SELECT x FROM r WHERE x % 1000000 = 0", "--timeout", "0.2")
    assert (result.exit_code, result.stderr) == (1, "cppsctl: error: query stopped after 0.2 s (timeout)\n")


def test_the_library_timeout_is_a_runtime_error(dataset: cppsctl.Dataset) -> None:
    with pytest.raises(sandbox.QueryStopped, match=r"^query stopped after 0\.1 s \(timeout\)$") as caught:
        sandbox.run_query(dataset, f"{ENDLESS} SELECT count(*) FROM r", timeout=0.1)
    assert caught.value.exit_code == 1


@pytest.mark.parametrize("timeout", ["0", "30"])
def test_zero_is_no_timeout_and_a_quick_query_is_not_stopped(invoke: Invoke, timeout: str) -> None:
    result = invoke("sql", f"{ENDLESS} SELECT count(*) AS n FROM (SELECT x FROM r LIMIT 200000)", "--timeout", timeout)
    assert result.exit_code == 0, result.stderr
    assert "200000" in result.stdout


@pytest.mark.parametrize("value", ["-1", "soon"])
def test_a_bad_timeout_is_a_usage_error(invoke: Invoke, value: str) -> None:
    result = invoke("sql", "SELECT 1", "--timeout", value)
    assert result.exit_code == 2
    assert result.stderr.startswith("cppsctl: error: invalid value for '--timeout'")


def test_the_timeout_and_the_bounds_are_in_the_help(invoke: Invoke) -> None:
    text = " ".join(invoke("sql", "--help").stdout.split())
    assert "--timeout" in text and "0: never" in text and "default: 10.0" in text
    assert f"{sandbox.HARD_HEAP_LIMIT // 2**20} MiB of memory" in text
    assert f"{sandbox.MAX_RESULT_BYTES // 2**20} MiB of rows" in text
    assert "--timeout 2" in text  # an example


# --- memory ---------------------------------------------------------------------------------------


@installed
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT zeroblob(500000000)", MEMORY),
        ("SELECT randomblob(1e9)", MEMORY),
        ("SELECT printf('%.*c', 999999999, 'x')", MEMORY),
        (f"{ENDLESS} SELECT x, printf('%.*c', 1000, 'y') AS pad FROM r ORDER BY x DESC", MEMORY),
        (
            f"{ENDLESS} SELECT x FROM r",
            f"cppsctl: error: query stopped: the result is larger than {sandbox.MAX_RESULT_BYTES // 2**20} MiB;"
            " add a LIMIT (or count with count(*))\n",
        ),
    ],
    ids=["zeroblob", "randomblob", "printf", "endless sort", "endless rows"],
)
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_a_query_past_a_memory_bound_is_one_line_and_exit_1(query: str, message: str, fmt: str) -> None:
    result = run("sql", query, "--timeout", "0", "--format", fmt)
    assert (result.returncode, result.stdout, result.stderr.decode()) == (1, b"", message)


@installed
def test_a_large_value_under_the_bounds_still_comes_through() -> None:
    result = run("sql", "SELECT length(zeroblob(500000000)) AS n, length(hex(randomblob(1000))) AS h", "-f", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [{"n": 500000000, "h": 2000}]


def test_the_bounds_are_set_on_the_connection(dataset: cppsctl.Dataset) -> None:
    assert sandbox.run_query(dataset, "PRAGMA user_version")  # runs a query: the bounds are set
    import sqlite3
    import sys

    connection = sqlite3.connect(":memory:")
    sandbox._bound(connection)
    assert connection.execute("PRAGMA hard_heap_limit").fetchone() == (sandbox.HARD_HEAP_LIMIT,)
    assert connection.execute("PRAGMA temp.max_page_count").fetchone() == (sandbox.MAX_TEMP_PAGES,)
    assert connection.execute("PRAGMA temp_store").fetchone() == (2,)  # memory: counted by the heap limit
    if sys.version_info >= (3, 11):
        assert connection.getlimit(sqlite3.SQLITE_LIMIT_LENGTH) == sandbox.MAX_LENGTH
    connection.close()


def test_max_rows_still_cuts_an_endless_query_before_the_result_bound(dataset: cppsctl.Dataset) -> None:
    assert sandbox.run_query(dataset, f"{ENDLESS} SELECT x FROM r", max_rows=2) == (["x"], [(1,), (2,)])


# --- -p NAME VALUE --------------------------------------------------------------------------------


def test_parameters_bind_by_name(invoke_json: Callable[..., Any]) -> None:
    found = invoke_json(
        "sql",
        "SELECT id FROM actions WHERE contract_id = :contract AND position = :n ORDER BY id",
        "-p",
        "contract",
        "cpsa-11-2022-2026",
        "--param",
        "n",
        "1",
    )
    assert found and all(r["id"].startswith("cpsa-11-2022-2026/") for r in found)


def test_a_parameter_is_a_string_and_never_sql(invoke_json: Callable[..., Any]) -> None:
    hostile = "x'); DROP TABLE actions; --"
    assert invoke_json("sql", "SELECT :v AS v, typeof(:v) AS t", "-p", "v", hostile) == [{"v": hostile, "t": "text"}]
    assert invoke_json("sql", "SELECT :n + 1 AS n", "-p", "n", "41") == [{"n": 42}]  # SQLite's own conversion


def test_the_last_value_of_a_repeated_parameter_wins_and_unused_ones_are_ignored(
    invoke_json: Callable[..., Any],
) -> None:
    assert invoke_json("sql", "SELECT :a AS a", "-p", "a", "1", "-p", "a", "2", "-p", "b", "3") == [{"a": "2"}]


def test_a_missing_parameter_is_a_usage_error_naming_it(invoke: Invoke) -> None:
    result = invoke("sql", "SELECT :a AS a, :b AS b", "-p", "a", "1")
    assert result.exit_code == 2
    assert result.stderr == "cppsctl: error: no value given for the parameter :b (give it with -p b VALUE)\n"


def test_the_library_names_the_missing_parameter_without_an_option(dataset: cppsctl.Dataset) -> None:
    with pytest.raises(sandbox.MissingParameterError, match=r"^no value given for the parameter :who$") as caught:
        sandbox.run_query(dataset, "SELECT :who")
    assert caught.value.name == "who" and caught.value.exit_code == 2


def test_positional_parameters_are_refused(invoke: Invoke) -> None:
    result = invoke("sql", "SELECT ?", "-p", "a", "1")
    assert (result.exit_code, result.stderr) == (2, "cppsctl: error: parameters must be named (:name), not '?'\n")


def test_a_parameter_needs_a_name_and_a_value(invoke: Invoke) -> None:
    result = invoke("sql", "SELECT :a", "-p", "a")
    assert result.exit_code == 2
    assert result.stderr.startswith("cppsctl: error: option '-p' requires 2 arguments")
