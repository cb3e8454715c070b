"""``show``: one contract as a tree, or one action in full."""

from typing import Annotated

import typer

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
)
from cppsctl.cli.emit import emit
from cppsctl.errors import UnknownIdError
from cppsctl.output.formats import OutputFormat
from cppsctl.output.views import View, action_view, contract_view


def show(
    ctx: typer.Context,
    ident: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A contract id (cpps-2015-2020) or an action id (cpsa-11-2022-2026/3.2).",
            autocompletion=complete.any_ids,
        ),
    ],
    format: FormatOption = OutputFormat.table,
    fields: FieldsOption = None,
    sort: SortOption = None,
    limit: LimitOption = None,
    bom: BomOption = False,
    raw_cells: RawCellsOption = False,
    no_headers: NoHeadersOption = False,
) -> None:
    """Show one contract as a tree (priorities, actions, dates, partners, sources, errata), or one action.

    JSON: the whole contract or action as one object; csv, tsv: its actions, one row each.

    Examples:

    \b
    $ cppsctl show cpsa-11-2022-2026
    $ cppsctl show cpsa-11-2022-2026/3.2
    $ cppsctl show cpps-2015-2020 --format csv --fields id,title
    """
    dataset = load_dataset(ctx)
    contract = dataset.find_contract(ident)
    action = dataset.find_action(ident)
    view: View
    if contract is not None:
        view = contract_view(dataset, contract)
    elif action is not None:
        view = action_view(dataset, action)
    else:
        raise UnknownIdError("id", ident, dataset.action_ids() if "/" in ident else dataset.contract_ids())
    emit(ctx, view, output(format, fields, sort, limit, bom, raw_cells, no_headers))
