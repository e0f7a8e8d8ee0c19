"""schema.org ClaimReview (JSON-LD, or embedded in HTML) and Google Fact Check Tools API responses."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from workbench.errors import InputError
from workbench.references import jsonsafe
from workbench.references.formats import Row, load_json
from workbench.references.mapping import storable_number

# Scanned in one pass: a single regex with ".*?" up to "</script>" is quadratic on a page of
# unclosed <script tags (minutes for 1 MB).
_SCRIPT_OPEN = re.compile(r"<script\b([^<>]*)>", re.I)
_LD_TYPE = re.compile(r"type\s*=\s*[\"']application/ld\+json[\"']", re.I)
_SCRIPT_CLOSE = re.compile(r"</script\s*>", re.I)


def ld_json_blocks(content: str) -> Iterator[str]:
    """The text of every ``<script type="application/ld+json">`` block of an HTML page."""
    pos = 0
    while opening := _SCRIPT_OPEN.search(content, pos):
        closing = _SCRIPT_CLOSE.search(content, opening.end())
        if closing is None:
            return
        if _LD_TYPE.search(opening.group(1)):
            yield content[opening.end() : closing.start()]
        pos = closing.end()


def _is_claimreview(node: Any) -> bool:
    if not isinstance(node, dict):
        return False
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.split("/")[-1].split(":")[-1] == "ClaimReview" for k in kinds)


def _walk(document: Any, source: str, prefix: str) -> Iterator[dict[str, Any]]:
    """The ClaimReview objects of a JSON-LD document, in document order (no recursion: a document
    nested deeper than ``MAX_DEPTH`` levels on the way to one is an error)."""
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > jsonsafe.MAX_DEPTH:
            where = f"{prefix}: " if prefix else ""
            raise InputError(f"{where}JSON-LD nested deeper than {jsonsafe.MAX_DEPTH} levels", source=source)
        if _is_claimreview(node):
            yield node
        elif isinstance(node, list):
            stack.extend((item, depth + 1) for item in reversed(node))
        elif isinstance(node, dict):
            keys = ("@graph", "mainEntity", "hasPart", "review", "itemListElement", "item")
            stack.extend((node[key], depth + 1) for key in reversed(keys) if key in node)


def _name(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return _text(value.get("name")) or _text(value.get("alternateName"))
    return _text(value)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value.strip() or None
    return None


def read_claimreview(path: Path, name: str, encoding: str) -> Iterator[Row]:
    """One row per ClaimReview found in a JSON-LD document or in HTML ``ld+json`` blocks."""
    with path.open(encoding=encoding, errors="replace") as handle:
        head = handle.read(2048).lstrip()
    documents: list[tuple[str, Any]] = []
    if head.startswith("<"):
        size = path.stat().st_size
        if size > jsonsafe.MAX_DOCUMENT_BYTES:
            raise InputError(jsonsafe.too_big_to_read_whole(size), source=name)
        content = path.read_text(encoding=encoding, errors="replace")
        for number, block in enumerate(ld_json_blocks(content), start=1):
            try:
                documents.append((f"script {number}", jsonsafe.parse(html.unescape(block.strip()), source=name).value))
            except InputError as exc:
                raise InputError(f"invalid JSON-LD in <script> block {number}: {exc.detail}", source=name) from None
        if not documents:
            raise InputError('no <script type="application/ld+json"> block in this HTML page', source=name)
    else:
        documents.append(("", load_json(path, name, encoding)))
    count = 0
    for prefix, document in documents:
        for review in _walk(document, name, prefix):
            count += 1
            where = f"{prefix + ', ' if prefix else ''}item {count}"
            row = claimreview_row(review, where=where, source=name)
            jsonsafe.check_value(row, source=name, where=where)
            yield where, row
    if count == 0:
        raise InputError('no ClaimReview objects found (no "@type": "ClaimReview")', source=name)


def claimreview_row(review: dict[str, Any], *, where: str, source: str) -> dict[str, Any]:
    """A ClaimReview mapped to record fields; unmapped fields go to ``extra``."""
    text = _text(review.get("claimReviewed"))
    if not text:
        raise InputError(f"{where}: ClaimReview has no claimReviewed", source=source, field="claimReviewed")
    rating: dict[str, Any] = review["reviewRating"] if isinstance(review.get("reviewRating"), dict) else {}
    item: dict[str, Any] = review["itemReviewed"] if isinstance(review.get("itemReviewed"), dict) else {}
    appearance = item.get("appearance") or item.get("firstAppearance")
    extra: dict[str, Any] = {
        k: v
        for k, v in review.items()
        if k
        not in (
            "claimReviewed",
            "reviewRating",
            "url",
            "author",
            "datePublished",
            "itemReviewed",
            "@context",
            "@type",
            "name",
            "headline",
            "value",
            "unit",
            "identifier",
            "@id",
        )
    }
    if claimant := _name(item.get("author")):
        extra["claimant"] = claimant
    if item.get("datePublished"):
        extra["claim_date"] = item["datePublished"]
    if appearance:
        first = appearance[0] if isinstance(appearance, list) and appearance else appearance
        if isinstance(first, dict):
            if first.get("url"):
                extra["appearance_url"] = first["url"]
            if first.get("name"):
                extra["appearance"] = first["name"]
        elif isinstance(first, str):
            extra["appearance_url"] = first
    for name in ("ratingValue", "bestRating", "worstRating"):
        if rating.get(name) is not None:
            extra[name] = rating[name]
    value = review.get("value")
    key = _text(review.get("identifier")) or _text(review.get("@id")) or _text(review.get("url"))
    return {
        "key": key,
        "text": text,
        "title": _text(review.get("name")) or _text(review.get("headline")),
        "rating": _text(rating.get("alternateName")) or _text(rating.get("name")),
        "value": storable_number(value) if isinstance(value, (int, float)) else value,
        "unit": _text(review.get("unit")),
        "url": _text(review.get("url")),
        "publisher": _name(review.get("author")) or _name(review.get("publisher")),
        "published_at": _text(review.get("datePublished")),
        "extra": extra,
    }


def factcheck_rows(document: Any, *, page: int, source: str) -> Iterator[Row]:
    """Rows of one Fact Check Tools ``claims:search`` response: one per claimReview."""
    if not isinstance(document, dict) or not isinstance(document.get("claims", []), list):
        raise InputError('not a Fact Check Tools response (no "claims" list)', source=source)
    for number, claim in enumerate(document.get("claims", []), start=1):
        if not isinstance(claim, dict):
            continue
        text = _text(claim.get("text"))
        where = f"page {page}, claim {number}"
        if not text:
            raise InputError(f"{where}: claim has no text", source=source, field="text")
        for review in claim.get("claimReview") or []:
            if not isinstance(review, dict):
                continue
            publisher: dict[str, Any] = review["publisher"] if isinstance(review.get("publisher"), dict) else {}
            extra = {
                k: v
                for k, v in {
                    "claimant": claim.get("claimant"),
                    "claim_date": claim.get("claimDate"),
                    "language": review.get("languageCode"),
                    "site": publisher.get("site"),
                }.items()
                if v
            }
            row = {
                "key": _text(review.get("url")),
                "text": text,
                "title": _text(review.get("title")),
                "rating": _text(review.get("textualRating")),
                "url": _text(review.get("url")),
                "publisher": _text(publisher.get("name")) or _text(publisher.get("site")),
                "published_at": _text(review.get("reviewDate")),
                "extra": extra,
            }
            jsonsafe.check_value(row, source=source, where=where)
            yield where, row
