"""Runs the evaluation over gold files: predict each document, score it, add up."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pactwatch.errors import PactwatchError
from pactwatch.evaluation.gold import GoldDocument, load_gold
from pactwatch.evaluation.predict import predict
from pactwatch.evaluation.score import Scores, score_document
from pactwatch.evaluation.texts import check_text


def evaluate(gold_files: list[Path],
             on_error: Callable[[PactwatchError], None] | None = None,
             model: bool | None = None) -> Scores:
    """Scores over every document of every gold file. A document that cannot be read
    (or, in the real-text set, is not the labelled text) is reported and left out; a
    gold file that cannot be read fails the run. ``model=False`` scores the rules alone,
    without the trained provision classifier."""
    total = Scores()
    lines = [(path, gold) for gold_file in gold_files for path, gold in load_gold(gold_file)]
    known = known_agreements([gold for _, gold in lines] + _siblings(gold_files))
    for path, gold in lines:
        try:
            check_text(path, gold)
            predicted = predict(path, gold.meta(), model=model)
        except PactwatchError as exc:
            total.errors.append(str(exc))
            if on_error:
                on_error(exc)
            continue
        total.add(score_document(gold.doc, gold, predicted, known))
    return total


def _siblings(gold_files: list[Path]) -> list[GoldDocument]:
    """The gold lines of the other parts of the same set (the other ``*.jsonl`` files
    in a gold file's folder): an agreement labelled in the tuning part exists when the
    test part is scored alone."""
    given = {p.resolve() for p in gold_files}
    folders = {p.resolve().parent for p in gold_files}
    return [gold for folder in sorted(folders) for other in sorted(folder.glob("*.jsonl"))
            if other.resolve() not in given for _, gold in load_gold(other)]


def known_agreements(golds: list[GoldDocument]) -> frozenset[str]:
    """The party sets of agreements that exist: the cited reference dataset's and those
    any gold line labels."""
    from pactwatch.reference.load import reference_subjects

    return frozenset(reference_subjects()) | {a.key for g in golds for a in g.agreements}
