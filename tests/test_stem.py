"""The French stemmer: its rules as documented, on the dataset's own words, and only where search needs it."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cppsctl
from cppsctl import stem as stem_module
from cppsctl.stem import RULES, probe, split_elision, stem
from cppsctl.text import words
from tests.test_imports import modules_after


def folded_stem(word: str) -> str:
    (only,) = words(word)
    return stem(split_elision(only)[1])


@pytest.mark.parametrize(
    "forms",
    [
        ("vente", "ventes"),
        ("jeune", "jeunes"),
        ("espace", "espaces", "l’espace"),
        ("aide", "aides", "d’aide", "d’aides"),
        ("social", "sociale", "sociaux", "sociales"),
        ("municipale", "municipal", "municipaux"),
        ("mineur", "mineure", "mineurs"),
        ("majeures", "majeurs"),
        ("public", "publique", "publics", "publiques"),
        ("lutte", "lutter", "luttes"),
        ("accompagner", "accompagnement", "accompagnée", "accompagnements"),
        ("sécuriser", "sécurisation", "sécurisée"),
        ("apaisée", "apaiser", "apaisement"),
        ("quartier", "quartiers"),
        ("particulier", "particulière", "particuliers"),
        ("préventif", "préventive", "préventifs"),
        ("addictives", "addictif"),
        ("réseau", "réseaux"),
        ("nouvelle", "nouvel"),
        ("parisien", "parisienne"),
        ("directeur", "directrice", "directeurs"),
        ("vendeur", "vendeuse"),
        ("dangereux", "dangereuse"),
        ("jeu", "jeux"),
        ("zone", "zones"),
        ("violence", "violences"),
        ("établissement", "établissements"),
        ("Œuvre", "oeuvres"),
    ],
)
def test_inflections_conflate(forms: tuple[str, ...]) -> None:
    assert len({folded_stem(f) for f in forms}) == 1, {f: folded_stem(f) for f in forms}


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("police", "politique"),
        ("police", "policier"),
        ("mineurs", "mines"),
        ("sécurité", "sécurisation"),
        ("sécurité", "sécuritaire"),
        ("prévention", "prévenir"),
        ("prévention", "préventif"),
        ("jeunes", "jeunesse"),
        ("nouveau", "nouvelle"),
        ("rue", "ru"),
        ("une", "un"),
        ("des", "de"),
        ("les", "le"),
        ("14e", "14"),
        ("stress", "stres"),
        ("nation", "nationale"),
    ],
)
def test_distinct_words_stay_apart(one: str, other: str) -> None:
    assert folded_stem(one) != folded_stem(other)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("ventes", "vent"),
        ("sauvette", "sauvet"),
        ("reseaux", "reseau"),
        ("sociaux", "social"),
        ("faux", "faux"),  # too short for aux -> al
        ("rue", "rue"),
        ("rues", "rue"),
        ("mer", "mer"),
        ("gerer", "gerer"),  # er needs 4 letters before it
        ("generation", "gener"),
        ("directrice", "directeu"),
        ("14eme", "14eme"),
        ("aujourd'hui", "aujourd'hui"),
        ("", ""),
    ],
)
def test_stems(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_elisions() -> None:
    assert split_elision("l'espace") == ("l", "espace")
    assert split_elision("qu'il") == ("qu", "il")
    assert split_elision("jusqu'au") == ("jusqu", "au")
    assert split_elision("aujourd'hui") == ("", "aujourd'hui")
    assert split_elision("espace") == ("", "espace")
    assert split_elision("d'l'espace") == ("d", "l'espace")


def test_the_rule_table_of_the_docstring_is_the_rule_set() -> None:
    doc = stem_module.__doc__ or ""
    rows = re.findall(r"^``(\w+)``\s+(?:``(\w+)``|\(dropped\))\s+(\d)\s", doc, re.MULTILINE)
    assert [(suffix, replacement, int(keep)) for suffix, replacement, keep in rows] == list(RULES)


def test_every_rule_shortens_the_word() -> None:
    """Which is why applying them until none fits ends."""
    assert all(len(replacement) < len(suffix) for suffix, replacement, _ in RULES)


def dataset_words(dataset: cppsctl.Dataset) -> set[str]:
    titles = [a.title for a in dataset.actions]
    titles += [p.title for c in dataset.contracts for p in c.priorities]
    titles += [c.name for c in dataset.contracts] + [t.label_fr for t in dataset.themes]
    return {split_elision(w)[1] for t in titles for w in words(t)}


def test_on_every_word_of_the_dataset(dataset: cppsctl.Dataset) -> None:
    found = dataset_words(dataset)
    assert len(found) > 150
    for word in found:
        stemmed = stem(word)
        assert stem(stemmed) == stemmed, word
        assert word.startswith(probe(stemmed)), word
        assert len(stemmed) >= min(len(word), 3), word  # no rule leaves fewer than 3 letters
    assert len({stem(w) for w in found}) < len(found)  # some conflate...
    assert len({stem(w) for w in found}) > 0.8 * len(found)  # ...but most words keep a stem of their own


LETTERS = st.text(alphabet="abcdeilmnorstuvxéèç'0", min_size=0, max_size=8)
SUFFIXES = st.lists(st.sampled_from([s for s, _, _ in RULES] + ["ss", "teur", "al", "ic", "if", "eu"]), max_size=3)
WORDS = st.builds(lambda root, ends: root + "".join(ends), LETTERS, SUFFIXES) | st.text(max_size=12)


@given(WORDS)
def test_stem_is_idempotent(word: str) -> None:
    assert stem(stem(word)) == stem(word)


@given(WORDS)
def test_every_word_starts_with_the_probe_of_its_stem(word: str) -> None:
    """What lets search discard a title by a substring test: no title with a word of that stem is lost."""
    assert word.startswith(probe(stem(word)))


def test_only_commands_that_search_load_the_stemmer() -> None:
    for command in (["list"], ["actions", "--theme", "youth"], ["themes"]):
        assert {"cppsctl.stem", "cppsctl.analysis.search"}.isdisjoint(modules_after(*command, "--format", "json"))
    assert "cppsctl.stem" in modules_after("search", "jeunes", "--format", "json")
    assert "cppsctl.stem" in modules_after("actions", "--search", "jeunes", "--format", "json")
