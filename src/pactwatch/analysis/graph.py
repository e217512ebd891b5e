"""`pactwatch graph`: the party network (networkx), one edge per agreement between its
parties, with the kinds it covers, its dates and pledges as edge attributes."""

from __future__ import annotations

import io
import json
from typing import Any

import networkx as nx

from pactwatch.nlp.parties import resolver

FORMATS = ("graphml", "json")


def party_graph(records: list[dict[str, Any]]) -> nx.MultiGraph:
    graph = nx.MultiGraph()
    for record in records:
        for party in record["parties"]:
            graph.add_node(party, name=resolver().name(party))
        parties = record["parties"]
        included = [p["kind"] for p in record.get("provisions", [])
                    if p["polarity"] == "included"]
        excluded = [p["kind"] for p in record.get("provisions", [])
                    if p["polarity"] == "excluded"]
        for i, a in enumerate(parties):
            for b in parties[i + 1:]:
                # GraphML holds scalars only: lists are joined, pledges are JSON text
                graph.add_edge(a, b, key=record["id"], agreement=record["id"],
                               status=record.get("status") or "",
                               signed_on=record.get("signed_on") or "",
                               expires_on=record.get("expires_on") or "",
                               legal_form=record.get("legal_form") or "",
                               kinds=",".join(included), excluded=",".join(excluded),
                               pledges=json.dumps(record.get("pledges", [])),
                               sources=",".join(s["id"] for s in record.get("sources", [])))
    return graph


def write(graph: nx.MultiGraph, fmt: str) -> str:
    if fmt == "graphml":
        out = io.BytesIO()
        nx.write_graphml(graph, out)
        return out.getvalue().decode("utf-8")
    return json.dumps(nx.node_link_data(graph, edges="edges"), indent=2, ensure_ascii=False) \
        + "\n"
