"""Analysts' tokens: `pactwatch token add` prints a token once and keeps only its hash;
the token file is checked line by line."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from pactwatch.api import tokens
from pactwatch.errors import BadToken

PACTWATCH = Path(sys.executable).parent / "pactwatch"

pytestmark = pytest.mark.issue(14)


def _token_add(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PACTWATCH), "token", "add", *args], capture_output=True,
                          text=True, timeout=120, env={**os.environ, **(env or {})})


def test_tokens_add_prints_the_token_once_and_stores_only_its_hash(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch
                                                                  ) -> None:
    path = tmp_path / "tokens"

    done = _token_add("Ana Analyst", "--file", str(path))

    assert done.returncode == 0, done.stderr
    token = done.stdout.strip()
    assert len(token) >= 40 and "\n" not in token
    stored = path.read_text(encoding="utf-8")
    assert token not in stored
    assert stored == f"Ana Analyst:{hashlib.sha256(token.encode()).hexdigest()}\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    monkeypatch.setenv("PACTWATCH_TOKENS", str(path))
    assert tokens.analyst(token) == "Ana Analyst"
    assert tokens.analyst(token + "x") is None


def test_tokens_add_appends_and_reads_the_setting(tmp_path: Path) -> None:
    path = tmp_path / "tokens"
    first = _token_add("Ana", env={"PACTWATCH_TOKENS": str(path)})
    second = _token_add("Ben", env={"PACTWATCH_TOKENS": str(path)})

    assert first.returncode == 0 and second.returncode == 0, second.stderr
    assert first.stdout != second.stdout
    assert [line.split(":")[0] for line in path.read_text().splitlines()] == ["Ana", "Ben"]


def test_tokens_add_refuses_a_bad_name_or_no_file(tmp_path: Path) -> None:
    path = tmp_path / "tokens"
    env = {"PACTWATCH_TOKENS": ""}

    colon = _token_add("ana:admin", "--file", str(path))
    nowhere = _token_add("Ana", env=env)

    assert colon.returncode == 2 and colon.stderr.startswith("[PW024] ")
    assert nowhere.returncode == 2 and "[PW024] --file:" in nowhere.stderr
    assert len(colon.stderr.splitlines()) == 1 and "Traceback" not in colon.stderr
    assert not path.exists()


def test_tokens_file_lines_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "tokens"
    good = hashlib.sha256(b"x").hexdigest()
    path.write_text(f"# the newsroom's analysts\n\nAna:{good}\nBen:{good[:-1]}\n")

    with pytest.raises(BadToken, match=r"tokens:4: expected NAME:SHA256-HEX"):
        tokens.read(path)
    with pytest.raises(BadToken, match="no such token file"):
        tokens.read(tmp_path / "absent")
    path.write_text(f"Ana:{good}\n")
    assert tokens.read(path) == [tokens.Entry("Ana", good)]
