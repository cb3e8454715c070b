"""Stage 5, the command line: parses options, calls the library, renders and writes. May import every stage."""

from __future__ import annotations

import contextlib
import sys


def main() -> None:
    """Entry point of the ``cppsctl`` command: Ctrl-C at any moment exits 130, without a traceback."""
    try:
        _main()
    except KeyboardInterrupt:
        _quiet_exit(130)


def _quiet_exit(code: int) -> None:
    import os

    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.flush()
    os._exit(code)  # no final flush that could raise again, no traceback


def _main() -> None:
    from cppsctl.cli.startup import freeze_at_exit

    freeze_at_exit()
    if sys.stdout is None:  # started with stdout closed (``cppsctl ... >&-``)
        if sys.stderr is not None:
            sys.stderr.write("cppsctl: error: standard output is closed\n")
        raise SystemExit(1)
    for stream in (sys.stdout, sys.stderr):
        # Data is UTF-8 whatever the locale (LANG=C included): JSON and CSV must not depend on it.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.encoding or "").lower().replace("-", "") != "utf8":
            reconfigure(encoding="utf-8", errors="backslashreplace")
    from cppsctl.cli.app import make_app, report_os_error

    try:
        make_app()(prog_name="cppsctl")
    finally:
        try:
            sys.stdout.flush()  # what rich or Click wrote (--help) and is still in the buffer
        except OSError as error:
            report_os_error(error)
