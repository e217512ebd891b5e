"""A weaker claim never replaces a confirmed value: it becomes a conflict to review."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from pactwatch.reconcile.build import build_agreements
from pactwatch.records import Claim

DOCS: dict[str, dict[str, Any]] = {
    "ref": {"id": "ref", "outlet": "U.S. Department of State", "published": date(2024, 6, 13)},
    "news": {"id": "news", "outlet": "Example Daily", "published": date(2025, 2, 1)},
    "wire": {"id": "wire", "outlet": "Example Wire", "published": date(2025, 2, 2)},
}
SUBJECT = ("UA", "US")


def _claim(doc: str, predicate: str, value: Any, **extra: Any) -> Claim:
    return Claim(doc, SUBJECT, predicate, value, start=len(str(value)), end=40, **extra)


def _reference(predicate: str, value: Any) -> Claim:
    return _claim("ref", predicate, value, attribution_kind="reference",
                  origin="U.S. Department of State")


@pytest.mark.issue(12)
def test_contested_one_report_of_an_ending_leaves_a_cited_signing_in_place() -> None:
    claims = [_reference("status", "signed"), _reference("signed_on", "2024-06-13"),
              _claim("news", "status", "terminated")]
    [record] = build_agreements("UA-US", claims, DOCS)
    assert record.status == "signed"
    assert [step.status for step in record.history] == ["signed"]
    status = record.record["fields"]["status"]
    assert status["support"] == "conflicting"
    assert [v["value"] for v in status["values"]] == ["signed", "terminated"]


def test_contested_an_ending_as_strong_as_the_signing_ends_it() -> None:
    claims = [_claim("news", "status", "signed"),
              _claim("news", "status", "terminated", attribution_kind="official",
                     attributed_to="A Minister", origin="Example Daily")]
    [record] = build_agreements("UA-US", claims, DOCS)
    assert record.status == "terminated"
    assert "values" not in record.record["fields"]["status"]


@pytest.mark.issue(12)
def test_contested_reports_that_contradict_a_cited_field_do_not_replace_it() -> None:
    claims = [_reference("term_years", 10),
              _claim("news", "term_years", 5, attribution_kind="official",
                     attributed_to="A Minister", origin="Example Daily"),
              _claim("wire", "term_years", 5, origin="Example Wire")]
    [record] = build_agreements("UA-US", claims, DOCS)
    field = record.record["fields"]["term_years"]
    assert record.record["term_years"] == 10
    assert field["support"] == "conflicting"
    assert {v["value"] for v in field["values"]} == {10, 5}


def _reference_report(predicate: str, value: Any) -> Claim:
    """A reference record's fact whose source is a news report: the outlet is who said
    it, but the curated record vouches for it."""
    return _claim("ref", predicate, value, origin="Example Gazette",
                  extra={"reference": "UA-US-2024"})


@pytest.mark.issue(12)
def test_contested_reports_do_not_outvote_a_reference_fact_cited_from_the_news() -> None:
    claims = [_reference_report("signed_on", "2024-06-13"),
              _claim("news", "signed_on", "2024-06-12", origin="Example Daily"),
              _claim("wire", "signed_on", "2024-06-12", origin="Example Wire")]
    [record] = build_agreements("UA-US", claims, DOCS)
    assert record.record["signed_on"] == "2024-06-13"
    assert record.record["fields"]["signed_on"]["support"] == "conflicting"


@pytest.mark.issue(12)
def test_contested_a_cited_absence_is_not_filled_by_reports() -> None:
    """A reference record citing that there is no fixed term (a review clause instead):
    reports of a ten-year term become a conflict to review, not the term."""
    claims = [_reference_report("term_years", None),
              _claim("news", "term_years", 10, origin="Example Daily"),
              _claim("wire", "term_years", 10, origin="Example Wire")]
    [record] = build_agreements("UA-US", claims, DOCS)
    field = record.record["fields"]["term_years"]
    assert record.record["term_years"] is None
    assert field["support"] == "conflicting"
    assert [v["value"] for v in field["values"]] == [None, 10]
