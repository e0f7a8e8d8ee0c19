from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import claims_db
from tests.conftest import SEED_ARTICLE
from workbench.cli import cli


def run(db_path: Path, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db_path), *args], input=input)
    return result.exit_code, result.stdout, result.stderr


COMMANDS = [
    "init",
    "demo",
    "add",
    "extract",
    "import",
    "datasets",
    "search",
    "match",
    "claims",
    "verdict",
    "labels",
    "tui",
    "report",
    "export",
    "config",
    "articles",
]


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert len(result.output.splitlines()) > 3


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and "0.1.0" in result.output


def test_init_creates_the_store(db_path: Path) -> None:
    code, out, _ = run(db_path, "init")
    assert code == 0 and "0002_settings" in out
    assert db_path.exists()


def test_db_defaults_to_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "env.db"
    monkeypatch.setenv("WORKBENCH_DB", str(target))
    assert CliRunner().invoke(cli, ["init"]).exit_code == 0
    assert target.exists()


def test_demo_loads_the_seeds_once(db_path: Path) -> None:
    code, out, _ = run(db_path, "demo", "--no-tui")
    assert code == 0
    assert "dataset war-on-terror-statistics: 9 added" in out
    db = claims_db.connect(db_path)
    counts = claims_db.count_claims(db)
    assert counts.total >= 3
    assert claims_db.count_records(db) == 12
    matches = db.execute("SELECT COUNT(*) FROM matches").fetchone()[0]
    assert matches > 0
    code, out, _ = run(db_path, "demo", "--no-tui")
    assert code == 0 and "already loaded" in out and "9 unchanged" in out
    assert claims_db.count_claims(db).total == counts.total
    assert db.execute("SELECT COUNT(*) FROM matches").fetchone()[0] == matches


def test_claims_verdict_undo_and_history(db_path: Path) -> None:
    run(db_path, "demo", "--no-tui")
    code, out, _ = run(db_path, "claims", "--json")
    rows = json.loads(out)
    top = rows[0]
    assert "80,000" in top["text"] and top["label"] is None
    cid = str(top["id"])
    code, out, _ = run(db_path, "verdict", cid, "mostly-false", "--note", "Estimates: 62,000-65,000")
    assert code == 0 and "mostly-false by tester" in out
    code, out, _ = run(db_path, "claims", "--status", "reviewed", "--json")
    assert [r["id"] for r in json.loads(out)] == [top["id"]]
    assert json.loads(out)[0]["label"] == "mostly-false"
    code, out, _ = run(db_path, "verdict", cid, "--undo")
    assert code == 0 and "back to unreviewed" in out
    code, out, _ = run(db_path, "verdict", cid, "--history")
    assert "mostly-false" in out and "undo" in out


def test_verdict_errors_are_one_line_and_non_zero(db_path: Path) -> None:
    run(db_path, "demo", "--no-tui")
    code, _, err = run(db_path, "verdict", "1", "wrong-label")
    assert code == 2  # a label off the scale is a usage error
    assert err.strip().splitlines()[-1].startswith("Error: no verdict 'wrong-label' on the scale")
    assert "Traceback" not in err
    code, _, err = run(db_path, "verdict", "99999", "false")
    assert code == 1 and "no claim with id 99999" in err


def test_a_bad_database_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"\x00garbage" * 1000)
    code, _, err = run(bad, "claims")
    assert code == 1 and "bad.db" in err and "Traceback" not in err


def test_extract_needs_no_database(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "none.db"), "extract", str(SEED_ARTICLE), "--json"])
    assert result.exit_code == 0
    claims = json.loads(result.stdout)
    assert "80,000" in max(claims, key=lambda c: c["checkworthiness"])["text"]
    assert not (tmp_path / "none.db").exists()


def test_extract_reads_stdin() -> None:
    result = CliRunner().invoke(
        cli, ["extract", "-", "--min-score", "0"], input="Unemployment fell to 3.5% in 2019, the lowest in 50 years.\n"
    )
    assert result.exit_code == 0 and "3.5%" in result.stdout


def test_add_is_idempotent(db_path: Path) -> None:
    code, out, _ = run(db_path, "add", str(SEED_ARTICLE), "--title", "Le Figaro", "--date", "2021-06-09")
    assert code == 0 and "claims" in out
    code, out, _ = run(db_path, "add", str(SEED_ARTICLE))
    assert code == 0 and "already in the database" in out


def test_help_is_fast_and_does_not_import_textual() -> None:
    code = (
        "import sys, time; t = time.perf_counter()\n"
        "from workbench.cli import main\nsys.argv = ['workbench', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "False"


def test_articles_lists_ids_and_progress(db_path: Path) -> None:
    run(db_path, "demo", "--no-tui")
    code, out, _ = run(db_path, "articles", "--json")
    (article,) = json.loads(out)
    assert article["id"] == 1 and article["claims"] >= 3 and article["reviewed"] == 0
    run(db_path, "verdict", "1", "false")
    code, out, _ = run(db_path, "articles")
    assert code == 0 and "1/" in out and "Imran Khan interview" in out


def test_a_missing_semantic_model_is_one_warning_line(seeded: object, db_path: Path) -> None:
    code = (
        "import sys\nfrom workbench.matching import semantic\nsemantic.model_files = lambda: None\n"
        "from workbench.cli import main\n"
        f"sys.argv = ['workbench', '--db', {str(db_path)!r}, 'search', 'Pakistan 80,000 killed', '--limit', '2']\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        "Warning: semantic model unavailable (the wordllama package and its model files are not installed):"
        " matching ranks on words alone"
    ]
    assert "80,000" in done.stdout
