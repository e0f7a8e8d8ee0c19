"""Reports and the full export of the verdict history."""

from __future__ import annotations

import json

import click

from workbench.cli.common import State, end_progress, pass_state, progress, say, write_or_print


@click.command()
@click.option("--article", "article_ids", multiple=True, type=int, help="Only this article's claims (repeatable).")
@click.option("--label", "labels_", multiple=True, help="Only claims whose verdict is this label (repeatable).")
@click.option("--checker", help="Only verdicts by this checker.")
@click.option("--since", help="Only verdicts given on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Only verdicts given on or before this date (YYYY-MM-DD).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "json", "csv", "claimreview"]),
    default="md",
    show_default=True,
    help="Markdown, self-contained HTML, JSON, CSV or schema.org ClaimReview JSON-LD.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file (default or -: stdout).")
@click.option("--bom", is_flag=True, help="CSV: start with a byte-order mark, for spreadsheets.")
@click.option(
    "--include-dismissed", is_flag=True, help="List the dismissed claims, with the reason, in a section of their own."
)
@click.option("--publisher", help="ClaimReview: the publishing organisation (default: setting publisher_name).")
@click.option("--publisher-url", help="ClaimReview: the publisher's home page (default: setting publisher_url).")
@click.option(
    "--url-pattern", help="ClaimReview: each review's URL, with {claim_id} (default: setting review_url_pattern)."
)
@pass_state
def report(
    state: State,
    article_ids: tuple[int, ...],
    labels_: tuple[str, ...],
    checker: str | None,
    since: str | None,
    until: str | None,
    fmt: str,
    output: str | None,
    bom: bool,
    include_dismissed: bool,
    publisher: str | None,
    publisher_url: str | None,
    url_pattern: str | None,
) -> None:
    """Write a verdict report: every claim with its verdict, note, evidence, checker and time.

    Claims without a verdict are listed as pending (ClaimReview leaves them out and says how many).
    Filters on label, checker or dates keep only claims with a matching verdict. Claims the desk
    dismissed are left out (--include-dismissed lists them apart); a claim other claims were merged
    into lists where else it was said.
    """
    from workbench.reports import ReportFilter, render

    where = ReportFilter(
        article_ids=article_ids,
        labels=labels_,
        checker=checker,
        since=since,
        until=until,
        include_dismissed=include_dismissed,
    )
    result = render(
        state.reader(),
        fmt,
        where,
        bom=bom,
        publisher=publisher,
        publisher_url=publisher_url,
        url_pattern=url_pattern,
        progress=progress("claims"),
    )
    end_progress()
    write_or_print(result.text, output, f"{result.claims} claims")
    if result.skipped:
        say(f"{result.skipped} pending claims (no verdict yet) left out of the ClaimReview report", err=True)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv"]),
    default="jsonl",
    show_default=True,
    help="JSON Lines or CSV.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file (default or -: stdout).")
@pass_state
def export(state: State, fmt: str, output: str | None) -> None:
    """Export the whole history, for audit or backup: every verdict row (undos included) and every
    event of every claim (extracted, added, dismissed, edited, merged, split, linked, undo), oldest first.

    Each row has a "kind": "verdict" or "claim_event". JSONL: one object a line. CSV: the verdict
    columns, then kind, action and data (the event's details as JSON).
    """
    import csv
    import io

    from workbench.escaping import csv_cell, dumps

    db = state.reader()
    verdicts = [
        {"kind": "verdict", **row, "evidence": json.loads(row["evidence"] or "[]")}
        for row in db.query(
            "SELECT v.id, v.claim_id, c.article_id, v.label, v.note, v.evidence, v.checker, v.created_at, v.undo_of,"
            " v.carried_from,"
            " c.text AS claim FROM verdicts v JOIN claims c ON c.id = v.claim_id ORDER BY v.id"
        )
    ]
    events = [
        {"kind": "claim_event", **row, "data": json.loads(row["data"] or "{}")}
        for row in db.query(
            "SELECT e.id, e.claim_id, c.article_id, e.action, e.data, e.checker, e.created_at, e.batch, e.undo_of,"
            " c.text AS claim FROM claim_events e JOIN claims c ON c.id = e.claim_id ORDER BY e.id"
        )
    ]
    rows = sorted(verdicts + events, key=lambda r: (r["created_at"], r["kind"] != "claim_event", r["id"]))
    if fmt == "jsonl":
        text = "".join(dumps(row, indent=None) + "\n" for row in rows)
    else:
        buffer = io.StringIO()
        columns = [
            "id",
            "claim_id",
            "article_id",
            "label",
            "note",
            "evidence",
            "checker",
            "created_at",
            "undo_of",
            "carried_from",
            "claim",
            "kind",
            "action",
            "data",
        ]
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n", extrasaction="ignore")
        writer.writeheader()
        for row in rows:  # text cells that start like a formula get a ' (numbers stay numbers)
            if row["kind"] == "verdict":
                shown = [f"{e.get('dataset')}:{e.get('key')}" for e in row["evidence"] if isinstance(e, dict)]
                cells = {**row, "evidence": "; ".join(shown)}
            else:
                cells = {**row, "data": dumps(row["data"], indent=None)}
            writer.writerow({column: csv_cell(value) for column, value in cells.items()})
        text = buffer.getvalue()
    write_or_print(text, output, f"{len(verdicts)} verdict rows, {len(events)} claim events")
