"""Articles: create the store, load the demo, add and list articles, extract claims without a store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from workbench.cli.common import State, echo_json, end_progress, open_tui, pass_state, progress, safe, say, utf8


@click.command()
@pass_state
def init(state: State) -> None:
    """Create the database (or bring an old one up to date)."""
    import claims_db

    db = state.db(create=True)
    say(f"{state.db_path}: ready (schema {', '.join(claims_db.schema_version(db))})")


@click.command()
@click.option("--no-tui", is_flag=True, help="Load the seeds and print what was loaded; don't open the TUI.")
@pass_state
def demo(state: State, no_tui: bool) -> None:
    """Load the demo article and reference datasets (idempotent), then open the TUI."""
    from workbench.app import load_seeds

    summary = load_seeds(state.db(create=True))
    for result in summary.datasets:
        name = result.dataset.name if result.dataset else "?"
        stats = result.stats
        say(f"dataset {name}: {stats.added} added, {stats.updated} updated, {stats.unchanged} unchanged")
    for added in summary.articles:
        what = f"{len(added.claim_ids)} claims" if added.created else "already loaded"
        say(f"article {added.article.id} {safe(added.article.title)!s}: {what}")
    say(f"matches stored: {summary.matched}")
    if not no_tui:
        open_tui(state)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the articles as JSON.")
@pass_state
def articles(state: State, as_json: bool) -> None:
    """List the articles: id (for --article), title, date, claims, how many are reviewed and how many
    the desk dismissed (not counted in the claims)."""
    import claims_db

    db = state.reader()
    rows = []
    for article in claims_db.list_articles(db):
        counts = claims_db.count_claims(db, claims_db.ClaimFilter(article_id=article.id))
        dismissed = claims_db.count_claims(db, claims_db.ClaimFilter(article_id=article.id, status="dismissed")).total
        rows.append((article, counts, dismissed))
    if as_json:
        echo_json([{"id": a.id, "title": a.title, "url": a.url, "source": a.source, "published_at": a.published_at,
                     "added_at": a.added_at, "claims": c.total, "reviewed": c.reviewed, "dismissed": d}
                   for a, c, d in rows])  # fmt: skip
        return
    if not rows:
        say("no articles yet: add one with `workbench add FILE_OR_URL`")
    for article, counts, dismissed in rows:
        progress = f"{counts.reviewed:>4}/{counts.total:<4} reviewed"
        title = safe(article.title or article.source or "")
        dropped = f"  ({dismissed} dismissed)" if dismissed else ""
        say(f"{article.id:>5}  {progress}  {article.published_at or '':<10}  {title}{dropped}")


ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".text")
MAX_BYTES_HELP = "Refuse an article (file, stdin or download) larger than this many bytes (default 20 MiB)."
TIMEOUT_HELP = "Give up a download after this many seconds, retries included (default 300)."


@click.command()
@click.argument("source")
@click.option("--title", callback=utf8, help="The article's title (not with a folder: each file's name is its title).")
@click.option(
    "--date", "published_at", callback=utf8, help="Publication date (YYYY-MM-DD); resolves 'last year', 'on Tuesday'."
)
@click.option(
    "--claimant",
    callback=utf8,
    help="Who speaks in claims the extractor finds no speaker for (one person's transcript).",
)
@click.option("--no-match", is_flag=True, help="Don't match the new claims against the datasets.")
@click.option("--max-bytes", type=click.IntRange(1), help=MAX_BYTES_HELP)
@click.option("--timeout", type=click.FloatRange(0, min_open=True), help=TIMEOUT_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (a list for a folder).")
@pass_state
def add(
    state: State,
    source: str,
    title: str | None,
    published_at: str | None,
    claimant: str | None,
    no_match: bool,
    max_bytes: int | None,
    timeout: float | None,
    as_json: bool,
) -> None:
    """Add an article (FILE, URL, - for stdin, or a FOLDER of .txt / .md / .html files) and its claims.

    The same text twice is one article. In a folder, a file that can't be read is reported and the
    others are still added; the exit code is then 1.
    """
    from workbench.app import add_article
    from workbench.articles import read_article
    from workbench.errors import WorkbenchError

    limits = _limits(max_bytes, timeout)

    db = state.db(create=True)
    folder = Path(source).expanduser()
    if source != "-" and folder.is_dir():
        if title:
            raise click.UsageError("--title names one article; a folder's files are titled by their names")
        files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
        if not files:
            raise click.ClickException(f"{folder}: no {', '.join(ARTICLE_SUFFIXES)} files in this folder")
    else:
        files = [Path(source)]
    results = []
    failed = 0
    for path in files:
        shown = source if len(files) == 1 and not folder.is_dir() else str(path)
        try:
            article = read_article(shown, **limits)
            result = add_article(
                db,
                article,
                title=title,
                published_at=published_at,
                claimant=claimant,
                match=not no_match,
                progress=progress("matching"),
            )
        except WorkbenchError as exc:
            if len(files) == 1:
                raise
            failed += 1
            say(f"Error: {safe(exc)}", err=True)
            continue
        end_progress()
        if result.warning:
            say(f"Warning: {safe(result.warning)}", err=True)
        summary = {"source": shown, "article_id": result.article.id, "created": result.created,
                   "claims": result.claim_ids, "matches": result.matches, "repeats": result.repeats}  # fmt: skip
        results.append(summary)
        if not as_json:
            if result.created:
                say(f"article {result.article.id}: {len(result.claim_ids)} claims, {result.matches} matches"
                    + (f", {result.repeats} checked before (`workbench claims --repeated`)"
                       if result.repeats else "")
                    + (f" ({safe(path.name)})" if len(files) > 1 else ""))  # fmt: skip
            else:
                say(f"article {result.article.id} is already in the database (same text); nothing added"
                    + (f" ({safe(path.name)})" if len(files) > 1 else ""))  # fmt: skip
    if as_json:
        echo_json(results if len(files) > 1 or folder.is_dir() else results[0])
    if failed:
        say(f"{failed} of {len(files)} files could not be added", err=True)
        sys.exit(1)


@click.command()
@click.argument("source")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of claims with every field.")
@click.option(
    "--min-score", type=click.FloatRange(0, 1), help="Lowest check-worthiness to keep (default: the model's threshold)."
)
@click.option("--date", "published_at", help="The article's date (YYYY-MM-DD), to resolve relative times.")
@click.option("--max-bytes", type=click.IntRange(1), help=MAX_BYTES_HELP)
@click.option("--timeout", type=click.FloatRange(0, min_open=True), help=TIMEOUT_HELP)
def extract(
    source: str,
    as_json: bool,
    min_score: float | None,
    published_at: str | None,
    max_bytes: int | None,
    timeout: float | None,
) -> None:
    """Print the check-worthy claims of FILE, URL or - (stdin). Uses no database."""
    from workbench.app import parse_date
    from workbench.articles import read_article
    from workbench.extract import extract_claims

    article = read_article(source, **_limits(max_bytes, timeout))
    if article.warning:
        say(f"Warning: {safe(article.warning)}", err=True)
    claims = extract_claims(
        article.text, article_date=parse_date(published_at or article.published_at), min_score=min_score
    )
    if as_json:
        echo_json([c.as_dict() for c in claims])
        return
    if not claims:
        say("no check-worthy claims found")
    for claim in sorted(claims, key=lambda c: -c.checkworthiness):
        who = claim.claimant or "?"
        say(f"{claim.checkworthiness:.2f} {claim.claim_type:<10} {safe(who)}: {safe(claim.normalized)}")


def _limits(max_bytes: int | None, timeout: float | None) -> dict[str, Any]:
    """read_article's size cap and download deadline, as given (else its defaults)."""
    limits: dict[str, Any] = {}
    if max_bytes:
        limits["max_bytes"] = max_bytes
    if timeout:
        limits["timeout"] = timeout
    return limits
