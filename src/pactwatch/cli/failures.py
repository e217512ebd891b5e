"""How the command line fails: one line on stderr, never a traceback unless ``--debug``.

Coded failures (``[PW040] path: reason``) exit with status 1; a value outside its
vocabulary (an unknown party code or status) is a usage error, status 2. Scripts grep
these lines, so they are never wrapped, styled or boxed.
"""

from __future__ import annotations

import sys
import traceback
from typing import Any, NoReturn

import typer
from typer.core import TyperGroup

from pactwatch import codes, settings
from pactwatch.errors import PactwatchError
from pactwatch.store.db import FAILURES, as_database_error


def line(text: str) -> None:
    sys.stderr.write(text.replace("\n", " ") + "\n")
    sys.stderr.flush()


def line_of(error: PactwatchError) -> None:
    """A coded error as its one line on stderr."""
    line(str(error))


def fail(error: BaseException, *, debug: bool, status: int = 1) -> NoReturn:
    """The coded line for ``error`` (after its traceback with ``--debug``), then exit."""
    if debug:
        traceback.print_exception(error, file=sys.stderr)
    line(str(error))
    raise typer.Exit(status) from None


class OneLineGroup(TyperGroup):
    """The root command: a coded error or a database failure that no command caught
    becomes its one line instead of a traceback."""

    def invoke(self, ctx: Any) -> Any:  # typer's own (vendored) click.Context
        debug = bool(ctx.params.get("debug"))
        try:
            return super().invoke(ctx)
        except PactwatchError as error:
            fail(error, debug=debug)
        except FAILURES as error:
            coded = as_database_error(ctx.params.get("db") or settings.DB.value(), error)
            coded.__cause__ = error
            fail(coded, debug=debug)


def _usage(option: str, error: codes.UnknownCode) -> NoReturn:
    line(f"{option}: {error}")
    raise typer.Exit(2)


def party_option(param: typer.CallbackParam, value: str | None) -> str | None:
    """Option callback: a party code, name or alias as the store's code."""
    if value is None:
        return None
    try:
        return codes.party(value)
    except codes.UnknownCode as error:
        _usage(param.opts[0], error)


def parties_option(param: typer.CallbackParam, value: list[str] | None) -> list[str]:
    """Option callback for a repeatable party option."""
    try:
        return codes.parties(value or [])
    except codes.UnknownCode as error:
        _usage(param.opts[0], error)


def status_option(param: typer.CallbackParam, value: str | None) -> str | None:
    """Option callback: an agreement status from the lifecycle (signed, in_force...)."""
    from pactwatch.reconcile.build import STATUS_ORDER

    if value is None:
        return None
    try:
        return codes.choice(value, STATUS_ORDER, "status")
    except codes.UnknownCode as error:
        _usage(param.opts[0], error)
