"""Repeated claims as the store keeps them (what the TUI's l / L keys use): checked before, link, reject."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

import claims_db
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
    assert claims_db.checked_before(db, [new]) == {new: []}  # nothing checked yet: nothing to show
    claims_db.add_verdict(db, earlier, "false", checker="amina")
    [found] = claims_db.checked_before(db, [new])[new]
    assert found == {
        "claim_id": earlier,
        "label": "false",
        "checker": "amina",
        "date": now()[:10],
        "score": 0.8,
        "state": "suggested",
    }
    # The earlier verdict undone: the suggestion has nothing to carry over, so it is not shown.
    claims_db.undo_verdict(db, earlier, checker="amina")
    assert claims_db.checked_before(db, [new]) == {new: []}


def test_link_decides_the_suggestion(db: Database) -> None:
    new, earlier = _pair(db)
    claims_db.add_verdict(db, earlier, "mostly-false", checker="amina")
    claims_db.link_claim(db, new, earlier, checker="tester")
    assert [r["state"] for r in claims_db.checked_before(db, [new])[new]] == ["linked"]
    verdict = claims_db.current_verdict(db, new)
    assert verdict is not None and verdict.label == "mostly-false" and verdict.carried_from is not None


def test_reject_repeat_keeps_the_suggestion_as_rejected_and_logs_it(db: Database) -> None:
    new, earlier = _pair(db)
    claims_db.add_verdict(db, earlier, "false", checker="amina")
    assert claims_db.reject_repeat(db, new, earlier, checker="tester") is True
    assert claims_db.checked_before(db, [new]) == {new: []}
    assert db.execute("SELECT state FROM claim_repeats WHERE claim_id = ?", [new]).fetchone()[0] == "rejected"
    event = claims_db.claim_history(db, new)[-1]
    assert (event.action, event.checker, event.data["earlier_id"]) == ("not-repeat", "tester", earlier)
    assert claims_db.reject_repeat(db, new, earlier, checker="tester") is False  # already decided
    assert claims_db.reject_repeat(db, earlier, new, checker="tester") is False  # no such suggestion
    assert claims_db.current_verdict(db, new) is None
    with pytest.raises(claims_db.StoreError, match="checker"):
        claims_db.reject_repeat(db, new, earlier, checker=" ")
