"""Reading a file of claims for batch search: CSV, TSV or JSONL, an id and a text per row."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from workbench.errors import InputError
from workbench.references.fetch import DEFAULT_MAX_BYTES, regular_file
from workbench.references.formats import check_text, detect_format, read_delimited, read_jsonl
from workbench.references.mapping import CANDIDATES

_ID_NAMES = ("id", "claim_id", "tweet_id", "iclaim_id", "query_id", "key")
_TEXT_NAMES = (*CANDIDATES["text"], "tweet_content", "iclaim", "tweet", "query")


def read_queries(path: str, *, id_field: str | None = None, text_field: str | None = None) -> Iterator[tuple[str, str]]:
    """(id, text) for every row; the id defaults to an id-like column, else the row number."""
    file = regular_file(path, max_bytes=DEFAULT_MAX_BYTES)  # never a FIFO or /dev/zero: they would hang
    encoding = check_text(file, path)
    fmt = detect_format(file, path, None, encoding)
    rows: Iterator[tuple[str, dict[str, Any]]]
    if fmt in ("csv", "tsv"):
        header, table = read_delimited(file, path, encoding, "\t" if fmt == "tsv" else None)
        rows = ((f"line {n}", dict(zip(header, cells, strict=True))) for n, cells in table)
    elif fmt == "jsonl":
        rows = read_jsonl(file, path, encoding)
        first = next(rows, None)
        if first is None:
            raise InputError("empty file", source=path)
        header = list(first[1])
        rows = _prepend(first, rows)
    else:
        raise InputError(f"batch search reads CSV, TSV or JSONL, not {fmt}", source=path)
    lowered = {h.lower(): h for h in header}
    text_column = _pick(header, lowered, text_field, _TEXT_NAMES, path, "--text-field")
    if text_column is None:
        # A two-column file without a recognised header: id, then text.
        if len(header) == 2:
            text_column = header[1]
        else:
            raise InputError(
                f"no text column found: name one with --text-field (columns: {', '.join(header)})", source=path
            )
    id_column = _pick(header, lowered, id_field, _ID_NAMES, path, "--id-field")
    if id_column is None and len(header) == 2 and text_column == header[1]:
        id_column = header[0]
    for number, (_, row) in enumerate(rows, start=1):
        text = str(row.get(text_column) or "").strip()
        if not text:
            continue
        yield (str(row.get(id_column)) if id_column else str(number)), text


def _prepend(first: tuple[str, dict], rest: Iterator[tuple[str, dict]]) -> Iterator[tuple[str, dict]]:
    yield first
    yield from rest


def _pick(
    header: list[str], lowered: dict[str, str], given: str | None, names: tuple[str, ...], path: str, option: str
) -> str | None:
    if given:
        if given in header:
            return given
        if given.lower() in lowered:
            return lowered[given.lower()]
        raise InputError(
            f"{option} names column {given!r}, which is not in the file (columns: {', '.join(header)})", source=path
        )
    for name in names:
        if name in lowered:
            return lowered[name]
    return None
