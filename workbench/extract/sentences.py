"""Sentence spans: offsets into the text, robust to abbreviations, decimals, quotes and bullets."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Abbreviations that are always followed by more of the same sentence ("Dr. Smith", "No. 5").
TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "mt",
        "gen",
        "gov",
        "sen",
        "rep",
        "rev",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "pres",
        "supt",
        "insp",
        "no",
        "nos",
        "vol",
        "vols",
        "fig",
        "figs",
        "p",
        "pp",
        "ed",
        "eds",
        "dept",
        "univ",
        "vs",
        "e.g",
        "i.e",
        "cf",
    ]
)
# Abbreviations that can end a sentence: they end one when a capitalised word follows.
ABBREVIATIONS = frozenset(
    [
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "est",
        "approx",
        "inc",
        "ltd",
        "co",
        "corp",
        "bros",
        "etc",
        "al",
        "a.m",
        "p.m",
        "ft",
        "sq",
        "km",
        "kg",
        "cm",
        "mm",
        "oz",
        "lb",
        "lbs",
        "min",
        "max",
    ]
)
# A terminator: . ! ? … (or runs of them), then optional closing quotes / brackets.
_TERMINATOR = re.compile(r"(\.{3}|…|[.!?]+)([\"'”’»)\]]*)(?=\s|$)")
_BULLET = re.compile(r"[ \t]*(?:[-*•·▪–—]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)])[ \t]+")
_OPEN_QUOTES = '“«"'
_CLOSE_FOR = {"“": "”", "«": "»", '"': '"'}
_MAX_QUOTE = 600  # a quote that does not close within this many characters is not a quote


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def split_sentences(text: str) -> list[Span]:
    """Split ``text`` into sentence spans; ``text[s.start:s.end]`` is each sentence, trimmed.

    Every line break is a hard break (headlines, bullets, list items); a bullet marker is left
    out of its sentence. Within a line, sentences end at . ! ? or an ellipsis followed by a
    capital, except after abbreviations, initials and inside a short quotation.
    """
    spans: list[Span] = []
    for line_start, line_end in _lines(text):
        start = line_start
        bullet = _BULLET.match(text, line_start, line_end)
        if bullet:
            start = bullet.end()
        for s, e in _split_line(text, start, line_end):
            span = _trim(text, s, e)
            if span is not None:
                spans.append(span)
    return spans


def _lines(text: str) -> list[tuple[int, int]]:
    lines = []
    start = 0
    for match in re.finditer(r"\r\n|[\n\r\u2028\u2029\x0b\x0c\x85]", text):
        lines.append((start, match.start()))
        start = match.end()
    lines.append((start, len(text)))
    return lines


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    quote_until = -1
    pos = start
    piece_start = start
    while pos < end:
        ch = text[pos]
        if ch in _OPEN_QUOTES and pos > quote_until and _opens_quote(text, pos, start):
            close = text.find(_CLOSE_FOR[ch], pos + 1, min(end, pos + _MAX_QUOTE))
            if close != -1:
                quote_until = close
        match = _TERMINATOR.match(text, pos, end)
        if match is None:
            pos += 1
            continue
        after = match.end()
        if pos < quote_until and after - 1 < quote_until:
            pos = after  # inside a quotation: keep "A. B," he said together
            continue
        if _is_boundary(text, pos, match.group(1), after, end):
            pieces.append((piece_start, after))
            piece_start = after
        pos = after
    if piece_start < end:
        pieces.append((piece_start, end))
    return pieces


def _opens_quote(text: str, pos: int, line_start: int) -> bool:
    if text[pos] != '"':
        return True
    # A straight quote opens when it is not preceded by a word character.
    return pos == line_start or not text[pos - 1].isalnum()


def _is_boundary(text: str, pos: int, terminator: str, after: int, end: int) -> bool:
    nxt = after
    while nxt < end and text[nxt] in " \t\u00a0":
        nxt += 1
    if nxt >= end:
        return True
    following = text[nxt]
    if terminator in ("...", "…"):
        return following.isupper()
    if following.islower():
        return False  # "e.g. this", "Ltd. said", a sentence does not start lowercase
    if terminator.startswith("."):
        word_match = re.search(r"([\w.]+)$", text[max(0, pos - 12) : pos])
        word = word_match.group(1) if word_match else ""
        if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):
            # "U.S. officials" continues; "in the U.S. The ..." is ambiguous: continue unless
            # the next word is a typical sentence opener.
            next_word = re.match(r"\w+", text[nxt:end])
            return bool(next_word and next_word.group(0) in _OPENERS)
        if word.lower().rstrip(".") in TITLES:
            return False
        if word.lower().rstrip(".") in ABBREVIATIONS and not following.isupper():
            return False
        if len(word) == 1 and word.isupper():
            return False  # an initial: "John F. Kennedy"
    return following.isupper() or following.isdigit() or following in "\"'“‘«([-–—*•"


_OPENERS = frozenset(
    [
        "The",
        "A",
        "An",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "You",
        "But",
        "And",
        "However",
        "In",
        "On",
        "At",
        "For",
        "His",
        "Her",
        "Their",
        "Our",
    ]
)


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return Span(start, end)
