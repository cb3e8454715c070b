"""Run every performance measurement of cppsctl and print the figures as Markdown tables.

    python benchmarks/run.py            # about 4 minutes on 2 cores
    python benchmarks/run.py --quick    # fewer runs and sizes, about 1 minute: a smoke test, not figures

Use the interpreter of the environment where cppsctl is installed; its
``cppsctl`` script is what is timed. Every figure is the median of repeated
runs of real processes, each candidate timed alternately with its reference
in the same loop, so that a noisy machine slows both alike; ratios come first.

* Start-up: ``cppsctl list`` in each format against ``python -c "import typer"``
  (and, for the table, ``import typer, rich.console, rich.table``) of the same
  interpreter, on the bundled dataset with a warm cache.
* Scale: on a generated dataset of 20,000 actions, ``cppsctl actions --search
  stupefiants --format json`` (warm cache, then ``--no-cache``) against ``jq``
  running the same filter over the same actions saved as ``cppsctl actions
  --format json`` prints them; the two outputs are checked to hold the same records.
* Memory: peak resident memory of those commands (``wait4``'s ``ru_maxrss``).
* Growth: time and peak memory of loading (cold and cached), filtering and
  searching at 1,000, 5,000, 20,000 and 50,000 actions, and of ``compare``
  where this version has that command.

Generated data, the cache used (a fresh ``XDG_CACHE_HOME``) and jq's inputs go
to ``benchmarks/out/`` (ignored by git).
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
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
GENERATE = HERE / "generate.py"
PYTHON = sys.executable
JQ_FILTER = '[.[] | select(.title | ascii_downcase | contains("stupéfiants"))]'
SEARCH_WORD = "stupefiants"
GOAL_STARTUP = 1.2
GOAL_MEMORY_MIB = 100


@dataclass
class Runs:
    """Wall times (s) and peak resident memory (KiB) of the runs of one command."""

    command: list[str]
    times: list[float] = field(default_factory=list)
    peak_kib: int = 0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times) * 1000

    @property
    def peak_mib(self) -> float:
        return self.peak_kib / 1024


def run_once(command: Sequence[str], env: dict[str, str], runs: Runs | None = None) -> bytes:
    """Run a command with stdout captured; record its wall time and peak memory; fail loudly on an error."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = process.communicate()  # reads the pipes to the end, then reaps the process with its usage below
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{err.decode(errors='replace')}")
    if runs is not None:
        runs.times.append(elapsed)
    return out


def measure(commands: Sequence[Sequence[str]], repeat: int, env: dict[str, str], warmup: int = 2) -> list[Runs]:
    """Run the commands in turn ``repeat`` times (after ``warmup`` untimed rounds); one Runs each."""
    results = [Runs(list(c)) for c in commands]
    for _ in range(warmup):
        for command in commands:
            run_once(command, env)
    for _ in range(repeat):
        for runs in results:
            run_once(runs.command, env, runs)
    for runs in results:
        runs.peak_kib = peak_memory_kib(runs.command, env)
    return results


GNU_TIME = Path("/usr/bin/time")
LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss if status == 0 else -1)
"""


def peak_memory_kib(command: Sequence[str], env: dict[str, str]) -> int:
    """Peak resident memory of one run of ``command``, in KiB.

    A child's peak counts the memory of the process that started it, so the
    start is left to a small program: GNU time, else a bare Python (``-S -I``)
    whose own few MiB are then a floor of the figure.
    """
    if GNU_TIME.exists():
        launch = [str(GNU_TIME), "-f", "%M", "-o", "/dev/stderr", *command]
        done = subprocess.run(launch, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
        return int(done.stderr.split()[-1])
    done = subprocess.run([PYTHON, "-S", "-I", "-c", LAUNCHER, *command], env=env, capture_output=True, check=True)
    return int(done.stdout)


# -- the environment ---------------------------------------------------------------------------


def cppsctl_command() -> list[str]:
    script = Path(PYTHON).parent / "cppsctl"
    return [str(script)] if script.exists() else [PYTHON, "-m", "cppsctl"]


def child_env(cache_home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CPPSCTL_", "PYTHONDONTWRITEBYTECODE"))}
    env["XDG_CACHE_HOME"] = str(cache_home)
    return env


def byte_compile() -> None:
    """Compile cppsctl's modules as an installation does, even where PYTHONDONTWRITEBYTECODE is set."""
    spec = importlib.util.find_spec("cppsctl")
    if spec is None or spec.origin is None:
        raise SystemExit("cppsctl is not installed in this interpreter's environment")
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(Path(spec.origin).parent)], check=True)


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    jq = shutil.which("jq")
    jq_version = subprocess.run([jq, "--version"], capture_output=True, text=True).stdout.strip() if jq else "missing"
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cores (nproc)": str(os.cpu_count()),
        "CPU": cpu,
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "typer": importlib.metadata.version("typer"),
        "rich": importlib.metadata.version("rich"),
        "cppsctl": importlib.metadata.version("cppsctl"),
        "jq": jq_version,
    }


def generate(n_actions: int, out: Path, json_too: bool) -> Path:
    path = out / f"actions-{n_actions}.toml"
    command = [PYTHON, str(GENERATE), str(n_actions), str(path)]
    if json_too:
        command += ["--json", str(path.with_suffix(".json"))]
    if not path.exists() or (json_too and not path.with_suffix(".json").exists()):
        subprocess.run(command, check=True)
    return path


# -- the measurements --------------------------------------------------------------------------


def startup(repeat: int, env: dict[str, str]) -> list[tuple[str, Runs, Runs]]:
    """(label, candidate, reference) for each start-up figure."""
    cli = cppsctl_command()
    typer_only = [PYTHON, "-c", "import typer"]
    typer_rich = [PYTHON, "-c", "import typer, rich.console, rich.table"]
    formats = ["json", "jsonl", "csv", "tsv"]
    commands = [typer_only, typer_rich, [PYTHON, "-c", "pass"]]
    commands += [[*cli, "list", "--format", f] for f in formats] + [[*cli, "list"]]
    runs = measure(commands, repeat, env)
    typer_runs, rich_runs = runs[0], runs[1]
    figures = [(f"`cppsctl list --format {f}`", r, typer_runs) for f, r in zip(formats, runs[3:7], strict=True)]
    figures.append(("`cppsctl list` (table)", runs[7], rich_runs))
    figures.append(("`python -c pass`", runs[2], typer_runs))
    return figures


@dataclass
class Scale:
    size: int
    cached: Runs
    uncached: Runs
    jq_filter: Runs | None
    jq_parse: Runs | None
    same_records: str


def scale(size: int, repeat: int, out: Path, env: dict[str, str]) -> Scale:
    toml = generate(size, out, json_too=True)
    data = toml.with_suffix(".json")
    command = [*cppsctl_command(), "actions", "--data", str(toml), "--search", SEARCH_WORD, "--format", "json"]
    jq = shutil.which("jq")
    commands = [command, [*command, "--no-cache"]]
    if jq:
        commands += [[jq, JQ_FILTER, str(data)], [jq, "length", str(data)]]
    runs = measure(commands, repeat, env, warmup=1)
    same = "jq missing"
    if jq:
        ours = json.loads(run_once(command, env))
        theirs = json.loads(run_once([jq, JQ_FILTER, str(data)], env))
        same = f"yes ({len(ours)} records)" if ours == theirs else f"NO: {len(ours)} vs {len(theirs)} records"
    return Scale(size, runs[0], runs[1], runs[2] if jq else None, runs[3] if jq else None, same)


@dataclass
class Growth:
    size: int
    toml_mib: float
    runs: dict[str, Runs]
    compare: str


GROWTH_COMMANDS = {
    "load, cold": ["list", "--format", "json", "--no-cache"],
    "load, cached": ["list", "--format", "json"],
    "filter": ["actions", "--theme", "drug-trafficking", "--arrondissement", "11", "--format", "json"],
    "search": ["search", SEARCH_WORD, "--format", "json"],
    "actions --search": ["actions", "--search", SEARCH_WORD, "--format", "json"],
}


def has_compare(env: dict[str, str]) -> bool:
    result = subprocess.run([*cppsctl_command(), "compare", "--help"], env=env, capture_output=True, check=False)
    return result.returncode == 0


def growth(sizes: Sequence[int], repeat: int, out: Path, env: dict[str, str]) -> list[Growth]:
    cli = cppsctl_command()
    compare = has_compare(env)
    rows = []
    for size in sizes:
        toml = generate(size, out, json_too=False)
        commands = {name: [*cli, *args, "--data", str(toml)] for name, args in GROWTH_COMMANDS.items()}
        if compare:  # the CPSA of the 11th in its first two periods, where the dataset has them
            commands["compare"] = [*cli, "compare", *compare_pair(toml), "--data", str(toml), "--format", "json"]
        measured = measure(list(commands.values()), repeat, env, warmup=1)
        runs = dict(zip(commands, measured, strict=True))
        note = "" if compare else "no `compare` command in this version"
        rows.append(Growth(size, toml.stat().st_size / 2**20, runs, note))
    return rows


def compare_pair(toml: Path) -> list[str]:
    """The CPSA of the 11th in its first two periods (the generator writes one ``id = ...`` line per contract)."""
    ids = re.findall(r'^id = "(cps[as]-[^"]+)"$', toml.read_text(encoding="utf-8"), re.MULTILINE)
    local = [i for i in ids if i.startswith("cpsa-11-")] or ids
    return (local * 2)[:2]


# -- the report --------------------------------------------------------------------------------


def report(
    args: argparse.Namespace,
    info: dict[str, str],
    start: list[tuple[str, Runs, Runs]],
    big: Scale,
    rows: list[Growth],
) -> str:
    lines: list[str] = []
    add = lines.append
    typer_ms = start[0][2].median_ms
    add(
        f"Medians of {args.repeat} alternating runs (start-up), {args.scale_repeat} (scale), "
        f"{args.growth_repeat} (growth); peak RSS measured with {'GNU time' if GNU_TIME.exists() else 'wait4'}."
    )
    add("")
    add("### Goals")
    add("")
    add("| goal | measured | target | holds |")
    add("|---|---|---|---|")
    for label, runs, reference in start[:5]:
        ratio = runs.median_ms / reference.median_ms
        ref = "`import typer, rich.console, rich.table`" if "table" in label else "`import typer`"
        holds = "yes" if ratio <= GOAL_STARTUP else "**no**"
        add(f"| start-up: {label} / {ref} | {ratio:.2f} x | ≤ {GOAL_STARTUP} x | {holds} |")
    if big.jq_filter is not None:
        ratio = big.cached.median_ms / big.jq_filter.median_ms
        holds = "yes" if ratio <= 1 else "**no**"
        label = f"scale: `actions --search` at {big.size:,} actions, cached / jq filter"
        add(f"| {label} | {ratio:.2f} x | ≤ 1 x | {holds} |")
        assert big.jq_parse is not None
        ratio = big.cached.median_ms / big.jq_parse.median_ms
        add(f"| (context) same / `jq length`, jq's parse alone | {ratio:.2f} x | - | - |")
    else:
        add(f"| scale: `actions --search` at {big.size:,} actions / jq filter | jq missing | ≤ 1 x | not measured |")
    peak = max(big.cached.peak_mib, big.uncached.peak_mib)
    holds = "yes" if peak < GOAL_MEMORY_MIB else "**no**"
    add(f"| memory: peak RSS at {big.size:,} actions (cached, cold) | {big.cached.peak_mib:.0f}, "
        f"{big.uncached.peak_mib:.0f} MiB | < {GOAL_MEMORY_MIB} MiB | {holds} |")  # fmt: skip
    add(f"| same records as jq | {big.same_records} | | |")
    add("")
    add("### Start-up (bundled dataset, warm cache)")
    add("")
    add("| command | median | / `import typer` | peak RSS |")
    add("|---|---|---|---|")
    reference_rows = [
        ('`python -c "import typer"`', start[0][2]),
        ('`python -c "import typer, rich.console, rich.table"`', start[4][2]),
    ]
    for label, runs in [*reference_rows, *((label, runs) for label, runs, _ in start)]:
        add(f"| {label} | {runs.median_ms:.1f} ms | {runs.median_ms / typer_ms:.2f} | {runs.peak_mib:.0f} MiB |")
    add("")
    add(f"### Scale ({big.size:,} actions)")
    add("")
    add("| command | median | peak RSS |")
    add("|---|---|---|")
    add(f"| `cppsctl actions --search {SEARCH_WORD} --format json`, cached | {big.cached.median_ms:.0f} ms "
        f"| {big.cached.peak_mib:.0f} MiB |")  # fmt: skip
    add(f"| same, `--no-cache` (first run: TOML parsing) | {big.uncached.median_ms:.0f} ms "
        f"| {big.uncached.peak_mib:.0f} MiB |")  # fmt: skip
    if big.jq_filter is not None and big.jq_parse is not None:
        jq_cell = JQ_FILTER.replace("|", "\\|")  # a bare | would end the table cell
        add(f"| `jq '{jq_cell}'` | {big.jq_filter.median_ms:.0f} ms | {big.jq_filter.peak_mib:.0f} MiB |")
        add(f"| `jq length` (parse only) | {big.jq_parse.median_ms:.0f} ms | {big.jq_parse.peak_mib:.0f} MiB |")
    else:
        add("| jq | missing: install jq for this comparison | |")
    add("")
    add("### Growth (time, then peak RSS; each a whole `cppsctl` process)")
    add("")
    names = list(rows[0].runs)
    add("| actions | TOML | " + " | ".join(names) + " |")
    add("|---" * (len(names) + 2) + "|")
    for row in rows:
        cells = [f"{row.runs[n].median_ms:.0f} ms, {row.runs[n].peak_mib:.0f} MiB" for n in names]
        add(f"| {row.size:,} | {row.toml_mib:.1f} MiB | " + " | ".join(cells) + " |")
    if rows[0].compare:
        add("")
        add(f"compare: {rows[0].compare}.")
    add("")
    add("Marginal cost of 1,000 more actions, from the size above: constant down a column means linear growth.")
    add("")
    add("| actions | " + " | ".join(names) + " |")
    add("|---" * (len(names) + 1) + "|")
    for before, row in itertools.pairwise(rows):
        per = (row.size - before.size) / 1000
        cells = [
            f"{(row.runs[n].median_ms - before.runs[n].median_ms) / per:.1f} ms, "
            f"{(row.runs[n].peak_mib - before.runs[n].peak_mib) / per:.2f} MiB"
            for n in names
        ]
        add(f"| {before.size:,} → {row.size:,} | " + " | ".join(cells) + " |")
    add("")
    add("### Machine")
    add("")
    for key, value in info.items():
        add(f"- {key}: {value}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="few runs and small sizes: a smoke test")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="folder for generated data and the cache")
    args = parser.parse_args(argv)
    args.repeat, args.scale_repeat, args.growth_repeat = (5, 2, 1) if args.quick else (30, 9, 5)
    sizes = [1000, 5000] if args.quick else [1000, 5000, 20000, 50000]
    scale_size = 5000 if args.quick else 20000

    args.out.mkdir(parents=True, exist_ok=True)
    cache_home = args.out / "cache"
    shutil.rmtree(cache_home, ignore_errors=True)
    env = child_env(cache_home)
    byte_compile()
    info = machine()
    if info["jq"] == "missing":
        print("jq is missing: the jq comparison is skipped (apt-get install jq).", file=sys.stderr)
    print("start-up ...", file=sys.stderr)
    start = startup(args.repeat, env)
    print("scale ...", file=sys.stderr)
    big = scale(scale_size, args.scale_repeat, args.out, env)
    print("growth ...", file=sys.stderr)
    rows = growth(sizes, args.growth_repeat, args.out, env)
    sys.stdout.write(report(args, info, start, big, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
