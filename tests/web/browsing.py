"""What the browser tests share: the installed CLI, a `pactwatch serve` started on a free
loopback port, and Debian's Chromium (see ``conftest.py`` for the browser fixture)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PACTWATCH = Path(sys.executable).parent / "pactwatch"
ARTIFACTS = Path(os.environ.get("PACTWATCH_ARTIFACTS", "test-artifacts")) / "screenshots"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db: Path, env: dict[str, str]) -> Iterator[str]:
    """`pactwatch serve` over ``db`` with ``env``, until the block ends; yields its URL
    once it answers."""
    port = free_port()
    process = subprocess.Popen([str(PACTWATCH), "--db", str(db), "serve", "--port",
                                str(port)], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/openapi.json", timeout=1)
                break
            except OSError:
                time.sleep(0.25)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("Debian's chromium is not installed (.ci/run installs it with apt-get)")
    return found
