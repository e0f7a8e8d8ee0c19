"""Reference datasets and their records, with the FTS5 index kept in step in batches."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from sqlite_utils import Database

from claims_db.connection import immediate
from claims_db.errors import NotFound, StoreError
from claims_db.models import RECORD_FIELDS, Dataset, Record
from claims_db.util import dumps, now

BATCH = 5000
# Datasets an import is still writing (see claims_db.staging): readers leave them and their records out.
PUBLISHED = "id NOT IN (SELECT dataset_id FROM import_staging)"
PUBLISHED_RECORD = "r.dataset_id NOT IN (SELECT dataset_id FROM import_staging)"
_COLUMNS = (*RECORD_FIELDS, "extra", "row_hash")
RECORD_COLUMNS = ("dataset_id", *_COLUMNS)
_NON_KEY = tuple(c for c in _COLUMNS if c != "key")
_UPDATE = "UPDATE records SET " + ", ".join(f"{c} = ?" for c in _NON_KEY) + " WHERE id = ?"


def _insert_sql(columns: Sequence[str]) -> str:
    """An upsert naming only ``columns``; on conflict every other column takes its default."""
    return (
        f"INSERT INTO records ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        " ON CONFLICT (dataset_id, key) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in _NON_KEY)
    )


def content_hash(parts: Sequence[object]) -> str:
    """A stable hash of a record's content, to tell an unchanged row on re-import."""
    joined = "\x1f".join("\x00" if p is None else str(p) for p in parts)
    return hashlib.blake2b(joined.encode("utf-8"), digest_size=16).hexdigest()


def row_hash(row: Mapping[str, Any]) -> str:
    """The content hash of a record given as a mapping of its fields (and ``extra``)."""
    extra = row.get("extra")
    return content_hash([*(row.get(k) for k in RECORD_FIELDS), dumps(dict(extra)) if extra else ""])


@dataclass
class UpsertStats:
    """What one import did to a dataset's records."""

    rows: int = 0  # rows read from the source
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0  # rows whose key appeared earlier in the same source (the last one wins)
    removed: int = 0  # with replace=True: records no longer in the source


def upsert_dataset(
    db: Database,
    name: str,
    *,
    source: str | None,
    format: str | None,
    mapping: Mapping[str, Any] | None = None,
    sha256: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    notes: str | None = None,
) -> Dataset:
    """Create the dataset, or update its provenance if it exists."""
    if not name or not name.strip():
        raise StoreError("a dataset needs a name")
    with immediate(db):
        db.execute(
            "INSERT INTO datasets (name, source, format, mapping, sha256, etag, last_modified, imported_at,"
            " notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
            " source = excluded.source, format = excluded.format, mapping = excluded.mapping,"
            " sha256 = excluded.sha256, etag = excluded.etag, last_modified = excluded.last_modified,"
            " imported_at = excluded.imported_at, notes = coalesce(excluded.notes, datasets.notes)",
            [name, source, format, dumps(dict(mapping or {})), sha256, etag, last_modified, now(), notes],
        )
    return get_dataset(db, name)


def get_dataset(db: Database, name: str) -> Dataset:
    rows = list(db.query(f"SELECT * FROM datasets WHERE name = ? AND {PUBLISHED}", [name]))
    if not rows:
        raise NotFound(f"no dataset named {name!r}")
    return Dataset.from_row(rows[0])


def find_dataset(db: Database, name: str) -> Dataset | None:
    try:
        return get_dataset(db, name)
    except NotFound:
        return None


def list_datasets(db: Database) -> list[Dataset]:
    return [Dataset.from_row(r) for r in db.query(f"SELECT * FROM datasets WHERE {PUBLISHED} ORDER BY name")]


def remove_dataset(db: Database, name: str) -> int:
    """Delete a dataset, its records and their matches. Returns how many records went."""
    with immediate(db):
        dataset = get_dataset(db, name)
        count = _delete_records(db, "dataset_id = ?", [dataset.id])
        db.execute("DELETE FROM datasets WHERE id = ?", [dataset.id])
    return count


def _delete_records(db: Database, where: str, params: list[Any]) -> int:
    db.execute(
        "INSERT INTO records_fts (records_fts, rowid, text, title)"
        f" SELECT 'delete', id, text, title FROM records WHERE {where}",
        params,
    )
    return db.execute(f"DELETE FROM records WHERE {where}", params).rowcount


def record_values(dataset_id: int, row: Mapping[str, Any]) -> list[Any]:
    """A record as the value list :func:`upsert_prepared` takes (``RECORD_COLUMNS`` order)."""
    key = row.get("key")
    if key is None or str(key) == "":
        raise StoreError("a record needs a key")
    values: list[Any] = [dataset_id]
    for column in RECORD_FIELDS:
        value = row.get(column)
        values.append(str(value) if column == "key" else value)
    extra = row.get("extra")
    values.append(dumps(dict(extra)) if extra else "{}")
    values.append(row.get("row_hash") or row_hash(row))
    return values


def upsert_records(
    db: Database,
    dataset_id: int,
    rows: Iterable[Mapping[str, Any]],
    *,
    replace: bool = False,
    progress: Callable[[int], None] | None = None,
) -> UpsertStats:
    """Add or update records (mappings of record fields and ``extra``); see :func:`upsert_prepared`."""
    return upsert_prepared(
        db, dataset_id, (record_values(dataset_id, row) for row in rows), replace=replace, progress=progress
    )


def upsert_prepared(
    db: Database,
    dataset_id: int,
    rows: Iterable[Sequence[Any]],
    *,
    columns: Sequence[str] = RECORD_COLUMNS,
    replace: bool = False,
    progress: Callable[[int], None] | None = None,
) -> UpsertStats:
    """Add or update records by (dataset, key), keeping ``records_fts`` in step.

    ``rows`` are value lists in ``columns`` order: by default all of ``RECORD_COLUMNS`` (dataset_id
    first, row hash last), as :func:`record_values` makes them. Bulk importers build them directly and
    name only the columns they fill (dataset_id, key, text, extra and row_hash at least): binding
    fewer parameters makes a million-row insert about twice as fast.

    Runs in one transaction (a savepoint inside the caller's). Rows whose key is already in the
    dataset are updated when their content changed and left alone otherwise. With ``replace``,
    records of the dataset that are not in ``rows`` are deleted. ``progress`` gets the running
    row count after each batch.
    """
    missing = {"dataset_id", "key", "text", "extra", "row_hash"} - set(columns)
    if missing or not set(columns) <= set(RECORD_COLUMNS):
        raise StoreError(f"bad record columns {list(columns)}: need {sorted(missing)}")
    layout = _Layout(columns)
    insert = _insert_sql(columns)
    stats = UpsertStats()
    with immediate(db):
        last_id = db.execute("SELECT COALESCE(MAX(id), 0) FROM records").fetchone()[0]
        had_records = (
            db.execute("SELECT 1 FROM records WHERE dataset_id = ? LIMIT 1", [dataset_id]).fetchone() is not None
        )
        touched_old: set[int] = set()
        updated_old: set[int] = set()
        iterator = iter(rows)
        while batch := list(islice(iterator, BATCH)):
            values: list[Sequence[Any]] = batch
            stats.rows += len(values)
            if had_records:
                values = _update_existing(db, dataset_id, last_id, values, layout, touched_old, updated_old)
            if values:
                db.conn.executemany(insert, values)
            if progress is not None:
                progress(stats.rows)
        stats.added = db.execute(
            "SELECT COUNT(*) FROM records WHERE id > ? AND dataset_id = ?", [last_id, dataset_id]
        ).fetchone()[0]
        # Rows new to this import get their FTS entries in one pass, from their final content. When
        # they are most of the table, rebuilding the whole index is faster (about 2x per row) than
        # adding them one by one.
        total = db.execute("SELECT COUNT(*) FROM records").fetchone()[0]
        if stats.added and stats.added * 2 >= total:
            db.execute("INSERT INTO records_fts (records_fts) VALUES ('rebuild')")
        elif stats.added:
            db.execute(
                "INSERT INTO records_fts (rowid, text, title) SELECT id, text, title FROM records"
                " WHERE id > ? AND dataset_id = ?",
                [last_id, dataset_id],
            )
        stats.updated = len(updated_old)
        stats.unchanged = len(touched_old) - len(updated_old)
        stats.duplicates = stats.rows - stats.added - len(touched_old)
        if replace and had_records:
            # Old records the source no longer holds; a temp table keeps memory flat at any size.
            db.execute("CREATE TEMP TABLE IF NOT EXISTS _kept (id INTEGER PRIMARY KEY)")
            db.execute("DELETE FROM _kept")
            db.conn.executemany("INSERT INTO _kept (id) VALUES (?)", ((i,) for i in touched_old))
            stats.removed = _delete_records(
                db, "dataset_id = ? AND id <= ? AND id NOT IN (SELECT id FROM _kept)", [dataset_id, last_id]
            )
            db.execute("DELETE FROM _kept")
        db.execute(
            "UPDATE datasets SET row_count = (SELECT COUNT(*) FROM records WHERE dataset_id = ?) WHERE id = ?",
            [dataset_id, dataset_id],
        )
    return stats


class _Layout:
    """Where each column sits in a prepared value list."""

    def __init__(self, columns: Sequence[str]) -> None:
        self.columns = list(columns)
        self.key = self.columns.index("key")
        self.text = self.columns.index("text")
        self.title = self.columns.index("title") if "title" in self.columns else None
        self.hash = self.columns.index("row_hash")

    def title_of(self, value: Sequence[Any]) -> Any:
        return value[self.title] if self.title is not None else None

    def update_params(self, value: Sequence[Any], record_id: int) -> list[Any]:
        given = dict(zip(self.columns, value, strict=True))
        return [given.get(c, "{}" if c == "extra" else None) for c in _NON_KEY] + [record_id]


def _update_existing(
    db: Database,
    dataset_id: int,
    last_id: int,
    values: list[Sequence[Any]],
    layout: _Layout,
    touched: set[int],
    updated: set[int],
) -> list[Sequence[Any]]:
    """Update records that existed before this import; return the rows still to insert."""
    key_index = layout.key
    existing: dict[str, tuple[int, str, str | None, str | None]] = {}
    keys = [v[key_index] for v in values]
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for rid, key, rhash, text, title in db.execute(
            f"SELECT id, key, row_hash, text, title FROM records WHERE dataset_id = ? AND id <= ? AND key IN ({marks})",
            [dataset_id, last_id, *chunk],
        ):
            existing[key] = (rid, rhash, text, title)
    remaining: list[Sequence[Any]] = []
    for value in values:
        found = existing.get(value[key_index])
        if found is None:
            remaining.append(value)
            continue
        rid, old_hash, old_text, old_title = found
        touched.add(rid)
        new_hash, new_text, new_title = value[layout.hash], value[layout.text], layout.title_of(value)
        if old_hash == new_hash:
            continue
        db.execute(
            "INSERT INTO records_fts (records_fts, rowid, text, title) VALUES ('delete', ?, ?, ?)",
            [rid, old_text, old_title],
        )
        db.execute(_UPDATE, layout.update_params(value, rid))
        db.execute("INSERT INTO records_fts (rowid, text, title) VALUES (?, ?, ?)", [rid, new_text, new_title])
        updated.add(rid)
        # A later duplicate of this key in the same batch must see the new content.
        existing[value[key_index]] = (rid, new_hash, new_text, new_title)
    return remaining


def get_record(db: Database, record_id: int) -> Record:
    rows = list(
        db.query(
            "SELECT r.*, d.name AS dataset_name FROM records r JOIN datasets d ON d.id = r.dataset_id"
            f" WHERE r.id = ? AND {PUBLISHED_RECORD}",
            [record_id],
        )
    )
    if not rows:
        raise NotFound(f"no record with id {record_id}")
    return Record.from_row(rows[0])


def get_records(db: Database, record_ids: Iterable[int]) -> dict[int, Record]:
    """Records by id (ids that are not in the store are left out)."""
    ids = list(dict.fromkeys(int(i) for i in record_ids))
    found: dict[int, Record] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for row in db.query(
            "SELECT r.*, d.name AS dataset_name FROM records r JOIN datasets d ON d.id = r.dataset_id"
            f" WHERE r.id IN ({marks}) AND {PUBLISHED_RECORD}",
            chunk,
        ):
            found[row["id"]] = Record.from_row(row)
    return found


def count_records(db: Database) -> int:
    """How many records the published datasets hold (an import's staged rows are not counted)."""
    if not importing(db):
        return int(db.execute("SELECT COUNT(*) FROM records").fetchone()[0])
    return int(db.execute(f"SELECT COUNT(*) FROM records r WHERE {PUBLISHED_RECORD}").fetchone()[0])


def importing(db: Database) -> bool:
    """Whether an import is writing staged records (readers must then leave them out)."""
    return db.execute("SELECT 1 FROM import_staging LIMIT 1").fetchone() is not None
