"""The Typer application: the global options, and the one place errors become messages and exit codes.

Exit codes: 0 success (an empty result too), 1 runtime error (a file or
standard output that cannot be written, a query stopped), 2 usage error (bad
option or argument, unknown id or field), 3 invalid dataset, 130 interrupted.

Every error is one ``cppsctl: error: ...`` line on stderr, usage errors
included (plus at most a "did you mean" line and a "Try 'cppsctl CMD --help'"
line). The global options work before or after the command.
"""

import contextlib
import errno
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from cppsctl import SCHEMA_VERSION, __version__
from cppsctl.cli.emit import FIELDS_LISTING, ClosedPipe, info
from cppsctl.cli.startup import COMMANDS, LazyGroup
from cppsctl.cli.state import State
from cppsctl.errors import CppsError, DatasetError, TargetExistsError, UnknownIdError

FORCE_HINT = "; add --force to overwrite it"
"""What the CLI adds to the library's "FILE already exists": every command that writes a file has --force."""

MAX_PROBLEMS_SHOWN = 20

_CLICK_ERRORS = {cls.__name__: cls for cls in typer.BadParameter.__mro__}
UsageFailure: type[Exception] = _CLICK_ERRORS["UsageError"]  # Click's, as Typer vendors it (no click import)
ClickFailure: type[Exception] = _CLICK_ERRORS["ClickException"]


def report_error(error: CppsError) -> None:
    """Print a library error as ``cppsctl: error: ...`` lines on stderr."""
    if isinstance(error, DatasetError):
        problems = error.problems
        for problem in problems[:MAX_PROBLEMS_SHOWN]:
            info(f"cppsctl: error: {problem}")
        if len(problems) > MAX_PROBLEMS_SHOWN:
            info(f"cppsctl: error: ... and {len(problems) - MAX_PROBLEMS_SHOWN} more; run 'cppsctl validate' for all")
        return
    hint = FORCE_HINT if isinstance(error, TargetExistsError) else ""
    info(f"cppsctl: error: {error}{hint}")


def report_usage_error(error: Exception) -> None:
    """A Click usage error as one line, then a hint to the command's help."""
    ctx = getattr(error, "ctx", None)
    formatted = _message_of(error)
    lines = [line.strip() for line in str(formatted).splitlines() if line.strip()]
    message = lines[0] if lines else "invalid usage"
    info(f"cppsctl: error: {message[:1].lower() + message[1:]}")
    for extra in lines[1:2]:
        info(extra)  # Click's "Did you mean --format?"
    if ctx is not None:
        info(f"Try '{ctx.command_path} --help' for help.")


def _message_of(error: Exception) -> str:
    format_message = getattr(error, "format_message", None)
    return str(format_message() if callable(format_message) else error)


def report_os_error(error: OSError) -> None:
    """An OSError that reached the edge: a closed pipe ends quietly (exit 0), anything else is one line (exit 1).

    An error on a file names it; one without a file name comes from writing standard output (--help).
    """
    if error.errno == errno.EPIPE:
        silence_stdout()
        sys.exit(0)
    where = f" {error.filename}:" if error.filename else " cannot write to standard output:"
    info(f"cppsctl: error:{where} {error.strerror or error}")
    sys.exit(1)


@contextlib.contextmanager
def _closed_pipe_is_success() -> Iterator[None]:
    """A reader that went away (``| head``) ends the command quietly with exit 0, whoever was writing."""
    try:
        yield
    except (BrokenPipeError, ClosedPipe):
        silence_stdout()
        raise typer.Exit(0) from None
    except SystemExit as stop:
        if stop.code == 1 and _stdout_was_a_broken_pipe():
            raise typer.Exit(0) from None
        raise


def _stdout_was_a_broken_pipe() -> bool:
    """Whether rich's broken-pipe handler ran: it points stdout at /dev/null, then raises SystemExit(1).

    The help is printed by Typer's own rich console, whose handler we cannot
    replace; a closed pipe is not an error, so that exit becomes 0.
    """
    try:
        now, null = os.fstat(sys.stdout.fileno()), os.stat(os.devnull)
    except (OSError, ValueError, AttributeError):
        return False
    return (now.st_dev, now.st_ino, now.st_rdev) == (null.st_dev, null.st_ino, null.st_rdev)


def silence_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so that the final flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _version(value: bool) -> None:
    if value:
        from cppsctl.cli.emit import write_chunks

        write_chunks([f"cppsctl {__version__} (JSON schema version {SCHEMA_VERSION})\n"])
        raise typer.Exit()


def _data_path(value: str | None) -> str | None:
    if value is not None and value == "":
        raise typer.BadParameter("give a dataset file or folder (an empty path is not the current folder)")
    return value


def main_options(
    ctx: typer.Context,
    data: Annotated[
        str | None,
        typer.Option(
            "--data",
            metavar="PATH",
            envvar="CPPSCTL_DATA",
            help="Dataset to read: a TOML file or a folder of them. Default: the bundled one.",
            show_default=False,
            callback=_data_path,
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            envvar="CPPSCTL_NO_CACHE",
            help="Parse the dataset files even when the cache holds them unchanged.",
        ),
    ] = False,
    no_color: Annotated[
        bool, typer.Option("--no-color", help="No colour, even on a terminal (or set NO_COLOR).")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Query the prevention and security contracts of the City of Paris.

    Global options (--data, --no-cache, --no-color, --debug) work before or after the command.
    Exit codes: 0 success, 1 runtime error, 2 usage error, 3 invalid dataset, 130 interrupted.
    """
    ctx.obj = State(color=not no_color, debug=debug, data=None if data is None else Path(data), no_cache=no_cache)


class CppsGroup(LazyGroup):
    """The root command: global options anywhere, and every error translated once, for every command."""

    def global_options(self) -> dict[str, bool]:
        """Each global option's names, with whether it takes a value (derived from the options themselves)."""
        names: dict[str, bool] = {}
        for param in self.params:
            if getattr(param, "is_eager", False):
                continue  # --version and --help act at once, before the command: not moved
            for name in [*getattr(param, "opts", ()), *getattr(param, "secondary_opts", ())]:
                names[name] = not getattr(param, "is_flag", False)
        return names

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        args = hoist_global_options(args, self.global_options(), set(self.list_commands(ctx)))
        return super().parse_args(ctx, fields_alone(args))

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except UsageFailure as error:
            if args and args[0] not in COMMANDS and not args[0].startswith("-"):
                error.message = str(UnknownIdError("command", args[0], COMMANDS))  # type: ignore[attr-defined]
            raise

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with _closed_pipe_is_success():  # cppsctl --help | head -c1
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        try:
            with _closed_pipe_is_success():  # a command's output, or its --help, into | head -c1
                return super().invoke(ctx)
        except CppsError as error:
            if isinstance(ctx.obj, State) and ctx.obj.debug:
                self.debugging = True  # let the traceback through main too
                raise
            report_error(error)
            raise typer.Exit(error.exit_code) from None

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except UsageFailure as error:
            report_usage_error(error)
            sys.exit(2)
        except ClickFailure as failure:
            info(f"cppsctl: error: {_message_of(failure)}")
            sys.exit(getattr(failure, "exit_code", 1))
        except typer.Abort:
            sys.exit(130)
        except (BrokenPipeError, ClosedPipe):
            silence_stdout()
            sys.exit(0)
        except CppsError as error:  # raised before a command runs: --version writing to a full disk
            if getattr(self, "debugging", False):
                raise
            report_error(error)
            sys.exit(error.exit_code)
        except OSError as error:  # --help or completion output that cannot be written, a read-only home
            report_os_error(error)
        sys.exit(code if isinstance(code, int) else 0)


def hoist_global_options(args: Sequence[str], options: dict[str, bool], commands: set[str]) -> list[str]:
    """``list --no-color -f json`` -> ``--no-color list -f json``: global options moved before the command.

    Stops at ``--``; an option that takes a value brings it (``--data X`` or ``--data=X``).
    """
    args = list(args)
    command_at = None
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            return args
        if arg in commands:
            command_at = index
            break
        index += 2 if options.get(arg) else 1
    if command_at is None:
        return args
    before, rest = args[:command_at], args[command_at:]
    moved: list[str] = []
    kept: list[str] = []
    index = 0
    while index < len(rest):
        arg = rest[index]
        if arg == "--":
            kept += rest[index:]
            break
        name = arg.split("=", 1)[0]
        if name in options:
            takes_value = options[name] and "=" not in arg
            moved += rest[index : index + (2 if takes_value else 1)]
            index += 2 if takes_value else 1
            continue
        kept.append(arg)
        index += 1
    return [*before, *moved, *kept]


def fields_alone(args: Sequence[str]) -> list[str]:
    """``--fields`` with no value (last, or before another option) asks for the list of fields: give it "?"."""
    out = list(args)
    for index in range(len(out) - 1, -1, -1):
        if out[index] == "--":
            break
    else:
        index = len(out)
    for at in range(index - 1, -1, -1):
        if out[at] == "--fields" and (at + 1 == len(out) or out[at + 1].startswith("-")):
            out.insert(at + 1, FIELDS_LISTING)
    return out


def make_app() -> typer.Typer:
    """The application; its commands are imported when they are looked up (:mod:`cppsctl.cli.startup`)."""
    application = typer.Typer(
        name="cppsctl",
        cls=CppsGroup,
        help="Query the prevention and security contracts of the City of Paris (CPPS and arrondissement contracts).",
        no_args_is_help=True,
        rich_markup_mode=None,  # plain help, as gh and kubectl print it: rich's help costs 90 ms of imports
        pretty_exceptions_show_locals=False,
        add_completion=True,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    application.callback()(main_options)
    return application


def __getattr__(name: str) -> typer.Typer:
    """``app``: the application, built on first use (tests, docs, ``python -m``)."""
    if name == "app":
        application = make_app()
        globals()["app"] = application
        return application
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
