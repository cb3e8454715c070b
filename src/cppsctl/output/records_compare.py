"""The JSON shapes of ``compare``, ``history``, ``timeline`` and ``matrix`` (see :mod:`cppsctl.output.records`)."""

from __future__ import annotations

from collections.abc import Collection
from typing import TypedDict

from cppsctl import SCHEMA_VERSION
from cppsctl.analysis.compare import Comparison, Coverage, Pair, Status
from cppsctl.analysis.diff import diff_text
from cppsctl.analysis.history import History, Step
from cppsctl.analysis.timeline import Bar, Matrix
from cppsctl.model import Dataset
from cppsctl.output.records import ContractRecord, ThemeRecord, contract_record, fields_of


class PairRecord(TypedDict):
    status: str
    left: list[str]
    right: list[str]
    moved: bool
    method: str | None
    score: float | None
    via: list[str]
    left_priority: list[int]
    right_priority: list[int]
    left_title: list[str]
    right_title: list[str]
    diff: str | None


PAIR_DOCS = {
    "status": "the class, in the words of the comparison's `relation`: periods `kept`, `reworded`, `merged`,"
    " `split`, `added`, `removed`; declination `declined`, `own`, `not_declined`; scopes `shared`, `only_left`,"
    " `only_right`; any of them `unknown` (the other side is partly known)",
    "left": "the left contract's action ids (none, one, or several for a merge)",
    "right": "the right contract's action ids (none, one, or several for a split)",
    "moved": "both sides present and not under the same priority number(s)",
    "method": "`link`, `similarity` or `identity`; null when one side is empty",
    "score": "title similarity, for the method `similarity`",
    "via": "actions of other contracts on the lineage path, for the method `link`",
    "left_priority": "the priority numbers of the left actions, in the same order",
    "right_priority": "the priority numbers of the right actions",
    "left_title": "the titles of the left actions (csv: a JSON array, since a title may hold `; `)",
    "right_title": "the titles of the right actions (csv: a JSON array)",
    "diff": "word diff of the titles of a one-to-one pair whose titles differ, wdiff style: `[-old-] {+new+}`",
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
    action_count: int | None
    known_action_count: int
    declined_count: int
    percent: float | None
    percent_at_least: float | None
    percent_at_most: float | None
    declined: list[str]


class CoverageRecord(TypedDict):
    paris_wide: str
    local: str
    complete: bool
    action_count: int | None
    known_action_count: int
    declined_count: int
    percent: float | None
    percent_at_least: float | None
    percent_at_most: float | None
    priorities: list[PriorityCoverageRecord]


COVERAGE_DOCS = {
    "paris_wide": "the Paris-wide contract's id",
    "local": "the local contract's id",
    "complete": "false when either contract is only partly known: the share is then a range",
    "action_count": "the Paris-wide contract's number of actions; null when not known",
    "known_action_count": "its actions the dataset lists",
    "declined_count": "its known actions the local contract declines (at least that many)",
    "percent": "the share declined, exactly; null when either side is partly known",
    "percent_at_least": "the share declined at least; null when the number of actions is not known",
    "percent_at_most": "the share declined at most, counting the actions of either side that are not known;"
    " null when open (that number is not known)",
    "priorities": "the same per priority, with `number`, `title` and the ids `declined`",
}


class ComparisonRecord(TypedDict):
    schema_version: int
    relation: str
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
    certain_start: int | None
    certain_end: int | None
    start_status: str
    end_status: str
    inferred: list[str]
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
    "bar_start": "the first year it may have been in force (`earliest_start`); null when open",
    "bar_end": "the last year it may have been in force (`latest_end`); null when open",
    "certain_start": "the first year it was certainly in force (drawn solid); null when no year is certain",
    "certain_end": "the last year it was certainly in force",
    "start_status": "how its first year is known: `known`, `inferred`, `derived` or `unknown`",
    "end_status": "how its last year is known: `known`, `inferred`, `derived` or `unknown`",
    "inferred": "its fields whose value is an inference or a derivation",
    "complete": "false when only part of the actions is known",
}


class MatrixRecord(ThemeRecord):
    """A theme's row of ``matrix``: a theme record's shape, its counts over the chosen contracts only."""


MATRIX_DOCS = {
    "id": "the theme's id",
    "label_fr": "its French label",
    "label_en": "its English label",
    "action_count": "known actions with the theme in the chosen contracts (at least, when one is partly known)",
    "counts": "contract id → number of its actions with the theme; for a partly known contract, at least that"
    " many, and null (unknown, not zero) when it lists none",
}

PAIR_FIELDS = fields_of(PairRecord)
HISTORY_FIELDS = fields_of(StepRecord)
TIMELINE_FIELDS = fields_of(BarRecord)
MATRIX_FIELDS = fields_of(MatrixRecord)


def pair_record(pair: Pair) -> PairRecord:
    diff = pair.diff
    return PairRecord(
        status=pair.status,
        left=[a.id for a in pair.left],
        right=[a.id for a in pair.right],
        moved=pair.moved,
        method=pair.method,
        score=None if pair.score is None else round(pair.score, 3),
        via=list(pair.via),
        left_priority=[a.priority for a in pair.left],
        right_priority=[a.priority for a in pair.right],
        left_title=[a.title for a in pair.left],
        right_title=[a.title for a in pair.right],
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
        action_count=coverage.total,
        known_action_count=coverage.action_count,
        declined_count=coverage.declined_count,
        percent=coverage.percent,
        percent_at_least=coverage.at_least,
        percent_at_most=coverage.at_most,
        priorities=[
            PriorityCoverageRecord(
                number=p.number,
                title=p.title,
                action_count=p.total,
                known_action_count=len(p.actions),
                declined_count=len(p.declined),
                percent=p.percent,
                percent_at_least=p.at_least,
                percent_at_most=p.at_most,
                declined=list(p.declined),
            )
            for p in coverage.priorities
        ],
    )


def comparison_record(dataset: Dataset, comparison: Comparison, only: Collection[Status] = ()) -> ComparisonRecord:
    """``compare A B --format json``: the whole comparison; ``pairs`` holds the pairs in the ``only`` classes."""
    return ComparisonRecord(
        schema_version=SCHEMA_VERSION,
        relation=comparison.relation,
        left=contract_record(dataset, comparison.left),
        right=contract_record(dataset, comparison.right),
        threshold=comparison.threshold,
        only=[s for s in comparison.classes if s in only] or None,
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
        certain_start=None if bar.facts.certain is None else bar.facts.certain[0],
        certain_end=None if bar.facts.certain is None else bar.facts.certain[1],
        start_status=bar.facts.earliest.status,
        end_status=bar.facts.latest.status,
        inferred=record["inferred"],
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
