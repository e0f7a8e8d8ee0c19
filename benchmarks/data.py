"""Loaders for the public evaluation data in ../shared/eval (never copied into the project)."""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

EVAL = Path(os.environ.get("WORKBENCH_EVAL", Path(__file__).resolve().parents[2] / "shared" / "eval"))


def checkworthiness(split: str) -> list[tuple[str, bool]]:
    """(sentence, is check-worthy) pairs of CLEF 2024 CheckThat! task 1 English."""
    path = EVAL / "checkworthiness-2024" / f"CT24_checkworthy_english_{split}.tsv"
    rows: list[tuple[str, bool]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t")
        next(reader)
        for row in reader:
            if len(row) < 3:
                continue
            if len(row) >= 5 and re.fullmatch(r"(?:Yes|No)\d+", row[2]):
                # A known glued line of train: "id\ttext\tNo29286\ttext\tNo" holds two records.
                rows.append((row[1], row[2].startswith("Yes")))
                rows.append((row[3], row[4].strip() == "Yes"))
                continue
            label = row[2]
            rows.append((row[1], label.strip() == "Yes"))
    return rows


def numeric_claims() -> list[tuple[str, str]]:
    path = EVAL / "numeric-claims" / "complex_num_facts_categorized_subset.csv"
    out = []
    with path.open(encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            line = line.rstrip("\n")
            if "@" in line:
                claim, label = line.rsplit("@", 1)
                out.append((claim, label))
    return out


def qrels(path: Path) -> dict[str, set[str]]:
    rel: dict[str, set[str]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) >= 4 and parts[3] != "0":
                rel.setdefault(parts[0], set()).add(parts[2])
    return rel


def tsv_rows(path: Path, *, header: bool) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        if header:
            next(reader)
        yield from reader


def jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)
