"""Folding for search: the batch keys find exactly what the word-by-word rule finds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import cppsctl
from cppsctl.analysis.search import matches
from cppsctl.text import match_keys, words

# Letters with and without accents, ligatures, apostrophes, spaces of every kind, line breaks, digits, marks.
ALPHABET = st.sampled_from(list("abcdeéèêëEÉÈœŒæßﬁ’‘ʼ`´′'\" \u00a0\u202f\t\n\r_-.,;:«»()0123456789\u0301\u0327İıΣσς"))
TEXT = st.text(alphabet=ALPHABET, max_size=30) | st.text(max_size=20)


@given(st.lists(TEXT, max_size=8), TEXT)
def test_match_keys_agree_with_matches(titles: list[str], query: str) -> None:
    keys = match_keys(titles)
    assert len(keys) == len(titles)
    query_words = words(query)
    for title, key in zip(titles, keys, strict=True):
        assert all(w in key for w in query_words) == matches(query_words, title)
        for word in words(title):
            assert word in key


def test_match_keys_of_nothing() -> None:
    assert match_keys([]) == []
    assert match_keys([""]) == [""]


def test_filter_and_search_find_what_the_word_rule_finds(dataset: cppsctl.Dataset) -> None:
    for text in ("stupéfiants", "STUPEFIANTS", "l’espace public", "delinquance jeunes", "oeuvre", "zzz"):
        query = words(text)
        expected = [a.id for a in dataset.actions if matches(query, a.title)]
        assert [a.id for a in cppsctl.filter_actions(dataset, text=text)] == expected
        hits = [h.id for h in cppsctl.search(dataset, text, kinds=["action"])]
        assert sorted(hits) == sorted(expected)


def test_match_keys_in_several_batches() -> None:
    titles = [f"Prévenir la récidive n°{i}\n{'œ' * (i % 3)}" for i in range(4500)]
    keys = match_keys(titles)
    assert len(keys) == len(titles)
    assert keys[4499] == "prevenir la recidive n°4499 " + "oe" * (4499 % 3)
    assert all(matches(words(t), t) and all(w in k for w in words(t)) for t, k in zip(titles, keys, strict=True))
