"""Shared fixtures: the seed articles (read in place, never copied) and stores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pactwatch.ingest.run import ingest
from pactwatch.store.repository import Store

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
CNN_SEED = "000_90172c5dc6841b16.txt"
KI_SEED = "002_bca485edef79b3e3.txt"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not (SEEDS / CNN_SEED).exists():
        pytest.skip(f"seed articles not found at {SEEDS} (a clone outside the team's machines)")
    return SEEDS


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(str(tmp_path / "pactwatch.db")) as opened:
        yield opened


@pytest.fixture(scope="module")
def seeded_store(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[Store]:
    """Both seed articles ingested with their sidecars."""
    db = tmp_path_factory.mktemp("seeded") / "pactwatch.db"
    with Store.open(str(db)) as opened:
        report = ingest(opened, [str(seeds_dir)], progress=False)
        assert not report.failures, report.failures
        yield opened
