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
    rows.append(("negative documents with records", "", "",
                 f"{len(scores.negatives_with_records)} of {scores.negatives}", "", "", ""))
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
