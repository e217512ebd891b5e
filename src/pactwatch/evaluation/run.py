"""Runs the evaluation over gold files: predict each document, score it, add up."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pactwatch.errors import PactwatchError
from pactwatch.evaluation.gold import load_gold
from pactwatch.evaluation.predict import predict
from pactwatch.evaluation.score import Scores, score_document


def evaluate(gold_files: list[Path],
             on_error: Callable[[PactwatchError], None] | None = None) -> Scores:
    """Scores over every document of every gold file. A document that cannot be read
    is reported and left out; a gold file that cannot be read fails the run."""
    total = Scores()
    for gold_file in gold_files:
        for path, gold in load_gold(gold_file):
            try:
                predicted = predict(path)
            except PactwatchError as exc:
                total.errors.append(str(exc))
                if on_error:
                    on_error(exc)
                continue
            total.add(score_document(gold.doc, gold, predicted))
    return total
