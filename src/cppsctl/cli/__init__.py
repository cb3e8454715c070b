"""The command-line interface: a thin layer that parses, calls the library and prints."""

from __future__ import annotations

import sys


def main() -> None:
    """Entry point of the ``cppsctl`` command."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.encoding or "").lower().replace("-", "") != "utf8":
            reconfigure(encoding="utf-8", errors="backslashreplace")
    from cppsctl.cli.app import app, silence_stdout

    try:
        app(prog_name="cppsctl")
    finally:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            silence_stdout()
