"""JSON read defensively: every way a hostile document can break the stdlib parser or the store
becomes a one-line InputError naming the file, the line (or item) and the field.

- nesting: the parser's own recursion limit is an error ("nested too deeply"), and a row nested
  deeper than ``MAX_DEPTH`` levels is refused (deep values would break what stores or walks them);
- ``NaN``, ``Infinity`` and numbers too large for a float (``1e400``) are not JSON: refused, so
  no invalid JSON is ever stored or printed;
- integers of more than 4,300 digits (Python's limit for reading them) are refused;
- a lone surrogate (``"\\ud800"``) can't be stored as UTF-8: refused.
"""

from __future__ import annotations

import json
import math
import os
import re
from typing import Any, NoReturn

from workbench.errors import InputError

MAX_DEPTH = 64  # a record nested deeper is not a record
# A JSON document is parsed whole, at several times its size in memory; past this, JSONL (read a
# line at a time) is the way.
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_HUGE_INT = re.compile(r"\d{4301,}")


class _NonFinite:
    """Stands for a NaN / Infinity / overflowing number while parsing, so it can be located."""

    def __init__(self, text: str) -> None:
        self.text = text


class Parsed:
    """A parsed document and whether its rows need a full check (non-finite numbers, surrogates)."""

    def __init__(self, value: Any, suspicious: bool) -> None:
        self.value = value
        self.suspicious = suspicious


def parse(text: str, *, source: str, line: int | None = None) -> Parsed:
    """``text`` as JSON; ``line`` is the line of a JSONL record (else positions come from the text)."""
    found: list[str] = []

    def constant(name: str) -> _NonFinite:
        found.append(name)
        return _NonFinite(name)

    def number(raw: str) -> float | _NonFinite:
        value = float(raw)
        if math.isfinite(value):
            return value
        found.append(raw)
        return _NonFinite(raw)

    try:
        value = json.loads(text, parse_constant=constant, parse_float=number)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"invalid JSON at column {exc.colno}: {exc.msg}", source=source, line=line if line else exc.lineno
        ) from None
    except RecursionError:
        raise InputError(
            "JSON nested too deeply for the parser (about a thousand levels)", source=source, line=line
        ) from None
    except ValueError as exc:  # int() over its digit limit
        if "digits" not in str(exc):
            raise InputError(f"invalid JSON: {exc}", source=source, line=line) from None
        if line is None:
            match = _HUGE_INT.search(text)
            line = text.count("\n", 0, match.start()) + 1 if match else None
        message = "an integer of more than 4,300 digits (too long to read as a number)"
        raise InputError(message, source=source, line=line) from None
    return Parsed(value, bool(found) or _SURROGATE_ESCAPE.search(text) is not None)


def load(path: Any, *, source: str, encoding: str) -> Parsed:
    """A whole JSON file (read whole: capped at ``MAX_DOCUMENT_BYTES``; JSONL has no such cap)."""
    size = os.path.getsize(path)
    if size > MAX_DOCUMENT_BYTES:
        raise InputError(too_big_to_read_whole(size), source=source)
    try:
        with open(path, encoding=encoding) as handle:
            text = handle.read()
        return parse(text, source=source)
    except MemoryError:
        raise InputError(too_big_to_read_whole(size), source=source) from None


def too_big_to_read_whole(size: int) -> str:
    return (
        f"a JSON document of {size:,} bytes is too large to read whole "
        f"(the cap is {MAX_DOCUMENT_BYTES:,} bytes, less if memory runs out): give it as JSONL, one object a line"
    )


def check_value(value: Any, *, source: str, where: str, line: int | None = None, full: bool = True) -> None:
    """Raise an InputError for the first field of ``value`` (a row or document) that can't be stored:
    nested deeper than ``MAX_DEPTH``, a NaN / Infinity, or a string with a lone surrogate.

    ``full=False`` (a document known to hold neither NaN nor surrogate escapes) only walks the
    nested values, so a flat row costs one type test per field.
    """
    if isinstance(value, dict):
        items: list[tuple[str, Any]] = list(value.items())
    elif isinstance(value, list):
        items = [(f"[{i}]", v) for i, v in enumerate(value)]
    else:
        items = [("", value)]
    for key, item in items:
        if full and _SURROGATE.search(key):
            _fail(f"a key with a lone surrogate ({_shown(key)}): not valid Unicode", source, where, line, "")
        if full or type(item) in (dict, list):
            _check(key, item, source=source, where=where, line=line, full=full)


def _check(field: str, root: Any, *, source: str, where: str, line: int | None, full: bool) -> None:
    stack: list[tuple[str, Any, int]] = [(field, root, 1)]
    while stack:
        path, node, depth = stack.pop()
        if depth > MAX_DEPTH:
            _fail(f"nested deeper than {MAX_DEPTH} levels", source, where, line, field)
        kind = type(node)
        if kind is dict:
            for key, child in node.items():
                if full and _SURROGATE.search(key):
                    _fail(f"a key with a lone surrogate ({_shown(key)}): not valid Unicode", source, where, line, path)
                stack.append((f"{path}.{key}", child, depth + 1))
        elif kind is list:
            stack.extend((f"{path}[{i}]", child, depth + 1) for i, child in enumerate(node))
        elif not full:
            continue
        elif kind is str:
            if _SURROGATE.search(node):
                _fail(f"a lone surrogate in the text ({_shown(node)}): not valid Unicode", source, where, line, path)
        elif kind is _NonFinite:
            _fail(f"{node.text} is not a JSON number (no NaN or Infinity, no overflow)", source, where, line, path)


def _shown(text: str) -> str:
    match = _SURROGATE.search(text)
    return f"\\u{ord(match.group(0)):04x}" if match else "?"


def _fail(message: str, source: str, where: str, line: int | None, field: str) -> NoReturn:
    if line is not None or not where:
        raise InputError(message, source=source, line=line, field=field or None)
    # "file: item 3, field 'x': what" (no line to name: the item is the place)
    raise InputError(f"{where}, field {field!r}: {message}" if field else f"{where}: {message}", source=source)
