"""A post-signing report moves an agreement from expected to signed, keeping history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pactwatch.ingest.run import ingest
from pactwatch.reconcile.views import agreement_json
from pactwatch.records import DocumentMeta
from pactwatch.store.repository import Store

# Our own words, shaped like the wire reports that follow a signing.
SIGNED_REPORT = (
    "Biden and Zelensky sign 10-year security pact\n\n"
    "President Joe Biden and Ukrainian President Volodymyr Zelensky signed a bilateral "
    "security agreement on Thursday on the sidelines of the G7 summit in Italy, the White "
    "House said. The agreement commits the United States to training Ukraine's armed "
    "forces and to intelligence sharing for the next 10 years.\n"
)


def test_status_history_post_signing_report_moves_to_signed(
        seeded_store: Store, tmp_path: Path) -> None:
    report_path = tmp_path / "signed.txt"
    report_path.write_text(SIGNED_REPORT, encoding="utf-8")
    meta = DocumentMeta(outlet="Example Wire", published=date(2024, 6, 14))
    result = ingest(seeded_store, [str(report_path)], meta, progress=False)
    assert len(result.stored) == 1

    record = agreement_json(seeded_store, "UA-US")
    assert record["status"] == "signed"
    assert record["signed_on"] == "2024-06-13"
    steps = [(s["status"], s["on_date"]) for s in record["history"]]
    assert steps == [("concluded", None), ("expected", "2024-06-13"), ("signed", "2024-06-13")]
    signed_step = record["history"][-1]
    assert signed_step["sources"] == [result.stored[0]]
    assert signed_step["observed_on"] == "2024-06-14"


def test_status_history_without_published_date_stays_unresolved(
        store: Store, seeds_dir: Path, tmp_path: Path) -> None:
    # The same texts without their sidecars: "on Thursday" cannot be pinned to a day.
    for name in ("000_90172c5dc6841b16.txt", "002_bca485edef79b3e3.txt"):
        (tmp_path / name).write_bytes((seeds_dir / name).read_bytes())
    result = ingest(store, [str(tmp_path)], progress=False)
    assert not result.failures
    record = agreement_json(store, "UA-US")
    assert record["signed_on"] is None
    assert record["term_years"] == 10
    assert record["legal_form"] == "executive_agreement"
    expected = next(s for s in record["history"] if s["status"] == "expected")
    assert expected["on_date"] is None


def test_status_history_same_file_twice_adds_nothing(store: Store, seeds_dir: Path) -> None:
    first = ingest(store, [str(seeds_dir / "000_90172c5dc6841b16.txt")], progress=False)
    claims_before = len(store.claims())
    second = ingest(store, [str(seeds_dir / "000_90172c5dc6841b16.txt")], progress=False)
    assert len(first.stored) == 1 and second.stored == []
    assert second.duplicates == [str(seeds_dir / "000_90172c5dc6841b16.txt")]
    assert len(store.claims()) == claims_before
    assert len(store.documents()) == 1
