"""The JSON shapes of ``compare``, ``history``, ``timeline`` and ``matrix`` (see :mod:`cppsctl.output.records`)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TypedDict

from cppsctl.analysis.compare import STATUSES, Comparison, Coverage, Pair, Status
from cppsctl.analysis.diff import diff_text
from cppsctl.analysis.history import History, Step
from cppsctl.analysis.timeline import Bar, Matrix
from cppsctl.model import Action, Dataset
from cppsctl.output.records import SCHEMA_VERSION, ContractRecord, contract_record, fields_of


class PairRecord(TypedDict):
    status: str
    left: object  # string, list of strings or null (schema version 1)
    right: object
    moved: bool
    method: str | None
    score: float | None
    via: list[str]
    left_priority: object
    right_priority: object
    left_title: object
    right_title: object
    diff: str | None


PAIR_DOCS = {
    "status": "`kept`, `reworded`, `merged`, `split`, `added`, `removed` or `unknown`",
    "left": "the left contract's action id(s)",
    "right": "the right contract's action id(s)",
    "moved": "both sides present and not under the same priority number(s)",
    "method": "`link`, `similarity` or `identity`; null when one side is empty",
    "score": "title similarity, for the method `similarity`",
    "via": "actions of other contracts on the lineage path, for the method `link`",
    "left_priority": "the priority number(s) of the left action(s)",
    "right_priority": "the priority number(s) of the right action(s)",
    "left_title": "the title(s) of the left action(s)",
    "right_title": "the title(s) of the right action(s)",
    "diff": "word diff of a reworded pair, wdiff style: `[-old-] {+new+}`",
}


class PriorityCountsRecord(TypedDict):
    number: int
    title: str
    action_count: int
    counts: dict[str, int]


class SummaryRecord(TypedDict):
    left_actions: int
    right_actions: int
    pairs: int
    classes: dict[str, int]
    moved: int
    priorities: dict[str, list[PriorityCountsRecord]]


class PriorityCoverageRecord(TypedDict):
    number: int
    title: str
    action_count: int
    declined_count: int
    percent: float | None
    declined: list[str]


class CoverageRecord(TypedDict):
    paris_wide: str
    local: str
    complete: bool
    action_count: int
    declined_count: int
    percent: float | None
    priorities: list[PriorityCoverageRecord]


class ComparisonRecord(TypedDict):
    schema_version: int
    left: ContractRecord
    right: ContractRecord
    threshold: float
    only: list[str] | None
    warnings: list[str]
    summary: SummaryRecord
    coverage: CoverageRecord | None
    pairs: list[PairRecord]


class StepRecord(TypedDict):
    period: str
    scope: str
    contract_id: str
    id: str
    priority: int
    title: str
    via: str
    change: str | None
    themes: list[str]
    continues: list[str]
    declines: list[str]
    start_year: int | None
    end_year: int | None


STEP_DOCS = {
    "period": "the period of the step's contract",
    "scope": "its scope",
    "contract_id": "its contract",
    "id": "the action's id",
    "priority": "its priority number",
    "title": "its title",
    "via": "how it joined the history: `self`, `continues`, `declines`, `declined by` or `theme`",
    "change": "against the actions it continues: `kept`, `reworded`, `merged` or `split`; null when none",
    "themes": "its theme ids",
    "continues": "ids of the actions it continues",
    "declines": "ids of the Paris-wide actions it declines",
    "start_year": "its contract's first year",
    "end_year": "its contract's last year",
}


class BarRecord(TypedDict):
    id: str
    kind: str
    scope: str
    arrondissement: int | None
    start_year: int | None
    end_year: int | None
    period: str
    signed_on: str | None
    bar_start: int | None
    bar_end: int | None
    start_known: bool
    end_known: bool
    complete: bool


BAR_DOCS = {
    "id": "the contract's id",
    "kind": "its kind",
    "scope": "its scope",
    "arrondissement": "its arrondissement; null for Paris-wide",
    "start_year": "the first year the dataset gives",
    "end_year": "the last year the dataset gives",
    "period": "the period as text",
    "signed_on": "its signature date",
    "bar_start": "the first year drawn",
    "bar_end": "the last year drawn",
    "start_known": "whether the dataset gives the start year",
    "end_known": "whether the dataset gives the end year",
    "complete": "false when only part of the actions is known",
}


class MatrixRecord(TypedDict):
    id: str
    label_fr: str
    label_en: str
    action_count: int
    counts: dict[str, int]


MATRIX_DOCS = {
    "id": "the theme's id",
    "label_fr": "its French label",
    "label_en": "its English label",
    "action_count": "actions with the theme in the chosen contracts",
    "counts": "contract id → number of its actions with the theme",
}

PAIR_FIELDS = fields_of(PairRecord)
HISTORY_FIELDS = fields_of(StepRecord)
TIMELINE_FIELDS = fields_of(BarRecord)
MATRIX_FIELDS = fields_of(MatrixRecord)


def _one_or_many(values: Sequence[object]) -> object:
    """None for no value, the value for one, the list for several (a merge or a split)."""
    if not values:
        return None
    return values[0] if len(values) == 1 else list(values)


def pair_record(pair: Pair) -> PairRecord:
    def side(actions: tuple[Action, ...]) -> tuple[object, object, object]:
        return (
            _one_or_many([a.id for a in actions]),
            _one_or_many([a.priority for a in actions]),
            _one_or_many([a.title for a in actions]),
        )

    left, left_priority, left_title = side(pair.left)
    right, right_priority, right_title = side(pair.right)
    diff = pair.diff
    return PairRecord(
        status=pair.status,
        left=left,
        right=right,
        moved=pair.moved,
        method=pair.method,
        score=None if pair.score is None else round(pair.score, 3),
        via=list(pair.via),
        left_priority=left_priority,
        right_priority=right_priority,
        left_title=left_title,
        right_title=right_title,
        diff=None if diff is None else diff_text(diff),
    )


def summary_record(comparison: Comparison) -> SummaryRecord:
    return SummaryRecord(
        left_actions=comparison.left.action_count,
        right_actions=comparison.right.action_count,
        pairs=len(comparison.pairs),
        classes={str(k): v for k, v in comparison.counts().items()},
        moved=comparison.moved_count,
        priorities={
            side: [
                PriorityCountsRecord(
                    number=p.number,
                    title=p.title,
                    action_count=sum(p.counts.values()),
                    counts={str(k): v for k, v in p.counts.items()},
                )
                for p in comparison.priority_counts(side)
            ]
            for side in ("left", "right")
        },
    )


def coverage_record(coverage: Coverage) -> CoverageRecord:
    return CoverageRecord(
        paris_wide=coverage.paris_wide,
        local=coverage.local,
        complete=coverage.complete,
        action_count=coverage.action_count,
        declined_count=coverage.declined_count,
        percent=coverage.percent,
        priorities=[
            PriorityCoverageRecord(
                number=p.number,
                title=p.title,
                action_count=len(p.actions),
                declined_count=len(p.declined),
                percent=p.percent,
                declined=list(p.declined),
            )
            for p in coverage.priorities
        ],
    )


def comparison_record(dataset: Dataset, comparison: Comparison, only: Collection[Status] = ()) -> ComparisonRecord:
    """``compare A B --format json``: the whole comparison; ``pairs`` holds the pairs in the ``only`` classes."""
    return ComparisonRecord(
        schema_version=SCHEMA_VERSION,
        left=contract_record(dataset, comparison.left),
        right=contract_record(dataset, comparison.right),
        threshold=comparison.threshold,
        only=[s for s in STATUSES if s in only] or None,
        warnings=list(comparison.warnings),
        summary=summary_record(comparison),
        coverage=None if comparison.coverage is None else coverage_record(comparison.coverage),
        pairs=[pair_record(p) for p in comparison.only(only)],
    )


def step_record(step: Step) -> StepRecord:
    action, contract = step.action, step.contract
    return StepRecord(
        period=contract.period,
        scope=contract.scope,
        contract_id=contract.id,
        id=action.id,
        priority=action.priority,
        title=action.title,
        via=step.via,
        change=step.change,
        themes=list(action.themes),
        continues=list(action.continues),
        declines=list(action.declines),
        start_year=contract.start_year,
        end_year=contract.end_year,
    )


def history_records(history: History) -> list[StepRecord]:
    return [step_record(s) for s in history.steps]


def bar_record(dataset: Dataset, bar: Bar) -> BarRecord:
    contract = bar.contract
    record = contract_record(dataset, contract)
    return BarRecord(
        id=record["id"],
        kind=record["kind"],
        scope=record["scope"],
        arrondissement=record["arrondissement"],
        start_year=record["start_year"],
        end_year=record["end_year"],
        period=record["period"],
        signed_on=record["signed_on"],
        bar_start=bar.start,
        bar_end=bar.end,
        start_known=bar.start_known,
        end_known=bar.end_known,
        complete=record["complete"],
    )


def matrix_records(table: Matrix) -> list[MatrixRecord]:
    return [
        MatrixRecord(
            id=row.theme.id,
            label_fr=row.theme.label_fr,
            label_en=row.theme.label_en,
            action_count=row.total,
            counts={c.id: n for c, n in zip(table.contracts, row.counts, strict=True)},
        )
        for row in table.rows
    ]
