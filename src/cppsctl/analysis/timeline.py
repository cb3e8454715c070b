"""The contracts over the years (``timeline``) and their themes side by side (``matrix``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cppsctl.analysis.filters import theme_counts
from cppsctl.model import Contract, Dataset, Theme


def first_year(contract: Contract) -> int | None:
    """The first year a contract is known to be in force: its start, else its signature, else its end."""
    if contract.start_year is not None:
        return contract.start_year
    if contract.signed_on is not None:
        signed = contract.signed_on.year
        return signed if contract.end_year is None else min(signed, contract.end_year)
    return contract.end_year


def by_scope(contracts: Sequence[Contract]) -> list[Contract]:
    """Paris-wide contracts first, then by arrondissement; in each scope by first year (unknown last)."""
    return sorted(contracts, key=lambda c: (c.arrondissement or 0, _year_key(c), c.id))


def by_period(contracts: Sequence[Contract]) -> list[Contract]:
    """By first year (unknown last), then Paris-wide first and by arrondissement."""
    return sorted(contracts, key=lambda c: (_year_key(c), c.arrondissement or 0, c.id))


def _year_key(contract: Contract) -> int:
    year = first_year(contract)
    return 10_000 if year is None else year


@dataclass(frozen=True, slots=True, kw_only=True)
class Bar:
    """A contract drawn on a year axis, from ``start`` to ``end`` (both None when no year is known).

    A bound the dataset does not give is inferred, and drawn as uncertain: an
    unknown start is the signature year (else the end year); an unknown end is
    the year before the next contract of the same scope begins, else the
    start year itself.
    """

    contract: Contract
    start: int | None
    end: int | None

    @property
    def start_known(self) -> bool:
        return self.contract.start_year is not None

    @property
    def end_known(self) -> bool:
        return self.contract.end_year is not None


def timeline(dataset: Dataset, contracts: Sequence[Contract]) -> list[Bar]:
    """A bar for each contract, by scope then year (see :class:`Bar` for unknown bounds)."""
    bars = []
    for contract in by_scope(contracts):
        start = first_year(contract)
        end = contract.end_year
        if start is not None and end is None:
            later = [
                year
                for other in dataset.contracts
                if other.arrondissement == contract.arrondissement
                and (year := first_year(other)) is not None
                and year > start
            ]
            end = min(later) - 1 if later else start
        bars.append(Bar(contract=contract, start=start, end=end))
    return bars


@dataclass(frozen=True, slots=True, kw_only=True)
class MatrixRow:
    theme: Theme
    counts: tuple[int, ...]  # one per column of the matrix

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True, slots=True, kw_only=True)
class Matrix:
    """Themes by contracts: how many actions of each contract carry each theme."""

    contracts: tuple[Contract, ...]
    rows: tuple[MatrixRow, ...]

    def share(self, row: MatrixRow, column: int) -> float:
        """The cell as a share of its contract's (known) actions, from 0 to 1."""
        listed = self.contracts[column].action_count
        return row.counts[column] / listed if listed else 0.0


def matrix(dataset: Dataset, contracts: Sequence[Contract]) -> Matrix:
    """Columns by scope then year; the themes in dataset order, without those no column has."""
    columns = tuple(by_scope(contracts))
    counts = theme_counts(dataset)
    rows = (MatrixRow(theme=t, counts=tuple(counts[t.id][c.id] for c in columns)) for t in dataset.themes)
    return Matrix(contracts=columns, rows=tuple(r for r in rows if r.total))
