"""Extraction quality (CLEF 2024 check-worthiness, QuanTemp numeric claims) and speed."""

from __future__ import annotations

import json
import re
import time
import tracemalloc
from pathlib import Path

from benchmarks.data import EVAL, checkworthiness, numeric_claims
from tests.conftest import SEED_ARTICLE
from workbench.extract import (
    attribute,
    default_threshold,
    extract_claims,
    find_quantities,
    find_time_scope,
    score_sentence,
)


def checkworthiness_quality() -> dict[str, dict[str, float]]:
    threshold = default_threshold()
    results = {}
    for split in ("dev", "dev-test"):
        tp = fp = fn = 0
        for sentence, label in checkworthiness(split):
            predicted = score_sentence(sentence) >= threshold
            tp += predicted and label
            fp += predicted and not label
            fn += (not predicted) and label
        precision = tp / max(tp + fp, 1)
        recall = tp / max(tp + fn, 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        results[f"checkworthiness {split}"] = {
            "F1": f1,
            "precision": precision,
            "recall": recall,
            "threshold": threshold,
        }
    return results


_GROUPED = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d,])")
_SCALED = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(thousand|million|billion|trillion|bn|mn|tn|k|m|b)\b", re.I
)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6, "mn": 1e6}
_SCALE |= {"b": 1e9, "bn": 1e9, "tn": 1e12}


def _claimed(text: str, keep_numeric: bool = True) -> bool:
    """Whether ``text`` comes out of extract_claims as a claim with a quantity or a time scope."""
    return any(c.quantities or c.time_scope for c in extract_claims(text, keep_numeric=keep_numeric))


def numeric_quality() -> dict[str, dict[str, float]]:
    claims = numeric_claims()
    covered = 0
    grouped_total = grouped_exact = scaled_total = scaled_exact = 0
    for text, _ in claims:
        quantities = find_quantities(text)
        if quantities or find_time_scope(text):
            covered += 1
        for written in _GROUPED.findall(text):
            grouped_total += 1
            expected = float(written.replace(",", ""))
            if any(q.value == expected for q in quantities if written in q.text):
                grouped_exact += 1
    # Scaled numbers ("1.2 million", "$270billion") in every claim and debate sentence at hand.
    for text in (
        [t for t, _ in claims] + [s for s, _ in checkworthiness("dev")] + [s for s, _ in checkworthiness("train")]
    ):
        found = None
        for m in _SCALED.finditer(text):
            found = find_quantities(text) if found is None else found
            expected = float(m.group(1).replace(",", "")) * _SCALE[m.group(2).lower()]
            scaled_total += 1
            scaled_exact += any(abs(q.value - expected) < 1e-6 * expected or q.high == expected for q in found)
    results: dict[str, dict[str, float]] = {
        "numeric claims": {
            "claims": len(claims),
            "quantity or time recall": covered / len(claims),
            "come out as a claim with a quantity or time": sum(_claimed(t) for t, _ in claims) / len(claims),
            "the same, threshold on every sentence": sum(_claimed(t, False) for t, _ in claims) / len(claims),
            "comma-grouped numbers": grouped_total,
            "exact value accuracy": grouped_exact / max(grouped_total, 1),
            "scaled numbers": scaled_total,
            "scaled exact": scaled_exact / max(scaled_total, 1),
        }
    }
    # Precision on sentences with a number that debaters said (CLEF 2024 dev): does keeping every
    # numeric assertion pull in sentences the annotators found not worth checking?
    numeric = [(s, label) for s, label in checkworthiness("dev") if find_quantities(s) or _DIGIT.search(s)]
    for keep in (True, False):
        emitted = [label for s, label in numeric if extract_claims(s, keep_numeric=keep)]
        name = "numeric sentences, CLEF dev" + ("" if keep else " (threshold on every sentence)")
        results[name] = {
            "sentences": len(numeric),
            "check-worthy": sum(label for _, label in numeric),
            "claims": len(emitted),
            "precision": sum(emitted) / max(len(emitted), 1),
            "recall": sum(emitted) / max(sum(label for _, label in numeric), 1),
        }
    return results


_DIGIT = re.compile(r"\d")


def news_text(min_words: int = 300_000) -> str:
    """News-like text: the seed article and the debate sentences of CLEF 2024, in paragraphs."""
    parts = [SEED_ARTICLE.read_text(encoding="utf-8")]
    sentences = [s for s, _ in checkworthiness("train")]
    for start in range(0, len(sentences), 6):
        parts.append(" ".join(sentences[start : start + 6]))
    text = "\n\n".join(parts)
    while len(text.split()) < min_words:
        text += "\n\n" + text
    return text


def extraction_speed() -> dict[str, dict[str, float]]:
    text = news_text()
    words = len(text.split())
    started = time.perf_counter()
    claims = extract_claims(text, min_score=0)
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    extract_claims(text[: len(text) // 4], min_score=0)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "extraction speed": {
            "words": words,
            "seconds": elapsed,
            "words/s": words / elapsed,
            "claims": len(claims),
            "peak MB per 1M words (traced)": peak / 1e6 * (1_000_000 / (words / 4)),
        }
    }


ATTRIBUTIONS = Path(__file__).resolve().parents[1] / "tests" / "extract" / "data" / "attributions.json"


def _source_text(source: dict[str, str], passages: dict[str, str], name: str) -> str:
    where = source["text"]
    if where == "passage":
        return passages[name]
    if where.startswith("shared/eval/article-text: "):
        key = where.split(": ", 1)[1]
        articles = json.loads((EVAL / "article-text" / "ground-truth.json").read_text(encoding="utf-8"))
        return str(articles[key]["articleBody"])
    return (SEED_ARTICLE.parents[2] / where).read_text(encoding="utf-8")


def attribution_results() -> list[tuple[str, str | None, str | None, str]]:
    """(split, expected, found, sentence) for every labelled attribution."""
    data = json.loads(ATTRIBUTIONS.read_text(encoding="utf-8"))
    found_by_source: dict[str, tuple[str, list[tuple[int, int, str | None]]]] = {}
    rows = []
    for item in data["items"]:
        name = item["source"]
        if name not in found_by_source:
            text = _source_text(data["sources"][name], data["passages"], name)
            found_by_source[name] = (text, [(s.start, s.end, who) for s, who in attribute(text)])
        text, spans = found_by_source[name]
        at = text.find(item["starts"])
        if at < 0:
            raise ValueError(f"{ATTRIBUTIONS}: item {item['starts']!r}: not found in source {name}")
        start, end, who = next((s, e, w) for s, e, w in spans if s <= at < e or at < s)
        rows.append((data["sources"][name]["split"], item["claimant"], who, text[start:end]))
    return rows


def _same(expected: str | None, found: str | None) -> bool:
    return (expected or "").casefold().strip() == (found or "").casefold().strip()


def attribution_quality() -> dict[str, dict[str, float]]:
    rows = attribution_results()
    results = {}
    for split in ("dev", "holdout"):
        mine = [r for r in rows if r[0] == split]
        named = [r for r in mine if r[1]]
        results[f"claimants {split}"] = {
            "items": len(mine),
            "accuracy": sum(_same(e, f) for _, e, f, _ in mine) / len(mine),
            "accuracy where a claimant is expected": sum(_same(e, f) for _, e, f, _ in named) / len(named),
            "wrong name given": sum(bool(f) and not _same(e, f) for _, e, f, _ in mine) / len(mine),
        }
    return results
