"""Shell completion of ids from the dataset (``cppsctl --install-completion``).

Completion must never fail or print: any problem with the dataset gives no
suggestion.
"""

import os
from pathlib import Path

import typer

from cppsctl.errors import CppsError
from cppsctl.model import Dataset


def _dataset(ctx: typer.Context) -> Dataset | None:
    from cppsctl.dataset.load import load

    data = ctx.params.get("data") or os.environ.get("CPPSCTL_DATA") or None
    try:
        return load(Path(data) if data else None)
    except (CppsError, OSError):
        return None


def _matching(candidates: list[str], incomplete: str) -> list[str]:
    return [c for c in candidates if c.startswith(incomplete)]


def contract_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    dataset = _dataset(ctx)
    return _matching(dataset.contract_ids(), incomplete) if dataset else []


def any_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Contract ids, and action ids once a contract id and ``/`` are typed."""
    dataset = _dataset(ctx)
    if dataset is None:
        return []
    ids = dataset.action_ids() if "/" in incomplete else dataset.contract_ids()
    return _matching(ids, incomplete)


def theme_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    dataset = _dataset(ctx)
    return _matching([t.id for t in dataset.themes], incomplete) if dataset else []
