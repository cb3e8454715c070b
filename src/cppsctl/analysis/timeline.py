"""The contracts over the years (``timeline``) and their themes side by side (``matrix``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cppsctl.analysis.filters import theme_counts
from cppsctl.analysis.known import Facts, InForce, first_year, knowledge, listed_count
from cppsctl.model import Contract, Dataset, Theme


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
    """A contract on a year axis: in force certainly, possibly or not, each year (:mod:`cppsctl.analysis.known`).

    The terminal, the HTML report and the JSON draw the same bars: a year is
    solid where :meth:`state` is ``yes``, hatched where it is ``possibly``.
    """

    contract: Contract
    facts: Facts

    def state(self, year: int) -> InForce:
        return self.facts.in_force(year)

    @property
    def start(self) -> int | None:
        """The first year drawn; None when the start is open (drawn from the axis' first year)."""
        return self.facts.earliest.year

    @property
    def end(self) -> int | None:
        """The last year drawn; None when the end is open (drawn to the axis' last year)."""
        return self.facts.latest.year


def timeline(dataset: Dataset, contracts: Sequence[Contract]) -> list[Bar]:
    """A bar for each contract, by scope then year."""
    known = knowledge(dataset)
    return [Bar(contract=c, facts=known.of(c)) for c in by_scope(contracts)]


def axis(bars: Sequence[Bar]) -> tuple[int, int] | None:
    """The years a timeline shows: from the first to the last year any bar is known by; None when no year is."""
    years = [
        y
        for bar in bars
        for y in (bar.start, bar.end, *(bar.facts.certain or ()), bar.facts.signed.year)
        if y is not None
    ]
    return (min(years), max(years)) if years else None


@dataclass(frozen=True, slots=True, kw_only=True)
class MatrixRow:
    theme: Theme
    counts: tuple[int | None, ...]  # one per column: None where unknown (a partly known contract, none known)

    @property
    def total(self) -> int:
        """Actions with the theme among the known ones (at least that many when a column is partly known)."""
        return sum(n for n in self.counts if n)


@dataclass(frozen=True, slots=True, kw_only=True)
class Matrix:
    """Themes by contracts: how many actions of each contract carry each theme.

    A partly known contract's count is a lower bound, and where it lists no
    action with the theme the count is unknown (None), not zero.
    """

    contracts: tuple[Contract, ...]
    periods: tuple[str, ...]  # each column's period, marked as tables show it (Facts.period_text)
    rows: tuple[MatrixRow, ...]

    @property
    def top(self) -> int:
        """The largest count: the darkest shade (a count means the same in every column)."""
        return max((n for row in self.rows for n in row.counts if n), default=0)


def matrix(dataset: Dataset, contracts: Sequence[Contract]) -> Matrix:
    """Columns by scope then year; the themes in dataset order, without those no column has."""
    columns = tuple(by_scope(contracts))
    counts = theme_counts(dataset)
    rows = (
        MatrixRow(theme=t, counts=tuple(listed_count(c, counts[t.id][c.id]) for c in columns)) for t in dataset.themes
    )
    known = knowledge(dataset)
    periods = tuple(known.of(c).period_text for c in columns)
    return Matrix(contracts=columns, periods=periods, rows=tuple(r for r in rows if r.total))
