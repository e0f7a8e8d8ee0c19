"""The match score: a calibrated probability, said in words, and steady when unrelated data arrives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

import claims_db
from benchmarks.reliability import bins, expected_calibration_error, precision_threshold
from workbench.cli import cli
from workbench.matching import Matcher, score_words
from workbench.matching import matcher as matcher_module
from workbench.references import import_dataset


def _seed_claim(db: Database) -> claims_db.Claim:
    return claims_db.list_claims(db, claims_db.ClaimFilter(text="80,000"))[0].claim


@pytest.mark.parametrize(
    ("score", "words"),
    [(0.93, "same claim: 0.93"), (0.41, "related: 0.41"), (0.05, "unlikely: 0.05"), (0.5, "same claim: 0.50")],
)
def test_score_words(score: float, words: str) -> None:
    assert score_words(score) == words


def test_scores_are_probabilities_and_a_one_word_query_is_not_sure(seeded: Database) -> None:
    matcher = Matcher(seeded)
    claim = matcher.match(_seed_claim(seeded), limit=10)
    assert all(0.0 <= m.score <= 1.0 for m in claim)
    assert claim[0].score >= matcher_module.SAME_CLAIM
    # Shown in order of the score.
    assert [m.score for m in claim] == sorted((m.score for m in claim), reverse=True)
    one_word = matcher.match("Pakistan", limit=5)
    assert one_word and one_word[0].score < matcher_module.SAME_CLAIM
    assert one_word[0].score < claim[0].score


def test_the_calibration_shrinks_short_queries() -> None:
    calibration = matcher_module.CALIBRATION
    assert calibration.short < 0 and calibration.slope > 0
    assert calibration.probability(4.0, 1) < calibration.probability(4.0, 12)


def _unrelated(tmp: Path, rows: int = 400) -> Path:
    """A dataset on other subjects that shares the seed claims' words "Pakistan" and "war"."""
    path = tmp / "unrelated.csv"
    lines = ["id,text,title"]
    for i in range(rows):
        lines.append(
            f"u{i},Cricket board of Pakistan {i} said the tour {i % 7} was a war of words over tickets,Cricket tour {i}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_an_unrelated_import_leaves_a_claims_sure_matches_in_place(seeded: Database, tmp_path: Path) -> None:
    """Records that were "same claim" stay in the top 5 (measured at scale by
    benchmarks/import_stability.py). Their scores still move: bm25 follows the whole table's idf."""
    claim = _seed_claim(seeded)
    before = {m.record.key: m.score for m in Matcher(seeded).match(claim, limit=5)}
    sure = {key: score for key, score in before.items() if score >= matcher_module.SAME_CLAIM}
    assert sure
    import_dataset(seeded, str(_unrelated(tmp_path)), name="cricket")
    after = {m.record.key: m.score for m in Matcher(seeded).match(claim, limit=5)}
    for key, score in sure.items():
        assert key in after and after[key] >= matcher_module.RELATED, (key, score, after.get(key))


def test_cli_and_json_show_the_score_in_words(seeded: Database, db_path: Path) -> None:
    runner = CliRunner()
    shown = runner.invoke(cli, ["--db", str(db_path), "search", "Pakistan economic losses war on terror"])
    data = runner.invoke(cli, ["--db", str(db_path), "search", "Pakistan economic losses war on terror", "--json"])
    assert shown.exit_code == 0 and data.exit_code == 0
    first = json.loads(data.stdout)[0]
    assert first["assessment"] == score_words(first["score"])
    assert shown.stdout.splitlines()[0].startswith(score_words(first["score"]))


def test_the_tui_panel_shows_the_stored_score_the_cli_stored(seeded: Database, db_path: Path) -> None:
    """What `workbench match` stores is what the matcher says now, and the panel shows it in the same words."""
    from workbench.tui.widgets.detail_views import WhyView

    claim = _seed_claim(seeded)
    assert CliRunner().invoke(cli, ["--db", str(db_path), "match", "--all"]).exit_code == 0
    stored = claims_db.claim_detail(seeded, claim.id).matches
    live = {m.record.id: m.score for m in Matcher(seeded).match(claim, limit=10)}
    assert stored and all(m.score == pytest.approx(live[m.record_id]) for m in stored)
    view = WhyView()
    shown: list[Any] = []
    view.update = shown.append  # type: ignore[method-assign]
    view.show(stored[0])
    assert shown[0].renderables[0].plain.startswith(score_words(stored[0].score))


def test_reliability_measures() -> None:
    pairs = [(0.95, True)] * 9 + [(0.95, False)] + [(0.15, False)] * 17 + [(0.15, True)] * 3
    assert expected_calibration_error(pairs) == pytest.approx((10 * 0.05 + 20 * 0.0) / 30)
    assert [count for *_, count in bins(pairs)] == [20, 10]
    assert precision_threshold(pairs) == 0.95
    assert precision_threshold([(0.9, False), (0.2, True)]) is None
