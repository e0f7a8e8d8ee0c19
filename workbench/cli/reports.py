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
    publisher: str | None,
    publisher_url: str | None,
    url_pattern: str | None,
) -> None:
    """Write a verdict report: every claim with its verdict, note, evidence, checker and time.

    Claims without a verdict are listed as pending (ClaimReview leaves them out and says how many).
    Filters on label, checker or dates keep only claims with a matching verdict.
    """
    from workbench.reports import ReportFilter, render

    where = ReportFilter(article_ids=article_ids, labels=labels_, checker=checker, since=since, until=until)
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
    """Export the whole verdict history (every row, undos included), oldest first, for audit or backup."""
    import csv
    import io

    from workbench.escaping import csv_cell, dumps

    rows = [
        {**row, "evidence": json.loads(row["evidence"] or "[]")}
        for row in state.reader().query(
            "SELECT v.id, v.claim_id, c.article_id, v.label, v.note, v.evidence, v.checker, v.created_at, v.undo_of,"
            " v.carried_from,"
            " c.text AS claim FROM verdicts v JOIN claims c ON c.id = v.claim_id ORDER BY v.id"
        )
    ]
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
        ]
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
        writer.writeheader()
        for row in rows:  # text cells that start like a formula get a ' (numbers stay numbers)
            shown = [f"{e.get('dataset')}:{e.get('key')}" for e in row["evidence"] if isinstance(e, dict)]
            cells = {**row, "evidence": "; ".join(shown)}
            writer.writerow({column: csv_cell(value) for column, value in cells.items()})
        text = buffer.getvalue()
    write_or_print(text, output, f"{len(rows)} verdict rows")
