"""``compare``: two contracts side by side."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from cppsctl.cli.common import (
    BomOption,
    DataOption,
    FormatOption,
    Output,
    RawCellsOption,
    load_dataset,
    warn,
)
from cppsctl.compare import SIMILARITY_THRESHOLD, compare, parse_statuses
from cppsctl.compare_records import comparison_record
from cppsctl.output import OutputFormat, write
from cppsctl.query import get_contract


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
    format: FormatOption = OutputFormat.table,
    bom: BomOption = False,
    raw_cells: RawCellsOption = False,
) -> None:
    """Align the fiches-actions of contract A with those of B and classify each (kept, reworded, merged, ...).

    Lineage links (continues, declines) pair actions first, then title similarity.
    A local contract compared with a Paris-wide one also gets the share of the
    Paris-wide actions it declines. JSON: one object; jsonl, csv, tsv: one row per pair.
    """
    statuses = parse_statuses(only) if only is not None else []
    dataset = load_dataset(data)
    comparison = compare(dataset, get_contract(dataset, left), get_contract(dataset, right), threshold=threshold)
    for message in comparison.warnings:
        warn(message)
    options = Output(format, bom=bom, raw_cells=raw_cells).options(ctx)
    if format is OutputFormat.table:
        from cppsctl.render_compare import print_comparison

        print_comparison(comparison, statuses, options, sys.stdout)
        return
    document = comparison_record(dataset, comparison, statuses)
    write(document["pairs"], None, options, sys.stdout, document=document)
