"""`pactwatch token add NAME`: a new analyst token, printed once; only its hash is kept.
Registered on the root app by ``register``."""

from __future__ import annotations

from pathlib import Path

import typer

from pactwatch import settings
from pactwatch.cli import failures
from pactwatch.errors import BadToken

token_app = typer.Typer(no_args_is_help=True, help="Analysts' API and dashboard tokens.")


@token_app.command("add")
def add(
    name: str = typer.Argument(..., metavar="NAME",
                               help="The analyst's name, as decisions will show it."),
    file: Path = typer.Option(None, "--file", help="The token file "
                              f"[default: {settings.TOKENS.env}]."),
) -> None:
    """Make a token for NAME: it is printed once, on standard output, and only its
    SHA-256 is appended to the token file. Delete the line to revoke it."""
    from pactwatch.api import tokens

    try:  # a bad name or no file to write to is a usage error
        checked = tokens.check_name(name)
        path = file or tokens.token_file()
        if path is None:
            raise BadToken("--file", f"no token file: give --file PATH or set "
                           f"{settings.TOKENS.env}")
    except BadToken as error:
        failures.line(str(error))
        raise typer.Exit(2) from None
    try:
        token = tokens.add(path, checked)
    except (BadToken, OSError) as error:
        failures.line(str(error) if isinstance(error, BadToken) else
                      str(BadToken(str(path), f"cannot write the token file ({error})")))
        raise typer.Exit(1) from None
    typer.echo(token)
    failures.line(f"token for {checked} added to {path}; it is shown only this once "
                  f"(the server reads the file named by {settings.TOKENS.env})")


def register(app: typer.Typer) -> None:
    """Adds `token add` to the root app."""
    app.add_typer(token_app, name="token")
