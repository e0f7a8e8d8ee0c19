"""People and organisations named in a text: the name patterns, cleaning ("U.S. Attorney James
Kennedy Jr." -> "James Kennedy Jr."), and the names an article has given so far ("Volker" -> "Kurt Volker")."""

from __future__ import annotations

import re

_CAPITALISED = r"[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:[-'’][A-Z]?[a-z]+)*"  # Khan, McKinley, Jean-Pierre, Hege’s
_NAME_WORD = rf"(?:{_CAPITALISED}|O['’][A-Z][a-z]+|[A-Z]\.|[A-Z]{{2,6}}(?![a-z]))"
_PARTICLE = r"(?:bin|ibn|al|el|de|da|del|der|van|von|la|le|du|dos)"
_SUFFIX = r"(?:,?\s(?:Jr|Sr)\.|\s(?:II|III|IV)\b)"
NAME = rf"{_NAME_WORD}(?:\s(?:{_PARTICLE}\s)?{_NAME_WORD}){{0,5}}{_SUFFIX}?"
NAME_RE = re.compile(rf"(?<![\w.’'-]){NAME}")
_AFTER_PLACE_WORD = re.compile(r"\b(?:to|of|for)\s$")
# A cheap look-out: two capitalised words in a row, the least a full name needs.
_TWO_CAPS = re.compile(r"[A-Z][\w.'’-]*\s(?:[a-z]{1,3}\s)?[A-Z]")

# Words that open a name-like run but are not part of a person's name.
NOT_NAMES = frozenset(
    """The A An He She It They We I You This That These Those There Here His Her Their Our Its But And Asked In
    On At When While If As After Before Since However Meanwhile Also Then So Later Earlier Now Today Yesterday
    Tomorrow Last Next Both Many Some Most Other Others Each Every All Monday Tuesday Wednesday Thursday Friday
    Saturday Sunday January February March April May June July August September October November December
    Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Prof Prof. Sen Sen. Rep Rep. Gov Gov. Gen Gen. Lt Lt. Col Col. Sgt Sgt.
    Capt Capt. Sir Lord Dame Judge Justice Sheikh Pakistani American Afghan Russian Chinese British French
    Ukrainian Iranian Israeli Indian German Republican Democratic Democrat Conservative Labour Liberal Facts
    First Statement Context Video Photo Image Fact Fact-check Breaking Update Note Source Read Watch Here's""".split()
)
# Words of a title, rank or office: a name starts after the last of them ("Energy Secretary Rick Perry").
TITLE_WORDS = frozenset(
    """mayor president vice prime minister senator governor chancellor secretary spokesman spokeswoman
    spokesperson press house white attorney general counsel officer official chief director ambassador premier
    king queen prince princess judge justice chairman chairwoman chair ceo founder lawyer professor dr dr. prof
    prof. gen gen. sen sen. rep rep. gov gov. mr mr. mrs mrs. ms ms. sir lord dame sheikh lt lt. col col.
    sgt sgt. capt capt. adviser advisor commissioner deputy envoy leader head representative congressman
    congresswoman lawmaker mp host anchor correspondent editor reporter economist analyst u.s. us uk eu un
    state defense defence foreign finance energy health interior homeland national security former then
    acting special associate assistant executive federal administrator coordinator manager superintendent
    inspector commander marshal admiral colonel captain sergeant lieutenant detective constable""".split()
)
# Single words that stand for a group, never one speaker ("Officials said").
GROUP_WORDS = frozenset(
    """officials police republicans democrats critics experts analysts authorities investigators researchers
    residents witnesses sources reports observers protesters doctors scientists officers prosecutors lawyers
    voters americans people studies data figures statistics economists organizers organisers activists
    supporters opponents leaders members staff workers users fans citizens agencies ministers diplomats
    officers troops soldiers teachers students parents children""".split()
)
# Words of an organisation's or a place's name, never of a person's.
_NOT_PERSON = frozenset(
    """council department committee house party university agency ministry office court commission association
    union bank company corporation group institute news times post herald media state states nations security
    national international republic kingdom street road square hall center centre foundation fund service
    services force army navy police inc ltd co north south east west new san los las united saint fort lake
    river mount city county province district valley island islands airport station school college club
    league federation council network channel press daily weekly journal review guardian""".split()
)


_CORPORATE = frozenset(["co", "inc", "ltd", "corp", "llc", "plc", "ag", "sa", "gmbh"])
# "Sacramento-based McClatchy", "Kremlin-backed": an adjective made of a name, not part of one.
_COMPOUND = re.compile(r"-(?:based|born|led|backed|owned|run|made|era|style|like|funded|linked|affiliated|bred)$")


def clean_name(raw: str) -> str | None:
    """The name in a name-like run: titles and openers dropped, a possessive ’s removed."""
    words = raw.split()
    if words:
        words[-1] = re.sub(r"['’]s$", "", words[-1])
    last_title = max((i for i, w in enumerate(words) if w.lower() in TITLE_WORDS), default=-1)
    if last_title < len(words) - 1:  # "Associated Press", "White House": a name that ends in such a word
        words = words[last_title + 1 :]
    while words and (words[0] in NOT_NAMES or words[0].lower() in TITLE_WORDS or _COMPOUND.search(words[0])):
        words = words[1:]
    while words and (words[-1] in NOT_NAMES or (len(words) > 1 and words[-1].rstrip(".").lower() in _CORPORATE)):
        words = words[:-1]
    if not words:
        return None
    if len(words) == 1:
        word = words[0]
        if len(word) < 2 or word.lower() in GROUP_WORDS:
            return None
    return " ".join(words)


_ORGANISATION = frozenset(
    """council department committee party university agency ministry office court commission association union
    bank company corporation group institute news times post herald media network channel coalition productions
    foundation fund service services force army navy police inc inc. ltd ltd. co co. league federation club press
    administration government authority board bureau centre center organization organisation campaign
    records studios airlines airways motors labs laboratories""".split()
)


def is_organisation(name: str) -> bool:
    """Whether a name reads as an organisation's: "WeWorkers Coalition", "Dick Clark Productions", "NASA"."""
    words = name.split()
    if len(words) == 1:
        return name.isupper() and 2 <= len(name) <= 6
    return any(w.lower() in _ORGANISATION for w in words[1:])


def is_person(name: str) -> bool:
    """Whether a full name reads as a person's: two to four words, none of an organisation or place."""
    words = name.split()
    return 2 <= len(words) <= 4 and not name.isupper() and not any(w.lower() in _NOT_PERSON for w in words)


def is_full(name: str) -> bool:
    """Two words or more: a person's full name or an organisation's ("Big Machine")."""
    return len(name.split()) >= 2


class KnownNames:
    """The full names a text has given so far, to resolve a surname ("Volker") to its person."""

    def __init__(self) -> None:
        self.by_word: dict[str, str] = {}
        self.organisation: str | None = None  # the last organisation named ("the group said")

    def learn(self, sentence: str) -> None:
        if not _TWO_CAPS.search(sentence):
            return
        for m in NAME_RE.finditer(sentence):
            name = clean_name(m.group(0))
            if name and len(name.split()) >= 3 and _AFTER_PLACE_WORD.search(sentence, max(0, m.start() - 5), m.start()):
                name = name.split(" ", 1)[1]  # "ambassador to Britain Liu Xiaming": the place is not the name
            if name and is_full(name) and not name.isupper():
                self.add(name)
                if is_organisation(name):
                    self.organisation = name

    def add(self, name: str) -> None:
        words = [w for w in name.split() if not re.fullmatch(r"[A-Z]\.|Jr\.|Sr\.|II|III|IV", w)]
        for word in {words[-1], words[0]} if words else ():
            self.by_word[word.lower()] = name  # the latest person of that name wins

    def full(self, word: str) -> str | None:
        return self.by_word.get(word.lower())

    def resolve(self, name: str) -> str:
        """A surname (or a label in capitals: "BASH") as the full name the text gave it."""
        if is_full(name) and not name.isupper():
            return name
        last = name.split()[-1]
        known = self.full(last)
        if known:
            return known
        return name.title() if name.isupper() and len(name) > 6 else name
