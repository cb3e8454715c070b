"""Dataset paths that are not regular files, or cannot be reached: refused at once, one located line, exit 3."""

from __future__ import annotations

import contextlib
import os
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import cppsctl
from cppsctl.errors import DatasetError
from tests.conftest import MINIMAL, write

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs, devices and sockets are POSIX's")

BIN = Path(sys.executable).parent / "cppsctl"


def problems_within(path: Path, seconds: float = 20) -> list[str]:
    """The problems of loading ``path``, which must come within ``seconds``: a read that blocks fails the test."""
    found: list[str] = []

    def run() -> None:
        try:
            cppsctl.load(path)
        except DatasetError as error:
            found.extend(str(p) for p in error.problems)
        else:
            found.append("loaded")

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"loading {path} blocked"
    return found


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    yield path
    with contextlib.suppress(OSError):  # a reader left blocked by a failed test gets an end of file
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))


@pytest.fixture
def unix_socket(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "socket.toml"
    if len(os.fsencode(path)) > 100:  # pragma: no cover - sun_path holds 108 bytes
        pytest.skip("temporary path too long for a Unix socket")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)
    yield path
    server.close()


def test_a_fifo_is_refused_without_blocking(fifo: Path) -> None:
    assert problems_within(fifo) == [f"{fifo}: is a named pipe (FIFO), not a dataset file"]


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero", "/dev/urandom"])
def test_a_device_is_refused(device: str) -> None:
    if not os.path.exists(device):  # pragma: no cover
        pytest.skip(f"no {device}")
    assert problems_within(Path(device)) == [f"{device}: is a character device, not a dataset file"]


def test_a_socket_is_refused(unix_socket: Path) -> None:
    assert problems_within(unix_socket) == [f"{unix_socket}: is a socket, not a dataset file"]


def test_in_a_folder_each_special_file_is_one_problem_and_symlinks_to_files_are_read(
    tmp_path: Path, unix_socket: Path
) -> None:
    folder = unix_socket.parent
    os.mkfifo(folder / "pipe.toml")
    (folder / "zero.toml").symlink_to("/dev/zero")
    (folder / "sub.toml").mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    real = write(elsewhere, MINIMAL)
    (folder / "linked.toml").symlink_to(real)
    assert sorted(problems_within(folder)) == [
        f"{folder / 'pipe.toml'}: is a named pipe (FIFO), not a dataset file",
        f"{folder / 'socket.toml'}: is a socket, not a dataset file",
        f"{folder / 'sub.toml'}: is a folder, not a dataset file",
        f"{folder / 'zero.toml'}: is a character device, not a dataset file",
    ]
    for name in ("pipe.toml", "socket.toml", "zero.toml"):
        (folder / name).unlink()
    (folder / "sub.toml").rmdir()
    assert problems_within(folder) == ["loaded"]


def test_symbolic_links_to_regular_files_and_folders_are_read(tmp_path: Path) -> None:
    real = write(tmp_path, MINIMAL)
    (tmp_path / "link.toml").symlink_to(real)
    (tmp_path / "chain.toml").symlink_to(tmp_path / "link.toml")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "data.toml").symlink_to(real)
    (tmp_path / "folder-link").symlink_to(folder)
    for path in ("link.toml", "chain.toml", "folder", "folder-link"):
        assert problems_within(tmp_path / path) == ["loaded"]


def test_dangling_and_looping_symbolic_links(tmp_path: Path) -> None:
    (tmp_path / "dangling.toml").symlink_to(tmp_path / "nothing.toml")
    (tmp_path / "loop.toml").symlink_to(tmp_path / "loop.toml")
    assert problems_within(tmp_path / "dangling.toml") == [f"{tmp_path / 'dangling.toml'}: symbolic link to nothing"]
    assert problems_within(tmp_path / "loop.toml") == [
        f"{tmp_path / 'loop.toml'}: cannot read: Too many levels of symbolic links"
    ]
    assert problems_within(tmp_path / "missing.toml") == [f"{tmp_path / 'missing.toml'}: no such file or folder"]


def test_a_file_replaced_by_a_fifo_after_stat_is_refused_by_fstat(
    fifo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    regular = os.stat(write(tmp_path, MINIMAL))
    real_stat = os.stat

    def stale_stat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        """What stat said just before the file became a FIFO."""
        return regular if str(path) == str(fifo) else real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stale_stat)
    assert problems_within(fifo) == [f"{fifo}: is a named pipe (FIFO), not a dataset file"]


def raising(error: OSError, at: Path) -> Callable[..., os.stat_result]:
    real_stat = os.stat

    def fake(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if str(path) == str(at):
            raise error
        return real_stat(path, *args, **kwargs)

    return fake


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (PermissionError(13, "Permission denied"), "cannot read: Permission denied"),
        (OSError(36, "File name too long"), "cannot read: File name too long"),
        (OSError(5, "Input/output error"), "cannot read: Input/output error"),
    ],
)
def test_an_os_error_on_the_data_path_is_one_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, said: str
) -> None:
    """What ``Path.exists()`` would raise, e.g. under a folder that cannot be searched (tests may run as root)."""
    path = write(tmp_path, MINIMAL)
    monkeypatch.setattr(os, "stat", raising(error, path))
    assert problems_within(path) == [f"{path}: {said}"]
    assert problems_within(tmp_path) == [f"{path}: {said}"]  # the same file, listed in its folder


def test_a_path_with_a_nul_byte_is_one_problem() -> None:
    assert problems_within(Path("bad\0name.toml")) == ["bad\0name.toml: cannot read: embedded null byte"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root searches every folder")
def test_a_folder_that_cannot_be_searched(tmp_path: Path) -> None:  # pragma: no cover - run as root here
    locked = tmp_path / "locked"
    locked.mkdir()
    path = write(locked, MINIMAL)
    locked.chmod(0)
    try:
        assert problems_within(path) == [f"{path}: cannot read: Permission denied"]
        assert problems_within(locked) == [f"{locked}: cannot list folder: Permission denied"]
    finally:
        locked.chmod(stat.S_IRWXU)


@pytest.mark.skipif(not BIN.exists(), reason="the cppsctl command is not installed in this environment")
@pytest.mark.parametrize("kind", ["fifo", "device", "socket", "folder with a fifo"])
def test_the_command_refuses_a_special_data_path_at_once(
    kind: str, tmp_path: Path, fifo: Path, unix_socket: Path
) -> None:
    target = {"fifo": fifo, "device": Path("/dev/zero"), "socket": unix_socket, "folder with a fifo": fifo.parent}[kind]
    env = {k: v for k, v in os.environ.items() if k != "CPPSCTL_DATA"}
    result = subprocess.run(
        [str(BIN), "list", "--data", str(target)], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("cppsctl: error: ") for line in lines)
    assert "not a dataset file" in result.stderr


@pytest.mark.skipif(not BIN.exists(), reason="the cppsctl command is not installed in this environment")
def test_the_command_turns_an_os_error_into_one_line(tmp_path: Path) -> None:
    """A real PermissionError from stat, injected into the process (tests may run as root)."""
    path = write(tmp_path, MINIMAL)
    code = (
        "import os, sys\nreal, target = os.stat, sys.argv[1]\n"
        "def stat(p, *a, **k):\n"
        "    if str(p) == target: raise PermissionError(13, 'Permission denied')\n"
        "    return real(p, *a, **k)\n"
        "os.stat = stat\nsys.argv = ['cppsctl', 'list', '--data', target]\n"
        "from cppsctl.cli import main\nmain()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "CPPSCTL_DATA"}
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert (result.returncode, result.stderr) == (3, f"cppsctl: error: {path}: cannot read: Permission denied\n")


INJECTED_OPEN = (
    "import os, sys\nreal, target = os.open, sys.argv[1]\n"
    "def refuse(p, *a, **k):\n"
    "    if str(p) == target: raise PermissionError(13, 'Permission denied')\n"
    "    return real(p, *a, **k)\n"
    "os.open = refuse\nsys.argv = ['cppsctl', *sys.argv[2:]]\n"
    "from cppsctl.cli import main\nmain()\n"
)


@pytest.mark.parametrize("form", ["table", "json"])
def test_validate_of_an_unreadable_file_is_a_verdict_with_exit_3_not_a_usage_error(tmp_path: Path, form: str) -> None:
    """validate takes plain paths: the file that cannot be read is one located problem of its verdict."""
    path = write(tmp_path, MINIMAL)
    env = {k: v for k, v in os.environ.items() if k != "CPPSCTL_DATA"}
    result = subprocess.run(
        [sys.executable, "-c", INJECTED_OPEN, str(path), "validate", "--format", form, str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 3, result.stderr
    assert result.stderr == "1 problem found\n"
    if form == "table":
        assert result.stdout.splitlines() == [f"{path}: cannot read: Permission denied", f"{path}: invalid (1 problem)"]
    else:
        assert '"message": "cannot read: Permission denied"' in result.stdout


@pytest.mark.skipif(not BIN.exists(), reason="the cppsctl command is not installed in this environment")
def test_validate_of_a_fifo_does_not_block(fifo: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "CPPSCTL_DATA"}
    result = subprocess.run(
        [str(BIN), "validate", str(fifo)], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert result.returncode == 3
    assert result.stdout.splitlines()[0] == f"{fifo}: is a named pipe (FIFO), not a dataset file"
