"""The `workbench` command. Heavy modules are imported inside commands so `--help` stays instant."""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from sqlite_utils import Database

__version__ = "0.1.0"
T = TypeVar("T")
DB_HELP = "The workbench database (default: $WORKBENCH_DB or ./workbench.db)."
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: object) -> str:
    """Data shown on a terminal: control characters and escape sequences made visible, not run."""
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group(0)):02x}", str(text))


class Workbench(click.Group):
    """Turns the errors a user can act on into one line on stderr and a non-zero exit."""

    def invoke(self, ctx: click.Context) -> Any:
        from claims_db import StoreError
        from workbench.errors import WorkbenchError

        try:
            return super().invoke(ctx)
        except (WorkbenchError, StoreError) as exc:
            _fail(str(exc))
        except sqlite3.DatabaseError as exc:
            _fail(f"database error: {exc}")
        except BrokenPipeError:
            # `workbench claims | head`: the reader left; stop quietly, as other tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(0)
        except OSError as exc:
            _fail(f"{exc.filename or ''}{': ' if exc.filename else ''}{exc.strerror or exc}")
        except KeyboardInterrupt:
            click.echo("Interrupted; nothing half-written was kept.", err=True)
            sys.exit(130)


def _fail(message: str) -> None:
    click.echo(f"Error: {safe(message)}", err=True)
    sys.exit(1)


class State:
    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        self._db: Database | None = None

    def db(self) -> Database:
        if self._db is None:
            import claims_db

            self._db = claims_db.connect(self.db_path)
        return self._db


pass_state = click.make_pass_decorator(State)


def _default_db() -> str:
    return os.environ.get("WORKBENCH_DB") or "workbench.db"


@click.group(cls=Workbench, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    default=_default_db,
    help=DB_HELP,
    type=click.Path(dir_okay=False),
)
@click.version_option(__version__, prog_name="workbench")
@click.pass_context
def cli(ctx: click.Context, db_path: str) -> None:
    """A local-first fact-checking workbench.

    Add articles, extract their check-worthy claims, import reference datasets, match claims
    against them, record verdicts and publish reports. With no command, opens the triage screen.
    """
    ctx.obj = State(db_path)
    if ctx.invoked_subcommand is None:
        _open_tui(ctx.obj)


def _open_tui(state: State) -> None:
    from workbench.tui.app import run

    run(state.db_path)


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _write_or_print(text: str, output: str | None, summary: str) -> None:
    """Write ``text`` to the file ``output`` (whole or not at all), or print it."""
    if output:
        from workbench.reports import write_atomically

        write_atomically(Path(output), text)
        click.echo(f"{output}: {summary}", err=True)
    else:
        click.echo(text, nl=False)


def _progress_line(render: Callable[[T], str]) -> Callable[[T], None]:
    """A progress line on stderr, redrawn at most five times a second, only on a terminal."""
    interactive = sys.stderr.isatty()
    last = [0.0]

    def report(event: T) -> None:
        now = time.monotonic()
        if interactive and now - last[0] > 0.2:
            last[0] = now
            click.echo(f"\r{render(event)}\x1b[K", err=True, nl=False)

    return report


def _progress(label: str) -> Callable[[int], None]:
    """A progress line counting ``label``."""
    return _progress_line(lambda done: f"{label}: {done:,}")


def _end_progress() -> None:
    if sys.stderr.isatty():
        click.echo("\r\x1b[K", err=True, nl=False)


@cli.command()
@pass_state
def init(state: State) -> None:
    """Create the database (or bring an old one up to date)."""
    import claims_db

    db = state.db()
    click.echo(f"{state.db_path}: ready (schema {', '.join(claims_db.schema_version(db))})")


@cli.command()
@click.option("--no-tui", is_flag=True, help="Load the seeds and print what was loaded; don't open the TUI.")
@pass_state
def demo(state: State, no_tui: bool) -> None:
    """Load the demo article and reference datasets (idempotent), then open the TUI."""
    from workbench.app import load_seeds

    summary = load_seeds(state.db())
    for result in summary.datasets:
        name = result.dataset.name if result.dataset else "?"
        stats = result.stats
        click.echo(f"dataset {name}: {stats.added} added, {stats.updated} updated, {stats.unchanged} unchanged")
    for added in summary.articles:
        what = f"{len(added.claim_ids)} claims" if added.created else "already loaded"
        click.echo(f"article {added.article.id} {safe(added.article.title)!s}: {what}")
    click.echo(f"matches stored: {summary.matched}")
    if not no_tui:
        _open_tui(state)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the articles as JSON.")
@pass_state
def articles(state: State, as_json: bool) -> None:
    """List the articles: id (for --article), title, date, claims and how many are reviewed."""
    import claims_db

    db = state.db()
    rows = []
    for article in claims_db.list_articles(db):
        counts = claims_db.count_claims(db, claims_db.ClaimFilter(article_id=article.id))
        rows.append((article, counts))
    if as_json:
        _echo_json([{"id": a.id, "title": a.title, "url": a.url, "source": a.source, "published_at": a.published_at,
                     "added_at": a.added_at, "claims": c.total, "reviewed": c.reviewed} for a, c in rows])  # fmt: skip
        return
    if not rows:
        click.echo("no articles yet: add one with `workbench add FILE_OR_URL`")
    for article, counts in rows:
        progress = f"{counts.reviewed:>4}/{counts.total:<4} reviewed"
        title = safe(article.title or article.source or "")
        click.echo(f"{article.id:>5}  {progress}  {article.published_at or '':<10}  {title}")


ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".text")


@cli.command()
@click.argument("source")
@click.option("--title", help="The article's title (not with a folder: each file's name is its title).")
@click.option("--date", "published_at", help="Publication date (YYYY-MM-DD); resolves 'last year', 'on Tuesday'.")
@click.option("--no-match", is_flag=True, help="Don't match the new claims against the datasets.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (a list for a folder).")
@pass_state
def add(state: State, source: str, title: str | None, published_at: str | None, no_match: bool, as_json: bool) -> None:
    """Add an article (FILE, URL, - for stdin, or a FOLDER of .txt / .md / .html files) and its claims.

    The same text twice is one article. In a folder, a file that can't be read is reported and the
    others are still added; the exit code is then 1.
    """
    from workbench.app import add_source
    from workbench.errors import WorkbenchError

    db = state.db()
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
            result = add_source(
                db, shown, title=title, published_at=published_at, match=not no_match, progress=_progress("matching")
            )
        except WorkbenchError as exc:
            if len(files) == 1:
                raise
            failed += 1
            click.echo(f"Error: {safe(exc)}", err=True)
            continue
        _end_progress()
        if result.warning:
            click.echo(f"Warning: {safe(result.warning)}", err=True)
        summary = {"source": shown, "article_id": result.article.id, "created": result.created,
                   "claims": result.claim_ids, "matches": result.matches}  # fmt: skip
        results.append(summary)
        if not as_json:
            if result.created:
                click.echo(f"article {result.article.id}: {len(result.claim_ids)} claims, {result.matches} matches"
                           + (f" ({safe(path.name)})" if len(files) > 1 else ""))  # fmt: skip
            else:
                click.echo(f"article {result.article.id} is already in the database (same text); nothing added"
                           + (f" ({safe(path.name)})" if len(files) > 1 else ""))  # fmt: skip
    if as_json:
        _echo_json(results if len(files) > 1 or folder.is_dir() else results[0])
    if failed:
        click.echo(f"{failed} of {len(files)} files could not be added", err=True)
        sys.exit(1)


@cli.command()
@click.argument("source")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of claims with every field.")
@click.option(
    "--min-score", type=click.FloatRange(0, 1), help="Lowest check-worthiness to keep (default: the model's threshold)."
)
@click.option("--date", "published_at", help="The article's date (YYYY-MM-DD), to resolve relative times.")
def extract(source: str, as_json: bool, min_score: float | None, published_at: str | None) -> None:
    """Print the check-worthy claims of FILE, URL or - (stdin). Uses no database."""
    from workbench.app import parse_date
    from workbench.articles import read_article
    from workbench.extract import extract_claims

    article = read_article(source)
    if article.warning:
        click.echo(f"Warning: {safe(article.warning)}", err=True)
    claims = extract_claims(
        article.text, article_date=parse_date(published_at or article.published_at), min_score=min_score
    )
    if as_json:
        _echo_json([c.as_dict() for c in claims])
        return
    if not claims:
        click.echo("no check-worthy claims found")
    for claim in sorted(claims, key=lambda c: -c.checkworthiness):
        who = claim.claimant or "?"
        click.echo(f"{claim.checkworthiness:.2f} {claim.claim_type:<10} {safe(who)}: {safe(claim.normalized)}")


@cli.command(name="import")
@click.argument("source")
@click.option("--name", help="Dataset name (default: the file name without extension).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "tsv", "json", "jsonl", "claimreview", "factcheck-api"]),
    help="Override format detection.",
)
@click.option("--key", help="Column holding each row's own id (default: guessed, else a hash of the row).")
@click.option("--text", help="Column holding the claim or statement text.")
@click.option("--title", help="Column holding a title or headline.")
@click.option("--rating", help="Column holding the rating or verdict.")
@click.option("--value", help="Column holding a numeric value.")
@click.option("--unit", help="Column holding the value's unit.")
@click.option("--period", help="Column holding the period the value covers.")
@click.option("--url", help="Column holding a URL.")
@click.option("--publisher", help="Column holding the publisher.")
@click.option("--date", "date_column", help="Column holding the publication date.")
@click.option("--replace", is_flag=True, help="Make the dataset exactly this source: drop records it no longer has.")
@click.option(
    "--api-key", envvar="FACTCHECK_API_KEY", help="Fact Check Tools API key ($FACTCHECK_API_KEY); never stored."
)
@click.option("--max-bytes", type=click.IntRange(1), help="Refuse downloads larger than this (default 2 GiB).")
@click.option("--match", "rematch", is_flag=True, help="Then match every claim again, against all the datasets.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_state
def import_(
    state: State,
    source: str,
    name: str | None,
    fmt: str | None,
    key: str | None,
    text: str | None,
    title: str | None,
    rating: str | None,
    value: str | None,
    unit: str | None,
    period: str | None,
    url: str | None,
    publisher: str | None,
    date_column: str | None,
    replace: bool,
    api_key: str | None,
    max_bytes: int | None,
    rematch: bool,
    as_json: bool,
) -> None:
    """Import a reference dataset from a FILE, URL or - (stdin).

    Formats: CSV, TSV, JSON, JSONL, ClaimReview JSON-LD (also inside HTML) and Google Fact Check
    Tools API responses. Re-importing updates by key; readers see the new records all at once, when the import ends.
    """
    from workbench.references import ImportProgress, default_name, import_dataset
    from workbench.references.fetch import DEFAULT_MAX_BYTES

    mapping = {
        "key": key,
        "text": text,
        "title": title,
        "rating": rating,
        "value": value,
        "unit": unit,
        "period": period,
        "url": url,
        "publisher": publisher,
        "published_at": date_column,
    }

    def describe(event: ImportProgress) -> str:
        if event.stage == "download":
            total = f" of {event.total:,}" if event.total else ""
            return f"downloading: {event.done:,}{total} bytes"
        return f"importing: {event.done:,} rows"

    progress = _progress_line(describe)

    result = import_dataset(
        state.db(),
        source,
        name=name or default_name(source),
        fmt=fmt,
        mapping=mapping,
        progress=progress,
        replace=replace,
        api_key=api_key,
        max_bytes=max_bytes or DEFAULT_MAX_BYTES,
    )
    _end_progress()
    for warning in result.warnings:
        click.echo(f"Warning: {safe(warning)}", err=True)
    dataset = result.dataset
    stats = result.stats
    matched = None
    if rematch:
        from workbench.app import rematch_all

        matched = rematch_all(state.db(), progress=_progress("claims matched"))
        _end_progress()
    if as_json:
        _echo_json(
            {
                "dataset": dataset.name if dataset else None,
                "format": result.format,
                "not_modified": result.not_modified,
                "unchanged_source": result.unchanged_source,
                "rows": stats.rows,
                "added": stats.added,
                "updated": stats.updated,
                "unchanged": stats.unchanged,
                "duplicates": stats.duplicates,
                "removed": stats.removed,
                "claims_matched": matched[0] if matched else None,
            }
        )
        return
    assert dataset is not None
    if result.not_modified:
        click.echo(
            f"dataset {dataset.name}: the source has not changed since {dataset.imported_at}; nothing downloaded"
        )
    elif result.unchanged_source:
        click.echo(f"dataset {dataset.name}: same content as the last import; {dataset.row_count:,} records unchanged")
    else:
        extra = f", {stats.removed:,} removed" if stats.removed else ""
        click.echo(
            f"dataset {dataset.name} ({result.format}): {stats.added:,} added, {stats.updated:,} updated, "
            f"{stats.unchanged:,} unchanged{extra}; {dataset.row_count:,} records"
        )
    if matched is not None:
        click.echo(f"{matched[0]:,} claims matched again, {matched[1]:,} matches stored")


@cli.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print the datasets as JSON.")
@click.pass_context
def datasets(ctx: click.Context, as_json: bool) -> None:
    """List the reference datasets (name, source, format, rows, imported_at)."""
    if ctx.invoked_subcommand is not None:
        return
    import claims_db

    found = claims_db.list_datasets(ctx.find_object(State).db())  # type: ignore[union-attr]
    if as_json:
        _echo_json(
            [
                {
                    "name": d.name,
                    "source": d.source,
                    "format": d.format,
                    "rows": d.row_count,
                    "imported_at": d.imported_at,
                    "sha256": d.sha256,
                    "mapping": d.mapping,
                }
                for d in found
            ]
        )
        return
    if not found:
        click.echo("no datasets yet: add one with `workbench import FILE_OR_URL`")
    for d in found:
        click.echo(
            f"{safe(d.name):<32} {d.format or '?':<12} {d.row_count:>10,}  {d.imported_at or ''}  {safe(d.source)}"
        )


@datasets.command(name="remove")
@click.argument("name")
@pass_state
def datasets_remove(state: State, name: str) -> None:
    """Delete a dataset, its records and their matches (verdicts keep their history)."""
    import claims_db

    count = claims_db.remove_dataset(state.db(), name)
    click.echo(f"dataset {name} removed ({count:,} records)")


@cli.command()
@click.argument("text", required=False)
@click.option("--dataset", "datasets_", multiple=True, help="Search only this dataset (repeatable).")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000), help="Results per query.")
@click.option(
    "--from",
    "from_file",
    type=click.Path(exists=True, dir_okay=False),
    help="A CSV, TSV or JSONL of claims to search in batch.",
)
@click.option("--id-field", help="With --from: the column holding each claim's id (default: id, else the row number).")
@click.option("--text-field", help="With --from: the column holding the claim text (default: guessed).")
@click.option("--json", "as_json", is_flag=True, help="JSON out (JSON Lines with --from).")
@pass_state
def search(
    state: State,
    text: str | None,
    datasets_: tuple[str, ...],
    limit: int,
    from_file: str | None,
    id_field: str | None,
    text_field: str | None,
    as_json: bool,
) -> None:
    """Rank reference records for TEXT, or for every claim of a file (--from)."""
    from workbench.matching import Matcher

    if (text is None) == (from_file is None):
        raise click.UsageError("give either TEXT or --from FILE")
    matcher = Matcher(state.db())
    if text is not None:
        found = matcher.match(text, limit=limit, datasets=list(datasets_) or None)
        if as_json:
            _echo_json([m.as_dict() for m in found])
            return
        if not found:
            click.echo("no matching records")
        for m in found:
            click.echo(f"{m.score:5.1f}  {safe(m.record.dataset_name)}:{safe(m.record.key)}  {safe(m.record.text)}")
            for reason in m.reasons:
                click.echo(f"       {safe(reason)}")
        return
    from workbench.batch import read_queries

    assert from_file is not None
    for query_id, query in read_queries(from_file, id_field=id_field, text_field=text_field):
        found = matcher.match(query, limit=limit, datasets=list(datasets_) or None)
        if as_json:
            click.echo(json.dumps({"id": query_id, "results": [m.as_dict() for m in found]}, ensure_ascii=False))
        else:
            best = found[0] if found else None
            shown = f"{best.score:.1f} {best.record.dataset_name}:{best.record.key}" if best else "no match"
            click.echo(f"{safe(query_id)}\t{safe(shown)}")


@cli.command()
@click.option("--article", "article_ids", multiple=True, type=int, help="Match this article's claims (repeatable).")
@click.option("--all", "all_claims", is_flag=True, help="Match every claim in the database.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100), help="Matches kept per claim.")
@pass_state
def match(state: State, article_ids: tuple[int, ...], all_claims: bool, limit: int) -> None:
    """Compute and store the matches of claims (as suggestions; confirmed / rejected ones are kept)."""
    import claims_db
    from workbench.matching import match_claims

    if not article_ids and not all_claims:
        raise click.UsageError("say which claims: --article ID (repeatable) or --all")
    db = state.db()
    rows = []
    if all_claims:
        rows = claims_db.list_claims(db, sort="id")
    else:
        for article_id in article_ids:
            claims_db.get_article(db, article_id)
            rows.extend(claims_db.list_claims(db, claims_db.ClaimFilter(article_id=article_id), sort="id"))
    if not claims_db.count_records(db):
        raise click.ClickException("no reference records yet: import a dataset first (`workbench import`)")
    stored = match_claims(db, [r.claim.id for r in rows], limit=limit, progress=_progress("claims matched"))
    _end_progress()
    click.echo(f"{len(rows)} claims matched, {stored} matches stored")


@cli.command()
@click.option("--article", "article_id", type=int, help="Only this article's claims.")
@click.option("--status", type=click.Choice(["unreviewed", "reviewed"]), help="Only claims with / without a verdict.")
@click.option("--label", help="Only claims whose current verdict is this label.")
@click.option(
    "--type",
    "claim_type",
    type=click.Choice(["statistic", "quote", "comparison", "causal", "prediction", "other"]),
    help="Only claims of this type.",
)
@click.option("--search", "text", help="Only claims whose text, normalized form or claimant contains this.")
@click.option(
    "--sort",
    type=click.Choice(["score", "id", "claimant", "label", "article"]),
    default="score",
    show_default=True,
    help="Order of the list.",
)
@click.option("--limit", type=click.IntRange(1), help="At most this many claims.")
@click.option("--json", "as_json", is_flag=True, help="Print the claims as JSON.")
@pass_state
def claims(
    state: State,
    article_id: int | None,
    status: str | None,
    label: str | None,
    claim_type: str | None,
    text: str | None,
    sort: str,
    limit: int | None,
    as_json: bool,
) -> None:
    """List claims with their current verdict."""
    import claims_db

    where = claims_db.ClaimFilter(article_id=article_id, status=status, label=label, claim_type=claim_type, text=text)
    db = state.db()
    rows = claims_db.list_claims(db, where, sort=sort, limit=limit)
    if as_json:
        _echo_json(
            [
                {
                    **_claim_dict(r.claim),
                    "article_title": r.article_title,
                    "label": r.label,
                    "checker": r.checker,
                    "verdict_at": r.verdict_at,
                }
                for r in rows
            ]
        )
        return
    if not rows:
        click.echo(
            "no claims"
            + (
                " match this filter"
                if any([article_id, status, label, claim_type, text])
                else " yet: add an article with `workbench add FILE_OR_URL`"
            )
        )
        return
    for r in rows:
        c = r.claim
        click.echo(
            f"{c.id:>5}  {(r.label or '-'):<13} {c.checkworthiness:.2f}  {c.claim_type:<10} "
            f"{safe(c.claimant or '?')}: {safe(c.normalized or c.text)}"
        )
    counts = claims_db.count_claims(db, where)
    click.echo(f"{counts.reviewed} of {counts.total} reviewed")


def _claim_dict(claim: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(claim)


@cli.command()
@click.argument("claim_id", type=int)
@click.argument("label", required=False)
@click.option("--note", help="The checker's note.")
@click.option("--evidence", multiple=True, type=int, help="A record id used as evidence (repeatable).")
@click.option("--checker", help="Who gives the verdict (default: $WORKBENCH_CHECKER or the login name).")
@click.option("--undo", is_flag=True, help="Undo the claim's last verdict (appends; history is kept).")
@click.option("--history", is_flag=True, help="Show the claim's verdict history.")
@pass_state
def verdict(
    state: State,
    claim_id: int,
    label: str | None,
    note: str | None,
    evidence: tuple[int, ...],
    checker: str | None,
    undo: bool,
    history: bool,
) -> None:
    """Record a verdict LABEL for CLAIM_ID; `workbench labels` lists the scale.

    Verdicts are never overwritten: each one is appended with the checker and the time.
    """
    import claims_db
    from workbench.app import checker_name

    db = state.db()
    who = checker or checker_name(db)
    if history:
        for v in claims_db.verdict_history(db, claim_id):
            what = "undo → " if v.undo_of else ""
            click.echo(
                f"{v.created_at}  {v.checker}: {what}{v.label or 'unreviewed'}"
                + (f" — {safe(v.note)}" if v.note else "")
            )
        return
    if undo:
        done = claims_db.undo_verdict(db, claim_id, checker=who)
        click.echo("nothing to undo" if done is None else f"claim {claim_id}: back to {done.label or 'unreviewed'}")
        return
    if label is None and note is None:
        labels = ", ".join(lbl.label for lbl in claims_db.verdict_labels(db))
        raise click.UsageError(f"give a LABEL ({labels}) or --note")
    current = claims_db.current_verdict(db, claim_id)
    if label is None and current is not None:
        label = current.label
    ids = list(evidence) or claims_db.confirmed_evidence(db, claim_id)
    saved = claims_db.add_verdict(db, claim_id, label, checker=who, note=note, evidence=ids)
    click.echo(f"claim {claim_id}: {saved.label or 'note'} by {saved.checker} at {saved.created_at}")


@cli.command()
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
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file (default: stdout).")
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
        state.db(),
        fmt,
        where,
        bom=bom,
        publisher=publisher,
        publisher_url=publisher_url,
        url_pattern=url_pattern,
        progress=_progress("claims"),
    )
    _end_progress()
    _write_or_print(result.text, output, f"{result.claims} claims")
    if result.skipped:
        click.echo(f"{result.skipped} pending claims (no verdict yet) left out of the ClaimReview report", err=True)


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv"]),
    default="jsonl",
    show_default=True,
    help="JSON Lines or CSV.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file (default: stdout).")
@pass_state
def export(state: State, fmt: str, output: str | None) -> None:
    """Export the whole verdict history (every row, undos included), oldest first, for audit or backup."""
    import csv
    import io

    rows = [
        {**row, "evidence": json.loads(row["evidence"] or "[]")}
        for row in state.db().query(
            "SELECT v.id, v.claim_id, c.article_id, v.label, v.note, v.evidence, v.checker, v.created_at, v.undo_of,"
            " c.text AS claim FROM verdicts v JOIN claims c ON c.id = v.claim_id ORDER BY v.id"
        )
    ]
    if fmt == "jsonl":
        text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
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
            "claim",
        ]
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "evidence": " ".join(map(str, row["evidence"]))})
        text = buffer.getvalue()
    _write_or_print(text, output, f"{len(rows)} verdict rows")


SETTINGS = {
    "publisher_name": "ClaimReview author: the organisation publishing the fact-checks",
    "publisher_url": "the publisher's home page",
    "review_url_pattern": "each review's URL, with {claim_id}, e.g. https://example.org/checks/{claim_id}",
    "checker": "the checker's name stored with verdicts (default: $WORKBENCH_CHECKER or the login name)",
}


@cli.command()
@click.argument("key", required=False, type=click.Choice(sorted(SETTINGS)))
@click.argument("value", required=False)
@click.option("--unset", is_flag=True, help="Remove the setting.")
@pass_state
def config(state: State, key: str | None, value: str | None, unset: bool) -> None:
    """Show or change the settings kept in the database (publisher, review URL pattern, checker)."""
    import claims_db

    db = state.db()
    if key is None:
        current = claims_db.all_settings(db)
        for name, meaning in SETTINGS.items():
            click.echo(f"{name:<20} {safe(current.get(name, '(not set)'))}    # {meaning}")
        return
    if unset:
        claims_db.set_setting(db, key, None)
        click.echo(f"{key} unset")
    elif value is None:
        click.echo(safe(claims_db.get_setting(db, key, "(not set)")))
    else:
        if key == "review_url_pattern":
            from workbench.reports.claimreview import check_publisher

            check_publisher("-", None, value)
        claims_db.set_setting(db, key, value)
        click.echo(f"{key} = {safe(value)}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the scale as JSON.")
@pass_state
def labels(state: State, as_json: bool) -> None:
    """List the verdict scale: label, key in the TUI, ClaimReview rating."""
    import claims_db

    scale = claims_db.verdict_labels(state.db())
    if as_json:
        _echo_json(
            [
                {"label": s.label, "display_name": s.display_name, "key": s.key, "rating_value": s.rating_value}
                for s in scale
            ]
        )
        return
    for s in scale:
        rating = "-" if s.rating_value is None else str(s.rating_value)
        click.echo(f"{s.key or ' '}  {s.label:<14} {s.display_name:<14} ClaimReview rating {rating}")


@cli.command()
@pass_state
def tui(state: State) -> None:
    """Open the triage screen."""
    _open_tui(state)


class _WarningLine(logging.Handler):
    """The package's logged warnings as the CLI's own one-line "Warning: ..." on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"Warning: {safe(record.getMessage())}", err=True)


def main() -> None:
    logger = logging.getLogger("workbench")
    logger.addHandler(_WarningLine(logging.WARNING))
    logger.propagate = False
    cli(prog_name="workbench")


if __name__ == "__main__":
    main()
