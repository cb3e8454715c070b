"""The JSON shapes of ``compare``, ``history``, ``timeline`` and ``matrix`` (see :mod:`cppsctl.output.records`)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from cppsctl.analysis.compare import STATUSES, Comparison, Coverage, Pair, Status
from cppsctl.analysis.diff import diff_text
from cppsctl.analysis.history import History, Step
from cppsctl.analysis.timeline import Bar, Matrix
from cppsctl.model import Action, Dataset
from cppsctl.output.records import SCHEMA_VERSION, Record, contract_record

PAIR_FIELDS = (
    "status", "left", "right", "moved", "method", "score", "via",
    "left_priority", "right_priority", "left_title", "right_title", "diff",
)  # fmt: skip
HISTORY_FIELDS = (
    "period", "scope", "contract_id", "id", "priority", "title", "via", "change",
    "themes", "continues", "declines", "start_year", "end_year",
)  # fmt: skip
TIMELINE_FIELDS = (
    "id", "kind", "scope", "arrondissement", "start_year", "end_year", "period", "signed_on",
    "bar_start", "bar_end", "start_known", "end_known", "complete",
)  # fmt: skip
MATRIX_FIELDS = ("id", "label_fr", "label_en", "action_count", "counts")


def _one_or_many(values: Sequence[object]) -> object:
    """None for no value, the value for one, the list for several (a merge or a split)."""
    if not values:
        return None
    return values[0] if len(values) == 1 else list(values)


def pair_record(pair: Pair) -> Record:
    def side(actions: tuple[Action, ...]) -> tuple[object, object, object]:
        return (
            _one_or_many([a.id for a in actions]),
            _one_or_many([a.priority for a in actions]),
            _one_or_many([a.title for a in actions]),
        )

    left, left_priority, left_title = side(pair.left)
    right, right_priority, right_title = side(pair.right)
    diff = pair.diff
    return {
        "status": pair.status,
        "left": left,
        "right": right,
        "moved": pair.moved,
        "method": pair.method,
        "score": None if pair.score is None else round(pair.score, 3),
        "via": list(pair.via),
        "left_priority": left_priority,
        "right_priority": right_priority,
        "left_title": left_title,
        "right_title": right_title,
        "diff": None if diff is None else diff_text(diff),
    }


def summary_record(comparison: Comparison) -> Record:
    return {
        "left_actions": comparison.left.action_count,
        "right_actions": comparison.right.action_count,
        "pairs": len(comparison.pairs),
        "classes": comparison.counts(),
        "moved": comparison.moved_count,
        "priorities": {
            side: [
                {"number": p.number, "title": p.title, "action_count": sum(p.counts.values()), "counts": p.counts}
                for p in comparison.priority_counts(side)
            ]
            for side in ("left", "right")
        },
    }


def coverage_record(coverage: Coverage) -> Record:
    return {
        "paris_wide": coverage.paris_wide,
        "local": coverage.local,
        "complete": coverage.complete,
        "action_count": coverage.action_count,
        "declined_count": coverage.declined_count,
        "percent": coverage.percent,
        "priorities": [
            {
                "number": p.number,
                "title": p.title,
                "action_count": len(p.actions),
                "declined_count": len(p.declined),
                "percent": p.percent,
                "declined": list(p.declined),
            }
            for p in coverage.priorities
        ],
    }


def comparison_record(dataset: Dataset, comparison: Comparison, only: Collection[Status] = ()) -> Record:
    """``compare A B --format json``: the whole comparison; ``pairs`` holds the pairs in the ``only`` classes."""
    return {
        "schema_version": SCHEMA_VERSION,
        "left": contract_record(dataset, comparison.left),
        "right": contract_record(dataset, comparison.right),
        "threshold": comparison.threshold,
        "only": [s for s in STATUSES if s in only] or None,
        "warnings": list(comparison.warnings),
        "summary": summary_record(comparison),
        "coverage": None if comparison.coverage is None else coverage_record(comparison.coverage),
        "pairs": [pair_record(p) for p in comparison.only(only)],
    }


def step_record(step: Step) -> Record:
    action, contract = step.action, step.contract
    return {
        "period": contract.period,
        "scope": contract.scope,
        "contract_id": contract.id,
        "id": action.id,
        "priority": action.priority,
        "title": action.title,
        "via": step.via,
        "change": step.change,
        "themes": list(action.themes),
        "continues": list(action.continues),
        "declines": list(action.declines),
        "start_year": contract.start_year,
        "end_year": contract.end_year,
    }


def history_records(history: History) -> list[Record]:
    return [step_record(s) for s in history.steps]


def bar_record(dataset: Dataset, bar: Bar) -> Record:
    record = contract_record(dataset, bar.contract) | {
        "bar_start": bar.start,
        "bar_end": bar.end,
        "start_known": bar.start_known,
        "end_known": bar.end_known,
    }
    return {key: record[key] for key in TIMELINE_FIELDS}


def matrix_records(table: Matrix) -> list[Record]:
    return [
        {
            "id": row.theme.id,
            "label_fr": row.theme.label_fr,
            "label_en": row.theme.label_en,
            "action_count": row.total,
            "counts": {c.id: n for c, n in zip(table.contracts, row.counts, strict=True)},
        }
        for row in table.rows
    ]
