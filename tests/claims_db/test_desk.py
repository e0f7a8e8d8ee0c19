"""The desk's control of the claim list, at the store: history, undo, merge and split with verdicts."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

import claims_db
from claims_db import ClaimFilter, StoreError

TEXT = (
    "Since 2001, 80,000 people have died in Pakistan. Taxes rose by 3% and spending fell by 2% last year. "
    "A photo caption here."
)


def _article(db: Database, text: str = TEXT) -> tuple[int, list[int]]:
    article = claims_db.add_article(db, text, title="T").article
    sentences = [(0, 48), (49, 101), (102, len(text))]
    ids = claims_db.add_claims(
        db,
        article.id,
        [
            {"start": s, "end": e, "text": text[s:e], "normalized": f"norm {i}", "claimant": "Khan" if i == 0 else None}
            for i, (s, e) in enumerate(sentences)
        ],
    )
    return article.id, ids


def _actions(db: Database, claim_id: int) -> list[str]:
    return [e.action for e in claims_db.claim_history(db, claim_id)]


def test_extractor_output_is_event_zero_and_history_is_append_only(db: Database) -> None:
    _, (first, *_) = _article(db)
    events = claims_db.claim_history(db, first)
    assert [e.action for e in events] == ["extracted"]
    assert events[0].data["text"] == TEXT[0:48] and events[0].checker == "extractor"
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE claim_events SET checker = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM claim_events")


def test_dismiss_restore_and_the_default_queue(db: Database) -> None:
    _, (first, second, caption) = _article(db)
    assert claims_db.dismiss_claim(db, caption, "not a claim", checker="amina")
    assert not claims_db.dismiss_claim(db, caption, "duplicate", checker="amina")  # already dismissed
    queue = [r.claim.id for r in claims_db.list_claims(db, sort="id")]
    assert queue == [first, second]
    dismissed = claims_db.list_claims(db, ClaimFilter(status="dismissed"))
    assert [(r.claim.id, r.claim.dismissed, r.status) for r in dismissed] == [(caption, "not a claim", "dismissed")]
    assert claims_db.restore_claim(db, caption, checker="amina")
    assert caption in [r.claim.id for r in claims_db.list_claims(db)]
    assert _actions(db, caption) == ["extracted", "dismissed", "restored"]


def test_edit_keeps_the_extractors_original_and_undo_appends(db: Database) -> None:
    _, (first, *_) = _article(db)
    assert claims_db.edit_claim(db, first, normalized="80,000 killed since 2001", claimant="", checker="amina")
    claim = claims_db.get_claim(db, first)
    assert claim.normalized == "80,000 killed since 2001" and claim.claimant is None
    undone = claims_db.undo_claim_change(db, first, checker="bo")
    assert undone is not None and undone.undo_of is not None
    claim = claims_db.get_claim(db, first)
    assert (claim.normalized, claim.claimant) == ("norm 0", "Khan")
    events = claims_db.claim_history(db, first)
    assert [e.action for e in events] == ["extracted", "edited", "undo"]
    assert events[0].data["normalized"] == "norm 0"  # the original stays readable
    assert claims_db.undo_claim_change(db, first, checker="bo") is None  # nothing left to undo


def test_assign_and_filter_by_assignee(db: Database) -> None:
    _, (first, second, _) = _article(db)
    claims_db.assign_claim(db, first, "Amina", checker="lead")
    assert [r.claim.id for r in claims_db.list_claims(db, ClaimFilter(assignee="amina"))] == [first]
    nobody = [r.claim.id for r in claims_db.list_claims(db, ClaimFilter(assignee=""), sort="id")]
    assert first not in nobody and second in nobody
    claims_db.assign_claim(db, first, None, checker="lead")
    assert claims_db.get_claim(db, first).assignee is None


def test_split_keeps_the_originals_verdict_and_undo_restores_it(db: Database) -> None:
    _, (_, taxes, _) = _article(db)
    claims_db.add_verdict(db, taxes, "half-true", checker="amina")
    parts = claims_db.split_claim(
        db, taxes, [{"text": "Taxes rose by 3%"}, {"text": "spending fell by 2% last year"}], checker="amina"
    )
    original = claims_db.get_claim(db, taxes)
    assert original.dismissed == f"split into claims {parts[0]}, {parts[1]}"
    assert claims_db.current_verdict(db, taxes).label == "half-true"  # type: ignore[union-attr]
    first_part = claims_db.get_claim(db, parts[0])
    assert (first_part.start, first_part.end) == (49, 65) and first_part.split_from == taxes
    assert all(claims_db.current_verdict(db, p) is None for p in parts)  # the parts start pending
    assert _actions(db, parts[1]) == ["split-part"]

    claims_db.undo_claim_change(db, parts[1], checker="amina")  # undoing from a part undoes the whole split
    assert claims_db.get_claim(db, taxes).in_play
    assert all(claims_db.get_claim(db, p).dismissed == "split undone" for p in parts)
    assert claims_db.current_verdict(db, taxes).label == "half-true"  # type: ignore[union-attr]


def test_merge_across_articles_keeps_every_verdict_and_undo_unmerges(db: Database) -> None:
    _, (first, *_) = _article(db)
    other_text = "Officials said 80,000 people have died in Pakistan since 2001. Another sentence is here now."
    other_article = claims_db.add_article(db, other_text, title="U").article
    (repeat,) = claims_db.add_claims(db, other_article.id, [{"start": 0, "end": 62, "text": other_text[:62]}])
    claims_db.add_verdict(db, repeat, "false", checker="bo")
    claims_db.add_verdict(db, first, "misleading", checker="amina")

    assert claims_db.merge_claims(db, first, [repeat, first], checker="amina") == [repeat]
    assert [c.id for c in claims_db.appearances(db, first)] == [repeat]
    assert repeat not in [r.claim.id for r in claims_db.list_claims(db)]
    merged = claims_db.list_claims(db, ClaimFilter(status="merged"))
    assert [(r.claim.id, r.status) for r in merged] == [(repeat, "merged")]
    assert claims_db.current_verdict(db, repeat).label == "false"  # type: ignore[union-attr]
    assert claims_db.current_verdict(db, first).label == "misleading"  # type: ignore[union-attr]
    with pytest.raises(StoreError, match="already merged"):
        claims_db.merge_claims(db, claims_db.add_claims(db, other_article.id, [{"start": 63, "end": 91,
                               "text": other_text[63:91]}])[0], [repeat], checker="amina")  # fmt: skip

    claims_db.undo_claim_change(db, first, checker="amina")
    assert claims_db.get_claim(db, repeat).merged_into is None
    assert claims_db.appearances(db, first) == []


def test_add_by_hand_finds_the_span_or_keeps_the_wording(db: Database) -> None:
    article_id, _ = _article(db)
    placed = claims_db.add_claim(db, article_id, {"text": "taxes rose  by 3%"}, checker="amina")
    assert (placed.start, placed.end, placed.text, placed.origin) == (49, 65, "Taxes rose by 3%", "checker")
    typed = claims_db.add_claim(db, article_id, {"text": "Spending was cut"}, checker="amina")
    assert typed.start is None and typed.text == "Spending was cut"
    assert _actions(db, typed.id) == ["added"]
    with pytest.raises(StoreError, match="already covers"):
        claims_db.add_claim(db, article_id, {"text": TEXT[0:48]}, checker="amina")


def test_link_carries_the_verdict_over_and_names_its_source(db: Database) -> None:
    _, (first, *_) = _article(db)
    other = claims_db.add_article(db, "Khan repeated that 80,000 had died since 2001.", title="U").article
    (repeat,) = claims_db.add_claims(db, other.id, [{"start": 0, "end": 46, "text": "x" * 46}])
    source = claims_db.add_verdict(db, first, "misleading", checker="amina", note="65,000 by 2018")
    db.execute(
        "INSERT INTO claim_repeats (claim_id, earlier_id, score, state, created_at)"
        " VALUES (?, ?, 0.8, 'suggested', 'x')",
        [repeat, first],
    )
    assert [r.claim.id for r in claims_db.list_claims(db, ClaimFilter(repeated=True))] == [repeat]
    assert claims_db.checked_before(db, [repeat])[repeat][0]["label"] == "misleading"
    claims_db.undo_verdict(db, first, checker="amina")  # nothing left to carry over: no suggestion shown
    assert claims_db.checked_before(db, [repeat]) == {repeat: []}
    assert claims_db.list_claims(db, ClaimFilter(repeated=True)) == []
    source = claims_db.add_verdict(db, first, "misleading", checker="amina", note="65,000 by 2018")
    claims_db.link_claim(db, repeat, first, checker="bo")
    carried = claims_db.current_verdict(db, repeat)
    assert carried is not None and (carried.label, carried.carried_from, carried.checker) == (
        "misleading",
        source.id,
        "bo",
    )
    assert claims_db.list_claims(db, ClaimFilter(repeated=True)) == []  # decided: no longer a suggestion
    assert claims_db.checked_before(db, [repeat])[repeat][0]["state"] == "linked"


def test_typed_text_is_found_whatever_its_quotes_and_dashes() -> None:
    article = "He said: “We can’t accept it” — and left. Prices rose 3% in 2020–21."

    def found(typed: str) -> str | None:
        span = claims_db.locate(article, typed)
        return article[span[0] : span[1]] if span else None

    assert found("We can't accept it") == "We can’t accept it"
    assert found('"We can\'t accept it" - and left') == "“We can’t accept it” — and left"
    assert found("prices rose 3% in 2020-21") == "Prices rose 3% in 2020–21"
    assert found("We can not accept it") is None


def test_after_a_split_is_undone_its_parts_stay_out_of_the_queue(db: Database) -> None:
    _, (_, taxes, _) = _article(db)
    parts = claims_db.split_claim(
        db, taxes, [{"text": "Taxes rose by 3%"}, {"text": "spending fell by 2% last year"}], checker="amina"
    )
    claims_db.undo_claim_change(db, taxes, checker="amina")
    # Undo on a part now finds nothing of its own to undo: the original and a part are never both in play.
    assert claims_db.undo_claim_change(db, parts[0], checker="amina") is None
    in_play = {row.claim.id for row in claims_db.list_claims(db)}
    assert taxes in in_play and not in_play & set(parts)
    assert claims_db.claim_history(db, parts[0])[-1].describe() == "dismissed: its split was undone"


def test_a_part_that_is_the_whole_sentence_is_kept_as_wording(db: Database) -> None:
    _, (_, taxes, _) = _article(db)
    sentence = claims_db.get_claim(db, taxes).text.strip()
    parts = claims_db.split_claim(db, taxes, [{"text": sentence}, {"text": "Taxes rose"}], checker="amina")
    whole = claims_db.get_claim(db, parts[0])
    assert (whole.start, whole.end, whole.text) == (None, None, sentence)


def test_merged_and_dismissed_states_do_not_mix(db: Database) -> None:
    _, (deaths, taxes, caption) = _article(db)
    claims_db.merge_claims(db, deaths, [taxes], checker="amina")
    with pytest.raises(StoreError, match="appearance of claim"):
        claims_db.dismiss_claim(db, taxes, "duplicate", checker="amina")
    claims_db.dismiss_claim(db, caption, "not a claim", checker="amina")
    with pytest.raises(StoreError, match="dismissed"):
        claims_db.merge_claims(db, deaths, [caption], checker="amina")
    with pytest.raises(StoreError, match="dismissed"):
        claims_db.merge_claims(db, caption, [deaths], checker="amina")


def test_a_dismissed_claim_is_no_reference_for_repeats(db: Database) -> None:
    _, (deaths, _, _) = _article(db)
    other = claims_db.add_article(db, "Pakistan lost 80,000 people since 2001.", title="U").article.id
    (repeat,) = claims_db.add_claims(
        db, other, [{"start": 0, "end": 39, "text": "Pakistan lost 80,000 people since 2001."}]
    )
    claims_db.add_verdict(db, deaths, "false", checker="amina")
    db.execute(
        "INSERT INTO claim_repeats (claim_id, earlier_id, score, state, created_at)"
        " VALUES (?, ?, 0.9, 'suggested', 'x')",
        [repeat, deaths],
    )
    assert claims_db.checked_before(db, [repeat])[repeat]
    claims_db.dismiss_claim(db, deaths, "not a claim", checker="amina")
    assert claims_db.checked_before(db, [repeat]) == {repeat: []}
    assert not claims_db.list_claims(db, ClaimFilter(repeated=True))
