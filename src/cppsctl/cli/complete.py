"""Shell completion of what the commands take: ids, themes, fields, sort keys, classes, kinds, arrondissements.

Completion must never fail or print: any problem with the dataset gives no
suggestion. It reads the dataset through the cache, as the commands do, so
that a TAB costs a cached load, not a parse. Candidates are shown escaped,
and an id that could not be typed (a control character) is never offered.
"""

import os
from collections.abc import Callable, Iterable
from pathlib import Path

import typer

from cppsctl.errors import CppsError
from cppsctl.model import KINDS, Dataset
from cppsctl.text import UNSAFE_CHARACTERS


def _dataset(ctx: typer.Context) -> Dataset | None:
    from cppsctl.dataset.load import load

    root = ctx.find_root()
    data = root.params.get("data") or ctx.params.get("data") or os.environ.get("CPPSCTL_DATA") or None
    try:
        return load(Path(data) if data else None, cache=not root.params.get("no_cache", False))
    except (CppsError, OSError, ValueError):
        return None


def _matching(candidates: Iterable[str], incomplete: str) -> list[str]:
    """The candidates that start with what was typed; after a comma, the next value of a list."""
    head, _, last = incomplete.rpartition(",")
    prefix = f"{head}," if head else ""
    return [
        prefix + c
        for c in candidates
        if c.startswith(last) and c and not any(ch in c for ch in "\n\r\t ") and _typable(c)
    ]


def _typable(text: str) -> bool:
    import re

    return re.search(f"[{UNSAFE_CHARACTERS}]", text) is None


def _from_dataset(pick: Callable[[Dataset], Iterable[str]]) -> Callable[[typer.Context, str], list[str]]:
    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        dataset = _dataset(ctx)
        return _matching(pick(dataset), incomplete) if dataset else []

    return complete


contract_ids = _from_dataset(lambda d: d.contract_ids())
theme_ids = _from_dataset(lambda d: [t.id for t in d.themes])
action_ids = _from_dataset(lambda d: d.action_ids())
actions_and_themes = _from_dataset(lambda d: [*(t.id for t in d.themes), *d.action_ids()])


def any_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Contract ids, and action ids once a contract id and ``/`` are typed."""
    dataset = _dataset(ctx)
    if dataset is None:
        return []
    return _matching(dataset.action_ids() if "/" in incomplete else dataset.contract_ids(), incomplete)


def kinds(ctx: typer.Context, incomplete: str) -> list[str]:
    """The kinds, in the case being typed (``--kind`` ignores case; the shell keeps what starts as typed)."""
    found = _matching(KINDS, incomplete.upper())
    return [k.lower() for k in found] if incomplete.islower() else found


def arrondissements(ctx: typer.Context, incomplete: str) -> list[str]:
    return _matching(["paris", *(str(n) for n in range(1, 21))], incomplete.lower())


def statuses(ctx: typer.Context, incomplete: str) -> list[str]:
    from cppsctl.analysis.compare import STATUSES

    return _matching(STATUSES, incomplete.lower())


def _fields_of_command(ctx: typer.Context) -> tuple[str, ...]:
    """The fields of the records the command being completed prints (none for sql: they are its query's)."""
    from cppsctl.output import records, records_compare, views

    return {
        "list": records.CONTRACT_FIELDS,
        "actions": records.ACTION_FIELDS,
        "show": records.ACTION_FIELDS,
        "search": records.HIT_FIELDS,
        "themes": records.THEME_FIELDS,
        "sources": records.SOURCE_FIELDS,
        "validate": views.PROBLEM_FIELDS,
        "compare": records_compare.PAIR_FIELDS,
        "history": records_compare.HISTORY_FIELDS,
        "timeline": records_compare.TIMELINE_FIELDS,
        "matrix": records_compare.MATRIX_FIELDS,
    }.get(ctx.command.name or "", ())


def field_names(ctx: typer.Context, incomplete: str) -> list[str]:
    return _matching(_fields_of_command(ctx), incomplete)


def sort_keys(ctx: typer.Context, incomplete: str) -> list[str]:
    fields = _fields_of_command(ctx)
    if incomplete.startswith("-"):
        return [f"-{c}" for c in _matching(fields, incomplete[1:])]
    return _matching(fields, incomplete)
