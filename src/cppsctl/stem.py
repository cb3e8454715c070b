"""A light French stemmer for search: plurals and the common inflections fold to one stem.

It works on words already folded by :func:`cppsctl.text.words` (lower case,
no accents, ``œ`` as ``oe``, one kind of apostrophe), so its rules are
written without accents: "sécurisée" arrives as ``securisee``.

Imported only by the commands that search (``search``, ``actions --search``,
a theme given by label): no other command loads it.

**Elisions.** ``l'espace`` is the elision ``l`` and the bare word ``espace``
(:func:`split_elision`, for the articles and pronouns in :data:`ELISIONS`);
the stemmer sees the bare word. Other apostrophes (``aujourd'hui``) stay in
the word.

**The rules**, in :data:`RULES`, are suffixes with a replacement and the
least number of characters that must stay before the suffix (which keeps
short words whole: ``rue``, ``une``, ``mer``). :func:`stem` applies the
first rule that fits, then again on the result, until none fits; so a stem
is a fixed point and ``stem(stem(w)) == stem(w)`` always holds. Every rule
makes the word shorter, so this ends. Words with a digit (``14eme``) are
kept as they are.

=========  ============  ====  ========================================================
suffix     becomes       keep  examples (folded)
=========  ============  ====  ========================================================
``eaux``   ``eau``       1     reseaux → reseau, bureaux → bureau
``aux``    ``al``        3     sociaux → social, municipaux → municipal (faux, taux kept)
``eux``    ``eu``        1     jeux → jeu, lieux → lieu, dangereux → dangereu
``oux``    ``ou``        1     bijoux → bijou
``s``      (dropped)     3     ventes → vente, actions → action; not after ``s`` (stress)
``trice``  ``teur``      3     directrice → directeur (→ directeu)
``euse``   ``eu``        3     vendeuse → vendeu, dangereuse → dangereu
``eur``    ``eu``        3     vendeur → vendeu, mineur → mineu (peur kept)
``ation``  (dropped)     4     occupation → occup, generation → gener (nation kept)
``ment``   (dropped)     4     accompagnement → accompagne (→ accompagn), logement → loge
``ique``   ``ic``        3     publique → public, politique → politic
``elle``   ``el``        1     nouvelle → nouvel, sexuelle → sexuel, belle → bel
``enne``   ``en``        1     parisienne → parisien, citoyenne → citoyen
``onne``   ``on``        1     personne → person, bonne → bon
``ette``   ``et``        1     muette → muet, cette → cet, sauvette → sauvet
``ive``    ``if``        3     preventive → preventif, addictive → addictif
``er``     (dropped)     4     lutter → lutt, renforcer → renforc, quartier → quarti (gerer kept)
``e``      (dropped)     3     vente → vent, locale → local, apaisee → apaise (→ apais)
=========  ============  ====  ========================================================

Rules apply again to what a rule left, so a stem may lose more than one
suffix: ``apaisee → apaise → apais → apai``, like ``apaiser → apais →
apai`` and ``apaisement → apaise → ...``; ``securisation → securis →
securi``, like ``securiser``.

So these conflate: vente, ventes; jeune, jeunes; social, sociale, sociaux;
mineur, mineure, mineurs; majeures, majeurs; public, publique, publics;
lutte, lutter, luttes; accompagner, accompagnement, accompagnée;
sécuriser, sécurisation, sécurisée; apaisée, apaiser, apaisement;
quartier, quartiers; particulier, particulière; préventif, préventive.

And these stay apart, on purpose: police (``polic``), policier (``polici``)
and politique (``politic``); mineurs (``mineu``) and mines (``min``);
sécurité (``securit``: a state) and sécurisation (``securis``: an act);
prévention, préventif and prévenir (only ``-ation`` nominalisations of
``-er`` verbs lose their ending; ``-tion`` after another letter and ``-ir``
verbs are kept); jeunes and jeunesse (though a search for ``jeunes`` finds
``jeunesse`` as a prefix); nouveau and nouvelle; travail and travaux.

Known over-conflations, rare in these titles and accepted for a short rule
set: parlement and parler, département and départ, formation and forme,
usage and usager, crise and cri.

**Probes.** :func:`probe` gives, for a stem, a string that every word with
that stem starts with: the stem less the letters a rule may have written
(the ``l`` of ``aux → al``, the ``c`` of ``ique → ic``, the ``f`` of
``ive → if`` and the ``eu`` of ``trice → teur → teu``). Search uses it to
discard, with a plain substring test on the folded titles, every title that
cannot hold a word of that stem.
"""

from __future__ import annotations

from functools import lru_cache

ELISIONS = frozenset({"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"})
"""Articles, pronouns and conjunctions that French elides before a vowel: ``l'``, ``d'``, ``qu'``..."""

STOPWORDS = frozenset(
    {
        "a", "au", "aux", "avec", "ce", "ces", "cet", "cette", "chez", "contre", "dans", "de", "des", "du",
        "en", "entre", "et", "il", "ils", "la", "le", "les", "leur", "leurs", "ne", "ni", "nous", "on",
        "ou", "par", "pas", "pour", "qu", "que", "qui", "sa", "sans", "se", "ses", "son", "sous", "sur",
        "un", "une", "vers", "vous", "y",
    }
)  # fmt: skip
"""Function words: a query's stopword must be in the title as it is (no stem, no prefix) and does not score."""

RULES: tuple[tuple[str, str, int], ...] = (
    ("eaux", "eau", 1),
    ("aux", "al", 3),
    ("eux", "eu", 1),
    ("oux", "ou", 1),
    ("s", "", 3),
    ("trice", "teur", 3),
    ("euse", "eu", 3),
    ("eur", "eu", 3),
    ("ation", "", 4),
    ("ment", "", 4),
    ("ique", "ic", 3),
    ("elle", "el", 1),
    ("enne", "en", 1),
    ("onne", "on", 1),
    ("ette", "et", 1),
    ("ive", "if", 3),
    ("er", "", 4),
    ("e", "", 3),
)
"""``(suffix, replacement, least characters kept before the suffix)``, tried in this order."""


def split_elision(word: str) -> tuple[str, str]:
    """``"l'espace"`` -> ``("l", "espace")``; a word without an elision -> ``("", word)``."""
    head, apostrophe, rest = word.partition("'")
    if apostrophe and rest and head in ELISIONS:
        return head, rest
    return "", word


def _step(word: str) -> str:
    """The word after the first rule that fits, or the word itself."""
    for suffix, replacement, keep in RULES:
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            if suffix == "s" and word.endswith("ss"):
                continue
            return word[: len(word) - len(suffix)] + replacement
    return word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem of a folded bare word (no elision): the rules applied until none fits."""
    if any(ch.isdigit() for ch in word):
        return word
    while (shorter := _step(word)) != word:
        word = shorter
    return word


def probe(stemmed: str) -> str:
    """A string that every word whose stem is ``stemmed`` starts with (see the module's docstring)."""
    if stemmed.endswith("teu"):
        return stemmed[:-2]
    if stemmed.endswith(("al", "ic", "if")):
        return stemmed[:-1]
    return stemmed
