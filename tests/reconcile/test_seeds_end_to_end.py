"""The seed articles, ingested with their sidecars, yield the US–Ukraine record of
PRODUCT.md and put the UK/France/Germany and Spain facts on those agreements."""

from __future__ import annotations

from typing import Any

import pytest

from pactwatch.reconcile.views import agreement_json
from pactwatch.store.repository import Store

INCLUDED = {"training", "defense_industrial_cooperation", "military_assistance",
            "intelligence_sharing", "consultation_on_attack", "reforms",
            "end_use_monitoring", "lessons_sharing"}
EXCLUDED = {"mutual_defense", "use_of_own_forces", "financial_support"}


@pytest.fixture(scope="module")
def us_ua(seeded_store: Store) -> dict[str, Any]:
    return agreement_json(seeded_store, "UA-US")


def _polarity(record: dict[str, Any], polarity: str) -> set[str]:
    return {p["kind"] for p in record["provisions"] if p["polarity"] == polarity}


def test_seeds_yield_exactly_one_us_ukraine_agreement(seeded_store: Store) -> None:
    matching = [r for r in seeded_store.agreements() if r["parties"] == ["UA", "US"]]
    assert len(matching) == 1


def test_seeds_us_ukraine_core_fields(us_ua: dict[str, Any]) -> None:
    assert us_ua["parties"] == ["UA", "US"]
    assert us_ua["status"] == "expected"
    assert us_ua["signed_on"] == "2024-06-13"
    assert "G7" in us_ua["venue"] and "Italy" in us_ua["venue"]
    assert us_ua["term_years"] == 10
    assert us_ua["expires_on"] == "2034-06-13"
    assert us_ua["legal_form"] == "executive_agreement"
    assert us_ua["binding_on_successors"] is False
    assert "Vilnius" in us_ua["framework"] and "G7" in us_ua["framework"]


def test_seeds_us_ukraine_provisions(us_ua: dict[str, Any]) -> None:
    assert _polarity(us_ua, "included") == INCLUDED
    assert _polarity(us_ua, "excluded") == EXCLUDED


def test_seeds_provisions_say_who_owes_whom(us_ua: dict[str, Any]) -> None:
    rows = {p["kind"]: p for p in us_ua["provisions"]}
    assert rows["training"]["obligors"] == ["US"]
    assert rows["training"]["beneficiaries"] == ["UA"]
    assert rows["end_use_monitoring"]["obligors"] == ["UA"]
    assert rows["consultation_on_attack"]["deadline"] == "immediately"


def test_seeds_history_keeps_concluded_then_expected(us_ua: dict[str, Any]) -> None:
    steps = [s["status"] for s in us_ua["history"]]
    assert steps == ["concluded", "expected"]
    assert us_ua["history"][-1]["on_date"] == "2024-06-13"


def test_seeds_claims_attributed_to_speakers(us_ua: dict[str, Any]) -> None:
    by_speaker = {(c["attributed_to"], c["role"]) for c in us_ua["claims"]}
    assert ("Jake Sullivan", "National Security Adviser") in by_speaker
    assert ("John Kirby", "NSC spokesperson") in by_speaker
    unnamed = [c for c in us_ua["claims"] if c["attributed_to"] == "unnamed sources"]
    assert unnamed and all(c["origin"] == "CNN" for c in unnamed)


def test_seeds_kyiv_independent_relays_have_origin_cnn(us_ua: dict[str, Any]) -> None:
    ki = next(s["id"] for s in us_ua["sources"] if s["outlet"] == "The Kyiv Independent")
    relayed = [c for c in us_ua["claims"] if c["source_id"] == ki and "CNN" in c["text"]]
    assert relayed, "the Kyiv Independent relays CNN in several sentences"
    assert all(c["origin"] == "CNN" for c in relayed)
    ki_source = next(s for s in us_ua["sources"] if s["id"] == ki)
    assert "CNN" in ki_source["relays"]


def test_seeds_relayed_reporting_is_one_origin(us_ua: dict[str, Any]) -> None:
    # CNN's sources and the Kyiv Independent repeating them: reported, not confirmed.
    assert us_ua["fields"]["term_years"]["support"] == "reported"
    training = next(p for p in us_ua["provisions"] if p["kind"] == "training")
    assert training["support"] == "reported"
    # Sullivan is a named official speaking on record.
    reforms = next(p for p in us_ua["provisions"] if p["kind"] == "reforms")
    assert reforms["support"] == "confirmed"


def test_seeds_every_field_is_backed_by_a_claim(us_ua: dict[str, Any]) -> None:
    claim_ids = {c["id"] for c in us_ua["claims"]}
    for name in ("status", "signed_on", "venue", "term_years", "legal_form",
                 "binding_on_successors", "framework"):
        backing = us_ua["fields"][name]["claims"]
        assert backing and set(backing) <= claim_ids, name
    for row in us_ua["provisions"]:
        assert row["claims"] and set(row["claims"]) <= claim_ids


def test_seeds_claim_offsets_point_into_the_sentence(seeded_store: Store,
                                                   us_ua: dict[str, Any]) -> None:
    texts = {s["id"]: seeded_store.document(s["id"])["text"] for s in us_ua["sources"]}
    for claim in us_ua["claims"]:
        text = texts[claim["source_id"]]
        evidence = text[claim["start"]:claim["end"]]
        assert evidence and evidence in claim["text"]
        start, end = claim["sentence"]
        assert text[start:end] == claim["text"]


def test_seeds_signing_date_claims_quote_the_date(seeded_store: Store,
                                                  us_ua: dict[str, Any]) -> None:
    by_id = {c["id"]: c for c in us_ua["claims"]}
    quoted = set()
    for claim_id in us_ua["fields"]["signed_on"]["claims"]:
        claim = by_id[claim_id]
        text = seeded_store.document(claim["source_id"])["text"]
        quoted.add(text[claim["start"]:claim["end"]])
    assert quoted == {"Thursday", "June 13", "tomorrow"}


@pytest.mark.parametrize("code", ["GB", "FR", "DE"])
def test_seeds_24_hour_consultations_belong_to_other_agreements(seeded_store: Store,
                                                                 code: str) -> None:
    record = agreement_json(seeded_store, f"UA-{code}")
    consult = next(p for p in record["provisions"] if p["kind"] == "consultation_on_attack")
    assert consult["deadline_hours"] == 24
    assert consult["obligors"] == [code]


def test_seeds_us_agreement_has_no_24_hour_deadline(us_ua: dict[str, Any]) -> None:
    consult = next(p for p in us_ua["provisions"] if p["kind"] == "consultation_on_attack")
    assert consult["deadline_hours"] == 0
    assert all("24 hours" not in c["text"] for c in us_ua["claims"])


def test_seeds_spain_agreement_is_its_own_record(seeded_store: Store,
                                                 us_ua: dict[str, Any]) -> None:
    spain = agreement_json(seeded_store, "ES-UA")
    assert spain["signed_on"] == "2024-05-27"
    assert spain["term_years"] == 10
    assert spain["status"] == "signed"
    assert all("Spain" not in c["text"] for c in us_ua["claims"])


def test_seeds_order_number_and_counts(us_ua: dict[str, Any]) -> None:
    assert us_ua["order_number"] == 15
    assert us_ua["counts"]["prior_agreements"]["value"] == 14
    assert us_ua["counts"]["countries_negotiating"]["value"] == 17


def test_seeds_annex_names_congress_without_the_attribution(us_ua: dict[str, Any]) -> None:
    assert "Congress" in us_ua["annex"]
    assert "said" not in us_ua["annex"] and "  " not in us_ua["annex"]
