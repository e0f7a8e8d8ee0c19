"""Numbers in words, scales on both sides, and units that are nouns (issue 12)."""

from __future__ import annotations

import pytest

from workbench.extract import find_quantities


@pytest.mark.parametrize(
    ("text", "value", "written"),
    [
        ("one hundred and twenty-five thousand people", 125_000, "one hundred and twenty-five thousand"),
        ("half a million people", 500_000, "half a million"),
        ("a quarter of a million homes", 250_000, "a quarter of a million"),
        ("three quarters of a billion dollars", 750e6, "three quarters of a billion"),
        ("two and a half million people", 2_500_000, "two and a half million"),
        ("three hundred thousand jobs", 300_000, "three hundred thousand"),
        ("a hundred and fifty soldiers", 150, "a hundred and fifty"),
        ("twenty-one people", 21, "twenty-one"),
        ("nine thousand nine hundred and ninety-nine votes", 9999, "nine thousand nine hundred and ninety-nine"),
        ("a dozen eggs", 12, "a dozen"),
    ],
)
def test_worded_numbers_are_one_exact_quantity(text: str, value: float, written: str) -> None:
    (q,) = find_quantities(text)
    assert q.value == pytest.approx(value)
    assert q.text == written


def test_and_joins_only_after_a_scale() -> None:
    assert [q.value for q in find_quantities("between five and six people")] == [5, 6]


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "unit"),
    [
        ("dozens of people", 24, "at least", "people"),
        ("tens of thousands of protesters", 20_000, "at least", "protesters"),
        ("hundreds of thousands of people", 200_000, "at least", "people"),
        ("Dozens were killed", 24, "at least", None),
    ],
)
def test_vague_plurals_are_their_least(text: str, value: float, qualifier: str, unit: str | None) -> None:
    (q,) = find_quantities(text)
    assert (q.value, q.qualifier, q.unit, q.kind) == (value, qualifier, unit, "count")


def test_plural_words_that_are_not_numbers() -> None:
    assert find_quantities("The test scores rose") == []


@pytest.mark.parametrize(
    ("text", "value", "kind", "unit"),
    [
        ("$1.2bn", 1.2e9, "money", "USD"),
        ("€100 billion", 100e9, "money", "EUR"),
        ("£3.5m", 3.5e6, "money", "GBP"),
        ("100 billion euros", 100e9, "money", "EUR"),
        ("two billion dollars", 2e9, "money", "USD"),
        ("about 20million people", 20e6, "count", "people"),
        ("$270billion", 270e9, "money", "USD"),
    ],
)
def test_scales_on_both_sides(text: str, value: float, kind: str, unit: str) -> None:
    (q,) = find_quantities(text)
    assert q.value == pytest.approx(value)
    assert (q.kind, q.unit) == (kind, unit)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("2.4 million new jobs", "jobs"),
        ("4.5 million good-paying jobs", "jobs"),
        ("1,200 more police officers", "officers"),
        ("5,000 Pakistani soldiers", "soldiers"),
        ("3 million health care workers", "workers"),
        ("300 people came", "people"),
        ("80,000 people killed", "people"),
        ("1.5 million Americans lost their jobs", "Americans"),
        ("10 square miles", "miles"),
        ("7 million in 2019", None),
        ("5 million new", None),
    ],
)
def test_units_are_nouns(text: str, unit: str | None) -> None:
    assert find_quantities(text)[0].unit == unit


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("₹2 lakh crore budget", 2e12, "INR"),
        ("a $1.2-billion deal", 1.2e9, "USD"),
        ("R$ 5 billion", 5e9, "BRL"),
        ("A$3 billion", 3e9, "AUD"),
        ("KSh 2 billion", 2e9, "KES"),
        ("₦1.2 trillion", 1.2e12, "NGN"),
    ],
)
def test_more_currencies_and_scales(text: str, value: float, unit: str) -> None:
    (q,) = find_quantities(text)
    assert (q.value, q.unit, q.kind) == (pytest.approx(value), unit, "money")


def test_hyphenated_scale() -> None:
    (q,) = find_quantities("2.5-million people")
    assert (q.value, q.unit) == (2.5e6, "people")


@pytest.mark.parametrize("text", ["until 7 or 8 o'clock at night", "at 6 p.m. on Tuesday", "by 6pm"])
def test_times_of_day_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == []
