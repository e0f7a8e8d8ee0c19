"""The desk's control of the claim list: dismiss, restore, add, edit, split, merge, assign, link.

Every change is a row of ``claim_events`` (append-only, with checker and time) written in the same
transaction as the change it describes; the extractor's output is each claim's first event. A change
to the ``claims`` row keeps ``{"changes": {column: [before, after]}}`` in its event, so undo can
append the reverse. One operation that touches several claims (a merge, a split) gives its events the
same ``batch``, and undo reverts the whole batch.

Verdicts are never moved: they stay on the claim they were given to (see docs/user-guide.md).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from sqlite_utils import Database

from claims_db.connection import immediate
from claims_db.errors import NotFound, StoreError
from claims_db.models import Claim, ClaimEvent, check_claim_type
from claims_db.util import dumps, now
from claims_db.verdicts import add_verdict, current_verdict

DISMISS_REASONS = ("not a claim", "not check-worthy", "duplicate", "out of scope")
_UNSET: Any = object()
_SPACE = re.compile(r"\s+")


def _event(
    db: Database,
    claim_id: int,
    action: str,
    data: Mapping[str, Any],
    checker: str,
    *,
    batch: int | None = None,
    undo_of: int | None = None,
    at: str | None = None,
) -> int:
    cursor = db.execute(
        "INSERT INTO claim_events (claim_id, action, data, checker, created_at, batch, undo_of)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [claim_id, action, dumps(dict(data)), checker, at or now(), batch, undo_of],
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def record_creation(db: Database, claim_id: int, action: str, checker: str, *, at: str | None = None) -> int:
    """Event zero of a claim: what the extractor (or the checker) made of it, kept readable for ever."""
    row = db.execute(
        'SELECT text, normalized, claimant, claim_type, checkworthiness, start, "end", split_from'
        " FROM claims WHERE id = ?",
        [claim_id],
    ).fetchone()
    keys = ("text", "normalized", "claimant", "claim_type", "checkworthiness", "start", "end", "split_from")
    data = {k: v for k, v in zip(keys, row, strict=True) if k != "split_from" or v is not None}
    return _event(db, claim_id, action, data, checker, at=at)


def _claim(db: Database, claim_id: int) -> Claim:
    rows = list(db.query("SELECT * FROM claims WHERE id = ?", [claim_id]))
    if not rows:
        raise NotFound(f"no claim with id {claim_id}")
    return Claim.from_row(rows[0])


def _checker(checker: str) -> str:
    if not checker or not checker.strip():
        raise StoreError("a change to a claim needs the checker's name")
    return checker.strip()


def _change(
    db: Database,
    claim_id: int,
    action: str,
    values: Mapping[str, Any],
    checker: str,
    *,
    extra: Mapping[str, Any] | None = None,
    batch: int | None = None,
) -> int | None:
    """Set columns of a claim and append the event that says so; None when nothing would change."""
    current = db.execute(
        f"SELECT {', '.join(repr(c) if c == 'end' else c for c in values)} FROM claims WHERE id = ?", [claim_id]
    ).fetchone()
    if current is None:
        raise NotFound(f"no claim with id {claim_id}")
    changes = {c: [before, after] for c, before, after in zip(values, current, values.values(), strict=True)}
    changes = {c: v for c, v in changes.items() if v[0] != v[1]}
    if not changes:
        return None
    db.execute(
        f"UPDATE claims SET {', '.join(f'{c} = ?' for c in changes)} WHERE id = ?",
        [v[1] for v in changes.values()] + [claim_id],
    )
    return _event(db, claim_id, action, {**(extra or {}), "changes": changes}, checker, batch=batch)


def dismiss_claim(db: Database, claim_id: int, reason: str, *, checker: str) -> bool:
    """Take a claim out of the queue and the reports, with the reason; False if it already was."""
    reason = _SPACE.sub(" ", reason or "").strip()
    if not reason:
        raise StoreError(f"say why the claim is dismissed (e.g. {', '.join(DISMISS_REASONS)})")
    checker = _checker(checker)
    with immediate(db):
        claim = _claim(db, claim_id)
        if claim.dismissed is not None:
            return False
        if claim.merged_into is not None:
            raise StoreError(
                f"claim {claim_id} is an appearance of claim {claim.merged_into}: undo the merge first"
                f" (`workbench claim undo {claim_id}`), or dismiss claim {claim.merged_into}"
            )
        return _change(db, claim_id, "dismissed", {"dismissed": reason}, checker, extra={"reason": reason}) is not None


def restore_claim(db: Database, claim_id: int, *, checker: str) -> bool:
    """Put a dismissed claim back in the queue; False if it was not dismissed."""
    checker = _checker(checker)
    with immediate(db):
        _claim(db, claim_id)
        return _change(db, claim_id, "restored", {"dismissed": None}, checker) is not None


def edit_claim(
    db: Database,
    claim_id: int,
    *,
    checker: str,
    normalized: Any = _UNSET,
    claimant: Any = _UNSET,
    claim_type: Any = _UNSET,
) -> bool:
    """Change the checker's wording (normalized form), the claimant or the type; the original stays
    readable in the claim's first event. An empty string clears the claimant. False if nothing changed."""
    checker = _checker(checker)
    values: dict[str, Any] = {}
    if normalized is not _UNSET:
        wording = _SPACE.sub(" ", normalized or "").strip()
        if not wording:
            raise StoreError("the claim's wording can't be empty")
        values["normalized"] = wording
    if claimant is not _UNSET:
        values["claimant"] = _SPACE.sub(" ", claimant or "").strip() or None
    if claim_type is not _UNSET:
        values["claim_type"] = check_claim_type(claim_type)
    if not values:
        raise StoreError("nothing to edit: give the wording, the claimant or the type")
    with immediate(db):
        _claim(db, claim_id)
        return _change(db, claim_id, "edited", values, checker) is not None


def assign_claim(db: Database, claim_id: int, assignee: str | None, *, checker: str) -> bool:
    """Give a claim to a checker (None: to nobody); False if it already was."""
    checker = _checker(checker)
    who = _SPACE.sub(" ", assignee or "").strip() or None
    with immediate(db):
        _claim(db, claim_id)
        return _change(db, claim_id, "assigned", {"assignee": who}, checker) is not None


# Typed on a keyboard, quotes and dashes are straight; in an article they are often typographic.
_EQUIVALENT = ("'‘’ʼ′", '"“”„″«»', "-‐‑‒–—")
_CLASS_OF = {c: "[" + re.escape(group) + "]" for group in _EQUIVALENT for c in group}


def _loose(char: str) -> str:
    return _CLASS_OF.get(char) or re.escape(char)


def locate(article_text: str, wording: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    """Where ``wording`` stands in the article (between start and end), as written or with other spacing
    and case; None when it is not there."""
    end = len(article_text) if end is None else end
    wording = wording.strip()
    if not wording:
        return None
    found = article_text.find(wording, start, end)
    if found >= 0:
        return found, found + len(wording)
    pattern = r"\s+".join("".join(_loose(c) for c in word) for word in wording.split())
    match = re.compile(pattern, re.IGNORECASE).search(article_text, start, end)
    return (match.start(), match.end()) if match else None


def _insert_claim(db: Database, article_id: int, fields: Mapping[str, Any], created: str) -> int:
    claim_type = check_claim_type(fields.get("claim_type"))
    if fields.get("start") is not None:
        clash = db.execute(
            'SELECT id FROM claims WHERE article_id = ? AND start = ? AND "end" = ?',
            [article_id, fields["start"], fields["end"]],
        ).fetchone()
        if clash:
            raise StoreError(f"claim {clash[0]} already covers this text of the article")
    cursor = db.execute(
        'INSERT INTO claims (article_id, start, "end", text, normalized, claimant, claim_type, checkworthiness,'
        " quantities, time_scope, created_at, origin, split_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            article_id,
            fields.get("start"),
            fields.get("end"),
            fields["text"],
            fields.get("normalized"),
            fields.get("claimant"),
            claim_type,
            min(max(float(fields.get("checkworthiness") or 0.0), 0.0), 1.0),
            dumps(list(fields.get("quantities") or [])),
            dumps(fields["time_scope"]) if fields.get("time_scope") else None,
            created,
            fields.get("origin", "checker"),
            fields.get("split_from"),
        ],
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def add_claim(db: Database, article_id: int, fields: Mapping[str, Any], *, checker: str) -> Claim:
    """A claim the checker adds by hand. ``fields``: text, and optionally claimant, normalized, claim_type,
    checkworthiness, quantities, time_scope (the caller works these out as for extracted claims).

    When the text stands in the article, the claim gets its offsets (and the article's own wording);
    otherwise it is stored as the checker's wording, with no span.
    """
    checker = _checker(checker)
    text = _SPACE.sub(" ", str(fields.get("text") or "")).strip()
    if not text:
        raise StoreError("a claim needs its text")
    with immediate(db):
        row = db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            raise NotFound(f"no article with id {article_id}")
        span = locate(row[0], text)
        values = dict(fields)
        values.update(text=row[0][span[0] : span[1]] if span else text, origin="checker")
        values["start"], values["end"] = span if span else (None, None)
        created = now()
        claim_id = _insert_claim(db, article_id, values, created)
        record_creation(db, claim_id, "added", checker, at=created)
    return _claim(db, claim_id)


def split_claim(db: Database, claim_id: int, parts: Sequence[Mapping[str, Any]], *, checker: str) -> list[int]:
    """Split a claim into parts (each a mapping like ``add_claim``'s fields, at least ``text``).

    Each part becomes a claim (origin "split", ``split_from`` the original), placed in the article when
    its text stands inside the original sentence. The original is dismissed ("split into ...") and keeps
    its verdicts; the parts start without one. Undo dismisses the parts and restores the original.
    """
    checker = _checker(checker)
    if len(parts) < 2:
        raise StoreError("a split needs at least two parts")
    texts = [_SPACE.sub(" ", str(p.get("text") or "")).strip() for p in parts]
    if any(not t for t in texts):
        raise StoreError("a part of a split can't be empty")
    if len({t.lower() for t in texts}) < len(texts):
        raise StoreError("two parts of the split are the same")
    with immediate(db):
        original = _claim(db, claim_id)
        if not original.in_play:
            raise StoreError(f"claim {claim_id} is {'dismissed' if original.dismissed else 'merged'}: restore it first")
        article_text = db.execute("SELECT text FROM articles WHERE id = ?", [original.article_id]).fetchone()[0]
        created = now()
        ids: list[int] = []
        for part, text in zip(parts, texts, strict=True):
            span = None
            if original.start is not None and original.end is not None:
                span = locate(article_text, text, original.start, original.end)
                whole = article_text[original.start : original.end].strip()
                if span is not None and article_text[span[0] : span[1]].strip() == whole:
                    span = None  # the whole sentence again: kept as the part's wording (the span is the original's)
            values = {"claimant": original.claimant, "claim_type": original.claim_type, **part}
            values.update(
                text=article_text[span[0] : span[1]] if span else text,
                origin="split",
                split_from=claim_id,
                checkworthiness=part.get("checkworthiness", original.checkworthiness),
            )
            values["start"], values["end"] = span if span else (None, None)
            ids.append(_insert_claim(db, original.article_id, values, created))
        for part_id in ids:
            record_creation(db, part_id, "split-part", checker, at=created)
        reason = "split into claims " + ", ".join(map(str, ids))
        _change(db, claim_id, "split", {"dismissed": reason}, checker, extra={"parts": ids})
    return ids


def merge_claims(db: Database, canonical_id: int, others: Sequence[int], *, checker: str) -> list[int]:
    """Make ``others`` appearances of ``canonical_id`` (in one article or across articles).

    They leave the queue and the reports; the canonical claim lists them. Each keeps its own verdicts
    (nothing is moved: the canonical claim's verdict is the desk's). Returns the ids merged.
    """
    checker = _checker(checker)
    others = [o for o in dict.fromkeys(int(o) for o in others) if o != canonical_id]
    if not others:
        raise StoreError("name at least one other claim to merge into this one")
    with immediate(db):
        canonical = _claim(db, canonical_id)
        if canonical.dismissed is not None:
            raise StoreError(f"claim {canonical_id} is dismissed ({canonical.dismissed}): restore it first")
        if canonical.merged_into is not None:
            raise StoreError(
                f"claim {canonical_id} is itself merged into claim {canonical.merged_into}: merge into that"
            )
        merged: list[int] = []
        for other_id in others:
            other = _claim(db, other_id)
            if other.merged_into == canonical_id:
                continue
            if other.merged_into is not None:
                raise StoreError(f"claim {other_id} is already merged into claim {other.merged_into}")
            if other.dismissed is not None:
                raise StoreError(f"claim {other_id} is dismissed ({other.dismissed}): restore it first")
            merged.append(other_id)
        if not merged:
            return []
        batch = _event(db, canonical_id, "merged", {"appearances": merged}, checker)
        for other_id in merged:
            # Appearances of the merged claim follow it to the canonical one.
            children = [r[0] for r in db.execute("SELECT id FROM claims WHERE merged_into = ?", [other_id])]
            for claim in (other_id, *children):
                change = {"merged_into": canonical_id}
                _change(db, claim, "merged", change, checker, extra={"into": canonical_id}, batch=batch)
    return merged


def link_claim(db: Database, claim_id: int, earlier_id: int, *, checker: str) -> int:
    """Carry an earlier claim's verdict over to a repeated claim: a new verdict row on this claim that
    names its source (``carried_from``), with the earlier verdict's label, note and frozen evidence.
    Returns the new verdict's id."""
    checker = _checker(checker)
    if claim_id == earlier_id:
        raise StoreError("a claim can't repeat itself")
    with immediate(db):
        _claim(db, claim_id)
        _claim(db, earlier_id)
        source = current_verdict(db, earlier_id)
        if source is None or source.label is None:
            raise StoreError(f"claim {earlier_id} has no verdict to carry over")
        note = f"Repeats claim {earlier_id}, checked {source.created_at[:10]} by {source.checker}."
        if source.note:
            note += " " + source.note
        verdict = add_verdict(
            db, claim_id, source.label, checker=checker, note=note, evidence=source.evidence, carried_from=source.id
        )
        _event(
            db,
            claim_id,
            "linked",
            {"earlier_id": earlier_id, "verdict_id": verdict.id, "carried_from": source.id, "label": source.label},
            checker,
        )
        db.execute(
            "INSERT INTO claim_repeats (claim_id, earlier_id, score, state, created_at) VALUES (?, ?, 1.0, 'linked', ?)"
            " ON CONFLICT (claim_id, earlier_id) DO UPDATE SET state = 'linked'",
            [claim_id, earlier_id, now()],
        )
    return verdict.id


def reject_repeat(db: Database, claim_id: int, earlier_id: int, *, checker: str) -> bool:
    """The checker says a suggested repeat is not one: it leaves `claims --repeated`; False if there was
    no such suggestion."""
    checker = _checker(checker)
    with immediate(db):
        _claim(db, claim_id)
        cursor = db.execute(
            "UPDATE claim_repeats SET state = 'rejected' WHERE claim_id = ? AND earlier_id = ? AND state = 'suggested'",
            [claim_id, earlier_id],
        )
        if not cursor.rowcount:
            return False
        _event(db, claim_id, "not-repeat", {"earlier_id": earlier_id}, checker)
    return True


def claim_history(db: Database, claim_id: int) -> list[ClaimEvent]:
    """Every event of a claim, oldest first (the first is what the extractor or the checker made)."""
    _claim(db, claim_id)
    return [
        ClaimEvent.from_row(r)
        for r in db.query("SELECT * FROM claim_events WHERE claim_id = ? ORDER BY id", [claim_id])
    ]


_UNDOABLE = ("dismissed", "restored", "edited", "assigned", "split", "merged")


def undo_claim_change(db: Database, claim_id: int, *, checker: str) -> ClaimEvent | None:
    """Undo the claim's last change still in force by appending its reverse (history is kept).

    A merge or split is undone as a whole, on every claim it touched. Undo again to go further back.
    Verdicts are not touched (``undo_verdict`` undoes those). None when there is nothing to undo.
    """
    checker = _checker(checker)
    with immediate(db):
        _claim(db, claim_id)
        undone = {r[0] for r in db.execute("SELECT undo_of FROM claim_events WHERE undo_of IS NOT NULL")}
        marks = ", ".join("?" * len(_UNDOABLE))
        rows = list(
            db.query(
                f"SELECT * FROM claim_events WHERE claim_id = ? AND action IN ({marks}) ORDER BY id DESC",
                [claim_id, *_UNDOABLE],
            )
        )
        target = next((ClaimEvent.from_row(r) for r in rows if r["id"] not in undone), None)
        if target is None:
            target = _split_of_part(db, claim_id, undone)
        if target is None:
            return None
        batch_id = target.batch or target.id
        group = [
            ClaimEvent.from_row(r)
            for r in db.query(
                "SELECT * FROM claim_events WHERE (id = ? OR batch = ?) ORDER BY id DESC", [batch_id, batch_id]
            )
            if r["id"] not in undone
        ]
        first: int | None = None
        for event in group:
            if event.action == "split":
                for part_id in event.data.get("parts", []):
                    _change(
                        db,
                        part_id,
                        "split-undone",
                        {"dismissed": "split undone"},
                        checker,
                        extra={"reason": "split undone"},
                    )
            changes = event.data.get("changes", {})
            if changes:
                db.execute(
                    f"UPDATE claims SET {', '.join(f'{c} = ?' for c in changes)} WHERE id = ?",
                    [v[0] for v in changes.values()] + [event.claim_id],
                )
            reverse = {c: [v[1], v[0]] for c, v in changes.items()}
            event_id = _event(
                db,
                event.claim_id,
                "undo",
                {"undid": event.action, "changes": reverse},
                checker,
                undo_of=event.id,
                batch=first,
            )
            first = first or event_id
        rows = list(db.query("SELECT * FROM claim_events WHERE id = ?", [first]))
    return ClaimEvent.from_row(rows[0])


def _split_of_part(db: Database, claim_id: int, undone: set[int]) -> ClaimEvent | None:
    """For a part of a split with no change of its own left to undo: the split that made it, if in force."""
    row = db.execute("SELECT split_from FROM claims WHERE id = ?", [claim_id]).fetchone()
    if row is None or row[0] is None:
        return None
    for r in db.query("SELECT * FROM claim_events WHERE claim_id = ? AND action = 'split' ORDER BY id DESC", [row[0]]):
        if r["id"] not in undone and claim_id in json.loads(r["data"] or "{}").get("parts", []):
            return ClaimEvent.from_row(r)
    return None


def appearances(db: Database, claim_id: int) -> list[Claim]:
    """The claims merged into this one (where else it was said), in article order."""
    return [
        Claim.from_row(r)
        for r in db.query("SELECT * FROM claims WHERE merged_into = ? ORDER BY article_id, start, id", [claim_id])
    ]
