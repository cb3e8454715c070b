"""Stage 5, the command line: parses options, calls the library, renders and writes. May import every stage."""

from __future__ import annotations

import sys


def main() -> None:
    """Entry point of the ``cppsctl`` command."""
    import atexit
    import gc

    # When the process ends, the interpreter's last garbage collections walk every object it still
    # holds (Typer's, the dataset's), only to free memory the system takes back anyway: 7-10 ms, a
    # fifth of `import typer`. Freezing them at exit skips that walk. Objects are still freed as
    # modules are cleared; only unreachable cycles are left to the system, whose finalizers Python
    # never promises to run at exit (cppsctl closes and flushes its files before it returns).
    atexit.register(gc.freeze)
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
