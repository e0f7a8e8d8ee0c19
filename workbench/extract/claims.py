"""Text -> check-worthy claims, each with claimant, quantities, time scope, type and a normalized form."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from workbench.extract.claimant import SpeakerTracker
from workbench.extract.features import sentence_features
from workbench.extract.numbers import Quantity, find_quantities
from workbench.extract.sentences import Span, split_sentences
from workbench.extract.timescope import TimeScope, find_time_scope

_BOILERPLATE = re.compile(
    r"^(?:by\s[A-Z][\w.'-]+(?:\s[A-Z][\w.'-]+){0,3}(?:\s(?:and|&)\s[A-Z][\w.'-]+(?:\s[A-Z][\w.'-]+){0,3})?"
    r"(?:,|\s[-|–]|$)|reporting by|editing by|writing by|additional reporting|photo:|image:|caption:|"
    r"source:|credit:|©|copyright|all rights reserved|advertisement|subscribe|sign up|click here|read more|"
    r"follow us|share this|related:|also read|watch:|listen:|updated:|published:|posted:)",
    re.I,
)
# "Asked whether Islamabad wanted to join ..., he said." reports a question, not a claim.
_INDIRECT_QUESTION = re.compile(r"^(?:when\s)?(?:asked|questioned)\b[^.]{0,80}\b(?:whether|if|why|how|what)\b", re.I)
_CAUSAL = re.compile(
    r"\b(?:because|caused|causes|cause of|led to|leads to|lead to|due to|result(?:ed|s)? (?:of|in)|"
    r"thanks to|responsible for|blamed? (?:on|for)|contribut\w+ to|resulting in|so that|as a result)\b",
    re.I,
)
_COMPARISON = re.compile(
    r"\b(?:more|less|fewer|higher|lower|larger|smaller|bigger|greater|faster|slower|cheaper|richer|poorer|"
    r"better|worse)\s(?:\w+\s){0,3}than\b|\b(?:highest|lowest|largest|smallest|biggest|most|least|worst|"
    r"best|fastest|record)\b|\b(?:doubled|tripled|halved|compared (?:to|with)|increase[ds]?|decrease[ds]?|"
    r"rose|fell|dropped|grew|declined|surged|plunged|up from|down from)\b",
    re.I,
)
_PREDICTION = re.compile(
    r"\b(?:will|won't|shall|going to|is expected to|are expected to|is set to|forecasts?|projected|"
    r"predicts?|by 20[3-9]\d)\b",
    re.I,
)
_QUOTE = re.compile(r"[“\"«].{8,}?[”\"»]")
_DEATH = re.compile(
    r"\b(?:have|had|has)?\s?(?:lost (?:their|his|her) lives?|been killed|died|perished)\b|\bwere killed\b", re.I
)
_CLAUSE_BREAK = re.compile(r",?\s(?:so|but|and so|while|whereas|although|though)\s|;\s|:\s", re.I)
_ATTRIBUTION = re.compile(
    r"^[^“\"«]{0,80}?(?:said|says|stressed|added|told|claimed|argued|noted|insisted|stated|explained|"
    r"warned|declared|wrote|tweeted)\s?(?:that\s|:\s?)?",
    re.I,
)


@dataclass(frozen=True)
class ExtractedClaim:
    """A check-worthy sentence of an article; ``text == source[start:end]``."""

    text: str
    start: int
    end: int
    checkworthiness: float
    claim_type: str
    claimant: str | None = None
    quantities: list[dict[str, Any]] = field(default_factory=list)
    time_scope: dict[str, Any] | None = None
    normalized: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "checkworthiness": self.checkworthiness,
            "claim_type": self.claim_type,
            "claimant": self.claimant,
            "quantities": self.quantities,
            "time_scope": self.time_scope,
            "normalized": self.normalized,
        }


@dataclass(frozen=True)
class Model:
    threshold: float
    bias: float
    weights: dict[str, float]

    def probability(self, features: list[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


@lru_cache(maxsize=1)
def model() -> Model:
    """The check-worthiness model shipped in the package (see docs/decisions.md for provenance)."""
    raw = resources.files("workbench.extract").joinpath("checkworthiness_model.json").read_text("utf-8")
    data = json.loads(raw)
    return Model(float(data["threshold"]), float(data["bias"]), data["weights"])


def default_threshold() -> float:
    return model().threshold


_COMPARISON_WORDS = frozenset(
    """more less fewer higher lower larger smaller bigger greater faster slower cheaper richer poorer better
    worse highest lowest largest smallest biggest most least worst best fastest record doubled tripled halved
    compared increase increases increased decrease decreases decreased rose fell dropped grew declined surged
    plunged up down""".split()
)
_WORD = re.compile(r"[a-z]+")


def _is_comparison(text: str) -> bool:
    if _COMPARISON_WORDS.isdisjoint(_WORD.findall(text.lower())):
        return False
    return _COMPARISON.search(text) is not None


def _has_quantity(quantities: list[Quantity]) -> bool:
    """Whether the sentence states an amount (a "0 in 5" ratio does not count)."""
    return any(q.kind != "ratio" or q.value for q in quantities)


_LIST_NUMBER = re.compile(
    r"(?:\b(?:number|no\.?|page|chapter|section|point|step|part|item|article|rule|room|line|figure|table|"
    r"question|priority|act|season|episode|round|game|phase|stage|level|grade|class|category|type)\s+|['’])$",
    re.I,
)
_SPELLED_SMALL = 10  # "two daughters", "four years": spelled-out small counts are how people talk
_YEAR_IN = re.compile(r"\b(?:1[89]|20)\d\d\b|\d0['’]?s\b")


def asserts_quantity(sentence: str, quantities: list[Quantity], scope: TimeScope | None) -> bool:
    """Whether a sentence states an amount or a dated fact a checker can look up: such a sentence is
    a claim whatever its score (it is ranked by the score, never hidden). A list number ("number
    one"), a pronoun "one", a small spelled-out count or a time of day is not enough."""
    for q in quantities:
        if q.kind == "ratio":
            if q.value:
                return True
            continue
        if q.kind in ("percent", "money", "fraction"):
            return True
        if _LIST_NUMBER.search(sentence[max(0, q.start - 12) : q.start]):
            continue
        digits = any(ch.isdigit() for ch in q.text)
        if q.value >= 2 and (digits or q.value >= _SPELLED_SMALL or q.measure or q.qualifier):
            return True
    return scope is not None and _YEAR_IN.search(scope.text) is not None


def specificity(text: str, quantities: list[Quantity], has_time: bool) -> float:
    """How concrete a sentence is, 0..1: numbers, measures, dates and comparisons are checkable."""
    value = 0.0
    if _has_quantity(quantities):
        value += 0.5
        if any(q.measure for q in quantities):
            value += 0.15
    if has_time:
        value += 0.2
    if _is_comparison(text):
        value += 0.15
    return min(value, 1.0)


def blend(probability: float, concreteness: float) -> float:
    """The check-worthiness score: the model's probability, pulled toward the sentence's concreteness.

    The model alone over-rates long sentences; a checker ranks the one with a number first.
    """
    return 0.6 * probability + 0.4 * concreteness


def score_sentence(text: str, quantities: list[Quantity] | None = None, has_time: bool | None = None) -> float:
    """Check-worthiness of one sentence, 0..1."""
    if quantities is None:
        quantities = find_quantities(text)
    if has_time is None:
        has_time = find_time_scope(text) is not None
    features = sentence_features(text, n_quantities=len(quantities), has_time=has_time)
    return blend(model().probability(features), specificity(text, quantities, has_time))


def attribute(text: str, *, default_claimant: str | None = None) -> list[tuple[Span, str | None]]:
    """Every sentence of ``text`` with who says it (None: no one the text names).

    In a transcript a sentence starts after its speaker's label ("KHAN: "), and a line that holds
    only a label is no sentence. ``default_claimant`` is the speaker of a one-person text (a speech,
    a statement), used where nothing else attributes a sentence.
    """
    tracker = SpeakerTracker(text)
    spans = split_sentences(text)
    if tracker.turns:
        spans = _after_labels(text, spans, [(t.start, t.body) for t in tracker.turns])
    found = tracker.attribute_all(text, [(s.start, s.end) for s in spans])
    return [(span, who or default_claimant) for span, who in zip(spans, found, strict=True)]


def _after_labels(text: str, spans: list[Span], labels: list[tuple[int, int]]) -> list[Span]:
    out = []
    for span in spans:
        start = span.start
        for label_start, body in labels:
            if span.start <= label_start < span.end:
                start = max(start, body)
        while start < span.end and text[start].isspace():
            start += 1
        if start < span.end:
            out.append(Span(start, span.end) if start != span.start else span)
    return out


def extract_claims(
    text: str,
    *,
    article_date: date | None = None,
    min_score: float | None = None,
    default_claimant: str | None = None,
    keep_numeric: bool = True,
) -> list[ExtractedClaim]:
    """The check-worthy claims of ``text``, in reading order.

    Pure: no I/O beyond reading the packaged model once. ``min_score`` defaults to the model's
    tuned threshold; pass 0 to get every sentence that is not a question or boilerplate.
    ``default_claimant``: the speaker of a one-person text, for sentences nothing else attributes.
    ``keep_numeric``: a sentence that states an amount or a dated fact is a claim even under the
    threshold, with its own (low) score; pass False to apply the threshold to every sentence.
    """
    threshold = default_threshold() if min_score is None else min_score
    claims: list[ExtractedClaim] = []
    for span, claimant in attribute(text, default_claimant=default_claimant):
        sentence = text[span.start : span.end]
        if not _candidate(sentence):
            continue
        quantities = find_quantities(sentence)
        scope = find_time_scope(sentence, article_date)
        score = score_sentence(sentence, quantities, scope is not None)
        if score < threshold and not (keep_numeric and asserts_quantity(sentence, quantities, scope)):
            continue
        claims.append(
            ExtractedClaim(
                text=sentence,
                start=span.start,
                end=span.end,
                checkworthiness=round(score, 4),
                claim_type=classify(sentence, quantities),
                claimant=claimant,
                quantities=[q.as_dict() for q in quantities],
                time_scope=scope.as_dict() if scope else None,
                normalized=normalize(sentence, quantities, scope),
            )
        )
    return claims


def _candidate(sentence: str) -> bool:
    """Questions, bylines, boilerplate and fragments are not claims."""
    stripped = sentence.strip().strip("\"'“”‘’«»")
    if stripped.endswith("?") or _INDIRECT_QUESTION.search(stripped):
        return False
    if _BOILERPLATE.match(stripped):
        return False
    words = re.findall(r"\w+", stripped)
    return len(words) >= 4 or (len(words) >= 2 and any(ch.isdigit() for ch in stripped))


def classify(sentence: str, quantities: list[Quantity]) -> str:
    if _has_quantity(quantities):
        return "statistic"
    if _is_comparison(sentence):
        return "comparison"
    if _CAUSAL.search(sentence):
        return "causal"
    if _PREDICTION.search(sentence):
        return "prediction"
    if _QUOTE.search(sentence):
        return "quote"
    return "other"


def normalize(sentence: str, quantities: list[Quantity], scope: TimeScope | None) -> str:
    """A short checkable statement: the clause that holds the claim, without attribution or
    quotation marks, deaths said as "killed", the time scope at the end."""
    text = sentence
    if scope is not None:
        text = text[: scope.offset] + " " * scope.length + text[scope.offset + scope.length :]
    # Keep the clause with the first quantity (or the first clause), after any attribution.
    anchor = quantities[0].start if quantities else None
    if _QUOTE.search(text) or _ATTRIBUTION.match(text):
        quote = re.search(r"[“\"«](.+?)(?:[”\"»]|$)", text)
        if quote and (anchor is None or quote.start(1) <= anchor <= quote.end(1)):
            text = quote.group(1)
            anchor = None if anchor is None else text.find(quantities[0].text)
    pieces = _CLAUSE_BREAK.split(text)
    if anchor is not None and anchor >= 0:
        position = 0
        chosen = pieces[0]
        for piece in pieces:
            found = text.find(piece, position)
            if found <= anchor < found + len(piece) + 1:
                chosen = piece
                break
            position = found + len(piece)
        text = chosen
    else:
        text = pieces[0]
    text = re.sub(r"^\s*according to [^,]{2,60},\s*", "", text, flags=re.I)
    text = _DEATH.sub(" killed", text)
    text = re.sub(r"[()\[\]“”\"«»]", "", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;:.-–—")
    text = re.sub(r"^(?:that|and|but|so)\s", "", text, flags=re.I)
    text = re.sub(r"\s([,.;:])", r"\1", text)
    if scope is not None:
        phrase = scope.text.strip()
        phrase = phrase[0].lower() + phrase[1:] if phrase[:1].isupper() and not phrase[:2].isupper() else phrase
        text = f"{text} {phrase}" if text else phrase
    return text[:1].upper() + text[1:] if text else sentence.strip()
