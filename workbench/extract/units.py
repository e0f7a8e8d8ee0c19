"""What a number counts: its unit (the noun after it, adjectives skipped: "2.4 million new jobs" ->
"jobs"), its currency, and the measure the sentence names (killed, injured, jobs ...)."""

from __future__ import annotations

import re

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
    "a$": "AUD",
    "au$": "AUD",
    "aud": "AUD",
    "c$": "CAD",
    "ca$": "CAD",
    "cad": "CAD",
    "hk$": "HKD",
    "nz$": "NZD",
    "s$": "SGD",
    "r$": "BRL",
    "₦": "NGN",
    "ngn": "NGN",
    "naira": "NGN",
    "₱": "PHP",
    "₩": "KRW",
    "₽": "RUB",
    "ksh": "KES",
    "kes": "KES",
    "zar": "ZAR",
    "rand": "ZAR",
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
MEASURE_UNITS = frozenset(
    """km kilometres kilometers miles mile metres meters m2 kg kilograms tonnes tons tonne ton litres liters
    gallons barrels degrees °c °f mw gw kwh mwh twh hectares acres years months weeks days hours minutes seconds
    percentage points mph kph km/h""".split()
)
# Words after a number that are never its unit: they end the noun phrase.
UNIT_STOP = frozenset(
    """a an the of in on at to for from by and or but with as is are was were be been has have had will would
    can could may might this that these those it its their his her our we they he she i you per since than
    more less over under about after before during between through into year month day week time times
    who which what where when while whose if so not no nor than then also only just all each every some any
    both either neither such very too much many most least few fewer several s""".split()
)
# Words that end a noun phrase: verbs a count is often followed by ("300 people came").
_VERBS = frozenset(
    """said say says came come comes went go goes got get gets lost lose loses live lives lived work works worked
    died die dies make makes made take takes took need needs needed want wants do does did use uses used
    remain remains remained face faces faced left leave leaves earn earns pay pays paid own owns owned
    receive receives received voted vote votes saw see sees became become becomes fell fall rose rise grew
    grow stay stayed signed sign showed show shows""".split()
)
_IRREGULAR_PLURALS = frozenset(
    """people children men women personnel cattle sheep fish deer feet teeth mice geese data media livestock""".split()
)
_ADJECTIVES = frozenset(
    """new additional extra other young old older younger innocent illegal undocumented total small big large
    major minor local federal foreign domestic private public poor rich elderly active registered eligible
    potential possible current former separate different various individual annual daily monthly weekly
    average estimated reported confirmed known documented unemployed full-time part-time good-paying
    high-paying well-paying low-income low-wage high-wage middle-class working-class american""".split()
)
_WORD = re.compile(r"\s*([A-Za-z°][\w/°'’-]*)")


def _is_plural_noun(word: str) -> bool:
    low = word.lower()
    if low in _IRREGULAR_PLURALS:
        return True
    return low.endswith("s") and not low.endswith(("ss", "us", "is", "ous")) and low not in _ADJECTIVES


def unit_after(text: str, end: int) -> tuple[str | None, int]:
    """The noun a number at ``end`` counts and where it ends: the head of the noun phrase that
    follows, with adjectives and modifiers before it skipped ("2.4 million new jobs" -> "jobs")."""
    words: list[tuple[str, int]] = []
    position = end
    while len(words) < 4:
        m = _WORD.match(text, position)
        if not m or (words and m.start(1) > position + 1):  # a line break or double space ends it
            break
        word = m.group(1).rstrip("'’-")
        low = word.lower()
        if not words and position == end and low in ("more", "fewer", "extra"):
            position = m.end()  # "1,200 more police officers"
            continue
        if low in UNIT_STOP or low in _VERBS or (word.isupper() and len(word) > 4):
            break
        if words and (low.endswith(("ed", "ly")) and low not in _ADJECTIVES):
            break  # "people killed", "jobs nationally"
        words.append((word, m.end()))
        position = m.end()
        if _is_plural_noun(word) or low in CURRENCIES or low in MEASURE_UNITS:
            break
    # The head is the last word; a lone adjective is not a unit.
    while words and words[-1][0].lower() in _ADJECTIVES and not words[-1][0][:1].isupper():
        words.pop()
    if not words:
        return None, end
    return words[-1]


def measure(text: str, start: int, unit_end: int) -> str | None:
    """What the number counts, from the unit word or the words after it (within the clause)."""
    window = text[start : min(len(text), unit_end + 60)]
    clause = re.split(r"[;,.!?]|\b(?:but|while|whereas|so)\b", window)[0] if window else ""
    for pattern, name in MEASURES:
        if pattern.search(clause):
            return name
    return None
