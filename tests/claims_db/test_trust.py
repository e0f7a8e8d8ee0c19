"""The record's trust: frozen evidence, the 0004 migration on real data, how the store may be opened."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlite_utils import Database

import claims_db
from claims_db.migrations import MIGRATIONS


def _claim_with_record(db: Database, text: str = "About 65,000 people were killed in Pakistan.") -> tuple[int, int]:
    article = claims_db.add_article(db, "Since 2001, 80,000 people have lost their lives in Pakistan.")
    (claim_id,) = claims_db.add_claims(
        db, article.article.id, [{"start": 0, "end": 61, "text": "Since 2001, 80,000 people have lost their lives."}]
    )
    dataset = claims_db.upsert_dataset(db, "war-stats", source="war.csv", format="csv")
    claims_db.upsert_records(db, dataset.id, [{"key": "cow-2018", "text": text, "url": "https://example.org/cow"}])
    record = claims_db.get_records(db, [1])[1]
    return claim_id, record.id


def test_evidence_is_what_the_checker_saw_after_the_dataset_is_removed_and_another_imported(db: Database) -> None:
    claim_id, record_id = _claim_with_record(db)
    claims_db.add_verdict(db, claim_id, "mostly-false", checker="ana", evidence=[record_id])
    claims_db.remove_dataset(db, "war-stats")
    # Another import reuses the record id for an unrelated record.
    other = claims_db.upsert_dataset(db, "recipes", source="r.csv", format="csv")
    claims_db.upsert_records(db, other.id, [{"key": "r1", "text": "Bake the bread for forty minutes."}])
    assert claims_db.get_records(db, [record_id])[record_id].text.startswith("Bake")

    (evidence,) = claims_db.current_verdict(db, claim_id).evidence  # type: ignore[union-attr]
    assert evidence["text"] == "About 65,000 people were killed in Pakistan."
    assert evidence["dataset"] == "war-stats" and evidence["key"] == "cow-2018"
    assert evidence["url"] == "https://example.org/cow"
    assert claims_db.evidence_status(db, evidence) == "gone"


def test_a_reimport_that_rewrites_the_record_leaves_the_verdict_as_it_was_and_says_so(db: Database) -> None:
    claim_id, record_id = _claim_with_record(db)
    claims_db.add_verdict(db, claim_id, "mostly-false", checker="ana", evidence=[record_id])
    (evidence,) = claims_db.current_verdict(db, claim_id).evidence  # type: ignore[union-attr]
    assert claims_db.evidence_status(db, evidence) == "same"
    dataset = claims_db.find_dataset(db, "war-stats")
    assert dataset is not None
    claims_db.upsert_records(db, dataset.id, [{"key": "cow-2018", "text": "About 67,000 people were killed."}])
    (evidence,) = claims_db.current_verdict(db, claim_id).evidence  # type: ignore[union-attr]
    assert evidence["text"] == "About 65,000 people were killed in Pakistan."
    assert claims_db.evidence_status(db, evidence) == "changed"


def test_undo_restores_the_frozen_evidence_of_the_verdict_before(db: Database) -> None:
    claim_id, record_id = _claim_with_record(db)
    claims_db.add_verdict(db, claim_id, "false", checker="ana", evidence=[record_id])
    claims_db.add_verdict(db, claim_id, "true", checker="ana")
    claims_db.remove_dataset(db, "war-stats")
    restored = claims_db.undo_verdict(db, claim_id, checker="ana")
    assert restored is not None and restored.label == "false"
    assert restored.evidence[0]["text"] == "About 65,000 people were killed in Pakistan."


def _store_at_0003(path: Path) -> None:
    """A store as version 0003 left it, with a claim, a match, a confirmed record and two verdicts."""
    old = Database(str(path))
    MIGRATIONS.apply(old, stop_before="0004_desk")
    old.execute("INSERT INTO articles (id, text, sha256, added_at) VALUES (1, 'Old text here.', 'abc', '2020')")
    old.execute(
        'INSERT INTO claims (id, article_id, start, "end", text, normalized, claimant, claim_type, created_at)'
        " VALUES (7, 1, 0, 14, 'Old text here.', 'old text', 'Ana Lopez', 'statistic', '2020-01-01')"
    )
    old.execute("INSERT INTO datasets (id, name) VALUES (1, 'stats')")
    old.execute("INSERT INTO records (id, dataset_id, key, text, title) VALUES (3, 1, 'k3', 'A record.', 'Title 3')")
    old.execute("INSERT INTO matches (claim_id, record_id, score, rank, state) VALUES (7, 3, 0.9, 1, 'confirmed')")
    old.execute(
        "INSERT INTO verdicts (claim_id, label, evidence, checker, created_at)"
        " VALUES (7, 'false', '[3, 99]', 'ana', '2021')"
    )
    old.execute(
        "INSERT INTO verdicts (claim_id, label, evidence, checker, created_at) VALUES (7, 'true', '[]', 'ben', '2022')"
    )
    old.conn.commit()
    old.close()


def test_migration_0004_keeps_every_claim_match_and_verdict_and_freezes_old_evidence(db_path: Path) -> None:
    _store_at_0003(db_path)
    db = claims_db.connect(db_path)
    assert "0004_desk" in claims_db.schema_version(db)
    claim = claims_db.get_claim(db, 7)
    assert (claim.start, claim.end, claim.claimant, claim.in_play) == (0, 14, "Ana Lopez", True)
    assert claims_db.confirmed_evidence(db, 7) == [3]  # the match survived the table rebuild
    first, second = claims_db.verdict_history(db, 7)
    assert (first.label, second.label) == ("false", "true")
    frozen, missing = first.evidence
    assert frozen["text"] == "A record." and frozen["dataset"] == "stats" and frozen["migrated"] is True
    assert missing == {"record_id": 99, "missing": True}
    (event,) = claims_db.claim_history(db, 7)
    assert event.action == "extracted" and event.data["normalized"] == "old text"
    # Still append-only after the migration rebuilt what it had to.
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE verdicts SET label = 'true' WHERE id = 1")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM claim_events")
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_store_from_a_newer_version_is_refused_and_not_written(db_path: Path) -> None:
    claims_db.connect(db_path).close()
    raw = sqlite3.connect(db_path)
    raw.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('claims_db', '0099_future', '2030')"
    )
    raw.commit()
    raw.close()
    before = db_path.read_bytes()
    for kwargs in ({}, {"readonly": True}, {"create": False}):
        with pytest.raises(claims_db.StoreError, match="newer version of the workbench"):
            claims_db.connect(db_path, **kwargs)  # type: ignore[arg-type]
    assert db_path.read_bytes() == before


def test_a_missing_store_is_not_created_by_readers(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    for kwargs in ({"readonly": True}, {"create": False}):
        with pytest.raises(claims_db.StoreError, match="no workbench database at"):
            claims_db.connect(missing, **kwargs)  # type: ignore[arg-type]
    assert not missing.exists()


def test_a_symlink_loop_is_a_clear_error(tmp_path: Path) -> None:
    loop = tmp_path / "loop.db"
    os.symlink(loop, loop)
    with pytest.raises(claims_db.StoreError, match=r"loop\.db"):
        claims_db.connect(loop)


def test_an_sqlite_file_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    raw = sqlite3.connect(other)
    raw.execute("CREATE TABLE people (name TEXT)")
    raw.commit()
    raw.close()
    with pytest.raises(claims_db.StoreError, match="not a workbench store"):
        claims_db.connect(other)


def test_reading_needs_no_write_lock(db_path: Path) -> None:
    db = claims_db.connect(db_path)
    claims_db.add_article(db, "One sentence.")
    db.close()
    writer = sqlite3.connect(db_path)
    writer.execute("BEGIN IMMEDIATE")  # another process holds the write lock (an import)
    try:
        reader = claims_db.connect(db_path, readonly=True, busy_timeout=0.1)
        assert [a.text for a in claims_db.list_articles(reader)] == ["One sentence."]
        assert claims_db.is_readonly(reader)
        with pytest.raises(sqlite3.OperationalError):
            reader.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')")
        reader.close()
        # A writer that finds nothing to migrate takes no lock either.
        claims_db.connect(db_path, busy_timeout=0.1).close()
    finally:
        writer.rollback()
        writer.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to a read-only folder")
def test_a_store_in_a_read_only_folder_can_be_read(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    db = claims_db.connect(folder / "w.db")
    claims_db.add_article(db, "One sentence.")
    db.close()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        reader = claims_db.connect(folder / "w.db", readonly=True)
        assert len(claims_db.list_articles(reader)) == 1
        reader.close()
    finally:
        folder.chmod(stat.S_IRWXU)


def test_a_read_only_file_can_be_read(db_path: Path) -> None:
    db = claims_db.connect(db_path)
    claims_db.add_article(db, "One sentence.")
    db.close()
    db_path.chmod(stat.S_IRUSR)
    try:
        reader = claims_db.connect(db_path, readonly=True)
        assert len(claims_db.list_articles(reader)) == 1
        reader.close()
    finally:
        db_path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_full_disk_loses_no_earlier_verdict_and_leaves_no_half_row(db_path: Path) -> None:
    db = claims_db.connect(db_path)
    claim_id, _ = _claim_with_record(db)
    claims_db.add_verdict(db, claim_id, "false", checker="ana", note="first")
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full from here on
    with pytest.raises(sqlite3.OperationalError, match="full"):
        claims_db.add_verdict(db, claim_id, "true", checker="ana", note="x" * 200_000)
    db.close()
    db = claims_db.connect(db_path)
    assert [v.note for v in claims_db.verdict_history(db, claim_id)] == ["first"]
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_record_of_an_import_still_running_cannot_be_evidence(db: Database) -> None:
    claim_id, _ = _claim_with_record(db)
    staged = claims_db.upsert_dataset(db, "\x00staged", source=None, format=None)
    db.execute(
        "INSERT INTO import_staging (dataset_id, target, pid, host, started_at) VALUES (?, 'war-stats', 1, 'h', 'now')",
        [staged.id],
    )
    db.execute(
        "INSERT INTO records (id, dataset_id, key, text) VALUES (500, ?, 'k', 'Not published yet.')", [staged.id]
    )
    with pytest.raises(claims_db.NotFound):
        claims_db.add_verdict(db, claim_id, "false", checker="ana", evidence=[500])
    with pytest.raises(claims_db.NotFound):
        claims_db.set_match_state(db, claim_id, 500, "confirmed", checker="ana")
    assert claims_db.current_verdict(db, claim_id) is None
