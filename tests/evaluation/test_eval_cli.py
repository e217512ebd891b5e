"""`pactwatch eval` end to end through the console script, on a story in our own words."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PACTWATCH = Path(sys.executable).parent / "pactwatch"

STORY = """\
Ukraine and Norway sign ten-year security pact

Norway and Ukraine signed a ten-year security agreement in Oslo on 12 March 2024.
The agreement covers the training of Ukrainian pilots and the sharing of intelligence.
"""
GOLD = {"doc": "norway.txt", "genre": "signing_report", "agreements": [
    {"parties": ["NO", "UA"], "status": "signed", "signed_on": "2024-03-12", "term_years": 10,
     "provisions": {"included": ["training", "intelligence_sharing", "cyber_defense"]}}]}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PACTWATCH), "eval", *args], capture_output=True, text=True,
                          timeout=300)


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    (tmp_path / "norway.txt").write_text(STORY)
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(GOLD) + "\n")
    return path


def test_eval_json_scores_fields_and_lists_the_miss(gold: Path) -> None:
    done = run(str(gold), "--json")
    assert done.returncode == 0, done.stderr
    scores = json.loads(done.stdout)
    assert scores["documents"] == 1
    assert scores["fields"]["parties"]["f1"] == 1.0
    assert scores["fields"]["signed_on"]["tp"] == 1
    provisions = scores["fields"]["provisions"]
    assert (provisions["tp"], provisions["fn"]) == (2, 1)
    [miss] = [f for f in scores["findings"] if f["outcome"] == "miss"]
    assert miss["value"] == ["cyber_defense", "included"]


def test_eval_table_and_floors_gate(gold: Path, tmp_path: Path) -> None:
    floors = tmp_path / "floors.yaml"
    floors.write_text("f1:\n  provisions: 0.95\n")
    done = run(str(gold), "--floors", str(floors))
    assert done.returncode == 1
    assert "Misses and false hits" in done.stdout
    assert "below floor: provisions: F1 0.800 is below the floor 0.95" in done.stderr


def test_eval_missing_document_is_one_line_and_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"doc": "absent.txt"}) + "\n")
    done = run(str(path), "--json")
    assert done.returncode == 1
    assert done.stderr.strip() == f"[PW001] {tmp_path / 'absent.txt'}: no such file or directory"


def test_an_agreement_labelled_in_another_part_of_the_set_exists(tmp_path: Path) -> None:
    """Scoring one part alone: a record of an agreement the other part labels is no
    invented agreement; one that nobody labels still is."""
    (tmp_path / "norway.txt").write_text(STORY)
    (tmp_path / "roundup.txt").write_text(
        "Chile and Peru signed a security agreement in Lima on 3 March 2024. Chile and "
        "Ecuador signed a security agreement in Quito on 4 March 2024.\n")
    chile_peru = {"parties": ["CL", "PE"], "status": "signed", "signed_on": "2024-03-03"}
    (tmp_path / "tune.jsonl").write_text(json.dumps(
        {"doc": "norway.txt", "genre": "seed", "agreements": [chile_peru]}) + "\n")
    test_part = tmp_path / "test.jsonl"
    test_part.write_text(json.dumps({"doc": "roundup.txt", "genre": "roundup",
                                     "agreements": []}) + "\n")

    done = run(str(test_part), "--json")

    assert sorted(json.loads(done.stdout)["nonexistent_records"]) == ["roundup.txt: CL-EC"]
