"""The output edge: a view rendered in the chosen format, written whole to standard output, notes on stderr.

Standard output is written through the file descriptor, in blocks of
:data:`BLOCK_BYTES`: a short write is retried until every byte is out, so that
``PYTHONUNBUFFERED=1`` makes no difference. A write that fails (disk full, I/O
error) ends the command with one ``cppsctl: error:`` line and exit 1; a closed
pipe (``| head``) ends it quietly with exit 0.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

import typer

from cppsctl.cli.state import state
from cppsctl.errors import CppsError
from cppsctl.text import escape_control

if TYPE_CHECKING:  # the output stage is imported when a command prints, not at start-up (--version, --help)
    from cppsctl.output.formats import OutputFormat, OutputOptions
    from cppsctl.output.views import View

FIELDS_LISTING = "?"
"""The value ``--fields`` takes when it is given alone: list the fields instead of printing records."""

BLOCK_BYTES = 64 * 1024
"""Bytes gathered before each write to standard output."""


class OutputWriteError(CppsError):
    """Standard output could not take the whole output (disk full, I/O error)."""

    exit_code = 1


class ClosedPipe(Exception):
    """The reader of standard output went away (``| head``): not an error, the command just stops."""


def _write_fd(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        try:
            written = os.write(fd, view)
        except BrokenPipeError:
            raise ClosedPipe from None
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise ClosedPipe from None
            raise OutputWriteError(f"cannot write to standard output: {exc.strerror or exc}") from None
        view = view[written:]


class Stdout:
    """Standard output as the one place data goes: UTF-8, in blocks, every byte or an error."""

    def __init__(self) -> None:
        stream = sys.stdout
        try:
            stream.flush()
            self.fd: int | None = stream.fileno()
        except (AttributeError, OSError, ValueError):  # not a real file (an in-process test runner)
            self.fd = None
        self.pending: list[bytes] = []
        self.size = 0

    def write(self, text: str) -> None:
        if self.fd is None:
            sys.stdout.write(text)
            return
        data = text.encode("utf-8", "surrogateescape")
        self.pending.append(data)
        self.size += len(data)
        if self.size >= BLOCK_BYTES:
            self.flush()

    def flush(self) -> None:
        if self.fd is not None and self.pending:
            data = b"".join(self.pending)
            self.pending, self.size = [], 0
            _write_fd(self.fd, data)


def write_chunks(chunks: Iterable[str]) -> None:
    """Write every chunk of text to standard output (see the module docstring)."""
    out = Stdout()
    for chunk in chunks:
        out.write(chunk)
    out.flush()


def info(message: str) -> None:
    """A message for the person at the terminal: stderr, never stdout, one line, escaped."""
    with contextlib.suppress(OSError):  # stderr closed or full: nothing more to say
        sys.stderr.write(escape_control(message) + "\n")


def warn(message: str) -> None:
    """A warning on stderr: the command goes on and exits 0."""
    info(f"cppsctl: warning: {message}")


class Output(NamedTuple):
    """The output options of one command call, as the CLI parsed them."""

    format: OutputFormat
    fields: tuple[str, ...] | None = None
    sort: str | None = None
    limit: int | None = None
    bom: bool = False
    raw_cells: bool = False
    headers: bool = True


def terminal_width() -> int | None:
    """``$COLUMNS``, else the terminal's width when standard output is one; None for a pipe or a file."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        if sys.stdout.isatty():
            return os.get_terminal_size(sys.stdout.fileno()).columns
    except (AttributeError, OSError, ValueError):
        pass
    return None


def is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def options_of(ctx: typer.Context, out: Output) -> OutputOptions:
    from cppsctl.output.formats import OutputOptions

    return OutputOptions(
        format=out.format,
        fields=out.fields,
        sort=out.sort,
        limit=None if out.limit == 0 else out.limit,  # --limit 0: no limit
        color=state(ctx).color,
        bom=out.bom,
        raw_cells=out.raw_cells,
        headers=out.headers,
        width=terminal_width(),
        terminal=is_terminal(),
    )


def emit(ctx: typer.Context, view: View, out: Output) -> None:
    """Render ``view`` as ``out`` asks, write it to standard output, and say on stderr what a person should know."""
    from cppsctl.output.render import render, summary
    from cppsctl.output.views import records_of

    if out.fields == (FIELDS_LISTING,):
        write_chunks(f"{name}\n" for name in records_of(view).fields)
        return
    options = options_of(ctx, out)
    write_chunks(render(view, options))
    counts = summary(view, options)
    if counts.total == 0 and counts.plain:
        info(f"No {counts.noun} match.")
    elif counts.shown < counts.total:
        info(
            f"Showing {counts.shown} of {counts.total} {counts.noun}:"
            " add --limit 0 for all of them, or choose a data format (--format csv, json)."
        )
