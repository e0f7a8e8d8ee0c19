"""Articles: the texts claims come from. The same text twice is one article."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from claims_db.connection import immediate
from claims_db.errors import NotFound
from claims_db.models import Article
from claims_db.util import now, sha256_text


@dataclass(frozen=True)
class AddedArticle:
    article: Article
    created: bool  # False when the same text was already stored


def add_article(
    db: Database,
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    published_at: str | None = None,
) -> AddedArticle:
    """Store an article; adding the same text again returns the existing one unchanged."""
    digest = sha256_text(text)
    with immediate(db):
        row = db.execute("SELECT * FROM articles WHERE sha256 = ?", [digest]).fetchone()
        if row is not None:
            return AddedArticle(get_article(db, row[0]), created=False)
        cursor = db.execute(
            "INSERT INTO articles (title, url, source, published_at, text, sha256, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [title, url, source, published_at, text, digest, now()],
        )
        article_id = cursor.lastrowid
    assert article_id is not None
    return AddedArticle(get_article(db, article_id), created=True)


def get_article(db: Database, article_id: int) -> Article:
    rows = list(db.query("SELECT * FROM articles WHERE id = ?", [article_id]))
    if not rows:
        raise NotFound(f"no article with id {article_id}")
    return Article.from_row(rows[0])


def list_articles(db: Database) -> list[Article]:
    return [Article.from_row(r) for r in db.query("SELECT * FROM articles ORDER BY id")]
