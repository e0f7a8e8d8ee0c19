from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

import claims_db
from tests.conftest import SEED_ARTICLE
from workbench.cli import cli
from workbench.extract import extract_claims
from workbench.matching import Matcher
from workbench.matching.numeric import compare_numbers, time_overlap
from workbench.matching.query import clean_text, fts_query, words
from workbench.references import import_dataset


def _seed_claim(db: Database) -> claims_db.Claim:
    rows = claims_db.list_claims(db, claims_db.ClaimFilter(text="80,000"))
    return rows[0].claim


def test_the_80000_claim_finds_the_cnn_statement_and_the_costs_of_war_estimates(seeded: Database) -> None:
    found = Matcher(seeded).match(_seed_claim(seeded), limit=10)
    by_key = {m.record.key: m for m in found}
    assert "ik-2022-cnn-80000" in [m.record.key for m in found[:5]]
    cnn = by_key["ik-2022-cnn-80000"].components["numeric"]
    assert cnn["agrees"] and cnn["diff_pct"] == 0
    cow = by_key["cow-2018-pakistan-killed"]
    assert cow.components["numeric"]["diff_pct"] == pytest.approx(23.1, abs=0.1)
    assert "claim 80,000 vs record 65,000 (+23 %)" in " ".join(cow.reasons)
    assert cow.components["time"]["overlap"] is True
    # Numbers that differ are flagged, never hidden.
    assert not cow.components["numeric"]["agrees"]


def test_free_text_search_and_dataset_filter(seeded: Database) -> None:
    matcher = Matcher(seeded)
    found = matcher.match("Pakistan economic losses war on terror billion", limit=3)
    assert found[0].record.key == "pes-2015-economic-losses"
    only = matcher.match("80,000 people died", datasets=["war-on-terror-statistics"])
    assert {m.record.dataset_name for m in only} == {"war-on-terror-statistics"}
    with pytest.raises(claims_db.NotFound):
        matcher.match("x", datasets=["nope"])


@pytest.mark.parametrize(
    "hostile",
    ['"unbalanced', "NEAR(a b)", "a OR b AND NOT c", "title:secret", "*", "(((", "col:^x", "' OR 1=1 --", ""],
)
def test_user_text_cannot_break_or_inject_the_fts_query(seeded: Database, hostile: str) -> None:
    Matcher(seeded).match(hostile)  # no exception


def test_fts_query_quotes_every_term() -> None:
    assert fts_query(['a"b', "or"]) == '"a""b" OR "or"'
    assert fts_query([]) is None


def test_tweet_noise_is_cleaned() -> None:
    tweet = (
        "Wow #AustralianFires are huge https://t.co/abc pic.twitter.com/xyz "
        "— Center for Bio Div (@CenterForBioDiv) January 14, 2020"
    )
    cleaned = clean_text(tweet)
    assert "http" not in cleaned and "pic.twitter" not in cleaned and "January 14" not in cleaned
    assert "Australian Fires" in cleaned
    assert "rt" not in words("RT this")


def test_noise_does_not_change_the_top_match(seeded: Database) -> None:
    matcher = Matcher(seeded)
    plain = matcher.match("Pakistan suffered 75,000 casualties and lost $123 bn to the economy")[0]
    noisy = matcher.match(
        "Pakistan suffered 75,000 casualties and lost $123 bn to the economy #WarOnTerror https://t.co/x1 "
        "pic.twitter.com/abc — Some One (@someone) November 19, 2018"
    )[0]
    assert plain.record.key == noisy.record.key == "ik-2018-twitter-75000"


def test_number_comparison_rules() -> None:
    claim = [{"text": "80,000", "value": 80000.0, "unit": "people", "kind": "count", "measure": "killed"}]
    same = compare_numbers(claim, [{"text": "82,000", "value": 82000.0, "kind": "count", "measure": "killed"}])
    assert same is not None and same.agrees
    far = compare_numbers(claim, [{"text": "65,000", "value": 65000.0, "kind": "count", "unit": "deaths"}])
    assert far is not None and not far.agrees and far.explain() == "claim 80,000 vs record 65,000 (+23 %)"
    assert compare_numbers(claim, [{"value": 3.5, "kind": "percent", "unit": "%"}]) is None
    assert compare_numbers(claim, [{"value": 80000.0, "kind": "count", "measure": "injured"}]) is None


def test_time_overlap() -> None:
    since = {"text": "since 2001", "start": "2001", "end": "2021-06-09"}
    assert time_overlap(since, {"text": "2001-2018", "start": "2001", "end": "2018"})["overlap"]  # type: ignore[index]
    assert not time_overlap(since, {"text": "1990s", "start": "1990", "end": "1999"})["overlap"]  # type: ignore[index]
    assert time_overlap(since, None) is None


def test_an_extracted_claim_can_be_matched_directly(seeded: Database) -> None:
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    top = max(extract_claims(text, article_date=date(2021, 6, 9)), key=lambda c: c.checkworthiness)
    keys = [m.record.key for m in Matcher(seeded).match(top)]
    assert "ik-2022-cnn-80000" in keys[:5]


def test_cli_search_and_batch_search(seeded: Database, db_path: object, tmp_path: object) -> None:
    from pathlib import Path

    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(db_path), "search", "80,000 people killed since 2001", "--json"])
    assert result.exit_code == 0
    import json

    results = json.loads(result.stdout)
    assert results and {"dataset", "key", "score", "text"} <= set(results[0])
    batch = Path(str(tmp_path)) / "claims.csv"
    batch.write_text(
        "id,claim\nq1,Pakistan lost 80000 lives in the war on terror\nq2,Economic losses of $107 billion\n"
    )
    result = runner.invoke(cli, ["--db", str(db_path), "search", "--from", str(batch), "--json", "--limit", "3"])
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["q1", "q2"]
    assert lines[1]["results"][0]["key"] == "pes-2015-economic-losses"
    result = runner.invoke(cli, ["--db", str(db_path), "search", "--from", str(batch), "--text-field", "nope"])
    assert result.exit_code == 1 and "--text-field names column 'nope'" in result.stderr


def test_cli_match_keeps_confirmed_evidence(seeded: Database, db_path: object) -> None:
    claim = _seed_claim(seeded)
    detail = claims_db.claim_detail(seeded, claim.id)
    chosen = detail.matches[-1].record_id
    claims_db.set_match_state(seeded, claim.id, chosen, "confirmed", checker="ana")
    result = CliRunner().invoke(cli, ["--db", str(db_path), "match", "--all"])
    assert result.exit_code == 0, result.stderr
    assert claims_db.confirmed_evidence(seeded, claim.id) == [chosen]
    result = CliRunner().invoke(cli, ["--db", str(db_path), "match"])
    assert result.exit_code == 2


def test_matching_leaves_no_transaction_open(seeded: Database, db_path: object) -> None:
    """A matcher's connection must not keep the write lock: another process could not save a verdict."""
    Matcher(seeded).match("80,000 people killed in Pakistan")
    assert not seeded.conn.in_transaction
    other = claims_db.connect(str(db_path))
    claim = claims_db.list_claims(other)[0].claim
    claims_db.add_verdict(other, claim.id, "false", checker="other")  # would raise "database is locked"
    other.close()


def test_an_agreeing_number_outranks_the_same_words_with_another_number(tmp_path: Path) -> None:
    source = tmp_path / "tolls.csv"
    source.write_text(
        "id,claim\n"
        "a,About 8000 people were killed in Pakistan by terrorism since 2001\n"
        "b,About 80000 people were killed in Pakistan by terrorism since 2001\n"
        "c,About 60000 people were killed in Pakistan by terrorism since 2001\n",
        encoding="utf-8",
    )
    store = claims_db.connect(tmp_path / "w.db")
    import_dataset(store, str(source), name="tolls")
    found = Matcher(store).match("80,000 people were killed in Pakistan by terrorism since 2001")
    by_key = {m.record.key: m for m in found}
    assert [m.record.key for m in found] == ["b", "c", "a"]
    assert by_key["b"].components["numeric"]["agrees"]
    # 60,000 is near (+33 %), 8,000 far (+900 %): both flagged as differing, neither hidden.
    assert not by_key["c"].components["numeric"]["agrees"] and not by_key["a"].components["numeric"]["agrees"]
    assert "(+900 %) — differs" in " ".join(by_key["a"].reasons)
    store.close()


def test_shared_words_leave_the_pieces_of_numbers_to_the_number_line(seeded: Database) -> None:
    found = Matcher(seeded).match("80,000 people have died in Pakistan since 2001", limit=10)
    cnn = next(m for m in found if m.record.key == "ik-2022-cnn-80000")
    words_line = [r for r in cnn.reasons if r.startswith("shares the words")]
    assert not any(piece in line.split() for line in words_line for piece in ("80", "80,", "000", "000,"))
    assert any(r.startswith("claim 80,000 vs record 80,000 (same)") for r in cnn.reasons)
    cow = next(m for m in found if m.record.key == "cow-2018-pakistan-killed")
    assert "2001" in " ".join(r for r in cow.reasons if r.startswith("shares the words"))
