"""Workbench settings kept in the store (publisher name, URL pattern, default checker)."""

from __future__ import annotations

from sqlite_utils import Database

from claims_db.connection import immediate


def get_setting(db: Database, key: str, default: str | None = None) -> str | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row is not None else default


def set_setting(db: Database, key: str, value: str | None) -> None:
    with immediate(db):
        if value is None:
            db.execute("DELETE FROM settings WHERE key = ?", [key])
        else:
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )


def all_settings(db: Database) -> dict[str, str]:
    return {row[0]: row[1] for row in db.execute("SELECT key, value FROM settings ORDER BY key")}
