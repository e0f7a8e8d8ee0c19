"""Markdown, JSON and CSV renderers.

Markdown is for people: data is literal text (Markdown syntax backslash-escaped, control and bidi
characters shown as ``\\x1b`` / ``\\u202e``), links only to http(s) URLs. CSV is for spreadsheets: every
text cell that starts like a formula gets a ``'`` (OWASP). JSON: controls, C1 and bidi as ``\\uXXXX``.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from workbench.escaping import csv_cell, dumps, http_url, visible
from workbench.reports.data import ReportData, ReportItem

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")


def md_escape(value: object) -> str:
    """Data as literal Markdown text: no emphasis, links, HTML, entities or table breaks come from it,
    and no control character or bidi override reaches whoever reads the file in a terminal."""
    text = visible(" ".join(str(value or "").split()))
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_link(text: str, url: object) -> str:
    """``[text](<url>)`` for an http(s) URL; anything else (``javascript:``, ``data:``...) stays plain text."""
    target = http_url(url)
    if target is None:
        return text
    for char, code in (("\\", "%5C"), ("<", "%3C"), (">", "%3E")):  # nothing can end or escape the <...>
        target = target.replace(char, code)
    return f"[{text}](<{target}>)"


def item_dict(item: ReportItem) -> dict[str, Any]:
    claim, article, verdict = item.claim, item.article, item.verdict
    return {
        "claim_id": claim.id,
        "text": claim.text,
        "stated": item.stated or claim.text,
        "normalized": claim.normalized,
        "claimant": claim.claimant,
        "claim_type": claim.claim_type,
        "checkworthiness": claim.checkworthiness,
        "quantities": claim.quantities,
        "time_scope": claim.time_scope,
        "article": {"id": article.id, "title": article.title, "url": article.url, "published_at": article.published_at},
        "verdict": None
        if verdict is None
        else {
            "label": verdict.label,
            "display_name": item.label.display_name if item.label else verdict.label,
            "rating_value": item.label.rating_value if item.label else None,
            "note": verdict.note,
            "checker": verdict.checker,
            "created_at": verdict.created_at,
        },
        "evidence": [
            {
                "record_id": e.record.id,
                "dataset": e.record.dataset_name,
                "key": e.record.key,
                "text": e.record.text,
                "url": e.record.url,
                "publisher": e.record.publisher,
                "rating": e.record.rating,
                "comparison": e.comparison,
                "live_record": e.status,
            }
            for e in item.evidence
        ],
        "appearances": [
            {"claim_id": a.claim_id, "article_id": a.article_id, "article_title": a.article_title, "text": a.text}
            for a in item.appearances
        ],
    }


def render_json(data: ReportData) -> str:
    payload = {
        "summary": {"total": data.total, "reviewed": data.reviewed, "pending": data.pending, "by_label": data.by_label},
        "claims": [item_dict(item) for item in data.items],
    }
    if data.dismissed:
        payload["dismissed"] = [
            {"claim_id": d.claim.id, "text": d.claim.text, "reason": d.reason,
             "article": {"id": d.article.id, "title": d.article.title}}
            for d in data.dismissed
        ]  # fmt: skip
    return dumps(payload) + "\n"


# claim_id and article_id are integers, written as numbers; every other column is text, neutralised.
CSV_COLUMNS = [
    "claim_id", "article_id", "article_title", "article_url", "article_date", "claimant", "claim", "normalized",
    "label", "note", "checker", "verdict_at", "evidence", "evidence_urls",
]  # fmt: skip


def render_csv(data: ReportData, *, bom: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in data.items:
        v = item.verdict
        writer.writerow([csv_cell(cell) for cell in [
            item.claim.id, item.article.id, item.article.title or "", item.article.url or "",
            item.article.published_at or "", item.claim.claimant or "", item.stated or item.claim.text,
            item.claim.normalized or "",
            v.label if v else "pending", (v.note or "") if v else "", v.checker if v else "", v.created_at if v else "",
            "; ".join(f"{e.record.dataset_name}:{e.record.key}" for e in item.evidence),
            "; ".join(e.record.url for e in item.evidence if e.record.url),
        ]])  # fmt: skip
    return ("\ufeff" if bom else "") + out.getvalue()


def render_markdown(data: ReportData) -> str:
    lines = ["# Fact-check report", ""]
    lines.append(f"{data.reviewed} of {data.total} claims reviewed; {data.pending} pending.")
    lines.append("")
    if data.by_label:
        lines += ["| Verdict | Claims |", "| --- | ---: |"]
        for label in data.scale:
            if label.label in data.by_label:
                lines.append(f"| {md_escape(label.display_name)} | {data.by_label[label.label]} |")
        lines.append("")
    for item in data.items:
        claim, article, verdict = item.claim, item.article, item.verdict
        verdict_name = (item.label.display_name if item.label else verdict.label) if verdict else "Pending"
        lines.append(f"## Claim {claim.id}: {md_escape(verdict_name)}")
        lines.append("")
        lines.append(f"> {md_escape(claim.text)}")
        lines.append("")
        if item.stated and item.stated != claim.text:  # the checker's wording; the extractor's rewrite is never shown
            lines.append(f"- **Claim (the desk's wording):** {md_escape(item.stated)}")
        lines.append(f"- **Claimant:** {md_escape(claim.claimant or 'unknown')}")
        source = md_link(md_escape(article.title or f"article {article.id}"), article.url)
        date = f" ({md_escape(article.published_at)})" if article.published_at else ""
        lines.append(f"- **Article:** {source}{date}")
        if verdict:
            by = f"{md_escape(verdict.checker)}, {md_escape(verdict.created_at)}"
            lines.append(f"- **Verdict:** {md_escape(verdict_name)} by {by}")
            if verdict.note:
                lines.append(f"- **Note:** {md_escape(verdict.note)}")
        for evidence in item.evidence:
            record = evidence.record
            text = md_link(md_escape(record.text), record.url)
            extra = ", ".join(
                md_escape(x) for x in (record.publisher, record.rating, evidence.comparison, evidence.since) if x
            )
            lines.append(f"- **Evidence:** {text}" + (f" ({extra})" if extra else ""))
        for appearance in item.appearances:
            where = md_escape(appearance.article_title or f"article {appearance.article_id}")
            lines.append(f"- **Also said in:** {where}: {md_escape(appearance.text)}")
        lines.append("")
    if data.dismissed:
        lines += ["## Dismissed claims", ""]
        for d in data.dismissed:
            where = md_escape(d.article.title or f"article {d.article.id}")
            lines.append(f"- Claim {d.claim.id} ({where}): {md_escape(d.claim.text)} — *{md_escape(d.reason)}*")
        lines.append("")
    return "\n".join(lines)
