"""The Typer application: global options, commands, and the one place errors become exit codes.

Exit codes: 0 success (an empty result too), 1 runtime error, 2 usage error
(bad option or argument, unknown id or field), 3 invalid dataset.
"""

import importlib
import os
import sys
from collections.abc import Iterable, Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from cppsctl import __version__
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


COMMANDS: dict[str, str] = {
    # command: its function in cppsctl.cli.commands.<command>, in the order --help lists them
    "list": "list_contracts",
    "actions": "actions",
    "show": "show",
    "search": "search_command",
    "themes": "themes",
    "sources": "sources",
    "validate": "validate",
    "compare": "compare_command",
    "history": "history_command",
    "timeline": "timeline_command",
    "matrix": "matrix_command",
    "export": "export",
    "sql": "sql",
    "report": "report",
}
GLOBAL_FLAGS = frozenset(
    {"--no-color", "--debug", "--version", "-h", "--help", "--install-completion", "--show-completion"}
)


def _version(value: bool) -> None:
    if value:
        from cppsctl.output.records import SCHEMA_VERSION

        typer.echo(f"cppsctl {__version__} (JSON schema version {SCHEMA_VERSION})")
        raise typer.Exit()


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


def make_app(names: Iterable[str] = COMMANDS) -> typer.Typer:
    """The application with the given commands (all of them by default).

    Each command's module is imported only when the command is registered.
    """
    application = typer.Typer(
        name="cppsctl",
        cls=CppsGroup,
        help="Query the prevention and security contracts of the City of Paris (CPPS and arrondissement contracts).",
        no_args_is_help=True,
        pretty_exceptions_show_locals=False,
        add_completion=True,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    application.callback()(main_options)
    for name in names:
        module = importlib.import_module(f"cppsctl.cli.commands.{name}")
        application.command(name)(getattr(module, COMMANDS[name]))
    return application


def commands_needed(argv: Sequence[str]) -> Sequence[str]:
    """The commands a command line can reach: the one it names, else all of them.

    ``cppsctl [global flags] list ...`` only needs ``list``: the entry point
    then builds and imports nothing else, which is most of cppsctl's own share
    of its start-up time (docs/performance.md). Help, completion and unknown
    commands get the whole application, so their output and errors are the
    full ones.
    """
    if any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ):
        return list(COMMANDS)
    for arg in argv:
        if arg in GLOBAL_FLAGS and arg not in ("-h", "--help"):
            continue
        return [arg] if arg in COMMANDS else list(COMMANDS)
    return list(COMMANDS)


def __getattr__(name: str) -> typer.Typer:
    """``app``: the whole application, built on first use (tests, docs, ``python -m``)."""
    if name == "app":
        application = make_app()
        globals()["app"] = application
        return application
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
