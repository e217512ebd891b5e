"""Calibrated claim confidence: per predicate and modality, the share of the
extractor's claims that the gold of a tuning set bears out (``pactwatch eval GOLD
--calibrate FILE``, written to ``src/pactwatch/data/confidence.yaml``).

A claim is borne out when its agreement is labelled in its document and its value is
the gold one: the same (kind, polarity) for a provision; the gold status or a step
before it (a pre-signing report that a signed agreement was "expected" was true then);
the gold date or term. A claim about an agreement the document only mentions in
passing (one that exists but is not labelled there) is not counted either way; one about
an agreement that does not exist is wrong. Shares are smoothed (one hit and one miss
added), so a small count cannot claim certainty.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from pactwatch.errors import PactwatchError
from pactwatch.evaluation.gold import GoldAgreement, GoldDocument, load_gold
from pactwatch.evaluation.predict import predict
from pactwatch.evaluation.run import known_agreements
from pactwatch.evaluation.texts import check_text
from pactwatch.reconcile.build import STATUS_ORDER
from pactwatch.records import Claim, subject_key

CALIBRATED = ("provision", "status", "signed_on", "term_years")
# Below this many claims a (predicate, modality) share falls back to the predicate's.
MIN_CLAIMS = 5


def borne_out(claim: Claim, gold: GoldAgreement) -> bool:
    if claim.predicate == "provision":
        kinds = gold.provisions.included if claim.polarity == "included" \
            else gold.provisions.excluded
        return bool(claim.value["kind"] in kinds)
    if claim.predicate == "status":
        return gold.status is not None and claim.value in STATUS_ORDER and \
            STATUS_ORDER.index(claim.value) <= STATUS_ORDER.index(gold.status)
    if claim.predicate == "signed_on":
        return gold.signed_on is not None and claim.value == gold.signed_on.isoformat()
    return gold.term_years is not None and claim.value == gold.term_years


def calibrate(gold_files: list[Path],
              on_error: Callable[[PactwatchError], None] | None = None) -> dict[str, Any]:
    lines = [(p, g) for f in gold_files for p, g in load_gold(f)]
    known = known_agreements([g for _, g in lines])
    hits: Counter[tuple[str, str]] = Counter()
    totals: Counter[tuple[str, str]] = Counter()
    for path, gold in lines:
        try:
            check_text(path, gold)
            predicted = predict(path, gold.meta())
        except PactwatchError as exc:
            if on_error:
                on_error(exc)
            continue
        _count(gold, predicted.claims, known, hits, totals)
    return _shares(hits, totals, len(lines))


def _count(gold: GoldDocument, claims: list[Claim], known: frozenset[str],
           hits: Counter[tuple[str, str]], totals: Counter[tuple[str, str]]) -> None:
    expected = {a.key: a for a in gold.agreements}
    for claim in claims:
        if claim.predicate not in CALIBRATED:
            continue
        key = subject_key(claim.subject)
        if key not in expected and key in known:
            continue
        slot = (claim.predicate, claim.modality)
        totals[slot] += 1
        hits[slot] += key in expected and borne_out(claim, expected[key])


def _shares(hits: Counter[tuple[str, str]], totals: Counter[tuple[str, str]],
            documents: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for predicate in CALIBRATED:
        n = sum(v for (p, _), v in totals.items() if p == predicate)
        h = sum(v for (p, _), v in hits.items() if p == predicate)
        overall = (h + 1) / (n + 2)
        moods = {}
        for mood in ("asserted", "expected", "hedged"):
            slot_n, slot_h = totals[(predicate, mood)], hits[(predicate, mood)]
            share = (slot_h + 1) / (slot_n + 2) if slot_n >= MIN_CLAIMS else overall
            moods[mood] = {"confidence": round(share, 3), "claims": slot_n}
        out[predicate] = moods
    return {"documents": documents, "predicates": out}


def write(path: Path, result: dict[str, Any], sources: list[Path]) -> None:
    header = ("# Claim confidence per predicate and modality: the share of the extractor's\n"
              "# claims that the gold bears out, measured by `pactwatch eval "
              f"{' '.join(str(s) for s in sources)} --calibrate`\n"
              "# (pactwatch.evaluation.calibrate). Predicates not listed keep the defaults.\n")
    body = {"measured_on": [str(s) for s in sources], **result,
            "defaults": {"asserted": 0.9, "expected": 0.75, "hedged": 0.6}}
    path.write_text(header + yaml.safe_dump(body, sort_keys=False), encoding="utf-8")
