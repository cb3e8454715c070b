"""docs/formats.md says the csv columns and the SQLite tables as they are: checked against the code."""

from __future__ import annotations

import re
import sqlite3

import pytest

from cppsctl.model import Dataset
from cppsctl.sql import schema as sql_schema
from tests.conftest import ROOT, Invoke

DOC = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")


def documented_columns(command: str) -> list[str]:
    match = re.search(rf"^\| `cppsctl {command}`[^|]* \| (.*) \|$", DOC, re.MULTILINE)
    assert match, f"docs/formats.md has no row for cppsctl {command}"
    return re.findall(r"`([^`]+)`", match.group(1))


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("list", ["list"]),
        ("actions", ["actions"]),
        ("actions", ["actions", "--search", "no such words"]),
        ("search", ["search", "stupefiants"]),
        ("validate", ["validate"]),
        ("show CONTRACT", ["show", "cpps-2015-2020"]),
        ("show CONTRACT", ["show", "cpps-2015-2020/1.1"]),
    ],
)
def test_csv_columns_are_documented_in_order(invoke: Invoke, command: str, args: list[str]) -> None:
    result = invoke(*args, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    header = result.stdout.splitlines()[0].split(",")
    assert header == documented_columns(command)


def test_themes_csv_columns_are_documented(invoke: Invoke, dataset: Dataset) -> None:
    header = invoke("themes", "--format", "csv").stdout.splitlines()[0].split(",")
    fixed = documented_columns("themes")[:-1]  # the last is the counts.<contract id> pattern
    assert header == fixed + [f"counts.{c.id}" for c in dataset.contracts]


@pytest.fixture(scope="module")
def built(dataset: Dataset) -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    sql_schema.build_database(dataset, connection)
    return connection


def section(table: str) -> str:
    match = re.search(rf"^#### `{table}`\n(.*?)(?=^#|\Z)", DOC, re.MULTILINE | re.DOTALL)
    assert match, f"docs/formats.md has no section for the table {table}"
    return match.group(1)


def names(items: list[str]) -> str:
    return ", ".join(f"`{i}`" for i in items)


@pytest.mark.parametrize("table", list(sql_schema.TABLES))
def test_every_table_is_documented_as_it_is(built: sqlite3.Connection, table: str) -> None:
    text = section(table)
    info = built.execute(f"PRAGMA table_info({table})").fetchall()
    assert f"Columns: {names([r[1] for r in info])}." in text
    assert f"Primary key: {names([r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5])])}." in text
    keys = [
        f"`{r[3]}` → `{r[2]}.{r[4]}`" for r in reversed(built.execute(f"PRAGMA foreign_key_list({table})").fetchall())
    ]
    if keys:
        assert f"Foreign keys: {', '.join(keys)}." in text
    else:
        assert "Foreign keys" not in text


def test_no_table_is_documented_that_does_not_exist() -> None:
    assert re.findall(r"^#### `(\w+)`", DOC, re.MULTILINE) == list(sql_schema.TABLES)


def test_the_documented_indexes_exist(built: sqlite3.Connection) -> None:
    line = next(text for text in DOC.splitlines() if text.startswith("Besides the indexes"))
    for table, column in re.findall(r"`(\w+)\((\w+)\)`", line):
        indexed = {
            built.execute(f"PRAGMA index_info({i[1]})").fetchone()[2]
            for i in built.execute(f"PRAGMA index_list({table})")
        }
        assert column in indexed
    assert len(re.findall(r"`(\w+)\((\w+)\)`", line)) == len(sql_schema.INDEXES)
