"""Number and time agreement between a claim and a record: "claim 80,000 vs record 65,000 (+23 %)"."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from workbench.extract.numbers import find_quantities
from workbench.extract.timescope import find_time_scope
from workbench.extract.units import MEASURES
from workbench.matching.query import STOPWORDS

TOLERANCE = 0.10  # within 10 % the numbers agree
APPROX_TOLERANCE = 0.15  # when either side says "about", "nearly", ...
_MONEY_WORDS = re.compile(r"usd|eur|gbp|pkr|inr|jpy|cny|chf|\$|dollar|euro|pound|rupee", re.I)
_WINDOW = 60  # characters either side of a number that say what it measures
_CONTENT_WORD = re.compile(r"[^\W\d_]{3,}")
# Words that say nothing of what is measured: scale, approximation, the unit itself.
_GENERIC = frozenset(
    "percent per cent pct percentage points point million millions billion billions trillion thousand "
    "thousands hundred hundreds dozen about around almost nearly over more than less fewer least some "
    "roughly approximately just only total number figure year years".split()
)
_PEOPLE = frozenset({"people", "ppl", "persons", "person", "individuals"})
_PLURAL = re.compile(r"(?<=[a-z]{3})(?:ies|es|s)$")
_MEASURE_OF_UNIT = [
    (re.compile(r"kill|death|dead|died|lives|fatalit", re.I), "killed"),
    (re.compile(r"injur|wound", re.I), "injured"),
    (re.compile(r"casualt", re.I), "casualties"),
]


@dataclass(frozen=True)
class NumberComparison:
    claim_text: str
    record_text: str
    claim_value: float
    record_value: float
    kind: str
    diff_pct: float | None  # (claim - record) / record, in percent
    agrees: bool

    def explain(self) -> str:
        if self.diff_pct is None:
            return f"claim {self.claim_text} vs record {self.record_text}"
        sign = "+" if self.diff_pct > 0 else ""
        if abs(self.diff_pct) < 0.5:
            return f"claim {self.claim_text} vs record {self.record_text} (same)"
        return f"claim {self.claim_text} vs record {self.record_text} ({sign}{self.diff_pct:.0f} %)"

    def as_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim_text,
            "record": self.record_text,
            "claim_value": self.claim_value,
            "record_value": self.record_value,
            "kind": self.kind,
            "diff_pct": self.diff_pct,
            "agrees": self.agrees,
            "explanation": self.explain(),
        }


def format_value(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _measure_of(unit: str | None, measure: str | None) -> str | None:
    if measure:
        return measure
    for pattern, name in _MEASURE_OF_UNIT:
        if unit and pattern.search(unit):
            return name
    return None


def _kind_of(q: dict[str, Any]) -> str:
    kind = str(q.get("kind") or "count")
    unit = str(q.get("unit") or "")
    if kind == "count" and unit and _MONEY_WORDS.fullmatch(unit.lower()):
        return "money"
    return kind


def record_quantities(record_text: str, value: float | None, unit: str | None) -> list[dict[str, Any]]:
    """The record's numbers: its value column when it has one, else the numbers in its text."""
    if value is not None:
        kind = "percent" if unit == "%" else "money" if unit and _MONEY_WORDS.fullmatch(unit.lower()) else "count"
        return [
            {
                "text": format_value(value) + ("%" if kind == "percent" else ""),
                "value": value,
                "unit": unit,
                "kind": kind,
                "measure": _measure_of(unit, None),
            }
        ]
    return [q.as_dict() for q in find_quantities(record_text)]


def _context(text: str, q: dict[str, Any]) -> str:
    """The words around a quantity, within its clause (the whole text when it can't be found)."""
    written = str(q.get("text") or "")
    start = q.get("start")
    if not (isinstance(start, int) and written and text[start : start + len(written)] == written):
        start = text.find(written) if written else -1
    if start < 0:
        return text
    end = start + len(written)
    before = re.split(r"[;.!?]|,\s", text[max(0, start - _WINDOW) : start])[-1]
    after = re.split(r"[;.!?]|,\s", text[end : end + _WINDOW])[0]
    return f"{before} {after}"


def _content(context: str) -> set[str]:
    """The content words of a context, cut to their first five letters (unemployment ~ unemployed)."""
    return {w[:5] for w in _CONTENT_WORD.findall(context.lower()) if w not in STOPWORDS and w not in _GENERIC}


def _thing(q: dict[str, Any], context: str) -> str | None:
    """What a count measures: killed / injured / ... (its unit or the words around it), else its unit noun."""
    measure = _measure_of(q.get("unit"), q.get("measure"))
    if measure:
        return measure
    unit = str(q.get("unit") or "").lower().strip()
    if unit and unit not in _PEOPLE:
        return _PLURAL.sub("", unit.split()[-1])
    for pattern, name in MEASURES:
        if pattern.search(context):
            return name
    return "people" if unit else None


def comparable(c: dict[str, Any], r: dict[str, Any], claim_context: str, record_context: str) -> bool:
    """Like with like: the same kind (count, money in one currency, percent, ...) of the same thing.

    A count of people killed is compared with deaths or lives lost, never with "two states" or with a
    bare number; money and percentages, and counts of nothing said, need a word in common around them
    ("unemployment ... 3.5 %" vs "the unemployment rate ... 3.6 percent")."""
    kind = _kind_of(c)
    if not same_kind(c, r):
        return False
    if kind in ("count", "measure"):
        ct, rt = _thing(c, claim_context), _thing(r, record_context)
        if ct and rt:
            return ct == rt or ("casualties" in (ct, rt) and {ct, rt} <= {"casualties", "killed", "injured"})
        if ct or rt:
            return False
    return bool(_content(claim_context) & _content(record_context))


def same_kind(c: dict[str, Any], r: dict[str, Any]) -> bool:
    """The looser rule: the same kind of number (money in one currency), whatever it counts."""
    kind = _kind_of(c)
    if kind != _kind_of(r):
        return False
    return not (kind in ("money", "measure") and c.get("unit") and r.get("unit") and c["unit"] != r["unit"])


def compare_numbers(
    claim_qs: list[dict[str, Any]],
    record_qs: list[dict[str, Any]],
    claim_text: str = "",
    record_text: str = "",
    *,
    same_thing: bool = True,
) -> NumberComparison | None:
    """The closest comparable pair of quantities (see ``comparable``), if any.

    ``claim_text`` and ``record_text`` are what the quantities were found in (the words around them).
    ``same_thing`` False compares numbers of the same kind only (``same_kind``): for two claims already
    close in words and meaning, where the text says what is counted ("80,000 lives", "80,000 citizens")."""
    best: tuple[float, NumberComparison] | None = None
    for c in claim_qs:
        cv = c.get("value")
        if not isinstance(cv, (int, float)) or (c.get("kind") in ("ratio", "fraction") and cv == 0):
            continue
        claim_context = _context(claim_text, c)
        for r in record_qs:
            rv = r.get("value")
            if not isinstance(rv, (int, float)):
                continue
            if not (comparable(c, r, claim_context, _context(record_text, r)) if same_thing else same_kind(c, r)):
                continue
            if cv <= 0 or rv <= 0:
                distance = abs(cv - rv)
                diff = None
            else:
                distance = abs(math.log(cv / rv))
                diff = (cv - rv) / rv * 100
            approximate = bool(c.get("qualifier") or r.get("qualifier"))
            tolerance = APPROX_TOLERANCE if approximate else TOLERANCE
            agrees = (diff is not None and abs(diff) <= tolerance * 100) or (diff is None and cv == rv)
            comparison = NumberComparison(
                claim_text=str(c.get("text") or format_value(cv)).strip(),
                record_text=format_value(rv) if r.get("text") is None else str(r["text"]).strip(),
                claim_value=float(cv),
                record_value=float(rv),
                kind=_kind_of(c),
                diff_pct=None if diff is None else round(diff, 1),
                agrees=agrees,
            )
            if best is None or distance < best[0]:
                best = (distance, comparison)
    return best[1] if best else None


def _years(scope: dict[str, Any] | None) -> tuple[int, int] | None:
    if not scope:
        return None
    start, end = scope.get("start"), scope.get("end")
    first = int(str(start)[:4]) if start and str(start)[:4].isdigit() else None
    last = int(str(end)[:4]) if end and str(end)[:4].isdigit() else None
    if first is None and last is None:
        return None
    # An open end ("since 2001" with no article date) runs to this year; an open start, from 1900.
    return (first if first is not None else 1900, last if last is not None else date.today().year)


def record_scope(text: str, period: str | None) -> dict[str, Any] | None:
    """The record's time scope: its period column ("2001 to mid-2016"), else a phrase in its text."""
    if period:
        years = re.findall(r"\b(?:19|20)\d\d\b", period)
        if years:
            return {"text": period, "start": years[0], "end": years[-1]}
        scope = find_time_scope(period)
        if scope is not None:
            return scope.as_dict()
    scope = find_time_scope(text)
    return scope.as_dict() if scope else None


def time_overlap(claim_scope: dict[str, Any] | None, rec_scope: dict[str, Any] | None) -> dict[str, Any] | None:
    a, b = _years(claim_scope), _years(rec_scope)
    if a is None or b is None:
        return None
    overlap = max(0, min(a[1], b[1]) - max(a[0], b[0]) + 1)
    span = max(a[1], b[1]) - min(a[0], b[0]) + 1
    return {
        "claim": (claim_scope or {}).get("text"),
        "record": (rec_scope or {}).get("text"),
        "overlap": overlap > 0,
        "jaccard": round(overlap / span, 3) if span > 0 else 0.0,
    }
