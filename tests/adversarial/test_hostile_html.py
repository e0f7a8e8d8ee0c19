"""Hostile web pages: constructs that make the stdlib HTML parser (or a naive regex) quadratic, so
a 1 MB page took hours, or crash it. Each page is generated here; each command runs in a child
process with a hard time limit (helpers.run_cli)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.adversarial.helpers import run_cli
from workbench.articles import extract_main_text

HEAD = "<html><body><article><p>The minister said unemployment fell to 3.5% in 2019, a record low.</p>"


@pytest.mark.parametrize(
    "body",
    [
        "<a" * 500_000,
        "<!--" * 250_000,
        "<![CDATA[" * 120_000,
        "<![CDATA[ >" * 100_000,
        "<?" * 500_000,
    ],
    ids=["unclosed-tags", "unclosed-comments", "cdata", "cdata-with-gt", "processing-instructions"],
)
def test_a_1_mb_hostile_page_is_read_not_hung_on(tmp_path: Path, body: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(HEAD + body, encoding="utf-8")
    result = run_cli(tmp_path / "w.db", "extract", str(path), "--json", "--min-score", "0")
    assert result.code == 0, result.err[-2000:]
    assert "unemployment fell to 3.5%" in result.out


def test_a_malformed_marked_section_is_text_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HEAD + "<![ ><![ >", encoding="utf-8")  # the stdlib parser raised AssertionError
    result = run_cli(tmp_path / "w.db", "extract", str(path), "--json", "--min-score", "0")
    assert result.code == 0, result.err[-2000:]


def test_markup_in_a_page_still_reads_as_before() -> None:
    page = extract_main_text(
        "<html><head><title>T</title></head><body><nav><p>Home and other menu items here</p></nav><article>"
        "<p>The minister said unemployment fell to 3.5% in 2019, the lowest in years.</p><!-- a < b -->"
        "<p>Prices went from 5 < 6 and 7 > 3, said the report today.</p><script>if (a < b) {x()}</script>"
        "</article></body></html>"
    )
    assert page.title == "T"
    assert page.text.splitlines() == [
        "The minister said unemployment fell to 3.5% in 2019, the lowest in years.",
        "Prices went from 5 < 6 and 7 > 3, said the report today.",
    ]


def test_a_claimreview_page_of_unclosed_script_tags_is_scanned_once(tmp_path: Path) -> None:
    path = tmp_path / "reviews.html"
    path.write_text("<html><body>" + "<script" * 200_000 + "</body></html>", encoding="utf-8")
    line = run_cli(tmp_path / "w.db", "import", str(path)).one_line_error()
    assert "no <script" in line


def test_a_claimreview_page_still_finds_its_blocks(tmp_path: Path) -> None:
    review = '{"@type": "ClaimReview", "claimReviewed": "Crime rose 10%", "url": "https://x.org/1"}'
    page = (
        "<html><head><script>var a = 1;</script>"
        f"<SCRIPT type='application/ld+json'>{review}</script >"
        f'<script type="application/ld+json" id="two">[{review.replace("/1", "/2")}]</script>'
        "</head><body></body></html>"
    )
    path = tmp_path / "reviews.html"
    path.write_text(page, encoding="utf-8")
    result = run_cli(tmp_path / "w.db", "import", str(path))
    assert result.code == 0, result.err
    assert "2 added" in result.out
