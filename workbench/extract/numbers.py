"""Quantities in text: 80,000 / 80 000 / 80k / 1.2 million / $107 billion / Rs 800 billion / 3.5% /
three-quarters / a dozen / one in five / 70,000-80,000, with qualifiers (nearly, over, at least)."""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from typing import Any

from workbench.extract.numwords import (
    FRACTION_OF_SCALE,
    SCALE,
    SCALES,
    VAGUE_RE,
    WORD_NUMBER,
    WORDS,
    fraction_value,
    vague_value,
    words_value,
)
from workbench.extract.units import CURRENCIES, MEASURE_UNITS, measure, unit_after

QUALIFIERS = {
    "nearly": "approximately",
    "almost": "approximately",
    "about": "approximately",
    "around": "approximately",
    "roughly": "approximately",
    "approximately": "approximately",
    "some": "approximately",
    "close to": "approximately",
    "an estimated": "approximately",
    "estimated": "approximately",
    "over": "more than",
    "more than": "more than",
    "above": "more than",
    "in excess of": "more than",
    "upwards of": "more than",
    "just over": "more than",
    "at least": "at least",
    "no fewer than": "at least",
    "no less than": "at least",
    "less than": "less than",
    "fewer than": "less than",
    "under": "less than",
    "below": "less than",
    "just under": "less than",
    "up to": "at most",
    "at most": "at most",
    "as many as": "at most",
    "as much as": "at most",
    "nearly all": "approximately",
}
_SHORT_SCALE = r"k|mn|mln|m|bn|b|tn|trn"
_CURRENCY_PREFIX = (
    r"US\$|AU?\$|CA?\$|HK\$|NZ\$|S\$|R\$|\$|€|£|¥|₹|₦|₱|₩|₽|Rs\.?|KSh|PKR|INR|USD|EUR|GBP|AUD|CAD|NGN|KES|ZAR"
)
_DIGITS = r"\d{1,3}(?:(?:,\d{3})+|(?:[ \u00a0\u202f\u2009]\d{3})+)(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?"
_QUAL = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))

_NUMBER_CORE = (
    rf"(?:(?P<cur>{_CURRENCY_PREFIX})\s?)?"
    rf"(?P<num>{_DIGITS})"
    rf"(?:\s?(?P<short>{_SHORT_SCALE})\b|(?:\s?|-)(?P<scale>(?:{SCALE})(?:\s(?:{SCALE}))?)\b)?"
    rf"(?:\s?(?:-|–|—|to|and)\s?(?:(?:{_CURRENCY_PREFIX})\s?)?(?P<num2>{_DIGITS})"
    rf"(?:\s?(?P<short2>{_SHORT_SCALE})\b|(?:\s?|-)(?P<scale2>(?:{SCALE})(?:\s(?:{SCALE}))?)\b)?)?"
    rf"(?P<pct>\s?%|\s(?:per\s?cent|percent|percentage points?)\b)?"
)
NUMBER_RE = re.compile(rf"(?:\b(?P<qual>{_QUAL})\s+)?(?:\b(?P<between>between|from)\s+)?{_NUMBER_CORE}", re.I)
WORD_NUMBER_RE = re.compile(
    rf"(?:\b(?P<qual>{_QUAL})\s+)?\b(?P<words>{WORDS})\b(?P<pct>\s(?:per\s?cent|percent))?",
    re.I,
)
FRACTION_RE = re.compile(
    r"\b(?P<frac>(?:a|one|two|three|four)[- ](?:half|third|thirds|quarter|quarters|fifth|fifths|tenth)|half)"
    r"\b(?=\s+(?:of|the|a|an|all|their|its|our)\b)",
    re.I,
)
RATIO_RE = re.compile(rf"\b(?P<a>{WORD_NUMBER}|\d+)\s(?:in|out of)\s(?P<b>{WORD_NUMBER}|\d+)\b", re.I)
_ANY_DIGIT = re.compile(r"\d")
_ANY_NUMBER_WORD = re.compile(
    rf"\b(?:{WORD_NUMBER}|dozens?|half|thirds?|quarters?|fifths?|tenth|hundreds?|thousands?|millions?|billions?|"
    r"scores)\b",
    re.I,
)
_YEAR_CONTEXT = re.compile(
    r"(?:\b(?:in|since|from|until|till|to|by|between|and|of|before|after|during|year|early|late|mid|"
    r"spring|summer|autumn|fall|winter|january|february|march|april|may|june|july|august|september|"
    r"october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?\s*-?\s*|[-–/])$",
    re.I,
)
_TIME_OF_DAY = re.compile(r"(?:\s?(?:or|to|and|-|–)\s?\d{1,2})?\s?(?:o['’]clock\b|[ap]\.?m\b\.?)", re.I)
_MONTH_AFTER = re.compile(
    r"\s*(?:st|nd|rd|th)?\s*(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I
)


@dataclass(frozen=True)
class Quantity:
    text: str
    start: int
    end: int
    value: float
    unit: str | None
    kind: str  # count, money, percent, ratio, fraction, measure
    qualifier: str | None = None
    high: float | None = None  # upper bound of a range
    measure: str | None = None  # what is counted, when the sentence says: killed, injured, ...

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        return {k: v for k, v in data.items() if v is not None}


def parse_number(text: str) -> float | None:
    """The value of a number as written in a cell: "80,000", "1.2m", "3.5%", "$107 billion"."""
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        pass
    found = find_quantities(text, keep_years=True)
    if len(found) == 1 and found[0].end - found[0].start >= len(text.rstrip(".")) - 2:
        return found[0].value
    return None


def _digits_value(raw: str) -> float:
    return float(re.sub(r"[,\s\u00a0\u202f\u2009]", "", raw))


def _scale(short: str | None, scale: str | None) -> float:
    if scale:  # "million", "lakh crore"
        value = 1.0
        for word in scale.lower().split():
            value *= SCALES[word]
        return value
    if short:
        return SCALES[short.lower()]
    return 1.0


def find_quantities(text: str, *, keep_years: bool = False) -> list[Quantity]:
    """Every quantity in ``text``, in order, with offsets; years are left to time scopes."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    # Cheap look-outs first: most sentences have no digits and no number words.
    has_digit = _ANY_DIGIT.search(text) is not None
    has_word = _ANY_NUMBER_WORD.search(text) is not None
    if not has_digit and not has_word:
        return found
    for m in RATIO_RE.finditer(text):
        a, b = _word_or_int(m.group("a")), _word_or_int(m.group("b"))
        if a is not None and b and free(m.start(), m.end()):
            found.append(Quantity(m.group(0), m.start(), m.end(), a / b, None, "ratio"))
            taken.append((m.start(), m.end()))
    for m in NUMBER_RE.finditer(text) if has_digit else ():
        q = _from_digits(text, m, keep_years)
        if q is not None and free(q.start, q.end):
            found.append(q)
            taken.append((q.start, q.end))
    for m in FRACTION_OF_SCALE.finditer(text) if has_word else ():
        part = fraction_value(m.group("frac")) or 0.5
        if free(m.start(), m.end()):
            found.append(_worded(text, m, m.start(), part * SCALES[m.group("scale").lower()], None))
            taken.append((m.start(), m.end()))
    for m in VAGUE_RE.finditer(text) if has_word else ():
        if free(m.start(), m.end()):
            found.append(_worded(text, m, m.start(), vague_value(m), "at least"))
            taken.append((m.start(), m.end()))
    for m in FRACTION_RE.finditer(text) if has_word else ():
        value = fraction_value(m.group("frac"))
        if value is not None and free(m.start(), m.end()):
            found.append(Quantity(m.group(0), m.start(), m.end(), value, None, "fraction"))
            taken.append((m.start(), m.end()))
    for m in WORD_NUMBER_RE.finditer(text) if has_word else ():
        value = words_value(m.group("words"))
        if value is None or not free(m.start("words"), m.end()):
            continue
        if value < 2 and not m.group("pct") and not _counted_one(text, m.start("words"), m.end()):
            continue
        start = m.start("qual") if m.group("qual") else m.start("words")
        if m.group("pct"):
            found.append(Quantity(text[start : m.end()], start, m.end(), value, "%", "percent", _qualifier(m)))
        else:
            found.append(_worded(text, m, start, value, _qualifier(m)))
        taken.append((start, m.end()))
    # A number past a float's range (5,000 digits, "1e999") is no quantity anyone can check, and would
    # be stored and printed as Infinity (not JSON).
    found = [q for q in found if math.isfinite(q.value) and (q.high is None or math.isfinite(q.high))]
    found.sort(key=lambda q: q.start)
    return found


def _qualifier(m: re.Match[str]) -> str | None:
    return QUALIFIERS.get((m.group("qual") or "").lower())


def _worded(text: str, m: re.Match[str], start: int, value: float, qualifier: str | None) -> Quantity:
    """A count written in words; its unit is the noun after it, or after "of" ("dozens of people")."""
    after = re.match(r"\s+of\s+", text[m.end() : m.end() + 6])
    unit, unit_end = unit_after(text, m.end() + (after.end() if after else 0))
    kind = "count"
    if unit and unit.lower() in CURRENCIES:
        kind, unit = "money", CURRENCIES[unit.lower()]
    return Quantity(
        text[start : m.end()], start, m.end(), value, unit, kind, qualifier, None, measure(text, m.end(), unit_end)
    )


_NOT_A_COUNT_BEFORE = re.compile(r"(?:\b(?:no|any|every|each|some|the|this|that|which|another|someone)\s*)$", re.I)
_NOT_A_COUNT_AFTER = re.compile(
    r"\s*(?:another|day|time|way|thing|hand|side|more|another|or|and|who|which|that|should|would|can|must|"
    r"in\s+(?:two|three|four|five|ten)\b|is|was|has|had)\b",
    re.I,
)


def _counted_one(text: str, start: int, end: int) -> bool:
    """Whether a "one" is a count ("only one dam project", "one of the questions") rather than a
    pronoun or an idiom ("no one", "one day", "one another", "one in five" is a ratio)."""
    if text[start:end].lower() not in ("one", "a one"):
        return False
    if _NOT_A_COUNT_BEFORE.search(text[max(0, start - 12) : start]):
        return False
    return _NOT_A_COUNT_AFTER.match(text, end) is None


def _word_or_int(token: str) -> float | None:
    return float(token) if token.isdigit() else words_value(token)


def _from_digits(text: str, m: re.Match[str], keep_years: bool) -> Quantity | None:
    raw = m.group("num")
    value = _digits_value(raw) * _scale(m.group("short"), m.group("scale"))
    high = None
    if m.group("num2"):
        high = _digits_value(m.group("num2")) * _scale(m.group("short2"), m.group("scale2"))
        if not (m.group("short") or m.group("scale")) and (m.group("short2") or m.group("scale2")):
            value *= _scale(m.group("short2"), m.group("scale2"))  # "2-3 million"
    plain_int = re.fullmatch(r"\d{4}", raw) is not None
    is_range_of_years = high is not None and plain_int and 1800 <= high <= 2100
    decorated = m.group("cur") or m.group("pct") or m.group("short") or m.group("scale")
    if not keep_years and not decorated and plain_int and 1800 <= value <= 2100:
        after = text[m.end("num") : m.end("num") + 12]
        before = text[max(0, m.start("num") - 14) : m.start("num")]
        if (
            is_range_of_years
            or _YEAR_CONTEXT.search(before)
            or not unit_after(text, m.end("num"))[0]
            or re.match(r"\s*(?:s\b|'s\b|,|\.|\))", after)
        ):
            return None
    if not decorated and _MONTH_AFTER.match(text, m.end("num")) and value <= 31:
        return None  # "5 March", "1st of May"
    if (
        not decorated
        and re.search(
            r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s$",
            text[max(0, m.start("num") - 11) : m.start("num")],
            re.I,
        )
        and value <= 31
    ):
        return None  # "March 5"
    if re.match(r"(?:st|nd|rd|th)\b|:\d", text[m.end("num") : m.end("num") + 3]):
        return None  # ordinals and clock times
    if not decorated and value <= 24 and _TIME_OF_DAY.match(text, m.end()):
        return None  # "8 o'clock", "6 p.m.", "7 or 8 o'clock"
    if m.group("between") and high is None:
        start = m.start("cur") if m.group("cur") else m.start("num")
    else:
        start = m.start()
    if (m.group("qual") and not m.group("between")) or (m.group("qual") and m.group("between")):
        start = m.start("qual")
    end = m.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    unit: str | None
    if m.group("pct"):
        kind, unit, unit_end = "percent", "%", end
    elif m.group("cur"):
        kind, unit, unit_end = "money", CURRENCIES[m.group("cur").lower()], end
    else:
        unit, unit_end = unit_after(text, end)
        kind = "count"
        if unit and unit.lower() in CURRENCIES:
            kind, unit = "money", CURRENCIES[unit.lower()]
        elif unit and unit.lower() in MEASURE_UNITS:
            kind = "measure"
    qualifier = QUALIFIERS.get((m.group("qual") or "").lower())
    return Quantity(
        text[start:end],
        start,
        end,
        value,
        unit,
        kind,
        qualifier,
        high,
        measure(text, end, unit_end) if kind in ("count", "measure") else None,
    )
