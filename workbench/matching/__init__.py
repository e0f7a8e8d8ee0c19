"""Claims -> records: FTS5 candidates, rapidfuzz re-ranking, number- and time-aware, explained."""

from workbench.matching.matcher import Match, Matcher, match_claims, score_words

__all__ = ["Match", "Matcher", "match_claims", "score_words"]
