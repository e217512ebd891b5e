from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """An SQLite file, for the tests of SQLite's own settings (WAL, busy timeout)."""
    return tmp_path / "pactwatch.db"
