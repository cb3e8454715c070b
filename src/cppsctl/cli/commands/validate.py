"""``validate``: check dataset files and report every problem."""

from pathlib import Path
from typing import Annotated

import typer

from cppsctl.cli.common import (
    BomOption,
    FieldsOption,
    FormatOption,
    LimitOption,
    NoHeadersOption,
    RawCellsOption,
    SortOption,
    output,
)
from cppsctl.cli.emit import emit, info
from cppsctl.cli.state import state
from cppsctl.output.formats import OutputFormat


def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH]...",
            help="Dataset files or folders. Default: --data / CPPSCTL_DATA, else the bundled dataset.",
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
    """Check dataset files: TOML syntax, schema, ids, counts, themes and links. Exit 3 when invalid.

    The verdict goes to standard output: each problem, then one line per file (table),
    or one object with "valid", "files" and "problems" (json); csv, tsv, jsonl: the problems.

    Examples:

    \b
    $ cppsctl validate
    $ cppsctl validate --format json
    """
    from cppsctl.dataset.load import check_paths
    from cppsctl.output.views import validation_view

    options = state(ctx)
    targets: list[Path | None] = list(paths) if paths else [options.data]
    verdicts = check_paths(targets)  # always the files themselves: a cache entry is not a verdict on them
    emit(ctx, validation_view(verdicts), output(format, fields, sort, limit, bom, raw_cells, no_headers))
    problems = sum(len(v.problems) for v in verdicts)
    if problems:
        info(f"{problems} problem{'s' if problems != 1 else ''} found")
        raise typer.Exit(3)
