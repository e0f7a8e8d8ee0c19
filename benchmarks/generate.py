"""Generated data for the speed benchmarks: realistic-looking fact-check records, deterministic."""

from __future__ import annotations

import bisect
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


def _vocabulary(rng: random.Random, size: int = 120_000) -> list[str]:
    syllables = [a + b for a in "bdfgklmnprstvz" for b in "aeiou"]
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


class Generator:
    """Records whose words follow a Zipf-like law, as in real text: a few words are everywhere,
    most are rare. (A small closed vocabulary would make every word common, which real data is not.)"""

    def __init__(self, seed: int = 42) -> None:
        self.rng = random.Random(seed)
        self.vocabulary = _vocabulary(random.Random(seed + 1))
        weights = [1 / (rank + 10) ** 1.05 for rank in range(len(self.vocabulary))]
        total = sum(weights)
        self.cumulative = []
        running = 0.0
        for weight in weights:
            running += weight / total
            self.cumulative.append(running)

    def word(self) -> str:
        return self.vocabulary[min(bisect.bisect(self.cumulative, self.rng.random()), len(self.vocabulary) - 1)]

    def record(self, index: int) -> tuple[str, str, str, str, str]:
        rng = self.rng
        number = rng.choice([rng.randint(2, 99), rng.randint(100, 9999), rng.randint(10_000, 999_999)])
        year = rng.randint(1990, 2024)
        text = (
            f"The {rng.choice(SUBJECTS)} of {self.word().title()} {rng.choice(VERBS)} {rng.choice(TOPICS)} "
            f"in {rng.choice(PLACES)} {rng.choice(CHANGES)} to {number:,} {self.word()} {self.word()} in {year}."
        )
        title = f"Did {rng.choice(TOPICS)} in {self.word().title()} {rng.choice(CHANGES)}?"
        return f"r{index}", text, title, rng.choice(RATINGS), str(number)


def write_csv(path: Path, rows: int, seed: int = 42) -> Path:
    """A CSV of ``rows`` records (id, text, title, rating, value), about 150 bytes a row."""
    generator = Generator(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "title", "rating", "value"])
        for i in range(rows):
            writer.writerow(generator.record(i))
    return path


def paraphrase(text: str, rng: random.Random) -> str:
    """A claim about a record, as a checker meets it: reworded a little, with social-media noise."""
    words = text.rstrip(".").split()
    del words[rng.randrange(1, len(words))]
    return f"A spokesman said {' '.join(words[1:])} #fact https://t.co/x{rng.randint(1, 999)}"
