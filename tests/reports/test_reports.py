from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

import claims_db
from workbench.cli import cli
from workbench.errors import WorkbenchError
from workbench.matching import Matcher
from workbench.references import import_dataset
from workbench.reports import ReportFilter, render, write_report

HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(2)> [link](javascript:alert(3)) | # *'


@pytest.fixture
def report_db(seeded: Database) -> Database:
    """The seeds with two verdicts (one with evidence) and a hostile claim."""
    rows = claims_db.list_claims(seeded, sort="article")
    top = next(r.claim for r in rows if "80,000" in r.claim.text)
    detail = claims_db.claim_detail(seeded, top.id)
    cow = next(m for m in detail.matches if m.record and m.record.key == "cow-2018-pakistan-killed")
    claims_db.set_match_state(seeded, top.id, cow.record_id, "confirmed", checker="ana")
    claims_db.add_verdict(seeded, top.id, "mostly-false", checker="ana", note="Estimates: 62,000-65,000 by 2018",
                          evidence=[cow.record_id])  # fmt: skip
    article = claims_db.add_article(seeded, HOSTILE + " said 5 people.", title=HOSTILE, url="https://ex.org/<b>")
    (hostile_id,) = claims_db.add_claims(
        seeded, article.article.id, [{"start": 0, "end": len(HOSTILE), "text": HOSTILE, "claimant": HOSTILE}]
    )
    claims_db.add_verdict(seeded, hostile_id, "false", checker="ben", note=HOSTILE)
    return seeded


def test_json_report_content_and_stable_order(report_db: Database) -> None:
    first = render(report_db, "json").text
    assert first == render(report_db, "json").text
    data = json.loads(first)
    assert data["summary"]["reviewed"] == 2 and data["summary"]["by_label"] == {"mostly-false": 1, "false": 1}
    ids = [c["claim_id"] for c in data["claims"]]
    assert ids == sorted(ids, key=lambda i: next(c for c in data["claims"] if c["claim_id"] == i)["article"]["id"])
    top = next(c for c in data["claims"] if c["verdict"] and c["verdict"]["label"] == "mostly-false")
    assert top["verdict"]["checker"] == "ana" and top["verdict"]["note"].startswith("Estimates")
    assert top["evidence"][0]["key"] == "cow-2018-pakistan-killed"
    assert top["evidence"][0]["comparison"] == "claim 80,000 vs record 65,000 (+23 %)"
    assert sum(1 for c in data["claims"] if c["verdict"] is None) == data["summary"]["pending"]


def test_filters(report_db: Database) -> None:
    only_false = json.loads(render(report_db, "json", ReportFilter(labels=["false"])).text)
    assert [c["verdict"]["label"] for c in only_false["claims"]] == ["false"]
    by_ana = json.loads(render(report_db, "json", ReportFilter(checker="ana")).text)
    assert len(by_ana["claims"]) == 1
    future = json.loads(render(report_db, "json", ReportFilter(since="2999-01-01")).text)
    assert future["claims"] == []
    today = json.loads(render(report_db, "json", ReportFilter(until="2999-01-01", since="2000-01-01")).text)
    assert len(today["claims"]) == 2
    with pytest.raises(claims_db.StoreError, match="unknown verdict label"):
        render(report_db, "json", ReportFilter(labels=["bogus"]))
    with pytest.raises(claims_db.NotFound):
        render(report_db, "json", ReportFilter(article_ids=[999]))


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_self_contained_escaped_and_has_a_chart(report_db: Database) -> None:
    html = render(report_db, "html").text
    parser = _Collector()
    parser.feed(html)
    assert "script" not in parser.tags and "img" not in parser.tags
    assert not [a for a in parser.attrs if a[0].startswith("on")]
    assert not [a for a in parser.attrs if a[1] and "javascript:" in a[1]]
    assert "svg" in parser.tags and "rect" in parser.tags
    assert not [a for a in parser.attrs if a[0] in ("src", "href") and a[1] and not a[1].startswith("https://")]
    assert any(HOSTILE.split()[0] in t for t in parser.text)  # shown as text
    assert "<script>alert" not in html


def test_markdown_escapes_data(report_db: Database) -> None:
    md = render(report_db, "md").text
    assert "<script>" not in md and "\\<script\\>" in md
    assert "\\[link\\]\\(javascript:alert\\(3\\)\\)" in md
    assert "| Mostly false | 1 |" in md


def test_csv_one_row_per_claim_with_optional_bom(report_db: Database) -> None:
    text = render(report_db, "csv").text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == claims_db.count_claims(report_db).total
    top = next(r for r in rows if r["label"] == "mostly-false")
    assert top["evidence"] == "war-on-terror-statistics:cow-2018-pakistan-killed" and top["checker"] == "ana"
    assert {r["label"] for r in rows} >= {"pending"}
    assert render(report_db, "csv", bom=True).text.startswith("\ufeffclaim_id,")


def test_claimreview_fields(report_db: Database) -> None:
    with pytest.raises(WorkbenchError, match="url-pattern"):
        render(report_db, "claimreview")
    report = render(report_db, "claimreview", publisher="Example Checks", publisher_url="https://checks.example",
                    url_pattern="https://checks.example/c/{claim_id}")  # fmt: skip
    reviews = json.loads(report.text)
    assert len(reviews) == 2 and report.skipped == claims_db.count_claims(report_db).total - 2
    review = next(r for r in reviews if r["reviewRating"]["alternateName"] == "Mostly false")
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    # The claim as stated (the sentence), never the extractor's normalized rewrite.
    assert review["claimReviewed"].startswith("Imran Khan stressed: “Since 2001, 80,000 people have lost their lives")
    assert review["url"].startswith("https://checks.example/c/")
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Mostly false", "ratingValue": 2,
                                      "bestRating": 5, "worstRating": 1}  # fmt: skip
    assert review["author"] == {"@type": "Organization", "name": "Example Checks", "url": "https://checks.example"}
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Imran Khan"}
    assert len(review["datePublished"]) == 10
    hostile = next(r for r in reviews if r["reviewRating"]["alternateName"] == "False")
    assert hostile["itemReviewed"]["appearance"]["url"] == "https://ex.org/<b>"


def test_claimreview_round_trip_matches_the_claims_it_came_from(report_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "reviews.jsonld"
    write_report(report_db, "claimreview", path, publisher="Ex", url_pattern="https://ex.org/c/{claim_id}")
    result = import_dataset(report_db, str(path), name="our-reviews", fmt="claimreview")
    assert result.stats.added == 2
    for claim_row in claims_db.list_claims(report_db, claims_db.ClaimFilter(status="reviewed")):
        top = Matcher(report_db).match(claim_row.claim, datasets=["our-reviews"])[0]
        assert top.record.url == f"https://ex.org/c/{claim_row.claim.id}"


def test_cli_report_to_file_and_stdout(report_db: Database, db_path: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "r.html"
    result = runner.invoke(cli, ["--db", str(db_path), "report", "--format", "html", "-o", str(out)])
    assert result.exit_code == 0 and out.read_text().startswith("<!DOCTYPE html>")
    result = runner.invoke(cli, ["--db", str(db_path), "report", "--format", "md", "--label", "false"])
    assert result.exit_code == 0 and "Claim" in result.stdout
    result = runner.invoke(cli, ["--db", str(db_path), "report", "--format", "claimreview"])
    assert result.exit_code == 1 and result.stderr.startswith("Error: ClaimReview needs")
    runner.invoke(cli, ["--db", str(db_path), "config", "publisher_name", "Ex"])
    runner.invoke(cli, ["--db", str(db_path), "config", "review_url_pattern", "https://ex.org/{claim_id}"])
    result = runner.invoke(cli, ["--db", str(db_path), "report", "--format", "claimreview"])
    assert result.exit_code == 0 and "pending claims" in result.stderr
    result = runner.invoke(cli, ["--db", str(db_path), "report", "-o", str(tmp_path / "no" / "x.md")])
    assert result.exit_code == 1 and "does not exist" in result.stderr


def test_export_history(report_db: Database, db_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(db_path), "export"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["label"] for r in rows if r["kind"] == "verdict"] == ["mostly-false", "false"]
    result = CliRunner().invoke(cli, ["--db", str(db_path), "export", "--format", "csv"])
    assert result.stdout.splitlines()[0].startswith("id,claim_id,article_id,label")


def test_reports_follow_the_desk(report_db: Database) -> None:
    rows = claims_db.list_claims(report_db, sort="article")
    top = next(r.claim for r in rows if "80,000" in r.claim.text)
    others = [r.claim for r in rows if r.claim.article_id == top.article_id and r.claim.id != top.id]
    dropped, appearance = others[0], others[1]
    claims_db.edit_claim(report_db, top.id, normalized="80,000 died in Pakistan's war on terror since 2001",
                         claimant="Imran Khan, Prime Minister", checker="ana")  # fmt: skip
    claims_db.dismiss_claim(report_db, dropped.id, "not check-worthy", checker="ana")
    claims_db.merge_claims(report_db, top.id, [appearance.id], checker="ana")

    reviews = json.loads(render(report_db, "claimreview", publisher="Ex", url_pattern="https://ex.org/{claim_id}").text)
    review = next(r for r in reviews if r["url"] == f"https://ex.org/{top.id}")
    assert review["claimReviewed"] == "80,000 died in Pakistan's war on terror since 2001"  # the checker's wording
    assert review["itemReviewed"]["author"]["name"] == "Imran Khan, Prime Minister"

    data = json.loads(render(report_db, "json").text)
    ids = [c["claim_id"] for c in data["claims"]]
    assert dropped.id not in ids and appearance.id not in ids and "dismissed" not in data
    (item,) = [c for c in data["claims"] if c["claim_id"] == top.id]
    assert item["appearances"] == [{"claim_id": appearance.id, "article_id": appearance.article_id,
                                    "article_title": "Imran Khan interview with Le Figaro (press report)",
                                    "text": appearance.text}]  # fmt: skip
    md = render(report_db, "md").text
    assert "Also said in:" in md and "Dismissed claims" not in md

    full = render(report_db, "md", ReportFilter(include_dismissed=True)).text
    section = full.split("## Dismissed claims", 1)[1]
    assert f"Claim {dropped.id} " in section and "not check-worthy" in section
    assert "Dismissed claims" in render(report_db, "html", ReportFilter(include_dismissed=True)).text
    listed = json.loads(render(report_db, "json", ReportFilter(include_dismissed=True)).text)["dismissed"]
    assert [(d["claim_id"], d["reason"]) for d in listed] == [(dropped.id, "not check-worthy")]


def test_export_includes_the_claim_history(report_db: Database, db_path: Path) -> None:
    top = next(r.claim for r in claims_db.list_claims(report_db) if "80,000" in r.claim.text)
    claims_db.dismiss_claim(report_db, top.id, "duplicate", checker="ana")
    result = CliRunner().invoke(cli, ["--db", str(db_path), "export"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    events = [r for r in rows if r["kind"] == "claim_event" and r["claim_id"] == top.id]
    assert [e["action"] for e in events] == ["extracted", "dismissed"]
    assert events[1]["data"]["reason"] == "duplicate" and events[1]["checker"] == "ana"
    text = CliRunner().invoke(cli, ["--db", str(db_path), "export", "--format", "csv"]).stdout
    csv_rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["kind"] for r in csv_rows} == {"verdict", "claim_event"}
    assert any(r["action"] == "dismissed" and json.loads(r["data"])["reason"] == "duplicate" for r in csv_rows)


def test_reports_give_the_desks_wording_never_the_extractors_rewrite(seeded: Database) -> None:
    row = claims_db.list_claims(seeded)[0]
    assert row.claim.normalized and row.claim.normalized != row.claim.text
    md = render(seeded, "md", ReportFilter()).text
    assert row.claim.normalized not in md  # the machine's rewrite is not the claim
    claims_db.edit_claim(seeded, row.claim.id, normalized="80,000 killed in Pakistan since 2001", checker="ana")
    claims_db.add_verdict(seeded, row.claim.id, "false", checker="ana", evidence=[1, 1])
    md = render(seeded, "md", ReportFilter()).text
    assert "80,000 killed in Pakistan since 2001" in md
    csv_text = render(seeded, "csv", ReportFilter()).text
    assert "80,000 killed in Pakistan since 2001" in csv_text
    assert len(claims_db.current_verdict(seeded, row.claim.id).evidence) == 1  # type: ignore[union-attr]
