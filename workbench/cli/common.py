"""What every command shares: the store handle, safe output, errors as one line, progress lines."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from sqlite_utils import Database

__version__ = "0.1.0"
T = TypeVar("T")
DB_HELP = "The workbench database (default: $WORKBENCH_DB or ./workbench.db)."
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: object) -> str:
    """Data shown on a terminal: control characters and escape sequences made visible, not run."""
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group(0)):02x}", str(text))


class Workbench(click.Group):
    """Turns the errors a user can act on into one line on stderr and a non-zero exit."""

    def invoke(self, ctx: click.Context) -> Any:
        from claims_db import StoreError
        from workbench.errors import WorkbenchError

        try:
            return super().invoke(ctx)
        except (WorkbenchError, StoreError) as exc:
            fail(str(exc))
        except sqlite3.DatabaseError as exc:
            fail(f"database error: {exc}")
        except BrokenPipeError:
            # `workbench claims | head`: the reader left; stop quietly, as other tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(0)
        except OSError as exc:
            fail(f"{exc.filename or ''}{': ' if exc.filename else ''}{exc.strerror or exc}")
        except KeyboardInterrupt:
            click.echo("Interrupted; nothing half-written was kept.", err=True)
            sys.exit(130)


def utf8(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A click callback for text that is stored: bytes that are not UTF-8 on the command line arrive
    as lone surrogates, which the store can't encode; a usage error names the option instead."""
    if value is not None:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise click.BadParameter("not valid UTF-8 text (check the terminal's encoding)") from None
    return value


def fail(message: str) -> None:
    click.echo(f"Error: {safe(message)}", err=True)
    sys.exit(1)


class State:
    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        self._db: Database | None = None

    def db(self) -> Database:
        if self._db is None:
            import claims_db

            self._db = claims_db.connect(self.db_path)
        return self._db


pass_state = click.make_pass_decorator(State)


def default_db() -> str:
    return os.environ.get("WORKBENCH_DB") or "workbench.db"


def open_tui(state: State) -> None:
    from workbench.tui.app import run

    run(state.db_path)


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def write_or_print(text: str, output: str | None, summary: str) -> None:
    """Write ``text`` to the file ``output`` (whole or not at all), or print it."""
    if output:
        from workbench.reports import write_atomically

        write_atomically(Path(output), text)
        click.echo(f"{output}: {summary}", err=True)
    else:
        click.echo(text, nl=False)


def progress_line(render: Callable[[T], str]) -> Callable[[T], None]:
    """A progress line on stderr, redrawn at most five times a second, only on a terminal."""
    interactive = sys.stderr.isatty()
    last = [0.0]

    def report(event: T) -> None:
        now = time.monotonic()
        if interactive and now - last[0] > 0.2:
            last[0] = now
            click.echo(f"\r{render(event)}\x1b[K", err=True, nl=False)

    return report


def progress(label: str) -> Callable[[int], None]:
    """A progress line counting ``label``."""
    return progress_line(lambda done: f"{label}: {done:,}")


def end_progress() -> None:
    if sys.stderr.isatty():
        click.echo("\r\x1b[K", err=True, nl=False)
