"""The agreement records in ATOP's variables: an alliance-level table, a member-level
table and, for every coded cell, the claims and source URLs behind it.

The coding rules are data (``data/atop.yaml``; the codebook is ``docs/atop.md``). A cell
is 1 or a value only where a claim supports it, 0 only where a claim excludes the
obligation or the record is coded from the agreement's full text, and missing where
nothing decides it, never a silent 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from pactwatch.analysis.export import Table, export

FULL_TEXT = "coded from the full text: the text does not provide it"


@dataclass(frozen=True)
class Cell:
    value: int | None
    rule: str = ""
    claims: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # document ids


@cache
def coding() -> dict[str, Any]:
    path = resources.files("pactwatch.data").joinpath("atop.yaml")
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")))


def variables() -> dict[str, dict[str, Any]]:
    return dict(coding()["variables"])


def differs_by_design() -> dict[str, str]:
    """Variables pactwatch codes differently from ATOP on purpose, with the reason."""
    return {name: " ".join(spec["differs_by_design"].split())
            for name, spec in variables().items() if spec.get("differs_by_design")}


def code(record: dict[str, Any]) -> dict[str, Cell]:
    """Every variable's cell for one agreement record."""
    full_text = _field(record, "fully_coded")
    cells = {}
    for name, spec in variables().items():
        cell = _first(record, spec.get("rules", []))
        if cell is None and spec.get("absent_when_silent") and full_text and full_text[0]:
            cell = Cell(0, FULL_TEXT, *full_text[1:])
        cells[name] = cell or Cell(None)
    return cells


def _first(record: dict[str, Any], rules: Iterable[dict[str, Any]]) -> Cell | None:
    for rule in rules:
        found = _apply(record, rule)
        if found is not None:
            return found
    return None


def _apply(record: dict[str, Any], rule: dict[str, Any]) -> Cell | None:
    if "provision" in rule:
        return _provision(record, rule["provision"])
    if "field" in rule:
        found = _field(record, rule["field"])
        if found is None:
            return None
        value, claims, sources = found
        if "map" in rule:
            if value not in rule["map"]:
                return None
            return Cell(rule["map"][value], f"{rule['field']} is {value}", claims, sources)
        if "times" in rule:
            return Cell(int(value) * rule["times"], f"{rule['field']} {value} × "
                        f"{rule['times']}", claims, sources)
        return Cell(rule["value"], f"{rule['field']} stated", claims, sources)
    if "members" in rule:
        return _bilateral(record)
    if "begin" in rule:
        return _begin(record, rule["begin"])
    raise ValueError(f"unknown ATOP rule {rule!r}")


def _field(record: dict[str, Any], name: str) -> tuple[Any, list[str], list[str]] | None:
    entry = (record.get("fields") or {}).get(name)
    if not entry or entry.get("value") is None or entry.get("support") == "conflicting":
        return None
    return entry["value"], list(entry.get("claims", [])), list(entry.get("sources", []))


def _provision(record: dict[str, Any], kinds: list[str]) -> Cell | None:
    rows = [p for p in record.get("provisions") or [] if p["kind"] in kinds]
    for polarity, value in (("included", 1), ("excluded", 0)):
        chosen = [p for p in rows if p.get("polarity") == polarity]
        if chosen and (polarity == "included" or len(chosen) == len(rows)):
            claims = [c for p in chosen for c in p.get("claims", [])]
            sources = sorted({s for p in chosen for s in p.get("sources", [])})
            kinds_named = ", ".join(sorted({p["kind"] for p in chosen}))
            return Cell(value, f"provision {kinds_named} {polarity}", claims, sources)
    return None


def _members(record: dict[str, Any]) -> tuple[list[str], list[str], list[str]] | None:
    """The states the agreement binds, and the claims that say so (none for parties)."""
    listed = _field(record, "members")
    if listed is not None:
        return list(listed[0]), listed[1], listed[2]
    if set(record["parties"]) & set(coding().get("groups", [])):
        return None
    signed = (record.get("fields") or {}).get("signed_on") or {}
    return list(record["parties"]), list(signed.get("claims", [])), list(
        signed.get("sources", []))


def _bilateral(record: dict[str, Any]) -> Cell | None:
    found = _members(record)
    if found is None:
        return None
    members, claims, sources = found
    return Cell(int(len(members) == 2), f"{len(members)} members", claims, sources)


def _begin(record: dict[str, Any], part: str) -> Cell | None:
    found = _field(record, "signed_on")
    if found is None:
        return None
    signed = date.fromisoformat(str(found[0]))
    return Cell(getattr(signed, part), "signing date", found[1], found[2])


def tables(records: list[dict[str, Any]]) -> dict[str, Table]:
    """``atop_alliance``, ``atop_members`` and ``atop_provenance`` rows."""
    alliance: Table = []
    members: Table = []
    provenance: Table = []
    cow = _cow_codes()
    for record in records:
        cells = code(record)
        urls = {s["id"]: s.get("url") for s in record.get("sources") or []}
        alliance.append({"atopid": record["id"], "title": record["title"],
                         **{name: cell.value for name, cell in cells.items()}})
        for name, cell in cells.items():
            if cell.value is None:
                continue
            provenance.append({"atopid": record["id"], "variable": name, "value": cell.value,
                               "rule": cell.rule, "claim_ids": "; ".join(cell.claims),
                               "source_urls": "; ".join(sorted(
                                   {u for d in cell.sources if (u := urls.get(d))}))})
        found = _members(record)
        begin = [cells[k].value for k in ("begyr", "begmo", "begday")]
        for member in (found[0] if found else []):
            members.append({"atopid": record["id"], "member": cow.get(member), "iso": member,
                            "yrent": begin[0], "moent": begin[1], "dayent": begin[2]})
    return {"atop_alliance": alliance, "atop_members": members,
            "atop_provenance": provenance}


@cache
def _cow_codes() -> dict[str, int]:
    path = resources.files("pactwatch.data").joinpath("cow_codes.yaml")
    return dict(yaml.safe_load(path.read_text(encoding="utf-8"))["codes"])


def write(folder: Path, records: list[dict[str, Any]]) -> list[Path]:
    return export(folder, "csv", tables(records))
