"""Repeated claims on real text: reports of Imran Khan's 80,000 claim, and claims that are not it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database

import claims_db
from claims_db import Claim
from tests.conftest import SEED_ARTICLE
from workbench.app import add_source, claim_fields
from workbench.matching.repeats import THRESHOLD, score_pairs

SECOND_REPORT = Path(__file__).resolve().parent.parent / "data" / "article-imran-khan-le-figaro-the-news.txt"
SEED_CLAIM = (
    "Imran Khan stressed: “Since 2001, 80,000 people have lost their lives (in the war on terror) in Pakistan,"
    " so we will be partners in peace with the United States, not in war.”"
)
# The same claim, reported elsewhere in other words (tests/data/README.md and docs/decisions.md: sources).
REPEATS = [
    # The News, 15 Feb 2022 (Le Figaro interview)
    "“We have already lost 80,000 lives in the war on terrorism and we do not want a conflict with the Afghan"
    " government.",
    # Daily Pakistan, 7 Dec 2018 (Washington Post interview)
    "In an interview to Washington Post, the premier highlighted that over 80,000 people died in the war, and over"
    " $150 billion was lost in the war on terror.",
    # The Diplomatic Insight, 16 Feb 2022
    "He stated that almost 80,000 Pakistanis have been a victim of the US war on terror in Afghanistan, and yet"
    " only Pakistan is to be blamed by the US and the West.",
    # Arab News, 14 Feb 2022 (CNN interview)
    "PM Khan cited the example of his own country, where he said 80,000 people died after Pakistan sided with the"
    " US in the war on terror.",
    # Pakistan Times Today (Middle East Eye interview)
    "Pakistan had lost 80,000 citizens and its economy had been left devastated, said the Premier.",
]
# Claims of real articles that do not repeat it (the seed's other claims; other interviews' claims,
# including two that give another death toll).
NOT_REPEATS = [
    "“If the humanitarian crisis worsens, we will have an influx of refugees, while more than 240,000 have"
    " already fled their country after the fall of Kabul.”",
    "“Almost half of our exports go to the European Union, of which France is one of the most significant members.”",
    "Prime Minister Imran Khan on Friday in an interview with VRT, a Belgian broadcaster said that 70,000"
    " Pakistanis lost their lives during 10 to 12 years period.",
    "“Seventy thousand Pakistanis lost their lives in this war,” he said.",
    "“People say $150bn in losses were suffered, some Pakistani economists put the figure at $200bn.”",
    "“Islamabad will never be Washington’s partner in the war,” the Pakistani prime minister said.",
    "He added that when the Taliban took power in Afghanistan in the 1990s, they were able to restore security.",
]


def _claim(index: int, text: str) -> Claim:
    fields = claim_fields(text)
    return Claim(id=index, article_id=index, start=None, end=None, text=text, normalized=fields["normalized"],
                 claimant=None, claim_type=fields["claim_type"], checkworthiness=fields["checkworthiness"],
                 quantities=fields["quantities"], time_scope=fields["time_scope"], created_at="")  # fmt: skip


def _scores(texts: list[str]) -> list[float]:
    news = [_claim(i + 1, t) for i, t in enumerate(texts)]
    return [row[0][0] for row in score_pairs(news, [_claim(0, SEED_CLAIM)])]


@pytest.mark.parametrize("text", REPEATS)
def test_other_reports_of_the_claim_are_repeats(text: str) -> None:
    assert _scores([text])[0] >= THRESHOLD


@pytest.mark.parametrize("text", NOT_REPEATS)
def test_other_claims_are_not(text: str) -> None:
    assert _scores([text])[0] < THRESHOLD


def test_every_repeat_scores_above_every_non_repeat() -> None:
    assert min(_scores(REPEATS)) > max(_scores(NOT_REPEATS))


def _checked_seed(db: Database) -> int:
    add_source(db, str(SEED_ARTICLE), title="Le Figaro (seed)", match=False)
    (seed,) = [r.claim.id for r in claims_db.list_claims(db) if "80,000" in r.claim.text]
    claims_db.add_verdict(db, seed, "misleading", checker="amina", note="About 65,000 by 2018 (Costs of War).")
    return seed


def test_re_adding_the_claim_in_another_article_surfaces_the_first_verdict(db: Database) -> None:
    seed = _checked_seed(db)
    result = add_source(db, str(SECOND_REPORT), match=False)
    assert result.repeats == 1
    before = claims_db.checked_before(db, result.claim_ids)
    found = {cid: rows for cid, rows in before.items() if rows}
    ((claim_id, (earlier,)),) = found.items()
    assert "80,000 lives" in claims_db.get_claim(db, claim_id).text
    assert (earlier["claim_id"], earlier["label"], earlier["checker"]) == (seed, "misleading", "amina")
    assert THRESHOLD <= earlier["score"] <= 1


def test_claims_of_the_same_article_and_unchecked_claims_are_not_suggested(db: Database) -> None:
    add_source(db, str(SEED_ARTICLE), match=False)  # nothing checked yet
    result = add_source(db, str(SECOND_REPORT), match=False)
    assert result.repeats == 0
    assert claims_db.list_claims(db, claims_db.ClaimFilter(repeated=True)) == []


def test_hand_added_and_split_claims_are_matched_like_extracted_ones(seeded: Database) -> None:
    from workbench.app import add_claim_by_hand, split_claim_by_hand

    article_id = claims_db.list_articles(seeded)[0].id
    added = add_claim_by_hand(seeded, article_id, "Pakistan lost 80,000 people in the war on terror", checker="amina")
    assert added.quantities[0]["value"] == 80000 and added.claim_type == "statistic"
    keys = [m.record.key for m in claims_db.claim_detail(seeded, added.id).matches if m.record]
    assert "cow-2018-pakistan-killed" in keys

    seed = next(r.claim for r in claims_db.list_claims(seeded) if "Since 2001, 80,000" in r.claim.text)
    parts = split_claim_by_hand(
        seeded,
        seed.id,
        ["Since 2001, 80,000 people have lost their lives (in the war on terror) in Pakistan",
         "we will be partners in peace with the United States, not in war"],
        checker="amina",
    )  # fmt: skip
    assert [p.split_from for p in parts] == [seed.id, seed.id] and parts[0].claimant == "Imran Khan"
    assert parts[0].time_scope is not None and parts[0].time_scope["start"] == "2001"
    assert claims_db.claim_detail(seeded, parts[0].id).matches
    assert parts[1].quantities == [] and parts[1].start is not None


def test_without_the_semantic_model_the_words_still_separate_them(monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.matching import semantic

    monkeypatch.setattr(semantic, "embedder", lambda: None)
    assert min(_scores(REPEATS)) >= THRESHOLD > max(_scores(NOT_REPEATS))
