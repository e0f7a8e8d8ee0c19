"""Claims: check-worthy sentences of an article, and the queries the triage screen needs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from claims_db.articles import get_article
from claims_db.connection import immediate
from claims_db.desk import record_creation
from claims_db.errors import NotFound, StoreError
from claims_db.models import Article, Claim, Match, Record, Verdict, check_claim_type
from claims_db.util import dumps, now
from claims_db.verdicts import verdict_history

# pending: in play, no verdict yet; reviewed: in play with a verdict; dismissed; merged (an appearance of
# another claim); active: pending or reviewed (the queue's default); all. "unreviewed" is "pending".
STATUSES = ("pending", "reviewed", "dismissed", "merged", "active", "all", "unreviewed")
STATUS_SQL = (
    "CASE WHEN c.merged_into IS NOT NULL THEN 'merged' WHEN c.dismissed IS NOT NULL THEN 'dismissed'"
    " WHEN v.label IS NOT NULL THEN 'reviewed' ELSE 'pending' END"
)
SORTS = {
    "score": "c.checkworthiness DESC, c.id",
    "id": "c.id",
    "claimant": "c.claimant IS NULL, c.claimant COLLATE NOCASE, c.id",
    "label": "v.label IS NULL, v.label, c.id",
    "article": "c.article_id, c.start IS NULL, c.start, c.id",
}


def add_claims(db: Database, article_id: int, claims: Iterable[Mapping[str, Any]]) -> list[int]:
    """Store claims of an article; a claim already stored at the same offsets is kept as it is.

    Each mapping has: start, end, text, and optionally normalized, claimant, claim_type,
    checkworthiness, quantities (list), time_scope (dict). Returns the ids of new claims.
    """
    created = now()
    new_ids: list[int] = []
    with immediate(db):
        if db.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone() is None:
            raise NotFound(f"no article with id {article_id}")
        for claim in claims:
            claim_type = check_claim_type(claim.get("claim_type"))
            score = float(claim.get("checkworthiness") or 0.0)
            if not 0.0 <= score <= 1.0:
                raise StoreError(f"checkworthiness must be between 0 and 1, not {score}")
            cursor = db.execute(
                'INSERT INTO claims (article_id, start, "end", text, normalized, claimant, claim_type,'
                " checkworthiness, quantities, time_scope, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                ' ON CONFLICT (article_id, start, "end") DO NOTHING',
                [
                    article_id,
                    int(claim["start"]),
                    int(claim["end"]),
                    claim["text"],
                    claim.get("normalized"),
                    claim.get("claimant"),
                    claim_type,
                    score,
                    dumps(list(claim.get("quantities") or [])),
                    dumps(claim["time_scope"]) if claim.get("time_scope") else None,
                    created,
                ],
            )
            if cursor.rowcount:
                assert cursor.lastrowid is not None
                new_ids.append(cursor.lastrowid)
                record_creation(db, cursor.lastrowid, "extracted", "extractor", at=created)
    return new_ids


def get_claim(db: Database, claim_id: int) -> Claim:
    rows = list(db.query("SELECT * FROM claims WHERE id = ?", [claim_id]))
    if not rows:
        raise NotFound(f"no claim with id {claim_id}")
    return Claim.from_row(rows[0])


@dataclass(frozen=True)
class ClaimFilter:
    """What the claims list shows; every field left as None does not filter."""

    article_id: int | None = None
    status: str | None = None  # one of STATUSES; None is "active": dismissed and merged claims left out
    label: str | None = None
    claim_type: str | None = None
    text: str | None = None
    min_score: float | None = None
    assignee: str | None = None  # "" (or "-"): claims assigned to nobody
    repeated: bool = False  # only claims that may repeat one the desk has checked (suggestions not yet decided)

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.article_id is not None:
            clauses.append("c.article_id = ?")
            params.append(self.article_id)
        status = self.status or "active"
        if status not in STATUSES:
            raise StoreError(f"unknown status {status!r} (one of {', '.join(STATUSES[:-1])})")
        if status == "active":
            clauses.append("c.dismissed IS NULL AND c.merged_into IS NULL")
        elif status != "all":
            clauses.append(f"{STATUS_SQL} = ?")
            params.append("pending" if status == "unreviewed" else status)
        if self.assignee is not None:
            if self.assignee in ("", "-"):
                clauses.append("c.assignee IS NULL")
            else:
                clauses.append("lower(c.assignee) = lower(?)")
                params.append(self.assignee)
        if self.repeated:
            clauses.append(
                "EXISTS (SELECT 1 FROM claim_repeats r JOIN claims e ON e.id = r.earlier_id"
                " WHERE r.claim_id = c.id AND r.state = 'suggested'"
                " AND e.dismissed IS NULL AND e.merged_into IS NULL AND"
                " (SELECT label FROM verdicts WHERE claim_id = r.earlier_id ORDER BY id DESC LIMIT 1) IS NOT NULL)"
            )
        if self.label is not None:
            clauses.append("v.label = ?")
            params.append(self.label)
        if self.claim_type is not None:
            clauses.append("c.claim_type = ?")
            params.append(self.claim_type)
        if self.text:
            # instr() rather than LIKE: no wildcard characters to escape in user text.
            needle = self.text.lower()
            clauses.append(
                "(instr(lower(c.text), ?) OR instr(lower(coalesce(c.normalized, '')), ?)"
                " OR instr(lower(coalesce(c.claimant, '')), ?))"
            )
            params.extend([needle, needle, needle])
        if self.min_score is not None:
            clauses.append("c.checkworthiness >= ?")
            params.append(self.min_score)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


@dataclass(frozen=True)
class ClaimRow:
    """One line of the claims list: the claim, its article's title and its current verdict."""

    claim: Claim
    article_title: str | None
    label: str | None
    checker: str | None
    verdict_at: str | None
    status: str = "pending"  # pending, reviewed, dismissed or merged


_LIST_FROM = """
FROM claims c
JOIN articles a ON a.id = c.article_id
LEFT JOIN (SELECT claim_id, MAX(id) AS vid FROM verdicts GROUP BY claim_id) lv ON lv.claim_id = c.id
LEFT JOIN verdicts v ON v.id = lv.vid
"""


def list_claims(
    db: Database,
    where: ClaimFilter | None = None,
    *,
    sort: str = "score",
    limit: int | None = None,
    offset: int = 0,
) -> list[ClaimRow]:
    """Claims with their current verdict, filtered and sorted, one page at a time."""
    if sort not in SORTS:
        raise StoreError(f"unknown sort {sort!r} (one of {', '.join(SORTS)})")
    clause, params = (where or ClaimFilter()).where()
    sql = (
        "SELECT c.*, a.title AS article_title, v.label AS label, v.checker AS checker,"
        f" v.created_at AS verdict_at, {STATUS_SQL} AS status {_LIST_FROM}{clause} ORDER BY {SORTS[sort]}"
    )
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, limit, offset]
    return [
        ClaimRow(Claim.from_row(r), r["article_title"], r["label"], r["checker"], r["verdict_at"], r["status"])
        for r in db.query(sql, params)
    ]


@dataclass(frozen=True)
class ClaimCounts:
    total: int
    reviewed: int
    by_label: dict[str, int]

    @property
    def unreviewed(self) -> int:
        return self.total - self.reviewed


def count_claims(db: Database, where: ClaimFilter | None = None) -> ClaimCounts:
    """How many claims match the filter, how many have a verdict, and how many per label."""
    clause, params = (where or ClaimFilter()).where()
    by_label: dict[str, int] = {}
    total = 0
    for row in db.execute(f"SELECT v.label, COUNT(*) {_LIST_FROM}{clause} GROUP BY v.label", params):
        total += row[1]
        if row[0] is not None:
            by_label[row[0]] = row[1]
    return ClaimCounts(total=total, reviewed=sum(by_label.values()), by_label=by_label)


@dataclass(frozen=True)
class ClaimDetail:
    """Everything the triage screen shows about one claim."""

    claim: Claim
    article: Article
    matches: list[Match]
    history: list[Verdict]

    @property
    def verdict(self) -> Verdict | None:
        return self.history[-1] if self.history else None


def claim_detail(db: Database, claim_id: int) -> ClaimDetail:
    claim = get_claim(db, claim_id)
    article = get_article(db, claim.article_id)
    matches = [
        Match.from_row(row, Record.from_row({**row, "id": row["record_id"]}))
        for row in db.query(
            "SELECT m.*, r.dataset_id, r.key, r.text, r.title, r.rating, r.value, r.unit, r.period,"
            " r.url, r.publisher, r.published_at, r.extra, d.name AS dataset_name"
            " FROM matches m JOIN records r ON r.id = m.record_id JOIN datasets d ON d.id = r.dataset_id"
            " WHERE m.claim_id = ? ORDER BY m.rank, m.score DESC",
            [claim_id],
        )
    ]
    return ClaimDetail(claim, article, matches, verdict_history(db, claim_id))


def checked_before(db: Database, claim_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    """For each claim, the earlier claims the desk checked that it may repeat (``claim_repeats`` not
    rejected), best first: {claim_id, label, checker, date, score, state} with the earlier claim's
    current verdict."""
    ids = list(dict.fromkeys(claim_ids))
    found: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for row in db.query(
            "SELECT r.claim_id, r.earlier_id, r.score, r.state, v.label, v.checker, v.created_at"
            " FROM claim_repeats r"
            " LEFT JOIN (SELECT claim_id, MAX(id) AS vid FROM verdicts GROUP BY claim_id) lv"
            " ON lv.claim_id = r.earlier_id"
            " LEFT JOIN verdicts v ON v.id = lv.vid"
            " JOIN claims e ON e.id = r.earlier_id"
            f" WHERE r.claim_id IN ({marks}) AND r.state != 'rejected'"
            # a suggestion whose earlier verdict has since been undone has nothing to carry over, and
            # one whose earlier claim was dismissed or merged away is no reference any more
            " AND NOT (r.state = 'suggested' AND (v.label IS NULL OR e.dismissed IS NOT NULL"
            " OR e.merged_into IS NOT NULL)) ORDER BY r.score DESC, r.earlier_id",
            chunk,
        ):
            found[row["claim_id"]].append(
                {
                    "claim_id": row["earlier_id"],
                    "label": row["label"],
                    "checker": row["checker"],
                    "date": (row["created_at"] or "")[:10] or None,
                    "score": round(row["score"], 4),
                    "state": row["state"],
                }
            )
    return found


def stated_wording(db: Database, claim: Claim) -> str:
    """The claim as stated, for a report: the checker's wording when the checker edited it (the
    normalized form differs from the one the claim was made with), else the sentence as written —
    never the extractor's normalized rewrite."""
    row = db.execute(
        "SELECT json_extract(data, '$.normalized') FROM claim_events WHERE claim_id = ? ORDER BY id LIMIT 1",
        [claim.id],
    ).fetchone()
    made_with = row[0] if row else None
    if claim.normalized and row is not None and claim.normalized != made_with:
        return claim.normalized
    return claim.text
