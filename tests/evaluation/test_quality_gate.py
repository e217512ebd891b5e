"""The extraction quality gate: the dev set and the seeds score at or above the floors
pinned in eval/floors.yaml (lowered only on purpose, in their own commit)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pactwatch.evaluation.floors import below_floors, load_floors
from pactwatch.evaluation.run import evaluate

pytestmark = pytest.mark.slow

EVAL = Path(__file__).resolve().parents[2] / "eval"


def test_dev_set_scores_at_or_above_the_floors() -> None:
    scores = evaluate([EVAL / "dev" / "gold.jsonl"])
    assert scores.errors == []
    assert scores.documents >= 40
    assert scores.negatives >= 8
    assert below_floors(scores, load_floors(EVAL / "floors.yaml")) == []


def test_seed_articles_score_at_or_above_the_floors(seeds_dir: Path) -> None:
    scores = evaluate([EVAL / "seeds" / "gold.jsonl"])
    assert scores.errors == []
    assert below_floors(scores, load_floors(EVAL / "floors.yaml")) == []
