"""Numbers written in words: "twenty-five", "one hundred and twenty-five thousand", "half a million",
"two and a half million", "a dozen", and vague plurals ("dozens", "tens of thousands")."""

from __future__ import annotations

import re

SMALL = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split()
    )
} | {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
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
_WORD_SCALES = frozenset(["hundred", "thousand", "million", "billion", "trillion", "lakh", "lakhs", "crore", "crores"])
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
# "dozens of", "hundreds of thousands of": the least the words can mean, flagged "at least".
VAGUE = {"dozens": 24.0, "scores": 40.0, "hundreds": 200.0, "thousands": 2e3, "millions": 2e6, "billions": 2e9}

WORD_NUMBER = "|".join(sorted(SMALL, key=len, reverse=True))
SCALE = r"hundred|thousand|million|billion|trillion|lakhs?|crores?"
_BIG = r"million|billion|trillion"
_UNIT = rf"(?:{WORD_NUMBER})(?:-(?:{WORD_NUMBER}))?"
_TERM = rf"(?:{_UNIT}|{SCALE}|dozen)"
# A spelled-out number: its terms joined by spaces, hyphens or "and" ("one hundred and twenty-five
# thousand"); it may open with "a" before a scale ("a hundred", "a dozen").
_AND = r"(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))\sand"  # only after a scale: not "five and six"
WORDS = (
    rf"(?:(?:{_UNIT}|a(?=\s(?:{SCALE}|dozen)\b))(?:(?:{_AND})?(?:\s|-)(?={_TERM}\b){_TERM})*"
    rf"(?:\sand\sa\shalf(?=\s(?:{_BIG})\b)\s(?:{_BIG}))?"
    r"|(?:a\s)?dozen)"
)
# "half a million", "a quarter of a million", "three quarters of a billion".
FRACTION_OF_SCALE = re.compile(
    rf"\b(?P<frac>half|(?:a|one|three)[- ]quarters?|(?:a|one|two)[- ]thirds?)\s(?:of\s)?an?\s(?P<scale>{_BIG})\b",
    re.I,
)
VAGUE_RE = re.compile(
    r"\b(?:(?:(?P<tens>tens|hundreds)\sof\s(?P<big>thousands|millions|billions)|"
    r"(?P<plural2>dozens|scores|hundreds|thousands|millions|billions))(?=\sof\b)|"
    r"(?P<plural>dozens|hundreds|thousands|millions|billions)(?=\s(?:more|were|are|have|had|died|fled)\b))",
    re.I,
)


def words_value(words: str) -> float | None:
    """'twenty-five', 'three million', 'a dozen', 'one hundred and twenty-five thousand' -> a number."""
    total = 0.0
    current = 0.0
    seen = False
    tokens = re.split(r"[\s-]+", words.lower())
    half = False
    if tokens[-3:-1] == ["a", "half"] and len(tokens) >= 4 and tokens[-4] == "and":
        tokens = tokens[:-4] + tokens[-1:]  # "two and a half million"
        half = True
    for token in tokens:
        if token in ("a", "and"):
            if token == "a":
                current = max(current, 1.0)
            continue
        if token == "dozen":
            current = (current or 1.0) * 12
            seen = True
        elif token in SMALL:
            current += SMALL[token] + (0.5 if half and token == tokens[-2] else 0.0)
            seen = True
        elif token in _WORD_SCALES:
            scale = SCALES[token]
            current = (current or 1.0) * scale
            if scale >= 1e3:
                total += current
                current = 0.0
            seen = True
        else:
            return None
    return total + current if seen else None


def fraction_value(words: str) -> float | None:
    key = words.lower().replace("-", " ")
    return FRACTIONS.get(key) or FRACTIONS.get(key.rstrip("s"))


def vague_value(m: re.Match[str]) -> float:
    if m.group("tens"):
        return (10.0 if m.group("tens").lower() == "tens" else 100.0) * VAGUE[m.group("big").lower()]
    return VAGUE[(m.group("plural") or m.group("plural2")).lower()]
