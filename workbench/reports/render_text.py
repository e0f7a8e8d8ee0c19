"""Markdown, JSON and CSV renderers."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from workbench.reports.data import ReportData, ReportItem

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md_escape(value: object) -> str:
    """Data as literal Markdown text: no emphasis, links, HTML or table breaks come from it."""
    text = " ".join(str(value or "").split())
    return _MD_SPECIAL.sub(r"\\\1", text)


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
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


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
        writer.writerow([
            item.claim.id, item.article.id, item.article.title or "", item.article.url or "",
            item.article.published_at or "", item.claim.claimant or "", item.claim.text, item.claim.normalized or "",
            v.label if v else "pending", (v.note or "") if v else "", v.checker if v else "", v.created_at if v else "",
            "; ".join(f"{e.record.dataset_name}:{e.record.key}" for e in item.evidence),
            "; ".join(e.record.url for e in item.evidence if e.record.url),
        ])  # fmt: skip
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
        if claim.normalized:
            lines.append(f"- **Claim:** {md_escape(claim.normalized)}")
        lines.append(f"- **Claimant:** {md_escape(claim.claimant or 'unknown')}")
        source = md_escape(article.title or f"article {article.id}")
        if article.url:
            source = f"[{source}](<{article.url.replace('>', '%3E')}>)"
        date = f" ({md_escape(article.published_at)})" if article.published_at else ""
        lines.append(f"- **Article:** {source}{date}")
        if verdict:
            lines.append(
                f"- **Verdict:** {md_escape(verdict_name)} by {md_escape(verdict.checker)}, {verdict.created_at}"
            )
            if verdict.note:
                lines.append(f"- **Note:** {md_escape(verdict.note)}")
        for evidence in item.evidence:
            record = evidence.record
            text = md_escape(record.text)
            if record.url:
                text = f"[{text}](<{record.url.replace('>', '%3E')}>)"
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
