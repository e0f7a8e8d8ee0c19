"""Map a tabular dataset's columns onto record fields; every unmapped column is kept in ``extra``."""

from __future__ import annotations

import hashlib
import json
import math
import re
import zlib
from collections.abc import Mapping
from hashlib import blake2b
from operator import itemgetter
from typing import Any

from claims_db.models import RECORD_FIELDS
from workbench.errors import InputError
from workbench.extract.numbers import parse_number

# Column names that mean a record field, most specific first.
CANDIDATES: dict[str, tuple[str, ...]] = {
    "key": ("key", "id", "identifier", "record_id", "claim_id", "vclaim_id", "uuid", "@id", "row_id"),
    "text": (
        "text",
        "claim",
        "claimreviewed",
        "claim_reviewed",
        "statement",
        "vclaim",
        "claim_text",
        "sentence",
        "quote",
        "content",
        "description",
        "body",
        "fact",
        "finding",
    ),
    "title": ("title", "headline", "name", "subject"),
    "rating": (
        "rating",
        "verdict",
        "textualrating",
        "textual_rating",
        "alternatename",
        "ruling",
        "label",
        "truth_rating",
        "conclusion",
    ),
    "value": ("value", "figure", "number", "amount", "count", "estimate", "total", "obs_value"),
    "unit": ("unit", "units", "unit_of_measure", "measure"),
    "period": ("period", "time_period", "years", "year", "date_range", "timeframe", "time"),
    "url": ("url", "link", "source_url", "page_url", "href", "uri"),
    "publisher": ("publisher", "source", "organization", "organisation", "outlet", "site", "author"),
    "published_at": (
        "published_at",
        "date_published",
        "datepublished",
        "date",
        "published",
        "review_date",
        "reviewdate",
        "created_at",
        "pub_date",
    ),
}


def _norm(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def resolve_mapping(columns: list[str], given: Mapping[str, str | None] | None, *, source: str) -> dict[str, str]:
    """The field -> column mapping: what the user gave, the rest guessed from column names."""
    given = {k: v for k, v in (given or {}).items() if v is not None and v != ""}
    unknown = set(given) - set(RECORD_FIELDS)
    if unknown:
        raise InputError(f"unknown record field(s) in mapping: {', '.join(sorted(unknown))}", source=source)
    by_norm = {_norm(c): c for c in columns}
    mapping: dict[str, str] = {}
    for field, wanted in given.items():
        column = str(wanted)
        if column not in columns:
            match = by_norm.get(_norm(column))
            if match is None:
                raise InputError(
                    f"mapping names column {column!r}, which is not in the file (columns: {', '.join(columns)})",
                    source=source,
                    field=field,
                )
            column = match
        mapping[field] = column
    used = set(mapping.values())
    for field in RECORD_FIELDS:
        if field in mapping:
            continue
        for candidate in CANDIDATES[field]:
            found = by_norm.get(candidate)
            if found is not None and found not in used:
                mapping[field] = found
                used.add(found)
                break
    if "text" not in mapping:
        raise InputError(f"no text column found: name one with --text (columns: {', '.join(columns)})", source=source)
    return mapping


def stable_key(row: Mapping[str, Any]) -> str:
    """A key for rows that have none: a hash of their content, stable across re-imports."""
    payload = json.dumps(row, sort_keys=True, ensure_ascii=False, default=str)
    return "h:" + hashlib.sha1(payload.encode("utf-8")).hexdigest()[:20]


def _number(raw: str) -> float | None:
    """A cell as a number; None when it is none, or not a finite one ("nan", "inf", "1e999")."""
    try:
        number: float | None = float(raw)
    except ValueError:
        number = parse_number(raw)
    return number if number is not None and math.isfinite(number) else None


_INT64 = 2**63 - 1


def storable_number(value: Any) -> float | int | None:
    """A JSON number as the store can hold it: integers past 64 bits as floats, nothing infinite."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, int) and -_INT64 <= value <= _INT64:
        return value
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


class BadRow(Exception):
    """A row the bulk path can't take (ragged, no text): the importer re-reads to name its line."""


class TabularMapper:
    """CSV / TSV cells -> prepared record values, with column positions worked out once.

    The bulk path: no dict per row, one hash per row, JSON only for rows with extra columns, and
    only the mapped record fields in each value list (``columns`` names them, for the store).
    """

    def __init__(self, header: list[str], mapping: Mapping[str, str], dataset_id: int, source: str) -> None:
        self.width = len(header)
        self.dataset_id = dataset_id
        self.source = source
        self.text_column = mapping["text"]
        mapped = [f for f in RECORD_FIELDS if f in mapping]
        filled = [f for f in ("key",) if f not in mapping]  # computed per row
        if "value" in mapping and "unit" not in mapping:
            filled.append("unit")  # a "%" in the value column sets the unit
        self.columns = ("dataset_id", *mapped, *filled, "extra", "row_hash")
        self.padding = [None] * len(filled)
        positions = [header.index(mapping[f]) for f in mapped]
        self.pick = itemgetter(*positions) if len(positions) > 1 else (lambda cells: (cells[positions[0]],))
        where = {name: index for index, name in enumerate(self.columns)}
        self.key_at, self.text_at = where["key"], where["text"]
        self.title_at, self.value_at, self.unit_at = where.get("title"), where.get("value"), where.get("unit")
        used = set(mapping.values())
        self.extra = [(i, name) for i, name in enumerate(header) if name not in used]
        # The mapping is part of the content: the same row mapped differently is a changed record.
        self.signature = json.dumps(dict(mapping), sort_keys=True) + "\x1e"

    def check(self, line: int, cells: list[str]) -> None:
        """Raise the InputError that makes this row a :class:`BadRow` (used to name its line)."""
        try:
            self(cells)
        except BadRow:
            raise InputError("empty text", source=self.source, line=line, field=self.text_column) from None

    def __call__(self, cells: list[str]) -> list[Any] | None:
        """The values of a row; None for a blank line. A bad row raises :class:`BadRow`."""
        if len(cells) != self.width or not cells[0]:
            if not any(cell.strip() for cell in cells):
                return None
            if len(cells) != self.width:
                raise BadRow()
        values: list[Any] = [self.dataset_id, *[c.strip() or None for c in self.pick(cells)], *self.padding]
        extra = {name: cells[i] for i, name in self.extra if cells[i] != ""} if self.extra else {}
        if values[self.text_at] is None:
            title = values[self.title_at] if self.title_at is not None else None
            if title is None:
                raise BadRow()
            values[self.text_at] = title
        if self.value_at is not None and values[self.value_at] is not None:
            raw_value = values[self.value_at]
            number = _number(raw_value)
            if number is None:
                extra["value_raw"] = raw_value
            elif raw_value.endswith("%") and self.unit_at is not None and values[self.unit_at] is None:
                values[self.unit_at] = "%"
            values[self.value_at] = number
        content = (self.signature + "\x1f".join(cells)).encode("utf-8")
        if values[self.key_at] is None:
            digest = blake2b(content, digest_size=16).hexdigest()
            values[self.key_at] = "h:" + digest[:20]
        else:
            # Compared only with the stored row of the same key: 64 bits of checksum are plenty, and
            # much cheaper than a cryptographic hash over a million rows.
            # The same 16 hex digits as f"{crc:08x}{adler:08x}", formatted at half the cost.
            digest = "%016x" % (zlib.crc32(content) << 32 | zlib.adler32(content))
        values.append(json.dumps(extra, ensure_ascii=False) if extra else "{}")
        values.append(digest)
        return values


def map_row(row: Mapping[str, Any], mapping: Mapping[str, str], *, where: str, source: str) -> dict[str, Any]:
    """A source row as a record: mapped fields, a parsed value, the other columns in ``extra``."""
    record: dict[str, Any] = {}
    for field, column in mapping.items():
        value = row.get(column)
        if isinstance(value, str):
            value = value.strip()
        record[field] = value if value not in ("", None) else None
    extra = {k: v for k, v in row.items() if k not in mapping.values() and v not in ("", None)}
    if record.get("text") is None:
        # A record with no text can't be matched; fall back to the title before giving up.
        if record.get("title"):
            record["text"] = record["title"]
        else:
            line = int(where.split()[-1]) if where.startswith("line") else None
            raise InputError("empty text", source=source, line=line, field=mapping["text"])
    if not isinstance(record["text"], str):
        record["text"] = json.dumps(record["text"], ensure_ascii=False)
    raw_value = record.get("value")
    if raw_value is not None and not isinstance(raw_value, (int, float)):
        parsed = _number(str(raw_value)) if isinstance(raw_value, str) else None
        if parsed is None:
            extra["value_raw"] = raw_value
        if str(raw_value).strip().endswith("%") and not record.get("unit"):
            record["unit"] = "%"
        record["value"] = parsed
    elif isinstance(raw_value, bool):
        record["value"] = None
    elif raw_value is not None:
        record["value"] = storable_number(raw_value)
        if record["value"] is None:
            extra["value_raw"] = str(raw_value)
    if record.get("key") is None:
        record["key"] = stable_key(row)
    for field in ("title", "rating", "unit", "period", "url", "publisher", "published_at", "key"):
        if record.get(field) is not None and not isinstance(record[field], str):
            record[field] = (
                json.dumps(record[field], ensure_ascii=False)
                if isinstance(record[field], (dict, list))
                else str(record[field])
            )
    record["extra"] = extra
    return record
