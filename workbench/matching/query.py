"""From free text (a claim, a tweet) to clean words and a safe FTS5 MATCH expression."""

from __future__ import annotations

import html
import re
from functools import lru_cache

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "aren't",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "can't",
        "cannot",
        "could",
        "couldn't",
        "did",
        "didn't",
        "do",
        "does",
        "doesn't",
        "doing",
        "don't",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "hadn't",
        "has",
        "hasn't",
        "have",
        "haven't",
        "having",
        "he",
        "he'd",
        "he'll",
        "he's",
        "her",
        "here",
        "here's",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "how's",
        "i",
        "i'd",
        "i'll",
        "i'm",
        "i've",
        "if",
        "in",
        "into",
        "is",
        "isn't",
        "it",
        "it's",
        "its",
        "itself",
        "let's",
        "me",
        "more",
        "most",
        "mustn't",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "ought",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "shan't",
        "she",
        "she'd",
        "she'll",
        "she's",
        "should",
        "shouldn't",
        "so",
        "some",
        "such",
        "than",
        "that",
        "that's",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "there's",
        "these",
        "they",
        "they'd",
        "they'll",
        "they're",
        "they've",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "wasn't",
        "we",
        "we'd",
        "we'll",
        "we're",
        "we've",
        "were",
        "weren't",
        "what",
        "what's",
        "when",
        "when's",
        "where",
        "where's",
        "which",
        "while",
        "who",
        "who's",
        "whom",
        "why",
        "why's",
        "will",
        "with",
        "won't",
        "would",
        "wouldn't",
        "you",
        "you'd",
        "you'll",
        "you're",
        "you've",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "s",
        "t",
        "just",
        "now",
        "also",
        "via",
        "amp",
        "rt",
        "says",
        "said",
        "say",
        "new",
        "one",
        "get",
        "got",
        "like",
        "us",
        "u",
    ]
)
_URL = re.compile(r"(?:https?://|www\.)\S+|\bpic\.twitter\.com/\S+|\b\S+\.(?:com|org|net|ly|co)/\S*", re.I)
# "— Name (@handle) January 14, 2020" at the end of an embedded tweet.
_SIGNATURE = re.compile(r"\s[—–-]+\s(?P<name>[^—–\n(]{0,80})\(@\w+\)\s*(?:\w+\s\d{1,2},\s\d{4})?\s*$")
_HANDLE = re.compile(r"(?<!\w)@(\w+)")
_HASHTAG = re.compile(r"(?<!\w)#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def _split_tag(m: re.Match[str]) -> str:
    return " " + _CAMEL.sub(" ", m.group(1)) + " "


def clean_text(text: str) -> str:
    """Text without URLs and tweet signatures' dates; hashtags and @handles split into their words."""
    text = html.unescape(text)
    text = _SIGNATURE.sub(lambda m: " " + m.group("name") + " ", text)
    text = _URL.sub(" ", text)
    text = _HANDLE.sub(_split_tag, text)
    text = _HASHTAG.sub(_split_tag, text)
    return re.sub(r"\s+", " ", text).strip()


def words(text: str) -> list[str]:
    """Lowercased content words of ``text``, in order, without stopwords or duplicates."""
    seen: dict[str, None] = {}
    for raw in _WORD.findall(text.lower()):
        word = raw.replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        if word in STOPWORDS or (len(word) < 2 and not word.isdigit()):
            continue
        seen.setdefault(word, None)
    return list(seen)


def fts_query(terms: list[str]) -> str | None:
    """An FTS5 MATCH expression that ORs quoted terms: user text can't inject operators."""
    quoted = ['"' + t.replace('"', '""') + '"' for t in terms if t]
    return " OR ".join(quoted) if quoted else None


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix stripper so "killed" meets "kill" and "vaccines" meets "vaccine"."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word
