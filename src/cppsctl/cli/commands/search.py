"""``search``: ranked search over contract, priority and action titles."""

from enum import Enum
from typing import Annotated

import typer

from cppsctl.analysis.search import SearchKind, search
from cppsctl.cli.common import (
    BomOption,
    DataOption,
    FieldsOption,
    FormatOption,
    LimitOption,
    NoCacheOption,
    Output,
    RawCellsOption,
    SortOption,
    load_dataset,
)
from cppsctl.output.formats import OutputFormat
from cppsctl.output.records import HIT_FIELDS, hit_record


class SearchKindChoice(str, Enum):
    contract = "contract"
    priority = "priority"
    action = "action"


HIT_TABLE_COLUMNS = ("kind", "id", "title", "score")


def search_command(
    ctx: typer.Context,
    text: Annotated[list[str], typer.Argument(metavar="TEXT...", help="Words to find; all must match.")],
    kind: Annotated[
        list[SearchKindChoice] | None,
        typer.Option("--kind", "-k", help="Only this kind of result; repeatable.", show_default=False),
    ] = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    format: FormatOption = OutputFormat.table,
    fields: FieldsOption = None,
    sort: SortOption = None,
    limit: LimitOption = None,
    bom: BomOption = False,
    raw_cells: RawCellsOption = False,
) -> None:
    """Ranked search over contract, priority and action titles (case, accents, ligatures, apostrophes ignored)."""
    dataset = load_dataset(data, no_cache)
    kinds: list[SearchKind] = [k.value for k in kind or []]
    hits = search(dataset, " ".join(text), kinds=kinds)
    Output(format, fields, sort, limit, bom, raw_cells).emit(
        ctx, [hit_record(h) for h in hits], available=HIT_FIELDS, table_columns=HIT_TABLE_COLUMNS
    )
