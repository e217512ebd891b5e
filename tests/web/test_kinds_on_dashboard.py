"""Every provision kind of the vocabulary, the think tanks' newer areas included, is a
column of the dashboard's matrix and has its label in the legend; adding a kind to the
data file is enough."""

from __future__ import annotations

import json
import re
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from pactwatch import vocab
from pactwatch.api.app import create_app
from pactwatch.cli.app import app


def test_the_overview_matrix_has_a_column_for_every_kind(tmp_path: Path) -> None:
    db = str(tmp_path / "reference.db")
    assert CliRunner().invoke(app, ["--db", db, "load-reference"]).exit_code == 0
    with TestClient(create_app(db)) as client:
        page = client.get("/").text

    chart = re.search(r'<script type="application/json" data-chart="matrix">(.*?)</script>',
                      page, re.S)
    assert chart is not None
    columns = json.dumps(json.loads(chart.group(1)))
    for kind in vocab.provision_kinds():
        assert kind.label in page, kind.id
        assert kind.short in columns, kind.id
    assert "Humanitarian demining" in page and "Support for a just peace" in page
