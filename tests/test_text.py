"""Folding for search: the batch keys give exactly the words, and the fast selection finds what the word rule finds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import cppsctl
from cppsctl.analysis.search import Query, matches
from cppsctl.text import key_words, match_keys, words

# Letters with and without accents, ligatures, apostrophes, spaces of every kind, line breaks, digits, marks.
ALPHABET = st.sampled_from(list("abcdeéèêëEÉÈœŒæßﬁ’‘ʼ`´′'\" \u00a0\u202f\t\n\r_-.,;:«»()0123456789\u0301\u0327İıΣσς"))
TEXT = st.text(alphabet=ALPHABET, max_size=30) | st.text(max_size=20)
# Words the stemmer and the elisions act on, to build titles and queries that do match.
PIECES = st.sampled_from(
    ["vente", "ventes", "l'", "d’", "L’", "qu'", "espace", "espaces", "sociaux", "sociale", "mineurs", "mines",
     "jeunes", "jeunesse", "jeu", "la", "les", "de", "des", "a", "à", "Sécurisée", "sécuriser", "police",
     "politique", "aujourd'hui", "hui", "noct", "nocturne", "directrice", "directeur", "vie", "14e", " ", " ", "-"]
)  # fmt: skip
FRENCHISH = st.lists(PIECES, max_size=8).map(" ".join) | st.lists(PIECES, max_size=6).map("".join)


@given(st.lists(TEXT | FRENCHISH, max_size=8))
def test_match_keys_give_the_words(titles: list[str]) -> None:
    keys = match_keys(titles)
    assert len(keys) == len(titles)
    for title, key in zip(titles, keys, strict=True):
        assert key_words(key) == words(title)


@given(st.lists(TEXT | FRENCHISH, max_size=8), TEXT | FRENCHISH)
def test_selection_agrees_with_the_word_rule(titles: list[str], text: str) -> None:
    """The probes only discard titles that the rule would not match: the selection is the rule, faster."""
    if not words(text):
        return
    selected = Query(text).select(match_keys(titles))
    assert selected == [i for i, title in enumerate(titles) if matches(words(text), title)]


def test_match_keys_of_nothing() -> None:
    assert match_keys([]) == []
    assert match_keys([""]) == [""]


def test_filter_and_search_find_what_the_word_rule_finds(dataset: cppsctl.Dataset) -> None:
    for text in ("stupéfiants", "STUPEFIANTS", "l’espace public", "delinquance jeunes", "oeuvre", "zzz", "ventes"):
        query = words(text)
        expected = [a.id for a in dataset.actions if matches(query, a.title)]
        assert [a.id for a in cppsctl.filter_actions(dataset, text=text)] == expected
        hits = [h.id for h in cppsctl.search(dataset, text, kinds=["action"])]
        assert sorted(hits) == sorted(expected)
    assert [a.id for a in cppsctl.filter_actions(dataset, text="ventes")] != []  # the rule found something


def test_match_keys_in_several_batches() -> None:
    titles = [f"Prévenir la récidive n°{i}\n{'œ' * (i % 3)}" for i in range(4500)]
    keys = match_keys(titles)
    assert len(keys) == len(titles)
    assert keys[4499] == "prevenir la recidive n°4499 " + "oe" * (4499 % 3)
    assert all(key_words(k) == words(t) for t, k in zip(titles, keys, strict=True))
