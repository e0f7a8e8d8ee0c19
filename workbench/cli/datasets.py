"""Reference datasets: import, list, remove; search them and match claims against them."""

from __future__ import annotations

import click

from workbench.cli.common import State, echo_json, end_progress, pass_state, progress, progress_line, safe, say, utf8


@click.command(name="import")
@click.argument("source")
@click.option("--name", callback=utf8, help="Dataset name (default: the file name without extension).")
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
@click.option(
    "--max-bytes",
    type=click.IntRange(1),
    help="Refuse a source (file, stdin or download) larger than this many bytes (default 2 GiB).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0, min_open=True),
    help="Give up a download after this many seconds, retries included (default 300).",
)
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
    timeout: float | None,
    rematch: bool,
    as_json: bool,
) -> None:
    """Import a reference dataset from a FILE, URL or - (stdin).

    Formats: CSV, TSV, JSON, JSONL, ClaimReview JSON-LD (also inside HTML) and Google Fact Check
    Tools API responses. Re-importing updates by key; readers see the new records all at once, when
    the import ends, and verdicts from other processes go through while it runs.
    """
    from workbench.references import ImportProgress, default_name, import_dataset
    from workbench.references.fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, check_url, is_url

    remote = is_url(source)
    if remote:
        check_url(source)  # a malformed URL is one line, before anything else reads it

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
            return f"{'downloading' if remote else 'reading'}: {event.done:,}{total} bytes"
        return f"importing: {event.done:,} rows"

    on_progress = progress_line(describe)

    result = import_dataset(
        state.db(create=True),
        source,
        name=name or default_name(source),
        fmt=fmt,
        mapping=mapping,
        progress=on_progress,
        replace=replace,
        api_key=api_key,
        max_bytes=max_bytes or DEFAULT_MAX_BYTES,
        timeout=timeout or DEFAULT_TIMEOUT,
    )
    end_progress()
    for warning in result.warnings:
        say(f"Warning: {safe(warning)}", err=True)
    dataset = result.dataset
    stats = result.stats
    matched = None
    if rematch:
        from workbench.app import rematch_all

        matched = rematch_all(state.db(), progress=progress("claims matched"))
        end_progress()
    if as_json:
        echo_json(
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
        say(f"dataset {dataset.name}: the source has not changed since {dataset.imported_at}; nothing downloaded")
    elif result.unchanged_source:
        say(f"dataset {dataset.name}: same content as the last import; {dataset.row_count:,} records unchanged")
    else:
        extra = f", {stats.removed:,} removed" if stats.removed else ""
        say(
            f"dataset {dataset.name} ({result.format}): {stats.added:,} added, {stats.updated:,} updated, "
            f"{stats.unchanged:,} unchanged{extra}; {dataset.row_count:,} records"
        )
    if matched is not None:
        say(f"{matched[0]:,} claims matched again, {matched[1]:,} matches stored")


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print the datasets as JSON.")
@click.pass_context
def datasets(ctx: click.Context, as_json: bool) -> None:
    """List the reference datasets (name, source, format, rows, imported_at)."""
    if ctx.invoked_subcommand is not None:
        return
    import claims_db

    found = claims_db.list_datasets(ctx.find_object(State).reader())  # type: ignore[union-attr]
    if as_json:
        echo_json(
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
        say("no datasets yet: add one with `workbench import FILE_OR_URL`")
    for d in found:
        say(f"{safe(d.name):<32} {d.format or '?':<12} {d.row_count:>10,}  {d.imported_at or ''}  {safe(d.source)}")


@datasets.command(name="remove")
@click.argument("name")
@pass_state
def datasets_remove(state: State, name: str) -> None:
    """Delete a dataset, its records and their matches (verdicts keep their history)."""
    import claims_db

    count = claims_db.remove_dataset(state.db(), name)
    say(f"dataset {name} removed ({count:,} records)")


@click.command()
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
    from workbench.matching import Matcher, score_words

    if (text is None) == (from_file is None):
        raise click.UsageError("give either TEXT or --from FILE")
    matcher = Matcher(state.reader())
    if text is not None:
        found = matcher.match(text, limit=limit, datasets=list(datasets_) or None)
        if as_json:
            echo_json([m.as_dict() for m in found])
            return
        if not found:
            say("no matching records")
        for m in found:
            say(f"{score_words(m.score)}  {safe(m.record.dataset_name)}:{safe(m.record.key)}  {safe(m.record.text)}")
            for reason in m.reasons:
                say(f"       {safe(reason)}")
        return
    from workbench.batch import read_queries

    assert from_file is not None
    for query_id, query in read_queries(from_file, id_field=id_field, text_field=text_field):
        found = matcher.match(query, limit=limit, datasets=list(datasets_) or None)
        if as_json:
            echo_json({"id": query_id, "results": [m.as_dict() for m in found]}, indent=None)
        else:
            best = found[0] if found else None
            shown = f"{best.score:.2f} {best.record.dataset_name}:{best.record.key}" if best else "no match"
            say(f"{safe(query_id)}\t{safe(shown)}")


@click.command()
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
    stored = match_claims(db, [r.claim.id for r in rows], limit=limit, progress=progress("claims matched"))
    end_progress()
    say(f"{len(rows)} claims matched, {stored} matches stored")
