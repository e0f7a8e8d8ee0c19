"""Who makes a claim: "X said", "said X", "according to X", "X stressed:", he / she, and titles."""

from __future__ import annotations

import re
from collections import Counter

_NAME_WORD = r"(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?|[A-Z]\.)"
_PARTICLE = r"(?:bin|ibn|al|el|de|da|del|der|van|von|la|le|du|dos)"
NAME = rf"{_NAME_WORD}(?:\s(?:{_PARTICLE}\s)?{_NAME_WORD}){{0,3}}"
SPEECH_VERBS = (
    r"said|says|say|stressed|added|told|claimed|claims|argued|argues|noted|notes|insisted|insists|"
    r"stated|states|explained|explains|warned|warns|declared|declares|wrote|writes|tweeted|tweets|"
    r"asserted|asserts|maintained|maintains|announced|announces|admitted|admits|alleged|alleges|"
    r"estimated|estimates|reported|reports|revealed|reveals|informed|emphasi[sz]ed|underlined|"
    r"pointed out|recalled|remarked|continued|replied|answered|acknowledged|boasted|complained|"
    r"suggested|predicted|promised|vowed|responded|concluded|observed|confirmed|denied|quoted|criticized|criticised|"
    r"saying|urged"
)
_TITLE = (
    r"(?:(?:former|deputy|acting|vice|chief|then|the|a|an|[A-Z][a-z]+(?:n|i|ese|ish|ch|an)|"
    r"[A-Z][a-z]+'s|US|U\.S\.|UK|EU|UN)\s){0,4}"
    r"(?:prime minister|president|minister|chancellor|secretary(?: of state| general)?|spokes(?:man|woman|person)"
    r"|senator|governor|mayor|premier|king|queen|leader|chairman|chairwoman|chair|ceo|director|"
    r"ambassador|general|official|officials|economist|scientist|professor|candidate|congressman|"
    r"congresswoman|lawmaker|mp|head)(?:\sof\s(?:the\s)?[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?"
)
_NOT_NAMES = frozenset(
    [
        "The",
        "A",
        "An",
        "He",
        "She",
        "It",
        "They",
        "We",
        "I",
        "You",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "Here",
        "His",
        "Her",
        "Their",
        "Our",
        "Its",
        "But",
        "And",
        "Asked",
        "In",
        "On",
        "At",
        "When",
        "While",
        "If",
        "As",
        "After",
        "Before",
        "Since",
        "However",
        "Meanwhile",
        "Also",
        "Then",
        "So",
        "Pakistani",
        "Pakistan",
        "American",
        "Afghan",
        "Afghanistan",
        "Washington",
        "Islamabad",
        "Taliban",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
)
_ANY_SPEECH = re.compile(rf"\b(?:{SPEECH_VERBS}|according to|quoted)\b", re.I)
# A set lookup is much faster than the alternation for the common case: no speech verb at all.
_SPEECH_WORDS = frozenset(re.findall(r"[a-z]+", SPEECH_VERBS.replace("emphasi[sz]ed", "emphasised emphasized"))) | {
    "according",
    "quoted",
}
_LOWER_WORD = re.compile(r"[a-z]+")


def _has_speech(sentence: str) -> bool:
    return not _SPEECH_WORDS.isdisjoint(_LOWER_WORD.findall(sentence.lower()))


_PRONOUN = re.compile(r"\b(he|she)\s(?:" + SPEECH_VERBS + r")\b|\b(?:" + SPEECH_VERBS + r")\s(he|she)\b", re.I)
_PATTERNS = [
    re.compile(rf"(?P<name>{NAME})(?:,\s[^,]{{3,80}},)?\s(?:has\s|had\s|also\s|then\s)?(?:{SPEECH_VERBS})\b"),
    re.compile(rf"\b(?:{SPEECH_VERBS})\s(?P<name>{NAME})\b"),
    re.compile(rf"\b(?i:according to)\s(?:(?i:{_TITLE})\s)?(?P<name>{NAME})"),
    re.compile(rf"\bquoted\s(?P<name>{NAME})\sas\s(?:saying|stating)"),
    re.compile(rf"(?P<name>{NAME})\s(?:stressed|added|said|wrote|explained)\s?:"),
]
_TITLE_SPEAKER = re.compile(
    rf"\b(?P<title>(?:the\s)?{_TITLE})(?:,\s[^,]{{3,60}},)?\s(?:has\s|had\s|also\s)?(?:{SPEECH_VERBS})\b"
    rf"|\b(?:{SPEECH_VERBS})\s(?P<title2>the\s{_TITLE})\b|\baccording to\s(?P<title3>the\s{_TITLE})\b",
    re.I,
)
_TITLED_NAME = re.compile(
    rf"\b(?P<title>(?i:{_TITLE}))\s(?P<name>{NAME})|(?P<name2>{NAME}),\s(?P<title2>(?i:(?:the\s)?{_TITLE}))\b"
)
_HEAD = re.compile(
    r"\b(prime minister|president|minister|chancellor|secretary|spokes\w+|senator|governor|mayor|premier|"
    r"king|queen|leader|chair\w*|ceo|director|ambassador|general|official|economist|scientist|professor|"
    r"candidate|congress\w+|lawmaker|mp|head)",
    re.I,
)


_TITLE_WORDS = frozenset(
    [
        "mayor",
        "president",
        "prime",
        "minister",
        "senator",
        "governor",
        "chancellor",
        "secretary",
        "spokesman",
        "spokeswoman",
        "dr",
        "dr.",
        "prof",
        "prof.",
        "professor",
        "gen",
        "gen.",
        "general",
        "sen",
        "sen.",
        "rep",
        "rep.",
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "sir",
        "lord",
        "king",
        "queen",
        "judge",
        "justice",
        "chief",
        "director",
        "ambassador",
        "premier",
        "sheikh",
    ]
)


def _clean_name(name: str) -> str | None:
    words = name.split()
    while words and (words[0] in _NOT_NAMES or words[0].lower() in _TITLE_WORDS):
        words = words[1:]
    if not words:
        return None
    if len(words) == 1 and len(words[0]) < 3:
        return None
    return " ".join(words)


def _windows(text: str, pattern: re.Pattern[str], before: int, after: int) -> list[str]:
    """Non-overlapping stretches of ``text`` around each match of ``pattern``."""
    spans: list[list[int]] = []
    for m in pattern.finditer(text):
        start, end = max(0, m.start() - before), min(len(text), m.end() + after)
        if spans and start <= spans[-1][1]:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return [text[a:b] for a, b in spans]


class SpeakerTracker:
    """Attributes sentences of one article in order, remembering who spoke last."""

    def __init__(self, article_text: str = "") -> None:
        self.last: str | None = None
        self.titles: dict[str, str] = {}
        self.counts: Counter[str] = Counter()
        # Only the text around a title word or a speech verb can name a speaker: look there alone.
        for window in _windows(article_text, _HEAD, 120, 80):
            for m in _TITLED_NAME.finditer(window):
                name = _clean_name(m.group("name") or m.group("name2") or "")
                title = m.group("title") or m.group("title2") or ""
                head = _HEAD.search(title)
                if name and head and len(name.split()) >= 2:
                    self.titles.setdefault(head.group(1).lower(), name)
        for window in _windows(article_text, _ANY_SPEECH, 160, 80):
            for pattern in _PATTERNS:
                for m in pattern.finditer(window):
                    name = _clean_name(m.group("name"))
                    if name and len(name.split()) >= 2:
                        self.counts[name] += 1

    def _resolve_title(self, title: str) -> str | None:
        head = _HEAD.search(title)
        if head and head.group(1).lower() in self.titles:
            return self.titles[head.group(1).lower()]
        if self.last:
            return self.last
        if self.counts:
            return self.counts.most_common(1)[0][0]
        return None

    def attribute(self, sentence: str, previous: str = "") -> str | None:
        """The claimant of ``sentence``; ``previous`` is the sentence before it in the article."""
        speaker = self._find(sentence, previous)
        if speaker:
            self.last = speaker
        return speaker

    def _find(self, sentence: str, previous: str) -> str | None:
        if not _has_speech(sentence):
            if previous.rstrip().endswith(":") and sentence.lstrip()[:1] in "\"“«'" and self.last:
                return self.last
            return None
        for pattern in _PATTERNS:
            for m in pattern.finditer(sentence):
                name = _clean_name(m.group("name"))
                if name and (len(name.split()) >= 2 or name in self.counts or name == self.last_surname()):
                    return self._full(name)
        titled = _TITLE_SPEAKER.search(sentence)
        if titled:
            title = titled.group("title") or titled.group("title2") or titled.group("title3")
            resolved = self._resolve_title(title)
            if resolved:
                return resolved
        if _PRONOUN.search(sentence) and self.last:
            return self.last
        if previous.rstrip().endswith(":") and sentence.lstrip()[:1] in "\"“«'" and self.last:
            return self.last
        return None

    def last_surname(self) -> str | None:
        return self.last.split()[-1] if self.last else None

    def _full(self, name: str) -> str:
        # "Khan said" after "Imran Khan" is the same person.
        if len(name.split()) == 1:
            for known in [self.last, *self.counts]:
                if known and known.split()[-1] == name:
                    return known
        return name
