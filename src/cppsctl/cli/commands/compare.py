"""``compare``: two contracts' fiches-actions aligned and classified."""

import sys
from typing import Annotated

import typer

from cppsctl.analysis.similarity import SIMILARITY_THRESHOLD
from cppsctl.cli.common import (
    BomOption,
    DataOption,
    FormatOption,
    NoCacheOption,
    Output,
    RawCellsOption,
    load_dataset,
    parse_statuses,
    warn,
)
from cppsctl.output.formats import OutputFormat, write

# The comparison modules are imported inside the commands that use them: the
# other commands start without paying for them.


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
    from cppsctl.analysis.compare import compare
    from cppsctl.analysis.filters import get_contract
    from cppsctl.output.records_compare import PAIR_FIELDS, comparison_record

    statuses = parse_statuses(only) if only is not None else []

    dataset = load_dataset(data, no_cache)
    comparison = compare(dataset, get_contract(dataset, left), get_contract(dataset, right), threshold=threshold)
    for message in comparison.warnings:
        warn(message)
    options = Output(format, bom=bom, raw_cells=raw_cells).options(ctx)
    if format is OutputFormat.table:
        from cppsctl.output.terminal_compare import print_comparison

        print_comparison(comparison, statuses, options, sys.stdout)
        return
    document = comparison_record(dataset, comparison, statuses)
    write(document["pairs"], list(PAIR_FIELDS), options, sys.stdout, document=document)
