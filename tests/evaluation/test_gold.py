"""Reading gold files: a bad line fails with its file, line number and reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pactwatch.errors import BadDataFile, MissingPath
from pactwatch.evaluation.gold import load_gold


def write(tmp_path: Path, *lines: object) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(x) if not isinstance(x, str) else x for x in lines))
    return path


def test_gold_paths_are_relative_to_the_gold_file(tmp_path: Path) -> None:
    path = write(tmp_path, {"doc": "docs/a.txt", "agreements": [
        {"parties": ["UA", "DK"], "signed_on": "2024-02-23"}]})
    [(doc, gold)] = load_gold(path)
    assert doc == tmp_path / "docs" / "a.txt"
    assert gold.agreements[0].key == "DK-UA"
    assert str(gold.agreements[0].signed_on) == "2024-02-23"


@pytest.mark.parametrize(("line", "reason"), [
    ("{not json", "not JSON"),
    ({"doc": "a.txt", "agreements": [{"parties": ["UA", "XX"]}]}, "unknown party code"),
    ({"doc": "a.txt", "agreements": [{"parties": ["UA", "DK"],
                                      "provisions": {"included": ["hugs"]}}]},
     "unknown provision kind"),
    ({"doc": "a.txt", "agreements": [{"parties": ["UA", "DK"], "status": "maybe"}]},
     "status must be one of"),
    ({"doc": "a.txt", "agreements": [{"parties": ["UA", "DK"]}, {"parties": ["DK", "UA"]}]},
     "two agreements with the same parties"),
    ({"doc": "a.txt", "speaker": []}, "Extra inputs are not permitted"),
])
def test_gold_bad_line_names_file_line_and_reason(tmp_path: Path, line: object,
                                                  reason: str) -> None:
    path = write(tmp_path, {"doc": "fine.txt"}, line)
    with pytest.raises(BadDataFile) as raised:
        load_gold(path)
    assert str(raised.value).startswith(f"[PW030] {path}:2: ")
    assert reason in str(raised.value)


def test_gold_missing_file_is_a_coded_error(tmp_path: Path) -> None:
    with pytest.raises(MissingPath):
        load_gold(tmp_path / "absent.jsonl")
