"""import_dataset: a source -> one dataset of records, staged in short write transactions and
published at once (see claims_db.staging)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
from sqlite_utils import Database

import claims_db
from claims_db import Dataset, UpsertStats
from workbench.errors import InputError
from workbench.references.claimreview import factcheck_rows, read_claimreview
from workbench.references.fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, Fetched, is_url, open_source, redact
from workbench.references.formats import (
    FORMATS,
    Table,
    check_text,
    detect_format,
    load_json,
    read_delimited,
    read_json,
    read_jsonl,
)
from workbench.references.mapping import BadRow, TabularMapper, map_row, resolve_mapping, stable_key

MAX_API_PAGES = 200


@dataclass(frozen=True)
class ImportProgress:
    stage: str  # "download" or "rows"
    done: int  # bytes downloaded, or rows imported
    total: int | None = None


@dataclass
class ImportResult:
    dataset: Dataset | None
    format: str | None
    stats: UpsertStats = field(default_factory=UpsertStats)
    warnings: list[str] = field(default_factory=list)
    not_modified: bool = False  # the remote source had not changed: nothing downloaded or written
    unchanged_source: bool = False  # same bytes, format and mapping as last time: nothing written


def import_dataset(
    db: Database,
    source: str,
    *,
    name: str,
    fmt: str | None = None,
    mapping: Mapping[str, str | None] | None = None,
    progress: Callable[[ImportProgress], None] | None = None,
    replace: bool = False,
    api_key: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    client: httpx.Client | None = None,
) -> ImportResult:
    """Import ``source`` (path, "-" or http(s) URL) as the dataset ``name``.

    Re-importing upserts by key: added / updated / unchanged are counted. Readers see the old
    dataset until the import is published in one short transaction; on any error (or Ctrl-C) the
    store is as it was before. Other writers get the write lock between the import's short steps.
    """
    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    previous = claims_db.find_dataset(db, name)
    url = source
    if api_key and is_url(source) and "key=" not in source:
        url = _with_param(source, "key", api_key)
    shown = redact(url) if is_url(url) else source
    conditional = previous is not None and previous.source == shown and not replace and is_url(url)

    def on_bytes(done: int, total: int | None) -> None:
        if progress:
            progress(ImportProgress("download", done, total))

    fetched = open_source(
        url,
        max_bytes=max_bytes,
        timeout=timeout,
        etag=previous.etag if conditional and previous else None,
        last_modified=previous.last_modified if conditional and previous else None,
        progress=on_bytes,
        client=client,
    )
    pages: list[Fetched] = [fetched]
    table: Table | None = None
    try:
        if fetched.not_modified:
            return ImportResult(previous, previous.format if previous else fmt, not_modified=True)
        encoding = check_text(fetched.path, fetched.source)
        warnings = []
        if encoding == "latin-1":
            warnings.append(f"{fetched.source}: not valid UTF-8; read as latin-1")
        fmt = fmt or detect_format(fetched.path, fetched.source, fetched.content_type, encoding)
        if fmt == "factcheck-api" and is_url(url):
            pages.extend(_next_pages(url, fetched, encoding, max_bytes, client, timeout))
        source_name = fetched.source
        header, table, rows = _rows(fmt, pages, encoding)
        resolved = resolve_mapping(header, mapping, source=source_name) if header is not None else {}
        stored_mapping = resolved or {"format": fmt}
        sha = fetched.sha256 if len(pages) == 1 else ",".join(p.sha256 for p in pages)
        if (
            previous is not None
            and not replace
            and previous.sha256 == sha
            and previous.format == fmt
            and previous.mapping == stored_mapping
        ):
            return ImportResult(
                previous,
                fmt,
                warnings=warnings,
                unchanged_source=True,
                stats=UpsertStats(rows=previous.row_count, unchanged=previous.row_count),
            )

        def prepared(dataset_id: int) -> tuple[Iterator[Sequence[Any]], Sequence[str]]:
            if table is not None:
                assert header is not None
                mapper = TabularMapper(header, resolved, dataset_id, source_name)
                rows = filter(None, map(mapper, table.cells()))

                def explain(exc: BaseException) -> BaseException:
                    return table.locate_error(mapper.check, InputError(str(exc), source=source_name))

                return _translated(rows, explain, table.close), mapper.columns
            return _mapped(dataset_id), claims_db.RECORD_COLUMNS

        def _mapped(dataset_id: int) -> Iterator[Sequence[Any]]:
            if header is not None:
                return (
                    claims_db.record_values(dataset_id, map_row(row, resolved, where=where, source=source_name))
                    for where, row in rows
                )
            return (claims_db.record_values(dataset_id, _keyed(row)) for _, row in rows)

        def on_rows(done: int) -> None:
            if progress:
                progress(ImportProgress("rows", done))

        def check(stats: UpsertStats) -> None:
            if stats.rows == 0:
                raise InputError("no records in this source", source=fetched.source)

        provenance = {
            "source": fetched.source,
            "format": fmt,
            "mapping": stored_mapping,
            "sha256": sha,
            "etag": fetched.etag,
            "last_modified": fetched.last_modified,
        }
        dataset, stats = claims_db.stage_import(
            db, name, prepared, provenance=provenance, replace=replace, progress=on_rows, check=check
        )
        if stats.duplicates:
            warnings.append(f"{fetched.source}: {stats.duplicates} row(s) repeat an earlier key; the last one was kept")
        return ImportResult(dataset, fmt, stats, warnings)
    finally:
        if table is not None:
            table.close()  # also when the import stopped before reading rows (unchanged source, bad mapping)
        for page in pages:
            page.cleanup()


Rows = Iterator[tuple[str, dict[str, Any]]]


def _rows(fmt: str, pages: list[Fetched], encoding: str) -> tuple[list[str] | None, Table | None, Rows]:
    """(header, table, rows): CSV / TSV give a header and table rows (cells); JSON and JSONL a header
    (their keys) and mapping rows; ClaimReview and the Fact Check API rows already mapped."""
    first = pages[0]
    if fmt in ("csv", "tsv"):
        header, table = read_delimited(first.path, first.source, encoding, "\t" if fmt == "tsv" else None)
        return header, table, iter(())
    if fmt in ("json", "jsonl"):
        rows = (
            read_json(first.path, first.source, encoding)
            if fmt == "json"
            else read_jsonl(first.path, first.source, encoding)
        )
        peeked = list(_take(rows, 200))
        columns: dict[str, None] = {}
        for _, row in peeked:
            columns.update(dict.fromkeys(row))
        return list(columns), None, _chain(peeked, rows)
    if fmt == "claimreview":
        return None, None, read_claimreview(first.path, first.source, encoding)
    return None, None, _factcheck_pages(pages, encoding)


def _keyed(row: dict[str, Any]) -> dict[str, Any]:
    """A mapped row (ClaimReview, Fact Check API) with a key: its own, else a hash of its content."""
    if not row.get("key"):
        row = {**row, "key": stable_key(row)}
    return row


def _take(rows: Iterator[tuple[str, dict[str, Any]]], n: int) -> Iterator[tuple[str, dict[str, Any]]]:
    for index, row in enumerate(rows):
        yield row
        if index + 1 >= n:
            return


def _chain(first: list[Any], rest: Iterator[Any]) -> Iterator[Any]:
    yield from first
    yield from rest


def _factcheck_pages(pages: list[Fetched], encoding: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for number, page in enumerate(pages, start=1):
        document = load_json(page.path, page.source, encoding)
        documents = document if isinstance(document, list) else [document]
        for doc in documents:
            yield from factcheck_rows(doc, page=number, source=page.source)


def _with_param(url: str, key: str, value: str) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != key]
    query.append((key, value))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


def _next_pages(
    url: str, first: Fetched, encoding: str, max_bytes: int, client: httpx.Client | None, timeout: float
) -> list[Fetched]:
    """Follow ``nextPageToken`` of a Fact Check Tools query, fetching every further page."""
    pages: list[Fetched] = []
    current = first
    try:
        while len(pages) + 1 < MAX_API_PAGES:
            document = load_json(current.path, current.source, encoding)
            token = document.get("nextPageToken") if isinstance(document, dict) else None
            if not token:
                break
            current = open_source(
                _with_param(url, "pageToken", str(token)), max_bytes=max_bytes, timeout=timeout, client=client
            )
            pages.append(current)
    except BaseException:
        for page in pages:
            page.cleanup()
        raise
    return pages


def default_name(source: str) -> str:
    """A dataset name from its source: the file name without extension."""
    if source == "-":
        return "stdin"
    path = urlsplit(source).path if is_url(source) else source
    stem = Path(path).name.split(".")[0]
    return stem or (urlsplit(source).hostname or "dataset")


def _translated(
    rows: Iterator[Any], explain: Callable[[BaseException], BaseException], close: Callable[[], None]
) -> Iterator[Any]:
    """``rows``, with a bulk-path failure turned into the InputError that names its line."""
    try:
        yield from rows
    except (BadRow, csv.Error) as exc:
        raise explain(exc) from None
    finally:
        close()
