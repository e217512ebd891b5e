"""The README documents every setting, command, provision kind and error code."""

from __future__ import annotations

import re
from pathlib import Path

from pactwatch import errors, settings, vocab
from pactwatch.cli.app import app

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_documentation_quick_start_is_two_commands() -> None:
    block = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    assert block.strip().splitlines() == ["make demo", "make test"]


def test_documentation_every_setting_is_documented() -> None:
    for setting in settings.ALL_SETTINGS:
        assert setting.env in README, setting.name


def test_documentation_every_command_is_documented() -> None:
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert names
    for name in names:
        assert f"pactwatch {name}" in README, name


def test_documentation_every_provision_kind_is_documented() -> None:
    for kind in vocab.provision_kind_ids():
        assert f"`{kind}`" in README, kind


def test_documentation_every_error_code_is_documented() -> None:
    codes = {v.code for v in vars(errors).values()
             if isinstance(v, type) and issubclass(v, errors.PactwatchError)}
    codes -= {"PW000"}
    for code in codes:
        assert re.search(rf"\b{code}\b", README), code
