"""The entry point (cppsctl/__main__.py): it ends the process at once, with every byte out and the code kept."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Invoke

# A process that runs the entry point as the script does, with an exit handler that tells whether the
# interpreter tore itself down (it would run the handler) or the entry point ended the process at once.
PROBE = """
import atexit, sys
atexit.register(lambda: sys.stderr.write("torn down\\n"))
sys.argv = ["cppsctl", *sys.argv[1:]]
from cppsctl.__main__ import main
main()
"""


def entry(*args: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("CPPSCTL_DATA", "COLUMNS")}
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, env=env, timeout=60, check=False)


def test_a_command_ends_without_the_teardown_and_with_all_its_output(generated: Path, invoke: Invoke) -> None:
    result = entry("actions", "--data", str(generated), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert b"torn down" not in result.stderr
    # Every byte of a document far larger than the writer's buffer: the last of it was flushed before the end.
    expected = invoke("actions", "--data", str(generated), "--format", "json").stdout_bytes
    assert len(expected) > 1_000_000 and result.stdout == expected


@pytest.mark.parametrize(("args", "code"), [(("show", "no-such-contract"), 2), (("--data", "/nonexistent", "list"), 3)])
def test_the_exit_code_of_a_failed_command_is_kept(args: tuple[str, ...], code: int) -> None:
    result = entry(*args)
    assert result.returncode == code
    assert b"torn down" not in result.stderr
    assert result.stderr.decode().startswith("cppsctl: error: ")  # stderr flushed too


def test_a_message_exit_is_python_s(monkeypatch: pytest.MonkeyPatch) -> None:
    import cppsctl.__main__ as entry_point
    import cppsctl.cli

    def exits_with_a_message(*, restore_interrupt: bool = False) -> None:
        raise SystemExit("a message")

    monkeypatch.setattr(cppsctl.cli, "main", exits_with_a_message)
    with pytest.raises(SystemExit) as raised:
        entry_point.main()
    assert raised.value.code == "a message"
