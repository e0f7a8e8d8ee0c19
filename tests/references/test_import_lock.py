"""A long import must not block the desk: short write transactions, atomic publication, no debris."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

import claims_db
from claims_db import staging
from workbench.errors import InputError
from workbench.matching import Matcher
from workbench.references import import_dataset

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def tiny_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ten rows per write transaction and no pause between them."""
    for name in ("FIRST_BATCH", "MIN_BATCH", "MAX_BATCH"):
        monkeypatch.setattr(staging, name, 10)
    monkeypatch.setattr(staging, "GAP_SECONDS", 0.0)


def csv_file(tmp_path: Path, rows: list[tuple[str, str]], name: str = "data.csv") -> str:
    path = tmp_path / name
    path.write_text("id,text\n" + "".join(f"{k},{t}\n" for k, t in rows), encoding="utf-8")
    return str(path)


def records(db: Database, dataset: str) -> dict[str, tuple[int, str]]:
    """key -> (id, text) of a published dataset."""
    dataset_id = claims_db.get_dataset(db, dataset).id
    return {k: (i, t) for i, k, t in db.execute("SELECT id, key, text FROM records WHERE dataset_id = ?", [dataset_id])}


def fts_ok(db: Database) -> None:
    db.execute("INSERT INTO records_fts (records_fts) VALUES ('integrity-check')")
    assert (
        db.execute("SELECT COUNT(*) FROM records_fts").fetchone()[0]
        == db.execute("SELECT COUNT(*) FROM records").fetchone()[0]
    )


def no_debris(db: Database) -> None:
    assert db.execute("SELECT COUNT(*) FROM import_staging").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM datasets WHERE name LIKE '.import-%'").fetchone()[0] == 0
    fts_ok(db)


def a_claim(db: Database) -> int:
    text = "The minister said 65,000 people were killed."
    article = claims_db.add_article(db, text, title="T")
    return claims_db.add_claims(db, article.article.id, [{"start": 0, "end": len(text), "text": text}])[0]


def visible(db: Database) -> tuple[list[str], int, list[str]]:
    """What readers see: dataset names, the record count and the keys a search finds."""
    keys = Matcher(db).candidate_keys("apples oranges")
    return [d.name for d in claims_db.list_datasets(db)], claims_db.count_records(db), sorted(keys)


def test_a_verdict_from_another_process_goes_through_mid_import_and_the_half_done_import_is_invisible(
    db_path: Path, tmp_path: Path, tiny_batches: None
) -> None:
    db = claims_db.connect(db_path)
    claim_id = a_claim(db)
    import_dataset(db, csv_file(tmp_path, [("old", "apples and oranges")], "old.csv"), name="fruit")
    before = visible(db)
    other = claims_db.connect(db_path)
    other.execute("PRAGMA busy_timeout = 300")  # a writer blocked for the whole import would fail here
    seen: list[Any] = []

    def mid_import(event: Any) -> None:
        if event.stage == "rows" and event.done == 20:
            claims_db.add_verdict(other, claim_id, "true", checker="ana")
            seen.append(visible(other))
            seen.append([r.key for r in claims_db.get_records(other, range(1, 100)).values()])

    rows = [(f"k{i}", f"apples oranges {i}") for i in range(35)]
    result = import_dataset(db, csv_file(tmp_path, rows), name="fresh", progress=mid_import)
    assert seen[0] == before  # 20 rows were staged, none of them visible
    assert seen[1] == ["old"]
    assert result.stats.added == 35 and claims_db.count_records(db) == 36
    assert claims_db.current_verdict(db, claim_id).label == "true"  # type: ignore[union-attr]
    assert len(Matcher(db).candidate_keys("apples oranges")) == 36
    no_debris(db)


@pytest.mark.parametrize("stop", ["error", "interrupt"])
def test_an_import_stopped_half_way_leaves_the_previous_records_exactly(
    db: Database, tmp_path: Path, tiny_batches: None, stop: str
) -> None:
    source = csv_file(tmp_path, [(f"k{i}", f"record {i}") for i in range(30)])
    import_dataset(db, source, name="d")
    before = records(db, "d"), claims_db.get_dataset(db, "d")
    rows = [(f"k{i}", f"changed {i}") for i in range(50)] + [(f"n{i}", f"new {i}") for i in range(30)]
    if stop == "error":
        rows.insert(60, ("bad", ""))  # an empty text: an error on row 61
    source = csv_file(tmp_path, rows)

    def interrupt(event: Any) -> None:
        if stop == "interrupt" and event.stage == "rows" and event.done >= 70:
            raise KeyboardInterrupt

    with pytest.raises(InputError if stop == "error" else KeyboardInterrupt):
        import_dataset(db, source, name="d", progress=interrupt)
    assert (records(db, "d"), claims_db.get_dataset(db, "d")) == before
    assert db.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 30
    no_debris(db)


def test_reimport_keeps_ids_and_checker_decisions_updates_in_place_and_replace_drops(
    db: Database, tmp_path: Path, tiny_batches: None
) -> None:
    claim_id = a_claim(db)
    import_dataset(db, csv_file(tmp_path, [(f"k{i}", f"apples {i}") for i in range(25)]), name="d")
    first = records(db, "d")
    claims_db.store_matches(db, claim_id, [{"record_id": first["k3"][0], "score": 50}])
    claims_db.set_match_state(db, claim_id, first["k3"][0], "confirmed", checker="ana")
    # k0..k9 unchanged, k10..k24 changed, k25..k29 new; with --replace nothing is dropped yet.
    rows = [(f"k{i}", f"apples {i}" if i < 10 else f"pears {i}") for i in range(30)]
    result = import_dataset(db, csv_file(tmp_path, rows), name="d")
    stats = result.stats
    assert (stats.added, stats.updated, stats.unchanged, stats.removed) == (5, 15, 10, 0)
    second = records(db, "d")
    assert all(second[k][0] == first[k][0] for k in first)  # ids kept, changed or not
    assert second["k12"][1] == "pears 12" and second["k3"][1] == "apples 3"
    assert db.execute("SELECT state FROM matches WHERE claim_id = ?", [claim_id]).fetchone()[0] == "confirmed"
    assert sorted(Matcher(db).candidate_keys("pears")) == sorted(f"k{i}" for i in range(10, 30))
    fts_ok(db)
    result = import_dataset(db, csv_file(tmp_path, rows[:12], "small.csv"), name="d", replace=True)
    assert (result.stats.removed, result.stats.unchanged) == (18, 12)
    assert sorted(records(db, "d")) == sorted(f"k{i}" for i in range(12))
    assert claims_db.get_dataset(db, "d").row_count == 12
    no_debris(db)


def test_reimport_with_mostly_new_keys_moves_the_kept_records_instead(
    db: Database, tmp_path: Path, tiny_batches: None
) -> None:
    import_dataset(db, csv_file(tmp_path, [("a", "alpha"), ("b", "beta")]), name="d", fmt="csv")
    claims_db.upsert_dataset(db, "d", source="x", format="csv", notes="kept note")
    first = records(db, "d")
    rows = [("a", "alpha"), ("b", "beta two")] + [(f"n{i}", f"new {i}") for i in range(40)]
    result = import_dataset(db, csv_file(tmp_path, rows), name="d")
    assert (result.stats.added, result.stats.updated, result.stats.unchanged) == (40, 1, 1)
    second = records(db, "d")
    assert second["a"][0] == first["a"][0] and second["b"] == (first["b"][0], "beta two")
    dataset = claims_db.get_dataset(db, "d")
    assert dataset.row_count == 42 and dataset.notes == "kept note"
    assert [d.name for d in claims_db.list_datasets(db)] == ["d"]
    no_debris(db)


def test_a_key_repeated_in_a_later_batch_wins_and_the_index_follows(
    db: Database, tmp_path: Path, tiny_batches: None
) -> None:
    rows = [(f"k{i}", f"first {i}") for i in range(15)] + [("k2", "second two"), ("k2", "third two"), ("k14", "x")]
    result = import_dataset(db, csv_file(tmp_path, rows), name="d")
    assert (result.stats.rows, result.stats.added, result.stats.duplicates) == (18, 15, 3)
    assert records(db, "d")["k2"][1] == "third two" and records(db, "d")["k14"][1] == "x"
    assert Matcher(db).candidate_keys("third") == ["k2"] and Matcher(db).candidate_keys("second") == []
    no_debris(db)


def test_a_second_import_of_the_same_dataset_while_one_runs_is_refused(
    db_path: Path, tmp_path: Path, tiny_batches: None
) -> None:
    db = claims_db.connect(db_path)
    other = claims_db.connect(db_path)
    source = csv_file(tmp_path, [(f"k{i}", f"r {i}") for i in range(30)])
    errors: list[str] = []

    def meanwhile(event: Any) -> None:
        if event.stage == "rows" and event.done == 10:
            with pytest.raises(claims_db.StoreError, match="being imported") as caught:
                import_dataset(other, source, name="d")
            errors.append(str(caught.value))

    import_dataset(db, source, name="d", progress=meanwhile)
    assert errors and records(db, "d")
    import_dataset(db, csv_file(tmp_path, [("x", "y")], "e.csv"), name="e")

    def remove(event: Any) -> None:
        if event.stage == "rows" and event.done == 10:
            claims_db.remove_dataset(other, "e")

    with pytest.raises(claims_db.StoreError, match="changed by another process"):
        import_dataset(db, source, name="e", progress=remove)
    assert [d.name for d in claims_db.list_datasets(db)] == ["d"]
    no_debris(db)


KILLED_IMPORT = """
import sys, time
import claims_db
from claims_db import staging
from workbench.references import import_dataset
staging.FIRST_BATCH = staging.MIN_BATCH = staging.MAX_BATCH = 10
staging.GAP_SECONDS = 0.0
db = claims_db.connect(sys.argv[1])
def stall(event):
    if event.stage == "rows" and event.done >= 30:
        print("staged", flush=True)
        time.sleep(60)
import_dataset(db, sys.argv[2], name="d", progress=stall)
"""


def test_a_killed_import_leaves_nothing_visible_and_the_next_import_cleans_up(db_path: Path, tmp_path: Path) -> None:
    db = claims_db.connect(db_path)
    import_dataset(db, csv_file(tmp_path, [("a", "apples oranges")], "old.csv"), name="d")
    before = visible(db), records(db, "d")
    source = csv_file(tmp_path, [(f"k{i}", f"apples oranges {i}") for i in range(50)])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    script = textwrap.dedent(KILLED_IMPORT)
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(db_path), source], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "staged"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert (visible(db), records(db, "d")) == before
    assert db.execute("SELECT COUNT(*) FROM import_staging").fetchone()[0] == 1  # hidden leftovers
    assert db.execute("SELECT COUNT(*) FROM records").fetchone()[0] >= 31
    import_dataset(db, csv_file(tmp_path, [("x", "pears")], "other.csv"), name="other")
    assert db.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 2
    no_debris(db)


def test_staged_records_are_hidden_from_every_reader(db: Database, tmp_path: Path, tiny_batches: None) -> None:
    import_dataset(db, csv_file(tmp_path, [("a", "apples")]), name="d")
    checks: list[Callable[[], Any]] = [
        lambda: [d.name for d in claims_db.list_datasets(db)],
        lambda: claims_db.count_records(db),
        lambda: sorted(claims_db.get_records(db, range(1, 50))),
        lambda: Matcher(db).candidate_keys("apples"),
    ]
    before = [check() for check in checks]
    seen: list[list[Any]] = []

    def mid(event: Any) -> None:
        if event.stage == "rows" and event.done == 20:
            seen.append([check() for check in checks])
            with pytest.raises(claims_db.NotFound):
                claims_db.get_record(db, 5)
            with pytest.raises(claims_db.NotFound):
                claims_db.get_dataset(db, "fresh")

    import_dataset(
        db, csv_file(tmp_path, [(f"k{i}", f"apples {i}") for i in range(30)], "f.csv"), name="fresh", progress=mid
    )
    assert seen == [before]
    assert claims_db.get_record(db, 5).dataset_name == "fresh"


def test_clean_stale_imports_leaves_a_running_import_alone(db_path: Path) -> None:
    db = claims_db.connect(db_path)
    ids = {}
    for pid in (os.getpid(), _dead_pid()):
        ids[pid] = db.execute("INSERT INTO datasets (name) VALUES (?) RETURNING id", [f".import-{pid}"]).fetchone()[0]
        db.execute(
            "INSERT INTO import_staging (dataset_id, target, pid, host, started_at) VALUES (?, 'd', ?, ?, '')",
            [ids[pid], pid, staging._HOST],
        )
    db.conn.commit()
    own = ids[os.getpid()]
    staging._ACTIVE.add(own)  # this process's own staging row counts as running only while its import is
    try:
        assert claims_db.clean_stale_imports(db) == 1
        assert [r[0] for r in db.execute("SELECT dataset_id FROM import_staging")] == [own]
    finally:
        staging._ACTIVE.discard(own)
    assert claims_db.clean_stale_imports(db) == 1
    no_debris(db)


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_verdict_writer_times_out_only_when_the_import_holds_the_lock(db_path: Path) -> None:
    """The mechanism the other tests rely on: a held write lock makes a short-timeout writer fail."""
    db = claims_db.connect(db_path)
    other = claims_db.connect(db_path)
    other.execute("PRAGMA busy_timeout = 100")
    with claims_db.immediate(db), pytest.raises(sqlite3.OperationalError, match="locked"), claims_db.immediate(other):
        pass
