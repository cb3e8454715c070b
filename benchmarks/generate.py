"""Write a valid synthetic dataset of any size, with realistic French titles.

    python benchmarks/generate.py 20000 /tmp/cpps-20k.toml [--json /tmp/cpps-20k.json] [--seed 1]

The vocabulary is the bundled dataset's own: its themes, and its action and
priority titles, each action title completed with a place or a public of the
arrondissement (``… dans le quartier de la Goutte-d’Or``). Contracts come as
one CPPS (Paris-wide) and twenty CPSA (one per arrondissement) per period,
about 200 actions each; some CPSA actions decline an action of the CPPS of
their period, and some continue an action of the same arrondissement's
previous contract. The output is deterministic for a given size and seed and
passes ``cppsctl validate``.

``--json PATH`` also writes every action exactly as ``cppsctl actions --format
json`` prints it, which is what ``benchmarks/run.py`` hands to ``jq``.

``--folder`` writes OUT as a folder of files instead, the way a ``--data``
folder is merged: ``0-vocabulary.toml`` with the themes and the source, then
one ``contracts-START-END.toml`` per period with its 21 contracts, in the same
order as the single file (the loaded dataset is equal). The loader refuses a
file over 32 MiB (``MAX_FILE_BYTES``), which one file reaches at about 150,000
actions; a period's file stays near 10 MiB even at 1,000,000 actions.

    python benchmarks/generate.py 1000000 /tmp/cpps-1m --folder
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import cppsctl
from cppsctl.output.records import action_record

ACTIONS_PER_CONTRACT = 200
PRIORITIES_PER_CONTRACT = 8
ARRONDISSEMENTS = range(1, 21)
PERIOD_YEARS = 5
LINK_SHARE = 0.05  # share of CPSA actions that decline, and of those that continue, another action

QUARTIERS = {
    1: ("Saint-Germain-l’Auxerrois", "des Halles", "du Palais-Royal", "de la Place-Vendôme"),
    2: ("Gaillon", "Vivienne", "du Mail", "de Bonne-Nouvelle"),
    3: ("des Arts-et-Métiers", "des Enfants-Rouges", "des Archives", "Sainte-Avoye"),
    4: ("Saint-Merri", "Saint-Gervais", "de l’Arsenal", "Notre-Dame"),
    5: ("Saint-Victor", "du Jardin-des-Plantes", "du Val-de-Grâce", "de la Sorbonne"),
    6: ("de la Monnaie", "de l’Odéon", "Notre-Dame-des-Champs", "Saint-Germain-des-Prés"),
    7: ("Saint-Thomas-d’Aquin", "des Invalides", "de l’École-Militaire", "du Gros-Caillou"),
    8: ("des Champs-Élysées", "du Faubourg-du-Roule", "de la Madeleine", "de l’Europe"),
    9: ("Saint-Georges", "de la Chaussée-d’Antin", "du Faubourg-Montmartre", "de Rochechouart"),
    10: ("Saint-Vincent-de-Paul", "de la Porte-Saint-Denis", "de la Porte-Saint-Martin", "de l’Hôpital-Saint-Louis"),
    11: ("de la Folie-Méricourt", "Saint-Ambroise", "de la Roquette", "Sainte-Marguerite"),
    12: ("du Bel-Air", "de Picpus", "de Bercy", "des Quinze-Vingts"),
    13: ("de la Salpêtrière", "de la Gare", "de la Maison-Blanche", "de Croulebarbe"),
    14: ("du Montparnasse", "du Parc-de-Montsouris", "du Petit-Montrouge", "de Plaisance"),
    15: ("Saint-Lambert", "Necker", "de Grenelle", "de Javel"),
    16: ("d’Auteuil", "de la Muette", "de la Porte-Dauphine", "de Chaillot"),
    17: ("des Ternes", "de la Plaine-de-Monceaux", "des Batignolles", "des Épinettes"),
    18: ("des Grandes-Carrières", "de Clignancourt", "de la Goutte-d’Or", "de la Chapelle"),
    19: ("de la Villette", "du Pont-de-Flandre", "d’Amérique", "du Combat"),
    20: ("de Belleville", "Saint-Fargeau", "du Père-Lachaise", "de Charonne"),
}
LOCAL_QUALIFIERS = (
    "dans le quartier {quartier}",
    "aux abords des établissements scolaires du quartier {quartier}",
    "avec les bailleurs sociaux du quartier {quartier}",
    "en soirée et la nuit dans le quartier {quartier}",
    "avec les commerçants et les riverains du quartier {quartier}",
    "pendant la période estivale dans le quartier {quartier}",
)
PARIS_QUALIFIERS = (
    "à l’échelle parisienne",
    "dans les quartiers populaires",
    "dans les transports en commun et les gares",
    "en lien avec les mairies d’arrondissement",
    "avec le tissu associatif parisien",
    "au sein du Conseil parisien de sécurité et de prévention de la délinquance",
)
PARTNERS = (
    "Ville de Paris",
    "Préfecture de Police",
    "Parquet de Paris",
    "Éducation Nationale",
    "Préfecture de Paris",
    "l’ensemble du secteur associatif",
)


@dataclass
class Vocabulary:
    """What the bundled dataset offers: themes, action titles with their themes, priority titles."""

    themes: list[cppsctl.Theme]
    actions: list[tuple[str, tuple[str, ...]]]
    priorities: list[str]

    @classmethod
    def bundled(cls) -> Vocabulary:
        dataset = cppsctl.load()
        actions = sorted({(a.title, a.themes) for a in dataset.actions})
        priorities = sorted({p.title for c in dataset.contracts for p in c.priorities})
        return cls(themes=list(dataset.themes), actions=actions, priorities=priorities)


GeneratedAction = tuple[str, tuple[str, ...], list[str], list[str]]
"""Title, themes, declines, continues."""


@dataclass
class Contract:
    id: str
    kind: str
    arrondissement: int | None
    start: int
    end: int
    priorities: list[list[GeneratedAction]] = field(default_factory=list)  # the actions of each priority


# Period starts, the most recent first, all within the schema's 1990-2100.
PERIOD_STARTS = [*range(2022, 1989, -PERIOD_YEARS), *range(2027, 2100 - PERIOD_YEARS + 2, PERIOD_YEARS)]


def periods(count: int) -> list[tuple[int, int]]:
    """The ``count`` most recent five-year periods, in chronological order."""
    return sorted((start, start + PERIOD_YEARS - 1) for start in PERIOD_STARTS[:count])


def plan_contracts(n_actions: int) -> list[Contract]:
    """The contracts, period by period: the CPPS first, then the CPSA of arrondissements 1 to 20.

    Beyond what the periods of 1990-2100 hold, contracts grow past 200 actions.
    """
    per_period = 1 + len(ARRONDISSEMENTS)
    n_contracts = min(max(1, math.ceil(n_actions / ACTIONS_PER_CONTRACT)), per_period * len(PERIOD_STARTS))
    contracts: list[Contract] = []
    for start, end in periods(math.ceil(n_contracts / per_period)):
        contracts.append(Contract(f"cpps-{start}-{end}", "CPPS", None, start, end))
        contracts.extend(Contract(f"cpsa-{a}-{start}-{end}", "CPSA", a, start, end) for a in ARRONDISSEMENTS)
    return contracts[:n_contracts]


def split(total: int, parts: int) -> list[int]:
    """``total`` as ``parts`` sizes that differ by at most one."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def generate(n_actions: int, seed: int) -> tuple[Vocabulary, list[Contract]]:
    rng = random.Random(seed)
    vocab = Vocabulary.bundled()
    contracts = plan_contracts(n_actions)
    sizes = split(n_actions, len(contracts))
    cpps_of: dict[int, Contract] = {}  # start year -> the CPPS of that period
    previous: dict[int, Contract] = {}  # arrondissement -> its latest CPSA
    for contract, size in zip(contracts, sizes, strict=True):
        n_priorities = max(1, min(PRIORITIES_PER_CONTRACT, size))
        for p_size in split(size, n_priorities):
            actions: list[GeneratedAction] = []
            for _ in range(p_size):
                title, themes = rng.choice(vocab.actions)
                if contract.arrondissement is None:
                    qualifier = rng.choice(PARIS_QUALIFIERS)
                else:
                    quartier = rng.choice(QUARTIERS[contract.arrondissement])
                    qualifier = rng.choice(LOCAL_QUALIFIERS).format(quartier=quartier)
                actions.append((f"{title} {qualifier}", themes, [], []))
            contract.priorities.append(actions)
        if contract.kind == "CPPS":
            cpps_of[contract.start] = contract
        else:
            assert contract.arrondissement is not None
            _link(rng, contract, cpps_of.get(contract.start), previous.get(contract.arrondissement))
            previous[contract.arrondissement] = contract
    return vocab, contracts


def _action_ids(contract: Contract) -> list[str]:
    return [
        f"{contract.id}/{p}.{a}" for p, actions in enumerate(contract.priorities, 1) for a in range(1, len(actions) + 1)
    ]


def _link(rng: random.Random, contract: Contract, cpps: Contract | None, predecessor: Contract | None) -> None:
    """Let a few actions decline an action of the period's CPPS and continue one of the previous CPSA."""
    cpps_ids = _action_ids(cpps) if cpps else []
    previous_ids = _action_ids(predecessor) if predecessor else []
    for actions in contract.priorities:
        for _, _, declines, continues in actions:
            if cpps_ids and rng.random() < LINK_SHARE:
                declines.append(rng.choice(cpps_ids))
            if previous_ids and rng.random() < LINK_SHARE:
                continues.append(rng.choice(previous_ids))


def toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, and no title holds a DEL character."""
    assert "\x7f" not in text
    return json.dumps(text, ensure_ascii=False)


def toml_list(items: list[str] | tuple[str, ...]) -> str:
    return "[" + ", ".join(toml_string(i) for i in items) + "]"


def write_toml(vocab: Vocabulary, contracts: list[Contract], out: Path, seed: int) -> None:
    rng = random.Random(seed + 1)
    with open(out, "w", encoding="utf-8") as handle:
        handle.writelines(_header_lines(vocab, contracts, seed))
        for contract in contracts:
            handle.writelines(_contract_lines(vocab, contract, rng))


def write_folder(vocab: Vocabulary, contracts: list[Contract], out: Path, seed: int) -> list[Path]:
    """The same dataset as :func:`write_toml`, as a folder: the vocabulary, then one file per period."""
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.toml"):
        stale.unlink()
    rng = random.Random(seed + 1)  # drawn contract after contract, as in the single file
    written = [out / "0-vocabulary.toml"]
    written[0].write_text("".join(_header_lines(vocab, contracts, seed)), encoding="utf-8")
    by_period: dict[tuple[int, int], list[Contract]] = {}
    for contract in contracts:
        by_period.setdefault((contract.start, contract.end), []).append(contract)
    for (start, end), group in by_period.items():  # chronological, as file names sort
        path = out / f"contracts-{start}-{end}.toml"
        with open(path, "w", encoding="utf-8") as handle:
            count = sum(len(a) for c in group for a in c.priorities)
            handle.write(f"# Synthetic contracts of {start}-{end} (benchmarks/generate.py): {count} actions.\n")
            handle.write("format_version = 1\n")
            for contract in group:
                handle.writelines(_contract_lines(vocab, contract, rng))
        written.append(path)
    return written


def _header_lines(vocab: Vocabulary, contracts: list[Contract], seed: int) -> Iterator[str]:
    total = sum(len(a) for c in contracts for a in c.priorities)
    yield f"# Synthetic dataset written by benchmarks/generate.py: {total} actions, seed {seed}.\n"
    yield "format_version = 1\n"
    for theme in vocab.themes:
        yield f"\n[[themes]]\nid = {toml_string(theme.id)}\n"
        yield f"label_fr = {toml_string(theme.label_fr)}\nlabel_en = {toml_string(theme.label_en)}\n"
    yield '\n[[sources]]\nid = "synthetic"\nurl = "https://example.org/cppsctl/synthetic"\n'
    yield 'kind = "third-party-copy"\nnote = "Generated by benchmarks/generate.py; not real contracts."\n'


def _contract_lines(vocab: Vocabulary, contract: Contract, rng: random.Random) -> Iterator[str]:
    count = sum(len(a) for a in contract.priorities)
    name = (
        "Contrat Parisien de Prévention et de Sécurité"
        if contract.kind == "CPPS"
        else "Contrat de Prévention et de Sécurité d’Arrondissement"
    )
    yield f"\n[[contracts]]\nid = {toml_string(contract.id)}\nkind = {toml_string(contract.kind)}\n"
    yield f"name = {toml_string(name)}\n"
    if contract.arrondissement is not None:
        yield f"arrondissement = {contract.arrondissement}\n"
    signed = f"{contract.start}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    yield f"start_year = {contract.start}\nend_year = {contract.end}\nsigned_on = {toml_string(signed)}\n"
    yield f"declared_action_count = {count}\npartners = {toml_list(list(PARTNERS))}\n"
    yield 'sources = ["synthetic"]\n'
    yield f'\n[[contracts.events]]\ndate = {toml_string(signed)}\nlabel = "Signature du contrat"\n'
    for number, actions in enumerate(contract.priorities, 1):
        title = vocab.priorities[(number - 1) % len(vocab.priorities)]
        yield f"\n[[contracts.priorities]]\nnumber = {number}\ntitle = {toml_string(title)}\n"
        yield f"declared_action_count = {len(actions)}\n"
        for title, themes, declines, continues in actions:
            yield f"\n[[contracts.priorities.actions]]\ntitle = {toml_string(title)}\n"
            yield f"themes = {toml_list(themes)}\n"
            if declines:
                yield f"declines = {toml_list(declines)}\n"
            if continues:
                yield f"continues = {toml_list(continues)}\n"


def write_json(toml_path: Path, out: Path) -> None:
    """Every action as ``cppsctl actions --format json`` prints it (same records, same indentation)."""
    dataset = cppsctl.load(toml_path)
    records = [action_record(dataset, a) for a in dataset.actions]
    out.write_text(json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("n_actions", type=int, help="number of fiches-actions to write")
    parser.add_argument("out", type=Path, help="the TOML file to write (with --folder: the folder)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write every action as JSON, for jq")
    parser.add_argument("--folder", action="store_true", help="write OUT as a folder: one file per period")
    args = parser.parse_args(argv)
    if args.n_actions < 1:
        parser.error("n_actions must be at least 1")
    vocab, contracts = generate(args.n_actions, args.seed)
    if args.folder:
        write_folder(vocab, contracts, args.out, args.seed)
    else:
        write_toml(vocab, contracts, args.out, args.seed)
    if args.json is not None:
        write_json(args.out, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
