from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from sqlite_utils import Database

import claims_db
from claims_db.migrations import MIGRATIONS

ALL = ["0001_initial", "0002_settings", "0003_term_stats", "0004_desk", "0005_import_staging"]


def test_file_store_uses_wal_foreign_keys_and_busy_timeout(db_path: Path) -> None:
    db = claims_db.connect(db_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert claims_db.schema_version(db) == ALL


def test_a_store_made_by_the_first_migration_upgrades_and_keeps_its_data(db_path: Path) -> None:
    old = Database(str(db_path))
    MIGRATIONS.apply(old, stop_before="0002_settings")
    assert "settings" not in old.table_names()
    old.execute("INSERT INTO articles (text, sha256, added_at) VALUES ('Old text.', 'abc', '2020-01-01')")
    old.execute(
        "INSERT INTO claims (article_id, start, \"end\", text, created_at) VALUES (1, 0, 9, 'Old text.', '2020')"
    )
    old.execute("INSERT INTO verdicts (claim_id, label, checker, created_at) VALUES (1, 'false', 'ana', '2020')")
    old.conn.commit()
    old.close()

    db = claims_db.connect(db_path)
    assert claims_db.schema_version(db) == ALL
    assert claims_db.current_verdict(db, 1).label == "false"  # type: ignore[union-attr]
    claims_db.set_setting(db, "checker", "ana")
    assert claims_db.get_setting(db, "checker") == "ana"
    db.close()
    # Opening again applies nothing twice.
    assert claims_db.schema_version(claims_db.connect(db_path)) == ALL


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(claims_db.StoreError, match=r"notes\.db"):
        claims_db.connect(bad)


def test_a_missing_folder_gives_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(claims_db.StoreError, match=r"does not exist"):
        claims_db.connect(tmp_path / "nope" / "x.db")


def _append_verdicts(path: str, claim_id: int, checker: str, count: int) -> None:
    db = claims_db.connect(path)
    for i in range(count):
        claims_db.add_verdict(db, claim_id, "false" if i % 2 else "true", checker=checker, note=str(i))
    db.close()


def test_two_processes_appending_500_verdicts_each_lose_none(db_path: Path) -> None:
    db = claims_db.connect(db_path)
    article = claims_db.add_article(db, "One claim here with 5 numbers.")
    (claim_id,) = claims_db.add_claims(
        db, article.article.id, [{"start": 0, "end": 30, "text": "One claim here with 5 numbers."}]
    )
    db.close()
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_append_verdicts, args=(str(db_path), claim_id, name, 500)) for name in ("ana", "ben")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=240)
        assert worker.exitcode == 0
    db = claims_db.connect(db_path)
    history = claims_db.verdict_history(db, claim_id)
    assert len(history) == 1000
    for name in ("ana", "ben"):
        notes = [v.note for v in history if v.checker == name]
        assert notes == [str(i) for i in range(500)]  # each writer's order is kept
