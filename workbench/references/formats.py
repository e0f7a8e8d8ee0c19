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
csv.field_size_limit(64 * 1024 * 1024)

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
    except ValueError:
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
                message = str(exc)
                if "EOF" in message or "end of data" in message:
                    message = "unbalanced quotes: a quoted field is never closed"
                raise InputError(message, source=name, line=line) from None

    def locate_error(self, check: Callable[[int, list[str]], None], fallback: BaseException) -> BaseException:
        """The first InputError a checked read of the whole file meets, ``check`` run on every row
        (``fallback`` if none)."""
        handle = self.path.open(encoding=self.encoding, newline="")
        reader = csv.reader(
            handle, delimiter=self.delimiter, strict=self.quoting != csv.QUOTE_NONE, quoting=self.quoting
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
    reader = csv.reader(handle, delimiter=delimiter, strict=quoting != csv.QUOTE_NONE, quoting=quoting)
    try:
        header = next(reader)
    except StopIteration:
        handle.close()
        raise InputError("empty file", source=name) from None
    except csv.Error as exc:
        handle.close()
        raise InputError(f"malformed CSV header ({exc})", source=name, line=1) from None
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
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"invalid JSON at column {exc.colno}: {exc.msg}", source=name, line=number) from None
            if not isinstance(value, dict):
                raise InputError(f"expected a JSON object, found {type(value).__name__}", source=name, line=number)
            yield f"line {number}", value


def load_json(path: Path, name: str, encoding: str) -> Any:
    try:
        with path.open(encoding=encoding) as handle:
            return json.load(handle)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON at column {exc.colno}: {exc.msg}", source=name, line=exc.lineno) from None


def read_json(path: Path, name: str, encoding: str) -> Iterator[Row]:
    """A JSON array of objects, or an object holding one (``{"data": [...]}``)."""
    data = load_json(path, name, encoding)
    items = _find_list(data)
    if items is None:
        raise InputError("expected a JSON array of objects, or an object holding one", source=name)
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise InputError(f"item {number} is a {type(item).__name__}, not an object", source=name)
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
