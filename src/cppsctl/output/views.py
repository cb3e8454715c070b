"""Views: what a command hands to :func:`cppsctl.output.render.render`, one type per kind of output.

Every view holds :class:`Records`: the rows that machine formats print and that
``--fields``, ``--sort`` and ``--limit`` act on. A view with a picture of its
own (a contract's tree, a comparison, a timeline, a matrix, a validation
report) is drawn as that picture on a terminal; with records chosen or
ordered, or in another format, it prints as its records. A view with a
``document`` prints that object as its JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

from cppsctl.analysis import known
from cppsctl.output.formats import Record

if TYPE_CHECKING:  # each command imports what its view needs, and no more (docs/performance.md)
    from cppsctl.analysis.compare import Comparison, Status
    from cppsctl.analysis.history import History
    from cppsctl.analysis.search import Hit
    from cppsctl.analysis.timeline import Bar, Matrix
    from cppsctl.dataset.load import Verdict
    from cppsctl.model import Action, Contract, Dataset


class Lazy(Sequence[Record]):
    """Records made from items as they are read, so that a large result is never held twice."""

    def __init__(self, items: Sequence[Any], make: Callable[[Any], Record]) -> None:
        self._items = items
        self._make = make

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> Record: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Record]: ...
    def __getitem__(self, index: int | slice) -> Record | Sequence[Record]:
        if isinstance(index, slice):
            return Lazy(self._items[index], self._make)
        return self._make(self._items[index])

    def __iter__(self) -> Iterator[Record]:
        return map(self._make, self._items)


class Records:
    """Rows of one shape: a table on a terminal, an array in JSON, a row each in jsonl, csv, tsv and markdown.

    The views are plain classes with slots, not named tuples: a command builds one, and every class created at
    import is start-up time (docs/performance.md).
    """

    __slots__ = ("display", "fields", "legend", "noun", "rows", "table_columns", "title")

    def __init__(
        self,
        rows: Sequence[Record],
        fields: tuple[str, ...],
        table_columns: tuple[str, ...],
        noun: str = "records",
        title: str | None = None,
        *,
        display: Callable[[Record], Record] | None = None,
        legend: str | None = None,
    ) -> None:
        self.rows = rows
        self.fields = fields  # every field of the shape, in order (--fields chooses among them)
        self.table_columns = table_columns  # what a table shows when no field is chosen
        self.noun = noun  # what the rows are, for "No actions match"
        self.title = title  # a table's caption
        self.display = display  # a row as a table shows it (marks, "2 of 31"); the data are unchanged
        self.legend = legend  # what the marks of a table mean, under it


class ContractView:
    """One contract in full: a tree on a terminal, its detail object in JSON, its actions as rows."""

    __slots__ = ("contract", "dataset", "document", "records")

    def __init__(self, dataset: Dataset, contract: Contract, document: Record, records: Records) -> None:
        self.dataset, self.contract, self.document, self.records = dataset, contract, document, records


class ActionView:
    """One action in full: labelled lines on a terminal, its detail object in JSON, one row elsewhere."""

    __slots__ = ("document", "records")

    def __init__(self, document: Record, records: Records) -> None:
        self.document, self.records = document, records


class ComparisonView:
    """Two contracts aligned: side by side on a terminal, one object in JSON whose ``pairs`` are the records."""

    __slots__ = ("comparison", "document", "only", "records")

    def __init__(self, comparison: Comparison, only: Collection[Status], document: Record, records: Records) -> None:
        self.comparison, self.only, self.document, self.records = comparison, only, document, records


class TimelineView:
    """The contracts as bars on a year axis; a row per contract elsewhere."""

    __slots__ = ("bars", "records")

    def __init__(self, bars: Sequence[Bar], records: Records) -> None:
        self.bars, self.records = bars, records


class MatrixView:
    """Themes by contracts; a row per theme elsewhere."""

    __slots__ = ("matrix", "records")

    def __init__(self, matrix: Matrix, records: Records) -> None:
        self.matrix, self.records = matrix, records


class ValidationView:
    """The verdict on dataset files: problem lines then one line per file on a terminal, one object in JSON."""

    __slots__ = ("document", "records", "verdicts")

    def __init__(self, document: Record, verdicts: tuple[str, ...], records: Records) -> None:
        self.document = document  # {"valid": ..., "files": [...], "problems": [...]}
        self.verdicts = verdicts  # "data.toml: valid (18 contracts, 120 actions)", one per file
        self.records = records  # one row per problem


View = Records | ContractView | ActionView | ComparisonView | TimelineView | MatrixView | ValidationView


def records_of(view: View) -> Records:
    """The records of any view."""
    return view if isinstance(view, Records) else view.records


def document_with(view: View, rows: Sequence[Record], chosen: bool) -> Any:
    """The JSON object of a view printed with ``rows`` as its records, or None to print them as an array.

    A comparison's object holds its rows as ``pairs``; the other objects stand for
    the whole view, so when records are ``chosen`` (--fields, --sort, --limit)
    the rows print as an array instead.
    """
    if isinstance(view, ComparisonView):
        return {**view.document, "pairs": list(rows)}
    if isinstance(view, ContractView | ActionView | ValidationView) and not chosen:
        return view.document
    return None


# --- the views of each command ---------------------------------------------------------------------

CONTRACT_TABLE_COLUMNS = ("id", "kind", "scope", "period", "signed_on", "priority_count", "action_count")
ACTION_TABLE_COLUMNS = ("id", "title", "themes")
HIT_TABLE_COLUMNS = ("kind", "id", "title", "score")
PROBLEM_FIELDS = ("path", "line", "column", "where", "message")
SOURCE_TABLE_COLUMNS = ("id", "kind", "updated_on", "contracts", "url")
ACTION_HISTORY_COLUMNS = ("period", "scope", "id", "title", "via", "change")
THEME_HISTORY_COLUMNS = ("period", "scope", "id", "title", "change", "declines")


def contract_list(dataset: Dataset, contracts: Sequence[Contract], year: int | None = None) -> Records:
    """Contracts, one row each; with ``year`` (``--active-in``), whether each was in force that year."""
    from cppsctl.output.records import CONTRACT_FIELDS, contract_record

    columns = (
        CONTRACT_TABLE_COLUMNS
        if year is None
        else (*CONTRACT_TABLE_COLUMNS[:1], "in_force", *CONTRACT_TABLE_COLUMNS[1:])
    )
    marked = any(known.facts(dataset, c).inferred or not c.complete for c in contracts)
    return Records(
        Lazy(contracts, lambda c: contract_record(dataset, c, year)),
        CONTRACT_FIELDS,
        columns,
        "contracts",
        display=lambda r: contract_display(dataset, r),
        legend=known.MARKS_LEGEND if marked else None,
    )


def contract_display(dataset: Dataset, record: Record) -> Record:
    """A contract record as tables show it: its period and signature marked, its counts as known-of-declared."""
    contract = dataset.find_contract(str(record.get("id")))
    if contract is None:
        return record
    facts = known.facts(dataset, contract)
    shown: dict[str, object] = {**record, "period": facts.period_text, "signed_on": facts.signed_text}
    shown["priority_count"] = known.count_text(contract, contract.priority_count, None, at_least=True)
    shown["action_count"] = known.count_text(contract, contract.action_count, contract.declared_action_count)
    return shown


def action_list(dataset: Dataset, actions: Sequence[Action], year: int | None = None) -> Records:
    """Actions, one row each; with ``year`` (``--active-in``), whether each one's contract was in force then."""
    from cppsctl.output.records import ACTION_FIELDS, action_record

    columns = ACTION_TABLE_COLUMNS if year is None else (*ACTION_TABLE_COLUMNS, "in_force")
    return Records(Lazy(actions, lambda a: action_record(dataset, a, year)), ACTION_FIELDS, columns, "actions")


def hit_list(hits: Sequence[Hit]) -> Records:
    from cppsctl.output.records import HIT_FIELDS, hit_record

    return Records(Lazy(hits, hit_record), HIT_FIELDS, HIT_TABLE_COLUMNS, "results")


def theme_list(dataset: Dataset) -> Records:
    from cppsctl.output.records import THEME_FIELDS, theme_records

    columns = ("id", "label_en", "action_count", *(f"counts.{c.id}" for c in dataset.contracts))
    return Records(theme_records(dataset), THEME_FIELDS, columns, "themes")


def source_list(dataset: Dataset) -> Records:
    from cppsctl.output.records import SOURCE_FIELDS, source_record

    return Records(
        Lazy(dataset.sources, lambda s: source_record(dataset, s)), SOURCE_FIELDS, SOURCE_TABLE_COLUMNS, "sources"
    )


def contract_view(dataset: Dataset, contract: Contract) -> ContractView:
    from cppsctl.output.records import contract_detail

    return ContractView(
        dataset, contract, contract_detail(dataset, contract), action_list(dataset, list(contract.actions))
    )


def action_view(dataset: Dataset, action: Action) -> ActionView:
    from cppsctl.output.records import action_detail

    return ActionView(action_detail(dataset, action), action_list(dataset, [action]))


def comparison_view(dataset: Dataset, comparison: Comparison, only: Collection[Status]) -> ComparisonView:
    from cppsctl.output.records_compare import PAIR_FIELDS, comparison_record, pair_record

    pairs = comparison.only(only)
    return ComparisonView(
        comparison,
        only,
        comparison_record(dataset, comparison, only),
        Records(Lazy(pairs, pair_record), PAIR_FIELDS, PAIR_FIELDS, "pairs"),
    )


def history_view(dataset: Dataset, story: History) -> Records:
    from cppsctl.output.records_compare import HISTORY_FIELDS, history_records

    if story.kind == "action":
        title, columns = f"History of {story.subject}", ACTION_HISTORY_COLUMNS
    else:
        title, columns = f"Theme {story.subject} ({story.label}), period by period", THEME_HISTORY_COLUMNS
    return Records(
        history_records(story),
        HISTORY_FIELDS,
        columns,
        "steps",
        title,
        display=lambda r: {**r, "period": _period_text(dataset, r.get("contract_id"))},
        legend=known.MARKS_LEGEND,
    )


def _period_text(dataset: Dataset, contract_id: object) -> str:
    contract = dataset.find_contract(str(contract_id))
    return "?" if contract is None else known.facts(dataset, contract).period_text


def timeline_view(dataset: Dataset, bars: Sequence[Bar]) -> TimelineView:
    from cppsctl.output.records_compare import TIMELINE_FIELDS, bar_record

    return TimelineView(
        bars, Records(Lazy(bars, lambda b: bar_record(dataset, b)), TIMELINE_FIELDS, TIMELINE_FIELDS, "contracts")
    )


def matrix_view(table: Matrix) -> MatrixView:
    from cppsctl.output.records_compare import MATRIX_FIELDS, matrix_records

    return MatrixView(table, Records(matrix_records(table), MATRIX_FIELDS, MATRIX_FIELDS, "themes"))


def sql_view(columns: Sequence[str], rows: Sequence[Record]) -> Records:
    return Records(rows, tuple(columns), tuple(columns), "rows")


def validation_view(verdicts: Sequence[Verdict]) -> ValidationView:
    """The verdicts on dataset paths: every problem a record, and one line per path."""
    from cppsctl import SCHEMA_VERSION

    problems = [
        {"path": p.path, "line": p.line, "column": p.column, "where": p.where, "message": p.message}
        for v in verdicts
        for p in v.problems
    ]
    lines = []
    for v in verdicts:
        name = v.path if v.path is not None else "bundled dataset"
        if v.valid:
            lines.append(f"{name}: valid ({v.contract_count} contracts, {v.action_count} actions)")
        else:
            count = len(v.problems)
            lines.append(f"{name}: invalid ({count} problem{'s' if count != 1 else ''})")
    document = {
        "schema_version": SCHEMA_VERSION,
        "valid": all(v.valid for v in verdicts),
        "files": [
            {
                "path": v.path,
                "valid": v.valid,
                "contract_count": v.contract_count,
                "action_count": v.action_count,
                "problem_count": len(v.problems),
            }
            for v in verdicts
        ],
        "problems": problems,
    }
    return ValidationView(document, tuple(lines), Records(problems, PROBLEM_FIELDS, PROBLEM_FIELDS, "problems"))
