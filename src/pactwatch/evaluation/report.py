"""The evaluation's tables as rows of text, shared by the rich and Markdown outputs."""

from __future__ import annotations

from pactwatch.evaluation.score import Counts, Scores

HEADER = ("field", "precision", "recall", "F1", "hits", "false hits", "misses")


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _row(name: str, counts: Counts) -> tuple[str, ...]:
    return (name, _num(counts.precision), _num(counts.recall), _num(counts.f1),
            str(counts.tp), str(counts.fp), str(counts.fn))


def field_rows(scores: Scores) -> list[tuple[str, ...]]:
    rows = [_row(name, counts) for name, counts in scores.fields.items()]
    a = scores.attribution
    rows.append(("attribution (accuracy)", "", "", _num(a.accuracy), str(a.correct),
                 str(a.spurious), str(a.gold - a.correct)))
    rows.append(("speakers found (recall)", "", _num(a.found), "", str(a.speakers_found), "",
                 str(a.speakers - a.speakers_found)))
    rows.append(("negative documents with records", "", "",
                 f"{len(scores.negatives_with_records)} of {scores.negatives}", "", "", ""))
    rows.append(("records of agreements that do not exist", "", "",
                 str(len(scores.nonexistent)), "", "", ""))
    return rows


COMPARE_HEADER = ("field", "F1 rules", "F1 rules + model", "change")


def compare_rows(rules: Scores, both: Scores) -> list[tuple[str, ...]]:
    """F1 per field (and the counts that have no F1) for the rules alone and with the
    trained provision classifier, side by side."""
    def change(a: float | None, b: float | None) -> str:
        return "–" if a is None or b is None else f"{b - a:+.3f}"

    rows: list[tuple[str, ...]] = [(name, _num(rules.fields[name].f1), _num(counts.f1),
             change(rules.fields[name].f1, counts.f1)) for name, counts in both.fields.items()]
    rows.append(("speakers found", _num(rules.attribution.found), _num(both.attribution.found),
                 change(rules.attribution.found, both.attribution.found)))
    rows.append(("negative documents with records", str(len(rules.negatives_with_records)),
                 str(len(both.negatives_with_records)), ""))
    rows.append(("records of agreements that do not exist", str(len(rules.nonexistent)),
                 str(len(both.nonexistent)), ""))
    return rows


def kind_rows(scores: Scores) -> list[tuple[str, ...]]:
    return [_row(kind, counts) for kind, counts in sorted(scores.kinds.items())]


def genre_rows(scores: Scores) -> list[tuple[str, ...]]:
    return [_row(genre, counts) for genre, counts in sorted(scores.genres.items())]


def to_markdown(scores: Scores) -> str:
    lines = [f"{scores.documents} documents", "", _md_row(HEADER),
             _md_row(("---",) + ("---:",) * (len(HEADER) - 1))]
    lines += [_md_row(row) for row in field_rows(scores)]
    lines += ["", _md_row(("provision kind",) + HEADER[1:]),
              _md_row(("---",) + ("---:",) * (len(HEADER) - 1))]
    lines += [_md_row(row) for row in kind_rows(scores)]
    return "\n".join(lines) + "\n"


def _md_row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cells) + " |"
