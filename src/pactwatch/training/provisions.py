"""Trains the provision classifier from ``training/provisions/*.jsonl``.

Each line is ``{"text": ..., "included": [kinds], "excluded": [kinds]}``: one sentence in
our own words and the provision kinds it states, with polarity. The classifier is a spaCy
``textcat_multilabel`` over a blank English tokenizer with one label per kind and
polarity. Training is deterministic: one seed (``provision_model.yaml``), a fixed order
of files and lines, a seeded shuffle and a single thread, so ``make model`` rebuilds the
shipped weights and their scores exactly on a machine with the same arithmetic
(``arithmetic.py``; on another CPU the scores come out within a rounding of them).
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from pactwatch import vocab
from pactwatch.errors import BadDataFile
from pactwatch.nlp.classifier import label
from pactwatch.training.arithmetic import ARITHMETIC_FILE, arithmetic

POLARITIES = ("included", "excluded")
SCORES_FILE = "training_scores.json"


@dataclass(frozen=True)
class Sentence:
    text: str
    included: frozenset[str]
    excluded: frozenset[str]

    def cats(self, labels: list[str]) -> dict[str, float]:
        wanted = {label(k, "included") for k in self.included} | {
            label(k, "excluded") for k in self.excluded}
        return {name: float(name in wanted) for name in labels}


def labels() -> list[str]:
    return [label(kind, pol) for kind in vocab.provision_kind_ids() for pol in POLARITIES]


def read_sentences(folder: Path) -> list[Sentence]:
    """Every training sentence, files in name order; a bad line fails with its place."""
    known = set(vocab.provision_kind_ids())
    out: list[Sentence] = []
    seen: set[str] = set()
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        raise BadDataFile(str(folder), "no training files (*.jsonl)")
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BadDataFile(where, f"not JSON ({exc.msg})") from None
            if set(row) != {"text", "included", "excluded"}:
                raise BadDataFile(where, "keys must be text, included, excluded")
            unknown = (set(row["included"]) | set(row["excluded"])) - known
            if unknown:
                raise BadDataFile(where, f"unknown provision kind(s): {sorted(unknown)}")
            text = row["text"].strip()
            if not text or text in seen:
                continue  # a repeated sentence teaches nothing and skews the counts
            seen.add(text)
            out.append(Sentence(text, frozenset(row["included"]), frozenset(row["excluded"])))
    return out


def split(sentences: list[Sentence], every: int) -> tuple[list[Sentence], list[Sentence]]:
    """Training and held-out sentences; held out by a hash of the text, so adding a
    sentence never moves another one between the two."""
    held = [s for s in sentences if _bucket(s.text, every) == 0]
    return [s for s in sentences if _bucket(s.text, every) != 0], held


def _bucket(text: str, every: int) -> int:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16) % every


def build(settings: vocab.ProvisionModel) -> Language:
    """A blank English tokenizer and spaCy's ensemble text classifier: a bag of n-grams
    (cheap, exact on cue words) next to a small CNN over hashed word features (which
    reads a cue in its context: "does not oblige ... to send troops")."""
    nlp = spacy.blank("en")
    width = settings.width
    nlp.add_pipe("textcat_multilabel", config={"threshold": settings.threshold, "model": {
        "@architectures": "spacy.TextCatEnsemble.v2",
        "nO": None,
        "linear_model": {
            "@architectures": "spacy.TextCatBOW.v3",
            "exclusive_classes": False,
            "ngram_size": settings.ngram_size,
            "no_output_layer": False,
            "length": settings.hash_length,
        },
        "tok2vec": {
            "@architectures": "spacy.Tok2Vec.v2",
            "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": width,
                      "rows": settings.embed_rows,
                      "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
                      "include_static_vectors": False},
            "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": width,
                       "window_size": 1, "maxout_pieces": 3, "depth": settings.depth},
        },
    }})
    return nlp


def _examples(nlp: Language, sentences: list[Sentence], names: list[str]) -> list[Example]:
    return [Example.from_dict(nlp.make_doc(s.text), {"cats": s.cats(names)})
            for s in sentences]


def train(folder: Path, out: Path, log: Any = None) -> dict[str, Any]:
    """Trains, writes the pipeline to ``out`` with its scores, and returns the scores."""
    settings = vocab.provision_model()
    fix_random_seed(settings.seed)
    sentences = read_sentences(folder)
    train_set, held = split(sentences, settings.held_out_every)
    names = labels()
    nlp = build(settings)
    textcat = nlp.get_pipe("textcat_multilabel")
    for name in names:
        textcat.add_label(name)  # type: ignore[attr-defined]
    examples = _examples(nlp, train_set, names)
    optimizer = nlp.initialize(lambda: examples)
    shuffler = random.Random(settings.seed)
    for epoch in range(settings.epochs):
        order = examples[:]
        shuffler.shuffle(order)
        losses: dict[str, float] = {}
        for batch in minibatch(order, size=settings.batch_size):
            nlp.update(batch, sgd=optimizer, drop=settings.dropout, losses=losses)
        if log:
            log(f"epoch {epoch + 1}: loss {losses.get('textcat_multilabel', 0.0):.3f}")
    scores = evaluate(nlp, held, settings.threshold)
    scores["sentences"] = {"train": len(train_set), "held_out": len(held)}
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    (out / SCORES_FILE).write_text(json.dumps(scores, indent=1, sort_keys=True) + "\n",
                                   encoding="utf-8")
    (out / ARITHMETIC_FILE).write_text(json.dumps(arithmetic(), indent=1) + "\n",
                                       encoding="utf-8")
    return scores


def evaluate(nlp: Language, held: list[Sentence], threshold: float) -> dict[str, Any]:
    """Micro precision, recall and F1 over (sentence, kind, polarity) on held-out lines."""
    tp = fp = fn = 0
    for sentence, doc in zip(held, nlp.pipe(s.text for s in held), strict=True):
        got = {name for name, score in doc.cats.items() if score >= threshold}
        want = {name for name, value in sentence.cats(labels()).items() if value}
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4),
            "f1": round(f1, 4), "tp": tp, "fp": fp, "fn": fn}
