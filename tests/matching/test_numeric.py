"""Like with like: a claim's number is compared only with a record's number of the same kind and thing.

The pairs are real: the seed article and datasets, the issue's PolitiFact examples, and tweet /
verified-claim pairs of CLEF CheckThat! 2020 train (quoted as short sentences)."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

import claims_db
from workbench.extract import find_quantities
from workbench.matching import Matcher
from workbench.matching.numeric import compare_numbers


def explain(claim: str, record: str) -> str | None:
    found = compare_numbers(
        [q.as_dict() for q in find_quantities(claim)], [q.as_dict() for q in find_quantities(record)], claim, record
    )
    return found.explain() if found else None


@pytest.mark.parametrize(
    ("claim", "record", "expected"),
    [
        # Deaths, lives lost and people killed are one thing; injuries are another.
        (
            "Since 2001, 80,000 people have lost their lives in the war on terror.",
            "The war in Pakistan caused almost 62,000 deaths from 2001 to mid-2016.",
            "claim 80,000 vs record almost 62,000 (+29 %)",
        ),
        (
            "Since 2001, 80,000 people have lost their lives in the war on terror.",
            "The war in Pakistan caused an additional 67,000 injuries from 2001 to mid-2016.",
            None,
        ),
        # The examples: jobs are not states, the victims are not "13 of them".
        ("About 2.4 million people lost their jobs.", "The governors of two states said so.", None),
        ("Almost seventy people were killed in the attack.", "13 of them were children.", None),
        # Scale words and number words on both sides (CLEF 2020 train pairs).
        (
            "We are pleased to have reached a deal to keep close to 1,000 jobs in Indy.",
            "Trump arranged a deal with Carrier that kept a thousand jobs in the United States.",
            "claim close to 1,000 vs record a thousand (same)",
        ),
        (
            "79% of 9th Circuit rulings have been overturned By SCOTUS",
            "Eighty percent of the Ninth Circuit Court of Appeals' decisions are overturned by the Supreme Court.",
            "claim 79% vs record Eighty percent (-1 %)",
        ),
        (
            "potus golf trip in 2013 cost taxpayers $3.6M dollars.",
            "Taxypayers paid $4 million for President Obama to play golf with Tiger Woods.",
            "claim $3.6M vs record $4 million (-10 %)",
        ),
        # Percentages of different things are not compared.
        ("Unemployment is at 3.5%.", "Inflation rose 4 percent last year.", None),
        (
            "Unemployment is at 3.5%.",
            "The unemployment rate fell to 3.6 percent.",
            "claim 3.5% vs record 3.6 percent (-3 %)",
        ),
        # Counts of people written "ppl" are counts of people: 25K is compared with 25,000, not 250.
        (
            "Bill O'Reilly did his own poll of 25K ppl.",
            "Bill O'Reilly hired grad students to conduct a phone survey of 25,000 people.",
            "claim 25K vs record 25,000 (same)",
        ),
    ],
)
def test_like_with_like(claim: str, record: str, expected: str | None) -> None:
    assert explain(claim, record) == expected


def test_money_needs_the_same_currency() -> None:
    assert explain("Pakistan lost $123 billion to the war.", "Pakistan's war losses reached €107 billion.") is None
    assert explain("Pakistan lost $123 billion to the war.", "Pakistan's war losses reached $107 billion.") == (
        "claim $123 billion vs record $107 billion (+15 %)"
    )


def test_a_record_without_a_comparable_number_says_so(seeded: Database) -> None:
    claim = claims_db.list_claims(seeded, claims_db.ClaimFilter(text="80,000"))[0].claim
    found = Matcher(seeded).match(claim, limit=20, datasets=["war-on-terror-statistics"])
    injuries = next(m for m in found if m.record.key == "cow-2016-pakistan-injuries")
    assert "numeric" not in injuries.components and "no comparable number" in injuries.reasons
    deaths = next(m for m in found if m.record.key == "cow-2018-pakistan-killed")
    assert deaths.components["numeric"]["claim_value"] == 80000
