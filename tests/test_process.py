"""What only a real process shows: pipes, encodings, colours, exit codes of the installed command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINIMAL

BIN = Path(sys.executable).parent / "cppsctl"
pytestmark = pytest.mark.skipif(not BIN.exists(), reason="the cppsctl command is not installed in this environment")


def run(*args: str, env: dict[str, str] | None = None, shell: str | None = None) -> subprocess.CompletedProcess[bytes]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "CPPSCTL_DATA", "COLUMNS")
    }
    full_env = {**base, **(env or {})}
    if shell is not None:
        return subprocess.run(
            shell, shell=True, executable="/bin/bash", capture_output=True, env=full_env, timeout=60, check=False
        )
    return subprocess.run([str(BIN), *args], capture_output=True, env=full_env, timeout=60, check=False)


@pytest.fixture(scope="module")
def big_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dataset whose output is far larger than a pipe's buffer, so that the reader really closes early."""
    count = 3000
    template = '\n[[contracts.priorities.actions]]\ntitle = "Action numéro {} : prévenir"\nthemes = ["youth"]\n'
    actions = "".join(template.format(i) for i in range(count))
    text = MINIMAL.replace("declared_action_count = 2", f"declared_action_count = {count}")
    text = text[: text.index("[[contracts.priorities.actions]]")] + actions
    path = tmp_path_factory.mktemp("big") / "big.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("cut", ["head -c 100", "head -n1", "head -c 10"])
@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "table"])
def test_closed_pipe_ends_quietly(big_dataset: Path, cut: str, fmt: str) -> None:
    result = run(
        shell=f"'{BIN}' actions --data '{big_dataset}' --format {fmt} | {cut} >/dev/null; exit ${{PIPESTATUS[0]}}"
    )
    assert (result.returncode, result.stderr) == (0, b"")


def test_closed_stdout(big_dataset: Path) -> None:
    result = run(shell=f"'{BIN}' actions --data '{big_dataset}' --format json >&-")
    assert result.returncode in (0, 1)
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("env", [{"LANG": "C"}, {"LC_ALL": "C"}, {"LC_ALL": "C", "PYTHONIOENCODING": "ascii"}])
def test_utf8_output_under_the_c_locale(env: dict[str, str]) -> None:
    result = run("actions", "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout.decode("utf-8"))
    assert any("stupéfiants" in r["title"] for r in records)
    table = run("list", env=env)
    assert table.returncode == 0 and "Paris" in table.stdout.decode("utf-8")


@pytest.mark.parametrize("env", [{}, {"NO_COLOR": "1"}, {"TERM": "dumb"}])
def test_no_colour_escapes_in_a_pipe(env: dict[str, str]) -> None:
    result = run("list", env=env)
    assert result.returncode == 0 and b"\x1b[" not in result.stdout


def test_no_colour_on_a_terminal_when_asked() -> None:
    script = "script -qec"
    probe = subprocess.run(["which", "script"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip("script(1) is not installed")
    cyan = b"\x1b[36m"  # ids are cyan in tables
    coloured = run(shell=f"{script} '{BIN} list' /dev/null", env={"TERM": "xterm-256color"})
    assert cyan in coloured.stdout
    for call in ("NO_COLOR=1 {bin} list", "TERM=dumb {bin} list", "{bin} --no-color list"):
        plain = run(shell=f"{script} '{call.format(bin=BIN)}' /dev/null", env={"TERM": "xterm-256color"})
        assert plain.returncode == 0 and b"CPPS" in plain.stdout
        assert cyan not in plain.stdout, call


def imports_rich(stderr: bytes) -> bool:
    """Whether Python's import log (``PYTHONPROFILEIMPORTTIME=1``) shows rich or one of its modules."""
    return any(line.split(b"|")[-1].strip().split(b".")[0] == b"rich" for line in stderr.splitlines())


@pytest.mark.parametrize("command", [["list"], ["sql", "select count(*) from actions"], ["search", "jeunes"]])
def test_a_piped_table_does_not_import_rich(command: list[str]) -> None:
    """In a pipe the table is drawn by output.grid; rich, made to draw it (TTY_COMPATIBLE=0), prints the same bytes."""
    piped = run(*command, env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert piped.returncode == 0 and "┏".encode() in piped.stdout  # a table
    assert not imports_rich(piped.stderr)
    by_rich = run(*command, env={"PYTHONPROFILEIMPORTTIME": "1", "TTY_COMPATIBLE": "0"})
    assert imports_rich(by_rich.stderr)
    assert (by_rich.returncode, by_rich.stdout) == (0, piped.stdout)


def test_a_table_of_a_given_width_is_still_rich_s() -> None:
    result = run("list", env={"PYTHONPROFILEIMPORTTIME": "1", "COLUMNS": "60"})  # as on a terminal of 60 columns
    assert result.returncode == 0 and imports_rich(result.stderr)
    assert all(len(line) <= 60 for line in result.stdout.decode("utf-8").splitlines())


def test_python_dash_m_and_version() -> None:
    result = subprocess.run([sys.executable, "-m", "cppsctl", "--version"], capture_output=True, check=False)
    assert result.returncode == 0 and result.stdout.startswith(b"cppsctl ")


def test_exit_codes(tmp_path: Path) -> None:
    assert run("list", "--limit", "0", "--format", "json").returncode == 0
    assert run("show", "nope").returncode == 2
    assert run("list", "--format", "nope").returncode == 2
    bad = tmp_path / "bad.toml"
    bad.write_text("format_version = 1\n[[contracts]]\nid = 3\n", encoding="utf-8")
    result = run("list", "--data", str(bad))
    assert result.returncode == 3
    assert b"Traceback" not in result.stderr and result.stdout == b""
    assert result.stderr.decode().startswith(f"cppsctl: error: {bad}:2:1: contracts[0]: missing required key")


def test_stdin_not_a_terminal() -> None:
    result = subprocess.run(
        [str(BIN), "list", "--format", "json"], stdin=subprocess.DEVNULL, capture_output=True, check=False
    )
    assert result.returncode == 0 and json.loads(result.stdout)


@pytest.mark.parametrize("columns", ["20", "45"])
def test_narrow_terminal_loses_nothing(columns: str) -> None:
    """Below a readable table width, records are printed as field: value lines, wrapped, never cut."""
    import cppsctl

    dataset = cppsctl.load()
    out = run("actions", "-a", "11", env={"COLUMNS": columns}).stdout.decode("utf-8")
    assert "┃" not in out
    flat = "".join(out.split())
    for action in dataset.actions:
        if action.contract_id.startswith("cpsa-11-"):
            assert "".join(action.title.split()) in flat
            assert action.id in flat


@pytest.mark.parametrize(
    "env",
    [{}, {"LANG": "C"}, {"LC_ALL": "C"}, {"NO_COLOR": "1"}, {"TERM": "dumb"}, {"COLUMNS": "20"}],
    ids=["plain", "LANG=C", "LC_ALL=C", "NO_COLOR", "TERM=dumb", "COLUMNS=20"],
)
def test_json_parses_in_every_environment(env: dict[str, str]) -> None:
    for command in (["list"], ["actions"], ["search", "stupefiants"], ["themes"], ["show", "cpps-2015-2020"]):
        result = run(*command, "--format", "json", env=env)
        assert result.returncode == 0 and json.loads(result.stdout), command


def test_debug_shows_a_traceback_without_locals() -> None:
    quiet = run("show", "nope")
    assert quiet.stderr == b"cppsctl: error: unknown id 'nope'\n" and quiet.returncode == 2
    loud = run("--debug", "show", "nope", env={"COLUMNS": "200"})
    assert b"Traceback" in loud.stderr and b"UnknownIdError: unknown id 'nope'" in loud.stderr
    assert b"locals" not in loud.stderr.lower()
