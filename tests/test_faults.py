"""Faults at the edges, in real processes: full disks, closed pipes, Ctrl-C at start, odd homes, hostile text.

Never on a real device but /dev/full (which only refuses writes): files are
made in throwaway folders, and the small full disk is a tmpfs the test mounts
when it runs as root (skipped otherwise).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import MINIMAL, Invoke, write
from tests.test_process import BIN, run

pytestmark = pytest.mark.skipif(not BIN.exists(), reason="the cppsctl command is not installed in this environment")

COMMANDS = [
    ["--version"],
    ["--help"],
    ["list", "--help"],
    ["list"],
    ["actions"],
    ["show", "cpps-2015-2020"],
    ["show", "cpsa-11-2016-2020/3.4"],
    ["search", "jeunes"],
    ["themes"],
    ["sources"],
    ["validate"],
    ["compare", "cpsa-11-2016-2020", "cpsa-11-2022-2026"],
    ["history", "night-life"],
    ["timeline"],
    ["matrix"],
    ["sql", "SELECT id FROM actions"],
    ["report", "--html", "-"],
]
FORMATS = [[], ["--format", "json"], ["--format", "jsonl"], ["--format", "csv"], ["--format", "tsv"]]


def cases(*, silent: bool = True) -> Iterator[list[str]]:
    """Every command and format; without ``silent`` ones, those that print nothing (a valid dataset's jsonl)."""
    for command in COMMANDS:
        if command[-1] in ("--version", "--help", "-") or command[0] == "--version":
            yield command
        else:
            for fmt in FORMATS:
                if silent or [*command, *fmt] != ["validate", "--format", "jsonl"]:
                    yield [*command, *fmt]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("args", list(cases(silent=False)), ids=" ".join)
def test_a_full_disk_is_one_line_and_exit_1(args: list[str]) -> None:
    command = " ".join(f"'{a}'" for a in args)
    result = run(shell=f"{BIN} {command} > /dev/full")
    assert result.returncode == 1, result.stderr
    assert result.stderr == b"cppsctl: error: cannot write to standard output: No space left on device\n"


@pytest.mark.parametrize("args", list(cases()), ids=" ".join)
def test_a_closed_pipe_exits_0_quietly(args: list[str]) -> None:
    command = " ".join(f"'{a}'" for a in args)
    result = run(shell=f"{BIN} {command} | head -c1 > /dev/null; exit ${{PIPESTATUS[0]}}")
    assert (result.returncode, result.stderr) == (0, b"")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    folder = tmp_path / "full"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12k", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_a_disk_that_fills_up_fails_even_unbuffered(small_disk: Path, unbuffered: str) -> None:
    target = small_disk / "a.json"
    env = {"PYTHONUNBUFFERED": unbuffered} if unbuffered else {}
    result = run(shell=f"{BIN} actions --format json > {target}", env=env)
    assert result.returncode == 1
    assert result.stderr == b"cppsctl: error: cannot write to standard output: No space left on device\n"


# Where the start has got to, as Python's import log (-X importtime) tells it line by line on stderr: the
# module's line comes once its import is over. From cppsctl/__main__.py's first line on, Ctrl-C is cppsctl's
# to handle; what comes before it (the interpreter's start, site) is Python's own.
START_MOMENTS = {
    "cppsctl.__main__": "the entry point's handler is in place, nothing else of cppsctl is imported",
    "cppsctl.cli": "the command line's package is imported, Typer is not",
    "typer": "in the middle of the command line's imports",
    "cppsctl.cli.app": "the application is built, the command not yet parsed",
    "tomllib": "the dataset is being read",
    "cppsctl.dataset.checks": "the dataset is being checked",
    "rich": "the table is being rendered",
}


@pytest.mark.parametrize("moment", START_MOMENTS)
def test_ctrl_c_at_any_moment_of_the_start_exits_130_without_a_traceback(moment: str) -> None:
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
    process = subprocess.Popen(
        [str(BIN), "list", "--no-cache", "--format", "table"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert process.stderr is not None
    log = b""
    for line in process.stderr:
        log += line
        if line.rsplit(b"|", 1)[-1].strip() == moment.encode():
            break
    else:
        raise AssertionError(f"{moment} was never imported:\n{log.decode()}")
    process.send_signal(signal.SIGINT)
    _, rest = process.communicate(timeout=60)
    assert b"Traceback" not in rest, rest.decode()
    assert process.returncode == 130, (START_MOMENTS[moment], rest.decode())


def test_ctrl_c_stays_ignored_where_the_shell_ignored_it() -> None:
    # A shell script's background job starts with SIGINT ignored: Ctrl-C at the terminal must not end it.
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
    ignore = lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)  # noqa: E731 - one line for preexec_fn
    process = subprocess.Popen(
        [str(BIN), "list", "--no-cache", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        preexec_fn=ignore,
    )
    assert process.stderr is not None
    for line in process.stderr:
        if line.rsplit(b"|", 1)[-1].strip() in (b"cppsctl.__main__", b"tomllib"):
            process.send_signal(signal.SIGINT)
        if line.rsplit(b"|", 1)[-1].strip() == b"tomllib":
            break
    out, _ = process.communicate(timeout=60)
    assert process.returncode == 0
    assert json.loads(out)


def test_completion_install_into_an_unwritable_home_is_one_line(tmp_path: Path) -> None:
    home = tmp_path / "a-file"
    home.write_text("not a folder")
    result = run("--install-completion", env={"HOME": str(home), "SHELL": "/bin/bash"})
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    assert result.stderr.startswith(b"cppsctl: error: ") and len(result.stderr.splitlines()) == 1


# --- hostile text, in process --------------------------------------------------------------------------


HOSTILE_THEME = MINIMAL.replace('label_en = "Youth"', 'label_en = "Youth \\u001b]52;c;ZXZpbA==\\u0007 \\u001b[2J"')


def test_a_themes_hostile_label_never_reaches_the_terminal_raw(invoke: Invoke, tmp_path: Path) -> None:
    data = write(tmp_path, HOSTILE_THEME)
    for args in (["history", "youth"], ["themes"], ["matrix"], ["list"]):
        result = invoke(*args, "--data", str(data))
        assert result.exit_code == 0, result.stderr
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout, args
    assert "\\x1b]52" in invoke("history", "youth", "--data", str(data)).stdout


def test_an_error_quoting_a_hostile_key_is_escaped_and_located(invoke: Invoke, tmp_path: Path) -> None:
    data = write(tmp_path, MINIMAL + '\n"\\u001b]52;c;ZXZpbA==\\u0007" = 1\n')
    result = invoke("list", "--data", str(data))
    assert result.exit_code == 3
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert result.stderr.startswith(f"cppsctl: error: {data}:")


@pytest.mark.parametrize("args", [["actions"], ["show", "cpps-2030-2035"], ["show", "cpps-2030-2035/1.1"]])
def test_a_huge_title_is_cut_on_a_terminal_never_in_data(invoke: Invoke, tmp_path: Path, args: list[str]) -> None:
    huge = "mot " * 500_000  # 2 MB
    data = write(tmp_path, MINIMAL.replace("Promouvoir la citoyenneté", huge.strip()))
    table = invoke(*args, "--data", str(data))
    assert table.exit_code == 0 and len(table.stdout) < 50_000 and "more characters" in table.stdout
    full = invoke(*args, "--data", str(data), "--format", "json")
    assert huge.strip() in full.stdout


def test_json_writes_c1_and_bidi_controls_as_escapes(invoke: Invoke, tmp_path: Path) -> None:
    data = write(tmp_path, MINIMAL.replace("Promouvoir la citoyenneté", "a\\u009bb\\u202ec\\u2028d"))
    out = invoke("actions", "--data", str(data), "--format", "jsonl").stdout
    assert "\x9b" not in out and "\u202e" not in out and "\u2028" not in out
    assert "\\u009b" in out and "\\u202e" in out and "\\u2028" in out


def test_tables_escape_every_invisible_character(invoke: Invoke, tmp_path: Path) -> None:
    chars = ["\u061c", "\ufeff", "\u2060", "\u00ad", "\u180e", "\u2028", "\u2029", "\x9b", "\u202e"]
    title = "x".join(chars)
    data = write(tmp_path, MINIMAL.replace("Promouvoir la citoyenneté", title.encode("unicode_escape").decode()))
    out = invoke("actions", "--data", str(data)).stdout
    assert not any(c in out for c in chars)


def test_no_traceback_in_a_real_process_for_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("format_version = 1\n[[contracts]]\nid = [\n", encoding="utf-8")
    for args in (["list", "--data", str(bad)], ["list", "--data", ""], ["show", "nope"], ["list", "--active-in", "9"]):
        result = subprocess.run([str(BIN), *args], capture_output=True, timeout=60, check=False)
        assert result.returncode in (2, 3) and b"Traceback" not in result.stderr, args
        assert result.stderr.startswith(b"cppsctl: error: "), (args, result.stderr)
    assert sys.executable  # the tests run under the interpreter the command was installed for


@pytest.mark.parametrize(
    ("stdin", "args", "message"),
    [
        (b"SELECT \xff", ["sql", "-"], b"the query is not UTF-8 text: byte 0xff at offset 7"),
        (None, ["sql", "-"], b"no query to read: standard input is closed"),
        (b" " * 1_000_001, ["sql", "-"], b"the query on standard input is longer than 1,000,000 bytes"),
        (b"", ["sql", os.fsdecode(b"SELECT \xff")], b"the query is not UTF-8 text: at character 8"),
    ],
    ids=["not-utf8", "closed", "endless", "argument"],
)
def test_a_query_that_cannot_be_read_is_one_line(stdin: bytes | None, args: list[str], message: bytes) -> None:
    """Case 17: non-UTF-8 input and a closed stdin (``<&-``) once raised UnicodeEncodeError and AttributeError."""
    if stdin is None:
        result = subprocess.run(
            [str(BIN), *args], stdin=subprocess.DEVNULL, capture_output=True, timeout=60, check=False,
            preexec_fn=lambda: os.close(0),
        )  # fmt: skip
    else:
        result = subprocess.run([str(BIN), *args], input=stdin, capture_output=True, timeout=60, check=False)
    assert (result.returncode, result.stderr) == (2, b"cppsctl: error: " + message + b"\n")
    assert result.stdout == b""


def test_a_query_on_standard_input_may_start_with_a_bom() -> None:
    query = "\ufeffSELECT 1 AS one".encode()
    result = subprocess.run([str(BIN), "sql", "-", "--format", "csv"], input=query, capture_output=True, timeout=60)
    assert (result.returncode, result.stdout) == (0, b"one\n1\n")
