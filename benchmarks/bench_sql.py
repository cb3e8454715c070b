"""How long ``cppsctl sql`` and ``cppsctl export`` take, against Python doing the same by hand.

    python benchmarks/bench_sql.py             # 20,000 and 200,000 actions, about 2 minutes on 2 cores
    python benchmarks/bench_sql.py --quick     # fewer runs: a smoke test, not figures
    python benchmarks/bench_sql.py --sizes 20000 --repeat 31

Every figure is the median of repeated runs of real processes (the ``cppsctl``
script next to this interpreter), each command timed alternately with its
reference in the same loop, so that a noisy machine slows both alike; ratios
are of those medians.

* **sql, warm cache**: ``cppsctl --data D sql "select count(*) from actions"``
  (the table format, as typed; and ``--format csv``, which imports no rich)
  against ``python -c "import typer, sqlite3; <the same query on the same
  file>"``: the cached database file that cppsctl itself opens. Goals: ≤ 1.5 x
  at 20,000 actions, ≤ 2 x at 200,000.
* **sql, cold cache**: the first run, which parses the dataset and builds the
  database file (one run each; reported, no goal).
* **export**: ``cppsctl export --format sqlite FILE --force`` of the bundled
  dataset (warm dataset cache) against ``python -c "import typer"``. Goal ≤ 1.5 x.

The generated datasets (``benchmarks/generate.py``; a folder of files, since
one dataset file may not exceed 32 MiB), the cache (a fresh
``XDG_CACHE_HOME``) and the exported files go to ``benchmarks/out/`` (ignored
by git). cppsctl is byte-compiled first and ``PYTHONDONTWRITEBYTECODE`` is
removed from the environment, as for ``benchmarks/run.py``.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
PYTHON = sys.executable
CPPSCTL = str(Path(PYTHON).parent / "cppsctl")
QUERY = "select count(*) from actions"
GOALS = {20_000: 1.5, 200_000: 2.0}
GOAL_EXPORT = 1.5
MAX_FILE = 30 * 1024 * 1024  # under the 32 MiB limit of one dataset file


def environment(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED")}
    env.pop("CPPSCTL_NO_CACHE", None)
    env.pop("CPPSCTL_DATA", None)
    env["XDG_CACHE_HOME"] = str(cache)
    return env


def run_once(command: Sequence[str], env: dict[str, str]) -> tuple[float, bytes]:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr.decode(errors='replace')}")
    return elapsed, result.stdout


def alternate(commands: Sequence[Sequence[str]], repeat: int, env: dict[str, str]) -> list[float]:
    """The median wall time (s) of each command, run in turn ``repeat`` times after two untimed rounds."""
    times: list[list[float]] = [[] for _ in commands]
    for round_ in range(repeat + 2):
        for index, command in enumerate(commands):
            elapsed, _ = run_once(command, env)
            if round_ >= 2:
                times[index].append(elapsed)
    return [statistics.median(t) for t in times]


def dataset_folder(actions: int) -> Path:
    """A generated dataset of ``actions`` actions, as a folder of files of at most :data:`MAX_FILE` bytes."""
    folder = OUT / f"sql-{actions}"
    if folder.is_dir() and any(folder.glob("*.toml")):
        return folder
    whole = OUT / f"sql-{actions}.toml"
    subprocess.run([PYTHON, str(HERE / "generate.py"), str(actions), str(whole)], check=True)
    text = whole.read_text(encoding="utf-8")
    marker = "\n[[contracts]]\n"
    first = text.index(marker)
    head, contracts = text[:first], text[first:].split(marker)[1:]
    folder.mkdir(parents=True, exist_ok=True)
    part: list[str] = []
    size = len(head)
    number = 0

    def flush() -> None:
        nonlocal number, part, size
        (folder / f"part-{number:02}.toml").write_text(head + "".join(marker + c for c in part), encoding="utf-8")
        number, part, size = number + 1, [], len(head)

    for contract in contracts:
        if part and size + len(contract) + len(marker) > MAX_FILE:
            flush()
        part.append(contract)
        size += len(contract) + len(marker)
    flush()
    whole.unlink()
    return folder


def cached_database(cache: Path, before: set[Path]) -> Path:
    """The database file that the last cold run added to the cache."""
    found = set((cache / "cppsctl").glob("*.sqlite")) - before
    if len(found) != 1:
        raise SystemExit(f"expected one new database file in the cache, found {sorted(found)}")
    return found.pop()


def sql_figures(actions: int, repeat: int, env: dict[str, str], cache: Path) -> list[str]:
    data = dataset_folder(actions)
    before = set((cache / "cppsctl").glob("*.sqlite"))
    command = [CPPSCTL, "--data", str(data), "sql", QUERY]
    cold, out = run_once(command, env)
    database = cached_database(cache, before)
    by_hand = (
        "import typer, sqlite3; "
        f"c = sqlite3.connect({('file:' + str(database) + '?mode=ro')!r}, uri=True); "
        f"print(c.execute({QUERY!r}).fetchone()[0])"
    )
    reference = [PYTHON, "-c", by_hand]
    _, expected = run_once(reference, env)
    if expected.strip().decode() not in out.decode():
        raise SystemExit(f"different answers: {out!r} against {expected!r}")
    table, csv, hand = alternate([command, [*command, "--format", "csv"], reference], repeat, env)
    goal = GOALS.get(actions)
    holds = "-" if goal is None else ("yes" if table / hand <= goal else "**no**")
    size = sum(f.stat().st_size for f in data.glob("*.toml")) / 2**20
    return [
        f"| {actions:,} actions ({size:.0f} MiB of TOML, database {database.stat().st_size / 2**20:.0f} MiB)"
        f" | {table * 1000:.1f} ms | {csv * 1000:.1f} ms | {hand * 1000:.1f} ms | **{table / hand:.2f} x**"
        f" | {csv / hand:.2f} x | ≤ {goal} x: {holds} | {cold:.2f} s |"
    ]


def export_figures(repeat: int, env: dict[str, str]) -> list[str]:
    target = OUT / "sql-export.db"
    command = [CPPSCTL, "export", "--format", "sqlite", str(target), "--force"]
    reference = [PYTHON, "-c", "import typer"]
    export, typer_ = alternate([command, reference], repeat, env)
    holds = "yes" if export / typer_ <= GOAL_EXPORT else "**no**"
    return [
        f"| `cppsctl export --format sqlite FILE --force` (bundled dataset) | {export * 1000:.1f} ms"
        f" | {typer_ * 1000:.1f} ms | **{export / typer_:.2f} x** | ≤ {GOAL_EXPORT} x: {holds} |"
    ]


def machine() -> list[str]:
    import typer

    cores = os.cpu_count()
    return [
        f"- date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- cores: {cores}",
        f"- OS: {platform.platform()}",
        f"- Python: {platform.python_version()}, SQLite {sqlite3.sqlite_version}",
        f"- typer: {typer.__version__}",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(GOALS), help="numbers of actions")
    parser.add_argument("--repeat", type=int, default=21, help="timed runs of each command (default 21)")
    parser.add_argument("--quick", action="store_true", help="3 runs: a smoke test, not figures")
    args = parser.parse_args(argv)
    repeat = 3 if args.quick else args.repeat
    if not Path(CPPSCTL).exists():
        raise SystemExit(f"no cppsctl next to {PYTHON}: install it in this environment first")
    import cppsctl

    compileall.compile_dir(os.path.dirname(cppsctl.__file__), quiet=1)
    OUT.mkdir(exist_ok=True)
    cache = OUT / "sql-cache"
    shutil.rmtree(cache, ignore_errors=True)
    env = environment(cache)
    run_once([CPPSCTL, "list", "--format", "json"], env)  # the bundled dataset's cache entry, for export
    print(f"Medians of {repeat} alternating runs; ratios of the medians.\n")
    print('#### sql, warm cache: `cppsctl --data D sql "select count(*) from actions"`\n')
    print(
        '| dataset | table (as typed) | `--format csv` | `python -c "import typer, sqlite3; ..."`'
        " | ratio (table) | ratio (csv) | goal (table) | first run, cold |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for actions in args.sizes:
        for line in sql_figures(actions, repeat, env, cache):
            print(line, flush=True)
    print("\n#### export\n")
    print('| command | median | `python -c "import typer"` | ratio | goal |')
    print("|---|---|---|---|---|")
    for line in export_figures(repeat, env):
        print(line)
    print("\n#### Machine\n")
    print("\n".join(machine()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
