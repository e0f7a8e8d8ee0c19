"""What the CLI and the TUI both do: add articles (extract, store, match), load the seeds, name the checker."""

from __future__ import annotations

import getpass
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlite_utils import Database

import claims_db
from claims_db import Article, Claim
from workbench.articles import ArticleText, read_article
from workbench.extract import extract_claims, find_quantities, find_time_scope, score_sentence
from workbench.extract.claims import attribute, classify, normalize
from workbench.matching import match_claims
from workbench.matching.repeats import find_repeats
from workbench.references import ImportResult, import_dataset

# Installed from a wheel the seeds ship inside the package; in a checkout they sit beside it.
_PACKAGED_SEEDS = Path(__file__).resolve().parent / "_seeds"
SEEDS = _PACKAGED_SEEDS if _PACKAGED_SEEDS.is_dir() else Path(__file__).resolve().parent.parent / "seeds"
# Where the seed article was published, and when (see seeds/README.md for the sources).
SEED_ARTICLES = {
    "article-pakistan-pm-le-figaro.txt": {
        "title": "Imran Khan interview with Le Figaro (press report)",
        "published_at": "2021",
    },
}
SEED_DATASETS = {
    "war-on-terror-statistics.csv": "war-on-terror-statistics",
    "imran-khan-earlier-statements.json": "imran-khan-earlier-statements",
}


def checker_name(db: Database | None = None) -> str:
    """Who is checking: $WORKBENCH_CHECKER, the store's `checker` setting, else the login name."""
    name = os.environ.get("WORKBENCH_CHECKER")
    if not name and db is not None:
        name = claims_db.get_setting(db, "checker")
    if not name:
        try:
            name = os.environ.get("USER") or getpass.getuser()
        except (KeyError, OSError):
            name = None
    return name or "checker"


def parse_date(value: str | None) -> date | None:
    """A full ISO date (2021-11-09) as a date; partial dates (2021, 2021-11) are kept as text only."""
    if not value:
        return None
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value.strip()[:10])
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


@dataclass
class AddResult:
    article: Article
    created: bool
    claim_ids: list[int] = field(default_factory=list)
    matches: int = 0
    repeats: int = 0  # new claims that may repeat one the desk has already checked
    warning: str | None = None


def add_article(
    db: Database,
    article: ArticleText,
    *,
    title: str | None = None,
    published_at: str | None = None,
    claimant: str | None = None,
    match: bool = True,
    progress: Callable[[int], None] | None = None,
) -> AddResult:
    """Store an article and its claims; match the new claims when there are datasets, and look for
    claims the desk has already checked that they repeat. ``claimant``: the speaker of claims with none."""
    published = published_at or article.published_at
    added = claims_db.add_article(
        db,
        article.text,
        title=title or article.title,
        url=article.url,
        source=article.source,
        published_at=published,
    )
    result = AddResult(added.article, added.created, warning=article.warning)
    if not added.created:
        return result
    name = re.sub(r"\s+", " ", claimant or "").strip() or None
    claims = extract_claims(article.text, article_date=parse_date(published), default_claimant=name)
    result.claim_ids = claims_db.add_claims(db, added.article.id, [c.as_dict() for c in claims])
    result.repeats, result.matches = _after_new_claims(db, result.claim_ids, match, progress)
    return result


def claim_fields(text: str, *, article_date: date | None = None) -> dict[str, Any]:
    """What the extractor works out of a sentence (quantities, time scope, type, normalized form,
    check-worthiness), for a claim the checker adds or a part of a split."""
    quantities = find_quantities(text)
    scope = find_time_scope(text, article_date)
    return {
        "text": text,
        "checkworthiness": round(score_sentence(text, quantities, scope is not None), 4),
        "claim_type": classify(text, quantities),
        "quantities": [q.as_dict() for q in quantities],
        "time_scope": scope.as_dict() if scope else None,
        "normalized": normalize(text, quantities, scope),
    }


def _speaker_at(article: Article, start: int, end: int) -> str | None:
    """Who the extractor says speaks in the sentence holding ``start..end`` of the article (its
    attribution alone: no need to score every sentence as a claim)."""
    for span, who in attribute(article.text):
        if span.start <= start and end <= span.end:
            return who
    return None


def _after_new_claims(
    db: Database, claim_ids: list[int], match: bool, progress: Callable[[int], None] | None = None
) -> tuple[int, int]:
    """What every new claim goes through (an article's, one added or split by hand): the claims the desk
    checked that it may repeat, then its matches. Returns (repeats suggested, matches stored)."""
    if not claim_ids:
        return 0, 0
    repeats = find_repeats(db, claim_ids)
    matches = match_claims(db, claim_ids, progress=progress) if match and claims_db.count_records(db) else 0
    return repeats, matches


def add_claim_by_hand(
    db: Database,
    article_id: int,
    text: str,
    *,
    claimant: str | None = None,
    claim_type: str | None = None,
    checker: str,
    match: bool = True,
) -> Claim:
    """A claim the checker adds to an article (`workbench claim add`, the TUI's add key).

    It gets quantities, time scope, type, normalized form and check-worthiness as an extracted claim
    does; when the text stands in the article it gets its span and, with no ``claimant`` given, the
    speaker the extractor finds for that sentence. Then it is matched against the datasets and against
    claims the desk has already checked (repeats), like the claims of a new article.
    """
    article = claims_db.get_article(db, article_id)
    wording = re.sub(r"\s+", " ", text or "").strip()
    if not wording:
        raise claims_db.StoreError("a claim needs its text")
    span = claims_db.locate(article.text, wording)
    stated = article.text[span[0] : span[1]] if span else wording
    fields = claim_fields(stated, article_date=parse_date(article.published_at))
    if claim_type:
        fields["claim_type"] = claim_type
    name = re.sub(r"\s+", " ", claimant or "").strip()
    fields["claimant"] = name or (_speaker_at(article, *span) if span else None)
    claim = claims_db.add_claim(db, article_id, fields, checker=checker)
    _after_new_claims(db, [claim.id], match)
    return claims_db.get_claim(db, claim.id)


def split_claim_by_hand(
    db: Database, claim_id: int, parts: Sequence[str], *, checker: str, match: bool = True
) -> list[Claim]:
    """Split a claim into parts (`workbench claim split`, the TUI's split key); each part gets its own
    quantities, time scope, type and normalized form and keeps the original's claimant. The original is
    dismissed ("split into ...") and keeps its verdicts; the parts start pending, matched like new claims."""
    original = claims_db.get_claim(db, claim_id)
    article = claims_db.get_article(db, original.article_id)
    article_date = parse_date(article.published_at)
    fields = []
    for part in parts:
        wording = re.sub(r"\s+", " ", part or "").strip()
        values = claim_fields(wording, article_date=article_date) if wording else {"text": wording}
        fields.append(values)
    ids = claims_db.split_claim(db, claim_id, fields, checker=checker)
    _after_new_claims(db, ids, match)
    return [claims_db.get_claim(db, i) for i in ids]


def add_source(db: Database, source: str, **options: object) -> AddResult:
    """Read an article from a path, "-" or URL, then :func:`add_article`."""
    return add_article(db, read_article(source), **options)  # type: ignore[arg-type]


# Above this many claims the TUI leaves re-matching after an import to `workbench match --all`.
REMATCH_LIMIT = 5000


def rematch_all(db: Database, progress: Callable[[int], None] | None = None) -> tuple[int, int]:
    """Match every claim again (after an import); returns (claims, matches stored)."""
    ids = [row.claim.id for row in claims_db.list_claims(db, sort="id")]
    return len(ids), match_claims(db, ids, progress=progress) if ids else 0


@dataclass
class SeedSummary:
    articles: list[AddResult]
    datasets: list[ImportResult]
    matched: int


def load_seeds(db: Database, seeds: Path = SEEDS) -> SeedSummary:
    """Load the demo article and reference datasets; running it again changes nothing."""
    imports = [
        import_dataset(db, str(seeds / "references" / filename), name=name) for filename, name in SEED_DATASETS.items()
    ]
    articles = []
    for filename, meta in SEED_ARTICLES.items():
        text = read_article(str(seeds / "articles" / filename))
        articles.append(add_article(db, text, title=meta["title"], published_at=meta["published_at"], match=False))
    claim_ids = [c.claim.id for c in claims_db.list_claims(db)]
    unmatched = [
        cid
        for cid in claim_ids
        if db.execute("SELECT 1 FROM matches WHERE claim_id = ? LIMIT 1", [cid]).fetchone() is None
    ]
    matched = match_claims(db, unmatched) if unmatched else 0
    return SeedSummary(articles, imports, matched)
