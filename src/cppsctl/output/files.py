"""Writing output files safely: never over an existing file without --force, never half-written."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from cppsctl.errors import CppsError, UsageError


class OutputFileError(CppsError):
    """A file could not be written (permissions, disk full, ...)."""

    exit_code = 1


def check_target(path: Path, force: bool) -> None:
    """Refuse to overwrite a file without ``force``, or to write where no file can be."""
    if path.is_dir():
        raise UsageError(f"{path}: is a folder; give the name of the file to write")
    if path.exists() and not force:
        raise UsageError(f"{path} already exists; add --force to overwrite it")
    if not path.parent.is_dir():
        raise UsageError(f"{path}: folder {path.parent} does not exist")


def write_atomically(path: Path, fill: Callable[[Path], object]) -> None:
    """Create a temporary file next to ``path``, let ``fill`` write it, then rename it over ``path``.

    Whatever happens, ``path`` is either left as it was or replaced whole; the
    temporary file is created with the usual permissions (0666 less the umask).
    """
    temporary = None
    try:
        while temporary is None:
            candidate = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
            try:
                os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            except FileExistsError:
                continue
            temporary = candidate
        fill(temporary)
        os.replace(temporary, path)
        temporary = None
    except OSError as exc:
        raise OutputFileError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
