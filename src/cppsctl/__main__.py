"""The ``cppsctl`` command's entry point (``python -m cppsctl`` too): Ctrl-C from its first line on exits 130.

The command's script imports this module first. Until ``main`` is running, a
Ctrl-C ends the process at once with exit code 130 and nothing on stderr: a
KeyboardInterrupt raised while Python imports the command's modules would
otherwise end in a traceback, outside any ``try``. ``cppsctl.cli.main`` puts
Python's own handler back inside its ``try``, so that from then on the
interrupt unwinds as usual (writers remove their temporary files) and ends in
exit code 130 too. Where Ctrl-C was ignored at start (a background job of a
shell script), it stays ignored.

A Ctrl-C in the interpreter's own first milliseconds, before this module's
first line runs (Python's start-up and ``site``), is Python's to report.
"""

import os
import signal
import sys

# Before any other import of the command, so that none of it runs without the handler.
_CATCH = signal.getsignal(signal.SIGINT) is signal.default_int_handler


def _interrupted_at_start(signum: int, frame: object) -> None:
    os._exit(130)  # nothing to clean up yet: no file is open, nothing is written


if _CATCH:
    signal.signal(signal.SIGINT, _interrupted_at_start)


def main() -> None:
    """Run the command line (the ``cppsctl`` script's target), then end the process at once."""
    from cppsctl.cli import main as run  # under the start-up handler: the imports are the long part

    try:
        run(restore_interrupt=_CATCH)
    except SystemExit as exit:
        code = 0 if exit.code is None else exit.code
        if type(code) is not int:
            raise  # a message: Python prints it and exits 1
    else:
        code = 0
    _leave(code)


def _leave(code: int) -> None:
    """End the process with ``code`` once standard output and error are flushed, without tearing it down.

    The command is over: every file it wrote is closed (each writer closes, and
    renames into place, before it returns), and what is left is the
    interpreter clearing every module, Typer's and Click's included, only to
    free memory the system takes back anyway: about a sixth of
    ``python -c "import typer"``, and tens of milliseconds with a large dataset
    loaded (docs/performance.md). When a flush fails, the exit is Python's
    own, as it would have been.
    """
    if _CATCH:
        signal.signal(signal.SIGINT, _interrupted_at_start)  # a Ctrl-C now: exit 130, no traceback
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        raise SystemExit(code) from None
    os._exit(code)


if __name__ == "__main__":
    main()
