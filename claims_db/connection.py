"""Opening the store: one SQLite file, WAL, busy timeout, foreign keys, migrations applied.

Three ways to open it:
- ``connect(path)`` creates the file if needed and brings its schema up to date (commands that add data);
- ``connect(path, create=False)`` writes to an existing store only ("no workbench database at PATH");
- ``connect(path, readonly=True)`` never writes and never takes the write lock: reads work during an
  import and on a read-only file, folder or mount.
A store whose schema is newer than this code (a migration it does not know) is refused, never written.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database

from claims_db.errors import StoreError
from claims_db.migrations import MIGRATIONS

BUSY_TIMEOUT_S = 30.0
_MIGRATIONS_TABLE = "_sqlite_migrations"


def connect(
    path: str | Path,
    *,
    migrate: bool = True,
    readonly: bool = False,
    create: bool = True,
    busy_timeout: float = BUSY_TIMEOUT_S,
) -> Database:
    """Open the store at ``path``; see the module's docstring for the three ways.

    ``":memory:"`` gives a private in-memory store, for tests.
    """
    target = str(path)
    if target == ":memory:":
        conn = _open(target, uri=False, timeout=busy_timeout)
        conn.execute("PRAGMA foreign_keys = ON")
        db = Database(conn, execute_plugins=False)
        if migrate:
            _migrate(db, target)
        return db
    location = _locate(target)
    exists = location.exists()
    if not exists and (readonly or not create):
        raise StoreError(f"no workbench database at {target} (create one with `workbench init` or `workbench add`)")
    if exists and not location.is_file():
        raise StoreError(f"{target}: not a database file")
    if readonly:
        db = _open_readonly(location, target, busy_timeout)
    else:
        try:
            conn = _open(str(location), uri=False, timeout=busy_timeout)
            conn.execute("PRAGMA foreign_keys = ON")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"{target}: could not switch the database to WAL mode ({mode})")
            conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            if "readonly" in str(exc) or "read-only" in str(exc):
                raise StoreError(f"{target}: read-only database: this command needs to write to it") from exc
            raise StoreError(f"{target}: not a usable SQLite database ({exc})") from exc
        db = Database(conn, execute_plugins=False)
    try:
        if readonly:
            _check_schema(db, target, upgrade_hint=True)
        elif migrate:
            _migrate(db, target)
    except BaseException:
        db.close()
        raise
    return db


def _locate(target: str) -> Path:
    """The database file's path, with ``~`` expanded; a missing folder or a link loop is a clear error."""
    try:
        location = Path(target).expanduser()
        parent = location.resolve().parent
    except (OSError, RuntimeError) as exc:
        raise StoreError(f"{target}: cannot resolve this path ({getattr(exc, 'strerror', None) or exc})") from exc
    if not parent.is_dir():
        raise StoreError(f"{target}: folder {parent} does not exist")
    return location


def _open(target: str, *, uri: bool, timeout: float) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(target, timeout=timeout, check_same_thread=False, uri=uri)
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{target}: not a usable SQLite database ({exc})") from exc
    return conn


def _open_readonly(location: Path, target: str, timeout: float) -> Database:
    """Open without ever writing: ``mode=ro``; on a read-only folder or mount, where SQLite cannot
    create the WAL's shared-memory file, ``immutable=1`` (nothing can be writing there either)."""
    base = "file:" + quote(str(location.resolve()))
    attempts = [f"{base}?mode=ro"]
    if not os.access(location.parent, os.W_OK) or not os.access(location, os.W_OK):
        attempts.append(f"{base}?mode=ro&immutable=1")
    error: Exception | None = None
    for uri in attempts:
        try:
            conn = _open(uri, uri=True, timeout=timeout)
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            return ReadOnlyDatabase(conn, execute_plugins=False)
        except (sqlite3.DatabaseError, StoreError) as exc:
            error = exc
    raise StoreError(f"{target}: cannot open the store read-only ({error})")


class ReadOnlyDatabase(Database):
    """A store opened with ``readonly=True`` (SQLite ``mode=ro``): the main file is never written;
    temporary tables still work."""


def is_readonly(db: Database) -> bool:
    """Whether this connection may not write (opened with ``readonly=True``)."""
    return isinstance(db, ReadOnlyDatabase)


def _applied(db: Database) -> list[str]:
    if not db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [_MIGRATIONS_TABLE]).fetchone():
        return []
    return [
        row[0]
        for row in db.execute(
            f"SELECT name FROM {_MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid", [MIGRATIONS.name]
        )
    ]


def _check_schema(db: Database, target: str, *, upgrade_hint: bool) -> list[str]:
    """The migrations still to apply; a store from a newer version of the workbench is refused."""
    try:
        applied = _applied(db)
        if not applied and db.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]:
            raise StoreError(f"{target}: an SQLite database, but not a workbench store")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{target}: not a usable SQLite database ({exc})") from exc
    known = [m.name for m in MIGRATIONS._migrations]
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise StoreError(
            f"{target}: made by a newer version of the workbench (schema {unknown[-1]}); "
            "upgrade the workbench to open it — nothing was written"
        )
    pending = [name for name in known if name not in applied]
    if pending and upgrade_hint and applied:
        raise StoreError(f"{target}: made by an older version; open it once with `workbench init` to upgrade it")
    if pending and upgrade_hint:
        raise StoreError(f"no workbench database at {target} (an empty file)")
    return pending


def _migrate(db: Database, target: str) -> None:
    """Apply pending migrations. Nothing pending: no write, no lock (the common case).

    Foreign keys are off while migrations run (a table rebuild must not cascade), and checked after.
    """
    if not _check_schema(db, target, upgrade_hint=False):
        return
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        with immediate(db):
            if not _check_schema(db, target, upgrade_hint=False):  # another process got there first
                return
            MIGRATIONS.apply(db)
            broken = db.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise StoreError(f"{target}: migration left {len(broken)} broken references; nothing changed")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{target}: cannot open the store ({exc})") from exc
    finally:
        db.execute("PRAGMA foreign_keys = ON")


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
    return _applied(db)
