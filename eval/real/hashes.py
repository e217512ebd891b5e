#!/usr/bin/env python3
"""Hashes of a re-created excerpt, as shared/real-eval/LABELLING.md defines them.

    python3 eval/real/hashes.py TEXT...          print sha256 and sha256_normalized
    python3 eval/real/hashes.py --check GOLD...  check every gold line's text (exit 1 if any
                                                 is missing or differs)
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from pactwatch.errors import PactwatchError  # noqa: E402
from pactwatch.evaluation.gold import load_gold  # noqa: E402
from pactwatch.evaluation.texts import check_text, hashes  # noqa: E402


def check(gold: Path) -> int:
    bad = 0
    for path, line in load_gold(gold):
        try:
            check_text(path, line)
        except PactwatchError as exc:
            print(exc)
            bad += 1
    return bad


if __name__ == "__main__":
    if sys.argv[1:2] == ["--check"]:
        sys.exit(1 if sum(check(Path(g)) for g in sys.argv[2:]) else 0)
    for name in sys.argv[1:]:
        exact, normal = hashes(Path(name).read_text(encoding="utf-8"))
        print(json.dumps({"file": name, "sha256": exact, "sha256_normalized": normal}))
