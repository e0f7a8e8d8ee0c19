"""The TUI's access to the store: one connection, used from worker threads one at a time."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from sqlite_utils import Database

import claims_db

T = TypeVar("T")


class Store:
    """Serialises use of one SQLite connection across Textual's thread workers.

    Writes are also ordered: each takes a ticket when the key is pressed (on the UI thread) and
    runs when its turn comes, so two quick verdicts are stored in the order they were given.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.db: Database = claims_db.connect(path)
        self._lock = threading.Lock()
        self._turn = threading.Condition()
        self._next_ticket = 0
        self._serving = 0

    def read(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self._lock:
            return fn(self.db, *args, **kwargs)

    def ticket(self) -> int:
        """Called on the UI thread when the user acts; fixes the order of the write."""
        ticket = self._next_ticket
        self._next_ticket += 1
        return ticket

    def write(self, ticket: int, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self._turn:
            self._turn.wait_for(lambda: self._serving == ticket)
        try:
            with self._lock:
                return fn(self.db, *args, **kwargs)
        finally:
            with self._turn:
                self._serving += 1
                self._turn.notify_all()

    def data_version(self) -> int:
        """Changes whenever another connection (another TUI, the CLI) commits."""
        with self._lock:
            return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self.db.close()
