"""Schemathesis over /openapi.json: generated requests to every operation find no
server error (5xx)."""

from __future__ import annotations

import os
import tempfile

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from pactwatch.api.app import create_app
from pactwatch.reference.load import load_reference
from pactwatch.store.repository import Store

pytestmark = pytest.mark.slow

TOKEN = "schemathesis-token"
_DB = os.path.join(tempfile.mkdtemp(prefix="pactwatch-schema-"), "pactwatch.db")
with Store.open(_DB) as _store:
    load_reference(_store)

schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(_DB))


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_has_no_server_errors(case: schemathesis.Case,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACTWATCH_TOKEN", TOKEN)
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"},
                           checks=[not_a_server_error])
