"""A sentence that states an amount is a claim, ranked by its score, never hidden (issue 12)."""

from __future__ import annotations

import pytest

from workbench.extract import default_threshold, extract_claims


@pytest.mark.parametrize(
    "sentence",
    [
        "I'm going to give every family $5,000 for childcare.",
        "We can only get 4,000 to 5,000 into South Korea.",
        "Video shows a building collapse in Kashmir in March 2023.",
        "About half a million people marched.",
    ],
)
def test_numeric_assertions_are_kept_under_the_threshold(sentence: str) -> None:
    (claim,) = extract_claims(sentence)
    assert claim.quantities or claim.time_scope


def test_kept_claims_below_threshold_keep_their_low_score() -> None:
    sentence = "I'm going to give every family $5,000 for childcare."
    (claim,) = extract_claims(sentence)
    assert claim.checkworthiness < default_threshold()
    assert extract_claims(sentence, keep_numeric=False) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "We will have to have people play on a fair basis, that's number one.",
        "And that is one of the challenges that America faces.",
        "I have got two daughters and I love them.",
        "She said she cannot be here until 7 or 8 o'clock at night.",
        "Did 80,000 people really die?",
    ],
)
def test_list_numbers_pronouns_small_counts_times_and_questions_are_not(sentence: str) -> None:
    assert extract_claims(sentence) == []


def test_a_number_past_a_float_is_no_quantity_and_never_infinity() -> None:
    import json

    from workbench.extract import extract_claims, find_quantities

    text = "The deficit reached " + "9" * 5000 + " dollars in 2001, and 1e999 people were counted."
    assert all(q.value != float("inf") for q in find_quantities(text))
    for claim in extract_claims(text):
        json.loads(json.dumps(claim.as_dict(), allow_nan=False))  # no Infinity anywhere
