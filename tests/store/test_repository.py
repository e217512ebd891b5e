from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import event, func, select, update
from sqlalchemy.exc import StatementError

from pactwatch.errors import DatabaseError
from pactwatch.records import (
    AgreementRecord,
    Claim,
    DocumentMeta,
    RawDocument,
    StatusStep,
)
from pactwatch.store.models import AgreementClaim, ClaimRow, Document, StatusHistoryRow
from pactwatch.store.repository import Store

PACT_TEXT = (
    "Ruritania and Freedonia signed a ten-year security pact in Strelsau on Tuesday. "
    "Two officials said the parties must consult within 24 hours of an armed attack."
)


def pact_document(text: str = PACT_TEXT, published: date | None = date(2024, 3, 5)) -> RawDocument:
    meta = DocumentMeta(outlet="Strelsau Gazette", title="Pact signed", url="https://example.org/p",
                        published=published, lang="en")
    return RawDocument("pact.txt", text, meta, "txt")


def pact_claims(raw: RawDocument, subject: tuple[str, ...] = ("FD", "RU")) -> list[Claim]:
    first_end = raw.text.index(".") + 1
    pact = raw.text.index("pact")
    return [
        Claim(raw.doc_id, subject, "signed_on", "2024-03-05", start=0, end=first_end,
              text=raw.text[:first_end], event_date=date(2024, 3, 5), confidence=0.9),
        Claim(raw.doc_id, subject, "term_years", 10, start=pact, end=pact + 4, text="pact"),
        Claim(raw.doc_id, subject, "provision",
              {"kind": "consultation", "deadline_hours": 24, "since": "2024-03-05"},
              modality="asserted", attributed_to=None, role=None,
              attribution_kind="unnamed_sources", origin="Strelsau Gazette",
              start=first_end + 1, end=len(raw.text), text=raw.text[first_end + 1:],
              extra={"cue": "must consult"}),
    ]


def agreement(
    agreement_id: str,
    parties: list[str],
    status: str | None,
    signed_on: date | None,
    claim_ids: list[str] = [],  # noqa: B006 - never mutated
    history: list[StatusStep] | None = None,
) -> AgreementRecord:
    record: dict[str, Any] = {"id": agreement_id, "parties": parties, "status": status,
                              "signed_on": signed_on.isoformat() if signed_on else None}
    return AgreementRecord(agreement_id, "-".join(sorted(parties)), parties,
                           f"Pact {agreement_id}", status, signed_on, record, claim_ids,
                           history or [])


def count(store: Store, model: type) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


def test_repository_add_document_stores_once_per_content(store: Store) -> None:
    raw = pact_document()
    assert store.add_document(raw, pact_claims(raw), extractor_version="t1") is True
    assert store.has_document(raw.doc_id)
    again = RawDocument("elsewhere.html", raw.text, DocumentMeta(outlet="Other"), "html")
    assert store.add_document(again, pact_claims(again), extractor_version="t2") is False
    assert count(store, Document) == 1
    assert count(store, ClaimRow) == 3


def test_repository_duplicate_claims_in_a_document_are_written_once(store: Store) -> None:
    raw = pact_document()
    claims = pact_claims(raw)
    store.add_document(raw, claims + claims[:2], extractor_version="t1")
    assert count(store, ClaimRow) == 3


def test_repository_add_document_is_one_transaction(store: Store) -> None:
    raw = pact_document()
    good = pact_claims(raw)
    bad = Claim(raw.doc_id, ("FD", "RU"), "pledge", {"amount": object()}, start=1, end=2)
    executed: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        executed.append(statement.split("(")[0].strip())

    event.listen(store.engine, "before_cursor_execute", record)
    with pytest.raises((StatementError, TypeError), match="not JSON serializable"):
        store.add_document(raw, [*good, bad], extractor_version="t1")
    event.remove(store.engine, "before_cursor_execute", record)

    assert "INSERT INTO documents" in executed  # the failure came after the document row
    assert not store.has_document(raw.doc_id)
    assert store.documents() == []
    assert count(store, ClaimRow) == 0


def test_repository_claims_round_trip(store: Store) -> None:
    later = pact_document("Freedonia later said the pact binds future governments too.",
                          published=date(2024, 4, 1))
    raw = pact_document()
    store.add_document(later, pact_claims(later), extractor_version="t1")
    store.add_document(raw, pact_claims(raw), extractor_version="t1")

    expected = pact_claims(raw) + pact_claims(later)  # by publication date, then offset
    loaded = store.claims()
    assert loaded == expected
    assert [c.claim_id for c in loaded] == [c.claim_id for c in expected]
    assert [c.extra for c in loaded] == [c.extra for c in expected]
    assert store.claims(subject="RU-FD") == expected
    assert store.claims(ids=[expected[2].claim_id]) == [expected[2]]

    rows = store.claim_rows(ids=[expected[0].claim_id])
    assert rows[0]["id"] == expected[0].claim_id
    assert rows[0]["document_id"] == raw.doc_id
    assert rows[0]["author"] == "extractor"
    assert rows[0]["created_at"].tzinfo is not None


def test_repository_documents_list_metadata_and_one_has_text(store: Store) -> None:
    raw = pact_document()
    store.add_document(raw, [], relevant=False, extractor_version="t1")
    [listed] = store.documents()
    assert "text" not in listed
    assert listed["id"] == raw.doc_id and listed["relevant"] is False
    assert listed["published"] == date(2024, 3, 5) and listed["outlet"] == "Strelsau Gazette"
    assert store.document(raw.doc_id)["text"] == raw.text  # type: ignore[index]
    assert store.document("0" * 16) is None
    assert store.documents(ids=["0" * 16]) == []


def test_repository_add_claims_skips_known_ids_and_keeps_author(store: Store) -> None:
    raw = pact_document()
    claims = pact_claims(raw)
    store.add_document(raw, claims[:1], extractor_version="t1")
    assert store.add_claims(claims, author="analyst:mira") == 2
    assert store.add_claims(claims, author="analyst:mira") == 0
    authors = {row["id"]: row["author"] for row in store.claim_rows()}
    assert authors[claims[0].claim_id] == "extractor"
    assert authors[claims[2].claim_id] == "analyst:mira"


def test_repository_add_claims_needs_a_stored_document(store: Store) -> None:
    orphan = pact_claims(pact_document())
    with pytest.raises(DatabaseError, match="not stored"):
        store.add_claims(orphan, author="reference")
    assert count(store, ClaimRow) == 0


def test_repository_stale_subjects_follow_claims_and_agreements(store: Store) -> None:
    raw = pact_document()
    claims = pact_claims(raw)
    store.add_document(raw, claims[:2], extractor_version="t1")
    assert store.subjects() == ["FD-RU"]
    assert store.stale_subjects() == ["FD-RU"]

    store.replace_agreements("FD-RU", [agreement("FD-RU-2024", ["FD", "RU"], "signed",
                                                 date(2024, 3, 5), [claims[0].claim_id])])
    assert store.stale_subjects() == []

    store.add_claims(claims[2:], author="analyst:mira")
    assert store.stale_subjects() == ["FD-RU"]
    store.replace_agreements("FD-RU", [agreement("FD-RU-2024", ["FD", "RU"], "signed", None)])
    assert store.stale_subjects() == []

    with store.engine.begin() as conn:  # every claim withdrawn (soft delete)
        conn.execute(update(ClaimRow).values(deleted_at=func.current_timestamp()))
    assert store.subjects() == []
    assert store.stale_subjects() == ["FD-RU"]
    store.replace_agreements("FD-RU", [])
    assert store.stale_subjects() == []


def test_repository_agreements_filter_by_party_and_status(store: Store) -> None:
    store.replace_agreements("FD-RU", [agreement("FD-RU-2024", ["FD", "RU"], "signed",
                                                 date(2024, 3, 5))])
    store.replace_agreements("FD-GL", [agreement("FD-GL-2023", ["FD", "GL"], "in_force",
                                                 date(2023, 1, 10))])
    store.replace_agreements("FD-GL-RU", [agreement("FD-GL-RU", ["FD", "GL", "RU"],
                                                    "expected", None)])

    def ids(found: list[dict[str, Any]]) -> list[str]:
        return [record["id"] for record in found]

    assert ids(store.agreements()) == ["FD-GL-2023", "FD-RU-2024", "FD-GL-RU"]
    assert ids(store.agreements(parties=["RU", "FD"])) == ["FD-RU-2024", "FD-GL-RU"]
    assert ids(store.agreements(parties=["gl"], status="expected")) == ["FD-GL-RU"]
    assert ids(store.agreements(status="terminated")) == []
    assert store.agreement("fd-ru-2024") == {"id": "FD-RU-2024", "parties": ["FD", "RU"],
                                             "status": "signed", "signed_on": "2024-03-05"}
    assert store.agreement("FD-RU-1999") is None


def test_repository_history_keeps_step_order_and_is_replaced(store: Store) -> None:
    raw = pact_document()
    claims = pact_claims(raw)
    store.add_document(raw, claims, extractor_version="t1")
    steps = [
        StatusStep("negotiating", None, date(2024, 1, 2), "reported", [claims[2].claim_id],
                   [raw.doc_id]),
        StatusStep("signed", date(2024, 3, 5), date(2024, 3, 5), "confirmed",
                   [claims[0].claim_id], [raw.doc_id]),
        StatusStep("expected", date(2024, 2, 1), None, "reported", [], []),
    ]
    ids = [c.claim_id for c in claims]
    store.replace_agreements("FD-RU", [agreement("FD-RU-2024", ["FD", "RU"], "signed",
                                                 date(2024, 3, 5), ids + ids[:1], steps)])
    assert store.history("fd-ru-2024") == steps
    assert store.agreement_claim_ids("FD-RU-2024") == sorted(ids)

    store.replace_agreements("FD-RU", [agreement("FD-RU-2024", ["FD", "RU"], "signed",
                                                 date(2024, 3, 5), ids[:1], steps[1:2])])
    assert store.history("FD-RU-2024") == steps[1:2]
    assert count(store, StatusHistoryRow) == 1
    assert count(store, AgreementClaim) == 1
    assert store.history("nope") == []


def test_repository_replace_agreements_rejects_another_subject(store: Store) -> None:
    with pytest.raises(ValueError, match="FD-GL"):
        store.replace_agreements("FD-RU", [agreement("X", ["FD", "GL"], None, None)])
