"""Invariants of the library, as hypothesis properties over generated datasets."""

from __future__ import annotations

import os
import unicodedata
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cppsctl
from cppsctl.analysis.filters import filter_actions
from cppsctl.analysis.search import search
from cppsctl.dataset.load import from_data
from cppsctl.stem import probe, split_elision, stem
from cppsctl.text import words
from tests.strategies import datasets, titles

PROPERTIES = settings(
    max_examples=int(os.environ.get("CPPSCTL_PROPERTY_CASES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@PROPERTIES
@given(data=datasets())
def test_generated_datasets_are_valid(data: dict[str, Any]) -> None:
    dataset = from_data(data)
    assert len(dataset.contracts) == len(data["contracts"])


@PROPERTIES
@given(data=datasets(), how=st.sampled_from([str.upper, str.lower, str.casefold, strip_accents, str.title]))
def test_search_finds_every_action_by_its_own_title(data: dict[str, Any], how: Any) -> None:
    dataset = from_data(data)
    for action in dataset.actions:
        query = how(action.title)
        if not words(query):
            continue  # a title of punctuation only has nothing to search for
        assert action.id in {h.id for h in search(dataset, query)}, (action.title, query)


@PROPERTIES
@given(title=titles)
def test_stem_is_idempotent_on_the_words_of_titles(title: str) -> None:
    for word in words(title):
        bare = split_elision(word)[1]
        assert stem(stem(bare)) == stem(bare)
        assert bare.startswith(probe(stem(bare)))


@PROPERTIES
@given(data=datasets(), pick=st.data())
def test_actions_search_finds_what_search_finds(data: dict[str, Any], pick: st.DataObject) -> None:
    """From an action's own words, some dropped and some given a plural: both ways find the same actions."""
    dataset = from_data(data)
    actions = list(dataset.actions)
    if not actions:
        return
    action = pick.draw(st.sampled_from(actions))
    own = words(action.title)
    if not own:
        return
    chosen = pick.draw(st.lists(st.sampled_from(own), min_size=1, max_size=4))
    plural = pick.draw(st.lists(st.booleans(), min_size=len(chosen), max_size=len(chosen)))
    text = " ".join(w + "s" if p else w for w, p in zip(chosen, plural, strict=True))
    found = [a.id for a in filter_actions(dataset, text=text)]
    assert sorted(found) == sorted(h.id for h in search(dataset, text, kinds=["action"]))
    if not any(plural):
        assert action.id in found


@PROPERTIES
@given(
    data=datasets(),
    themes=st.lists(st.sampled_from(["youth", "night-life", "victims"]), max_size=2, unique=True),
    priorities=st.lists(st.integers(1, 3), max_size=2, unique=True),
    scope=st.lists(st.sampled_from([None, 11]), max_size=1),
    year=st.none() | st.integers(1999, 2015),
)
def test_filters_compose(
    data: dict[str, Any], themes: list[str], priorities: list[int], scope: list[int | None], year: int | None
) -> None:
    dataset = from_data(data)
    a = set(filter_actions(dataset, themes=themes, priorities=priorities))
    b = set(filter_actions(dataset, arrondissements=scope, active_in=year))
    both = filter_actions(dataset, themes=themes, priorities=priorities, arrondissements=scope, active_in=year)
    assert set(both) == a & b
    assert both == [x for x in dataset.actions if x in a and x in b]  # dataset order kept


@PROPERTIES
@given(data=datasets())
def test_contract_counts_and_completeness_text(data: dict[str, Any]) -> None:
    for contract in from_data(data).contracts:
        assert contract.action_count == sum(len(p.actions) for p in contract.priorities)
        if contract.complete:
            assert contract.completeness.startswith(f"{contract.action_count} action")
        else:
            assert contract.completeness == (
                f"{contract.action_count} of {contract.declared_action_count} actions known"
            )


def test_bundled_dataset_search_by_own_title(dataset: cppsctl.Dataset) -> None:
    for action in dataset.actions:
        for query in (action.title.upper(), strip_accents(action.title).lower()):
            assert action.id in {h.id for h in search(dataset, query)}
