"""Docs that cannot drift: README output and the CLI reference are regenerated and compared."""

from __future__ import annotations

import pytest
from typer.main import get_command

from cppsctl.cli.app import app
from tools import docs


def test_readme_output_is_up_to_date() -> None:
    current = docs.README.read_text(encoding="utf-8")
    assert docs.render_readme(current) == current, "README.md is out of date: run python -m tools.docs"


def test_cli_reference_is_up_to_date() -> None:
    current = docs.CLI_REFERENCE.read_text(encoding="utf-8")
    assert docs.render_cli_reference() == current, "docs/cli.md is out of date: run python -m tools.docs"


@pytest.mark.parametrize("name", docs.command_names())
def test_every_command_has_help_and_a_readme_example(name: str) -> None:
    command = getattr(get_command(app), "commands", {})[name]
    assert command.help and len(command.help.strip()) > 20, f"{name} has no help text"
    for param in command.params:
        assert getattr(param, "help", None), f"{name}: {param.name} has no help text"
    assert name in docs.documented_commands(docs.README.read_text(encoding="utf-8")), f"README shows no {name}"


def test_documented_commands_must_start_with_cppsctl() -> None:
    with pytest.raises(ValueError, match="documented commands start with 'cppsctl'"):
        docs.run("rm -rf /")


def test_stale_output_is_replaced() -> None:
    stale = "<!-- run: cppsctl list -a 11 --format csv --fields id --limit 1 -->\n```console\nold\n```\n"
    assert docs.render_readme(stale) == (
        "<!-- run: cppsctl list -a 11 --format csv --fields id --limit 1 -->\n```console\n"
        "$ cppsctl list -a 11 --format csv --fields id --limit 1\nid\ncpsa-11-2016-2020\n```\n"
    )
