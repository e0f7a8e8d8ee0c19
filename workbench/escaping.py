"""Data is data wherever it goes: how a string is made safe for a terminal, JSON, JSON-LD in HTML, CSV, a link.

Stdlib only, so the CLI (``--help`` stays instant), the reports and the TUI can all use it.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

# What a terminal would run or reorder: C0 controls (newline and tab included), DEL, C1 controls,
# bidi marks, embeddings, overrides and isolates, and the Unicode line / paragraph separators.
_INVISIBLE = "\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[{_INVISIBLE}]")
_UNSAFE_OR_CRLF = re.compile(f"\r\n|[{_INVISIBLE}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# In JSON (ensure_ascii=False), json.dumps escapes C0 but writes DEL, C1 and bidi characters raw.
_JSON_RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SCRIPT = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
# OWASP CSV injection: a cell starting with one of these is a formula to a spreadsheet
# (the full-width forms too: some spreadsheets read them as the ASCII ones).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _shown(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(value: object, keep: str = "") -> str:
    """``value`` as text a terminal shows and never runs: every control character, escape sequence
    introducer (ESC, C1 CSI / OSC), bidi override and line break is written as ``\\xNN``, ``\\u202e``,
    ``\\n``... Characters in ``keep`` (say ``"\\t"``) stay as they are. Idempotent."""
    text = str(value)
    return _UNSAFE.sub(lambda m: m.group(0) if m.group(0) in keep else _shown(m.group(0)), text)


def terminal_data(text: str) -> str:
    """A whole document (report, export) for a terminal: lines and tabs kept (``\\r\\n`` too), every
    other control character, escape sequence and bidi override made visible."""
    return _UNSAFE_OR_CRLF.sub(lambda m: m.group(0) if m.group(0) in ("\r\n", "\n", "\t") else _shown(m.group(0)), text)


def dumps(data: Any, *, indent: int | None = 2, sort_keys: bool = False) -> str:
    """JSON as ``json.dumps`` writes it, with DEL, C1 controls, bidi characters and U+2028/9 written as
    ``\\uXXXX`` too (the same strings once parsed), so the text carries no raw control character."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=sort_keys, default=str)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def script_json(data: Any, *, indent: int | None = 2) -> str:
    """JSON that can sit inside ``<script type="application/ld+json">``: ``<``, ``>`` and ``&`` written
    as ``\\u003c``... so no ``</script>`` or ``<!--`` can end or change the element. The same data."""
    return re.sub("[<>&]", lambda m: _SCRIPT[m.group(0)], dumps(data, indent=indent))


def csv_cell(value: Any) -> Any:
    """A text cell a spreadsheet shows as text: one starting like a formula gets a ``'`` in front.
    Numbers (int, float) are left alone: they are numbers, not text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def http_url(value: object) -> str | None:
    """``value`` if it is an absolute http(s) URL with a host, else None (``javascript:``, ``data:``,
    relative, or with control / bidi characters). Spaces are written as ``%20``."""
    if not value:
        return None
    url = str(value).strip(" ")
    if _UNSAFE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return url.replace(" ", "%20")
