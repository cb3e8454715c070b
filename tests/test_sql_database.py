"""``sql``'s database in the cache: built once under the dataset's key, opened read-only, rebuilt when not trusted."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import cppsctl
from cppsctl.dataset import cache
from cppsctl.sql import database as db
from cppsctl.sql import schema as sql_schema
from tests.conftest import MINIMAL, Invoke, write
from tests.test_imports import modules_after

COUNT = "SELECT count(*) AS n FROM actions"


def files(suffix: str = ".sqlite") -> list[Path]:
    folder = cache.cache_dir()
    assert folder is not None
    return sorted(p for p in folder.iterdir() if p.name.endswith(suffix)) if folder.is_dir() else []


def only_file() -> Path:
    found = files()
    assert len(found) == 1, found
    return found[0]


def count(path: Path | None = None, *, cache: bool = True) -> int:
    with db.Database(path, cache=cache) as database:
        _, rows = database.query_records(COUNT)
    return int(rows[0]["n"])


def test_the_first_query_builds_the_file_and_the_next_ones_open_it(
    dataset: cppsctl.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    actions = sum(1 for _ in dataset.actions)
    assert count() == actions
    path = only_file()
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.name.startswith("dataset-") and len(files(".marshal")) == 1  # beside the dataset's entry
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (sql_schema.SCHEMA_VERSION,)
    built = path.stat().st_mtime_ns
    monkeypatch.setattr(db, "_build", lambda *args: pytest.fail("built again"))
    assert count() == actions
    assert path.stat().st_mtime_ns == built
    assert [p.name for p in files()] == [path.name]


def test_the_file_is_opened_read_only_even_without_the_sandbox(tmp_path: Path) -> None:
    count()
    with db.Database() as database:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            database.connection.execute("CREATE TABLE planted (x)")
        assert database.file is not None and database.file.exists()
    assert "planted" not in only_file().read_bytes().decode("latin-1")


def test_a_changed_dataset_gets_a_new_file_and_the_old_one_goes(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL)
    assert count(path) == 2
    first = only_file()
    changed = MINIMAL.replace("declared_action_count = 2\nsources", "declared_action_count = 3\nsources").replace(
        "declared_action_count = 2\n\n", "declared_action_count = 3\n\n"
    )
    changed += '\n[[contracts.priorities.actions]]\ntitle = "Une troisième action"\nthemes = ["youth"]\n'
    path.write_text(changed, encoding="utf-8")
    assert count(path) == 3  # same size and time stamp would not matter: the key is the bytes
    assert only_file() != first


def test_another_version_of_the_code_never_meets_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, MINIMAL)
    count(path)
    first = only_file()
    monkeypatch.setattr(cache, "_code_stamp", lambda: "another build")
    count(path)
    assert only_file() != first


def _damage(path: Path, how: str) -> None:
    raw = path.read_bytes()
    if how == "random bytes":
        path.write_bytes(os.urandom(len(raw)))
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "truncated":
        path.write_bytes(raw[: len(raw) // 2])
    elif how == "one page short":
        path.write_bytes(raw[:-4096])
    elif how == "older schema":
        with sqlite3.connect(path) as connection:
            connection.execute(f"PRAGMA user_version = {sql_schema.SCHEMA_VERSION - 1}")
        path.chmod(0o600)
    elif how == "schema page garbage":
        path.write_bytes(raw[:100] + b"\xff" * 3996 + raw[4096:])
    elif how == "an index page garbage":  # the header and the schema are fine: only the query finds out
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            plan = connection.execute(f"EXPLAIN QUERY PLAN {COUNT}").fetchone()[-1]
            index = plan.rsplit(" ", 1)[-1]  # SCAN actions USING COVERING INDEX <name>
            (root,) = connection.execute("SELECT rootpage FROM sqlite_schema WHERE name = ?", (index,)).fetchone()
            (size,) = connection.execute("PRAGMA page_size").fetchone()
        connection.close()
        start = (root - 1) * size
        path.write_bytes(raw[:start] + b"\xff" * size + raw[start + size :])
    elif how == "world-writable":
        path.chmod(0o666)
    elif how == "a symbolic link":
        good = path.with_name("elsewhere.db")
        path.rename(good)
        path.symlink_to(good)
    elif how == "a folder":
        path.unlink()
        path.mkdir()
    else:
        raise AssertionError(how)


DAMAGES = [
    "random bytes", "empty", "truncated", "one page short", "older schema", "schema page garbage",
    "an index page garbage", "world-writable", "a symbolic link",
]  # fmt: skip


@pytest.mark.parametrize("how", DAMAGES)
def test_a_file_that_cannot_be_trusted_is_rebuilt_never_used(
    dataset: cppsctl.Dataset, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    actions = sum(1 for _ in dataset.actions)
    count()
    path = only_file()
    _damage(path, how)
    rebuilt: list[int] = []
    real = db.Database.rebuild

    def rebuild(self: db.Database) -> None:
        rebuilt.append(1)
        real(self)

    monkeypatch.setattr(db.Database, "rebuild", rebuild)
    assert count() == actions
    assert rebuilt == ([1] if how == "an index page garbage" else [])  # the others: refused before opening
    assert not path.is_symlink() and path.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute(COUNT).fetchone() == (actions,)
    if how == "a symbolic link":
        assert path.with_name("elsewhere.db").exists()  # the link is replaced, what it pointed to left alone


@pytest.mark.skipif(not hasattr(os, "chown") or os.geteuid() != 0, reason="giving a file away needs root")
def test_a_file_owned_by_another_user_is_rebuilt(dataset: cppsctl.Dataset) -> None:
    count()
    path = only_file()
    os.chown(path, 4242, -1)
    assert count() == sum(1 for _ in dataset.actions)
    assert path.stat().st_uid == os.geteuid()


def test_a_folder_in_place_of_the_file_means_a_database_in_memory(dataset: cppsctl.Dataset) -> None:
    count()
    _damage(only_file(), "a folder")
    assert count() == sum(1 for _ in dataset.actions)
    assert only_file().is_dir()


@pytest.mark.parametrize("why", ["no cache wanted", "no home", "a read-only cache"])
def test_without_a_usable_cache_the_database_is_built_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dataset: cppsctl.Dataset, why: str
) -> None:
    if why == "no home":
        monkeypatch.setenv("XDG_CACHE_HOME", "")
        monkeypatch.setenv("HOME", "")
    if why == "a read-only cache":
        monkeypatch.setattr(db, "store", lambda path, fill: False)
    assert count(cache=why != "no cache wanted") == sum(1 for _ in dataset.actions)
    if why != "no home":
        assert files() == []


def test_no_cache_from_the_command_line_writes_no_database(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke("sql", "SELECT 1 AS n", "--no-cache", "-f", "csv").stdout == "n\n1\n"
    monkeypatch.setenv("CPPSCTL_NO_CACHE", "1")
    assert invoke("sql", "SELECT 1 AS n", "-f", "csv").stdout == "n\n1\n"
    assert files() == []
    monkeypatch.delenv("CPPSCTL_NO_CACHE")
    assert invoke("sql", "SELECT 1 AS n", "-f", "csv").stdout == "n\n1\n"
    assert len(files()) == 1


def test_a_header_must_describe_the_whole_file(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "x.db") as connection:
        connection.execute("CREATE TABLE t (x)")
    connection.close()
    raw = (tmp_path / "x.db").read_bytes()
    version = int.from_bytes(raw[60:64], "big")
    assert db.header_ok(raw[:100], len(raw), version)
    assert not db.header_ok(raw[:100], len(raw) + 1, version)
    assert not db.header_ok(raw[:100], len(raw), version + 1)
    assert not db.header_ok(raw[:99], len(raw), version)
    assert not db.header_ok(b"SQLite format 2\x00" + raw[16:100], len(raw), version)


def test_an_invalid_dataset_is_still_exit_3_and_never_cached(invoke: Invoke, tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace('kind = "CPPS"', 'kind = "NOPE"'))
    for _ in range(2):
        result = invoke("sql", "SELECT 1", "--data", str(path))
        assert result.exit_code == 3
    assert files() == []


def test_two_processes_building_at_once_both_answer(generated: Path) -> None:
    code = (
        "import sys; from cppsctl.sql.database import Database\n"
        "with Database(sys.argv[1]) as d: print(d.query_records('SELECT count(*) AS n FROM actions')[1][0]['n'])"
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", code, str(generated)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], [e for _, e in outputs]
    assert {out.strip() for out, _ in outputs} == {str(len(list(cppsctl.load(generated).actions))).encode()}
    folder = cache.cache_dir()
    assert folder is not None
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []  # no temporary file left
    assert len(files()) == 1


def test_a_warm_query_reads_no_toml_and_builds_no_dataset() -> None:
    modules_after("sql", COUNT, "--format", "json")  # builds the file
    modules = modules_after("sql", COUNT, "--format", "json")
    assert {"tomllib", "tomli", "cppsctl.dataset.codec", "cppsctl.dataset.checks", "cppsctl.output.records"}.isdisjoint(
        modules
    )
    assert {"_ssl", "_hashlib", "hashlib"}.isdisjoint(modules)
