"""Title similarity: how alike two fiche-action titles are, and which pairs of two lists reach a threshold.

Pure Python (no RapidFuzz): an IDF-weighted Dice coefficient over the
meaningful words of the titles, with accents, case, typography, French
function words and plural endings ignored. :func:`similar_pairs` finds every
pair at or above a threshold without scoring every pair (prefix filtering).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

from cppsctl.model import Action
from cppsctl.text import normalise_title, words

SIMILARITY_THRESHOLD = 0.42
"""Lowest title similarity (0 to 1, :func:`cppsctl.similarity.similarity`) at which unlinked actions pair.

Chosen on the bundled dataset, whose editorial links serve as the answer key.
Of the pairs of actions that a link joins one to one, the least similar
scores 0.47 (CPPS 1.4 "Prévenir la récidive des mineurs..." declined by the
11th's 2016 action 1.2); only the parts of a merge score lower. Of the pairs
that no link joins, the most similar pair of different actions scores 0.37
(CPPS 2.3 "Accompagner les victimes d’exploitation sexuelle" against the
11th's 2022 action 2.2 "Accompagner les victimes et développer les réseaux
d'aides aux victimes"). 0.42 is the middle of that gap. The one unlinked pair
above it is the same action under a new title: "Lutter contre les rixes et les
phénomènes de bande" (11th, 2022) against "Lutter contre la délinquance des
bandes" (CPPS 3.8), 0.54.
"""

STOPWORDS = frozenset((
    "a", "au", "aux", "avec", "ce", "ces", "cet", "cette", "d", "dans", "de", "des", "du", "en", "et", "l", "la", "le",
    "les", "leur", "leurs", "ou", "par", "pour", "qu", "que", "qui", "sa", "se", "ses", "son", "sur", "un", "une",
))  # fmt: skip
"""French function words, ignored by the title similarity."""


def title_tokens(title: str) -> frozenset[str]:
    """The words that carry meaning in a title: folded, without function words, plural ``s``/``x`` dropped."""
    tokens = set()
    for word in words(title):
        if word in STOPWORDS:
            continue
        if len(word) > 3 and word[-1] in "sx":
            word = word[:-1]
        tokens.add(word)
    return frozenset(tokens)


WEIGHT_SCALE = 1 << 20
"""Token weights are integers (the IDF times this), so that sums are exact whatever their order."""


class _Weights:
    """Inverse document frequencies of title tokens over a set of titles, as integers."""

    def __init__(self, documents: Sequence[frozenset[str]]) -> None:
        frequency: dict[str, int] = defaultdict(int)
        for tokens in documents:
            for token in tokens:
                frequency[token] += 1
        total = len(documents)
        self.frequency = dict(frequency)
        self.weight = {token: round(math.log(1 + total / count) * WEIGHT_SCALE) for token, count in frequency.items()}

    def total(self, tokens: Iterable[str]) -> int:
        return sum(self.weight[t] for t in tokens)

    def ordered(self, tokens: Iterable[str]) -> list[str]:
        """Rarest first: the global order prefix filtering relies on."""
        return sorted(tokens, key=lambda t: (self.frequency[t], t))


def _dice(a: frozenset[str], b: frozenset[str], weights: _Weights) -> float:
    denominator = weights.total(a) + weights.total(b)
    return 2 * weights.total(a & b) / denominator if denominator else 0.0


def similarity(left: str, right: str, corpus: Sequence[str] = ()) -> float:
    """Title similarity from 0 to 1; 1 for titles equal once typography, case and accents are folded.

    A Dice coefficient over :func:`title_tokens`, each token weighted by its
    inverse document frequency ``ln(1 + N / df)`` over the ``N`` titles of
    ``corpus`` and whichever of the two titles it lacks, so that words many
    titles share ("lutter", "prévenir") count for less than the ones that name
    the subject. :func:`cppsctl.compare.compare` uses the titles of both contracts as the corpus.
    """
    if normalise_title(left) == normalise_title(right):
        return 1.0
    titles = [*corpus, *(t for t in (left, right) if t not in corpus)]
    weights = _Weights([title_tokens(t) for t in titles])
    return _dice(title_tokens(left), title_tokens(right), weights)


def similar_pairs(
    left: Sequence[Action], right: Sequence[Action], threshold: float, corpus: Sequence[str] = ()
) -> list[tuple[float, Action, Action]]:
    """Every (score, left, right) at or above ``threshold``, without scoring all ``len(left) * len(right)`` pairs.

    The result is that of scoring every pair with :func:`similarity` over
    ``corpus`` (which must hold every title of both sides; default: those
    titles), found by *prefix filtering*: with the tokens of a title in a
    global order, rarest first, a pair can only reach ``threshold`` if the
    titles share one of the tokens outside the longest tail whose weight is
    below ``alpha`` of the title's weight, ``alpha = threshold / (2 -
    threshold)`` for the weighted Dice coefficient (the overlap must be at
    least that share of either title's weight). An inverted index of those
    prefix tokens gives the candidates, common words never enter it, and only
    the candidates are scored. Titles equal once normalised always pair, with
    the score 1.
    """
    actions = [*left, *right]
    tokens = [title_tokens(a.title) for a in actions]
    weights = _Weights([title_tokens(t) for t in corpus] if corpus else tokens)
    weight = weights.weight
    totals = [weights.total(t) for t in tokens]
    keys = [normalise_title(a.title) for a in actions]
    alpha = threshold / (2 - threshold)
    slack = 1e-9  # conservative: a rounding error can only add candidates

    def prefix(i: int) -> list[str]:
        remaining, floor = totals[i], alpha * totals[i] * (1 - slack)
        out = []
        for token in weights.ordered(tokens[i]):
            if remaining < floor:
                break
            out.append(token)
            remaining -= weight[token]
        return out

    index: dict[str, list[int]] = defaultdict(list)
    by_key: dict[str, list[int]] = defaultdict(list)
    for j in range(len(left), len(actions)):
        for token in prefix(j):
            index[token].append(j)
        by_key[keys[j]].append(j)
    found = []
    for i in range(len(left)):
        own, own_total = tokens[i], totals[i]
        same = set(by_key.get(keys[i], ()))
        candidates = {j for token in prefix(i) for j in index.get(token, ())} - same
        for j in same:
            found.append((1.0, actions[i], actions[j]))
        for j in candidates:
            score = 2 * sum(weight[t] for t in own & tokens[j]) / (own_total + totals[j])
            if score >= threshold:
                found.append((score, actions[i], actions[j]))
    return found
