"""What is known about each contract: its period and their bounds' status, whether it was in force, its counts.

The one place that decides it; ``list``, ``actions``, ``timeline``, ``matrix``,
``compare``, ``history`` and the report all ask here, so they cannot disagree.

* **Bounds.** A contract's first and last year are *known* (read in a source),
  *inferred* (the editors' reading, recorded as an inference on the field),
  *derived* (computed here) or *unknown*. An unknown last year is bounded by
  the start of the next contract of the same scope, when there is one: the
  successor replaces it, so it was in force at the latest until that year
  (derived). With no successor the last year is open.
* **In force in a year.** ``yes`` for the years it was certainly in force:
  from its known start (else its signature year) to its known end (else its
  signature or start year: a signature year is a known year of force).
  ``possibly`` for the other years between its earliest possible start (start
  or signature year, known or inferred; open when neither is) and its latest
  possible end. ``no`` outside. A contract whose signature no source confirms
  is never certainly in force.
* **Counts.** A partly known contract's listed priorities and actions are a
  lower bound; when it lists none, the count is unknown, never zero.
* **Nulls.** A null in a record is unknown, except in the fields of
  :data:`NULL_MEANS_NONE`, where it says "none" or "not asked" (a Paris-wide
  contract's ``arrondissement``, an uncorrected title's ``original_title``).
  Tables and markdown show an unknown as ``?`` and a "none" as an empty cell
  (:func:`null_text`); csv and tsv, read by programs, leave both empty.
"""

from collections.abc import Iterable
from typing import Literal, NamedTuple

from cppsctl.model import INFERABLE_FIELDS, Contract, Dataset

BoundStatus = Literal["known", "inferred", "derived", "unknown"]
InForce = Literal["yes", "possibly", "no"]
IN_FORCE: tuple[InForce, ...] = ("yes", "possibly", "no")

FIRST_YEAR = 1900
LAST_YEAR = 2100
"""The years a question about force may name: outside them no contract of this kind can have been in force."""

VALUE_FIELDS = INFERABLE_FIELDS
"""Contract fields whose value an inference can mark (the inference's ``field`` is the field's name)."""


NULL_MEANS_NONE = frozenset(
    {
        "arrondissement",  # Paris-wide
        "original_title",  # the title was not corrected
        "in_force",  # no year was asked (--active-in)
        "source_url",  # the contract names no source
        "note",
        "source",
        "change",  # the action continues none
        "only",  # the comparison is not restricted
        "method",  # an added or removed action has no match...
        "score",
        "diff",  # ...and a kept one no difference
    }
)
"""Record fields whose null means "none" or "not asked"; in every other field a null is unknown."""


UNKNOWN_LEGEND = "? unknown"
"""The legend of a table whose only mark is an unknown value's ``?``."""


def null_text(field: str) -> str:
    """What a table shows for a null ``field`` (``parent.child`` names its last part): ``?`` unknown, else empty."""
    return "" if field.rsplit(".", 1)[-1] in NULL_MEANS_NONE else "?"


class Bound(NamedTuple):
    """One end of a period: the year, how it is known, and (when derived) the contract it comes from."""

    year: int | None
    status: BoundStatus
    source: str | None = None


class Facts(NamedTuple):
    """What is known of one contract's life (see the module docstring)."""

    contract: Contract
    start: Bound  # the first year of the period (start_year)
    end: Bound  # the last year: end_year, else derived from the successor
    signed: Bound  # the signature year
    earliest: Bound  # the first year it may have been in force (year None: open)
    latest: Bound  # the last year it may have been in force (year None: open)
    certain: tuple[int, int] | None  # the years it was surely in force, first and last
    inferred: tuple[str, ...]  # record fields whose value is an inference or a derivation

    def in_force(self, year: int) -> InForce:
        if self.certain is not None and self.certain[0] <= year <= self.certain[1]:
            return "yes"
        lo, hi = self.earliest.year, self.latest.year
        if (lo is None or lo <= year) and (hi is None or year <= hi):
            return "possibly"
        return "no"

    @property
    def signed_text(self) -> str:
        """The signature date as tables show it: ``2022-11-24?`` inferred, ``?`` unknown, ``unconfirmed``."""
        signed = self.contract.signed_on
        if signed is None:
            return "?" if self.contract.signature_confirmed else "unconfirmed"
        return f"{signed}?" if self.signed.status == "inferred" else str(signed)

    @property
    def period_text(self) -> str:
        """The period as tables and pictures show it: ``2016?`` inferred, ``≤2009`` derived, ``?`` unknown."""
        start = _bound_text_start(self.earliest)
        end = _bound_text(self.latest)
        if start == end == "?":
            return "?"
        return start if start == end and self.start.status == self.end.status == "known" else f"{start}-{end}"


def _bound_text(bound: Bound) -> str:
    if bound.year is None:
        return "?"
    return {"known": str(bound.year), "inferred": f"{bound.year}?", "derived": f"≤{bound.year}"}.get(
        bound.status, str(bound.year)
    )


def _bound_text_start(bound: Bound) -> str:
    return f"≥{bound.year}" if bound.status == "derived" and bound.year is not None else _bound_text(bound)


MARKS_LEGEND = (
    "2016? inferred by the dataset's editors · ≥2015 at the earliest (the contract it declines starts) ·"
    " ≤2009 at the latest (the next contract of its scope starts) · ? unknown"
)
"""The legend of the marks of :attr:`Facts.period_text`, printed wherever they appear."""


def inferred_fields(contract: Contract) -> set[str]:
    """The contract fields that the dataset marks as inferred."""
    return {i.field for i in contract.inferences if i.field in VALUE_FIELDS}


def _status(contract: Contract, field: str, value: object, inferred: set[str]) -> BoundStatus:
    if value is None:
        return "unknown"
    return "inferred" if field in inferred else "known"


def first_year(contract: Contract) -> int | None:
    """The first year a contract is known to be in force, whatever the status: its start, else its signature."""
    if contract.start_year is not None:
        return contract.start_year
    return contract.signed_on.year if contract.signed_on is not None else contract.end_year


def _successor(contract: Contract, contracts: Iterable[Contract]) -> Contract | None:
    """The next contract of the same scope: the one that starts first after this one starts."""
    mine = first_year(contract)
    if mine is None:
        return None
    later = [
        (year, c.id, c)
        for c in contracts
        if c.arrondissement == contract.arrondissement and c.id != contract.id and (year := first_year(c)) is not None
        and year > mine
    ]  # fmt: skip
    return min(later)[2] if later else None


def _declined_start(contract: Contract, dataset: Dataset) -> tuple[int, str] | None:
    """The latest start of the Paris-wide contracts that this contract's actions decline, and which it is.

    A contract cannot be in force before the contract it declines begins.
    """
    found = []
    for action in contract.actions:
        for target in action.declines:
            declined = dataset.find_contract(target.split("/", 1)[0])
            if declined is not None and (year := first_year(declined)) is not None:
                found.append((year, declined.id))
    return max(found) if found else None


def facts_of(contract: Contract, dataset: Dataset) -> Facts:
    """What is known of ``contract`` in ``dataset`` (its successor, what it declines)."""
    marked = inferred_fields(contract)
    signed_year = contract.signed_on.year if contract.signed_on is not None else None
    start = Bound(contract.start_year, _status(contract, "start_year", contract.start_year, marked))
    end = Bound(contract.end_year, _status(contract, "end_year", contract.end_year, marked))
    signed = Bound(signed_year, _status(contract, "signed_on", signed_year, marked))
    inferred: list[str] = [
        f for f in ("kind", "name", "arrondissement", "start_year", "end_year", "signed_on") if f in marked
    ]
    inferred += sorted(marked - set(inferred))

    earliest = start if start.year is not None else signed
    if earliest.year is None and (declined := _declined_start(contract, dataset)) is not None:
        earliest = Bound(declined[0], "derived", declined[1])
        inferred.append("earliest_start")
    latest = end
    if end.year is None:
        # The successor starts after this contract's first year (first_year), so the end derived from it
        # never comes before this contract's start.
        successor = _successor(contract, dataset.contracts)
        bound = None if successor is None else first_year(successor)
        if successor is not None and bound is not None:
            latest = Bound(bound, "derived", successor.id)
            inferred.append("latest_end")

    known = [b.year for b in (start, signed, end) if b.status == "known" and b.year is not None]
    first = start.year if start.status == "known" else min(known, default=None)
    last = end.year if end.status == "known" else max(known, default=None)
    certain = (first, last) if contract.signature_confirmed and first is not None and last is not None else None
    if certain is not None and certain[0] > certain[1]:
        certain = None
    return Facts(
        contract=contract,
        start=start,
        end=end,
        signed=signed,
        earliest=earliest,
        latest=latest,
        certain=certain,
        inferred=tuple(inferred),
    )


class Knowledge:
    """The facts of every contract of a dataset, computed once."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self._facts = {c.id: facts_of(c, dataset) for c in dataset.contracts}

    def of(self, contract: Contract) -> Facts:
        return self._facts[contract.id]


_LAST: list[tuple[Dataset, Knowledge]] = []


def knowledge(dataset: Dataset) -> Knowledge:
    """The :class:`Knowledge` of ``dataset``, computed on first use (the last dataset asked about is remembered)."""
    if _LAST and _LAST[0][0] is dataset:
        return _LAST[0][1]
    known = Knowledge(dataset)
    _LAST[:] = [(dataset, known)]
    return known


def facts(dataset: Dataset, contract: Contract) -> Facts:
    return knowledge(dataset).of(contract)


def listed_count(contract: Contract, listed: int) -> int | None:
    """A count of listed items as a record gives it: None (unknown) for a partly known contract that lists none."""
    return None if listed == 0 and not contract.complete else listed


def count_text(contract: Contract, listed: int, declared: int | None, *, at_least: bool = False) -> str:
    """A count as tables show it: ``9``, ``2 of 31``, ``0 of ?``; never a bare 0 for what is not known.

    ``at_least``: for a count with no declared total (priorities), ``≥2`` for a
    partly known contract that lists some and ``?`` for one that lists none.
    """
    if contract.complete:
        return str(listed)
    if at_least:
        return f"≥{listed}" if listed else "?"
    return f"{listed} of {'?' if declared is None else declared}"


def may_overlap(left: Facts, right: Facts) -> bool:
    """Whether two contracts can have been in force in a common year (False only when their periods are disjoint)."""
    starts = [b.year for b in (left.earliest, right.earliest) if b.year is not None]
    ends = [b.year for b in (left.latest, right.latest) if b.year is not None]
    return not starts or not ends or max(starts) <= min(ends)
