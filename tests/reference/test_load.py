"""Reference records load as cited claims; bad records fail naming the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from pactwatch.errors import BadDataFile
from pactwatch.reconcile.views import agreement_json
from pactwatch.reference.load import load_records, load_reference
from pactwatch.store.repository import Store

# A record in the template's shape; the facts are those of the Norway–Ukraine agreement
# of 31 May 2024, the URLs illustrative.
RECORD = """
id: "NO-UA-2024"
title: Agreement on security cooperation and long-term support between Norway and Ukraine
kind: bilateral_security_agreement
parties: ["NO", UA]
protected: UA
sources:
  gov:
    url: https://www.regjeringen.no/en/example-norway-ukraine-agreement
    publisher: Government of Norway
    date: 2024-05-31
    kind: official
  wire:
    url: https://example.org/wire/norway-ukraine
    publisher: Example Wire
    date: 2024-05-31
    kind: news
signed_on: {value: 2024-05-31, sources: [gov, wire]}
place: {value: Stockholm, sources: [wire]}
term_years: {value: 10, sources: [gov]}
order_number:
  - {value: 12, sources: [wire]}
provisions:
  - {kind: consultation_on_attack, polarity: included, deadline_hours: 24, sources: [gov]}
  - {kind: mutual_defense, polarity: excluded, sources: [wire]}
pledges:
  - {value: 6.5, unit: billion, currency: EUR, period: 2024, sources: [gov]}
"""


def _write(folder: Path, text: str, name: str = "NO-UA-2024.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_load_reference_record_becomes_cited_claims(store: Store, tmp_path: Path) -> None:
    report = load_reference(store, _write(tmp_path / "ref", RECORD))
    assert (report.records, report.documents) == (1, 2)
    record = agreement_json(store, "NO-UA-2024")
    assert record["title"].startswith("Agreement on security cooperation")
    assert (record["signed_on"], record["status"], record["term_years"]) == \
        ("2024-05-31", "signed", 10)
    assert record["fields"]["signed_on"]["support"] == "confirmed"
    consult = next(p for p in record["provisions"] if p["kind"] == "consultation_on_attack")
    assert (consult["deadline_hours"], consult["obligors"], consult["beneficiaries"]) == \
        (24, ["NO"], ["UA"])
    money = next(p for p in record["provisions"] if p["kind"] == "financial_support")
    assert money["amount"] == {"value": 6_500_000_000, "currency": "EUR", "period": "2024"}
    assert record["pledges"] == [money["amount"]]
    urls = {s["url"] for s in record["sources"]}
    assert urls == {"https://www.regjeringen.no/en/example-norway-ukraine-agreement",
                    "https://example.org/wire/norway-ukraine"}


def test_load_reference_claim_spans_point_at_the_stated_value(store: Store,
                                                              tmp_path: Path) -> None:
    load_reference(store, _write(tmp_path / "ref", RECORD))
    for claim in agreement_json(store, "NO-UA-2024")["claims"]:
        text = store.document(claim["source_id"])["text"]
        assert text[claim["start"]:claim["end"]]
        assert text[claim["start"]:claim["end"]] in claim["text"]


def test_load_reference_twice_adds_nothing(store: Store, tmp_path: Path) -> None:
    folder = _write(tmp_path / "ref", RECORD)
    load_reference(store, folder)
    claims = len(store.claims())
    again = load_reference(store, folder)
    assert (again.documents, again.claims) == (0, 0)
    assert len(store.claims()) == claims


@pytest.mark.parametrize(("change", "message"), [
    (("parties: [\"NO\", UA]", "parties: [\"NO\", XX]"), "invalid party code 'XX'"),
    (("kind: mutual_defense", "kind: mutual_defence"), "unknown provision kind"),
    (("sources: [wire]}\nterm", "sources: [press]}\nterm"), "unknown source 'press'"),
    (("date: 2024-05-31\n    kind: news", "date: 1820-05-31\n    kind: news"), "out of range"),
    (("url: https://example.org/wire", "url: not a url"), "URL"),
])
def test_load_records_bad_entry_names_the_file_and_reason(
        tmp_path: Path, change: tuple[str, str], message: str) -> None:
    old, new = change
    assert old in RECORD
    folder = _write(tmp_path / "ref", RECORD.replace(old, new))
    with pytest.raises(BadDataFile) as caught:
        load_records(folder)
    assert "NO-UA-2024.yaml" in str(caught.value)
    assert message.lower() in str(caught.value).lower()
