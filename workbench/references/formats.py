"""Detect a dataset's format and read its rows: CSV, TSV, JSON, JSONL, ClaimReview, Fact Check API."""

from __future__ import annotations

import codecs
import csv
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

from workbench.errors import InputError
from workbench.references import jsonsafe

FORMATS = ("csv", "tsv", "json", "jsonl", "claimreview", "factcheck-api")
_EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".txt": None,
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonld": "claimreview",
    ".html": "claimreview",
    ".htm": "claimreview",
}
_CONTENT_TYPES = {
    "text/csv": "csv",
    "application/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/ld+json": "claimreview",
    "text/html": "claimreview",
}
SNIFF_BYTES = 1 << 16
# One line (a CSV / TSV / JSONL row) or one field longer than this is refused, not read whole:
# a 300 MB line of commas would otherwise become a list of 300 million cells.
MAX_LINE_CHARS = 16 * 1024 * 1024
csv.field_size_limit(MAX_LINE_CHARS)

Row = tuple[str, dict[str, Any]]  # (where: "line 12" / "item 3", the row's fields)


def check_text(path: Path, name: str) -> str:
    """The encoding to read ``path`` with; raises on binary or empty files.

    Returns "utf-8-sig" when the whole file is valid UTF-8 (a BOM is dropped), "utf-16" for a
    UTF-16 BOM, otherwise "latin-1" (the caller warns).
    """
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
        if not head.strip():
            raise InputError("empty file", source=name)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            _check_utf16(handle, head, name)
            return "utf-16"
        if b"\x00" in head:
            raise InputError("binary file, not a text dataset", source=name)
        decoder = codecs.getincrementaldecoder("utf-8")()
        chunk = head
        try:
            while chunk:
                decoder.decode(chunk)
                chunk = handle.read(1 << 20)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "latin-1"
    return "utf-8-sig"


def _check_utf16(handle: Any, head: bytes, name: str) -> None:
    """Decode the whole file once: an odd length or a lone surrogate is an error before any row is read."""
    decoder = codecs.getincrementaldecoder("utf-16")()
    chunk, offset = head, 0
    try:
        while chunk:
            decoder.decode(chunk)
            offset += len(chunk)
            chunk = handle.read(1 << 20)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        reason = "an odd number of bytes" if "truncated" in exc.reason else exc.reason
        raise InputError(f"not valid UTF-16 (near byte {offset + exc.start:,}: {reason})", source=name) from None


def capped_lines(handle: Any, name: str, limit: int = MAX_LINE_CHARS) -> Iterator[str]:
    """The lines of ``handle``, each read with a cap: a longer line is an error, never read whole."""
    readline = handle.readline
    number = 0
    while line := readline(limit):
        number += 1
        if len(line) >= limit and not line.endswith(("\n", "\r")):
            raise InputError(
                f"a line longer than {limit:,} characters: not a row of a dataset", source=name, line=number
            )
        yield line


def detect_format(path: Path, name: str, content_type: str | None, encoding: str) -> str:
    """Guess the format from the name, the content type, then the content itself."""
    base = re.sub(r"[?#].*$", "", name).lower()
    for ext, fmt in _EXTENSIONS.items():
        if base.endswith(ext) and fmt:
            if fmt == "json":
                return _refine_json(path, encoding)
            return fmt
    if content_type in _CONTENT_TYPES:
        return _CONTENT_TYPES[content_type]
    with path.open(encoding=encoding, errors="replace") as handle:
        head = handle.read(SNIFF_BYTES)
    stripped = head.lstrip()
    if stripped.startswith(("[", "{")):
        lines = [ln for ln in stripped.splitlines()[:3] if ln.strip()]
        if stripped.startswith("{") and len(lines) > 1 and all(_is_json_object(ln) for ln in lines[:2]):
            return "jsonl"
        return _refine_json(path, encoding)
    if stripped.startswith("<") or "application/ld+json" in head:
        return "claimreview"
    first = stripped.splitlines()[0] if stripped else ""
    return "tsv" if first.count("\t") > first.count(",") else "csv"


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def _refine_json(path: Path, encoding: str) -> str:
    with path.open(encoding=encoding, errors="replace") as handle:
        head = handle.read(SNIFF_BYTES)
    if '"claimReview"' in head and '"claims"' in head:
        return "factcheck-api"
    if re.search(r'"@type"\s*:\s*"ClaimReview"', head):
        return "claimreview"
    lines = [ln for ln in head.splitlines()[:2] if ln.strip()]
    if len(lines) == 2 and all(_is_json_object(ln) for ln in lines):
        return "jsonl"
    return "json"


TableRow = tuple[int, list[str]]  # (line number, cells)


class Table:
    """The rows of a CSV / TSV after its header.

    Iterating gives (line number, cells), checked: a ragged row or an unbalanced quote is an
    InputError naming its line. ``cells()`` gives the bare cell lists straight from the csv reader,
    for the bulk import path; when that path meets a bad row, :meth:`locate_error` reads the file
    again, checked, to name the line exactly.
    """

    def __init__(
        self,
        path: Path,
        name: str,
        encoding: str,
        delimiter: str,
        quoting: Literal[0, 1, 2, 3],
        header: list[str],
        handle: Any,
        reader: Any,
    ) -> None:
        self.path, self.name, self.encoding = path, name, encoding
        self.delimiter, self.quoting = delimiter, quoting
        self.header = header
        self.width = len(header)
        self._handle = handle
        self._reader = reader

    def cells(self) -> Iterator[list[str]]:
        return self._reader

    def close(self) -> None:
        self._handle.close()

    def __iter__(self) -> Iterator[TableRow]:
        return self._checked(self._reader, self._handle)

    def _checked(self, reader: Any, handle: Any) -> Iterator[TableRow]:
        width, name = self.width, self.name
        line = reader.line_num + 1
        with handle:
            try:
                for row in reader:
                    if len(row) != width or not row[0]:
                        if not any(cell.strip() for cell in row):
                            line = reader.line_num + 1
                            continue  # a blank line
                        if len(row) != width:
                            raise InputError(
                                f"expected {width} fields (as in the header), found {len(row)}", source=name, line=line
                            )
                    yield line, row
                    line = reader.line_num + 1
            except csv.Error as exc:
                raise InputError(csv_message(exc), source=name, line=line) from None

    def locate_error(self, check: Callable[[int, list[str]], None], fallback: BaseException) -> BaseException:
        """The first InputError a checked read of the whole file meets, ``check`` run on every row
        (``fallback`` if none)."""
        handle = self.path.open(encoding=self.encoding, newline="")
        reader = csv.reader(
            capped_lines(handle, self.name),
            delimiter=self.delimiter,
            strict=self.quoting != csv.QUOTE_NONE,
            quoting=self.quoting,
        )
        try:
            next(reader)
            for line, cells in self._checked(reader, handle):
                check(line, cells)
        except InputError as exc:
            return exc
        finally:
            handle.close()
        return fallback


def csv_message(exc: csv.Error) -> str:
    message = str(exc)
    if "EOF" in message or "end of data" in message:
        return "unbalanced quotes: a quoted field is never closed"
    if "field limit" in message:
        return f"a field longer than {MAX_LINE_CHARS:,} characters: not a field of a dataset"
    return message


def read_delimited(path: Path, name: str, encoding: str, delimiter: str | None) -> tuple[list[str], Table]:
    """Header and rows of a CSV / TSV (see :class:`Table`)."""
    handle = path.open(encoding=encoding, newline="")
    sample = handle.read(SNIFF_BYTES)
    handle.seek(0)
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    quoting = _quoting(sample, delimiter)
    reader = csv.reader(
        capped_lines(handle, name), delimiter=delimiter, strict=quoting != csv.QUOTE_NONE, quoting=quoting
    )
    try:
        header = next(reader)
    except StopIteration:
        handle.close()
        raise InputError("empty file", source=name) from None
    except csv.Error as exc:
        handle.close()
        raise InputError(f"malformed CSV header ({csv_message(exc)})", source=name, line=1) from None
    except InputError:
        handle.close()
        raise
    header = _clean_header(header)
    if not any(header):
        handle.close()
        raise InputError("the header row is empty", source=name, line=1)
    return header, Table(path, name, encoding, delimiter, quoting, header, handle, reader)


def _quoting(sample: str, delimiter: str) -> Literal[0, 1, 2, 3]:
    """QUOTE_NONE for tab-separated files whose bare quotes are text (tweets), else standard quoting."""
    if delimiter != "\t" or '"' not in sample:
        return csv.QUOTE_MINIMAL
    lines = sample.splitlines()[:-1] or sample.splitlines()
    width = lines[0].count("\t") + 1 if lines else 0
    plain = all(line.count("\t") + 1 == width for line in lines if line.strip())
    if not plain:
        return csv.QUOTE_MINIMAL
    try:
        rows = list(csv.reader(lines, delimiter=delimiter, strict=True))
    except csv.Error:
        return csv.QUOTE_NONE
    return csv.QUOTE_MINIMAL if all(len(r) == width for r in rows if r) else csv.QUOTE_NONE


def _clean_header(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    cleaned = []
    for index, raw in enumerate(header, start=1):
        name = raw.strip().lstrip("\ufeff") or f"column_{index}"
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 1
        cleaned.append(name)
    return cleaned


def read_jsonl(path: Path, name: str, encoding: str) -> Iterator[Row]:
    with path.open(encoding=encoding) as handle:
        for number, line in enumerate(capped_lines(handle, name), start=1):
            if not line.strip():
                continue
            parsed = jsonsafe.parse(line, source=name, line=number)
            value = parsed.value
            if not isinstance(value, dict):
                raise InputError(f"expected a JSON object, found {type(value).__name__}", source=name, line=number)
            jsonsafe.check_value(value, source=name, where=f"line {number}", line=number, full=parsed.suspicious)
            yield f"line {number}", value


def load_json(path: Path, name: str, encoding: str) -> Any:
    """A whole JSON document; the rows taken from it are checked by their readers (``jsonsafe``)."""
    return jsonsafe.load(path, source=name, encoding=encoding).value


def read_json(path: Path, name: str, encoding: str) -> Iterator[Row]:
    """A JSON array of objects, or an object holding one (``{"data": [...]}``)."""
    parsed = jsonsafe.load(path, source=name, encoding=encoding)
    items = _find_list(parsed.value)
    if items is None:
        raise InputError("expected a JSON array of objects, or an object holding one", source=name)
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise InputError(f"item {number} is a {type(item).__name__}, not an object", source=name)
        jsonsafe.check_value(item, source=name, where=f"item {number}", full=parsed.suspicious)
        yield f"item {number}", item


def _find_list(data: Any) -> list[Any] | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in ("data", "items", "records", "results", "rows", "claims"):
            if isinstance(data.get(key), list):
                return data[key]
        lists = [v for v in data.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        if len(lists) == 1:
            return lists[0]
        return [data] if data else None
    return None
