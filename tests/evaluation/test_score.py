"""The scorer: hits, false hits and misses per field, attribution, negatives."""

from __future__ import annotations

from typing import Any

from pactwatch.evaluation.gold import GoldDocument
from pactwatch.evaluation.predict import Prediction
from pactwatch.evaluation.score import score_document
from pactwatch.records import Claim, DocumentMeta, RawDocument

RAW = RawDocument(source="story.txt", text="A story.", meta=DocumentMeta(outlet="Harbour Post"),
                  fmt="txt")


def claim(predicate: str, value: Any, *, kind: str = "outlet", who: str | None = None,
          origin: str | None = "Harbour Post", text: str = "A sentence.") -> Claim:
    return Claim(doc_id=RAW.doc_id, subject=("DK", "UA"), predicate=predicate, value=value,
                 attributed_to=who, attribution_kind=kind, origin=origin, text=text)


def record(claims: list[Claim], **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"parties": ["DK", "UA"], "status": None, "signed_on": None,
                            "term_years": None, "provisions": [], "pledges": [],
                            "fields": {}, "claim_ids": [c.claim_id for c in claims]}
    base.update(fields)
    return base


def gold(**line: Any) -> GoldDocument:
    return GoldDocument.model_validate({"doc": "story.txt", **line})


DK = {"parties": ["UA", "DK"], "status": "signed", "signed_on": "2024-02-23", "term_years": 10,
      "provisions": {"included": ["training"], "excluded": ["mutual_defense"]},
      "deadline_hours": 24, "pledges": [{"value": 1.8e9, "currency": "USD"}]}


def perfect() -> Prediction:
    signed = claim("signed_on", "2024-02-23", text="Denmark signed on Friday.")
    rows = [{"kind": "training", "polarity": "included", "claims": []},
            {"kind": "mutual_defense", "polarity": "excluded", "claims": []},
            {"kind": "consultation_on_attack", "polarity": "included", "deadline_hours": 24,
             "claims": []}]
    return Prediction(RAW, [signed], [record(
        [signed], status="signed", signed_on="2024-02-23", term_years=10, provisions=rows,
        pledges=[{"value": 1800000000, "currency": "USD", "period": None}],
        fields={"signed_on": {"claims": [signed.claim_id]}})])


def test_score_a_perfect_prediction_has_no_findings() -> None:
    line = gold(agreements=[{**DK, "provisions": {
        "included": ["training", "consultation_on_attack"], "excluded": ["mutual_defense"]}}])
    scores = score_document("story.txt", line, perfect())
    assert scores.findings == []
    assert all(c.f1 == 1.0 for name, c in scores.fields.items())


def test_score_a_wrong_value_is_both_a_false_hit_and_a_miss() -> None:
    line = gold(agreements=[{**DK, "signed_on": "2024-02-22"}])
    scores = score_document("story.txt", line, perfect())
    counts = scores.fields["signed_on"]
    assert (counts.tp, counts.fp, counts.fn) == (0, 1, 1)
    false_hit = next(f for f in scores.findings
                     if f.field == "signed_on" and f.outcome == "false hit")
    assert false_hit.value == "2024-02-23"
    assert false_hit.sentence == "Denmark signed on Friday."


def test_score_a_value_where_gold_says_nothing_is_a_false_hit() -> None:
    line = gold(agreements=[{**DK, "term_years": None}])
    counts = score_document("story.txt", line, perfect()).fields["term_years"]
    assert (counts.tp, counts.fp, counts.fn) == (0, 1, 0)


def test_score_provisions_by_kind_and_polarity() -> None:
    line = gold(agreements=[{**DK, "provisions": {"included": ["training", "mutual_defense"]}}])
    scores = score_document("story.txt", line, perfect())
    assert scores.kinds["mutual_defense"].fp == 1  # extracted as excluded
    assert scores.kinds["mutual_defense"].fn == 1  # gold has it included
    assert scores.kinds["training"].tp == 1
    assert scores.kinds["consultation_on_attack"].fp == 1


def test_score_an_agreement_missing_from_the_prediction_misses_every_stated_field() -> None:
    line = gold(agreements=[DK, {"parties": ["UA", "NO"], "status": "signed", "term_years": 10}])
    scores = score_document("story.txt", line, perfect())
    assert scores.fields["parties"].fn == 1
    assert scores.fields["status"].fn == 1
    assert scores.fields["term_years"].fn == 1


def test_score_negative_document_with_a_record_is_named() -> None:
    scores = score_document("story.txt", gold(genre="negative"), perfect())
    assert scores.negatives == 1
    assert scores.negatives_with_records == ["story.txt"]
    assert scores.fields["parties"].fp == 1


def test_score_negative_document_without_records_passes() -> None:
    scores = score_document("story.txt", gold(), Prediction(RAW, [], []))
    assert scores.negatives_with_records == []
    assert all(c.f1 is None for c in scores.fields.values())


def test_attribution_matches_speakers_on_surname_and_kind_and_counts_relays() -> None:
    claims = [
        claim("status", "signed", kind="official", who="Prime Minister Mette Frederiksen"),
        claim("term_years", 10, kind="unnamed_sources", who="unnamed sources"),
        claim("status", "signed", origin="Reuters"),
        claim("status", "signed", kind="named", who="Jane Analyst"),
    ]
    line = gold(agreements=[DK], relays=["Reuters"], speakers=[
        {"name": "Mette Frederiksen", "kind": "official"},
        {"name": None, "kind": "unnamed_sources"}])
    result = score_document("story.txt", line, Prediction(RAW, claims, [])).attribution
    assert (result.correct, result.gold, result.spurious) == (3, 3, 1)
    assert result.accuracy == 0.75


def test_attribution_with_the_wrong_kind_is_not_correct() -> None:
    claims = [claim("status", "signed", kind="named", who="Mette Frederiksen")]
    line = gold(agreements=[DK], speakers=[{"name": "Mette Frederiksen", "kind": "official"}])
    result = score_document("story.txt", line, Prediction(RAW, claims, [])).attribution
    assert (result.correct, result.spurious) == (0, 1)
