"""A self-contained HTML report: inline CSS, an inline SVG chart of verdicts, no scripts, prints well.

Every data string is HTML-escaped (control and bidi characters shown as ``\\x1b`` / ``\\u202e``); links go
only to http(s) URLs, with ``rel="noopener noreferrer"``; a Content-Security-Policy forbids any script.
"""

from __future__ import annotations

from html import escape

from claims_db import VerdictLabel
from workbench.escaping import http_url, visible
from workbench.reports.data import ReportData

COLOURS = {
    "green": "#2e7d32", "chartreuse": "#7cb342", "yellow": "#f9a825", "orange": "#ef6c00", "red": "#c62828",
    "magenta": "#8e24aa", "grey": "#616161",
}  # fmt: skip
CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;margin:2rem auto;
 padding:0 1rem;color:#1a1a1a}
h1{font-size:1.6rem}h2{font-size:1.15rem;margin:0 0 .4rem}
.summary{color:#444}
.claim{border:1px solid #ddd;border-radius:6px;padding:1rem;margin:1rem 0;break-inside:avoid}
blockquote{margin:.4rem 0;padding-left:.8rem;border-left:3px solid #bbb;color:#333}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:4px;color:#fff;font-weight:600;font-size:.85rem}
.pending{background:#9e9e9e}
dl{display:grid;grid-template-columns:8rem 1fr;gap:.2rem .8rem;margin:.5rem 0}dt{color:#666}dd{margin:0}
ul.evidence{margin:.3rem 0;padding-left:1.2rem}
a{color:#0b57d0}
@media print{body{margin:0;max-width:none}a{color:inherit}.claim{border-color:#999}}
"""


CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def e(value: object) -> str:
    return escape(visible(value if value is not None else ""), quote=True)


def _chart(data: ReportData) -> str:
    rows: list[tuple[VerdictLabel | None, int]] = [
        (label, data.by_label[label.label]) for label in data.scale if data.by_label.get(label.label)
    ]
    if data.pending:
        rows.append((None, data.pending))
    if not rows:
        return ""
    biggest = max(count for _, count in rows)
    bar_h, gap, label_w, width = 22, 6, 130, 560
    height = len(rows) * (bar_h + gap)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}"><title>Verdicts by label</title>'
    ]
    for index, (label, count) in enumerate(rows):
        y = index * (bar_h + gap)
        w = max(2, int((width - label_w - 50) * count / biggest))
        name = label.display_name if label else "Pending"
        colour = COLOURS.get(label.color or "", "#555") if label else "#9e9e9e"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" font-size="13">{e(name)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="{colour}"/>'
            f'<text x="{label_w + w + 6}" y="{y + 16}" font-size="13">{count}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _link(url: str | None, text: str) -> str:
    target = http_url(url)
    if target is None:  # javascript:, data:, relative...: the text, not a link
        return e(text)
    return f'<a href="{e(target)}" rel="noopener noreferrer">{e(text)}</a>'


def render_html(data: ReportData) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        "<title>Fact-check report</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>Fact-check report</h1>",
        f'<p class="summary">{data.reviewed} of {data.total} claims reviewed; {data.pending} pending.</p>',
        _chart(data),
    ]
    for item in data.items:
        claim, article, verdict = item.claim, item.article, item.verdict
        if verdict and item.label:
            colour = COLOURS.get(item.label.color or "", "#555")
            badge = f'<span class="badge" style="background:{colour}">{e(item.label.display_name)}</span>'
        else:
            badge = '<span class="badge pending">Pending</span>'
        out.append(f'<section class="claim" id="claim-{claim.id}">')
        out.append(f"<h2>Claim {claim.id} {badge}</h2>")
        out.append(f"<blockquote>{e(claim.text)}</blockquote>")
        out.append("<dl>")
        if item.stated and item.stated != claim.text:  # the checker's wording, never the extractor's rewrite
            out.append(f"<dt>The desk's wording</dt><dd>{e(item.stated)}</dd>")
        out.append(f"<dt>Claimant</dt><dd>{e(claim.claimant or 'unknown')}</dd>")
        date = f" ({e(article.published_at)})" if article.published_at else ""
        out.append(f"<dt>Article</dt><dd>{_link(article.url, article.title or f'article {article.id}')}{date}</dd>")
        if verdict:
            out.append(f"<dt>Checked by</dt><dd>{e(verdict.checker)}, {e(verdict.created_at)}</dd>")
            if verdict.note:
                out.append(f"<dt>Note</dt><dd>{e(verdict.note)}</dd>")
        out.append("</dl>")
        if item.evidence:
            out.append('<ul class="evidence">')
            for evidence in item.evidence:
                record = evidence.record
                extra = ", ".join(
                    e(x) for x in (record.publisher, record.rating, evidence.comparison, evidence.since) if x
                )
                out.append(f"<li>{_link(record.url, record.text)}{f' ({extra})' if extra else ''}</li>")
            out.append("</ul>")
        if item.appearances:
            out.append('<p>Also said in:</p><ul class="appearances">')
            for a in item.appearances:
                out.append(f"<li>{e(a.article_title or f'article {a.article_id}')}: {e(a.text)}</li>")
            out.append("</ul>")
        out.append("</section>")
    if data.dismissed:
        out.append('<section class="dismissed"><h2>Dismissed claims</h2><ul>')
        for d in data.dismissed:
            where = e(d.article.title or f"article {d.article.id}")
            out.append(f"<li>Claim {d.claim.id} ({where}): {e(d.claim.text)} — <em>{e(d.reason)}</em></li>")
        out.append("</ul></section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
