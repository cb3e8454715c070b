"""Writing a file safely: the one atomic writer of cppsctl (exports, reports, metadata, the cache).

The rules, in the order they are checked (:func:`check_target`, then
:func:`write_atomically`):

* **What may be replaced.** Only a regular file, and only when the caller asks
  (``force``); a target that does not exist is created. Anything else is
  refused without being opened, so that nothing blocks or is written through:
  a folder, a named pipe (FIFO), a device, a socket, and a **symbolic link**,
  whatever it points to. A link is never replaced nor followed: replacing it
  would silently turn a link the user made into a plain file, and writing
  through it would write somewhere the command line does not name. Give the
  file it points to instead.
* **Where.** The folder of the target must exist; it is not created.
* **How.** A temporary file is created next to the target with ``O_EXCL`` (and
  ``O_NOFOLLOW``), filled, optionally flushed to disk (one ``fsync``), then
  renamed over the target: readers see the old file or the new one, never half
  of one. Without ``force``, the rename cannot replace a file that appeared
  after the check (a hard link, which fails when the name is taken, where the
  file system has them). Temporary names come from the process id, a counter
  and :func:`os.urandom`, never :mod:`secrets` or :mod:`tempfile`: those load
  OpenSSL (about 3 ms of every start-up).
* **Failure.** On any :class:`OSError` (a full disk, a read-only folder, a short
  write) the temporary file is removed and one :class:`OutputFileError` is
  raised; the target is left as it was. Any other exception raised while the
  file is filled removes the temporary file too, and goes on.

Messages name files, never command-line options: the CLI adds its own hint
(``--force``) to :class:`TargetExistsError`.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import stat
from collections.abc import Callable
from pathlib import Path

from cppsctl.errors import CppsError, TargetExistsError, UsageError

__all__ = [
    "OutputFileError",
    "TargetError",
    "TargetExistsError",
    "check_target",
    "write_atomically",
    "write_bytes",
]


class OutputFileError(CppsError):
    """A file could not be written (permissions, disk full, ...)."""

    exit_code = 1


class TargetError(UsageError):
    """A file cannot be written where it was asked: a folder, a link, a pipe, a device, no such folder."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


_counter = itertools.count()

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK, errno.ENOSYS}
"""What ``link()`` raises where the file system has no hard links: then the check before the rename is all."""


def check_target(path: Path, force: bool) -> None:
    """Raise unless ``path`` can be written: absent (in an existing folder), or a regular file and ``force``.

    Looks at the name only (``lstat``), never opens it: a pipe is refused without blocking.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        parent = path.parent
        if not parent.is_dir():
            raise TargetError(path, f"folder {parent} does not exist") from None
        return
    except OSError as exc:  # a component that is a file, a name too long, no permission to look
        raise TargetError(path, exc.strerror or str(exc)) from None
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        raise TargetError(path, "is a symbolic link; it is never replaced (give the file it points to)")
    if stat.S_ISDIR(mode):
        raise TargetError(path, "is a folder; give the name of the file to write")
    if not stat.S_ISREG(mode):
        raise TargetError(path, f"is not a regular file ({_kind(mode)}); it is never written to")
    if not force:
        raise TargetExistsError(path)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _create_temporary(path: Path, mode: int) -> Path:
    """Create an empty temporary file next to ``path`` (O_EXCL: never one that exists) and return its name."""
    while True:
        candidate = path.with_name(f".{path.name}.{os.getpid()}-{next(_counter)}-{os.urandom(4).hex()}.tmp")
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, mode)
        except FileExistsError:
            continue
        os.close(fd)
        return candidate


def write_bytes(path: Path, data: bytes) -> None:
    """Write all of ``data`` to the existing file ``path``; a write that makes no progress is an error."""
    fd = os.open(path, os.O_WRONLY | os.O_TRUNC | _NOFOLLOW)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            if written <= 0:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            view = view[written:]
    finally:
        os.close(fd)


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _put_in_place(temporary: Path, path: Path, force: bool) -> None:
    """Rename ``temporary`` to ``path``; without ``force``, never over a file that appeared since the check."""
    check_target(path, force)  # again, just before: what was checked may have changed meanwhile
    if not force:
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise TargetExistsError(path) from None
        except OSError as exc:
            if exc.errno not in _NO_HARD_LINKS:
                raise
        else:
            with contextlib.suppress(OSError):  # the file is in place; a leftover name is harmless
                os.unlink(temporary)
            return
    os.replace(temporary, path)


def write_atomically(
    path: Path,
    fill: Callable[[Path], object],
    *,
    force: bool = False,
    mode: int = 0o666,
    durable: bool = True,
) -> None:
    """Check ``path`` (:func:`check_target`), let ``fill`` write a temporary file next to it, rename it over ``path``.

    ``fill`` gets the temporary file's name, created empty with ``mode`` (less
    the umask; 0666 is what any new file gets), and writes it: with
    :func:`write_bytes`, or by opening it (SQLite). ``durable`` flushes it to
    disk before the rename. Whatever happens, ``path`` is either left as it
    was or replaced whole, and no temporary file is left behind.
    """
    check_target(path, force)
    temporary = None
    try:
        temporary = _create_temporary(path, mode)
        fill(temporary)
        if durable:
            _sync(temporary)
        _put_in_place(temporary, path, force)
        temporary = None
    except OSError as exc:
        raise OutputFileError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
