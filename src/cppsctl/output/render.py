"""The one way to render: any view, any format, as chunks of text (see :mod:`cppsctl.output.views`).

:func:`render` dispatches on the format, then on the view; the CLI only writes
what it yields. :func:`summary` counts what was printed, so that the CLI can tell the person
at the terminal that nothing matched or that a table stopped short.
"""

from collections.abc import Iterator, Sequence
from typing import NamedTuple

from cppsctl.analysis.known import UNKNOWN_LEGEND
from cppsctl.errors import assert_never
from cppsctl.output.formats import (
    OutputFormat,
    OutputOptions,
    Record,
    csv_chunks,
    header_columns,
    json_chunks,
    json_document,
    jsonl_chunks,
    markdown_chunks,
    select,
    shows_unknown,
    tsv_chunks,
)
from cppsctl.output.views import ActionView, ContractView, Records, View, document_with, records_of

TABLE_ROW_CAP = 200
"""Rows a table prints on a terminal before it stops (with a note); ``--limit`` sets another number, 0 none."""


def chosen_rows(view: View, options: OutputOptions) -> Sequence[Record]:
    """The rows of the view that ``--fields``, ``--sort`` and ``--limit`` choose."""
    records = records_of(view)
    return select(records.rows, records.fields, options)


def _shown_fields(records: Records, options: OutputOptions, table: bool) -> tuple[str, ...]:
    if options.fields is not None:
        return options.fields
    return records.table_columns if table else records.fields


def capped(options: OutputOptions) -> bool:
    """Whether a table is cut at :data:`TABLE_ROW_CAP` rows: on a terminal, when no limit was given."""
    return options.format is OutputFormat.table and options.terminal and options.limit is None


def _for_people(
    records: Records, rows: Sequence[Record], options: OutputOptions
) -> tuple[list[Record], tuple[str, ...], str | None]:
    """The rows, columns and legend of a table read by people (terminal or markdown).

    The rows are as the view displays them (marks, ``2 of 31``); a table that shows
    an unknown as ``?`` says so under it, when its own legend does not.
    """
    shown = list(rows) if records.display is None else [records.display(r) for r in rows]
    columns = tuple(header_columns(shown, _shown_fields(records, options, True)))  # nested objects flattened
    legend = records.legend
    if legend is None and shows_unknown(shown, columns):
        legend = UNKNOWN_LEGEND
    return shown, columns, legend


def render(view: View, options: OutputOptions) -> Iterator[str]:
    """The text of ``view`` in ``options.format``, chunk by chunk."""
    fmt = options.format
    records = records_of(view)
    if fmt is OutputFormat.table and not options.chooses and not isinstance(view, Records):
        yield from _picture(view, options)
        return
    rows = chosen_rows(view, options)
    match fmt:
        case OutputFormat.json:
            document = document_with(view, rows, options.chooses)
            yield from json_chunks(rows) if document is None else json_document(document)
        case OutputFormat.jsonl:
            document = document_with(view, rows, options.chooses)
            if isinstance(view, ContractView | ActionView) and document is not None:
                yield from jsonl_chunks([document])
            else:
                yield from jsonl_chunks(rows)
        case OutputFormat.csv:
            yield from csv_chunks(rows, _shown_fields(records, options, False), options)
        case OutputFormat.tsv:
            yield from tsv_chunks(rows, _shown_fields(records, options, False), options)
        case OutputFormat.markdown:
            shown, columns, legend = _for_people(records, rows, options)
            yield from markdown_chunks(shown, columns, options, legend)
        case OutputFormat.table:
            shown, columns, legend = _for_people(records, rows[:TABLE_ROW_CAP] if capped(options) else rows, options)
            from cppsctl.output.grid import grid_text  # here: json and csv need none of it

            text = grid_text(shown, columns, records.title, options, legend)  # in a pipe, without rich
            if text is None:
                from cppsctl.output.terminal import table_text

                text = table_text(shown, columns, records.title, options, legend)
            yield text
        case _:
            assert_never(fmt)


def _picture(view: View, options: OutputOptions) -> Iterator[str]:
    """A view's own drawing on a terminal (rich is imported here only)."""
    from cppsctl.output import terminal, terminal_compare
    from cppsctl.output.views import ComparisonView, MatrixView, TimelineView, ValidationView

    match view:
        case ContractView():
            yield terminal.contract_tree_text(view.dataset, view.contract, options)
        case ActionView():
            yield terminal.record_text(view.document, options)
        case ComparisonView():
            yield terminal_compare.comparison_text(view.comparison, view.only, options)
        case TimelineView():
            yield terminal_compare.timeline_text(view.bars, options)
        case MatrixView():
            yield terminal_compare.matrix_text(view.matrix, options)
        case ValidationView():
            yield terminal.validation_text(view.records.rows, view.verdicts, options)
        case Records():  # drawn as a table by render itself
            raise AssertionError("records are not a picture")
        case _:
            assert_never(view)


def render_text(view: View, options: OutputOptions) -> str:
    """:func:`render` as one string (tests, the HTML report, small outputs)."""
    return "".join(render(view, options))


class Summary(NamedTuple):
    """How many records a rendering holds and shows, for the CLI's notes on stderr ("No actions match")."""

    total: int  # records chosen (after --limit)
    shown: int  # records printed (fewer when a table is cut at TABLE_ROW_CAP)
    noun: str
    plain: bool  # a plain list of records (not a picture that holds some)


def summary(view: View, options: OutputOptions) -> Summary:
    """How many records ``render(view, options)`` prints, of how many."""
    records = records_of(view)
    total = len(records.rows) if options.limit is None else min(options.limit, len(records.rows))
    as_table = options.format is OutputFormat.table and (isinstance(view, Records) or options.chooses)
    shown = min(total, TABLE_ROW_CAP) if as_table and capped(options) else total
    return Summary(total=total, shown=shown, noun=records.noun, plain=isinstance(view, Records))
