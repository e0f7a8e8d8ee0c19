"""Who makes a claim: "X said", "said X", "X said:", "according to X", a surname alone ("Volker said"
after "Kurt Volker"), he / she, titles ("the president said" -> the last person named president),
quotes that run on over sentences and paragraphs, and the speaker turns of a transcript."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from workbench.extract.names import NAME, NAME_RE, KnownNames, clean_name, is_full, is_organisation, is_person
from workbench.extract.turns import Turn, is_anonymous, speaker_turns

SPEECH_VERBS = (
    r"said|says|stressed|added|adds|told|tells|claimed|claims|argued|argues|noted|notes|insisted|insists|"
    r"stated|states|explained|explains|warned|warns|declared|declares|wrote|writes|tweeted|tweets|posted|"
    r"asserted|asserts|maintained|maintains|announced|announces|admitted|admits|alleged|alleges|"
    r"estimated|estimates|reported|reports|revealed|reveals|informed|emphasi[sz]ed|underlined|"
    r"pointed out|recalled|remarked|continued|replied|answered|acknowledged|boasted|complained|"
    r"suggested|predicted|promised|vowed|responded|concluded|observed|confirmed|denied|denies|quoted|"
    r"criticized|criticised|saying|urged|urges|testified|reiterated|disputed|begged|accused|cautioned|"
    r"conceded|contended|agreed|asked|highlighted|countered|warning|adding|noting|arguing|insisting|stressing|"
    r"claiming|telling"
)
# Verbs that may come before the speaker: "..., said Shotwell".
_INVERSION = (
    r"said|says|added|adds|wrote|writes|explained|noted|continued|argued|insisted|stressed|warned|recalled|"
    r"replied|tweeted|declared|stated|remarked|observed|acknowledged|reports|reported|writes"
)
# An appositive ("Morrison, Vindman's superior, said") is not a clause of its own.
_CLAUSE = r"(?:(?:it|he|she|they|we|i|and|but|when|while|after|before|because|if|so|then)\b)"
_PREPOSITION = r"(?:to|in|on|at|during|by|from|with|for|of|after|before|that|about|into|over|under)"
_REPORT_WORDS = r"survey|study|report|analysis|poll|statement|estimate|estimates|data|figures|research|count|tally"
_ADVERBS = (
    r"(?:(?:has|had|have|also|then|later|earlier|previously|again|further|once|repeatedly|recently|first|"
    r"initially|now|still|already|publicly|privately|separately)\s)*"
)
_TITLE = (
    r"(?:(?:former|deputy|acting|vice|chief|then|the|a|an|[A-Z][a-z]+(?:n|i|ese|ish|ch|an)|"
    r"[A-Z][a-z]+'s|US|U\.S\.|UK|EU|UN)\s){0,4}"
    r"(?:prime minister|president|minister|chancellor|secretary(?: of state| general)?|spokes(?:man|woman|person)"
    r"|senator|governor|mayor|premier|king|queen|leader|chairman|chairwoman|chair|ceo|director|"
    r"ambassador|general|official|officials|economist|scientist|professor|candidate|congressman|"
    r"congresswoman|lawmaker|mp|head)(?:\sof\s(?:the\s)?[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?"
)
_COMMON_SPEECH = re.compile(r"\b(?:sa(?:id|ys|ying)|told|stressed|added|according|quoted)\b")
# The whole-text fallbacks (a title named before its person, the text's main speaker) look this far.
_LOOKAHEAD = 20_000
# A set lookup is much faster than the alternation for the common case: no speech verb at all.
_SPEECH_WORDS = frozenset(re.findall(r"[a-z]+", SPEECH_VERBS.replace("emphasi[sz]ed", "emphasised emphasized"))) | {
    "according",
    "quoted",
}
_LOWER_WORD = re.compile(r"[a-z]+")


def _has_speech(sentence: str) -> bool:
    return not _SPEECH_WORDS.isdisjoint(_LOWER_WORD.findall(sentence.lower()))


_PRONOUN = re.compile(
    rf"\b(?P<p>he|she)\s{_ADVERBS}(?:{SPEECH_VERBS})\b|(?:[,”\"’]\s*)(?:{_INVERSION})\s(?P<p2>he|she)\b", re.I
)
# "the group said", "the company added", "they said" (an organisation's statement).
_GROUP_SPEAKER = re.compile(
    r"\b(?:the\s(?P<noun>group|company|firm|agency|organi[sz]ation|ministry|department|party|coalition|union|"
    r"campaign|office|commission|committee|council|label|network|bank|charity|association|institute|university)"
    rf"|(?P<they>they))\s{_ADVERBS}(?:{SPEECH_VERBS})\b",
    re.I,
)
_PATTERNS = [
    # Kurt Volker said / Morrison, Vindman's superior, said / Big Machine, says / Trump said:
    re.compile(
        rf"(?<![\w.’'-])(?<!\bof )(?<!\bto )(?<!\bfor )(?P<name>{NAME})"
        rf"(?:(?:,\s(?!{_CLAUSE})[^,“”\"]{{2,90}}){{1,3}},\s|,\s(?=says|said)|\s)"
        rf"{_ADVERBS}(?:{SPEECH_VERBS})\b(?!\s(?:to|by)\b)"
    ),
    # "...," said Shotwell / "...," said White House Press Secretary Stephanie Grisham
    # "...," says veteran industry analyst Ken Doctor (lowercase words of a role, no preposition)
    re.compile(
        rf"(?:^|[,”\"’]\s*|—\s*)(?:{_INVERSION})\s(?:the\s)?(?:(?!{_PREPOSITION}\b)[a-z][\w-]*\s){{0,4}}(?P<name>{NAME})"
    ),
    re.compile(
        rf"\b(?i:according to)\s(?:(?:a|an|the)\s(?:[\w-]+\s){{0,3}}?(?:{_REPORT_WORDS})\s(?:by|from|of)\s)?"
        rf"(?:the\s)?(?:(?i:{_TITLE})\s)?(?P<name>{NAME})"
    ),
    re.compile(rf"\bquoted\s(?P<name>{NAME})\sas\s(?:saying|stating)"),
]
_ACCORDING = 2  # the pattern whose one-word names need the text's backing ("according to the Intelligencer")
_TITLE_SPEAKER = re.compile(
    rf"\b(?P<title>(?:the\s)?{_TITLE})(?:,\s[^,]{{3,60}},)?\s{_ADVERBS}(?:{SPEECH_VERBS})\b"
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
_HEAD_WORDS = frozenset(
    """prime minister president chancellor secretary spokesman spokeswoman spokesperson senator governor mayor
    premier king queen leader chair chairman chairwoman ceo director ambassador general official economist
    scientist professor candidate congressman congresswoman lawmaker mp head""".split()
)
_LONGEST_QUOTE = 12  # sentences a quotation with no closing mark is followed for
_OPENERS = "“\"«‘'"
_QUOTE_MARKS = re.compile(r"[“”\"«»]")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»|[“\"«].*")
# A quotation's own attribution to someone unnamed: '"...," one commenter said'.
_UNNAMED = re.compile(rf"[”\"],?\s+(?:[a-z]+\s){{1,4}}(?:[A-Z]\w+\s)?[a-z]+\s(?:{_INVERSION})\b")
_BARE_ATTRIBUTION = re.compile(rf"^\W*(?:{NAME}\s(?:{_INVERSION})|(?:{_INVERSION})\s{NAME})\W*$")


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


@dataclass
class _Said:
    """What one sentence says of its speaker, before quotes are followed."""

    speaker: str | None
    how: str  # "turn", "explicit", "pronoun", "title", "" (nothing)
    opens: bool  # starts inside or opens a quotation that does not close in it
    closes: bool  # closes a quotation opened before it
    quote: bool  # is (or holds) a quotation
    paragraph: int
    unnamed: bool = False  # attributed to someone the text does not name ("one commenter said")
    focus: str | None = None  # the person the text was about in the two sentences before
    quote_marks: bool = False  # has quotation marks of its own
    curly: bool = False  # the open quotation was opened with a curly mark (reliable, unlike '"')


class SpeakerTracker:
    """Attributes the sentences of one text in order, remembering the names it has given."""

    def __init__(self, article_text: str = "") -> None:
        self.text = article_text
        self.known = KnownNames()
        self.last: str | None = None  # the last speaker
        self.focus: str | None = None  # the last person a sentence was about (for he / she)
        self.titles: dict[str, str] = {}  # title -> the last person named with it
        self.last_organisation: str | None = None  # the last organisation that spoke ("they said")
        self.sentences = 0
        self.focus_at = -10
        self.organisation_at = -10  # the sentence that named the last organisation
        self._first_titles: dict[str, str] | None = None
        self._counts: Counter[str] | None = None
        self._everyone: KnownNames | None = None
        self.turns = speaker_turns(article_text, lambda label: self.everyone.full(label.split()[-1]) is not None)

    # What the whole text says, looked at only when a sentence needs it (most never do).
    @property
    def first_titles(self) -> dict[str, str]:
        """Title -> the first person the whole text names with it."""
        if self._first_titles is None:
            self._first_titles = {}
            for window in _windows(self.text[:_LOOKAHEAD], _HEAD, 120, 80):
                for title, name in self._titled(window):
                    self._first_titles.setdefault(title, name)
        return self._first_titles

    @property
    def counts(self) -> Counter[str]:
        """How often the whole text names each speaker."""
        if self._counts is None:
            self._counts = Counter()
            for window in _windows(self.text[:_LOOKAHEAD], _COMMON_SPEECH, 160, 80):
                for pattern in _PATTERNS:
                    for m in pattern.finditer(window):
                        cleaned = clean_name(m.group("name"))
                        if cleaned and is_full(cleaned) and not cleaned.isupper():
                            self._counts[cleaned] += 1
        return self._counts

    @property
    def everyone(self) -> KnownNames:
        """Every full name of the whole text (a surname may come before its full name)."""
        if self._everyone is None:
            self._everyone = KnownNames()
            self._everyone.learn(self.text)
        return self._everyone

    @staticmethod
    def _titled(text: str) -> list[tuple[str, str]]:
        out = []
        for m in _TITLED_NAME.finditer(text):
            name = clean_name(m.group("name") or m.group("name2") or "")
            title = m.group("title") or m.group("title2") or ""
            head = _HEAD.search(title)
            if name and head and (is_full(name) or (name[0].isupper() and not name.isupper() and len(name) > 2)):
                out.append((head.group(1).lower(), name))
        return out

    # -- one sentence --------------------------------------------------------------------------

    def attribute(self, sentence: str, previous: str = "") -> str | None:
        """The claimant of ``sentence`` from its own words (and a colon ending ``previous``)."""
        speaker, _ = self._find(sentence, previous)
        self._remember(sentence, speaker)
        return speaker

    def _remember(self, sentence: str, speaker: str | None) -> None:
        self.sentences += 1
        organisation = self.known.organisation
        if not _HEAD_WORDS.isdisjoint(_LOWER_WORD.findall(sentence.lower())) and _HEAD.search(sentence):
            for title, name in self._titled(sentence):
                self.titles[title] = name
        self.known.learn(sentence)
        if self.known.organisation != organisation:
            self.organisation_at = self.sentences
        if speaker:
            self.last = speaker
            self.focus = speaker
            self.focus_at = self.sentences
            if is_organisation(speaker) or _GROUP_SPEAKER.search(sentence):
                self.last_organisation = speaker
            if is_full(speaker):
                self.known.add(speaker)
        else:
            subject = self._subject(sentence)
            if subject:
                self.focus = subject
                self.focus_at = self.sentences

    def _subject(self, sentence: str, reach: int = 120) -> str | None:
        """The person a sentence is about: the first name it gives, outside quotations."""
        head = _QUOTED.sub(" ", sentence[:reach])
        for m in NAME_RE.finditer(head):
            name = clean_name(m.group(0))
            if name and is_person(name):
                return name
            if name and not is_full(name):
                full = self.known.full(name)
                if full and is_person(full):
                    return full
        return None

    def _name(self, raw: str, pattern: int) -> str | None:
        name = clean_name(raw)
        if not name:
            return None
        if is_full(name):
            return name if not name.isupper() else self.known.resolve(name)
        full = self.known.full(name) or self.everyone.full(name)
        if full:
            return full
        if (pattern == _ACCORDING and not name.isupper()) or len(name) < 3:
            return None
        return name

    def _find(self, sentence: str, previous: str) -> tuple[str | None, str]:
        """The first attribution the sentence makes, by where it stands in it."""
        if not _has_speech(sentence):
            return None, ""
        found: list[tuple[int, str, str]] = []
        # "According to NPR's Feng, Li Jifeng ... wrote": the speaker, not the source that reports them.
        sourced = [(m.start(), _clause_end(sentence, m.end())) for m in _PATTERNS[_ACCORDING].finditer(sentence)]
        for i, pattern in enumerate(_PATTERNS):
            if i == _ACCORDING and found:
                break
            m = pattern.search(sentence)
            while m:
                # Matches may overlap: "NPR's Feng, Li Jifeng, a doctor, wrote" holds two subjects.
                inside = i != _ACCORDING and any(a <= m.start("name") < b for a, b in sourced)
                name = None if inside else self._name(m.group("name"), i)
                if name:
                    found.append((m.start(), name, "explicit"))
                    break
                m = pattern.search(sentence, m.start("name") + 1)
        titled = _TITLE_SPEAKER.search(sentence)
        if titled and not (found and found[0][0] <= titled.start()):
            title = titled.group("title") or titled.group("title2") or titled.group("title3")
            resolved = self._resolve_title(title)
            if resolved:
                found.append((titled.start(), resolved, "title"))
        group = _GROUP_SPEAKER.search(sentence)
        if group:
            # "the group said": the last organisation named; "they said": an organisation that spoke
            # last or was named in the last two sentences (never a guess among people).
            recent = self.known.organisation if self.sentences - self.organisation_at <= 2 else None
            if group.group("noun"):
                who = self.known.organisation
            elif self.last and self.last == self.last_organisation:
                who = self.last
            else:
                who = recent
            if who:
                found.append((group.start(), who, "pronoun"))
        pronoun = _PRONOUN.search(sentence)
        if pronoun:
            who = self._subject(sentence[: pronoun.start()], len(sentence)) or self.focus
            if who:
                found.append((pronoun.start(), who, "pronoun"))
        if not found:
            return None, ""
        _, name, how = min(found, key=lambda f: f[0])
        return name, how

    def _resolve_title(self, title: str) -> str | None:
        head = _HEAD.search(title)
        if head:
            key = head.group(1).lower()
            if key in self.titles:
                return self.titles[key]
            if key in self.first_titles:
                return self.first_titles[key]
        if self.last:
            return self.last
        if self.counts:
            return self.counts.most_common(1)[0][0]
        return None

    # -- a whole text ----------------------------------------------------------------------------

    def speaker_of_turn(self, turn: Turn) -> str | None:
        label = re.sub(r"^(?:MR|MS|MRS|DR|SEN|REP|GOV)\.\s", "", turn.label)
        if is_anonymous(label):
            return None
        if label.upper().startswith("THE ") or _HEAD.fullmatch(label.lower()):
            head = _HEAD.search(label.lower())
            key = head.group(1) if head else ""
            return self.titles.get(key) or self.first_titles.get(key)  # never a guess from who spoke last
        full = self.everyone.full(label.split()[-1])
        if full:
            return full
        name = clean_name(label.title() if label.isupper() else label)
        if name and is_full(name):
            self.everyone.add(name)
        return name

    def attribute_all(self, text: str, spans: list[tuple[int, int]]) -> list[str | None]:
        """The claimant of each sentence span of ``text`` (offsets in order)."""
        said: list[_Said] = []
        turns = self.turns
        turn_at = 0
        speaker_now: str | None = None
        in_quote = curly = False
        paragraph = 0
        last_end = 0
        for start, end in spans:
            if "\n\n" in text[last_end:start] or (turns and "\n" in text[last_end:start]):
                paragraph += 1
            last_end = end
            sentence = text[start:end]
            while turn_at < len(turns) and turns[turn_at].start < end:
                speaker_now = self.speaker_of_turn(turns[turn_at])
                turn_at += 1
                paragraph += 1
            opened_before = in_quote
            marks = _quote_balance(sentence)
            if marks is not None:
                in_quote = _still_open(sentence, in_quote)
                curly = "“" in sentence or "«" in sentence
            quote = bool(_QUOTE_MARKS.search(sentence)) or opened_before
            if turns and turn_at:
                said.append(_Said(speaker_now, "turn", False, False, quote, paragraph))
                self._remember(sentence, speaker_now)
                continue
            speaker, how = self._find(sentence, "")
            focus = self.focus if self.sentences - self.focus_at <= 2 else None
            self._remember(sentence, speaker)
            unnamed = not speaker and quote and _UNNAMED.search(sentence) is not None
            opens = opened_before or in_quote
            marks_here = marks is not None
            said.append(
                _Said(speaker, how, opens, opened_before and not in_quote, quote, paragraph, unnamed, focus, marks_here)
            )
            said[-1].curly = curly
        return _follow_quotes(said, spans, text)


def _clause_end(sentence: str, start: int) -> int:
    comma = sentence.find(",", start)
    return comma if comma >= 0 else len(sentence)


def _still_open(sentence: str, was_open: bool) -> bool:
    """Whether a quotation is open after ``sentence``: curly quotes by the last mark (a paragraph
    that carries a quote on opens it again), straight quotes by their count."""
    last_open = max(sentence.rfind("“"), sentence.rfind("«"))
    last_close = max(sentence.rfind("”"), sentence.rfind("»"))
    if last_open >= 0 or last_close >= 0:
        return last_open > last_close
    return was_open != (sentence.count('"') % 2 == 1)


def _quote_balance(sentence: str) -> int | None:
    """+1 when the sentence leaves a quotation open, 0 when it closes all it opens, -1 when it only
    closes one; None when it has no quotation marks."""
    opening = sentence.count("“") + sentence.count("«")
    closing = sentence.count("”") + sentence.count("»")
    straight = sentence.count('"')
    if not opening and not closing and not straight:
        return None
    if straight and not opening and not closing:
        return straight % 2
    if opening > closing:
        return 1
    if closing > opening:
        return -1
    return 0


def _follow_quotes(said: list[_Said], spans: list[tuple[int, int]], text: str) -> list[str | None]:
    """A quotation is its speaker's in every sentence it spans, and the next quotation with no
    speaker of its own (a new paragraph that carries on the quote) is the same speaker's."""
    out = [s.speaker for s in said]
    run, block = 0, False
    for i, s in enumerate(said):
        if s.speaker or s.how == "turn" or s.unnamed:
            continue
        sentence = text[spans[i][0] : spans[i][1]].lstrip()
        if not (s.opens or s.quote):
            continue
        # The quotation closes later, where its speaker is named.
        if s.opens and not s.closes:
            for j in range(i + 1, min(i + 6, len(said))):
                if said[j].speaker and said[j].how in ("explicit", "pronoun", "title"):
                    out[i] = said[j].speaker
                    break
                if said[j].closes or not said[j].opens:
                    break
            if out[i]:
                continue
        # "...right?" followed by "Sanborn said."
        if i + 1 < len(said) and said[i + 1].speaker:
            following = text[spans[i + 1][0] : spans[i + 1][1]]
            if _BARE_ATTRIBUTION.match(following):
                out[i] = said[i + 1].speaker
                continue
        # Inside a quotation opened (with a curly mark) by a sentence that named its speaker:
        # 'Cheuk said: “These rioters are criminals. / They have to face the consequences.'
        if s.opens and s.curly and i and said[i - 1].opens and out[i - 1] and not s.quote_marks:
            out[i] = out[i - 1]
            continue
        # A quotation that carries on the one before it ("...," Hege said. / "At the end of the day, ..."),
        # or a quoted paragraph after a sentence that reports its speaker ('Erekat said ... / "They ..."').
        before = text[spans[i - 1][0] : spans[i - 1][1]] if i else ""
        if i and sentence[:1] in _OPENERS and out[i - 1] and (said[i - 1].quote or _BARE_ATTRIBUTION.match(before)):
            out[i] = out[i - 1]
            continue
        if sentence[:1] in _OPENERS and i and said[i - 1].speaker and said[i - 1].how in ("explicit", "pronoun"):
            out[i] = out[i - 1]
            continue
        # A long quotation (a speech) that no one is named for: the person the text just introduced,
        # and every sentence while it stays open.
        # Only a block quotation counts: it opens a sentence with a curly quote that does not close.
        if i and s.opens and not s.quote_marks and block and out[i - 1] and run < _LONGEST_QUOTE:
            out[i] = out[i - 1]
            run += 1
        elif s.opens and sentence[:1] in "“«" and s.focus and not (i and said[i - 1].opens):
            out[i] = s.focus
            block, run = True, 0
        if s.quote_marks:
            block = block and out[i] is not None and sentence[:1] in "“«" and not s.closes
    return out
