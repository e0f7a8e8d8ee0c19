"""Time scopes: since 2001, in the 1990s, between 2001 and 2014, 2001-2018, last year, on Tuesday."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_Y = r"(?:1[89]\d\d|20\d\d)"
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"  # noqa: E501
_YM = rf"(?:(?:early|mid|late|end of|the end of)[- ])?(?:{_MONTH}\s)?{_Y}"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("between", re.compile(rf"\b(?:between|from)\s(?P<a>{_YM})\s(?:and|to|until|till|through)\s(?P<b>{_YM})\b", re.I)),
    ("range", re.compile(rf"\b(?:in\s)?(?P<a>{_Y})\s?(?:-|–|—|/)\s?(?P<b>{_Y}|\d\d)\b(?!\d)", re.I)),
    ("since", re.compile(rf"\b(?:since|from|after|starting in)\s(?P<a>{_YM})\b", re.I)),
    ("until", re.compile(rf"\b(?:until|till|before|by)\s(?P<b>{_YM})\b", re.I)),
    (
        "decade",
        re.compile(r"\b(?:in\s|during\s)?the\s(?:(?P<c>early|mid|late)[- ])?(?P<d>(?:1[89]|20)?\d0)['’]?s\b", re.I),
    ),
    (
        "date",
        re.compile(
            rf"\b(?:on\s)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s(?:of\s)?(?P<m>{_MONTH})(?:,?\s(?P<y>{_Y}))?\b", re.I
        ),
    ),
    (
        "date",
        re.compile(rf"\b(?:on\s)?(?P<m>{_MONTH})\s(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s(?P<y>{_Y}))?\b", re.I),
    ),
    ("month", re.compile(rf"\b(?:in\s)?(?P<m>{_MONTH})\s(?P<y>{_Y})\b", re.I)),
    ("year", re.compile(rf"\b(?:in|during|of|for|throughout)\s(?:the\s(?:year|fiscal year)\s)?(?P<y>{_Y})\b", re.I)),
    ("relative", re.compile(r"\b(?P<rel>last|this|next|past)\s(?P<unit>year|month|week|decade)\b", re.I)),
    ("relative", re.compile(r"\b(?P<rel>yesterday|today|tomorrow)\b", re.I)),
    (
        "weekday",
        re.compile(r"\b(?:on\s|last\s)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I),
    ),
    (
        "ago",
        re.compile(r"\b(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten)\s(?P<unit>years?|months?)\sago\b", re.I),
    ),
    ("bare_year", re.compile(rf"(?<![\d,.$€£])\b(?P<y>{_Y})\b(?![\d,%]|\s?(?:million|billion|people))", re.I)),
]
# A sentence with none of these has no time scope: skip the fourteen patterns.
_ANY_TIME = re.compile(
    r"\d|\b(?:yesterday|today|tomorrow|ago|(?:last|this|next|past)\s(?:year|month|week|decade)|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.I,
)
_SMALL = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


@dataclass(frozen=True)
class TimeScope:
    text: str
    start: str | None  # ISO date or year ("2001", "2016-06", "2021-11-09"); None: open
    end: str | None
    offset: int  # where the phrase starts in the sentence
    length: int

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("offset")
        data.pop("length")
        return data


def _year_month(text: str, *, end: bool) -> str:
    text = text.lower().strip()
    year = re.search(_Y, text)
    assert year is not None
    y = year.group(0)
    month = re.search(_MONTH, text, re.I)
    if month:
        return f"{y}-{_month_number(month.group(0)):02d}"
    if "mid" in text:
        return f"{y}-06"
    if "early" in text:
        return f"{y}-03" if end else f"{y}-01"
    if "late" in text or "end of" in text:
        return f"{y}-12" if end else f"{y}-10"
    return y


def _month_number(name: str) -> int:
    name = name.rstrip(".").lower()
    if name in MONTHS:
        return MONTHS[name]
    return MONTHS[name[:3]]


def find_time_scope(sentence: str, article_date: date | None = None) -> TimeScope | None:
    """The sentence's time scope, the most specific phrase first; relative phrases are resolved
    against ``article_date`` when it is known (else their start and end stay None)."""
    if _ANY_TIME.search(sentence) is None:
        return None
    for kind, pattern in PATTERNS:
        m = pattern.search(sentence)
        if m is None:
            continue
        scope = _resolve(kind, m, article_date)
        if scope is not None:
            text = m.group(0)
            return TimeScope(text, scope[0], scope[1], m.start(), len(text))
    return None


def _resolve(kind: str, m: re.Match[str], today: date | None) -> tuple[str | None, str | None] | None:
    if kind == "between":
        return _year_month(m.group("a"), end=False), _year_month(m.group("b"), end=True)
    if kind == "range":
        a, b = m.group("a"), m.group("b")
        if len(b) == 2:
            b = a[:2] + b
        if int(b) < int(a):
            return None
        return a, b
    if kind == "since":
        return _year_month(m.group("a"), end=False), today.isoformat() if today else None
    if kind == "until":
        return None, _year_month(m.group("b"), end=True)
    if kind == "decade":
        d = m.group("d")
        if len(d) == 2:
            d = ("19" if int(d) >= 30 else "20") + d
        start, end = int(d), int(d) + 9
        part = (m.group("c") or "").lower()
        if part == "early":
            end = start + 3
        elif part == "mid":
            start, end = start + 3, start + 6
        elif part == "late":
            start = start + 6
        return str(start), str(end)
    if kind == "date":
        y = m.group("y") or (str(today.year) if today else None)
        day = int(m.group("day"))
        if not 1 <= day <= 31 or y is None:
            return (None, None) if y is None else None
        try:
            iso = date(int(y), _month_number(m.group("m")), day).isoformat()
        except ValueError:
            return None
        return iso, iso
    if kind == "month":
        ym = f"{m.group('y')}-{_month_number(m.group('m')):02d}"
        return ym, ym
    if kind in ("year", "bare_year"):
        return m.group("y"), m.group("y")
    if kind == "relative":
        return _relative(m.group("rel").lower(), (m.groupdict().get("unit") or "").lower(), today)
    if kind == "weekday":
        if today is None:
            return None, None
        # The most recent such day on or before the article date: news reports the past.
        delta = (today.weekday() - WEEKDAYS[m.group("wd").lower()]) % 7
        day_iso = (today - timedelta(days=delta)).isoformat()
        return day_iso, day_iso
    if kind == "ago":
        if today is None:
            return None, None
        n_raw = m.group("n").lower()
        n = int(n_raw) if n_raw.isdigit() else _SMALL[n_raw]
        if m.group("unit").lower().startswith("year"):
            return str(today.year - n), str(today.year - n)
        month_index = today.year * 12 + today.month - 1 - n
        ym = f"{month_index // 12}-{month_index % 12 + 1:02d}"
        return ym, ym
    return None


def _relative(rel: str, unit: str, today: date | None) -> tuple[str | None, str | None]:
    if today is None:
        return None, None
    if rel in ("yesterday", "today", "tomorrow"):
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[rel]
        iso = (today + timedelta(days=shift)).isoformat()
        return iso, iso
    step = {"last": -1, "past": -1, "this": 0, "next": 1}[rel]
    if unit == "year":
        y = str(today.year + step)
        return (y, y) if rel != "past" else (str(today.year - 1), today.isoformat())
    if unit == "decade":
        return (str(today.year - 10), today.isoformat()) if step < 0 else (str(today.year), str(today.year + 10))
    if unit == "month":
        index = today.year * 12 + today.month - 1 + step
        ym = f"{index // 12}-{index % 12 + 1:02d}"
        return ym, ym
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=step)
    return monday.isoformat(), (monday + timedelta(days=6)).isoformat()
