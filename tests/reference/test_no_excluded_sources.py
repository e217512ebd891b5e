"""No cited source is a page set apart for the team's private evaluation.

The team's ``is-excluded`` script (beside the repository, in ``shared/real-eval/``)
prints every URL it is given that belongs to that evaluation; the reference dataset,
the source lists of the dev set and the examples, and the real-text labels must give it
nothing to print.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pactwatch.reference.load import load_records, reference_dir

REPO = Path(__file__).resolve().parents[2]
IS_EXCLUDED = REPO.parent / "shared" / "real-eval" / "is-excluded"
SOURCE_LISTS = [REPO / "eval" / "dev" / "SOURCES.md",
                REPO / "src" / "pactwatch" / "data" / "examples" / "SOURCES.md"]
REAL_LABELS = sorted((REPO / "eval" / "real").glob("*.jsonl"))
URL = re.compile(r"https?://[^\s)>;]+")


def _reference_urls() -> list[str]:
    """Every source URL as written in the YAML files and as the loader stores it."""
    urls: set[str] = set()
    for path in sorted(reference_dir().glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        urls.update(str(source["url"]) for source in data["sources"].values())
    for record in load_records():
        urls.update(str(source.url) for source in record.sources.values())
    return sorted(urls)


def _listed_urls() -> list[str]:
    urls = {m.group(0) for path in SOURCE_LISTS
            for m in URL.finditer(path.read_text(encoding="utf-8"))}
    return sorted(urls)


def _label_urls() -> list[str]:
    return sorted({json.loads(line)["url"] for path in REAL_LABELS
                   for line in path.read_text(encoding="utf-8").splitlines() if line.strip()})


@pytest.mark.parametrize("collect, at_least", [
    (_reference_urls, 100), (_listed_urls, 200), (_label_urls, 120)],
    ids=["reference dataset", "dev and example source lists", "real-text labels"])
def test_no_excluded_sources_is_excluded_prints_nothing(collect, at_least: int) -> None:
    if not IS_EXCLUDED.exists():
        pytest.skip(f"{IS_EXCLUDED} not found (a clone outside the team's machines)")
    urls = collect()
    assert len(urls) > at_least  # the whole list, not an empty one
    result = subprocess.run([sys.executable, str(IS_EXCLUDED), *urls],
                            capture_output=True, text=True, check=False, timeout=60)
    assert result.stderr == ""
    assert result.stdout.splitlines() == []
    assert result.returncode == 0
