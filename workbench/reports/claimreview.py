"""schema.org ClaimReview JSON-LD, with the fields Google's fact-check markup requires and recommends.

The JSON is written to be pasted into ``<script type="application/ld+json">``: ``<``, ``>`` and ``&`` are
``\\u003c``... so no data can end the element; every URL in it (publisher, review, appearance) is http(s).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbench.errors import WorkbenchError
from workbench.escaping import http_url, script_json
from workbench.reports.data import ReportData


@dataclass(frozen=True)
class Publisher:
    name: str
    url: str | None
    review_url: str  # a pattern with {claim_id}

    def review_url_for(self, claim_id: int) -> str:
        return self.review_url.format(claim_id=claim_id)


def check_publisher(name: str | None, url: str | None, pattern: str | None) -> Publisher:
    if not pattern:
        raise WorkbenchError(
            "ClaimReview needs the URL where each review is published: give --url-pattern "
            "'https://your.site/checks/{claim_id}' or set it once with `workbench config review_url_pattern ...`"
        )
    if "{claim_id}" not in pattern:
        raise WorkbenchError(f"the review URL pattern must contain {{claim_id}}: {pattern!r}")
    try:
        example = pattern.format(claim_id=1)
    except (KeyError, IndexError, ValueError):
        raise WorkbenchError(
            f"the review URL pattern may hold only {{claim_id}} in braces (double any other brace): {pattern!r}"
        ) from None
    if http_url(example) is None:
        raise WorkbenchError(f"the review URL pattern must be an http(s) URL: {pattern!r}")
    check_publisher_url(url)
    if not name:
        raise WorkbenchError(
            "ClaimReview needs the publisher's name: give --publisher or `workbench config publisher_name ...`"
        )
    return Publisher(name, url, pattern)


def check_publisher_url(url: str | None) -> None:
    if url and http_url(url) is None:
        raise WorkbenchError(f"the publisher URL must be an http(s) URL: {url!r}")


def render_claimreview(data: ReportData, publisher: Publisher) -> tuple[str, int]:
    """The JSON-LD list of reviews, and how many pending claims were left out."""
    scale = [label.rating_value for label in data.scale if label.rating_value is not None]
    best, worst = (max(scale), min(scale)) if scale else (None, None)
    reviews: list[dict[str, Any]] = []
    skipped = 0
    for item in data.items:
        verdict, claim, article = item.verdict, item.claim, item.article
        if verdict is None or item.label is None:
            skipped += 1
            continue
        rating: dict[str, Any] = {"@type": "Rating", "alternateName": item.label.display_name}
        if item.label.rating_value is not None:
            rating.update(ratingValue=item.label.rating_value, bestRating=best, worstRating=worst)
        author: dict[str, Any] = {"@type": "Organization", "name": publisher.name}
        if publisher.url:
            author["url"] = publisher.url
        item_reviewed: dict[str, Any] = {"@type": "Claim"}
        if claim.claimant:
            item_reviewed["author"] = {"@type": "Person", "name": claim.claimant}
        if article.published_at:
            item_reviewed["datePublished"] = article.published_at
        appearance_url = http_url(article.url)
        if appearance_url:  # an article without an http(s) URL has no appearance to point to
            appearance: dict[str, Any] = {"@type": "CreativeWork", "url": appearance_url}
            if article.title:
                appearance["headline"] = article.title
            item_reviewed["appearance"] = appearance
        review: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": publisher.review_url_for(claim.id),
            "claimReviewed": item.stated or claim.text,
            "datePublished": verdict.created_at[:10],
            "author": author,
            "reviewRating": rating,
            "itemReviewed": item_reviewed,
        }
        reviews.append(review)
    return script_json(reviews) + "\n", skipped
