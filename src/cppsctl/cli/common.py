"""What every command shares: the option types, the global state, parsing option values, loading.

List options (``--kind``, ``--arrondissement``, ``--theme``, ``--contract``,
``--fields``, ``--only``...) all behave alike: repeat the option or separate
values with commas (``-k CPPS -k CPSA`` is ``-k CPPS,CPSA``); several values of
one option mean any of them, several options mean all of them.
"""

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from cppsctl.analysis.filters import filter_contracts
from cppsctl.analysis.known import FIRST_YEAR, LAST_YEAR
from cppsctl.cli import complete
from cppsctl.cli.emit import Output
from cppsctl.cli.state import state
from cppsctl.errors import UnknownIdError, UsageError
from cppsctl.model import KINDS, Contract, Dataset
from cppsctl.output.formats import OutputFormat

if TYPE_CHECKING:
    from cppsctl.analysis.compare import Status

FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", case_sensitive=False, help="Output format."),
]
FieldsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--fields",
        help="Fields to print, in this order (repeatable, or comma-separated); alone, list the fields.",
        show_default=False,
        autocompletion=complete.field_names,
    ),
]
SortOption = Annotated[
    str | None,
    typer.Option(
        "--sort",
        help="Sort by a field; prefix it with '-' for descending (unknown values last).",
        show_default=False,
        autocompletion=complete.sort_keys,
    ),
]
LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        min=0,
        help="Print at most this many records (0: all; a table on a terminal stops at 200 otherwise).",
        show_default=False,
    ),
]
KindOption = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        "-k",
        help=f"Only these kinds ({', '.join(KINDS)}); repeatable or comma-separated.",
        show_default=False,
        autocompletion=complete.kinds,
    ),
]
ArrondissementOption = Annotated[
    list[str] | None,
    typer.Option(
        "--arrondissement",
        "-a",
        help="Only these arrondissements (1-20, or 'paris' for Paris-wide); repeatable or comma-separated.",
        show_default=False,
        autocompletion=complete.arrondissements,
    ),
]
ContractOption = Annotated[
    list[str] | None,
    typer.Option(
        "--contract",
        "-c",
        help="Only these contract ids; repeatable or comma-separated.",
        show_default=False,
        autocompletion=complete.contract_ids,
    ),
]
ActiveInOption = Annotated[
    int | None,
    typer.Option(
        "--active-in",
        min=FIRST_YEAR,
        max=LAST_YEAR,
        metavar="YEAR",
        help="Only contracts in force that year, certainly or possibly (in_force: yes or possibly); a contract"
        " whose period is partly unknown is kept when it may have been in force.",
        show_default=False,
    ),
]
CertainOption = Annotated[
    bool, typer.Option("--certain", help="With --active-in: only contracts certainly in force that year.")
]
BomOption = Annotated[
    bool,
    typer.Option("--bom", help="csv/tsv: begin with a UTF-8 byte order mark, for Excel."),
]
RawCellsOption = Annotated[
    bool,
    typer.Option(
        "--raw-cells",
        help="csv/tsv/markdown: write cells as they are: no formula guard, control characters raw (unsafe).",
    ),
]
NoHeadersOption = Annotated[
    bool,
    typer.Option("--no-headers", help="table/csv/tsv: leave out the header line."),
]


def output(
    format: OutputFormat,
    fields: list[str] | None = None,
    sort: str | None = None,
    limit: int | None = None,
    bom: bool = False,
    raw_cells: bool = False,
    no_headers: bool = False,
) -> Output:
    """The output options of a command call, with ``--fields`` values split on commas."""
    chosen = split_values(fields) if fields else None
    if chosen is not None and not chosen:
        raise UsageError("--fields: give at least one field name")
    return Output(format, None if chosen is None else tuple(chosen), sort, limit, bom, raw_cells, not no_headers)


def split_values(values: Iterable[str] | None) -> list[str]:
    """The values of a list option: each given value split on commas, blanks dropped, first occurrence kept."""
    out: dict[str, None] = {}
    for value in values or ():
        for part in value.split(","):
            if part.strip():
                out.setdefault(part.strip(), None)
    return list(out)


def parse_numbers(values: Iterable[str] | None, what: str) -> list[int]:
    """``["1,3", "2"]`` -> ``[1, 3, 2]``; anything but a whole number is a usage error."""
    numbers = []
    for value in split_values(values):
        if not value.isdigit():
            raise UsageError(f"invalid {what} {value!r}: expected a whole number")
        numbers.append(int(value))
    return numbers


PARIS = "paris"
"""The arrondissement filter value that selects Paris-wide contracts."""


def parse_scope(value: str) -> int | None:
    """``"11"``, ``"11e"`` -> 11; ``"paris"`` -> None (Paris-wide)."""
    text = value.strip().lower()
    if text in (PARIS, "paris-wide", "0"):
        return None
    text = text.removesuffix("er").removesuffix("e")
    if text.isdigit() and 1 <= int(text) <= 20:
        return int(text)
    raise UsageError(f"invalid arrondissement {value!r}: expected 1 to 20, or 'paris' for Paris-wide")


def parse_statuses(values: Iterable[str]) -> "list[Status]":
    """``["added,removed"]`` -> the classes; an unknown class is a usage error with a suggestion."""
    from cppsctl.analysis.compare import STATUSES

    chosen = [part.lower() for part in split_values(values)]
    if not chosen:
        raise UsageError("--only: give at least one class (" + ", ".join(STATUSES) + ")")
    out: list[Status] = []
    for name in chosen:
        status = next((s for s in STATUSES if s == name), None)
        if status is None:
            raise UnknownIdError("class", name, STATUSES, listed="classes")
        if status not in out:
            out.append(status)
    return out


def load_dataset(ctx: typer.Context) -> Dataset:
    """The dataset of ``--data`` (or the bundled one), from the cache unless ``--no-cache``."""
    from cppsctl.cli.startup import loading
    from cppsctl.dataset.load import load

    options = state(ctx)
    with loading():
        return load(options.data, cache=not options.no_cache)


def chosen_contracts(
    dataset: Dataset,
    kind: Sequence[str] | None,
    arrondissement: Sequence[str] | None,
    ids: Sequence[str] | None = None,
    active_in: int | None = None,
    certain: bool = False,
) -> list[Contract]:
    """The contracts that ``--kind``, ``--arrondissement``, ``--contract`` and ``--active-in`` choose.

    All of them when none is given.
    """
    return filter_contracts(
        dataset,
        kinds=[k.upper() for k in split_values(kind)],
        arrondissements=[parse_scope(a) for a in split_values(arrondissement)],
        ids=split_values(ids),
        active_in=active_in,
        certain=certain,
    )
