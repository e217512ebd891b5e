"""Calibrated claim confidence: measured per predicate and modality on gold, written as
the data file that extraction reads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from pactwatch import vocab
from pactwatch.evaluation.calibrate import borne_out, calibrate, write
from pactwatch.evaluation.gold import GoldAgreement
from pactwatch.nlp.pipeline import extract
from pactwatch.records import Claim, DocumentMeta, RawDocument

DEV = Path(__file__).resolve().parents[2] / "eval" / "dev" / "gold.jsonl"
GOLD = GoldAgreement(parties=["NO", "UA"], status="signed", signed_on=date(2024, 5, 31),
                     term_years=10, provisions={"included": ["training"],
                                                "excluded": ["mutual_defense"]})


def _claim(predicate: str, value: object, polarity: str = "included") -> Claim:
    return Claim("d", ("NO", "UA"), predicate, value, polarity=polarity)


@pytest.mark.parametrize("claim, expected", [
    (_claim("provision", {"kind": "training"}), True),
    (_claim("provision", {"kind": "mutual_defense"}, "excluded"), True),
    (_claim("provision", {"kind": "mutual_defense"}), False),
    (_claim("status", "expected"), True),  # true before the signing the gold records
    (_claim("status", "terminated"), False),
    (_claim("signed_on", "2024-05-31"), True),
    (_claim("term_years", 5), False),
])
def test_calibrate_a_claim_is_borne_out_by_its_gold_value(claim: Claim, expected: bool) -> None:
    assert borne_out(claim, GOLD) is expected


@pytest.mark.slow
def test_calibrate_writes_a_confidence_file_that_extraction_reads(tmp_path: Path) -> None:
    result = calibrate([DEV])
    out = tmp_path / "confidence.yaml"
    write(out, result, [DEV])
    table = vocab.Confidence.model_validate(yaml.safe_load(out.read_text(encoding="utf-8")))
    provision = table.predicates["provision"]["asserted"]
    assert provision.claims > 100 and 0.5 < provision.confidence < 1


def test_calibrate_extracted_claims_carry_the_shipped_confidence() -> None:
    raw = RawDocument("t.txt", "Norway and Ukraine signed a ten-year security agreement "
                      "in Oslo on 31 May 2024.", DocumentMeta(), "txt")
    [term] = [c for c in extract(raw) if c.predicate == "term_years"]
    assert term.confidence == vocab.claim_confidence("term_years", term.modality)
