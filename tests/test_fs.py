"""The one atomic writer (``cppsctl.fs``): what it refuses, what it leaves behind, and the commands that use it.

Every file is made under ``tmp_path``; the special files are a named pipe and a
socket made there (never a real device), and a pipe is only ever looked at:
a test that opened it would block, so the real-process ones run with a timeout.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cppsctl import fs
from cppsctl.errors import UsageError
from cppsctl.model import Dataset
from cppsctl.sql import export as sql_export
from tests.conftest import Invoke
from tests.test_process import BIN

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


def fill_with(data: bytes) -> Callable[[Path], object]:
    return lambda temporary: fs.write_bytes(temporary, data)


def test_a_new_file_is_written_whole_with_the_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    umask = os.umask(0o022)
    try:
        fs.write_atomically(target, fill_with(b"hello"))
    finally:
        os.umask(umask)
    assert target.read_bytes() == b"hello"
    assert target.stat().st_mode & 0o777 == 0o644
    assert os.listdir(tmp_path) == ["out.txt"]


def test_an_existing_file_is_replaced_only_with_force(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"precious")
    with pytest.raises(fs.TargetExistsError, match=r"out\.txt already exists$") as caught:
        fs.write_atomically(target, fill_with(b"new"))
    assert caught.value.exit_code == 2 and caught.value.path == target
    assert target.read_bytes() == b"precious"
    fs.write_atomically(target, fill_with(b"new"), force=True)
    assert target.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_a_file_that_appears_while_writing_is_not_replaced_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"

    def race(temporary: Path) -> None:
        fs.write_bytes(temporary, b"mine")
        target.write_bytes(b"theirs")  # after the check, before the rename

    with pytest.raises(fs.TargetExistsError):
        fs.write_atomically(target, race)
    assert target.read_bytes() == b"theirs"
    assert os.listdir(tmp_path) == ["out.txt"]


@needs_fifo
@pytest.mark.parametrize("force", [False, True])
def test_a_named_pipe_is_refused_without_being_opened(tmp_path: Path, force: bool) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(fs.TargetError, match=r"pipe: is not a regular file \(a named pipe\); it is never written to$"):
        fs.write_atomically(pipe, fill_with(b"x"), force=force)  # opening it would block: the test would hang
    assert os.listdir(tmp_path) == ["pipe"]


@pytest.mark.parametrize("force", [False, True])
def test_a_socket_is_refused(tmp_path: Path, force: bool) -> None:
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(fs.TargetError, match=r"is not a regular file \(a socket\)"):
            fs.check_target(path, force)
    finally:
        server.close()


@pytest.mark.parametrize("force", [False, True])
@pytest.mark.parametrize("points_to", ["a file", "nothing"])
def test_a_symbolic_link_is_never_replaced_nor_followed(tmp_path: Path, force: bool, points_to: str) -> None:
    pointed = tmp_path / "pointed.txt"
    if points_to == "a file":
        pointed.write_bytes(b"precious")
    link = tmp_path / "link.txt"
    link.symlink_to(pointed)
    with pytest.raises(fs.TargetError, match=r"link\.txt: is a symbolic link; it is never replaced"):
        fs.write_atomically(link, fill_with(b"new"), force=force)
    assert link.is_symlink()
    assert (pointed.read_bytes() == b"precious") if points_to == "a file" else not pointed.exists()
    assert sorted(os.listdir(tmp_path)) == sorted(["link.txt", *(["pointed.txt"] if points_to == "a file" else [])])


@pytest.mark.parametrize("force", [False, True])
def test_a_folder_or_a_missing_folder_is_refused(tmp_path: Path, force: bool) -> None:
    with pytest.raises(fs.TargetError, match=r"is a folder; give the name of the file to write$"):
        fs.write_atomically(tmp_path, fill_with(b"x"), force=force)
    with pytest.raises(fs.TargetError, match=r"folder .*nope does not exist$"):
        fs.write_atomically(tmp_path / "nope" / "out.txt", fill_with(b"x"), force=force)
    assert os.listdir(tmp_path) == []


def test_refusals_are_usage_errors_that_name_no_option(tmp_path: Path) -> None:
    (tmp_path / "f").write_bytes(b"")
    for path in (tmp_path, tmp_path / "f"):
        with pytest.raises(UsageError) as caught:
            fs.check_target(path, force=False)
        assert "--" not in str(caught.value)


@pytest.mark.parametrize("where", ["fill", "fsync", "rename"])
def test_any_os_error_removes_the_temporary_file_and_is_one_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"precious")

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    fill = full if where == "fill" else fill_with(b"new")
    if where == "fsync":
        monkeypatch.setattr(os, "fsync", full)
    if where == "rename":
        monkeypatch.setattr(os, "replace", full)
    with pytest.raises(fs.OutputFileError, match=r"^cannot write .*out\.txt: No space left on device$") as caught:
        fs.write_atomically(target, fill, force=True)
    assert caught.value.exit_code == 1
    assert target.read_bytes() == b"precious"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_any_other_exception_removes_the_temporary_file_too(tmp_path: Path) -> None:
    def broken(temporary: Path) -> None:
        fs.write_bytes(temporary, b"half")
        raise RuntimeError("bug")

    with pytest.raises(RuntimeError, match="bug"):
        fs.write_atomically(tmp_path / "out.txt", broken)
    assert os.listdir(tmp_path) == []


def test_a_write_that_makes_no_progress_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.write
    calls = []

    def short(fd: int, data: object) -> int:
        calls.append(fd)
        if len(calls) == 1:
            return real(fd, bytes(memoryview(data)[:2]))  # type: ignore[arg-type]
        return 0

    monkeypatch.setattr(os, "write", short)
    with pytest.raises(fs.OutputFileError, match="No space left on device"):
        fs.write_atomically(tmp_path / "out.txt", fill_with(b"hello"))
    assert os.listdir(tmp_path) == []


def test_a_short_write_goes_on_until_everything_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real(fd, bytes(memoryview(data)[:3])))
    fs.write_atomically(tmp_path / "out.txt", fill_with(b"0123456789"))
    assert (tmp_path / "out.txt").read_bytes() == b"0123456789"


def test_temporary_names_never_collide_with_an_existing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.urandom
    draws = iter([b"\0\0\0\0", b"\0\0\0\0", b"\1\1\1\1"])
    monkeypatch.setattr(os, "urandom", lambda n: next(draws, None) or real(n))
    monkeypatch.setattr(fs, "_counter", iter([7, 7, 7]))
    taken = tmp_path / f".out.txt.{os.getpid()}-7-00000000.tmp"
    taken.write_bytes(b"someone else's")
    fs.write_atomically(tmp_path / "out.txt", fill_with(b"mine"))
    assert taken.read_bytes() == b"someone else's"
    assert sorted(os.listdir(tmp_path)) == sorted(["out.txt", taken.name])


# --- the commands that write files ----------------------------------------------------------------


def test_metadata_on_the_database_file_is_refused_before_anything_is_written(
    tmp_path: Path, invoke: Invoke, dataset: Dataset
) -> None:
    target = tmp_path / "cpps.db"
    with pytest.raises(UsageError, match=r"the metadata file cannot be the database file$"):
        sql_export.export(dataset, target, metadata=tmp_path / "." / "cpps.db")
    result = invoke("export", "--format", "sqlite", str(target), "--metadata", str(target))
    assert result.exit_code == 2
    assert result.stderr == f"cppsctl: error: {target}: the metadata file cannot be the database file\n"
    assert os.listdir(tmp_path) == []


def test_metadata_through_another_name_of_the_same_file_is_refused(tmp_path: Path, invoke: Invoke) -> None:
    target = tmp_path / "cpps.db"
    target.write_bytes(b"keep")
    os.link(target, tmp_path / "same.json")
    result = invoke("export", "-f", "sqlite", str(target), "--metadata", str(tmp_path / "same.json"), "--force")
    assert result.exit_code == 2
    assert result.stderr.endswith(": the metadata file cannot be the database file\n")
    assert target.read_bytes() == b"keep"


@pytest.mark.parametrize("which", ["database", "metadata"])
def test_a_refused_target_stops_the_export_before_anything_is_written(
    tmp_path: Path, invoke: Invoke, which: str
) -> None:
    target, metadata = tmp_path / "cpps.db", tmp_path / "cpps.json"
    (tmp_path / "elsewhere").write_bytes(b"precious")
    (target if which == "database" else metadata).symlink_to(tmp_path / "elsewhere")
    result = invoke("export", "-f", "sqlite", str(target), "--metadata", str(metadata), "--force")
    assert result.exit_code == 2
    assert result.stderr.endswith(": is a symbolic link; it is never replaced (give the file it points to)\n")
    assert sorted(os.listdir(tmp_path)) == sorted(["elsewhere", target.name if which == "database" else metadata.name])
    assert (tmp_path / "elsewhere").read_bytes() == b"precious"


@needs_fifo
@pytest.mark.skipif(not BIN.exists(), reason="the cppsctl command is not installed in this environment")
@pytest.mark.parametrize("force", [[], ["--force"]])
@pytest.mark.parametrize(
    "command",
    [
        ["export", "-f", "sqlite", "{pipe}"],
        ["export", "-f", "sqlite", "x.db", "--metadata", "{pipe}"],
        ["report", "--html", "{pipe}"],
    ],
)
def test_a_named_pipe_never_blocks_a_command(tmp_path: Path, command: list[str], force: list[str]) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    args = [a.format(pipe=pipe) for a in command]
    result = subprocess.run([str(BIN), *args, *force], cwd=tmp_path, capture_output=True, timeout=30, check=False)
    assert result.returncode == 2
    assert (
        result.stderr.decode()
        == f"cppsctl: error: {pipe}: is not a regular file (a named pipe); it is never written to\n"
    )
    assert os.listdir(tmp_path) == ["pipe"]


def test_the_export_builds_one_transaction_without_a_journal(
    tmp_path: Path, dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    statements: list[str] = []
    real = sqlite3.connect

    def traced(database: str | Path, isolation_level: None = None) -> sqlite3.Connection:
        connection = real(database, isolation_level=isolation_level)
        connection.set_trace_callback(statements.append)
        return connection

    monkeypatch.setattr(sqlite3, "connect", traced)
    sql_export.export(dataset, tmp_path / "out.db")
    assert statements[:2] == ["PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF"]
    assert [s for s in statements if s in ("BEGIN", "COMMIT", "BEGIN ")] == ["BEGIN", "COMMIT"]
    assert os.listdir(tmp_path) == ["out.db"]


def test_writing_a_file_never_loads_openssl(tmp_path: Path) -> None:
    """``secrets`` and ``tempfile`` would load hashlib, hence OpenSSL (about 3 ms); the writer uses os.urandom."""
    code = (
        "import sys, json\n"
        "from cppsctl.cli import main\n"
        f"sys.argv = ['cppsctl', 'export', '-f', 'sqlite', {str(tmp_path / 'x.db')!r}, '--metadata', "
        f"{str(tmp_path / 'x.json')!r}]\n"
        "try:\n    main()\nexcept SystemExit as stop:\n    assert not stop.code\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    modules = set(json.loads(result.stdout.splitlines()[-1]))
    assert {"_ssl", "_hashlib", "hashlib", "secrets", "tempfile"}.isdisjoint(modules)
    assert sorted(os.listdir(tmp_path)) == ["x.db", "x.json"]
