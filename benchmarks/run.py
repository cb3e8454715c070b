"""Measure the goals of cppsctl's performance ("Scale" issue) and print them as Markdown tables.

    python benchmarks/run.py                      # 2k, 20k, 200k and 1M actions: about 20 minutes on 2 cores
    python benchmarks/run.py --sizes 2000,20000   # the sizes to measure
    python benchmarks/run.py --quick              # one run each at 2k and 20k, 2 minutes: a smoke test

Use the interpreter of the environment where cppsctl is installed; its
``cppsctl`` script is what is timed. Every figure is the median of repeated
runs of real processes, each candidate timed alternately with its reference
in the same loop, so that a noisy machine slows both alike; ratios come first.
Each process is started by a small launcher (a bare ``python -S -I``) that
times it from fork to ``wait4`` and reads its peak resident memory
(``ru_maxrss``) from the same ``wait4``: time and memory of the same run. The
processes run without ``PYTHONUNBUFFERED`` and ``PYTHONDONTWRITEBYTECODE``, and
cppsctl is byte-compiled first, as an installation is.

* Start-up (bundled dataset, warm cache): ``--version``, ``--help``, ``list``
  in each format and ``export --format sqlite`` against ``python -c "import
  typer"`` (the table against ``import typer, rich.console, rich.table``); and
  whether ``_ssl`` or ``_hashlib`` is imported on the paths of ``export``,
  ``sql``, ``report`` and ``list`` (``python -X importtime``).
* At each size (generated data; a folder of files above 100,000 actions, as the
  loader refuses a file over 32 MiB): time and peak RSS of a cold
  (``--no-cache``) and a cached load, ``search``, ``actions --format json``,
  ``compare``, ``export``, ``sql`` and ``report --html``; ``sql "select
  count(*) from actions"`` against Python's sqlite3 counting in the exported
  file; what ``gc.freeze()`` after loading saves, in one process and in a whole
  ``actions --format json``.
* At 20,000 and 200,000 actions, the anchors a user would pick for the same
  search: the ``sqlite3`` CLI (FTS5 and ``LIKE``) on the exported file, DuckDB
  on the JSON (where installed), jq; at 20,000, a search of about 20,000 hits
  printed as a table and as JSON, on a pseudo-terminal and in a pipe.

Generated data, the databases and reports written, and the cache (a fresh
``XDG_CACHE_HOME``) go to ``benchmarks/out/`` (ignored by git).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import itertools
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
GENERATE = HERE / "generate.py"
PYTHON = sys.executable
SEARCH_WORD = "stupefiants"
LIKE_WORD = "stupéfiants"  # what LIKE, DuckDB and jq need: they do not ignore accents
JQ_FILTER = f'[.[] | select(.title | ascii_downcase | contains("{LIKE_WORD}"))]'
HITS_WORD = "quartier"  # in the titles of every CPSA action: about 19,000 hits at 20,000 actions
SQL_COUNT = "select count(*) from actions"
FOLDER_ABOVE = 100_000  # one TOML file up to this size, a folder of files above (MAX_FILE_BYTES is 32 MiB)
DEFAULT_SIZES = (2_000, 20_000, 200_000, 1_000_000)
ANCHOR_SIZES = (20_000, 200_000)  # the anchors and the JSON they read: not at 1M (jq alone would take minutes)
TABLE_SIZE = 20_000
SCRUBBED = ("PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "CPPSCTL_", "COLUMNS", "LINES")

# The goals of the "Scale" issue.
GOAL_SQL = {20_000: 1.5, 200_000: 2.0}  # cppsctl sql count / Python's sqlite3 on the exported file
GOAL_STREAM_MIB = {20_000: 60, 200_000: 300}  # peak RSS of actions --format json
GOAL_STREAM_SPREAD = 0.15  # marginal time per 1,000 actions of actions --format json, max / min - 1, 20k to 1M
ALTERNATED_ROUNDS = 3  # rounds of actions --format json with the sizes alternated, for the goal above
GOAL_LIST_200K_S = 0.9  # cached list --format json at 200,000 actions
GOAL_EXPORT = 1.5  # export of the bundled data / import typer
GOAL_BARE = 1.05  # --version, --help / import typer
GOAL_LIST_JSON = 1.1  # list --format json / import typer
GOAL_STARTUP = 1.2  # list jsonl, csv, tsv / import typer; the table / import typer, rich.console, rich.table


@dataclass
class Runs:
    """Wall times (s) and peak resident memory (KiB) of the runs of one command."""

    command: list[str]
    pty: bool = False  # stdout a pseudo-terminal rather than /dev/null
    times: list[float] = field(default_factory=list)
    peaks_kib: list[int] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times) * 1000

    @property
    def peak_mib(self) -> float:
        return max(self.peaks_kib) / 1024


LAUNCHER = r"""
import os, sys, time
mode, command = sys.argv[1], sys.argv[2:]
if mode == "pty":
    import fcntl, struct, termios
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 160, 0, 0))
    target = slave
else:
    target = os.open(os.devnull, os.O_WRONLY)
started = time.perf_counter_ns()
pid = os.fork()
if pid == 0:
    try:
        os.dup2(target, 1)
        os.execvp(command[0], command)
    finally:
        os._exit(127)
if mode == "pty":
    os.close(slave)
    while True:
        try:
            if not os.read(master, 65536):
                break
        except OSError:  # EIO: the last writer closed the terminal
            break
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter_ns() - started
print(elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def run_once(command: Sequence[str], env: dict[str, str], pty: bool = False) -> tuple[float, int, str]:
    """Run one command, its stdout to /dev/null (or a pseudo-terminal): (seconds, peak KiB, stderr).

    The launcher forks the command and reads its usage from ``wait4``: a child's
    peak counts the memory of the process that forked it, and a bare Python's
    own 8 MiB are below any Python command's.
    """
    launch = [PYTHON, "-S", "-I", "-c", LAUNCHER, "pty" if pty else "null", *command]
    done = subprocess.run(launch, env=env, capture_output=True, text=True, check=False)
    try:
        elapsed_ns, peak_kib, status = (int(x) for x in done.stdout.split())
    except ValueError:
        status = done.returncode or -1
    if done.returncode != 0 or status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(command)}\n{done.stderr}")
    return elapsed_ns / 1e9, peak_kib, done.stderr


def measure(jobs: dict[str, Runs], repeat: int, env: dict[str, str], warmup: int = 1) -> dict[str, Runs]:
    """Run every job in turn, ``repeat`` times after ``warmup`` untimed rounds; fill in their runs."""
    for _ in range(warmup):
        for runs in jobs.values():
            run_once(runs.command, env, runs.pty)
    for _ in range(repeat):
        for runs in jobs.values():
            seconds, peak, _ = run_once(runs.command, env, runs.pty)
            runs.times.append(seconds)
            runs.peaks_kib.append(peak)
    return jobs


def capture(command: Sequence[str], env: dict[str, str]) -> str:
    """The standard output of one untimed run; fail loudly on an error."""
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr}")
    return done.stdout


def jobs_of(commands: dict[str, list[str]], pty: Sequence[str] = ()) -> dict[str, Runs]:
    return {name: Runs(command, pty=name in pty) for name, command in commands.items()}


# -- the environment ---------------------------------------------------------------------------


def cppsctl_command() -> list[str]:
    script = Path(PYTHON).parent / "cppsctl"
    return [str(script)] if script.exists() else [PYTHON, "-m", "cppsctl"]


def child_env(cache_home: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of the timed processes: none of the variables that change how Python or cppsctl run."""
    env = {k: v for k, v in (os.environ if base is None else base).items() if not k.startswith(SCRUBBED)}
    env["XDG_CACHE_HOME"] = str(cache_home)
    return env


def byte_compile() -> None:
    """Compile cppsctl's modules as an installation does, even where PYTHONDONTWRITEBYTECODE is set."""
    spec = importlib.util.find_spec("cppsctl")
    if spec is None or spec.origin is None:
        raise SystemExit("cppsctl is not installed in this interpreter's environment")
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(Path(spec.origin).parent)], check=True)


def version_of(program: str, *args: str) -> str:
    path = shutil.which(program)
    if path is None:
        return "not installed"
    done = subprocess.run([path, *args], capture_output=True, text=True, check=False)
    return done.stdout.strip().split("\n")[0] or done.stderr.strip()


def duckdb_version() -> str | None:
    """The version of DuckDB's Python package in this environment, or None."""
    if importlib.util.find_spec("duckdb") is None:
        return None
    return importlib.metadata.version("duckdb")


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    sqlite_cli = version_of("sqlite3", "--version")
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cores (nproc)": str(os.cpu_count()),
        "CPU": cpu,
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "typer": importlib.metadata.version("typer"),
        "rich": importlib.metadata.version("rich"),
        "cppsctl": importlib.metadata.version("cppsctl"),
        "jq": version_of("jq", "--version"),
        "sqlite3 CLI": " ".join(sqlite_cli.split()[:1]),
        "SQLite in Python": sqlite3.sqlite_version,
        "duckdb": duckdb_version() or "not installed",
    }


def dataset_path(size: int, out: Path) -> Path:
    """Where the dataset of ``size`` actions is: one TOML file, or a folder of them above FOLDER_ABOVE."""
    return out / (f"actions-{size}" if size > FOLDER_ABOVE else f"actions-{size}.toml")


def generate(size: int, out: Path, json_too: bool) -> Path:
    """The dataset of ``size`` actions (and its JSON), written unless already there."""
    path = dataset_path(size, out)
    command = [PYTHON, str(GENERATE), str(size), str(path)]
    if size > FOLDER_ABOVE:
        command.append("--folder")
    if json_too:
        command += ["--json", str(path.with_suffix(".json"))]
    if not path.exists() or (json_too and not path.with_suffix(".json").exists()):
        subprocess.run(command, check=True)
    return path


def dataset_files(path: Path) -> list[Path]:
    return sorted(path.glob("*.toml")) if path.is_dir() else [path]


def compare_pair(data: Path) -> list[str]:
    """The CPSA of the 11th in its first two periods; the first two contracts where there is none.

    The generator writes one ``id = ...`` line per contract, in chronological order.
    """
    ids = [
        i
        for f in dataset_files(data)
        for i in re.findall(r'^id = "(cp(?:ps|sa)-[^"]+)"$', f.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    local = [i for i in ids if i.startswith("cpsa-11-")]
    return ((local if len(local) >= 2 else ids) * 2)[:2]


# -- start-up ----------------------------------------------------------------------------------

TYPER = "import typer"
TYPER_RICH = "import typer, rich.console, rich.table"


def startup_jobs(out: Path) -> dict[str, Runs]:
    cli = cppsctl_command()
    commands = {
        f"`python -c {TYPER!r}`".replace("'", '"'): [PYTHON, "-c", TYPER],
        f"`python -c {TYPER_RICH!r}`".replace("'", '"'): [PYTHON, "-c", TYPER_RICH],
        "`python -c pass`": [PYTHON, "-c", "pass"],
        "`cppsctl --version`": [*cli, "--version"],
        "`cppsctl --help`": [*cli, "--help"],
    }
    for f in ("json", "jsonl", "csv", "tsv"):
        commands[f"`cppsctl list --format {f}`"] = [*cli, "list", "--format", f]
    commands["`cppsctl list` (table)"] = [*cli, "list"]
    commands["`cppsctl export --format sqlite out.db --force`"] = [
        *cli, "export", "--format", "sqlite", str(out / "bundled.db"), "--force",
    ]  # fmt: skip
    return jobs_of(commands)


IMPORT_PATHS = {
    "export": ["export", "--format", "sqlite", "{out}/importtime.db", "--force"],
    "sql": ["sql", SQL_COUNT],
    "report": ["report", "--html", "{out}/importtime.html", "--force"],
    "list": ["list", "--format", "json"],
}
OPENSSL_MODULES = ("_ssl", "_hashlib")


def imported_modules(importtime: str) -> set[str]:
    """The modules named in ``python -X importtime`` output."""
    names = set()
    for line in importtime.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                names.add(name)
    return names


def openssl_on_paths(out: Path, env: dict[str, str]) -> dict[str, list[str]]:
    """For each command, which of ``_ssl`` and ``_hashlib`` its process imports (bundled data, warm cache)."""
    found = {}
    for name, args in IMPORT_PATHS.items():
        command = [PYTHON, "-X", "importtime", "-m", "cppsctl", *(a.format(out=out) for a in args)]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr}")
        found[name] = sorted(imported_modules(done.stderr) & set(OPENSSL_MODULES))
    return found


# -- each size ---------------------------------------------------------------------------------

SCALE_COMMANDS = {
    "load, cold": ["--no-cache", "list", "--format", "json"],
    "load, cached": ["list", "--format", "json"],
    "search": ["search", SEARCH_WORD, "--format", "json"],
    "actions --format json": ["actions", "--format", "json"],
    "compare": ["compare", "{a}", "{b}", "--format", "json"],
    "export": ["export", "--format", "sqlite", "{out}/export-{size}.db", "--force"],
    "sql count": ["sql", SQL_COUNT],
    "report --html": ["report", "--html", "{out}/report-{size}.html", "--force"],
}

FREEZE_WRAPPER = r"""
import atexit, gc, sys, time
import cppsctl.cli.startup as startup
if sys.argv.pop(1) == "off":
    startup.freeze_loaded = lambda: None  # what the command costs without gc.freeze() after loading
full = [0, 0.0, 0.0]
def count(phase, info):
    if info["generation"] == 2:
        if phase == "start":
            full[2] = time.perf_counter()
        else:
            full[0] += 1
            full[1] += time.perf_counter() - full[2]
gc.callbacks.append(count)
atexit.register(lambda: sys.stderr.write(f"full collections: {full[0]} {full[1]:.6f}\n"))
from cppsctl.cli import main
main()
"""

GC_PROBE = r"""
import gc, json, statistics, sys, time
import cppsctl
dataset = cppsctl.load(sys.argv[1], cache=True)
def full():
    started = time.perf_counter()
    gc.collect()
    return time.perf_counter() - started
first = full()
unfrozen = [first] + [full() for _ in range(2)]
tracked = len(gc.get_objects())
gc.freeze()
frozen = gc.get_freeze_count()
after = [full() for _ in range(3)]
print(json.dumps({"tracked": tracked, "frozen": frozen, "first": first,
                  "unfrozen": statistics.median(unfrozen), "frozen_collect": statistics.median(after)}))
"""


@dataclass
class GcProbe:
    """One process: a full collection after loading, without then with ``gc.freeze()`` (seconds)."""

    tracked: int
    frozen: int
    first: float
    unfrozen: float
    frozen_collect: float


@dataclass
class Size:
    size: int
    files: int
    data_mib: float
    runs: dict[str, Runs]
    counts: dict[str, int] = field(default_factory=dict)  # matches of each anchor
    gc: GcProbe | None = None
    full_collections: dict[str, tuple[int, float]] = field(default_factory=dict)  # freeze on / off
    compared: str = ""
    alternated: Runs | None = None  # actions --format json again, the sizes from 20,000 alternated in one loop


def anchor_commands(db: Path, data_json: Path, cli: list[str]) -> dict[str, list[str]]:
    jq = shutil.which("jq")
    sqlite = shutil.which("sqlite3")
    commands: dict[str, list[str]] = {}
    commands["cppsctl actions --search, cached"] = [*cli, "actions", "--search", SEARCH_WORD, "--format", "json"]
    if sqlite:
        fts = f"SELECT count(*) FROM actions_fts WHERE actions_fts MATCH '{SEARCH_WORD}'"
        commands["sqlite3 FTS5 MATCH"] = [sqlite, "-readonly", str(db), fts]
        like = f"SELECT count(*) FROM actions WHERE title LIKE '%{LIKE_WORD}%'"
        commands["sqlite3 LIKE"] = [sqlite, "-readonly", str(db), like]
    if duckdb_version() is not None:
        query = f"SELECT count(*) FROM read_json_auto('{data_json}') WHERE lower(title) LIKE '%{LIKE_WORD}%'"
        code = f"import duckdb; print(duckdb.connect().execute({query!r}).fetchone()[0])"
        commands["duckdb read_json_auto"] = [PYTHON, "-c", code]
    if jq:
        commands["jq ascii_downcase filter (slow path of jq)"] = [jq, JQ_FILTER, str(data_json)]
        commands["jq length (parse only)"] = [jq, "length", str(data_json)]
    return commands


def count_of(name: str, output: str) -> int:
    """How many actions an anchor found, from its output."""
    if name.startswith(("cppsctl", "jq ascii")):
        return len(json.loads(output))
    return int(output.split()[-1])


def measure_size(size: int, repeat: int, out: Path, env: dict[str, str], warmup: int) -> Size:
    anchors = size in ANCHOR_SIZES
    data = generate(size, out, json_too=anchors)
    files = dataset_files(data)
    cli = [*cppsctl_command(), "--data", str(data)]
    a, b = compare_pair(data)
    fill = {"a": a, "b": b, "out": str(out), "size": str(size)}
    commands = {name: [*cli, *(x.format(**fill) for x in args)] for name, args in SCALE_COMMANDS.items()}
    print(f"  {size:,} actions: warming the cache, exporting the reference database ...", file=sys.stderr)
    capture([*cli, "list", "--format", "json"], env)  # the first run writes the cache
    capture([*cli, "sql", SQL_COUNT], env)
    db = out / f"reference-{size}.db"
    capture([*cli, "export", "--format", "sqlite", str(db), "--force"], env)
    uri = f"file:{db}?mode=ro"
    reference = f"import typer, sqlite3; sqlite3.connect({uri!r}, uri=True).execute({SQL_COUNT!r}).fetchone()"
    commands["sql reference: Python's sqlite3"] = [PYTHON, "-c", reference]
    pty: list[str] = []
    if size <= 200_000:  # the whole command with and without gc.freeze() after loading
        for state in ("on", "off"):
            commands[f"freeze {state}"] = [PYTHON, "-c", FREEZE_WRAPPER, state, "--data", str(data), "actions",
                                           "--format", "json"]  # fmt: skip
    anchor_names: list[str] = []
    if anchors:
        extra = anchor_commands(db, data.with_suffix(".json"), cli)
        anchor_names = list(extra)
        commands.update(extra)
    if size == TABLE_SIZE:
        for how in ("pty", "pipe"):
            commands[f"search table, {how}"] = [*cli, "search", HITS_WORD]
            commands[f"search json, {how}"] = [*cli, "search", HITS_WORD, "--format", "json"]
            if how == "pty":
                pty += [f"search table, {how}", f"search json, {how}"]
    print(f"  {size:,} actions: {len(commands)} commands x {repeat} runs ...", file=sys.stderr)
    runs = measure(jobs_of(commands, pty), repeat, env, warmup)
    result = Size(size, len(files), sum(f.stat().st_size for f in files) / 2**20, runs)
    result.compared = f"{a} with {b}"
    for name in anchor_names:
        result.counts[name] = count_of(name, capture(commands[name], env))
    if size == TABLE_SIZE:
        result.counts["search hits"] = len(json.loads(capture(commands["search json, pipe"], env)))
    for state in ("on", "off"):
        if f"freeze {state}" in commands:
            _, _, err = run_once(commands[f"freeze {state}"], env)
            found = re.findall(r"full collections: (\d+) ([0-9.]+)", err)
            if found:
                result.full_collections[state] = (int(found[-1][0]), float(found[-1][1]))
    probe = json.loads(capture([PYTHON, "-c", GC_PROBE, str(data)], env))
    result.gc = GcProbe(**probe)
    return result


# -- the report --------------------------------------------------------------------------------


def holds(ok: bool) -> str:
    return "yes" if ok else "**no**"


def ratio(runs: dict[str, Runs], candidate: str, reference: str) -> float:
    return runs[candidate].median_ms / runs[reference].median_ms


def streamed(size: Size, alternated: bool = True) -> Runs:
    """The runs of ``actions --format json`` at a size: those of the sizes alternated when there are."""
    if alternated and size.alternated is not None:
        return size.alternated
    return size.runs["actions --format json"]


def per_thousand(size: Size, alternated: bool = True) -> float:
    """Milliseconds per 1,000 actions of ``actions --format json``: the whole run's time over the size."""
    return streamed(size, alternated).median_ms / (size.size / 1000)


def marginals(sizes: Sequence[Size], alternated: bool = True) -> list[float]:
    """Milliseconds per 1,000 actions between each size and the one below: what the fixed start-up leaves out."""
    return [
        (streamed(s, alternated).median_ms - streamed(b, alternated).median_ms) / ((s.size - b.size) / 1000)
        for b, s in itertools.pairwise(sizes)
    ]


def measure_alternated(sizes: dict[int, Size], repeat: int, env: dict[str, str]) -> None:
    """Time ``actions --format json`` at every size once more, the sizes alternated in one loop (needs two from 20,000).

    The sizes are measured one after the other, minutes apart, and this shared
    machine drifts in between: per-1,000 figures of different sizes compare
    fairly only from runs that alternate. Each size's cache is warm by then.
    """
    chosen = [s for _, s in sorted(sizes.items())]
    if len([s for s in chosen if s.size >= 20_000]) < 2:
        return
    jobs = {str(s.size): Runs(list(s.runs["actions --format json"].command)) for s in chosen}
    measure(jobs, repeat, env, warmup=0)
    for s in chosen:
        s.alternated = jobs[str(s.size)]


def spread(values: Sequence[float]) -> float:
    """How far apart figures that should be equal are: max / min - 1."""
    return max(values) / min(values) - 1


def cell(text: str) -> str:
    """Text for a Markdown table cell: a bare | would end it."""
    return text.replace("|", "\\|")


def goal_rows(start: dict[str, Runs], sizes: dict[int, Size], openssl: dict[str, list[str]]) -> list[str]:
    rows: list[str] = []
    add = rows.append
    typer = next(iter(start))
    typer_rich = list(start)[1]

    def startup_row(label: str, reference: str, goal: float) -> None:
        r = ratio(start, label, reference)
        ref = "`import typer`" if reference == typer else "`import typer, rich.console, rich.table`"
        add(f"| start-up: {label} / {ref} | {r:.2f} x | ≤ {goal} x | {holds(r <= goal)} |")

    for size, goal in GOAL_SQL.items():
        s = sizes.get(size)
        label = f'sql: `sql "{SQL_COUNT}"` at {size:,} actions, cached / Python\'s sqlite3 on the exported file'
        if s is None:
            add(f"| {label} | not measured | ≤ {goal} x | - |")
        else:
            r = ratio(s.runs, "sql count", "sql reference: Python's sqlite3")
            add(f"| {label} | {r:.2f} x | ≤ {goal} x | {holds(r <= goal)} |")
    for size, goal_mib in GOAL_STREAM_MIB.items():
        s = sizes.get(size)
        label = f"streaming: peak RSS of `actions --format json` at {size:,} actions"
        if s is None:
            add(f"| {label} | not measured | ≤ {goal_mib} MiB | - |")
        else:
            peak = s.runs["actions --format json"].peak_mib
            add(f"| {label} | {peak:.0f} MiB | ≤ {goal_mib} MiB | {holds(peak <= goal_mib)} |")
    # The goal: what 1,000 more actions cost stays the same from 20,000 to 1,000,000 (it grew with the size when
    # the output was built in memory). Judged on the marginal cost between consecutive sizes from 20,000: the whole
    # run over its size also carries the fixed start-up (about 0.1 s, 5 ms per 1,000 at 20,000 and 0.1 at 1M), so
    # that its spread would only fall under 15 % if each action cost more (docs/performance.md, "The streaming goal").
    ordered = [s for _, s in sorted(sizes.items())]
    large = [s for s in ordered if s.size >= 20_000]
    label = "streaming: time per 1,000 more actions of `actions --format json` (marginal, between sizes), max / min - 1"
    if len(large) >= 3:
        figures = marginals(large)
        sp = spread(figures)
        where = f"{large[0].size:,} to {large[-1].size:,}"
        if all(s.alternated is not None for s in ordered):
            where += " (the sizes alternated)"
        beside = "; ".join(
            f"{b.size:,}-{s.size:,}: {f:.1f} ms" for (b, s), f in zip(itertools.pairwise(large), figures, strict=True)
        )
        whole = ", ".join(f"{per_thousand(s):.1f}" for s in large)
        measured = f"{sp:.0%} ({beside}; the whole run over its size: {whole} ms)"
        add(f"| {label}, {where} | {measured} | ≤ {GOAL_STREAM_SPREAD:.0%} | {holds(sp <= GOAL_STREAM_SPREAD)} |")
    else:
        add(f"| {label} | not measured (needs three sizes from 20,000) | ≤ {GOAL_STREAM_SPREAD:.0%} | - |")
    probed = [s for _, s in sorted(sizes.items()) if s.gc is not None and s.size >= 20_000]
    if probed:
        saved = ", ".join(
            f"{(s.gc.unfrozen - s.gc.frozen_collect) * 1000:.0f} ms at {s.size:,}" for s in probed if s.gc is not None
        )
        add(f"| loading: a full collection after loading, what `gc.freeze()` saves | {saved} | reported | - |")
    big, small = sizes.get(200_000), sizes.get(20_000)
    label = "loading: cached `list --format json` at 200,000 actions"
    if big is None:
        add(f"| {label} | not measured | ≤ {GOAL_LIST_200K_S} s | - |")
    else:
        seconds = big.runs["load, cached"].median_ms / 1000
        beside = f" (20,000: {small.runs['load, cached'].median_ms / 1000:.2f} s)" if small else ""
        add(f"| {label} | {seconds:.2f} s{beside} | ≤ {GOAL_LIST_200K_S} s | {holds(seconds <= GOAL_LIST_200K_S)} |")
    startup_row("`cppsctl export --format sqlite out.db --force`", typer, GOAL_EXPORT)
    with_ssl = [f"{name}: {', '.join(mods)}" for name, mods in openssl.items() if mods]
    measured = "; ".join(with_ssl) if with_ssl else f"none ({', '.join(openssl)})"
    add(f"| no `_ssl` or `_hashlib` imported (`-X importtime`) | {measured} | none | {holds(not with_ssl)} |")
    startup_row("`cppsctl --version`", typer, GOAL_BARE)
    startup_row("`cppsctl --help`", typer, GOAL_BARE)
    startup_row("`cppsctl list --format json`", typer, GOAL_LIST_JSON)
    for f in ("jsonl", "csv", "tsv"):
        startup_row(f"`cppsctl list --format {f}`", typer, GOAL_STARTUP)
    startup_row("`cppsctl list` (table)", typer_rich, GOAL_STARTUP)
    table = sizes.get(TABLE_SIZE)
    if table is not None:
        r = ratio(table.runs, "search table, pty", "search json, pty")
        hits = table.counts.get("search hits", 0)
        label = f"tables: `search {HITS_WORD}` ({hits:,} hits) on a terminal, table / json"
        add(f"| {label} | {r:.2f} x | reported | - |")
    return rows


def report(
    args: argparse.Namespace,
    info: dict[str, str],
    start: dict[str, Runs],
    openssl: dict[str, list[str]],
    sizes: dict[int, Size],
) -> str:
    lines: list[str] = []
    add = lines.append
    typer_label = next(iter(start))
    typer_ms = start[typer_label].median_ms
    by_size = ", ".join(f"{n:,}: {len(s.runs['load, cached'].times)}" for n, s in sorted(sizes.items()))
    add(
        f"Medians of {args.repeat} alternating runs (start-up) and, by size, {by_size}; "
        "time and peak RSS of each run from the launcher's `wait4`."
    )
    add("")
    add("#### Goals")
    add("")
    add("| goal | measured | target | holds |")
    add("|---|---|---|---|")
    lines += goal_rows(start, sizes, openssl)
    add("")
    add("#### Start-up (bundled dataset, warm cache)")
    add("")
    add("| command | median | / `import typer` | peak RSS |")
    add("|---|---|---|---|")
    for label, runs in start.items():
        add(f"| {label} | {runs.median_ms:.1f} ms | {runs.median_ms / typer_ms:.2f} | {runs.peak_mib:.0f} MiB |")
    add("")
    add("OpenSSL (`_ssl`, `_hashlib`) in `python -X importtime -m cppsctl COMMAND` (bundled data, warm cache):")
    add("")
    add("| command | " + " | ".join(f"`{m}`" for m in OPENSSL_MODULES) + " |")
    add("|---" * (len(OPENSSL_MODULES) + 1) + "|")
    for name, mods in openssl.items():
        add(f"| `{name}` | " + " | ".join("imported" if m in mods else "no" for m in OPENSSL_MODULES) + " |")
    ordered = [s for _, s in sorted(sizes.items())]
    if ordered:
        lines += size_sections(ordered)
    add("")
    add("#### Machine")
    add("")
    for key, value in info.items():
        add(f"- {key}: {value}")
    return "\n".join(lines) + "\n"


def size_sections(ordered: list[Size]) -> list[str]:
    lines: list[str] = []
    add = lines.append
    add("")
    add(f'#### `sql "{SQL_COUNT}"` against SQLite itself (cached)')
    add("")
    add("| actions | `cppsctl sql` | Python's sqlite3 on the exported file (`import typer` too) | ratio |")
    add("|---|---|---|---|")
    for s in ordered:
        sql, ref = s.runs["sql count"], s.runs["sql reference: Python's sqlite3"]
        add(f"| {s.size:,} | {sql.median_ms:.0f} ms, {sql.peak_mib:.0f} MiB | {ref.median_ms:.0f} ms, "
            f"{ref.peak_mib:.0f} MiB | {sql.median_ms / ref.median_ms:.2f} x |")  # fmt: skip
    add("")
    add("#### Streaming machine output: `actions --format json > /dev/null` (cached)")
    add("")
    alternated = all(s.alternated is not None for s in ordered)
    if alternated:
        rounds = len(ordered[0].alternated.times) if ordered[0].alternated else 0
        add(f"First each size's own phase; in the last three columns, the sizes alternated in one loop "
            f"({rounds} round{'s' if rounds != 1 else ''}): the figures to compare across sizes, since the machine "
            "drifts between the phases.")  # fmt: skip
        add("")
        add("| actions | median | per 1,000 actions | marginal, from the size above | peak RSS | RSS per 1,000 | "
            "alternated: median | per 1,000 | marginal |")  # fmt: skip
        add("|---|---|---|---|---|---|---|---|---|")
    else:
        add("| actions | median | per 1,000 actions | marginal, from the size above | peak RSS | RSS per 1,000 |")
        add("|---|---|---|---|---|---|")
    for i, s in enumerate(ordered):
        runs = streamed(s, alternated=False)
        phase, paired = ["-"], ["-"]
        if i:
            phase = [f"{f:.1f} ms" for f in marginals(ordered[i - 1 : i + 1], alternated=False)]
            paired = [f"{f:.1f} ms" for f in marginals(ordered[i - 1 : i + 1])]
        row = (f"| {s.size:,} | {runs.median_ms:.0f} ms | {per_thousand(s, alternated=False):.1f} ms | {phase[0]} | "
               f"{runs.peak_mib:.0f} MiB | {runs.peak_mib / (s.size / 1000):.2f} MiB |")  # fmt: skip
        if alternated:
            row += f" {streamed(s).median_ms:.0f} ms | {per_thousand(s):.1f} ms | {paired[0]} |"
        add(row)
    large = [s for s in ordered if s.size >= 20_000]
    if len(large) >= 2:
        figures = [per_thousand(s) for s in large]
        add("")
        add(f"Per 1,000 actions from {large[0].size:,} to {large[-1].size:,}, the whole run over its size"
            f"{' (the sizes alternated)' if alternated else ''}: "
            f"{min(figures):.1f} to {max(figures):.1f} ms, a spread (max / min - 1) of {spread(figures):.0%}; "
            "it carries the fixed start-up, which the marginal figures leave out.")  # fmt: skip
    add("")
    add("#### `gc.freeze()` after loading")
    add("")
    add("In one process (`cppsctl.load(D, cache=True)`, then `gc.collect()`, medians of 3), and in a whole "
        "`actions --format json` run by a wrapper that leaves `freeze_loaded` alone or makes it a no-op "
        "(counting the full collections with `gc.callbacks`).")  # fmt: skip
    add("")
    add("| actions | objects tracked | first full collection | without freeze | with freeze | saved "
        "| whole command, with / without | full collections, with / without |")  # fmt: skip
    add("|---|---|---|---|---|---|---|---|")
    for s in ordered:
        if s.gc is None:
            continue
        g = s.gc
        whole = collections = "-"
        if "freeze on" in s.runs:
            on, off = s.runs["freeze on"], s.runs["freeze off"]
            whole = f"{on.median_ms:.0f} / {off.median_ms:.0f} ms ({on.median_ms / off.median_ms:.2f} x)"
        if len(s.full_collections) == 2:
            (n_on, t_on), (n_off, t_off) = s.full_collections["on"], s.full_collections["off"]
            collections = f"{n_on} ({t_on * 1000:.0f} ms) / {n_off} ({t_off * 1000:.0f} ms)"
        add(f"| {s.size:,} | {g.tracked:,} | {g.first * 1000:.1f} ms | {g.unfrozen * 1000:.1f} ms | "
            f"{g.frozen_collect * 1000:.1f} ms | {(g.unfrozen - g.frozen_collect) * 1000:.1f} ms | {whole} "
            f"| {collections} |")  # fmt: skip
    anchored = [s for s in ordered if s.counts and any(n in s.runs for n in s.counts if n != "search hits")]
    for s in anchored:
        add("")
        add(f"#### Anchors at {s.size:,} actions: the same search with the tools a user would pick")
        add("")
        add("| command | median | peak RSS | actions found | cppsctl / this |")
        add("|---|---|---|---|---|")
        ours = s.runs["cppsctl actions --search, cached"]
        for name, found in s.counts.items():
            if name == "search hits":
                continue
            runs = s.runs[name]
            add(f"| {cell(ANCHOR_LABELS.get(name, name))} | {runs.median_ms:.0f} ms | {runs.peak_mib:.0f} MiB "
                f"| {found:,} | {ours.median_ms / runs.median_ms:.2f} x |")  # fmt: skip
        if "duckdb read_json_auto" not in s.counts:
            add("| DuckDB | not installed | | | |")
    table = next((s for s in ordered if "search table, pty" in s.runs), None)
    if table is not None:
        add("")
        hits = table.counts.get("search hits", 0)
        add(f"#### Tables of huge results: `search {HITS_WORD}` at {table.size:,} actions ({hits:,} hits)")
        add("")
        add("| output | table | json | table / json |")
        add("|---|---|---|---|")
        for how, label in (("pty", "a pseudo-terminal (160 columns): the table stops at 200 rows"),
                           ("pipe", "a pipe: every row")):  # fmt: skip
            t, j = table.runs[f"search table, {how}"], table.runs[f"search json, {how}"]
            add(f"| {label} | {t.median_ms:.0f} ms, {t.peak_mib:.0f} MiB | {j.median_ms:.0f} ms, "
                f"{j.peak_mib:.0f} MiB | {t.median_ms / j.median_ms:.2f} x |")  # fmt: skip
    add("")
    add("#### Scale (time, then peak RSS; each a whole `cppsctl` process)")
    add("")
    names = list(SCALE_COMMANDS)
    add("| actions | TOML | " + " | ".join(names) + " |")
    add("|---" * (len(names) + 2) + "|")
    for s in ordered:
        cells = [f"{s.runs[n].median_ms:,.0f} ms, {s.runs[n].peak_mib:,.0f} MiB" for n in names]
        files = "1 file" if s.files == 1 else f"{s.files} files"
        add(f"| {s.size:,} | {s.data_mib:.1f} MiB, {files} | " + " | ".join(cells) + " |")
    add("")
    add("load, cold = `--no-cache list --format json`; load, cached = `list --format json`; search = "
        f"`search {SEARCH_WORD} --format json`; compare = `compare A B --format json` "
        f"({'; '.join(f'{s.size:,}: {s.compared}' for s in ordered)}); export = `export --format sqlite F "
        f'--force`; sql count = `sql "{SQL_COUNT}"`; report --html = `report --html F --force`; '
        "all with `--data`.")  # fmt: skip
    return lines


ANCHOR_LABELS = {
    "cppsctl actions --search, cached": f"`cppsctl actions --search {SEARCH_WORD} --format json`, cached",
    "sqlite3 FTS5 MATCH": f"`sqlite3` CLI: `actions_fts MATCH '{SEARCH_WORD}'` (count)",
    "sqlite3 LIKE": f"`sqlite3` CLI: `title LIKE '%{LIKE_WORD}%'` (count)",
    "duckdb read_json_auto": f"DuckDB: `read_json_auto` of the JSON, `lower(title) LIKE '%{LIKE_WORD}%'` (count)",
    "jq ascii_downcase filter (slow path of jq)": f"jq ascii_downcase filter (slow path of jq): `{JQ_FILTER}`",
    "jq length (parse only)": "`jq length` (parse only)",
}


def parse_sizes(text: str) -> list[int]:
    """``2000,20k,1M`` -> [2000, 20000, 1000000], sorted, each at least 1."""
    sizes = []
    for part in text.split(","):
        part = part.strip().lower().replace("_", "")
        factor = {"k": 1000, "m": 1_000_000}.get(part[-1:], 1)
        number = int(part[:-1] if factor > 1 else part)
        if number * factor < 1:
            raise argparse.ArgumentTypeError(f"a size must be at least 1: {part}")
        sizes.append(number * factor)
    return sorted(set(sizes))


def repeats(size: int, quick: bool) -> tuple[int, int]:
    """(timed runs, warm-up rounds) at a size: fewer as a run gets longer; 2 runs at 1,000,000."""
    if quick:
        return 1, 0
    if size <= 20_000:
        return 7, 1
    if size <= 200_000:
        return 3, 0
    return 2, 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one run each at 2,000 and 20,000 actions: a smoke test")
    parser.add_argument("--sizes", type=parse_sizes, help="sizes in actions, comma-separated (2000,20k,1M)")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="folder for generated data and the cache")
    args = parser.parse_args(argv)
    args.repeat = 5 if args.quick else 30
    chosen = args.sizes or ([2_000, 20_000] if args.quick else list(DEFAULT_SIZES))

    args.out = args.out.resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    cache_home = args.out / "cache"
    shutil.rmtree(cache_home, ignore_errors=True)
    env = child_env(cache_home)
    byte_compile()
    info = machine()
    for tool in ("jq", "sqlite3 CLI", "duckdb"):
        if info[tool] == "not installed":
            print(f"{tool} is not installed: its comparison is left out.", file=sys.stderr)
    print("start-up ...", file=sys.stderr)
    capture([*cppsctl_command(), "list", "--format", "json"], env)  # the bundled dataset's cache entry
    start = measure(startup_jobs(args.out), args.repeat, env, warmup=2)
    openssl = openssl_on_paths(args.out, env)
    sizes: dict[int, Size] = {}
    for size in chosen:
        repeat, warmup = repeats(size, args.quick)
        print(f"{size:,} actions ...", file=sys.stderr)
        sizes[size] = measure_size(size, repeat, args.out, env, warmup)
    if len([n for n in sizes if n >= 20_000]) >= 2:
        print("actions --format json, the sizes alternated ...", file=sys.stderr)
        measure_alternated(sizes, 1 if args.quick else ALTERNATED_ROUNDS, env)
    sys.stdout.write(report(args, info, start, openssl, sizes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
