"""The TUI's access to the store: a read connection, and one ordered queue for every write.

Reads and writes use separate connections, so a write waiting for another process's lock never
holds up a read (WAL readers need no lock). Every write is queued on the UI thread when the key
is pressed and one drain worker runs the queue in order, so writes land in the order they were
given. A write that meets a locked database (SQLITE_BUSY) waits a short time per attempt and is
retried until it lands; it is never dropped. Any other error ends that write as *failed*: it is
kept in ``failed`` and shown as not saved.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlite_utils import Database

import claims_db

T = TypeVar("T")

ATTEMPT_TIMEOUT_S = 1.5  # how long one attempt waits for another process's write lock
RETRY_PAUSE_S = 0.5  # the pause between attempts


READ_ONLY = "read-only database: verdicts can't be saved"


def writable(path: str) -> bool:
    """Whether this process may write the database at ``path`` (and its folder, for SQLite's WAL
    files); a path that does not exist yet is writable when its folder is."""
    if path == ":memory:":
        return True
    target = Path(path).expanduser()
    folder = target.resolve().parent if target.exists() else target.parent.resolve()
    if target.exists() and not os.access(target, os.W_OK):
        return False
    return os.access(folder, os.W_OK | os.X_OK)


class StoreClosed(Exception):
    """The TUI closed while the write was still waiting: it was not saved."""


@dataclass(eq=False)
class PendingWrite:
    """A write the user gave, from the key press until it lands (or fails)."""

    ticket: int
    what: str  # "claim 12: false", shown to the user
    fn: Callable[..., Any]
    args: tuple[Any, ...] = ()
    claim_id: int | None = None
    kind: str = "write"  # verdict / note / undo / evidence
    on_done: Callable[[Any], None] | None = None  # called on the UI thread with fn's result
    waiting: bool = False  # an attempt met a locked database; it is being retried
    attempts: int = 0
    done: bool = False
    result: Any = None
    error: str | None = None  # set when it failed for another reason than a lock
    note: str | None = None  # a note write's note, so the editor shows it before it lands


def is_locked(exc: BaseException) -> bool:
    """SQLITE_BUSY / SQLITE_LOCKED: another connection holds the lock; worth retrying."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    message = str(exc).lower()
    return "locked" in message or "busy" in message


class Store:
    """Reads on one connection; writes on another, through one ordered, retrying queue.

    ``listener`` (if set) is called from the drain thread whenever a write starts waiting, is
    retried, lands or fails; it must be thread-safe (the app posts a message).
    """

    def __init__(
        self,
        path: str,
        *,
        attempt_timeout: float = ATTEMPT_TIMEOUT_S,
        retry_pause: float = RETRY_PAUSE_S,
        readonly: bool | None = None,
    ) -> None:
        self.path = path
        self.attempt_timeout = attempt_timeout
        self.retry_pause = retry_pause
        self.listener: Callable[[PendingWrite], object] | None = None
        # A file (or folder) we may not write: browse it read-only, and say that nothing can be saved.
        self.readonly = not writable(path) if readonly is None else readonly
        # An existing store only: a mistyped --db says "no workbench database at PATH", never opens an empty one.
        self.db: Database = claims_db.connect(path, readonly=self.readonly, create=False)
        self._lock = threading.Lock()
        if self.readonly:
            self.write_db = self.db  # never written: every write is refused before it is tried
            self._write_lock = self._lock
        elif path == ":memory:":
            self.write_db = self.db  # a second connection would be a second, empty database
            self._write_lock = self._lock
        else:
            self.write_db = claims_db.connect(path, migrate=False)
            self._write_lock = threading.Lock()
        self.write_db.execute(f"PRAGMA busy_timeout = {max(1, int(attempt_timeout * 1000))}")
        self._queue_lock = threading.Lock()
        self._queue: list[PendingWrite] = []
        self._draining = False
        self._next_ticket = 0
        self._closed = threading.Event()
        self.failed: list[PendingWrite] = []

    # ---- reads ---------------------------------------------------------------------------------------

    def read(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self._lock:
            return fn(self.db, *args, **kwargs)

    def data_version(self) -> int:
        """Changes whenever another connection (another TUI, the CLI, our own writes) commits."""
        with self._lock:
            return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    # ---- writes --------------------------------------------------------------------------------------

    def submit(
        self,
        what: str,
        fn: Callable[..., Any],
        *args: Any,
        claim_id: int | None = None,
        kind: str = "write",
        on_done: Callable[[Any], None] | None = None,
    ) -> tuple[PendingWrite, bool]:
        """Queue ``fn(write_db, *args)`` (called on the UI thread, which fixes the order).

        Returns the pending write and whether the caller must start a worker running ``drain``
        (none is running). On a read-only database the write fails at once, shown as not saved."""
        if self.readonly:
            write = PendingWrite(-1, what, fn, args, claim_id, kind, on_done, done=True, error=READ_ONLY)
            with self._queue_lock:
                self.failed.append(write)
            self._changed(write)
            return write, False
        with self._queue_lock:
            write = PendingWrite(self._next_ticket, what, fn, args, claim_id, kind, on_done)
            self._next_ticket += 1
            self._queue.append(write)
            start = not self._draining
            self._draining = True
        return write, start

    def pending(self) -> list[PendingWrite]:
        """The writes given but not landed yet, oldest first."""
        with self._queue_lock:
            return list(self._queue)

    @property
    def waiting(self) -> bool:
        """The write at the head of the queue is waiting for another process's lock."""
        with self._queue_lock:
            return bool(self._queue) and self._queue[0].waiting

    def drain(self) -> None:
        """Run the queued writes in order until the queue is empty (in a worker thread)."""
        while True:
            with self._queue_lock:
                if not self._queue or self._closed.is_set():
                    self._draining = False
                    return
                write = self._queue[0]
            try:
                write.result = self._attempt(write)
            except StoreClosed:
                with self._queue_lock:
                    self._draining = False
                return
            except Exception as exc:  # any failure is shown as not saved, never raised into the app
                write.error = _one_line(exc)
            write.done = True
            write.waiting = False
            with self._queue_lock:
                self._queue.pop(0)
                if write.error is not None:
                    self.failed.append(write)
            self._changed(write)

    def _attempt(self, write: PendingWrite) -> Any:
        while True:
            if self._closed.is_set():
                raise StoreClosed()
            try:
                with self._write_lock:
                    if self._closed.is_set():
                        raise StoreClosed()
                    try:
                        return write.fn(self.write_db, *write.args)
                    except BaseException:
                        if self.write_db.conn.in_transaction:
                            self.write_db.conn.rollback()
                        raise
            except sqlite3.OperationalError as exc:
                if not is_locked(exc):
                    raise
            write.waiting = True
            write.attempts += 1
            self._changed(write)
            self._closed.wait(self.retry_pause)

    def clear_failed(self, claim_id: int | None = None) -> None:
        """Forget failed writes (of one claim, or all): the user has acted on the claim again."""
        with self._queue_lock:
            self.failed = [f for f in self.failed if claim_id is not None and f.claim_id != claim_id]

    def _changed(self, write: PendingWrite) -> None:
        if self.listener is not None:
            self.listener(write)

    def close(self) -> None:
        """Close both connections; writes still queued are not saved."""
        self._closed.set()
        with self._write_lock:
            if self.write_db is not self.db:
                self.write_db.close()
        with self._lock:
            self.db.close()


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if isinstance(exc, claims_db.StoreError) else f"{type(exc).__name__}: {text}"
