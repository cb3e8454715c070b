"""The command-line interface: a thin layer that parses, calls the library and prints."""

from __future__ import annotations

import sys


def main() -> None:
    """Entry point of the ``cppsctl`` command."""
    if sys.stdout is None:  # started with stdout closed (``cppsctl ... >&-``)
        if sys.stderr is not None:
            sys.stderr.write("cppsctl: error: standard output is closed\n")
        raise SystemExit(1)
    for stream in (sys.stdout, sys.stderr):
        # Data is UTF-8 whatever the locale (LANG=C included): JSON and CSV must not depend on it.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.encoding or "").lower().replace("-", "") != "utf8":
            reconfigure(encoding="utf-8", errors="backslashreplace")
    from cppsctl.cli.app import commands_needed, make_app, silence_stdout

    try:
        make_app(commands_needed(sys.argv[1:]))(prog_name="cppsctl")
    finally:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            silence_stdout()
