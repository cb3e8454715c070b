"""Docs that cannot drift: README output and the CLI reference are regenerated and compared."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cppsctl.cli.app import app
from tools import docs


def test_readme_output_is_up_to_date() -> None:
    current = docs.README.read_text(encoding="utf-8")
    assert docs.render_readme(current) == current, "README.md is out of date: run python -m tools.docs"


@pytest.mark.parametrize("page", docs.generated_pages(), ids=lambda p: p.name)
def test_generated_docs_are_up_to_date(page: Path) -> None:
    current = page.read_text(encoding="utf-8")
    assert docs.render_generated(current) == current, f"{page.name} is out of date: run python -m tools.docs"


def test_cli_reference_is_up_to_date() -> None:
    current = docs.CLI_REFERENCE.read_text(encoding="utf-8")
    assert docs.render_cli_reference() == current, "docs/cli.md is out of date: run python -m tools.docs"


@pytest.mark.parametrize("name", docs.command_names())
def test_every_command_has_help_and_a_readme_example(name: str) -> None:
    command = docs.command(name)
    assert command.help and len(command.help.strip()) > 20, f"{name} has no help text"
    for param in command.params:
        assert getattr(param, "help", None), f"{name}: {param.name} has no help text"
    assert name in docs.documented_commands(docs.README.read_text(encoding="utf-8")), f"README shows no {name}"


@pytest.mark.parametrize("name", docs.command_names())
def test_every_help_ends_with_examples_that_work(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    examples = docs.help_examples(name)
    assert 2 <= len(examples) <= 3, f"{name}: give two or three examples at the end of its help"
    assert command_help_tail(name).startswith("Examples:"), f"{name}: the examples come last"
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    for example in examples:
        args = shlex.split(example)
        assert args[:2] == ["cppsctl", name], example
        result = CliRunner().invoke(app, args[1:], catch_exceptions=False)
        assert result.exit_code == 0, (example, result.stderr)


def command_help_tail(name: str) -> str:
    text = docs.command(name).help or ""
    return text[text.rfind("Examples:") :]


def test_documented_commands_must_start_with_cppsctl() -> None:
    with pytest.raises(ValueError, match="documented commands start with 'cppsctl'"):
        docs.run("rm -rf /")


def test_stale_output_is_replaced() -> None:
    stale = "<!-- run: cppsctl list -a 11 --format csv --fields id --limit 1 -->\n```console\nold\n```\n"
    assert docs.render_readme(stale) == (
        "<!-- run: cppsctl list -a 11 --format csv --fields id --limit 1 -->\n```console\n"
        "$ cppsctl list -a 11 --format csv --fields id --limit 1\nid\ncpsa-11-2016-2020\n```\n"
    )
