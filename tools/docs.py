"""Regenerate the documentation that comes from the code, or check that it is up to date.

- README.md: every fenced block preceded by ``<!-- run: cppsctl ARGS -->`` holds
  the real output of that command (run in-process, 100 columns, no colour).
- docs/cli.md: the ``--help`` of every command.

Usage: ``python -m tools.docs`` rewrites both files; ``python -m tools.docs --check``
exits 1 when either is out of date (the test suite runs the same check).
"""

from __future__ import annotations

import os
import re
import shlex
import sys
import tempfile
from pathlib import Path
from typing import Any

from typer.main import get_command
from typer.testing import CliRunner

from cppsctl.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CLI_REFERENCE = ROOT / "docs" / "cli.md"
ENV: dict[str, str | None] = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", "CPPSCTL_DATA": None}

_BLOCK = re.compile(r"(<!-- run: (?P<cmd>[^\n]*?) -->\n```(?P<lang>\w*)\n)(?P<body>.*?)(```)", re.DOTALL)


def run(command: str) -> str:
    """The output (stdout, then stderr) of a ``cppsctl ...`` command line, as a user sees it."""
    args = shlex.split(command)
    if not args or args[0] != "cppsctl":
        raise ValueError(f"documented commands start with 'cppsctl': {command!r}")
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as scratch:  # commands that write files (export) write there
        os.chdir(scratch)
        try:
            result = CliRunner().invoke(app, args[1:], env=ENV, prog_name="cppsctl")
        finally:
            os.chdir(here)
    text = result.stdout + result.stderr
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def render_readme(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        command = match.group("cmd")
        return f"{match.group(1)}$ {command}\n{run(command)}{match.group(5)}"

    return _BLOCK.sub(replace, text)


def documented_commands(text: str) -> set[str]:
    """The subcommands that appear in a ``<!-- run: ... -->`` marker."""
    return {shlex.split(m.group("cmd"))[1] for m in _BLOCK.finditer(text) if len(shlex.split(m.group("cmd"))) > 1}


def command_names() -> list[str]:
    group = get_command(app)
    return sorted(group.list_commands(None))  # type: ignore[attr-defined]


def command(name: str) -> Any:
    """The Click command of ``cppsctl NAME``."""
    group = get_command(app)
    return group.get_command(None, name)  # type: ignore[attr-defined]


def help_examples(name: str) -> list[str]:
    """The example command lines at the end of a command's help (``$ cppsctl ...`` lines)."""
    text = command(name).help or ""
    return [line.strip()[2:] for line in text.splitlines() if line.strip().startswith("$ cppsctl ")]


def render_cli_reference() -> str:
    parts = [
        "# Command reference\n",
        "Generated from the commands' own `--help` by `python -m tools.docs`; do not edit by hand.\n",
        "```console\n$ cppsctl --help\n" + run("cppsctl --help") + "```\n",
    ]
    for name in command_names():
        parts.append(f"## `cppsctl {name}`\n")
        parts.append(f"```console\n$ cppsctl {name} --help\n" + run(f"cppsctl {name} --help") + "```\n")
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for path, fresh in ((README, render_readme(README.read_text(encoding="utf-8"))), (CLI_REFERENCE, None)):
        if fresh is None:
            fresh = render_cli_reference()
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != fresh:
            stale.append(path)
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(fresh, encoding="utf-8")
    if check and stale:
        names = ", ".join(str(p.relative_to(ROOT)) for p in stale)
        sys.stderr.write(f"out of date: {names}; run: python -m tools.docs\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
