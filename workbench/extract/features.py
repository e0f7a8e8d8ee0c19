"""Features of a sentence for the check-worthiness model (shared by inference and training)."""

from __future__ import annotations

import re
from itertools import pairwise

_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|\d[\d,.]*%?|[$€£%]|\?")
_COMPARATIVE = re.compile(
    r"\b(?:more|less|fewer|than|most|least|highest|lowest|largest|smallest|biggest|double[ds]?|tripled?|"
    r"half|increase[ds]?|decrease[ds]?|rose|risen|fell|fallen|drop(?:ped)?|grew|grown|cut|record|"
    r"only|every|never|always|first|last)\b",
    re.I,
)
_FIRST_PERSON_OPINION = re.compile(
    r"\b(?:i|we)\s(?:think|believe|feel|hope|want|wish|will|would|can|must|should|need|are going)\b", re.I
)


def _shape(token: str) -> str:
    if token[0].isdigit():
        if token.endswith("%"):
            return "<pct>"
        digits = re.sub(r"\D", "", token)
        if len(digits) == 4 and digits[:2] in ("19", "20") and "," not in token:
            return "<year>"
        return "<num>"
    return token


def tokens(text: str) -> list[str]:
    return [_shape(t) for t in _TOKEN.findall(text.lower())]


def sentence_features(text: str, *, n_quantities: int, has_time: bool) -> list[str]:
    """Sparse binary features: words, word pairs and a few signals a checker looks for."""
    toks = tokens(text)
    feats = {f"w:{t}" for t in toks}
    feats.update(f"b:{a}_{b}" for a, b in pairwise(toks))
    n = len(toks)
    feats.add(f"len:{min(n // 5, 8)}")
    if n_quantities:
        feats.add("has_quantity")
        if n_quantities > 1:
            feats.add("many_quantities")
    if has_time:
        feats.add("has_time")
    if _COMPARATIVE.search(text):
        feats.add("comparative")
    if _FIRST_PERSON_OPINION.search(text):
        feats.add("first_person_opinion")
    if text.rstrip().endswith("?"):
        feats.add("question")
    return sorted(feats)
