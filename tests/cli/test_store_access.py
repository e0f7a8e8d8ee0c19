"""How commands open the store: readers never write or create it; a broken index is said, and repaired."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from workbench.cli import cli

READERS = [
    ["claims"],
    ["articles"],
    ["datasets"],
    ["labels"],
    ["search", "Pakistan"],
    ["report"],
    ["export"],
    ["config"],
    ["verdict", "1", "--history"],
]


def run(db_path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db_path), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("args", [*READERS, ["verdict", "1", "false"], ["match", "--all"], ["doctor"], ["tui"], []])
def test_a_mistyped_db_path_is_an_error_and_creates_nothing(tmp_path: Path, args: list[str]) -> None:
    typo = tmp_path / "wrokbench.db"
    code, _, err = run(typo, *args)
    assert code == 1
    assert f"no workbench database at {typo}" in err
    assert not typo.exists()


@pytest.mark.parametrize("args", [["claims"], ["export"], ["report", "--format", "json"], ["search", "Pakistan"]])
def test_readers_work_while_another_process_holds_the_write_lock(
    seeded: Database, db_path: Path, args: list[str]
) -> None:
    seeded.close()
    writer = sqlite3.connect(db_path)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO settings (key, value) VALUES ('held', 'by an import')")
    try:
        code, out, err = run(db_path, *args)
    finally:
        writer.rollback()
        writer.close()
    assert code == 0, err
    assert out or args == ["export"]  # no verdicts yet: an empty export


def _damage_index(db_path: Path) -> None:
    raw = sqlite3.connect(db_path)
    raw.execute("DELETE FROM records_fts_data WHERE id > 1")  # the index's header and every posting
    raw.commit()
    raw.close()


def test_a_damaged_index_is_never_taken_for_no_earlier_fact_checks(seeded: Database, db_path: Path) -> None:
    seeded.close()
    _damage_index(db_path)
    code, out, err = run(db_path, "search", "Pakistan 80,000 killed")
    assert code == 1
    assert "no matching records" not in out
    assert "search index" in err and "workbench doctor --repair" in err
    code, _, err = run(db_path, "doctor")
    assert code == 1 and "doctor --repair" in err
    code, out, _ = run(db_path, "doctor", "--repair")
    assert code == 0 and "rebuilt" in out
    code, out, err = run(db_path, "search", "Pakistan 80,000 killed", "--limit", "3")
    assert code == 0, err
    assert "war-on-terror-statistics" in out


def test_a_dropped_index_is_rebuilt(seeded: Database, db_path: Path) -> None:
    seeded.close()
    raw = sqlite3.connect(db_path)
    raw.execute("DROP TABLE records_fts")
    raw.commit()
    raw.close()
    assert run(db_path, "search", "Pakistan")[0] == 1
    assert run(db_path, "doctor", "--repair")[0] == 0
    code, out, _ = run(db_path, "search", "Pakistan killed", "--limit", "1")
    assert code == 0 and "war-on-terror-statistics" in out


def test_doctor_says_ok_on_a_healthy_store(seeded: Database, db_path: Path) -> None:
    seeded.close()
    code, out, _ = run(db_path, "doctor")
    assert code == 0 and out.strip().endswith(": ok")


def test_doctor_tells_of_match_scores_from_an_older_version(seeded: Database, db_path: Path) -> None:
    seeded.execute("UPDATE matches SET score = 97.5 WHERE rowid = (SELECT MIN(rowid) FROM matches)")
    seeded.conn.commit()
    seeded.close()
    code, _, err = run(db_path, "doctor")
    assert code == 1 and "1 matches were scored by an older version" in err and "match --all" in err
    assert run(db_path, "match", "--all")[0] == 0
    assert run(db_path, "doctor")[0] == 0


@pytest.mark.parametrize("given", ["mostly-true", "Mostly true", "MOSTLY_TRUE", "2"])
def test_a_verdict_label_by_name_display_name_or_key(seeded: Database, db_path: Path, given: str) -> None:
    seeded.close()
    code, out, err = run(db_path, "verdict", "1", given)
    assert code == 0, err
    assert "claim 1: mostly-true by" in out


def test_a_label_off_the_scale_is_a_usage_error_and_records_nothing(seeded: Database, db_path: Path) -> None:
    seeded.close()
    code, _, err = run(db_path, "verdict", "1", "bogus")
    assert code == 2 and "no verdict 'bogus' on the scale" in err
    assert run(db_path, "verdict", "1", "--history")[1] == ""


def test_the_history_of_an_unknown_claim_is_an_error(seeded: Database, db_path: Path) -> None:
    seeded.close()
    code, out, err = run(db_path, "verdict", "999", "--history")
    assert code == 1 and "no claim with id 999" in err and out == ""


def test_the_clis_claim_types_are_the_stores() -> None:
    import claims_db
    from workbench.cli.common import CLAIM_TYPES

    assert tuple(CLAIM_TYPES) == claims_db.CLAIM_TYPES
