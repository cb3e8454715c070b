"""``actions``: the fiches-actions, filtered."""

from typing import Annotated

import typer

from cppsctl.analysis.filters import filter_actions
from cppsctl.cli import complete
from cppsctl.cli.common import (
    ActiveInOption,
    ArrondissementOption,
    BomOption,
    CertainOption,
    ContractOption,
    FieldsOption,
    FormatOption,
    KindOption,
    LimitOption,
    NoHeadersOption,
    RawCellsOption,
    SortOption,
    load_dataset,
    output,
    parse_numbers,
    parse_scope,
    split_values,
)
from cppsctl.cli.emit import emit
from cppsctl.output.formats import OutputFormat
from cppsctl.output.views import action_list


def actions(
    ctx: typer.Context,
    contract: ContractOption = None,
    priority: Annotated[
        list[str] | None,
        typer.Option(
            "--priority", "-p", help="Only these priority numbers; repeatable or comma-separated.", show_default=False
        ),
    ] = None,
    theme: Annotated[
        list[str] | None,
        typer.Option(
            "--theme",
            "-t",
            help="Only actions with any of these themes, by id or French or English label; repeatable or"
            " comma-separated.",
            show_default=False,
            autocompletion=complete.theme_ids,
        ),
    ] = None,
    kind: KindOption = None,
    arrondissement: ArrondissementOption = None,
    active_in: ActiveInOption = None,
    certain: CertainOption = False,
    text: Annotated[
        str | None,
        typer.Option(
            "--search",
            "-s",
            help="Only titles matching every word: the word, its stem (plural, feminine...) or, from 3 letters,"
            " a word it begins (case and accents ignored).",
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
    """List the fiches-actions, filtered by contract, priority, theme, kind, arrondissement, year and text.

    Examples:

    \b
    $ cppsctl actions -a 11 -t youth,school
    $ cppsctl actions --search "vente à la sauvette" --format json
    $ cppsctl actions -c cpps-2015-2020 -p 3 --fields id,title --format csv
    """
    dataset = load_dataset(ctx)
    found = filter_actions(
        dataset,
        contracts=split_values(contract),
        priorities=parse_numbers(priority, "priority"),
        themes=split_values(theme),
        kinds=[k.upper() for k in split_values(kind)],
        arrondissements=[parse_scope(a) for a in split_values(arrondissement)],
        active_in=active_in,
        certain=certain,
        text=text,
    )
    emit(ctx, action_list(dataset, found, active_in), output(format, fields, sort, limit, bom, raw_cells, no_headers))
