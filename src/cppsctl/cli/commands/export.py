"""``export``: the dataset as a SQLite database file."""

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from cppsctl.cli.common import (
    load_dataset,
)
from cppsctl.cli.emit import info


class ExportFormat(str, Enum):
    sqlite = "sqlite"


def export(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="Database file to write.", dir_okay=False, show_default=False),
    ],
    format: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", case_sensitive=False, help="File format.", show_default=False),
    ],
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE (and METADATA) if they exist.")] = False,
    metadata: Annotated[
        Path | None,
        typer.Option(
            "--metadata",
            metavar="METADATA",
            help="Also write Datasette metadata (titles, descriptions, source) here: datasette FILE -m METADATA.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write the dataset as a SQLite database: tables with keys and indexes, full-text search on the titles.

    Examples:

    \b
    $ cppsctl export --format sqlite cpps.db
    $ cppsctl export --format sqlite cpps2.db --metadata cpps2.json
    """
    from cppsctl.sql.export import export as export_database

    dataset = load_dataset(ctx)
    result = export_database(dataset, file, force=force, metadata=metadata)  # both checked before either is written
    for note in result.notes:
        info(f"cppsctl: note: {note}")
    counts = result.counts
    info(
        f"wrote {file}: {counts['contracts']} contracts, {counts['priorities']} priorities,"
        f" {counts['actions']} actions, {counts['themes']} themes"
        + (f"; Datasette metadata in {metadata}" if metadata is not None else "")
    )
