"""Ranked search over contract names, priority titles and action titles.

**Matching.** Titles and queries are folded (:func:`cppsctl.text.words`:
case, accents, ligatures, apostrophe styles and spaces never matter), and
every word of the query must match a word of the title (AND). A query word
matches a title word, with its elision set apart (``l'espace`` is ``l'`` and
``espace``, :func:`cppsctl.stem.split_elision`):

* ``exact``: the same bare word (``espace`` matches ``l'espace``);
* ``stem``: the same stem (:func:`cppsctl.stem.stem`: ``ventes`` matches
  ``vente``, ``sociaux`` matches ``sociale``);
* ``prefix``: the title word starts with the query word, for query words of
  3 letters or more (``noct`` matches ``nocturne``; ``jeunes`` matches ``jeunesse``).

A query word typed with an elision (``l'espace``) matches only title words
with that elision; a stopword of the query (``la``, ``des``, ``contre``...,
:data:`cppsctl.stem.STOPWORDS`) matches only itself, by no stem or prefix.
``actions --search`` (:func:`cppsctl.analysis.filters.filter_actions`) uses
this same rule.

**Ranking** (:func:`search`). Okapi BM25 over the titles searched, with the
query's words other than stopwords as terms (all of them when it has only
stopwords): for each term *t* and title *d*,

    idf(t) = ln(1 + (N - df(t) + 0.5) / (df(t) + 0.5))
    score(d) = sum over t of idf(t) * tf * (K1 + 1) / (tf + K1 * (1 - B + B * len(d) / avglen))

where N is the number of titles searched, df(t) the number of them with a
word matching *t*, tf the number of words of *d* matching *t* (a prefix match
counts :data:`PREFIX_WEIGHT`), and len(d) the length of the folded title in
characters, avglen its mean over the N titles (characters rather than words:
a cheap, exact measure that is proportional to the word count on titles).
Then the score is multiplied by ``1 + PHRASE_BONUS`` when the query has
several words and the title holds them adjacent and in order, and by
``1 + START_BONUS`` when the title's first word matches the query's first
word. Rounded to 4 decimals; ties keep dataset order.

**Speed.** Every title is folded once, in batches (:func:`match_keys`); a
title whose folded text lacks a term's probe (its stem less the letters a
rule may have written, :func:`cppsctl.stem.probe`) cannot match that term and
is discarded by a substring test before any word is looked at, so the cost
grows with the titles that contain the words, linearly with the dataset.
The stemmer is imported only here, when a search runs.
"""

import math
from collections.abc import Iterable, Sequence
from typing import Literal, NamedTuple

from cppsctl.errors import UsageError
from cppsctl.model import Dataset
from cppsctl.text import key_words, match_keys, words

SearchKind = Literal["contract", "priority", "action"]
MatchHow = Literal["exact", "stem", "prefix"]

K1 = 1.2
"""BM25 term-frequency saturation: the usual value; titles rarely repeat a word, so it matters little."""
B = 0.75
"""BM25 length normalisation: the usual value; a short title that holds the words ranks above a long one."""
PREFIX_WEIGHT = 0.5
"""What a title word that only starts with the query word counts in tf (an exact or stem match counts 1)."""
PHRASE_BONUS = 0.5
"""Extra share of the score when the title holds the query's words adjacent and in order."""
START_BONUS = 0.25
"""Extra share of the score when the title's first word matches the query's first word."""
MIN_PREFIX = 3
"""Query words shorter than this match by no prefix (``a`` does not match ``action``)."""


class Match(NamedTuple):
    """Why a hit matched one query word: ``Match("ventes", "vente", "stem")``."""

    query: str  # the query word, folded
    title_word: str  # the title word it matched, folded, with its elision (l'espace)
    how: MatchHow


class Hit(NamedTuple):
    """One search result: what was found, where, how well and why it matched.

    A named tuple, not a dataclass: see :class:`cppsctl.errors.Problem`.
    ``matched`` has one :class:`Match` per distinct query word, in query order.
    """

    kind: SearchKind
    id: str
    contract_id: str
    title: str
    score: float
    matched: tuple[Match, ...] = ()


class Term:
    """One distinct word of a query, with what matching it needs: elision, stem, probe."""

    __slots__ = ("_seen", "bare", "elision", "probe", "stem", "stop", "word")

    def __init__(self, word: str) -> None:
        from cppsctl import stem

        self.word = word
        self.elision, self.bare = stem.split_elision(word)
        self.stop = self.bare in stem.STOPWORDS
        self.stem = stem.stem(self.bare)
        lead = f"{self.elision}'" if self.elision else ""
        self.probe = lead + (self.bare if self.stop else stem.probe(self.stem))
        """In the folded text of every title with a word matching this term."""
        self._seen: dict[str, MatchHow | None] = {}

    def how(self, title_word: str) -> MatchHow | None:
        """How ``title_word`` (folded) matches this term, or None (remembered: titles share their words)."""
        try:
            return self._seen[title_word]
        except KeyError:
            found = self._seen[title_word] = self._how(title_word)
            return found

    def _how(self, title_word: str) -> MatchHow | None:
        from cppsctl import stem

        elision, bare = stem.split_elision(title_word)
        if self.elision and elision != self.elision:
            return None
        if bare == self.bare:
            return "exact"
        if self.stop:
            return None
        if stem.stem(bare) == self.stem:
            return "stem"
        if len(self.bare) >= MIN_PREFIX and bare.startswith(self.bare):
            return "prefix"
        return None

    def matches_any(self, title_words: Iterable[str]) -> bool:
        return any(self.how(w) for w in title_words)


class Query:
    """The words of a search text and the matching rule of this module; a usage error if it has none."""

    def __init__(self, text: str) -> None:
        self.words = words(text)
        if not self.words:
            raise UsageError("empty search: give at least one word")
        self.terms = tuple(Term(w) for w in dict.fromkeys(self.words))
        self.term = {t.word: t for t in self.terms}
        self.scored = tuple(t for t in self.terms if not t.stop) or self.terms

    def matches(self, title_words: Sequence[str]) -> bool:
        """Whether every word of the query matches one of ``title_words`` (folded)."""
        return all(t.matches_any(title_words) for t in self.terms)

    def select(self, keys: Sequence[str]) -> list[int]:
        """The positions of the keys (of :func:`match_keys`) whose titles match, in order."""
        chosen = _with_probes(range(len(keys)), keys, self.terms)
        return [i for i in chosen if self.matches(key_words(keys[i]))]


def _with_probes(chosen: Iterable[int], keys: Sequence[str], terms: Iterable[Term]) -> list[int]:
    """The positions among ``chosen`` whose keys hold every term's probe: longest (rarest) probe first."""
    found = list(chosen)
    for probe in sorted({t.probe for t in terms}, key=len, reverse=True):
        found = [i for i in found if probe in keys[i]]
    return found


def matches(query_words: Sequence[str], title: str) -> bool:
    """Whether every query word matches a word of the title (the rule of this module's docstring)."""
    return not query_words or Query(" ".join(query_words)).matches(words(title))


def search(dataset: Dataset, text: str, *, kinds: Iterable[SearchKind] = ()) -> list[Hit]:
    """Ranked search over contract names, priority titles and action titles.

    Case, accents, ligatures, apostrophe styles, kinds of space and French
    inflections never matter, and every word of ``text`` must match (see the
    module's docstring for the rule and the BM25 score). Best first; ties keep
    dataset order.
    """
    query = Query(text)
    wanted = set(kinds) or {"contract", "priority", "action"}
    candidates: list[tuple[SearchKind, str, str, str]] = []  # kind, id, contract id, title; in dataset order
    for contract in dataset.contracts:
        if "contract" in wanted:
            candidates.append(("contract", contract.id, contract.id, f"{contract.name} {contract.period}"))
        for priority in contract.priorities:
            if "priority" in wanted:
                candidates.append(("priority", priority.id, contract.id, priority.title))
            if "action" in wanted:
                candidates.extend(("action", a.id, contract.id, a.title) for a in priority.actions)
    if not candidates:
        return []
    keys = match_keys([title for _, _, _, title in candidates])
    tokens: dict[int, list[str]] = {}

    def title_words(i: int) -> list[str]:
        found = tokens.get(i)
        if found is None:
            found = tokens[i] = key_words(keys[i])
        return found

    count = len(keys)
    idf: dict[str, float] = {}
    chosen: set[int] | None = None
    for term in query.scored:  # df needs every title with the term, not only those with all terms
        having = {i for i in _with_probes(range(count), keys, [term]) if term.matches_any(title_words(i))}
        idf[term.word] = math.log(1 + (count - len(having) + 0.5) / (len(having) + 0.5))
        chosen = having if chosen is None else chosen & having
    assert chosen is not None  # a query has at least one scored term
    rest = [t for t in query.terms if t.word not in idf]
    hits_at = [i for i in _with_probes(sorted(chosen), keys, rest) if all(t.matches_any(title_words(i)) for t in rest)]
    mean_length = sum(map(len, keys)) / count or 1.0
    hits = []
    for i in hits_at:
        kind, ident, contract_id, title = candidates[i]
        score, matched = _score(query, title_words(i), idf, len(keys[i]) / mean_length)
        hits.append(Hit(kind, ident, contract_id, title, score, matched))
    hits.sort(key=lambda h: -h.score)
    return hits


_WEIGHT: dict[MatchHow | None, float] = {"exact": 1.0, "stem": 1.0, "prefix": PREFIX_WEIGHT, None: 0.0}
_PREFERENCE: dict[MatchHow, int] = {"exact": 0, "stem": 1, "prefix": 2}


def _score(
    query: Query, title_words: Sequence[str], idf: dict[str, float], relative_length: float
) -> tuple[float, tuple[Match, ...]]:
    """The score of a title that matches the query (module docstring), and why each query word matched."""
    score = 0.0
    norm = K1 * (1 - B + B * relative_length)
    matched = []
    for term in query.terms:
        hows = [term.how(w) for w in title_words]
        if term.word in idf:
            tf = sum(_WEIGHT[h] for h in hows)
            score += idf[term.word] * tf * (K1 + 1) / (tf + norm)
        best = min((j for j, h in enumerate(hows) if h), key=lambda j: _PREFERENCE[hows[j] or "prefix"])
        matched.append(Match(term.word, title_words[best], hows[best] or "prefix"))
    first = query.term[query.words[0]]
    if first.how(title_words[0]):
        score *= 1 + START_BONUS
    if len(query.words) > 1 and _holds_phrase(query, title_words):
        score *= 1 + PHRASE_BONUS
    return round(score, 4), tuple(matched)


def _holds_phrase(query: Query, title_words: Sequence[str]) -> bool:
    """Whether the title has the query's words adjacent and in order, each matching by the rule."""
    terms = [query.term[w] for w in query.words]
    last = len(title_words) - len(terms)
    return any(all(t.how(title_words[j + n]) for n, t in enumerate(terms)) for j in range(last + 1))
