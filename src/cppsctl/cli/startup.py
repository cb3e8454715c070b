"""The measured start-up tricks of the command line, each explained once here (figures: docs/performance.md).

1. **Lazy commands.** :class:`LazyGroup` knows the commands by name and
   imports a command's module, and builds its Click command, only when that
   command is looked up: ``cppsctl list`` imports ``list`` alone, ``--version``
   none, ``--help`` and completion all of them. Registering all 14 commands
   at each start cost more than the whole of ``list --format json``'s own work.
2. **No final collection.** :func:`freeze_at_exit`: when the process ends,
   the interpreter's last garbage collections walk every object still alive
   (Typer's, the dataset's) only to free memory the system takes back anyway,
   7-10 ms, a fifth of ``import typer``. Freezing them at exit skips that walk;
   objects are still freed as modules are cleared, only unreachable cycles are
   left to the system, whose finalizers Python never promises to run at exit
   (every file cppsctl writes is closed before it returns).
3. **Freeze after loading.** :func:`loading`, :func:`freeze_loaded`: a built dataset is hundreds
   of thousands of objects that live until the end and hold no cycle; the
   collector would walk them again at every full collection. Moving them to
   the permanent generation once they are built spares that work. Frozen
   objects leave the count that spaces full collections out, so it spaces
   them itself (:data:`FULL_COLLECTION_SPACING`): at 200,000 actions,
   ``actions --format json`` then ran 7 full collections (40 ms) instead of
   64 (0.33 s); at 1,000,000, 322 of them had cost 7.6 s of 31 s.
4. **Help without the commands.** ``cppsctl --help`` lists each command's
   summary from :data:`COMMANDS` instead of importing all 14 modules to read
   their docstrings, and help is Click's plain text (``rich_markup_mode=None``
   in :mod:`cppsctl.cli.app`): Typer's rich help imports ``rich.markdown`` and
   ``markdown_it``, some 90 ms. ``--help`` went from 2.5 x to about 1 x
   ``import typer``.
5. **No teardown.** The script's entry point (``_leave`` in
   ``cppsctl/__main__.py``) flushes stdout and stderr and ends the process
   with ``os._exit`` and the command's exit code once the command is over:
   clearing every module and freeing every object is about a sixth of
   ``import typer``. Trick 2 still serves :func:`cppsctl.cli.main` when it is
   called in another program's process, which ends by ``SystemExit``.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
from collections.abc import Iterator
from typing import Any

from typer.core import TyperGroup

COMMANDS: dict[str, tuple[str, str]] = {
    # command: its function in cppsctl.cli.commands.<command>, and the summary --help lists (the first
    # paragraph of its docstring, shortened; a test ties them), in the order --help lists them
    "list": ("list_contracts", "List the contracts: id, kind, scope, period, signature, counts."),
    "actions": ("actions", "List the fiches-actions, filtered by contract, theme, place, year, text."),
    "show": ("show", "Show one contract as a tree, or one action with its lineage."),
    "search": ("search_command", "Ranked search over contract, priority and action titles."),
    "themes": ("themes", "The theme vocabulary, with the number of actions per theme."),
    "sources": ("sources", "List the sources and the contracts citing each."),
    "validate": ("validate", "Check dataset files: TOML syntax, schema, ids, counts, themes and links."),
    "compare": ("compare_command", "Align the fiches-actions of contract A with those of B."),
    "history": ("history_command", "Follow an action through the periods of its scope, or a theme."),
    "timeline": ("timeline_command", "The contracts as bars on a year axis, with their signature dates."),
    "matrix": ("matrix_command", "Themes as rows, contracts as columns: how many actions carry each."),
    "export": ("export", "Write the dataset as a SQLite database."),
    "sql": ("sql", "Run a read-only SQL query over the dataset."),
    "report": ("report", "Write an HTML report of the dataset."),
}


class LazyGroup(TyperGroup):
    """A Typer group whose commands are imported and built when they are first looked up."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The commands and their summaries, for ``--help``, without importing any command (trick 4)."""
        with formatter.section("Commands"):
            formatter.write_dl([(name, summary) for name, (_, summary) in COMMANDS.items()])

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            from typer.main import get_command_from_info
            from typer.models import CommandInfo

            module = importlib.import_module(f"cppsctl.cli.commands.{cmd_name}")
            info = CommandInfo(name=cmd_name, callback=getattr(module, COMMANDS[cmd_name][0]))
            self.commands[cmd_name] = get_command_from_info(
                info, pretty_exceptions_short=True, rich_markup_mode=self.rich_markup_mode
            )
        return self.commands.get(cmd_name)


def freeze_at_exit() -> None:
    """Spare the interpreter's final collections (trick 2)."""
    import atexit

    atexit.register(gc.freeze)


FULL_COLLECTION_SPACING = 100
"""Middle-generation collections between two full ones once the dataset is frozen (Python's default: 10)."""


@contextlib.contextmanager
def loading() -> Iterator[None]:
    """Build the dataset with the collector off, then freeze it before the collector comes back (trick 3)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        freeze_loaded()
        if was_enabled:
            gc.enable()


def freeze_loaded() -> None:
    """Move everything built so far, the dataset included, out of the collector's way (trick 3).

    Freezing also clears the young generation's count: the collection that
    the allocations of the load had made due never runs (0.18 s at 200,000
    actions, once the collector was back on).
    """
    gc.freeze()
    # Frozen objects leave the count that spaces full collections out (a full one waits until the
    # objects new since the last one are a quarter of the old ones): with none left "old", every
    # tenth middle collection became a full one. Space them out as the count would have.
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_SPACING)
