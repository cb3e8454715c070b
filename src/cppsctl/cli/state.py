"""The global options of one command line (--data, --no-cache, --no-color, --debug), kept on the context."""

from pathlib import Path
from typing import NamedTuple

import typer


class State(NamedTuple):
    """The global options, kept on the Typer context."""

    color: bool = True
    debug: bool = False
    data: Path | None = None
    no_cache: bool = False


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj
