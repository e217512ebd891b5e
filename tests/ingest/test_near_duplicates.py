"""Syndicated rewrites: a near-identical copy is linked to its original and its own
reporting counts as the original's origin, so two outlets do not confirm a fact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pactwatch.ingest import near_duplicates
from pactwatch.ingest.run import ingest
from pactwatch.store.repository import Store

ORIGINAL = """\
Norway and Ukraine sign decade-long security pact in Oslo

Norway and Ukraine signed a ten-year security agreement in Oslo on Tuesday, the
Norwegian government said. Under the pact Norway will train Ukrainian pilots and share
intelligence with Kyiv. Officials said the first training courses would start in the
summer and that a joint committee would review progress every year. The agreement does
not include a mutual defence clause.
"""
# The same wire story as a second outlet ran it: new headline, a few words changed.
REWRITE = """\
Oslo and Kyiv seal ten-year security deal

Norway and Ukraine signed a ten-year security agreement in Oslo on Tuesday, the
Norwegian government said. Under the pact Norway will train Ukrainian pilots and share
intelligence with Kyiv. Officials said the first training courses would begin in the
summer and that a joint committee would review progress every year. The agreement does
not include a mutual defence clause.
"""
UNRELATED = """\
Norway and Ukraine agree a new ten-year security agreement on demining

Norway and Ukraine signed a ten-year security agreement on Tuesday that focuses on
clearing mines from farmland in the Kharkiv region, with Norwegian experts guiding
local teams and paying for detectors and protective gear over the whole decade.
"""


def write(folder: Path, name: str, text: str, outlet: str) -> str:
    path = folder / f"{name}.txt"
    path.write_text(text)
    (folder / f"{name}.meta.json").write_text(json.dumps(
        {"outlet": outlet, "published": "2024-03-13"}))
    return str(path)


def test_near_duplicates_similarity_of_a_light_rewrite_passes_the_threshold() -> None:
    assert near_duplicates.similarity(ORIGINAL, REWRITE) >= near_duplicates.THRESHOLD
    assert near_duplicates.similarity(ORIGINAL, UNRELATED) < near_duplicates.THRESHOLD
    assert set(near_duplicates.bands(ORIGINAL)) & set(near_duplicates.bands(REWRITE))


def test_near_duplicates_bands_are_deterministic() -> None:
    assert near_duplicates.bands(ORIGINAL) == near_duplicates.bands(ORIGINAL)


@pytest.mark.slow
def test_near_duplicates_copy_counts_as_its_originals_origin(store: Store,
                                                             tmp_path: Path) -> None:
    first = write(tmp_path, "a", ORIGINAL, "Fjord Wire")
    ingest(store, [first], progress=False)
    second = write(tmp_path, "b", REWRITE, "Harbour Post")
    third = write(tmp_path, "c", UNRELATED, "Harbour Post")
    ingest(store, [second, third], progress=False)
    docs = {d["source"]: d for d in store.documents()}
    assert docs[second]["near_duplicate_of"] == docs[first]["id"]
    assert docs[third]["near_duplicate_of"] is None
    copy_claims = [c for c in store.claims() if c.doc_id == docs[second]["id"]]
    assert copy_claims and {c.origin for c in copy_claims} == {"Fjord Wire"}
    [record] = store.agreements(["NO", "UA"])
    term = record["fields"]["term_years"]
    # The original and the copy say it (one origin); the unrelated story is a second.
    assert term["support"] == "confirmed"
    training = next(r for r in record["provisions"] if r["kind"] == "training")
    assert len(training["sources"]) == 2  # two documents, one origin
    assert training["support"] == "reported"
    sources = {s["id"]: s for s in record["sources"]}
    assert sources[docs[second]["id"]]["near_duplicate_of"] == docs[first]["id"]


def test_ingest_records_an_irrelevant_document_without_claims(store: Store,
                                                              tmp_path: Path) -> None:
    path = write(tmp_path, "grain", "Grain exports through the Black Sea rose in March, "
                 "the ministry said, as ships kept to the corridor near the coast.\n",
                 "Harbour Post")
    report = ingest(store, [path], progress=False)
    [doc] = store.documents()
    assert doc["relevant"] is False
    assert report.claims == 0 and store.claims() == []
    again = ingest(store, [path], progress=False)
    assert again.duplicates == [path]
