"""The texts of the real-text evaluation set: hashed as ``shared/real-eval/LABELLING.md``
defines, and checked against their gold line before they are scored.

The texts are never committed (they are third-party prose); they are re-created from the
search tool into ``eval/real/texts/`` by the procedure in ``eval/real/README.md``. A text
that is missing or differs from its hash fails that document with one coded line, so a
score is never computed over texts other than the labelled ones.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from pactwatch.errors import MissingPath, TextMismatch
from pactwatch.evaluation.gold import GoldDocument

RECREATE_HINT = "re-create it by the procedure in eval/real/README.md"


def hashes(text: str) -> tuple[str, str]:
    """``sha256`` of the UTF-8 bytes and ``sha256_normalized`` (NFKC, runs of
    whitespace as one space, stripped), which forgives an invisible copying slip."""
    normal = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()
    return (hashlib.sha256(text.encode("utf-8")).hexdigest(),
            hashlib.sha256(normal.encode("utf-8")).hexdigest())


def check_text(path: Path, gold: GoldDocument) -> None:
    """Raises when a hashed gold line's text is missing or is not the labelled text."""
    if gold.sha256 is None:
        return
    if not path.is_file():
        raise MissingPath(str(path), f"no such text; {RECREATE_HINT}")
    exact, normal = hashes(path.read_text(encoding="utf-8"))
    if exact != gold.sha256 and normal != gold.sha256_normalized:
        raise TextMismatch(str(path), f"differs from the text labelled as {gold.id}; "
                           f"{RECREATE_HINT}")
