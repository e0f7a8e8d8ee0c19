"""Repeated claims as the store keeps them: what was checked before, linking, rejecting."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

import claims_db
from claims_db import NotFound
from claims_db.util import now

FIRST = "Since 2001, 80,000 people have died in Pakistan."
SECOND = "Pakistan has lost 80,000 lives since 2001, the minister said."


def _pair(db: Database) -> tuple[int, int]:
    """An earlier claim and a new one suggested as its repeat (the earlier one not yet checked)."""
    ids = []
    for text in (FIRST, SECOND):
        article = claims_db.add_article(db, text, title=text[:10])
        ids += claims_db.add_claims(db, article.article.id, [{"start": 0, "end": len(text), "text": text}])
    earlier, new = ids
    db.execute(
        "INSERT INTO claim_repeats (claim_id, earlier_id, score, created_at) VALUES (?, ?, 0.8, ?)",
        [new, earlier, now()],
    )
    return new, earlier


def test_checked_before_names_the_earlier_verdict_once_there_is_one(db: Database) -> None:
    new, earlier = _pair(db)
    assert claims_db.checked_before(db, new) == []  # nothing checked yet: nothing to show
    claims_db.add_verdict(db, earlier, "false", checker="amina")
    [found] = claims_db.checked_before(db, new)
    assert (found.claim_id, found.label, found.checker, found.score, found.state) == (
        earlier,
        "false",
        "amina",
        0.8,
        "suggested",
    )
    assert found.describe() == f"checked before: false, {now()[:10]}, by amina (claim {earlier})"
    assert found.text == FIRST
    # The earlier verdict undone: the suggestion has nothing to carry over, so it is not shown.
    claims_db.undo_verdict(db, earlier, checker="amina")
    assert claims_db.checked_before(db, new) == []


def test_link_decides_the_suggestion(db: Database) -> None:
    new, earlier = _pair(db)
    claims_db.add_verdict(db, earlier, "mostly-false", checker="amina")
    claims_db.link_claim(db, new, earlier, checker="tester")
    assert claims_db.checked_before(db, new) == []
    [linked] = claims_db.checked_before(db, new, states=("linked",))
    assert linked.claim_id == earlier


def test_reject_repeat_keeps_the_suggestion_as_rejected_and_logs_it(db: Database) -> None:
    new, earlier = _pair(db)
    claims_db.add_verdict(db, earlier, "false", checker="amina")
    assert claims_db.reject_repeat(db, new, earlier, checker="tester") is True
    assert claims_db.checked_before(db, new) == []
    assert [r.claim_id for r in claims_db.checked_before(db, new, states=("rejected",))] == [earlier]
    event = claims_db.claim_history(db, new)[-1]
    assert (event.action, event.checker, event.describe()) == (
        "not-a-repeat",
        "tester",
        f"not a repeat of claim {earlier}",
    )
    assert claims_db.reject_repeat(db, new, earlier, checker="tester") is False
    assert claims_db.current_verdict(db, new) is None


def test_reject_repeat_without_a_suggestion_is_an_error(db: Database) -> None:
    new, earlier = _pair(db)
    with pytest.raises(NotFound, match="no suggestion"):
        claims_db.reject_repeat(db, earlier, new, checker="tester")
    with pytest.raises(claims_db.StoreError, match="checker"):
        claims_db.reject_repeat(db, new, earlier, checker=" ")
