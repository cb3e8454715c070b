"""``compare``: two contracts' fiches-actions aligned and classified."""

from typing import Annotated

import typer

from cppsctl.analysis.similarity import SIMILARITY_THRESHOLD
from cppsctl.cli import complete
from cppsctl.cli.common import (
    BomOption,
    FieldsOption,
    FormatOption,
    LimitOption,
    NoHeadersOption,
    RawCellsOption,
    SortOption,
    load_dataset,
    output,
    parse_statuses,
)
from cppsctl.cli.emit import emit, warn
from cppsctl.output.formats import OutputFormat

# The comparison modules are imported inside the command: the other commands start without paying for them.


def compare_command(
    ctx: typer.Context,
    left: Annotated[
        str,
        typer.Argument(
            metavar="A", help="The contract on the left, usually the earlier one.", autocompletion=complete.contract_ids
        ),
    ],
    right: Annotated[
        str, typer.Argument(metavar="B", help="The contract on the right.", autocompletion=complete.contract_ids)
    ],
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            help="Only pairs of these classes (kept, reworded, merged, split, added, removed, unknown);"
            " repeatable or comma-separated.",
            show_default=False,
            autocompletion=complete.statuses,
        ),
    ] = None,
    threshold: Annotated[
        float,
        typer.Option("--threshold", help="Lowest title similarity (above 0, at most 1) that pairs unlinked actions."),
    ] = SIMILARITY_THRESHOLD,
    format: FormatOption = OutputFormat.table,
    fields: FieldsOption = None,
    sort: SortOption = None,
    limit: LimitOption = None,
    bom: BomOption = False,
    raw_cells: RawCellsOption = False,
    no_headers: NoHeadersOption = False,
) -> None:
    """Align the fiches-actions of contract A with those of B and classify each (kept, reworded, merged, ...).

    Lineage links (continues, declines) pair actions first, then title similarity.
    A local contract compared with a Paris-wide one also gets the share of the
    Paris-wide actions it declines. JSON: one object; jsonl, csv, tsv: one row per pair.

    Examples:

    \b
    $ cppsctl compare cpsa-11-2016-2020 cpsa-11-2022-2026
    $ cppsctl compare cpsa-11-2016-2020 cpps-2015-2020 --format json
    $ cppsctl compare cpsa-11-2016-2020 cpsa-11-2022-2026 --only added,removed --format csv --fields status,left,right
    """
    from cppsctl.analysis.compare import compare
    from cppsctl.analysis.filters import get_contract
    from cppsctl.output.views import comparison_view

    statuses = parse_statuses(only) if only else []
    dataset = load_dataset(ctx)
    comparison = compare(dataset, get_contract(dataset, left), get_contract(dataset, right), threshold=threshold)
    for message in comparison.warnings:
        warn(message)
    view = comparison_view(dataset, comparison, statuses)
    emit(ctx, view, output(format, fields, sort, limit, bom, raw_cells, no_headers))
