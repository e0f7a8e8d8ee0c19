from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

import claims_db
from claims_db import ClaimFilter, NotFound, StoreError

TEXT = "Intro sentence here. Since 2001, 80,000 people have died. The rate rose to 3.5% in 2020."


def _article_with_claims(db: Database) -> tuple[int, list[int]]:
    article = claims_db.add_article(db, TEXT, title="T", url="https://example.org/a", published_at="2021-06-09")
    ids = claims_db.add_claims(
        db,
        article.article.id,
        [
            {
                "start": 21,
                "end": 57,
                "text": TEXT[21:57],
                "normalized": "80,000 killed since 2001",
                "claimant": "Imran Khan",
                "claim_type": "statistic",
                "checkworthiness": 0.9,
                "quantities": [{"text": "80,000", "value": 80000.0, "unit": "people", "kind": "count"}],
                "time_scope": {"text": "Since 2001", "start": "2001", "end": None},
            },
            {"start": 58, "end": len(TEXT), "text": TEXT[58:], "claim_type": "comparison", "checkworthiness": 0.5},
        ],
    )
    return article.article.id, ids


def test_article_round_trip_and_same_text_is_one_article(db: Database) -> None:
    first = claims_db.add_article(db, TEXT, title="T")
    again = claims_db.add_article(db, TEXT, title="Other title")
    assert first.created and not again.created
    assert again.article.id == first.article.id
    assert again.article.title == "T"
    assert claims_db.get_article(db, first.article.id).text == TEXT
    assert len(claims_db.list_articles(db)) == 1


def test_claim_round_trip_keeps_offsets_and_json_fields(db: Database) -> None:
    _, ids = _article_with_claims(db)
    claim = claims_db.get_claim(db, ids[0])
    article = claims_db.get_article(db, claim.article_id)
    assert article.text[claim.start : claim.end] == claim.text
    assert claim.quantities[0]["value"] == 80000.0
    assert claim.time_scope == {"text": "Since 2001", "start": "2001", "end": None}
    assert claim.claimant == "Imran Khan"


def test_claims_at_same_offsets_are_not_duplicated(db: Database) -> None:
    article_id, _ = _article_with_claims(db)
    again = claims_db.add_claims(db, article_id, [{"start": 21, "end": 57, "text": TEXT[21:57]}])
    assert again == []
    assert claims_db.count_claims(db).total == 2


def test_bad_claim_fields_are_refused(db: Database) -> None:
    article_id, _ = _article_with_claims(db)
    with pytest.raises(StoreError, match="claim type"):
        claims_db.add_claims(db, article_id, [{"start": 0, "end": 5, "text": "Intro", "claim_type": "gossip"}])
    with pytest.raises(StoreError, match="between 0 and 1"):
        claims_db.add_claims(db, article_id, [{"start": 0, "end": 5, "text": "Intro", "checkworthiness": 3}])
    with pytest.raises(NotFound):
        claims_db.add_claims(db, 999, [{"start": 0, "end": 5, "text": "x"}])


def test_verdicts_append_and_the_newest_is_current(db: Database) -> None:
    _, ids = _article_with_claims(db)
    claims_db.add_verdict(db, ids[0], "false", checker="ana", note="first")
    claims_db.add_verdict(db, ids[0], "mostly-false", checker="ben", note="second look")
    history = claims_db.verdict_history(db, ids[0])
    assert [v.label for v in history] == ["false", "mostly-false"]
    assert [v.checker for v in history] == ["ana", "ben"]
    assert claims_db.current_verdict(db, ids[0]).label == "mostly-false"  # type: ignore[union-attr]


def test_undo_appends_and_walks_back_through_history(db: Database) -> None:
    _, ids = _article_with_claims(db)
    claims_db.add_verdict(db, ids[0], "false", checker="ana")
    claims_db.add_verdict(db, ids[0], "true", checker="ana")
    back = claims_db.undo_verdict(db, ids[0], checker="ana")
    assert back is not None and back.label == "false" and back.undo_of is not None
    back = claims_db.undo_verdict(db, ids[0], checker="ana")
    assert back is not None and back.label is None
    assert claims_db.undo_verdict(db, ids[0], checker="ana") is None
    assert len(claims_db.verdict_history(db, ids[0])) == 4  # nothing deleted
    assert claims_db.count_claims(db).reviewed == 0


def test_verdict_history_cannot_be_rewritten_even_with_sql(db: Database) -> None:
    _, ids = _article_with_claims(db)
    claims_db.add_verdict(db, ids[0], "false", checker="ana")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE verdicts SET label = 'true'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM verdicts")
    assert claims_db.current_verdict(db, ids[0]).label == "false"  # type: ignore[union-attr]


def test_unknown_label_checker_and_evidence_are_refused(db: Database) -> None:
    _, ids = _article_with_claims(db)
    with pytest.raises(StoreError, match="unknown verdict label 'fake'"):
        claims_db.add_verdict(db, ids[0], "fake", checker="ana")
    with pytest.raises(StoreError, match="checker"):
        claims_db.add_verdict(db, ids[0], "false", checker="")
    with pytest.raises(NotFound, match="record"):
        claims_db.add_verdict(db, ids[0], "false", checker="ana", evidence=[12345])
    with pytest.raises(NotFound, match="claim"):
        claims_db.add_verdict(db, 999, "false", checker="ana")
    assert claims_db.verdict_history(db, ids[0]) == []


def test_default_scale_and_editing_it(db: Database) -> None:
    scale = claims_db.verdict_labels(db)
    assert [s.label for s in scale] == [
        "true",
        "mostly-true",
        "half-true",
        "mostly-false",
        "false",
        "misleading",
        "unverifiable",
    ]
    assert [s.key for s in scale] == ["1", "2", "3", "4", "5", "6", "7"]
    claims_db.set_verdict_label(db, "satire", display_name="Satire", key="8")
    claims_db.set_verdict_label(db, "false", display_name="Pants on fire", key="5", rating_value=1)
    scale = {s.label: s for s in claims_db.verdict_labels(db)}
    assert scale["satire"].position == 7
    assert scale["false"].display_name == "Pants on fire"


def test_list_filters_sorts_pages_and_counts(db: Database) -> None:
    article_id, ids = _article_with_claims(db)
    claims_db.add_verdict(db, ids[1], "true", checker="ana")
    assert [r.claim.id for r in claims_db.list_claims(db)] == [ids[0], ids[1]]  # by score
    assert [r.claim.id for r in claims_db.list_claims(db, ClaimFilter(status="unreviewed"))] == [ids[0]]
    assert [r.claim.id for r in claims_db.list_claims(db, ClaimFilter(label="true"))] == [ids[1]]
    assert [r.claim.id for r in claims_db.list_claims(db, ClaimFilter(claim_type="statistic"))] == [ids[0]]
    assert [r.claim.id for r in claims_db.list_claims(db, ClaimFilter(text="imran"))] == [ids[0]]
    assert [r.claim.id for r in claims_db.list_claims(db, ClaimFilter(text="%"))] == [ids[1]]  # literal, not LIKE
    assert [r.claim.id for r in claims_db.list_claims(db, sort="id", limit=1, offset=1)] == [ids[1]]
    counts = claims_db.count_claims(db, ClaimFilter(article_id=article_id))
    assert (counts.total, counts.reviewed, counts.by_label) == (2, 1, {"true": 1})
    with pytest.raises(StoreError):
        claims_db.list_claims(db, sort="nonsense")


def _dataset_with_records(db: Database) -> tuple[int, list[int]]:
    dataset = claims_db.upsert_dataset(db, "stats", source="x.csv", format="csv")
    claims_db.upsert_records(
        db,
        dataset.id,
        [
            {"key": "a", "text": "About 65,000 people killed in Pakistan 2001-2018", "value": 65000.0},
            {"key": "b", "text": "Almost 62,000 deaths from 2001 to mid-2016", "value": 62000.0},
        ],
    )
    ids = [r[0] for r in db.execute("SELECT id FROM records ORDER BY key")]
    return dataset.id, ids


def _fts(db: Database, word: str) -> list[int]:
    return [r[0] for r in db.execute("SELECT rowid FROM records_fts WHERE records_fts MATCH ?", [f'"{word}"'])]


def test_records_upsert_by_key_and_keep_fts_in_step(db: Database) -> None:
    dataset_id, ids = _dataset_with_records(db)
    assert _fts(db, "pakistan") == [ids[0]]
    stats = claims_db.upsert_records(
        db,
        dataset_id,
        [
            {"key": "a", "text": "About 65,000 people killed in Pakistan 2001-2018", "value": 65000.0},
            {"key": "b", "text": "Revised: 70,000 deaths in Khyber", "value": 70000.0},
            {"key": "c", "text": "A new record about Khyber"},
        ],
    )
    assert (stats.added, stats.updated, stats.unchanged) == (1, 1, 1)
    assert _fts(db, "mid") == []  # old text of b left the index
    assert sorted(_fts(db, "khyber")) == sorted([ids[1], ids[1] + 1])
    assert db.execute("INSERT INTO records_fts(records_fts) VALUES ('integrity-check')") is not None
    assert claims_db.get_dataset(db, "stats").row_count == 3


def test_duplicate_keys_in_one_source_last_wins(db: Database) -> None:
    dataset = claims_db.upsert_dataset(db, "d", source=None, format=None)
    stats = claims_db.upsert_records(
        db,
        dataset.id,
        [
            {"key": "k", "text": "first version"},
            {"key": "k", "text": "second version"},
        ],
    )
    assert (stats.rows, stats.added, stats.duplicates) == (2, 1, 1)
    assert db.execute("SELECT text FROM records").fetchone()[0] == "second version"
    assert _fts(db, "second") and not _fts(db, "first")


def test_replace_drops_records_not_in_source_and_remove_dataset(db: Database) -> None:
    dataset_id, _ = _dataset_with_records(db)
    stats = claims_db.upsert_records(db, dataset_id, [{"key": "a", "text": "About 65,000 people killed"}], replace=True)
    assert stats.removed == 1
    assert _fts(db, "mid") == []
    assert claims_db.remove_dataset(db, "stats") == 1
    assert claims_db.count_records(db) == 0
    assert db.execute("SELECT COUNT(*) FROM records_fts").fetchone()[0] == 0
    with pytest.raises(NotFound):
        claims_db.get_dataset(db, "stats")


def test_matches_keep_checker_decisions_across_rematching(db: Database) -> None:
    _, claim_ids = _article_with_claims(db)
    _, record_ids = _dataset_with_records(db)
    claims_db.store_matches(
        db,
        claim_ids[0],
        [
            {"record_id": record_ids[0], "score": 80, "components": {"fuzzy": 80}},
            {"record_id": record_ids[1], "score": 60},
        ],
    )
    claims_db.set_match_state(db, claim_ids[0], record_ids[1], "confirmed", checker="ana")
    claims_db.store_matches(db, claim_ids[0], [{"record_id": record_ids[0], "score": 81}])
    detail = claims_db.claim_detail(db, claim_ids[0])
    states = {m.record_id: (m.state, m.score) for m in detail.matches}
    assert states == {record_ids[0]: ("suggested", 81.0), record_ids[1]: ("confirmed", 60.0)}
    assert claims_db.confirmed_evidence(db, claim_ids[0]) == [record_ids[1]]
    assert detail.matches[0].record is not None and detail.matches[0].record.dataset_name == "stats"
    with pytest.raises(StoreError):
        claims_db.set_match_state(db, claim_ids[0], record_ids[0], "maybe", checker="ana")


def test_a_record_found_by_hand_can_be_confirmed(db: Database) -> None:
    _, claim_ids = _article_with_claims(db)
    _, record_ids = _dataset_with_records(db)
    claims_db.set_match_state(db, claim_ids[1], record_ids[0], "confirmed", checker="ana")
    assert claims_db.confirmed_evidence(db, claim_ids[1]) == [record_ids[0]]


def test_settings_round_trip(db: Database) -> None:
    assert claims_db.get_setting(db, "publisher_name") is None
    claims_db.set_setting(db, "publisher_name", "Example Checks")
    claims_db.set_setting(db, "publisher_name", "Example Fact Checks")
    assert claims_db.all_settings(db) == {"publisher_name": "Example Fact Checks"}
    claims_db.set_setting(db, "publisher_name", None)
    assert claims_db.get_setting(db, "publisher_name", "default") == "default"
