"""The relevance pre-filter decides, before any parse, which texts can hold agreement
facts. It must never drop one that does: checked on the whole dev set, the seeds and the
bundled examples, against gold and against the unfiltered pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from pactwatch.evaluation.gold import load_gold
from pactwatch.ingest.discover import discover
from pactwatch.nlp.extract import speaks_of_security_agreement
from pactwatch.nlp.pipeline import extract_many
from pactwatch.records import RawDocument

REPO = Path(__file__).resolve().parents[2]
GOLD = [REPO / "eval" / "dev" / "gold.jsonl", REPO / "eval" / "seeds" / "gold.jsonl"]
EXAMPLES = REPO / "src" / "pactwatch" / "data" / "examples"


def _gold_documents() -> list[tuple[Path, bool]]:
    """(path, whether gold states any agreement fact) for every gold document."""
    out = []
    for gold_file in GOLD:
        for path, gold in load_gold(gold_file):
            if path.exists():
                out.append((path, bool(gold.agreements or gold.speakers)))
    return out


def _read_all() -> list[RawDocument]:
    paths = [str(path) for path, _ in _gold_documents()] + [str(EXAMPLES)]
    return [item.read() for item in discover(paths) if not item.source.endswith("SOURCES.md")]


def test_every_document_with_gold_facts_passes_the_prefilter() -> None:
    documents = _gold_documents()
    assert len(documents) >= 44
    dropped = [path.name for path, has_facts in documents
               if has_facts and not speaks_of_security_agreement(path.read_text("utf-8"))]
    assert dropped == []


def test_the_prefilter_skips_the_negatives_that_never_name_an_agreement() -> None:
    skipped = [path.name for path, has_facts in _gold_documents()
               if not speaks_of_security_agreement(path.read_text("utf-8"))]
    assert skipped, "some dev negatives are off the topic and skip the parse"
    assert all(not has_facts for path, has_facts in _gold_documents() if path.name in skipped)


@pytest.mark.slow
def test_prefiltered_and_unfiltered_extraction_are_identical() -> None:
    documents = _read_all()
    assert len(documents) >= 50
    filtered = extract_many(documents)
    unfiltered = extract_many(documents, prefilter=False)
    for raw, kept, full in zip(documents, filtered, unfiltered, strict=True):
        assert kept == full, raw.source
    assert sum(map(len, filtered)) > 0


@pytest.mark.parametrize("text", [
    "Azerbaijan and Turkey signed the Shusha Declaration on Allied Relations in June.",
    "The two leaders signed the treaty, which strengthens bilateral cooperation on issues "
    "such as defence and industry.",
    "Poland and Estonia have reached an agreement to station an artillery battalion in "
    "the Baltic state.",
    "The two leaders signed a declaration that for the first time links their nuclear "
    "deterrents.",
    "Chile and Peru have signed a new agreement allowing Chilean naval forces to operate "
    "from two Peruvian ports.",
    "Peru is discussing a security support agreement with Chile.",
    "The defence ministers of Chile and Peru signed a military cooperation plan for the "
    "next year.",
    "Chile and Peru sign strategic partnership agreement in Lima.",
    "The two presidents signed a Treaty on Comprehensive Strategic Partnership.",
])
def test_alliances_and_treaties_about_defence_pass_the_prefilter(text: str) -> None:
    assert speaks_of_security_agreement(text)


@pytest.mark.parametrize("text", [
    "The two governments signed a treaty on cooperation in trade and tourism.",
    "The ministers reached an agreement to station more customs officers at the border.",
    "The two ministries agreed on a plan for cooperation in tourism.",
    "The deal allows fishing fleets to operate in both countries' waters.",
])
def test_a_treaty_about_trade_alone_does_not_pass_the_prefilter(text: str) -> None:
    assert not speaks_of_security_agreement(text)
