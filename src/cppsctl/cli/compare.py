"""``compare``, ``history``, ``timeline`` and ``matrix``: the contracts across periods."""

import sys
from typing import Annotated

import typer

from cppsctl.cli.common import (
    ArrondissementOption,
    BomOption,
    DataOption,
    FieldsOption,
    FormatOption,
    KindOption,
    LimitOption,
    NoCacheOption,
    Output,
    RawCellsOption,
    SortOption,
    chosen_contracts,
    load_dataset,
    warn,
)
from cppsctl.output import OutputFormat, write
from cppsctl.similarity import SIMILARITY_THRESHOLD

# The comparison modules are imported inside the commands that use them: the
# other commands start without paying for them.

ACTION_HISTORY_COLUMNS = ("period", "scope", "id", "title", "via", "change")
THEME_HISTORY_COLUMNS = ("period", "scope", "id", "title", "change", "declines")


def compare_command(
    ctx: typer.Context,
    left: Annotated[str, typer.Argument(metavar="A", help="The contract on the left, usually the earlier one.")],
    right: Annotated[str, typer.Argument(metavar="B", help="The contract on the right.")],
    only: Annotated[
        str | None,
        typer.Option(
            "--only",
            help="Only pairs of these classes, comma-separated: kept, reworded, merged, split, added, removed,"
            " unknown.",
            show_default=False,
        ),
    ] = None,
    threshold: Annotated[
        float,
        typer.Option("--threshold", help="Lowest title similarity (above 0, at most 1) that pairs unlinked actions."),
    ] = SIMILARITY_THRESHOLD,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    format: FormatOption = OutputFormat.table,
    bom: BomOption = False,
    raw_cells: RawCellsOption = False,
) -> None:
    """Align the fiches-actions of contract A with those of B and classify each (kept, reworded, merged, ...).

    Lineage links (continues, declines) pair actions first, then title similarity.
    A local contract compared with a Paris-wide one also gets the share of the
    Paris-wide actions it declines. JSON: one object; jsonl, csv, tsv: one row per pair.
    """
    from cppsctl.compare import compare, parse_statuses
    from cppsctl.compare_records import PAIR_FIELDS, comparison_record
    from cppsctl.query import get_contract

    statuses = parse_statuses(only) if only is not None else []

    dataset = load_dataset(data, no_cache)
    comparison = compare(dataset, get_contract(dataset, left), get_contract(dataset, right), threshold=threshold)
    for message in comparison.warnings:
        warn(message)
    options = Output(format, bom=bom, raw_cells=raw_cells).options(ctx)
    if format is OutputFormat.table:
        from cppsctl.render_compare import print_comparison

        print_comparison(comparison, statuses, options, sys.stdout)
        return
    document = comparison_record(dataset, comparison, statuses)
    write(document["pairs"], list(PAIR_FIELDS), options, sys.stdout, document=document)


def history_command(
    ctx: typer.Context,
    subject: Annotated[
        str,
        typer.Argument(
            metavar="ID-OR-THEME",
            help="An action id (cpsa-11-2022-2026/3.2) or a theme id or label (cenomed, night-life).",
        ),
    ],
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    format: FormatOption = OutputFormat.table,
    fields: FieldsOption = None,
    sort: SortOption = None,
    limit: LimitOption = None,
    bom: BomOption = False,
    raw_cells: RawCellsOption = False,
) -> None:
    """Follow an action through the periods of its scope, or list a theme's actions period by period.

    An action brings its whole 'continues' lineage, the Paris-wide actions it
    declines and, for a Paris-wide action, the local actions that decline it.
    """
    from cppsctl.compare_records import HISTORY_FIELDS, history_records
    from cppsctl.history import history

    dataset = load_dataset(data, no_cache)
    story = history(dataset, subject)
    if story.kind == "action":
        title, columns = f"History of {story.subject}", ACTION_HISTORY_COLUMNS
    else:
        title, columns = f"Theme {story.subject} ({story.label}), period by period", THEME_HISTORY_COLUMNS
    Output(format, fields, sort, limit, bom, raw_cells).emit(
        ctx, history_records(story), available=HISTORY_FIELDS, table_columns=columns, title=title
    )


def timeline_command(
    ctx: typer.Context,
    kind: KindOption = None,
    arrondissement: ArrondissementOption = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    format: FormatOption = OutputFormat.table,
    bom: BomOption = False,
    raw_cells: RawCellsOption = False,
) -> None:
    """The contracts as bars on a year axis, Paris-wide first, with their signature dates.

    A bound the dataset lacks is inferred and drawn dotted: see the README.
    """
    from cppsctl.compare_records import TIMELINE_FIELDS, bar_record
    from cppsctl.timeline import timeline

    dataset = load_dataset(data, no_cache)
    bars = timeline(dataset, chosen_contracts(dataset, kind, arrondissement))
    out = Output(format, bom=bom, raw_cells=raw_cells)
    if format is OutputFormat.table:
        from cppsctl.render_compare import print_timeline

        print_timeline(bars, out.options(ctx), sys.stdout)
        return
    out.emit(ctx, [bar_record(dataset, b) for b in bars], available=TIMELINE_FIELDS, table_columns=TIMELINE_FIELDS)


def matrix_command(
    ctx: typer.Context,
    contract: Annotated[
        list[str] | None,
        typer.Option("--contract", "-c", help="Only this contract id; repeatable.", show_default=False),
    ] = None,
    kind: KindOption = None,
    arrondissement: ArrondissementOption = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    format: FormatOption = OutputFormat.table,
    bom: BomOption = False,
    raw_cells: RawCellsOption = False,
) -> None:
    """Themes as rows, contracts as columns: how many actions of each contract carry each theme.

    Themes no chosen contract has are left out. On a terminal, the shade of a
    cell is its share of the contract's actions.
    """
    from cppsctl.compare_records import MATRIX_FIELDS, matrix_records
    from cppsctl.timeline import matrix

    dataset = load_dataset(data, no_cache)
    table = matrix(dataset, chosen_contracts(dataset, kind, arrondissement, contract))
    out = Output(format, bom=bom, raw_cells=raw_cells)
    if format is OutputFormat.table:
        from cppsctl.render_compare import print_matrix

        print_matrix(table, out.options(ctx), sys.stdout)
        return
    out.emit(ctx, matrix_records(table), available=MATRIX_FIELDS, table_columns=MATRIX_FIELDS)
