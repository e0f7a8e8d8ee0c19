"""Nothing smuggled out through a report: formulas, script breakers, bad links, escapes; file permissions."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

import claims_db
from tests.adversarial.hostile import (
    BIDI,
    DATA_URL,
    ESC_CLEAR,
    FORMULA,
    GOOD_URL,
    JS_URL,
    OSC52,
    SCRIPT_END,
    Hostile,
    make_hostile,
    raw_controls,
)
from workbench.cli import cli
from workbench.errors import WorkbenchError
from workbench.reports import render, write_atomically
from workbench.reports.render_text import md_link

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PUBLISHER = {"publisher": "Ex", "publisher_url": "https://ex.org", "url_pattern": "https://ex.org/c/{claim_id}"}


@pytest.fixture
def hostile(db: Database) -> Hostile:
    return make_hostile(db)


def _cells(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_report_csv_neutralises_formulas_in_every_text_column(db: Database, hostile: Hostile) -> None:
    rows = _cells(render(db, "csv").text)
    assert rows, "the hostile claims are in the report"
    for row in rows:
        for column, cell in row.items():
            if column in ("claim_id", "article_id"):  # numeric columns: numbers as they are
                assert cell.isdigit()
            else:
                assert not cell.startswith(FORMULA_START), (column, cell)
    first = next(r for r in rows if r["claim_id"] == str(hostile.claim_ids[0]))
    assert first["note"] == "'" + f"{FORMULA}\n{SCRIPT_END}{OSC52}"  # the data, behind one quote
    assert first["claim"] == "'" + f"{FORMULA} said 5"
    assert first["claimant"].startswith("'+cmd|")
    assert first["normalized"].startswith("'-2+3")
    second = next(r for r in rows if r["claim_id"] == str(hostile.claim_ids[1]))
    assert second["claimant"].startswith("'\tTAB") and second["normalized"].startswith("'\rCR")
    assert second["checker"].startswith("'-") and second["note"].startswith("'\t")


def test_export_csv_neutralises_formulas(db_path: Path) -> None:
    store = claims_db.connect(db_path)
    make_hostile(store)
    store.close()
    result = CliRunner().invoke(cli, ["--db", str(db_path), "export", "--format", "csv"])
    assert result.exit_code == 0, result.output
    every = _cells(result.stdout)
    for row in every:  # claim events too: their data column is text like any other
        for column, cell in row.items():
            if column not in ("id", "claim_id", "article_id", "undo_of", "carried_from"):
                assert not cell.startswith(FORMULA_START), (column, cell)
    rows = [row for row in every if row["kind"] == "verdict"]
    assert len(rows) == 2
    for row in rows:
        for column, cell in row.items():
            if column not in ("id", "claim_id", "article_id", "undo_of", "carried_from"):
                assert not cell.startswith(FORMULA_START), (column, cell)
    assert rows[0]["note"].startswith("'=HYPERLINK") and rows[1]["checker"].startswith("'-")
    # The evidence is the frozen records' "dataset:key", text like any other cell.
    assert len(rows[0]["evidence"].split("; ")) == 4 and "name:k2" in rows[0]["evidence"]


def test_claimreview_cannot_end_its_script_element(db: Database, hostile: Hostile) -> None:
    report = render(db, "claimreview", **{**PUBLISHER, "publisher": f"Ex {SCRIPT_END}"})
    text = report.text
    assert not {"<", ">", "&"} & set(text) and "\\u003c/script\\u003e" in text
    assert raw_controls(text) == []  # C1 and bidi characters as \u escapes too
    reviews = json.loads(text)  # the same data, once parsed
    assert reviews[0]["author"]["name"] == f"Ex {SCRIPT_END}"
    assert reviews[0]["itemReviewed"]["author"]["name"] == f"+cmd|' /C calc'!A0 {ESC_CLEAR}"

    class Scripts(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.starts: list[str] = []
            self.data: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.starts.append(tag)

        def handle_data(self, data: str) -> None:
            self.data.append(data)

    page = Scripts()
    page.feed(f'<html><script type="application/ld+json">{text}</script><p>after</p></html>')
    assert page.starts == ["html", "script", "p"] and page.data[0] == text


def test_claimreview_urls_are_http_only(db: Database, hostile: Hostile) -> None:
    reviews = json.loads(render(db, "claimreview", **PUBLISHER).text)
    assert reviews and all("appearance" not in r["itemReviewed"] for r in reviews)  # the article's URL is javascript:
    other = claims_db.add_article(db, "Bo said 3 people.", title="Fine", url=GOOD_URL).article
    (claim_id,) = claims_db.add_claims(db, other.id, [{"start": 0, "end": 5, "text": "Bo said 3 people."}])
    claims_db.add_verdict(db, claim_id, "true", checker="ann")
    reviews = json.loads(render(db, "claimreview", **PUBLISHER).text)
    assert (
        next(r for r in reviews if r["url"].endswith(f"/{claim_id}"))["itemReviewed"]["appearance"]["url"] == GOOD_URL
    )
    for bad in (JS_URL, DATA_URL, "ftp://ex.org", "/relative"):
        with pytest.raises(WorkbenchError, match="publisher URL must be an http"):
            render(db, "claimreview", **{**PUBLISHER, "publisher_url": bad})
    for bad in ("javascript:alert({claim_id})", "data:text/html,{claim_id}", "https:{claim_id}"):
        with pytest.raises(WorkbenchError, match="pattern must be an http"):
            render(db, "claimreview", **{**PUBLISHER, "url_pattern": bad})
    with pytest.raises(WorkbenchError, match="only \\{claim_id\\}"):  # was a KeyError traceback
        render(db, "claimreview", **{**PUBLISHER, "url_pattern": "https://ex.org/{id}/{claim_id}"})


def test_markdown_links_only_to_http_and_shows_controls(db: Database, hostile: Hostile) -> None:
    md = render(db, "md").text
    assert "javascript" not in md and "data:" not in md  # bad URLs are not links, nor shown
    assert "](<https://good.example/a?b=1&c=%3C2%3E>)" in md
    assert md_link("t", "https://ex.org/a\\>b<c") == "[t](<https://ex.org/a%5C%3Eb%3Cc>)"
    assert raw_controls(md) == []
    assert "\\x1b\\[2J" in md and "\\u202e" in md  # shown, visibly (and Markdown-escaped)
    assert "\\<script\\>" in md and "<script>" not in md and "\\&A1" in md
    assert not [line for line in md.splitlines() if line.startswith(("FAKE", "second", "root"))]


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_escapes_every_data_string_and_links_only_to_http(db: Database, hostile: Hostile) -> None:
    html = render(db, "html").text
    page = _Page()
    page.feed(html)
    tags = [tag for tag, _ in page.tags]
    assert "script" not in tags and "img" not in tags and "iframe" not in tags
    links = [attrs for tag, attrs in page.tags if tag == "a"]
    assert [a["href"] for a in links] == ["https://good.example/a?b=1&c=<2>"]  # the one http(s) record URL
    assert all(a.get("rel") == "noopener noreferrer" for a in links)
    assert not [attrs for _, attrs in page.tags for name in attrs if name.startswith("on")]
    assert "javascript" not in html.lower() and "data:text" not in html
    assert raw_controls(html) == []
    assert "&lt;/script&gt;" in html and "\\x1b[2J" in html and "\\u202e" in html
    policy = next(
        a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy and "default-src 'none'" in policy and "script-src" not in policy


def test_json_report_escapes_controls_and_keeps_the_data(db: Database, hostile: Hostile) -> None:
    text = render(db, "json").text
    assert raw_controls(text) == []
    claims = json.loads(text)["claims"]
    first = next(c for c in claims if c["claim_id"] == hostile.claim_ids[0])
    assert first["article"]["title"].startswith(ESC_CLEAR) and BIDI in first["article"]["title"]
    assert first["evidence"][0]["url"] == JS_URL  # JSON is data: the URL as it is, for the consumer to judge


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_report_files_get_normal_permissions(tmp_path: Path, umask: int) -> None:
    path = tmp_path / "report.md"
    old = os.umask(umask)
    try:
        write_atomically(path, "# report\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    assert path.read_text() == "# report\n" and [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_a_replaced_report_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text("old")
    path.chmod(0o640)
    write_atomically(path, "new")
    assert path.read_text() == "new" and stat.S_IMODE(path.stat().st_mode) == 0o640


@pytest.mark.parametrize("command", [["report", "--format", "csv"], ["export"]])
def test_dash_output_means_stdout(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    store = claims_db.connect(db_path)
    make_hostile(store)
    store.close()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--db", str(db_path), *command, "-o", "-"])
    assert result.exit_code == 0, result.output
    expected = CliRunner().invoke(cli, ["--db", str(db_path), *command]).stdout
    assert result.stdout == expected and len(expected.splitlines()) >= 2
    assert not (tmp_path / "-").exists()
