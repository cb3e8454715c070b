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
3. **Freeze after loading.** :func:`freeze_loaded`: a built dataset is hundreds
   of thousands of objects that live until the end and hold no cycle; the
   collector would walk them again at every full collection. Moving them to
   the permanent generation once they are built spares that work.
"""

from __future__ import annotations

import gc
import importlib
from typing import Any

from typer.core import TyperGroup

COMMANDS: dict[str, str] = {
    # command: its function in cppsctl.cli.commands.<command>, in the order --help lists them
    "list": "list_contracts",
    "actions": "actions",
    "show": "show",
    "search": "search_command",
    "themes": "themes",
    "sources": "sources",
    "validate": "validate",
    "compare": "compare_command",
    "history": "history_command",
    "timeline": "timeline_command",
    "matrix": "matrix_command",
    "export": "export",
    "sql": "sql",
    "report": "report",
}


class LazyGroup(TyperGroup):
    """A Typer group whose commands are imported and built when they are first looked up."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            from typer.main import get_command_from_info
            from typer.models import CommandInfo

            module = importlib.import_module(f"cppsctl.cli.commands.{cmd_name}")
            info = CommandInfo(name=cmd_name, callback=getattr(module, COMMANDS[cmd_name]))
            self.commands[cmd_name] = get_command_from_info(
                info, pretty_exceptions_short=True, rich_markup_mode=self.rich_markup_mode
            )
        return self.commands.get(cmd_name)


def freeze_at_exit() -> None:
    """Spare the interpreter's final collections (trick 2)."""
    import atexit

    atexit.register(gc.freeze)


def freeze_loaded() -> None:
    """Move everything built so far, the dataset included, out of the collector's way (trick 3)."""
    gc.freeze()
