"""The extraction quality gate: minimum scores pinned in a YAML file (eval/floors.yaml).

A floor is lowered only on purpose, in its own commit; the test suite and
`pactwatch eval --floors` fail when a score drops below one.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from pactwatch.errors import BadDataFile
from pactwatch.evaluation.score import FIELDS, Scores


class Floors(BaseModel):
    model_config = ConfigDict(extra="forbid")
    f1: dict[str, float] = {}
    attribution_accuracy: float | None = None
    negatives_with_records: int | None = None


def load_floors(path: Path) -> Floors:
    try:
        floors = Floors.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise BadDataFile(str(path), str(exc).splitlines()[0]) from None
    unknown = sorted(set(floors.f1) - set(FIELDS))
    if unknown:
        raise BadDataFile(str(path), f"unknown field(s): {', '.join(unknown)}")
    return floors


def below_floors(scores: Scores, floors: Floors) -> list[str]:
    """One line per floor the scores miss; empty when the gate passes."""
    out = []
    for name, floor in floors.f1.items():
        f1 = scores.fields[name].f1
        if f1 is not None and f1 < floor:
            out.append(f"{name}: F1 {f1:.3f} is below the floor {floor:.2f}")
    accuracy = scores.attribution.accuracy
    if floors.attribution_accuracy is not None and accuracy is not None \
            and accuracy < floors.attribution_accuracy:
        out.append(f"attribution: accuracy {accuracy:.3f} is below the floor "
                   f"{floors.attribution_accuracy:.2f}")
    allowed = floors.negatives_with_records
    if allowed is not None and len(scores.negatives_with_records) > allowed:
        out.append(f"negatives: {len(scores.negatives_with_records)} negative document(s) "
                   f"yield records ({', '.join(scores.negatives_with_records)}); "
                   f"allowed {allowed}")
    return out
