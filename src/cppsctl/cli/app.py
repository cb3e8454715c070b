"""The Typer application: global options, commands, and the one place errors become exit codes.

Exit codes: 0 success (an empty result too), 1 runtime error, 2 usage error
(bad option or argument, unknown id or field), 3 invalid dataset.
"""

import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from cppsctl import __version__
from cppsctl.cli import actions, compare, contracts, export, report, sources, validate
from cppsctl.cli.common import State, state
from cppsctl.errors import CppsError, DatasetError

MAX_PROBLEMS_SHOWN = 20


def report_error(error: CppsError) -> None:
    """Print a library error as ``cppsctl: error: ...`` lines on stderr."""
    if isinstance(error, DatasetError):
        problems = error.problems
        for problem in problems[:MAX_PROBLEMS_SHOWN]:
            sys.stderr.write(f"cppsctl: error: {problem}\n")
        if len(problems) > MAX_PROBLEMS_SHOWN:
            sys.stderr.write(
                f"cppsctl: error: ... and {len(problems) - MAX_PROBLEMS_SHOWN} more; run 'cppsctl validate' for all\n"
            )
        return
    sys.stderr.write(f"cppsctl: error: {error}\n")


def silence_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so that the final flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


class CppsGroup(TyperGroup):
    """Translates the library's exceptions into messages and exit codes, once, for every command."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except CppsError as error:
            if state(ctx).debug:
                raise
            report_error(error)
            raise typer.Exit(error.exit_code) from None
        except BrokenPipeError:
            silence_stdout()
            raise typer.Exit(0) from None


app = typer.Typer(
    name="cppsctl",
    cls=CppsGroup,
    help="Query the prevention and security contracts of the City of Paris (CPPS and arrondissement contracts).",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from cppsctl.records import SCHEMA_VERSION

        typer.echo(f"cppsctl {__version__} (JSON schema version {SCHEMA_VERSION})")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour, even on a terminal.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Query the prevention and security contracts of the City of Paris.

    Exit codes: 0 success, 1 runtime error, 2 usage error, 3 invalid dataset.
    """
    ctx.obj = State(color=not no_color, debug=debug)


app.command("list")(contracts.list_contracts)
app.command("actions")(actions.actions)
app.command("show")(contracts.show)
app.command("search")(actions.search_command)
app.command("themes")(actions.themes)
app.command("sources")(sources.sources)
app.command("validate")(validate.validate)
app.command("compare")(compare.compare_command)
app.command("history")(compare.history_command)
app.command("timeline")(compare.timeline_command)
app.command("matrix")(compare.matrix_command)
app.command("export")(export.export)
app.command("sql")(export.sql)
app.command("report")(report.report)
