"""Opening the store: one SQLite file, WAL, busy timeout, foreign keys, migrations applied."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from claims_db.errors import StoreError
from claims_db.migrations import MIGRATIONS

BUSY_TIMEOUT_S = 30.0


def connect(path: str | Path, *, migrate: bool = True) -> Database:
    """Open (creating if needed) the store at ``path`` and bring its schema up to date.

    ``":memory:"`` gives a private in-memory store, for tests.
    """
    target = str(path)
    if target != ":memory:":
        parent = Path(target).expanduser().resolve().parent
        if not parent.is_dir():
            raise StoreError(f"{target}: folder {parent} does not exist")
        target = str(Path(target).expanduser())
    try:
        conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        if target != ":memory:":
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"{target}: could not switch the database to WAL mode ({mode})")
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{target}: not a usable SQLite database ({exc})") from exc
    db = Database(conn, execute_plugins=False)
    if migrate:
        try:
            with immediate(db):
                MIGRATIONS.apply(db)
        except sqlite3.DatabaseError as exc:
            db.close()
            raise StoreError(f"{target}: cannot open the store ({exc})") from exc
    return db


@contextmanager
def immediate(db: Database) -> Iterator[Database]:
    """A write transaction that takes the write lock up front (``BEGIN IMMEDIATE``).

    Deferred transactions that read before they write can fail with SQLITE_BUSY without
    waiting when another process writes; taking the lock first lets ``busy_timeout`` work.
    Nested uses become savepoints through sqlite-utils' ``atomic()``.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    else:
        db.conn.execute("COMMIT")


def schema_version(db: Database) -> list[str]:
    """Names of the migrations applied to this database, oldest first."""
    return [m.name for m in MIGRATIONS.applied(db)]
