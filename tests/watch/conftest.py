"""Fixtures for the watch tests: the news site of ``newsroom`` on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from loopback import LoopbackServer
from newsroom import news_routes


@pytest.fixture
def news_site() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        server.routes.update(news_routes(server.base))
        yield server
