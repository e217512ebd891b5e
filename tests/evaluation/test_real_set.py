"""The real-text evaluation set (eval/real): labels that hold the numbers the work
needs, never a URL of the private set, and, where the texts have been re-created, the
exact labelled texts, which a registry built from the reference data and all of them
does not corrupt."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from pactwatch.evaluation.gold import GoldDocument, load_gold
from pactwatch.evaluation.run import known_agreements
from pactwatch.evaluation.texts import check_text
from pactwatch.ingest.run import ingest
from pactwatch.reference.load import load_records, load_reference
from pactwatch.store.repository import Store

REAL = Path(__file__).resolve().parents[2] / "eval" / "real"
IS_EXCLUDED = REAL.parents[2] / "shared" / "real-eval" / "is-excluded"
CITED_FIELDS = ("status", "signed_on", "term_years", "legal_form", "binding_on_successors")


def _cited_fields() -> dict[str, tuple[str, ...]]:
    """The fields each reference record cites: a value, or an absence with its sources
    (a field left out is unstated, and a report may fill it). Status is cited with the
    signing date."""
    return {record.id: tuple(f for f in CITED_FIELDS
                             if getattr(record, "signed_on" if f == "status" else f))
            for record in load_records()}


def _part(name: str) -> list[tuple[Path, GoldDocument]]:
    return load_gold(REAL / f"{name}.jsonl")


def _all() -> list[tuple[Path, GoldDocument]]:
    return _part("tune") + _part("test")


def test_real_set_has_the_documents_the_measurement_needs() -> None:
    lines = [gold for _, gold in _all()]
    genres = Counter(gold.genre for gold in lines)
    assert len(lines) >= 120
    assert genres["ukraine-bilateral"] >= 80
    assert genres["other-pact"] >= 20 and genres["negative"] >= 20
    assert len(_part("test")) >= 40
    partners = {code for gold in lines if gold.genre == "ukraine-bilateral"
                for a in gold.agreements if "UA" in a.parties for code in a.parties} - {"UA"}
    assert len(partners) >= 29  # the 28 agreements (27 states and the EU) and Croatia


def test_real_set_lines_say_where_their_text_comes_from() -> None:
    lines = [gold for _, gold in _all()]
    assert all(g.query and g.rank and g.url and g.sha256 and g.sha256_normalized
               and g.id for g in lines)
    assert len({g.id for g in lines}) == len(lines)
    assert len({g.url for g in lines}) == len(lines)
    tune = {g.url for _, g in _part("tune")}
    assert not tune & {g.url for _, g in _part("test")}


def test_real_set_uses_no_url_of_the_private_set() -> None:
    if not IS_EXCLUDED.exists():
        pytest.skip(f"{IS_EXCLUDED} not found (a clone outside the team's machines)")
    urls = "\n".join(g.url or "" for _, g in _all()) + "\n"
    done = subprocess.run([str(IS_EXCLUDED)], input=urls, capture_output=True, text=True,
                          check=False)
    assert (done.returncode, done.stdout) == (0, "")


@pytest.fixture(scope="module")
def texts() -> list[tuple[Path, GoldDocument]]:
    lines = _all()
    if not all(path.is_file() for path, _ in lines):
        pytest.skip("the real-text excerpts are not re-created here (eval/real/README.md)")
    return lines


def test_real_set_texts_are_the_labelled_ones(texts: list[tuple[Path, GoldDocument]]) -> None:
    for path, gold in texts:
        check_text(path, gold)


@pytest.mark.slow
@pytest.mark.issue(12)
def test_real_set_ingested_over_the_reference_data_corrupts_nothing(
        texts: list[tuple[Path, GoldDocument]], tmp_path: Path) -> None:
    folder = tmp_path / "real"
    folder.mkdir()
    for path, gold in texts:
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        meta = {k: v for k, v in {"outlet": gold.outlet, "url": gold.url,
                                  "published": gold.published and gold.published.isoformat()
                                  }.items() if v}
        (folder / f"{path.stem}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with Store.open(str(tmp_path / "registry.db")) as store:
        load_reference(store)
        fields = _cited_fields()
        cited = {r["id"]: {f: r[f] for f in fields[r["id"]]} for r in store.agreements()}
        report = ingest(store, [str(folder)], progress=False)
        assert not report.failures
        after = {r["id"]: r for r in store.agreements()}
    known = known_agreements([gold for _, gold in texts])
    invented = sorted(i for i, r in after.items() if "-".join(r["parties"]) not in known)
    assert invented == []
    changed = {i: {f: (v, after[i][f]) for f, v in fields.items() if after[i][f] != v}
               for i, fields in cited.items()}
    assert {i: c for i, c in changed.items() if c} == {}
