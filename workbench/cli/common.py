"""What every command shares: the store handle, safe output, errors as one line, progress lines."""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from workbench.escaping import dumps, terminal_data, visible

if TYPE_CHECKING:
    from sqlite_utils import Database

# The store's claims_db.CLAIM_TYPES, repeated so that `--help` imports no store (tests check they agree).
CLAIM_TYPES = ["statistic", "quote", "comparison", "causal", "prediction", "other"]
PACKAGE = "factcheck-workbench"  # its version, from the package metadata, is the one version there is
T = TypeVar("T")
DB_HELP = "The workbench database (default: $WORKBENCH_DB or ./workbench.db)."


def safe(text: object) -> str:
    """One value shown on a terminal: control characters, escape sequences, bidi overrides and line
    breaks made visible (``\\x1b``, ``\\u202e``, ``\\n``), not run. ``say`` does this to whole lines."""
    return visible(text)


def say(line: object, *, err: bool = False, nl: bool = True, redraw: bool = False) -> None:
    """The one way a line for a person reaches the terminal (stdout, or stderr with ``err``).

    The whole line is made safe, so no value in it can clear the screen, set the clipboard (OSC 52),
    reorder text (bidi overrides) or start a new line: control characters are shown as ``\\xNN``,
    newlines as ``\\n``; tabs stay. ``redraw`` rewrites the current line (progress): ``\\r`` before
    and erase-to-end-of-line after, the only escape sequences the CLI writes itself.
    """
    text = visible(line, keep="\t")
    click.echo(f"\r{text}\x1b[K" if redraw else text, err=err, nl=nl)


class Workbench(click.Group):
    """Turns the errors a user can act on into one line on stderr and a non-zero exit."""

    def invoke(self, ctx: click.Context) -> Any:
        from claims_db import StoreError
        from workbench.errors import WorkbenchError

        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            exc.message = safe(exc.message)  # type: ignore[misc]  # click prints it; data in it made safe
            raise
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
            say("Interrupted; nothing half-written was kept.", err=True)
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
    say(f"Error: {message}", err=True)
    sys.exit(1)


class State:
    """The store a command works on, opened the way the command needs it.

    ``db()`` writes to an existing store ("no workbench database at PATH" otherwise); ``db(create=True)``
    is for the commands that add data, which may create it; ``reader()`` never writes and never waits for
    the write lock (it works during an import and on a read-only file).
    """

    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        self._db: Database | None = None
        self._reader: Database | None = None

    def db(self, *, create: bool = False) -> Database:
        if self._db is None:
            import claims_db

            self._db = claims_db.connect(self.db_path, create=create)
        return self._db

    def reader(self) -> Database:
        if self._db is not None:
            return self._db
        if self._reader is None:
            import claims_db

            self._reader = claims_db.connect(self.db_path, readonly=True)
        return self._reader


pass_state = click.make_pass_decorator(State)


def default_db() -> str:
    return os.environ.get("WORKBENCH_DB") or "workbench.db"


def open_tui(state: State) -> None:
    """The triage screen on an existing store (the TUI's store creates none: see tui/store.py)."""
    from workbench.tui.app import run

    run(state.db_path)


def echo_json(data: Any, *, indent: int | None = 2) -> None:
    """Data as JSON on stdout: json.dumps escapes control characters; C1 and bidi ones are escaped too."""
    click.echo(dumps(data, indent=indent), color=True)  # color=True: click strips nothing from data


def write_or_print(text: str, output: str | None, summary: str) -> None:
    """Write ``text`` to the file ``output`` (whole or not at all), or print it (no ``output``, or ``-``).

    To a pipe or file, stdout gets the document exactly as its format requires. To a terminal, its
    lines and tabs are kept and every other control character, escape sequence and bidi override is
    shown visibly (``\\x1b``), so a report shown on screen can't drive the terminal.
    """
    if output and output != "-":
        from workbench.reports import write_atomically

        write_atomically(Path(output), text)
        say(f"{output}: {summary}", err=True)
    else:
        click.echo(terminal_data(text) if sys.stdout.isatty() else text, nl=False, color=True)


def progress_line(render: Callable[[T], str]) -> Callable[[T], None]:
    """A progress line on stderr, redrawn at most five times a second, only on a terminal."""
    interactive = sys.stderr.isatty()
    last = [0.0]

    def report(event: T) -> None:
        now = time.monotonic()
        if interactive and now - last[0] > 0.2:
            last[0] = now
            say(render(event), err=True, nl=False, redraw=True)

    return report


def progress(label: str) -> Callable[[int], None]:
    """A progress line counting ``label``."""
    return progress_line(lambda done: f"{label}: {done:,}")


def end_progress() -> None:
    if sys.stderr.isatty():
        say("", err=True, nl=False, redraw=True)
