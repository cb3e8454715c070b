"""The contracts encoded from ``shared/sources/leads/``, checked against those files.

The table below was written by reading each leads file: kind, scope, period,
signature date, declared count and the fiches-actions known. The second half
checks, when the leads folder is present, that every title and every erratum's
``original`` recorded for these contracts is text of the leads file it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from cppsctl.model import Contract, Dataset
from tests.conftest import SOURCES

LEADS = SOURCES / "leads"


@dataclass(frozen=True)
class Lead:
    file: str  # in shared/sources/leads/
    kind: str
    arrondissement: int | None
    start_year: int | None
    end_year: int | None
    signed_on: str | None
    declared_action_count: int | None
    priorities: tuple[int, ...]
    actions: tuple[str, ...]  # "P.N" of the fiches-actions whose title is known
    inferred: tuple[str, ...] = ()  # fields whose value is an inference, not read
    typography: str | None = None  # a supplement that re-read the page for its published typography
    signature_confirmed: bool = True  # False: announced for signature, no source confirms it


# Columns: file, kind, arrondissement, start_year, end_year, signed_on, declared_action_count,
# priorities, actions[, inferred, typography=, signature_confirmed=]. None: the lead does not give the value.
LEADS_TABLE: dict[str, Lead] = {
    "cps-2000": Lead("paris-cps-2000.md", "CPS", None, 2000, None, "2000-01-06", None, (), ()),
    "cps-2009": Lead("paris-cps-2009.md", "CPS", None, 2009, 2013, "2009-03-03", None, (), (), ("end_year",)),
    "cpps-2023-2026": Lead(
        "paris-cpps-2023-2026.md",
        "CPPS",
        None,
        2023,
        2026,
        None,
        31,
        (1, 2, 3),
        ("1.6", "2.6"),
        typography="paris-cpps-2023-2026-check.md",
    ),
    "cpsa-3": Lead(
        "paris-03-cpsa-period-unknown.md",
        "CPSA",
        3,
        None,
        None,
        None,
        None,
        (1, 2),
        ("1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2"),
        ("declines",),
    ),
    "csa-5-2010": Lead(
        "paris-05-csa-2010.md", "CSA", 5, 2010, None, "2010", None, (), (), ("signed_on", "start_year", "kind")
    ),
    "cls-6": Lead("paris-06-cls-undated.md", "CLS", 6, None, None, None, None, (), ()),
    "cpsa-6-2022-2026": Lead(
        "paris-06-cpsa-2022-2026.md",
        "CPSA",
        6,
        2022,
        2026,
        "2022-11-24",
        None,
        (),
        (),
        ("signed_on",),
        typography="paris-06-cpsa-2022-2026-supplement.md",
    ),
    "csa-7-2010": Lead(
        "paris-07-csa-2010.md",
        "CSA",
        7,
        2010,
        None,
        "2010-03-31",
        None,
        (),
        (),
        ("kind",),
        typography="paris-07-csa-2010-supplement.md",
    ),
    "cpsa-8-2022-2026": Lead("paris-08-cpsa-2022-2026.md", "CPSA", 8, 2022, 2026, "2023-05-17", None, (), ()),
    "cpsa-9": Lead("paris-09-cpsa-2016-2020.md", "CPSA", 9, None, None, None, None, (), ()),
    "cpsa-10-2017": Lead(
        "paris-10-cpsa-2017.md", "CPSA", 10, 2017, 2022, None, 17, (1, 2, 3), (), ("start_year", "end_year")
    ),
    "cls-12-2003": Lead("paris-12-cls-2003.md", "CLS", 12, 2003, None, "2003-05", None, (), ()),
    "cpsa-12-2016": Lead("paris-12-cpsa-2016.md", "CPSA", 12, None, None, None, None, (), ()),
    "cls-13-2003": Lead(
        "paris-13-cls-2003.md", "CLS", 13, 2003, None, None, None, (), (), ("start_year",), signature_confirmed=False
    ),
    "cpsa-14-2016-2020": Lead(
        "paris-14-cpsa-2016-2020.md",
        "CPSA",
        14,
        2016,
        2020,
        None,
        None,
        (1,),
        ("1.1", "1.2", "1.3"),
        ("start_year",),
        typography="paris-14-cpsa-2016-2020-supplement.md",
    ),
    "csa-17-2009": Lead("paris-17-csa-2009.md", "CSA", 17, 2009, None, "2009-05-14", None, (), (), ("kind",)),
    "cls-19-2003": Lead("paris-19-cls-2003.md", "CLS", 19, 2003, None, "2003-11-17", None, (), ()),
    "csa-19-2010": Lead("paris-19-csa-2010.md", "CSA", 19, 2010, None, "2010-04-01", None, (), (), ("kind",)),
    "cpsa-19-2016-2020": Lead(
        "paris-19-cpsa-2016-2020.md",
        "CPSA",
        19,
        2016,
        2020,
        "2016-05-10",
        None,
        (1, 2, 3),
        ("1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "3.1", "3.2"),
        ("start_year",),
        typography="paris-19-cpsa-2016-2020-supplement.md",
    ),
}


@dataclass(frozen=True)
class SourceLead:
    file: str  # the leads file that gives the address
    kind: str
    published_on: str | None = None
    updated_on: str | None = None
    printed: tuple[str, ...] = ()  # the date (and title) as that file prints them


# The sources added from the second pass (leads/INDEX.md, "Second pass"), each with the file that
# gives its address and how that file prints its date.
SECOND_PASS_SOURCES: dict[str, SourceLead] = {
    "cdp-2001-dpp-3": SourceLead(
        "paris-cps-2000-supplement.md", "council-record", "2001-07", printed=("2001, DPP 3", "Juillet 2001")
    ),
    "cdp-voeu-2001-70": SourceLead(
        "paris-cps-2000-supplement.md", "council-record", "2001-12", printed=("Vœu n° 70", "Décembre 2001")
    ),
    "mrc71-28885542": SourceLead(
        "paris-cps-2009-supplement.md", "political-group", "2009-03-10", printed=("sur 10 Mars 2009",)
    ),
    "doczz-5419795": SourceLead(
        "paris-cpps-2015-2020-supplement-2.md", "third-party-copy", printed=("TENUE LE LUNDI 02 MARS 2015",)
    ),
    "prg-paris12": SourceLead(
        "paris-cpps-2015-2020-supplement-2.md", "political-group", "2015-03-15", printed=("dimanche, 15 mars 2015",)
    ),
    "groupe-prgci-2015-03": SourceLead(
        "paris-cpps-2015-2020-supplement-2.md", "political-group", "2015-03", printed=("URL dated 2015/03",)
    ),
    "actionbarbes-tag-justice": SourceLead("paris-cpps-2015-2020-supplement-2.md", "association-blog"),
    "etiennedolet5eme-2011-12": SourceLead(
        "paris-05-csa-2010.md", "blog", "2011-12-12", printed=("lundi 12 décembre 2011",)
    ),
    "mairie06-9616": SourceLead(
        "paris-06-cls-undated.md", "official-page", updated_on="2016-11-18", printed=("Mise à jour le 18/11/2016",)
    ),
    "mairie09-8660": SourceLead(
        "paris-09-cpsa-2016-2020.md", "official-page", updated_on="2018-03-14", printed=("Mise à jour le 14/03/2018",)
    ),
    "mairie13-10654": SourceLead(
        "paris-13-cls-2003.md", "official-page", updated_on="2017-05-26", printed=("Mise à jour le 26/05/2017",)
    ),
}

# The dated events the second pass added: (contract, date, source).
SECOND_PASS_EVENTS = [
    ("cps-2000", "2000-04", "cdp-qoc-2000-580"),
    ("cps-2000", "2001-07", "cdp-2001-dpp-3"),
    ("cps-2000", "2001-12", "cdp-voeu-2001-70"),
    ("cps-2009", "2009-03-03", "mrc71-28885542"),
    ("cpps-2015-2020", "2015-03-02", "doczz-5419795"),
    ("cpsa-9", "2018-02-09", "mairie09-8660"),
    ("cls-13-2003", "2002", "mairie13-10654"),
]

ORIGINAL = ("cpps-2015-2020", "cpsa-11-2016-2020", "cpsa-11-2022-2026")
SUPPLEMENT = "paris-cpps-2015-2020-supplement.md"


def _contract(dataset: Dataset, contract_id: str) -> Contract:
    contract = dataset.find_contract(contract_id)
    assert contract is not None, f"{contract_id} is missing"
    return contract


def test_the_dataset_holds_the_original_and_the_leads_contracts(dataset: Dataset) -> None:
    assert sorted(dataset.contract_ids()) == sorted([*ORIGINAL, *LEADS_TABLE])


def test_contracts_are_grouped_paris_first_then_by_arrondissement(dataset: Dataset) -> None:
    keys = [(c.arrondissement is not None, c.arrondissement or 0) for c in dataset.contracts]
    assert keys == sorted(keys)
    paris = [c for c in dataset.contracts if c.arrondissement is None]
    assert [c.start_year for c in paris] == sorted(c.start_year or 0 for c in paris)


@pytest.mark.parametrize("contract_id", list(LEADS_TABLE))
def test_contract_facts(dataset: Dataset, contract_id: str) -> None:
    lead = LEADS_TABLE[contract_id]
    contract = _contract(dataset, contract_id)
    assert contract.kind == lead.kind
    assert contract.arrondissement == lead.arrondissement
    assert (contract.start_year, contract.end_year) == (lead.start_year, lead.end_year)
    assert (str(contract.signed_on) if contract.signed_on else None) == lead.signed_on
    assert contract.declared_action_count == lead.declared_action_count
    assert contract.signature_confirmed is lead.signature_confirmed
    assert contract.complete is False  # no lead lists every fiche-action
    assert tuple(p.number for p in contract.priorities) == lead.priorities
    assert tuple(a.id.split("/", 1)[1] for a in contract.actions) == lead.actions
    assert {i.field for i in contract.inferences} >= set(lead.inferred)
    declared = "?" if lead.declared_action_count is None else lead.declared_action_count
    assert contract.completeness == f"{len(lead.actions)} of {declared} actions known"


def test_cpps_2015_2020_supplement(dataset: Dataset) -> None:
    contract = _contract(dataset, "cpps-2015-2020")
    assert str(contract.signed_on) == "2015-05-05"
    assert "signed_on" in {i.field for i in contract.inferences}
    alternatives = {d.field: d for d in contract.discrepancies}
    assert (alternatives["declared_action_count"].value, alternatives["declared_action_count"].alternative) == (
        "32",
        "31",
    )
    assert alternatives["period"].alternative.startswith("2015-2017")
    assert (alternatives["pages"].value, alternatives["pages"].alternative) == ("168", "190")
    assert contract.declared_action_count == 32 and contract.complete


def test_discrepancies_between_sources(dataset: Dataset) -> None:
    def pairs(contract_id: str) -> set[tuple[str, str, str]]:
        return {(d.field, d.value, d.alternative) for d in _contract(dataset, contract_id).discrepancies}

    assert ("period", "2022-2026", "2023-2026") in pairs("cpsa-8-2022-2026")
    assert ("signatories", "Georges Sarre", "George Sarre") in pairs("csa-7-2010")
    assert ("signed_on", "2000-01-06", "2002") in pairs("cps-2000")
    assert ("signed_on", "2009-03-03", "2010") in pairs("cps-2009")
    assert ("start_year", "2016", "2015") in pairs("cpsa-19-2016-2020")
    assert ("start_year", "2016", "2015") in pairs("cpsa-14-2016-2020")
    assert ("kind", "CSA", "CLS") in pairs("csa-17-2009")


def test_announced_contract_has_no_signature_date(dataset: Dataset) -> None:
    # The 13e's page announces the signature for the first quarter of 2003; no source confirms it.
    contract = _contract(dataset, "cls-13-2003")
    assert contract.signature_confirmed is False and contract.signed_on is None
    assert contract.declared_action_count is None  # « une douzaine environ »: approximate, not declared
    unconfirmed = [c.id for c in dataset.contracts if not c.signature_confirmed]
    assert unconfirmed == ["cls-13-2003"]


@pytest.mark.parametrize(("contract_id", "date", "source_id"), SECOND_PASS_EVENTS)
def test_second_pass_events(dataset: Dataset, contract_id: str, date: str, source_id: str) -> None:
    contract = _contract(dataset, contract_id)
    assert (date, source_id) in {(str(e.date), e.source) for e in contract.events}
    assert source_id in contract.sources


def test_lineage(dataset: Dataset) -> None:
    def links(action_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        action = dataset.find_action(action_id)
        assert action is not None, action_id
        return action.declines, action.continues

    assert links("cpsa-11-2022-2026/1.3") == (("cpps-2023-2026/1.6",), ())
    assert links("cpps-2023-2026/2.6") == ((), ("cpps-2015-2020/2.8",))
    assert links("cpps-2023-2026/1.6") == ((), ("cpps-2015-2020/3.8",))  # rixes: the délinquance des bandes
    # trafics and occupations of the public space: 3.3 and 3.4, not 3.2 (place de la République); the
    # reason is recorded with the contract.
    assert links("cpsa-11-2022-2026/3.2") == ((), ("cpsa-11-2016-2020/3.3", "cpsa-11-2016-2020/3.4"))
    assert "continues: 3.2" in {i.field for i in _contract(dataset, "cpsa-11-2022-2026").inferences}
    expected_19 = {
        "1.1": "1.1",
        "1.2": "1.2",
        "1.4": "1.4",
        "1.5": "1.7",
        "2.2": "2.10",
        "2.3": "2.7",
        "3.1": "3.1",
        "3.2": "3.11",
    }
    for own, paris in expected_19.items():
        assert links(f"cpsa-19-2016-2020/{own}") == ((f"cpps-2015-2020/{paris}",), ())
    assert links("cpsa-19-2016-2020/1.3") == ((), ())  # parentalité: no Paris-wide counterpart


# --- The recorded text against the leads files --------------------------------------------------

needs_leads = pytest.mark.skipif(not LEADS.is_dir(), reason=f"{LEADS} not present")

# The first leads files are a plain-text transcription: they write straight apostrophes and
# ordinary spaces everywhere (even inside « »), whatever the pages printed. The dataset records
# the published ’ where a supplement re-read the page, so text is compared with a lead after
# folding apostrophes and spaces: the words, accents and capitals must match exactly, the
# typography need not. The typography is checked against the supplement (the `typography` column).
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text.translate(_APOSTROPHES)).strip()


def _lead_text(name: str) -> str:
    return _norm((LEADS / name).read_text(encoding="utf-8"))


def _published_titles(contract: Contract) -> list[str]:
    """Each priority and action title as published: the erratum's original where one corrects it."""
    originals = {e.target: e.original for e in contract.errata if e.field == "title"}
    titles = []
    for priority in contract.priorities:
        titles.append(originals.get(priority.id, priority.title))
        titles.extend(originals.get(a.id, a.title) for a in priority.actions)
    return titles


@needs_leads
@pytest.mark.parametrize("contract_id", list(LEADS_TABLE))
def test_titles_and_errata_are_text_of_the_lead(dataset: Dataset, contract_id: str) -> None:
    contract = _contract(dataset, contract_id)
    text = _lead_text(LEADS_TABLE[contract_id].file)
    for title in _published_titles(contract):
        assert _norm(title) in text, title
    for erratum in contract.errata:
        assert _norm(erratum.original) in text, erratum.original
    assert _norm(contract.name).casefold() in text.casefold(), contract.name
    for person in contract.signatories:
        assert _norm(person.split(",", 1)[0]) in text, person


def _spaced(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


@needs_leads
@pytest.mark.parametrize("contract_id", [c for c, lead in LEADS_TABLE.items() if lead.typography])
def test_typography_is_the_published_one(dataset: Dataset, contract_id: str) -> None:
    """Where a supplement re-read a page, a text it prints is recorded with the page's apostrophes.

    A text found in the supplement once apostrophes are folded must be found there as it is
    recorded: a straight apostrophe where the page prints ’ fails, and so does the reverse.
    """
    contract = _contract(dataset, contract_id)
    name = LEADS_TABLE[contract_id].typography
    assert name is not None
    page = (LEADS / name).read_text(encoding="utf-8")
    folded_page, spaced_page = _norm(page).casefold(), _spaced(page).casefold()
    texts = [
        *_published_titles(contract),
        *(e.original for e in contract.errata),
        contract.name,
        *contract.signatories,
        *contract.partners,
    ]
    printed = [t for t in texts if _norm(t).casefold() in folded_page]
    assert any("’" in t or "'" in t for t in printed), f"{name} prints none of the texts recorded with an apostrophe"
    for text in printed:
        assert _spaced(text).casefold() in spaced_page, text


@needs_leads
def test_supplement_errata_are_text_of_the_lead(dataset: Dataset) -> None:
    contract = _contract(dataset, "cpps-2015-2020")
    text = _lead_text(SUPPLEMENT)
    from_leads = [e for e in contract.errata if e.source != "mairie11-9966"]
    assert from_leads
    for erratum in from_leads:
        assert _norm(erratum.original) in text, erratum.original


@needs_leads
def test_source_urls_come_from_the_leads(dataset: Dataset) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(LEADS.glob("*.md")))
    cited = {s for cid in [*LEADS_TABLE, "cpps-2015-2020"] for s in _contract(dataset, cid).sources}
    for source_id in cited - {"mairie11-9966"}:
        source = dataset.source(source_id)
        assert source is not None
        assert source.url in text, source.url


@needs_leads
@pytest.mark.parametrize("source_id", list(SECOND_PASS_SOURCES))
def test_second_pass_sources_are_those_of_the_leads(dataset: Dataset, source_id: str) -> None:
    lead = SECOND_PASS_SOURCES[source_id]
    source = dataset.source(source_id)
    assert source is not None, source_id
    page = (LEADS / lead.file).read_text(encoding="utf-8")
    assert source.url in page, source.url
    assert source.kind == lead.kind
    assert (str(source.published_on) if source.published_on else None) == lead.published_on
    assert (str(source.updated_on) if source.updated_on else None) == lead.updated_on
    for text in lead.printed:
        assert _norm(text) in _norm(page), text
    if source.title is not None:
        assert _norm(source.title) in _norm(page), source.title
    assert any(source_id in c.sources for c in dataset.contracts), f"no contract cites {source_id}"
