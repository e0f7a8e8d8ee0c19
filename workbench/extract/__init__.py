"""Text -> claims. Pure functions: no I/O, no database; stands alone (stdlib only)."""

from workbench.extract.claims import ExtractedClaim, attribute, default_threshold, extract_claims, score_sentence
from workbench.extract.numbers import Quantity, find_quantities, parse_number
from workbench.extract.sentences import Span, split_sentences
from workbench.extract.timescope import TimeScope, find_time_scope

__all__ = [
    "ExtractedClaim",
    "Quantity",
    "Span",
    "TimeScope",
    "attribute",
    "default_threshold",
    "extract_claims",
    "find_quantities",
    "find_time_scope",
    "parse_number",
    "score_sentence",
    "split_sentences",
]
