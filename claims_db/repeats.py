"""Repeated claims: suggestions that a claim repeats one the desk has already checked (``claim_repeats``).

The suggestions are found when an article is added; here they are read ("checked before: false,
2021-06-12, by amina") and decided: ``claims_db.desk.link_claim`` carries the earlier verdict over,
:func:`reject_repeat` says the claim is not a repeat (the suggestion is kept, as rejected).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from claims_db.connection import immediate
from claims_db.desk import _checker, _claim, _event
from claims_db.errors import NotFound


@dataclass(frozen=True)
class CheckedBefore:
    """An earlier claim with a verdict that this claim may repeat."""

    claim_id: int  # the earlier claim
    label: str
    checker: str
    date: str  # the day of the earlier claim's current verdict
    score: float
    state: str  # suggested / linked / rejected
    text: str  # the earlier claim as stated (the checker's wording when edited)
    article_title: str | None

    def describe(self) -> str:
        return f"checked before: {self.label}, {self.date}, by {self.checker} (claim {self.claim_id})"


_CHECKED_BEFORE = """
SELECT r.earlier_id, r.score, r.state, coalesce(c.normalized, c.text) AS text, a.title,
       v.label, v.checker, v.created_at
FROM claim_repeats r
JOIN claims c ON c.id = r.earlier_id
JOIN articles a ON a.id = c.article_id
JOIN (SELECT claim_id, MAX(id) AS vid FROM verdicts GROUP BY claim_id) lv ON lv.claim_id = r.earlier_id
JOIN verdicts v ON v.id = lv.vid
WHERE r.claim_id = ? AND v.label IS NOT NULL AND r.state IN ({states})
ORDER BY r.score DESC, r.earlier_id
"""


def checked_before(db: Database, claim_id: int, *, states: tuple[str, ...] = ("suggested",)) -> list[CheckedBefore]:
    """The earlier claims this one may repeat that have a verdict now, the closest first.

    By default only the suggestions not decided yet; pass ``states`` to see linked or rejected ones."""
    sql = _CHECKED_BEFORE.format(states=", ".join("?" * len(states)))
    return [
        CheckedBefore(
            claim_id=row[0],
            score=row[1],
            state=row[2],
            text=row[3],
            article_title=row[4],
            label=row[5],
            checker=row[6],
            date=row[7][:10],
        )
        for row in db.execute(sql, [claim_id, *states]).fetchall()
    ]


def reject_repeat(db: Database, claim_id: int, earlier_id: int, *, checker: str) -> bool:
    """The claim does not repeat ``earlier_id``: the suggestion is marked rejected (kept, not deleted)
    and the claim's history says so. False if it was already decided."""
    checker = _checker(checker)
    with immediate(db):
        _claim(db, claim_id)
        row = db.execute(
            "SELECT state FROM claim_repeats WHERE claim_id = ? AND earlier_id = ?", [claim_id, earlier_id]
        ).fetchone()
        if row is None:
            raise NotFound(f"claim {claim_id} has no suggestion that it repeats claim {earlier_id}")
        if row[0] != "suggested":
            return False
        db.execute(
            "UPDATE claim_repeats SET state = 'rejected' WHERE claim_id = ? AND earlier_id = ?", [claim_id, earlier_id]
        )
        _event(db, claim_id, "not-a-repeat", {"earlier_id": earlier_id}, checker)
    return True
