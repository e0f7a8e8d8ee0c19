"""Generated data for the speed benchmarks: realistic-looking fact-check records, deterministic."""

from __future__ import annotations

import csv
import random
from pathlib import Path

SUBJECTS = [
    "government",
    "minister",
    "president",
    "senator",
    "governor",
    "mayor",
    "company",
    "study",
    "report",
    "survey",
    "police",
    "army",
    "hospital",
    "school",
    "university",
    "court",
    "agency",
    "council",
    "union",
    "bank",
    "city",
    "state",
    "country",
    "region",
    "party",
    "campaign",
]
VERBS = [
    "said",
    "claimed",
    "reported",
    "estimated",
    "announced",
    "found",
    "showed",
    "revealed",
    "denied",
    "confirmed",
    "warned",
    "promised",
]
TOPICS = [
    "unemployment",
    "inflation",
    "crime",
    "taxes",
    "vaccines",
    "immigration",
    "wages",
    "deaths",
    "injuries",
    "exports",
    "imports",
    "debt",
    "deficit",
    "emissions",
    "rainfall",
    "housing",
    "rents",
    "tuition",
    "pensions",
    "tariffs",
    "subsidies",
    "arrests",
    "shootings",
    "refugees",
    "cases",
    "hospitalisations",
    "prices",
    "salaries",
    "budget",
    "spending",
    "revenue",
    "profits",
    "losses",
    "accidents",
    "votes",
    "turnout",
]
PLACES = [
    "Pakistan",
    "India",
    "France",
    "Germany",
    "Brazil",
    "Nigeria",
    "Kenya",
    "Texas",
    "Ohio",
    "London",
    "Paris",
    "Lagos",
    "Karachi",
    "Lahore",
    "Mumbai",
    "Berlin",
    "Madrid",
    "Rome",
    "Tokyo",
    "Sydney",
    "Toronto",
    "Chicago",
    "Mexico",
    "Egypt",
    "Turkey",
    "Iran",
    "Iraq",
    "Syria",
    "Afghanistan",
    "Canada",
]
CHANGES = [
    "rose",
    "fell",
    "doubled",
    "halved",
    "increased",
    "decreased",
    "tripled",
    "dropped",
    "climbed",
    "surged",
    "plunged",
    "stayed",
]
RATINGS = ["True", "Mostly true", "Half true", "Mostly false", "False", "Misleading", "Unproven"]
FILLER = [f"{a}{b}" for a in ("kal", "vor", "men", "tis", "dar", "pel", "sun", "rob", "lin", "gar") for b in
          ("ex", "ia", "on", "ur", "ak", "et", "is", "um", "ol", "an")]  # fmt: skip


def record(rng: random.Random, index: int) -> tuple[str, str, str, str, str]:
    number = rng.choice([rng.randint(2, 99), rng.randint(100, 9999), rng.randint(10_000, 999_999)])
    year = rng.randint(1990, 2024)
    text = (
        f"The {rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(TOPICS)} in {rng.choice(PLACES)} "
        f"{rng.choice(CHANGES)} to {number:,} {rng.choice(FILLER)} {rng.choice(FILLER)} in {year}."
    )
    title = f"Did {rng.choice(TOPICS)} in {rng.choice(PLACES)} {rng.choice(CHANGES)}?"
    return f"r{index}", text, title, rng.choice(RATINGS), str(number)


def write_csv(path: Path, rows: int, seed: int = 42) -> Path:
    """A CSV of ``rows`` records (id, text, title, rating, value), about 150 bytes a row."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "title", "rating", "value"])
        for i in range(rows):
            writer.writerow(record(rng, i))
    return path


def claims(count: int, seed: int = 7) -> list[str]:
    """Claims phrased like the records (so they have real matches), for matching speed."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        _, text, _, _, _ = record(rng, 0)
        out.append(f"A spokesman said {text[4:].replace('.', '')} according to officials")
    return out
