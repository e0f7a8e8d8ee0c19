"""Quantities in text: 80,000 / 80 000 / 80k / 1.2 million / $107 billion / Rs 800 billion / 3.5% /
three-quarters / a dozen / one in five / 70,000-80,000, with qualifiers (nearly, over, at least)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

SMALL = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "lakh": 1e5,
    "lakhs": 1e5,
    "crore": 1e7,
    "crores": 1e7,
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "tn": 1e12,
    "trn": 1e12,
}
FRACTIONS = {
    "half": 0.5,
    "a half": 0.5,
    "one half": 0.5,
    "a third": 1 / 3,
    "one third": 1 / 3,
    "two thirds": 2 / 3,
    "a quarter": 0.25,
    "one quarter": 0.25,
    "three quarters": 0.75,
    "a fifth": 0.2,
    "one fifth": 0.2,
    "two fifths": 0.4,
    "three fifths": 0.6,
    "four fifths": 0.8,
    "a tenth": 0.1,
    "one tenth": 0.1,
}
CURRENCIES = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "¥": "JPY",
    "yen": "JPY",
    "rs": "PKR/INR",
    "rs.": "PKR/INR",
    "rupees": "PKR/INR",
    "rupee": "PKR/INR",
    "pkr": "PKR",
    "inr": "INR",
    "₹": "INR",
    "chf": "CHF",
    "yuan": "CNY",
    "rmb": "CNY",
}
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
MEASURES = [
    (
        re.compile(
            r"\b(?:kill(?:ed|ing|s)?|deaths?|dead|died|di(?:e|es|ing)|lost (?:their|his|her) lives?|"
            r"lives (?:were |have been )?lost|fatalit(?:y|ies)|perished|murder(?:ed|s)?)\b",
            re.I,
        ),
        "killed",
    ),
    (re.compile(r"\b(?:injur(?:ed|ies|y)|wounded|hurt)\b", re.I), "injured"),
    (re.compile(r"\bcasualt(?:y|ies)\b", re.I), "casualties"),
    (re.compile(r"\b(?:displaced|refugees?|fled)\b", re.I), "displaced"),
    (re.compile(r"\b(?:unemploy\w*|jobless|jobs?)\b", re.I), "jobs"),
    (re.compile(r"\b(?:cases?|infect\w+)\b", re.I), "cases"),
]
MEASURE_UNITS = {
    "km",
    "kilometres",
    "kilometers",
    "miles",
    "mile",
    "metres",
    "meters",
    "m2",
    "kg",
    "kilograms",
    "tonnes",
    "tons",
    "tonne",
    "ton",
    "litres",
    "liters",
    "gallons",
    "barrels",
    "degrees",
    "°c",
    "°f",
    "mw",
    "gw",
    "kwh",
    "mwh",
    "twh",
    "hectares",
    "acres",
    "years",
    "months",
    "weeks",
    "days",
    "hours",
    "minutes",
    "seconds",
    "percentage",
    "points",
    "mph",
    "kph",
    "km/h",
}
_WORD_NUMBER = "|".join(sorted(SMALL, key=len, reverse=True))
_SCALE = r"hundred|thousand|million|billion|trillion|lakhs?|crores?"
_SHORT_SCALE = r"k|mn|mln|m|bn|b|tn|trn"
_CURRENCY_PREFIX = r"US\$|\$|€|£|¥|₹|Rs\.?|PKR|INR|USD|EUR|GBP"
_DIGITS = r"\d{1,3}(?:(?:,\d{3})+|(?:[ \u00a0\u202f\u2009]\d{3})+)(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?"
_QUAL = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))

_NUMBER_CORE = (
    rf"(?:(?P<cur>{_CURRENCY_PREFIX})\s?)?"
    rf"(?P<num>{_DIGITS})"
    rf"(?:\s?(?P<short>{_SHORT_SCALE})\b|\s(?P<scale>{_SCALE})\b)?"
    rf"(?:\s?(?:-|–|—|to|and)\s?(?:(?:{_CURRENCY_PREFIX})\s?)?(?P<num2>{_DIGITS})"
    rf"(?:\s?(?P<short2>{_SHORT_SCALE})\b|\s(?P<scale2>{_SCALE})\b)?)?"
    rf"(?P<pct>\s?%|\s(?:per\s?cent|percent|percentage points?)\b)?"
)
NUMBER_RE = re.compile(rf"(?:\b(?P<qual>{_QUAL})\s+)?(?:\b(?P<between>between|from)\s+)?{_NUMBER_CORE}", re.I)
WORD_NUMBER_RE = re.compile(
    rf"(?:\b(?P<qual>{_QUAL})\s+)?\b(?P<words>(?:(?:{_WORD_NUMBER})(?:[- ](?:{_WORD_NUMBER}))?)"
    rf"(?:\s(?:{_SCALE}))*|a\s(?:dozen|hundred|thousand|million|billion)|(?:a\s)?dozen)\b"
    rf"(?P<pct>\s(?:per\s?cent|percent))?",
    re.I,
)
FRACTION_RE = re.compile(
    r"\b(?P<frac>(?:a|one|two|three|four)[- ](?:half|third|thirds|quarter|quarters|fifth|fifths|tenth)|half)"
    r"\b(?=\s+(?:of|the|a|an|all|their|its|our)\b)",
    re.I,
)
RATIO_RE = re.compile(rf"\b(?P<a>{_WORD_NUMBER}|\d+)\s(?:in|out of)\s(?P<b>{_WORD_NUMBER}|\d+)\b", re.I)
_ANY_DIGIT = re.compile(r"\d")
_ANY_NUMBER_WORD = re.compile(
    rf"\b(?:{_WORD_NUMBER}|dozens?|half|thirds?|quarters?|fifths?|tenth|hundred|thousand|million|billion)\b", re.I
)
_UNIT_WORD = re.compile(r"\s*([A-Za-z°][\w/°'-]*)")
_UNIT_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "and",
        "or",
        "but",
        "with",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "their",
        "his",
        "her",
        "our",
        "we",
        "they",
        "he",
        "she",
        "i",
        "you",
        "per",
        "since",
        "than",
        "more",
        "less",
        "over",
        "under",
        "about",
        "after",
        "before",
        "during",
        "between",
        "through",
        "into",
        "year",
        "years",
        "month",
        "months",
        "day",
        "days",
        "week",
        "weeks",
        "time",
        "times",
    ]
) - {"years", "months", "days", "weeks"}
_YEAR_CONTEXT = re.compile(
    r"(?:\b(?:in|since|from|until|till|to|by|between|and|of|before|after|during|year|early|late|mid|"
    r"spring|summer|autumn|fall|winter|january|february|march|april|may|june|july|august|september|"
    r"october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?\s*-?\s*|[-–/])$",
    re.I,
)
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
    if scale:
        return SCALES[scale.lower()]
    if short:
        return SCALES[short.lower()]
    return 1.0


def words_value(words: str) -> float | None:
    """'twenty-five', 'three million', 'a dozen' -> a number."""
    total = 0.0
    current = 0.0
    seen = False
    for token in re.split(r"[\s-]+", words.lower()):
        if token in ("a", "and"):
            if token == "a":
                current = max(current, 1.0)
            continue
        if token == "dozen":
            current = (current or 1.0) * 12
            seen = True
        elif token in SMALL:
            current += SMALL[token]
            seen = True
        elif token in SCALES and token not in ("k", "m", "b", "bn", "mn", "mln", "tn", "trn"):
            scale = SCALES[token]
            current = (current or 1.0) * scale
            if scale >= 1e3:
                total += current
                current = 0.0
            seen = True
        else:
            return None
    return total + current if seen else None


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
    for m in FRACTION_RE.finditer(text) if has_word else ():
        key = m.group("frac").lower().replace("-", " ")
        value = FRACTIONS.get(key) or FRACTIONS.get(key.rstrip("s"))
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
        kind = "percent" if m.group("pct") else "count"
        unit, unit_end = ("%", m.end()) if m.group("pct") else _unit_after(text, m.end())
        found.append(
            Quantity(
                text[start : m.end()],
                start,
                m.end(),
                value,
                unit,
                kind,
                QUALIFIERS.get((m.group("qual") or "").lower()),
                None,
                _measure(text, m.end(), unit_end),
            )
        )
        taken.append((start, m.end()))
    found.sort(key=lambda q: q.start)
    return found


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
            or not _unit_after(text, m.end("num"))[0]
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
        unit, unit_end = _unit_after(text, end)
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
        _measure(text, end, unit_end) if kind in ("count", "measure") else None,
    )


def _unit_after(text: str, end: int) -> tuple[str | None, int]:
    m = _UNIT_WORD.match(text, end)
    if not m:
        return None, end
    word = m.group(1).rstrip("'-")
    if word.lower() in _UNIT_STOP or (word.isupper() and len(word) > 4):
        return None, end
    return word, m.end()


def _measure(text: str, start: int, unit_end: int) -> str | None:
    """What the number counts, from the unit word or the words after it (within the clause)."""
    window = text[max(0, start - 0) : min(len(text), unit_end + 60)]
    clause = re.split(r"[;,.!?]|\b(?:but|while|whereas|so)\b", window)[0] if window else ""
    for pattern, name in MEASURES:
        if pattern.search(clause):
            return name
    return None
