"""No reference source is a page set apart for the team's private evaluation.

The team's ``is-excluded`` script (beside the repository, in ``shared/real-eval/``)
prints every URL it is given that belongs to that evaluation; the dataset must give it
nothing to print.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pactwatch.reference.load import load_records, reference_dir

IS_EXCLUDED = Path(__file__).resolve().parents[3] / "shared" / "real-eval" / "is-excluded"


def _reference_urls() -> list[str]:
    """Every source URL as written in the YAML files and as the loader stores it."""
    urls: set[str] = set()
    for path in sorted(reference_dir().glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        urls.update(str(source["url"]) for source in data["sources"].values())
    for record in load_records():
        urls.update(str(source.url) for source in record.sources.values())
    return sorted(urls)


def test_no_excluded_sources_is_excluded_prints_nothing_for_the_dataset() -> None:
    if not IS_EXCLUDED.exists():
        pytest.skip(f"{IS_EXCLUDED} not found (a clone outside the team's machines)")
    urls = _reference_urls()
    assert len(urls) > 100  # the whole dataset, not an empty list
    result = subprocess.run([sys.executable, str(IS_EXCLUDED), *urls],
                            capture_output=True, text=True, check=False, timeout=60)
    assert result.stderr == ""
    assert result.stdout.splitlines() == []
    assert result.returncode == 0
