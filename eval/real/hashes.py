#!/usr/bin/env python3
"""Hashes of a re-created excerpt, as LABELLING.md defines them.

    python3 eval/real/hashes.py TEXT...          print sha256 and sha256_normalized
    python3 eval/real/hashes.py --check GOLD...  check every gold line's text against its hashes
"""
import hashlib
import json
import re
import sys
import unicodedata
from pathlib import Path


def hashes(text: str) -> tuple[str, str]:
    normal = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()
    return (hashlib.sha256(text.encode("utf-8")).hexdigest(),
            hashlib.sha256(normal.encode("utf-8")).hexdigest())


def check(gold: Path) -> int:
    bad = 0
    for number, line in enumerate(gold.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        entry = json.loads(line)
        path = gold.parent / entry["doc"]
        if not path.is_file():
            print(f"{gold}:{number}: {path}: missing"); bad += 1; continue
        exact, normal = hashes(path.read_text(encoding="utf-8"))
        if exact != entry["sha256"]:
            how = "normalized only" if normal == entry["sha256_normalized"] else "MISMATCH"
            print(f"{gold}:{number}: {path}: {how}")
            bad += how == "MISMATCH"
    return bad


if __name__ == "__main__":
    if sys.argv[1:2] == ["--check"]:
        sys.exit(1 if sum(check(Path(g)) for g in sys.argv[2:]) else 0)
    for name in sys.argv[1:]:
        exact, normal = hashes(Path(name).read_text(encoding="utf-8"))
        print(json.dumps({"file": name, "sha256": exact, "sha256_normalized": normal}))
