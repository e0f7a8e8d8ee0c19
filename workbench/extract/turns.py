"""Speaker turns of a transcript: "KHAN: ...", "DANA BASH, CNN CORRESPONDENT: ...", "[1:03] Trump: ...",
"Karine Jean-Pierre: (00:03)", "00:00 CHRIS WALLACE" on a line of its own, "Q:" / "A:"."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_TIME = r"(?:\[?\(?\d{1,2}:\d{2}(?::\d{2})?\)?\]?)"
# KHAN, MR. DEERE, THE PRESIDENT, Q / Welker, Karine Jean-Pierre
_LABEL = (
    r"Q|A|(?:(?:MR|MS|MRS|DR|SEN|REP|GOV)\.\s)?[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){0,4}"
    r"|[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:[-'’][A-Z][a-z]+)*(?:\s[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)*){0,2}"
)
# A label opens a line, ends in a colon and is followed by speech (or a time stamp and a line break).
TURN_RE = re.compile(
    rf"^[ \t]*(?:{_TIME}\s+)?(?P<label>{_LABEL})(?P<desc>,\s[^:\n]{{2,80}})?\s?:[ \t]*(?:{_TIME}[ \t]*)?(?=\S|\n)",
    re.M,
)
# The White House's own transcripts: "Q    Thank you." (no colon, spaces after the Q).
Q_RE = re.compile(r"^[ \t]*(?P<label>Q|A)(?:[ \t]{2,}|\t)(?=\S)", re.M)
# "00:00 CHRIS WALLACE" alone on its line, the speech on the lines below.
HEADER_RE = re.compile(rf"^[ \t]*{_TIME}[ \t]+(?P<label>[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){{0,3}})[ \t]*$", re.M)

# Labels that are not a speaker, and labels of a speaker the transcript does not name.
_NOT_LABELS = frozenset(
    """note source sources update updated statement context editor photo image caption video watch read
    related fact-check facts first here's topline warning disclaimer summary transcript
    correction headline subject title date time location byline story background""".split()
)
ANONYMOUS = frozenset(
    """q question questions a answer audience reporter reporters crowd unidentified unknown interviewer
    moderator voice male female speaker participant operator senior administration official journalist
    journalists presenter member members""".split()
)


@dataclass(frozen=True)
class Turn:
    start: int  # where the label starts
    body: int  # where the speech starts
    label: str


def _accepted(label: str) -> bool:
    words = label.lower().replace(".", "").split()
    return bool(words) and " ".join(words) not in _NOT_LABELS and words[0] not in _NOT_LABELS


def speaker_turns(text: str, is_known: Callable[[str], bool] = lambda _: False) -> list[Turn]:
    """The turns of ``text`` in order, or none when it is not a transcript (fewer than two labels).
    A label in mixed case ("Welker:") counts when it is used twice, carries a time stamp, has two
    words, or ``is_known`` says the text names that person elsewhere."""
    if ":" not in text and not re.search(r"\d:\d\d", text):
        return []
    found: list[Turn] = []
    for m in TURN_RE.finditer(text):
        label = m.group("label")
        if not _accepted(label):
            continue
        found.append(Turn(m.start("label"), m.end(), label))
    for m in Q_RE.finditer(text):
        found.append(Turn(m.start("label"), m.end(), m.group("label")))
    for m in HEADER_RE.finditer(text):
        if _accepted(m.group("label")):
            found.append(Turn(m.start("label"), m.end(), m.group("label")))
    if not found or (len(found) == 1 and not (found[0].label.isupper() and is_known(found[0].label))):
        return []  # one label is a transcript only when it names someone the text names ("MITCHELL:")
    counts: dict[str, int] = {}
    for turn in found:
        key = turn.label.upper()
        counts[key] = counts.get(key, 0) + 1
    stamped = re.compile(rf"{_TIME}")
    kept = [
        t
        for t in found
        if t.label.isupper()
        or counts[t.label.upper()] >= 2
        or stamped.search(text, max(0, t.start - 10), t.body)
        or len(t.label.split()) >= 2
        or is_known(t.label)
    ]
    return sorted(kept, key=lambda t: t.start) if len(kept) >= min(2, len(found)) else []


def is_anonymous(label: str) -> bool:
    words = label.lower().replace(".", "").split()
    return not words or all(w in ANONYMOUS or w.isdigit() for w in words)
