"""Articles as they come: odd encodings, binary files, huge files, escapes and markup, web pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import claims_db
from tests.http_server import Server
from workbench.articles import extract_main_text
from workbench.cli import cli

SENTENCE = "The minister said unemployment fell to 3.5% in 2019, the lowest in 50 years."


def extract(path: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["extract", str(path), "--json", "--min-score", "0"])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50, "binary file, not text"),
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n\t ", "empty file"),
    ],
)
def test_unreadable_articles_are_one_line_errors(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, _, err = extract(path)
    assert code == 1
    assert err.strip().splitlines() == [f"Error: {path}: {message}"]


def test_a_50_mb_file_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    code, _, err = extract(path)
    assert code == 1 and "larger than 20 MB; split it first" in err


def test_latin1_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(("Le ministre a déclaré: " + SENTENCE).encode("latin-1"))
    code, out, err = extract(path)
    assert code == 0 and "read as latin-1" in err
    assert "déclaré" in json.loads(out)[0]["text"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_utf16_and_bom(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(SENTENCE.encode(encoding))
    code, out, err = extract(path)
    assert code == 0 and err == ""
    assert json.loads(out)[0]["text"] == SENTENCE


def test_escape_sequences_never_reach_the_terminal_or_the_store(tmp_path: Path) -> None:
    path = tmp_path / "ansi.txt"
    path.write_text("\x1b[31mThe minister\x1b[0m said 5,000 jobs were lost in 2020.\x07\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path), "--min-score", "0"])
    assert result.exit_code == 0 and "\x1b" not in result.stdout and "5,000" in result.stdout
    db_path = tmp_path / "w.db"
    result = CliRunner().invoke(cli, ["--db", str(db_path), "add", str(path)])
    assert result.exit_code == 0
    article = claims_db.list_articles(claims_db.connect(db_path))[0]
    assert "\x1b" not in article.text and "\x07" not in article.text


PAGE = """<!doctype html><html><head><title>Jobs report</title>
<meta property="article:published_time" content="2020-03-06T10:00:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<div class="cookie-banner">We use cookies to improve your experience on this website today.</div>
<article><h1>Jobs report</h1><p>The minister said unemployment fell to 3.5% in February, the lowest in 50 years.</p>
<p>Economists said 273,000 jobs were added last month.</p><script>var tracking = "secret";</script>
<aside>Related: ten things you missed this week in politics and more</aside></article>
<footer>Copyright 2020 Example News. All rights reserved for the site.</footer></body></html>"""


def test_main_text_of_a_web_page() -> None:
    page = extract_main_text(PAGE)
    assert page.title == "Jobs report" and page.published_at == "2020-03-06"
    assert "273,000 jobs" in page.text and "3.5%" in page.text
    for noise in ("Home", "cookies", "tracking", "Related", "Copyright"):
        assert noise not in page.text


def test_add_from_a_url(server: Server, tmp_path: Path) -> None:
    url = server.body("/story.html", PAGE, content_type="text/html; charset=utf-8")
    db_path = tmp_path / "w.db"
    result = CliRunner().invoke(cli, ["--db", str(db_path), "add", url, "--json"])
    assert result.exit_code == 0, result.stderr
    db = claims_db.connect(db_path)
    article = claims_db.list_articles(db)[0]
    assert (article.url, article.title, article.published_at) == (url, "Jobs report", "2020-03-06")
    texts = [r.claim.text for r in claims_db.list_claims(db)]
    assert any("273,000" in t for t in texts)


def test_add_from_a_missing_url_is_a_clear_error(server: Server, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "w.db"), "add", server.url + "/gone"])
    assert result.exit_code == 1 and "HTTP 404" in result.stderr and "Traceback" not in result.stderr


def test_add_a_folder_of_articles(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(SENTENCE, encoding="utf-8")
    (folder / "sub" / "b.md").write_text("The mayor said 1,200 homes were built in 2022.", encoding="utf-8")
    (folder / "c.txt").write_bytes(b"\x00\x01binary" * 20)
    (folder / "notes.csv").write_text("ignored,file\n", encoding="utf-8")
    db_path = tmp_path / "w.db"
    result = CliRunner().invoke(cli, ["--db", str(db_path), "add", str(folder), "--json"])
    assert result.exit_code == 1
    assert "c.txt: binary file" in result.stderr and "1 of 3 files could not be added" in result.stderr
    added = json.loads(result.stdout)
    assert [Path(a["source"]).name for a in added] == ["a.txt", "b.md"]
    db = claims_db.connect(db_path)
    assert sorted(a.title for a in claims_db.list_articles(db)) == ["a", "b"]
    result = CliRunner().invoke(cli, ["--db", str(db_path), "add", str(folder / "sub")])
    assert result.exit_code == 0 and "already in the database" in result.stdout
