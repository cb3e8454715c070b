"""How long ``compare`` takes to align two large generated contracts.

    python benchmarks/bench_compare.py            # 500, 1000, 2000 and 4000 actions a side
    python benchmarks/bench_compare.py 2000 --runs 7

Titles are made of the words of the bundled dataset's titles (no other data):
an opening taken from a real title ("Lutter contre", "Prévenir") followed by
content words and French function words. The right contract continues most
of the left one: a third kept with a ``continues`` link, a sixth reworded with
a link, a tenth reworded without one (left to the similarity pass), one
merge in forty; the rest of it is new. Two scenarios are timed: ``linked``,
as above, and ``titles only``, the same contracts without any link, where
every action goes through the similarity pass. Each figure is the median
of several runs of :func:`cppsctl.compare.compare`, measured with
``time.perf_counter``.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Sequence

import cppsctl
from cppsctl.analysis.compare import Comparison, compare
from cppsctl.analysis.similarity import STOPWORDS
from cppsctl.model import Action, Contract, Dataset, Priority

PRIORITIES = 10
FUNCTION_WORDS = ("de", "des", "du", "et", "les", "la", "dans", "aux", "pour")


class TitleMaker:
    """Random French titles from the words of the bundled dataset's titles."""

    def __init__(self, rng: random.Random) -> None:
        titles = [a.title for a in cppsctl.load().actions]
        self.rng = rng
        self.openings = sorted({" ".join(t.split()[: rng.choice((1, 2))]) for t in titles})
        words = {w.strip("«»:;,.()’'\u00a0") for t in titles for w in t.split()[1:]}
        self.content = sorted(w for w in words if len(w) > 3 and w.lower() not in STOPWORDS)

    def title(self) -> str:
        words = [self.rng.choice(self.openings)]
        for _ in range(self.rng.randint(2, 6)):
            words += [self.rng.choice(FUNCTION_WORDS), self.rng.choice(self.content)]
        return " ".join(words)

    def reword(self, title: str) -> str:
        """Change one or two content words, or add a phrase, as a new contract would."""
        words = title.split()
        for _ in range(self.rng.randint(1, 2)):
            at = self.rng.randrange(1, len(words))
            words[at] = self.rng.choice(self.content)
        if self.rng.random() < 0.3:
            words += ["et", self.rng.choice(self.content)]
        return " ".join(words)


def _contract(cid: str, start: int, titles: Sequence[tuple[str, tuple[str, ...]]]) -> Contract:
    per_priority = -(-len(titles) // PRIORITIES)
    priorities = []
    for number in range(1, PRIORITIES + 1):
        chunk = titles[(number - 1) * per_priority : number * per_priority]
        actions = tuple(
            Action(
                id=f"{cid}/{number}.{position}",
                contract_id=cid,
                priority=number,
                position=position,
                title=title,
                themes=("youth",),
                continues=continues,
            )
            for position, (title, continues) in enumerate(chunk, start=1)
        )
        priorities.append(
            Priority(id=f"{cid}/{number}", contract_id=cid, number=number, title=f"Axe {number}", actions=actions)
        )
    return Contract(
        id=cid,
        kind="CPSA",
        name="Contrat généré",
        arrondissement=11,
        start_year=start,
        end_year=start + 4,
        declared_action_count=len(titles),
        priorities=tuple(priorities),
    )


def generate(size: int, seed: int, *, links: bool) -> Dataset:
    """Two contracts of ``size`` actions each; the right one descends from the left one."""
    rng = random.Random(seed)
    maker = TitleMaker(rng)
    left_titles = [maker.title() for _ in range(size)]
    per_priority = -(-size // PRIORITIES)
    left_ids = [f"gen-a/{i // per_priority + 1}.{i % per_priority + 1}" for i in range(size)]
    right: list[tuple[str, tuple[str, ...]]] = []
    index = 0
    while index < size and len(right) < size:
        roll = rng.random()
        link = (left_ids[index],) if links else ()
        if roll < 0.33:
            right.append((left_titles[index], link))
        elif roll < 0.50:
            right.append((maker.reword(left_titles[index]), link))
        elif roll < 0.60:
            right.append((maker.reword(left_titles[index]), ()))
        elif roll < 0.625 and index + 1 < size:
            merged = (left_ids[index], left_ids[index + 1]) if links else ()
            right.append((f"{left_titles[index]} et {left_titles[index + 1].lower()}", merged))
            index += 1
        index += 1
    while len(right) < size:
        right.append((maker.title(), ()))
    rng.shuffle(right)
    a = _contract("gen-a", 2016, [(t, ()) for t in left_titles])
    b = _contract("gen-b", 2022, right)
    return Dataset(contracts=(a, b))


def measure(dataset: Dataset, runs: int) -> tuple[float, Comparison]:
    left, right = dataset.contracts
    times = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = compare(dataset, left, right)
        times.append(time.perf_counter() - started)
    assert result is not None
    return statistics.median(times), result


def cpu_name() -> str:
    """The processor's model name where Linux tells it, else what the platform module knows."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("sizes", nargs="*", type=int, default=[500, 1000, 2000, 4000], help="actions per contract")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (the median is printed)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    print(f"python {platform.python_version()} ({platform.python_implementation()}) on {platform.platform()}")
    print(f"cpu: {cpu_name()}, {os.cpu_count()} logical cores; {args.runs} runs each")
    print()
    print(f"{'actions':>8} {'scenario':<12} {'median s':>9} {'pairs':>6}  classes")
    for size in args.sizes:
        for scenario, links in (("linked", True), ("titles only", False)):
            seconds, result = measure(generate(size, args.seed, links=links), args.runs)
            counts = ", ".join(f"{n} {s}" for s, n in result.counts().items() if n)
            print(f"{size:>8} {scenario:<12} {seconds:>9.3f} {len(result.pairs):>6}  {counts}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
