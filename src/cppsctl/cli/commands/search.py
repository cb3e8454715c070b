"""``search``: ranked search over contract, priority and action titles."""

from typing import Annotated

import typer

from cppsctl.analysis.search import SearchKind, search
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
    split_values,
)
from cppsctl.cli.emit import emit
from cppsctl.errors import UnknownIdError
from cppsctl.output.formats import OutputFormat
from cppsctl.output.views import hit_list

SEARCH_KINDS: tuple[SearchKind, ...] = ("contract", "priority", "action")


def search_command(
    ctx: typer.Context,
    text: Annotated[list[str], typer.Argument(metavar="TEXT...", help="Words to find; all must match.")],
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            "-k",
            help="Only these kinds of result (contract, priority, action); repeatable or comma-separated.",
            show_default=False,
        ),
    ] = None,
    format: FormatOption = OutputFormat.table,
    fields: FieldsOption = None,
    sort: SortOption = None,
    limit: LimitOption = None,
    bom: BomOption = False,
    raw_cells: RawCellsOption = False,
    no_headers: NoHeadersOption = False,
) -> None:
    """Ranked search over contract, priority and action titles (case, accents, ligatures, apostrophes ignored).

    Examples:

    \b
    $ cppsctl search jeunes
    $ cppsctl search "vie nocturne" -k action --format json
    $ cppsctl search stupéfiants --limit 5
    """
    kinds: list[SearchKind] = []
    for name in split_values(kind):
        chosen = next((k for k in SEARCH_KINDS if k == name.lower()), None)
        if chosen is None:
            raise UnknownIdError("kind of result", name, SEARCH_KINDS, listed="kinds")
        kinds.append(chosen)
    dataset = load_dataset(ctx)
    hits = search(dataset, " ".join(text), kinds=kinds)
    emit(ctx, hit_list(hits), output(format, fields, sort, limit, bom, raw_cells, no_headers))
