"""What every command shares: the option types, the state, loading and printing."""

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, NamedTuple

import typer

from cppsctl.analysis.compare import STATUSES, Status
from cppsctl.analysis.filters import filter_contracts
from cppsctl.errors import UnknownIdError, UsageError
from cppsctl.model import KINDS, Contract, Dataset
from cppsctl.output.formats import OutputFormat, OutputOptions, select, write
from cppsctl.output.records import Record

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="CPPSCTL_DATA",
        help="Dataset to read: a TOML file or a folder of them. Default: the bundled dataset.",
        show_default=False,
    ),
]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        envvar="CPPSCTL_NO_CACHE",
        help="Parse the dataset files even when the cache holds them unchanged (env: CPPSCTL_NO_CACHE=1).",
    ),
]
FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", case_sensitive=False, help="Output format."),
]
FieldsOption = Annotated[
    str | None,
    typer.Option("--fields", help="Comma-separated fields to print, in this order.", show_default=False),
]
SortOption = Annotated[
    str | None,
    typer.Option("--sort", help="Sort by a field; prefix it with '-' for descending.", show_default=False),
]
LimitOption = Annotated[
    int | None,
    typer.Option("--limit", min=0, help="Print at most this many records.", show_default=False),
]
KindOption = Annotated[
    list[str] | None,
    typer.Option("--kind", "-k", help=f"Only this kind ({', '.join(KINDS)}); repeatable.", show_default=False),
]
ArrondissementOption = Annotated[
    list[str] | None,
    typer.Option(
        "--arrondissement",
        "-a",
        help="Only this arrondissement (1-20, or 'paris' for Paris-wide); repeatable.",
        show_default=False,
    ),
]
ActiveInOption = Annotated[
    int | None, typer.Option("--active-in", help="Only contracts in force during this year.", show_default=False)
]
BomOption = Annotated[
    bool,
    typer.Option("--bom", help="csv/tsv: begin with a UTF-8 byte order mark, for Excel."),
]
RawCellsOption = Annotated[
    bool,
    typer.Option(
        "--raw-cells", help="csv/tsv: write cells starting with = + - @ as they are (unsafe in spreadsheets)."
    ),
]


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


def parse_statuses(text: str) -> list[Status]:
    """``"added,removed"`` -> the classes; an unknown class is a usage error with a suggestion."""
    chosen = [part.strip().lower() for part in text.split(",") if part.strip()]
    if not chosen:
        raise UsageError("--only: give at least one class (" + ", ".join(STATUSES) + ")")
    out: list[Status] = []
    for name in chosen:
        status = next((s for s in STATUSES if s == name), None)
        if status is None:
            error = UnknownIdError("class", name, STATUSES)
            raise UsageError(f"{error}; classes: {', '.join(STATUSES)}")
        if status not in out:
            out.append(status)
    return out


class State(NamedTuple):
    """Global options, kept on the Typer context (a named tuple: see :class:`cppsctl.errors.Problem`)."""

    color: bool = True
    debug: bool = False


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


def load_dataset(data: Path | None, no_cache: bool = False) -> Dataset:
    """The dataset of ``--data`` (or the bundled one), from the cache unless ``--no-cache``."""
    from cppsctl.dataset.load import load

    return load(data, cache=not no_cache)


def chosen_contracts(
    dataset: Dataset,
    kind: list[str] | None,
    arrondissement: list[str] | None,
    ids: list[str] | None = None,
    active_in: int | None = None,
) -> list[Contract]:
    """The contracts that ``--kind``, ``--arrondissement``, ``--contract`` and ``--active-in`` choose.

    All of them when none is given.
    """
    return filter_contracts(
        dataset,
        kinds=[k.upper() for k in kind or []],
        arrondissements=[parse_scope(a) for a in arrondissement or []],
        ids=ids or (),
        active_in=active_in,
    )


class Output(NamedTuple):
    """The output options of one command call (a named tuple: see :class:`cppsctl.errors.Problem`)."""

    format: OutputFormat
    fields: str | None = None
    sort: str | None = None
    limit: int | None = None
    bom: bool = False
    raw_cells: bool = False

    def options(self, ctx: typer.Context, title: str | None = None) -> OutputOptions:
        return OutputOptions(
            format=self.format, color=state(ctx).color, bom=self.bom, raw_cells=self.raw_cells, title=title
        )

    def emit(
        self,
        ctx: typer.Context,
        records: list[Record],
        *,
        available: Sequence[str],
        table_columns: Sequence[str],
        title: str | None = None,
    ) -> None:
        chosen, columns = select(records, fields=self.fields, sort=self.sort, limit=self.limit, available=available)
        if columns is None and not chosen and self.format is not OutputFormat.table:
            columns = list(available)  # no record to take the columns from: a csv still gets its header
        write(chosen, columns, self.options(ctx, title), sys.stdout, table_columns=table_columns)


def info(message: str) -> None:
    """A message for the person at the terminal: stderr, never stdout."""
    sys.stderr.write(message + "\n")


def warn(message: str) -> None:
    """A warning on stderr: the command goes on and exits 0."""
    info(f"cppsctl: warning: {message}")
