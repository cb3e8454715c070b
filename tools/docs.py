"""Regenerate the documentation that comes from the code, or check that it is up to date.

- README.md: every fenced block preceded by ``<!-- run: cppsctl ARGS -->`` holds
  the real output of that command (run in-process, 100 columns, no colour).
- docs/cli.md: the ``--help`` of every command.
- every ``docs/*.md``: a block ``<!-- fields: ContractRecord -->`` ... ``<!-- end -->``
  holds the table of that record's fields (name, JSON type, meaning), generated from
  its ``TypedDict`` and its ``*_DOCS``; ``<!-- columns -->`` ... ``<!-- end -->`` the
  csv columns of every command; ``<!-- run: ... -->`` blocks work there as in the README.

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


_GENERATED = re.compile(
    r"(<!-- (?P<kind>fields|columns)(?:: (?P<name>\w+))? -->\n)(?P<body>.*?)(<!-- end -->)", re.DOTALL
)


def json_type(annotation: str) -> str:
    """A field's annotation as a JSON type: ``int | None`` -> ``integer or null``."""
    names = {"str": "string", "int": "integer", "bool": "boolean", "float": "number", "None": "null"}
    parts = []
    for part in (p.strip() for p in annotation.split("|")):
        if part.startswith("list["):
            inner = part[5:-1]
            parts.append(f"list of {names.get(inner, 'objects') + ('s' if inner in names else '')}")
        elif part.startswith("dict["):
            parts.append("object")
        elif part == "object":
            parts.append("string, list or null")
        else:
            parts.append(names.get(part, "object"))
    return " or ".join(parts)


def field_table(name: str) -> str:
    """The markdown table of a record shape's fields, from its TypedDict and its docs."""
    from cppsctl.output import records, records_compare

    module = records if hasattr(records, name) else records_compare
    shape = getattr(module, name)
    docs_name = {
        "ContractRecord": "CONTRACT_DOCS", "ActionRecord": "ACTION_DOCS", "HitRecord": "HIT_DOCS",
        "ThemeRecord": "THEME_DOCS", "SourceRecord": "SOURCE_DOCS", "PairRecord": "PAIR_DOCS",
        "StepRecord": "STEP_DOCS", "BarRecord": "BAR_DOCS", "MatrixRecord": "MATRIX_DOCS",
    }[name]  # fmt: skip
    meanings = getattr(module, docs_name)
    lines = ["| field | type | meaning |", "|---|---|---|"]
    for field, annotation in shape.__annotations__.items():
        # A string where the module postpones annotations (a forward reference to TypedDict), else the type.
        text = getattr(annotation, "__forward_arg__", annotation)
        text = text.__name__ if isinstance(text, type) else str(text)  # int -> "int"; int | None -> "int | None"
        lines.append(f"| `{field}` | {json_type(text)} | {meanings[field]} |")
    return "\n".join(lines) + "\n"


def columns_table() -> str:
    """The csv columns of every command that prints records, from the record shapes."""
    from cppsctl.output import records, records_compare, views

    def cells(fields: tuple[str, ...]) -> str:
        return ", ".join(f"`{f}`" for f in fields)

    rows = [
        ("`cppsctl list`", cells(records.CONTRACT_FIELDS)),
        ("`cppsctl actions`", cells(records.ACTION_FIELDS)),
        ("`cppsctl show CONTRACT` (its actions), `cppsctl show ACTION`", cells(records.ACTION_FIELDS)),
        ("`cppsctl search`", cells(records.HIT_FIELDS)),
        ("`cppsctl themes`", cells(records.THEME_FIELDS[:-1]) + ", then `counts.<contract id>` for each contract"),
        ("`cppsctl sources`", cells(records.SOURCE_FIELDS)),
        ("`cppsctl validate`", cells(views.PROBLEM_FIELDS)),
        ("`cppsctl compare`", cells(records_compare.PAIR_FIELDS)),
        ("`cppsctl history`", cells(records_compare.HISTORY_FIELDS)),
        ("`cppsctl timeline`", cells(records_compare.TIMELINE_FIELDS)),
        (
            "`cppsctl matrix`",
            cells(records_compare.MATRIX_FIELDS[:-1]) + ", then `counts.<contract id>` for each contract",
        ),
        ("`cppsctl sql`", "the query's own columns, in the query's order"),
    ]
    return "| command | columns, in order |\n|---|---|\n" + "".join(f"| {a} | {b} |\n" for a, b in rows)


def render_generated(text: str) -> str:
    """Fill the ``fields`` and ``columns`` blocks of a docs page, then its ``run`` blocks."""

    def replace(match: re.Match[str]) -> str:
        body = field_table(match.group("name")) if match.group("kind") == "fields" else columns_table()
        return f"{match.group(1)}{body}{match.group(5)}"

    return render_readme(_GENERATED.sub(replace, text))


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


def generated_pages() -> list[Path]:
    """The docs pages with generated blocks (the command reference is generated whole)."""
    return [p for p in sorted((ROOT / "docs").glob("*.md")) if p != CLI_REFERENCE and "<!-- " in p.read_text("utf-8")]


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    pages = [(README, render_readme(README.read_text(encoding="utf-8"))), (CLI_REFERENCE, None)]
    pages += [(page, render_generated(page.read_text(encoding="utf-8"))) for page in generated_pages()]
    for path, fresh in pages:
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
