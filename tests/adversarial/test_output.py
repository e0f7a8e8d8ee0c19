"""Hostile names, titles and texts reach no terminal raw: every line the CLI prints, and reports on a TTY."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import claims_db
from tests.adversarial.hostile import BIDI, C1_CSI, ESC_CLEAR, NEWLINE, OSC52, Hostile, make_hostile, raw_controls
from workbench.cli import cli
from workbench.escaping import csv_cell, http_url, script_json, terminal_data, visible

ROOT = Path(__file__).resolve().parents[2]
# Lines that would exist only if a newline inside a value had reached the terminal.
INJECTED_LINE_STARTS = ("FAKE", "second", "third", "root", "name")


@pytest.fixture
def hostile(db_path: Path) -> Hostile:
    store = claims_db.connect(db_path)
    found = make_hostile(store)
    claims_db.set_verdict_label(store, f"sneaky{ESC_CLEAR}\nFAKE", display_name=f"Sneaky{ESC_CLEAR}{BIDI}\nx", key="9")
    store.close()
    return found


def run(db_path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db_path), *args])
    return result.exit_code, result.stdout, result.stderr


def assert_safe_lines(text: str) -> None:
    assert raw_controls(text) == [], text
    assert not [line for line in text.splitlines() if line.startswith(INJECTED_LINE_STARTS)], text


def test_verdict_history_shows_the_checker_safely(db_path: Path, hostile: Hostile) -> None:
    code, out, err = run(db_path, "verdict", str(hostile.claim_ids[0]), "--history")
    assert code == 0
    assert_safe_lines(out + err)
    verdict_lines = [line for line in out.splitlines() if not line.startswith("    evidence ")]
    assert len(verdict_lines) == 1 and "\\x1b[2J\\x1b[Hmallory\\u202e" in out and "\\nroot" in out


def test_verdict_success_line_shows_the_checker_safely(db_path: Path, hostile: Hostile) -> None:
    code, out, err = run(db_path, "verdict", str(hostile.claim_ids[2]), "true", "--checker", hostile.checker)
    assert code == 0
    assert_safe_lines(out + err)
    assert len(out.splitlines()) == 1 and "mallory" in out


def test_datasets_list_and_remove_show_the_name_safely(db_path: Path, hostile: Hostile) -> None:
    code, out, err = run(db_path, "datasets")
    assert code == 0 and len(out.splitlines()) == 1
    assert_safe_lines(out + err)
    code, out, err = run(db_path, "datasets", "remove", hostile.dataset)
    assert code == 0, err
    assert_safe_lines(out + err)
    assert out == "dataset evil\\x1b[2J\\x1b[H\\u202etxt.exe\\u202c \\u2066isolated\\u2069\\nname removed (4 records)\n"


def test_import_success_line_shows_the_dataset_name_safely(db_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "rows.jsonl"
    source.write_text(json.dumps({"id": "1", "text": f"Forty {OSC52} people"}) + "\n", encoding="utf-8")
    code, out, err = run(db_path, "import", str(source), "--name", f"ds{ESC_CLEAR}{C1_CSI}\nFAKE")
    assert_safe_lines(out + err)
    if code == 0:  # (a name with control characters may one day be refused; it must never run)
        assert len(out.splitlines()) == 1 and "ds\\x1b[2J\\x1b[H\\x9b31m\\nFAKE" in out


@pytest.mark.parametrize(
    "args",
    [["claims"], ["articles"], ["labels"], ["search", "record"], ["config"], ["report", "--format", "md"]],
)
def test_lists_show_hostile_data_safely(db_path: Path, hostile: Hostile, args: list[str]) -> None:
    code, out, err = run(db_path, *args)
    assert code == 0, err
    if args[0] == "report":  # a document, not lines for a person: Markdown escapes make it safe
        assert raw_controls(out) == []
        return
    assert_safe_lines(out + err)


def test_config_value_is_shown_safely(db_path: Path, hostile: Hostile) -> None:
    code, out, err = run(db_path, "config", "publisher_name", f"Pub{OSC52}\nFAKE")
    assert code == 0
    assert_safe_lines(out + err)
    assert out == "publisher_name = Pub\\x1b]52;c;ZWNobyBwd25lZA==\\x07\\nFAKE\n"


def test_config_refuses_urls_that_are_not_http(db_path: Path) -> None:
    assert run(db_path, "init")[0] == 0
    for key, value in [("publisher_url", "javascript:alert(1)"), ("review_url_pattern", "data:,{claim_id}")]:
        code, _, err = run(db_path, "config", key, value)
        assert code == 1 and err.startswith("Error: the ") and "http(s) URL" in err
        assert run(db_path, "config", key)[1] == "(not set)\n"
    assert run(db_path, "config", "publisher_url", "https://ex.org")[0] == 0


@pytest.mark.parametrize(
    "args",
    [
        ["claims", "--type", f"x{ESC_CLEAR}\nFAKE"],  # click's own error echoes the value
        ["datasets", "remove", f"gone{OSC52}\nFAKE"],  # the store's error names it
        ["verdict", "1", f"nope{ESC_CLEAR}\nFAKE"],  # an unknown label
        ["report", "--label", f"x{BIDI}\nFAKE"],
        ["verdict", "1"],  # click's usage error lists the labels of the scale
    ],
)
def test_errors_show_hostile_values_safely(db_path: Path, hostile: Hostile, args: list[str]) -> None:
    code, out, err = run(db_path, *args)
    assert code != 0
    assert_safe_lines(out + err)
    assert "Error" in err and ("\\x1b" in err or "\\u202e" in err)


def test_json_output_escapes_c1_and_bidi_and_keeps_the_data(db_path: Path, hostile: Hostile) -> None:
    code, out, _ = run(db_path, "claims", "--json")
    assert code == 0
    assert raw_controls(out) == []
    claims = json.loads(out)
    assert f"-2+3 {C1_CSI}" in {c["normalized"] for c in claims}
    assert f"\tTAB {BIDI}" in {c["claimant"] for c in claims}


def test_no_cli_module_prints_around_the_one_output_path() -> None:
    for module in (ROOT / "workbench" / "cli").glob("*.py"):
        if module.name == "common.py":
            continue
        source = module.read_text(encoding="utf-8")
        assert "click.echo" not in source and not re.search(r"\bprint\(", source), f"{module.name} prints around say()"


def test_the_escaping_rules_stand_alone() -> None:
    code = "import json, sys, workbench.escaping; print(json.dumps(sorted(sys.modules)))"
    loaded = set(json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, check=True).stdout))
    assert {m for m in loaded if m.startswith("workbench.")} == {"workbench.escaping"}
    assert not {m.split(".")[0] for m in loaded} & {"claims_db", "sqlite_utils", "click", "textual", "httpx"}


def _on_a_terminal(db_path: Path, *args: str) -> str:
    """Run the CLI with stdout on a pseudo-terminal; what the terminal received, newlines as \\n."""
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "workbench.cli", "--db", str(db_path), *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    _, stderr = process.communicate(timeout=120)
    os.close(leader)
    assert process.returncode == 0, stderr
    # The terminal driver turns \n into \r\n; CSV's own \r\n arrives as \r\r\n.
    return b"".join(chunks).decode("utf-8").replace("\r\r\n", "\n").replace("\r\n", "\n")


@pytest.mark.parametrize(
    "args",
    [["report", "--format", "csv"], ["report", "--format", "json"], ["report", "--format", "html"], ["export"],
     ["export", "--format", "csv"]],
)  # fmt: skip
def test_report_and_export_to_a_terminal_carry_no_raw_escapes(db_path: Path, hostile: Hostile, args: list[str]) -> None:
    shown = _on_a_terminal(db_path, *args)
    assert raw_controls(shown, allowed="\n\t") == []
    assert "\\x1b[2J" in shown or "\\u001b[2J" in shown  # the title is there, visibly


def test_report_to_a_pipe_is_the_exact_csv(db_path: Path, hostile: Hostile) -> None:
    code, out, _ = run(db_path, "report", "--format", "csv")
    assert code == 0
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["article_title"].startswith(ESC_CLEAR)  # data for a program, exactly (a TTY gets it visibly)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (ESC_CLEAR, "\\x1b[2J\\x1b[H"),
        (OSC52, "\\x1b]52;c;ZWNobyBwd25lZA==\\x07"),
        (C1_CSI, "\\x9b31m"),
        (BIDI, "\\u202etxt.exe\\u202c \\u2066isolated\\u2069"),
        (NEWLINE, "first\\nFAKE: second\\rthird"),
        ("a\tb\x00\x7f\u2028", "a\\tb\\x00\\x7f\\u2028"),
        ("plain café – ok", "plain café – ok"),
    ],
)
def test_visible(raw: str, shown: str) -> None:
    assert visible(raw) == shown
    assert visible(visible(raw)) == shown  # idempotent: a value made safe twice reads the same
    assert visible(raw, keep="\t") == shown.replace("\\t", "\t")


def test_terminal_data_keeps_lines_and_tabs_only() -> None:
    assert terminal_data(f"a\tb\r\nc\nd{ESC_CLEAR}\re{BIDI}") == (
        "a\tb\r\nc\nd\\x1b[2J\\x1b[H\\re\\u202etxt.exe\\u202c \\u2066isolated\\u2069"
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://ex.org/a?b=1", "https://ex.org/a?b=1"),
        ("HTTP://Ex.org/", "HTTP://Ex.org/"),
        (" https://ex.org/a b ", "https://ex.org/a%20b"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("\x01javascript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:msgbox", None),
        ("//ex.org/a", None),
        ("/relative", None),
        ("https:ex.org", None),
        ("https://ex.org/\u202etxt", None),
        ("https://ex.org/\nx", None),
        ("http://[::1", None),
        ("", None),
        (None, None),
    ],
)
def test_http_url(url: str | None, expected: str | None) -> None:
    assert http_url(url) == expected


def test_csv_cell_and_script_json() -> None:
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\uff1d1+1"):
        assert csv_cell(text) == "'" + text
    assert csv_cell("1-2") == "1-2" and csv_cell(-3.5) == -3.5 and csv_cell(7) == 7 and csv_cell(None) is None
    data = {"a": "</script><!-- & \u2028 \x85"}
    text = script_json(data)
    assert not {"<", ">", "&", "\u2028", "\x85"} & set(text) and json.loads(text) == data
