"""``cppsctl sql`` and ``cppsctl export``, and csv for spreadsheets (``--bom``), through the CLI."""

from __future__ import annotations

import csv
import io
import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import cppsctl
from cppsctl.cli.app import app
from cppsctl.output.records import ACTION_FIELDS
from tests.conftest import MINIMAL, Invoke, write

READ_ONLY = " (only read-only queries can run)"
ONE_STATEMENT = "only one statement can run at a time (remove the ';' and what follows it)"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("ATTACH DATABASE 'other.db' AS other", "not allowed: ATTACH" + READ_ONLY),
        (
            "INSERT INTO themes (id, label_fr, label_en, action_count, ordinal) VALUES ('x', 'x', 'x', 0, 99)",
            "not allowed: INSERT INTO themes" + READ_ONLY,
        ),
        ("CREATE TABLE notes (text TEXT)", "not allowed: CREATE TABLE" + READ_ONLY),
        ("create index i on actions (title)", "not allowed: CREATE INDEX" + READ_ONLY),
        ("DROP TABLE actions", "not allowed: DROP TABLE" + READ_ONLY),
        ("UPDATE actions SET title = ''", "not allowed: UPDATE actions" + READ_ONLY),
        ("DELETE FROM lineage", "not allowed: DELETE FROM lineage" + READ_ONLY),
        ("PRAGMA user_version = 3", "not allowed: PRAGMA user_version = 3" + READ_ONLY),
        ("PRAGMA foreign_keys = OFF", "not allowed: PRAGMA foreign_keys = OFF" + READ_ONLY),
        ("SELECT load_extension('x')", "not allowed: load_extension()" + READ_ONLY),
        ("SELECT 1; SELECT 2", ONE_STATEMENT),
        ("SELECT id FROM actions; DROP TABLE actions", ONE_STATEMENT),
        ("SELEC id FROM actions", 'syntax error: near "SELEC"'),
    ],
)
def test_refused_queries_say_why_and_exit_2(invoke: Invoke, query: str, message: str) -> None:
    result = invoke("sql", query)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"cppsctl: error: {message}\n"


def test_attach_and_vacuum_into_write_no_file(invoke: Invoke, tmp_path: Path) -> None:
    for query in (f"ATTACH DATABASE '{tmp_path / 'a.db'}' AS a", f"VACUUM INTO '{tmp_path / 'v.db'}'"):
        assert invoke("sql", query).exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_a_query_prints_its_columns_in_order(invoke_json: Callable[..., Any]) -> None:
    found = invoke_json("sql", "SELECT position, id FROM actions WHERE priority_id = 'cpsa-11-2022-2026/2'")
    assert found == [
        {"position": 1, "id": "cpsa-11-2022-2026/2.1"},
        {"position": 2, "id": "cpsa-11-2022-2026/2.2"},
    ]


QUERY = (
    "SELECT theme_id, count(*) AS actions FROM action_themes WHERE action_id LIKE 'cpsa-11-%'"
    " GROUP BY theme_id ORDER BY 2 DESC, 1 LIMIT 3"
)  # the 11th's two contracts: youth 3 + 3, public space 2 + 1, then cenomed first of the themes at 1 + 1


@pytest.mark.parametrize(
    ("format", "expected"),
    [
        ("csv", "theme_id,actions\nyouth,6\npublic-space,3\ncenomed,2\n"),
        ("tsv", "theme_id\tactions\nyouth\t6\npublic-space\t3\ncenomed\t2\n"),
        (
            "jsonl",
            '{"theme_id": "youth", "actions": 6}\n{"theme_id": "public-space", "actions": 3}\n'
            '{"theme_id": "cenomed", "actions": 2}\n',
        ),
        ("markdown", "| theme_id | actions |\n|---|---|\n| youth | 6 |\n| public-space | 3 |\n| cenomed | 2 |\n"),
    ],
)
def test_every_output_format(invoke: Invoke, format: str, expected: str) -> None:
    result = invoke("sql", QUERY, "--format", format)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected


def test_table_format(invoke: Invoke) -> None:
    result = invoke("sql", QUERY)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "theme_id" in lines[1] and "actions" in lines[1]
    assert "youth" in lines[3] and "6" in lines[3]


def test_fields_sort_and_limit_work_on_the_query_columns(invoke: Invoke) -> None:
    query = "SELECT id, priority, position FROM actions WHERE contract_id = 'cpsa-11-2022-2026'"
    result = invoke("sql", query, "--sort", "-position", "--limit", "2", "--fields", "position,id", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout == "position,id\n3,cpsa-11-2022-2026/1.3\n2,cpsa-11-2022-2026/1.2\n"
    wrong = invoke("sql", query, "--fields", "title")
    assert wrong.exit_code == 2
    assert wrong.stderr == "cppsctl: error: unknown field 'title'; valid fields: id, priority, position\n"


def test_an_empty_result_still_has_its_header(invoke: Invoke) -> None:
    query = "SELECT id, title FROM actions WHERE 0"
    assert invoke("sql", query, "--format", "csv").stdout == "id,title\n"
    assert invoke("sql", query, "--format", "json").stdout == "[]\n"
    assert "title" in invoke("sql", query).stdout


def test_limit_cuts_a_query_that_never_ends(invoke: Invoke) -> None:
    endless = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x FROM n"
    assert invoke("sql", endless, "--limit", "3", "--format", "csv").stdout == "x\n1\n2\n3\n"


def test_full_text_search_ignores_accents(invoke: Invoke) -> None:
    query = (
        "SELECT a.id FROM actions_fts JOIN actions a ON a.rowid = actions_fts.rowid"
        " WHERE actions_fts MATCH 'stupefiants' ORDER BY a.id"
    )
    assert invoke("sql", query, "--format", "csv").stdout == (
        "id\ncpps-2015-2020/3.4\ncpsa-11-2016-2020/3.3\ncpsa-11-2022-2026/3.2\n"
    )


def test_the_query_can_come_from_standard_input(dataset: cppsctl.Dataset) -> None:
    result = CliRunner().invoke(app, ["sql", "-", "--format", "csv"], input="SELECT count(*) AS n\nFROM contracts;\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"n\n{len(dataset.contracts)}\n"


def test_another_dataset(invoke: Invoke, tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL)
    result = invoke("sql", "SELECT id FROM actions", "--data", str(path), "--format", "csv")
    assert result.stdout == "id\ncpps-2030-2035/1.1\ncpps-2030-2035/1.2\n"


def test_two_columns_of_the_same_name_are_refused(invoke: Invoke) -> None:
    result = invoke("sql", "SELECT a.id, c.id FROM actions a JOIN contracts c ON c.id = a.contract_id")
    assert result.exit_code == 2
    assert result.stderr == "cppsctl: error: two result columns are named 'id'; name them apart with AS\n"


def test_formula_like_cells_are_neutralised_in_csv(invoke: Invoke) -> None:
    assert invoke("sql", "SELECT '=1+1' AS f", "--format", "csv").stdout == "f\n'=1+1\n"
    assert invoke("sql", "SELECT '=1+1' AS f", "--format", "csv", "--raw-cells").stdout == "f\n=1+1\n"


# --- export ---------------------------------------------------------------------------------------


def test_export_writes_a_database_and_says_so(invoke: Invoke, tmp_path: Path, dataset: cppsctl.Dataset) -> None:
    target = tmp_path / "cpps.db"
    result = invoke("export", "--format", "sqlite", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    actions = sum(1 for _ in dataset.actions)
    priorities = sum(c.priority_count for c in dataset.contracts)
    assert result.stderr == (
        f"wrote {target}: {len(dataset.contracts)} contracts, {priorities} priorities, {actions} actions,"
        f" {len(dataset.themes)} themes\n"
    )
    with sqlite3.connect(target) as connection:
        assert connection.execute("SELECT count(*) FROM actions").fetchone() == (actions,)


def test_export_over_an_existing_file_needs_force(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "cpps.db"
    target.write_text("keep me", encoding="utf-8")
    result = invoke("export", "--format", "sqlite", str(target))
    assert result.exit_code == 2
    assert result.stderr == f"cppsctl: error: {target} already exists; add --force to overwrite it\n"
    assert target.read_text(encoding="utf-8") == "keep me"
    assert invoke("export", "--format", "sqlite", str(target), "--force").exit_code == 0
    assert target.read_bytes().startswith(b"SQLite format 3\x00")


def test_export_gives_the_same_content_twice(invoke: Invoke, tmp_path: Path) -> None:
    dumps = []
    for name in ("a.db", "b.db"):
        assert invoke("export", "-f", "sqlite", str(tmp_path / name)).exit_code == 0
        with sqlite3.connect(tmp_path / name) as connection:
            dumps.append("\n".join(connection.iterdump()))
    assert dumps[0] == dumps[1]


def test_export_with_datasette_metadata(invoke: Invoke, tmp_path: Path) -> None:
    target, metadata = tmp_path / "paris.db", tmp_path / "paris.json"
    result = invoke("export", "--format", "sqlite", str(target), "--metadata", str(metadata))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith(f"; Datasette metadata in {metadata}\n")
    written = json.loads(metadata.read_text(encoding="utf-8"))
    assert list(written["databases"]) == ["paris"]
    assert "actions" in written["databases"]["paris"]["tables"]


def test_existing_metadata_stops_the_export_before_anything_is_written(invoke: Invoke, tmp_path: Path) -> None:
    target, metadata = tmp_path / "paris.db", tmp_path / "paris.json"
    metadata.write_text("{}", encoding="utf-8")
    result = invoke("export", "--format", "sqlite", str(target), "--metadata", str(metadata))
    assert result.exit_code == 2
    assert result.stderr == f"cppsctl: error: {metadata} already exists; add --force to overwrite it\n"
    assert not target.exists()


@pytest.mark.parametrize("args", [[], ["--format", "csv"]])
def test_export_needs_a_known_format(invoke: Invoke, tmp_path: Path, args: list[str]) -> None:
    result = invoke("export", str(tmp_path / "x.db"), *args)
    assert result.exit_code == 2
    assert "--format" in result.stderr
    assert not (tmp_path / "x.db").exists()


# --- csv for spreadsheets -------------------------------------------------------------------------


@pytest.mark.parametrize(("format", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_bom_for_excel(invoke: Invoke, format: str, delimiter: str, dataset: cppsctl.Dataset) -> None:
    result = invoke("actions", "--format", format, "--bom")
    assert result.exit_code == 0
    assert result.stdout.startswith("\ufeffid")
    found = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff")), delimiter=delimiter))
    assert found[0] == list(ACTION_FIELDS)
    assert len(found) == 1 + sum(1 for _ in dataset.actions)
    assert not invoke("actions", "--format", format).stdout.startswith("\ufeff")


def test_bom_on_sql_output(invoke: Invoke) -> None:
    result = invoke("sql", "SELECT id FROM contracts WHERE id = 'cpps-2015-2020'", "--format", "csv", "--bom")
    assert result.stdout == "\ufeffid\ncpps-2015-2020\n"


def test_bom_is_only_for_csv_and_tsv(invoke: Invoke) -> None:
    assert invoke("sql", "SELECT 1 AS n", "--format", "json", "--bom").stdout == '[\n  {\n    "n": 1\n  }\n]\n'


@pytest.mark.parametrize(
    ("args", "header"),
    [
        (["actions", "--search", "no such words"], ",".join(ACTION_FIELDS)),
        (["validate"], "path,line,column,where,message"),
    ],
)
def test_a_csv_without_records_still_has_its_header(invoke: Invoke, args: list[str], header: str) -> None:
    result = invoke(*args, "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout == header + "\n"
    as_json = json.loads(invoke(*args, "--format", "json").stdout)
    assert (as_json["problems"] if args == ["validate"] else as_json) == []


def test_ctrl_c_stops_a_query_that_never_ends() -> None:
    endless = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"
    process = subprocess.Popen(
        [sys.executable, "-m", "cppsctl", "sql", endless], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        time.sleep(1.5)  # start-up, then well inside the query
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130  # the documented exit code of an interrupt
    assert "Traceback" not in stderr
