"""Stage 5, the command line: parses options, calls the library, renders and writes. May import every stage."""

from __future__ import annotations

import contextlib
import sys


def main(*, restore_interrupt: bool = False) -> None:
    """Run the command line: Ctrl-C at any moment exits 130, without a traceback.

    ``restore_interrupt`` puts Python's own Ctrl-C handler back, inside the
    ``try`` that catches it: the entry point (cppsctl/__main__.py) sets one of
    its own while the command's modules are imported.
    """
    try:
        if restore_interrupt:
            import signal

            signal.signal(signal.SIGINT, signal.default_int_handler)
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
