from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SEED_ARTICLE
from workbench.extract import extract_claims, find_quantities, find_time_scope, parse_number, split_sentences


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_seed_top_claim_is_the_80000_sentence() -> None:
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    claims = extract_claims(text, article_date=date(2021, 6, 9))
    top = max(claims, key=lambda c: c.checkworthiness)
    assert "80,000 people have lost their lives" in top.text
    assert text[top.start : top.end] == top.text
    assert top.claimant == "Imran Khan"
    assert top.claim_type == "statistic"
    assert top.quantities[0]["value"] == 80000 and top.quantities[0]["kind"] == "count"
    assert top.quantities[0]["measure"] == "killed"
    assert top.time_scope is not None and top.time_scope["start"] == "2001"
    assert top.normalized == "80,000 people killed in the war on terror in Pakistan since 2001"


def test_title_resolves_to_the_name_the_article_gives() -> None:
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    first = extract_claims(text, min_score=0)[0]
    assert first.text.startswith("“Islamabad will never be")
    assert first.claimant == "Imran Khan"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr. Smith arrived. He left.", ["Dr. Smith arrived.", "He left."]),
        (
            "The U.S. economy grew 2.5% in Jan. and fell in Feb. Prices rose.",
            ["The U.S. economy grew 2.5% in Jan. and fell in Feb.", "Prices rose."],
        ),
        ("“We lost 80,000. It was hard,” he said. Next.", ["“We lost 80,000. It was hard,” he said.", "Next."]),
        ("He waited... and waited. Then it came.", ["He waited... and waited.", "Then it came."]),
        ("Headline without a stop\nBody text here.", ["Headline without a stop", "Body text here."]),
        ("- first point\n* second point\n1. third point", ["first point", "second point", "third point"]),
        ("John F. Kennedy was president.", ["John F. Kennedy was president."]),
    ],
)
def test_sentence_splitting(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "value", "kind", "unit"),
    [
        ("80,000 people", 80000, "count", "people"),
        ("80 000 people", 80000, "count", "people"),
        ("80k fans", 80000, "count", "fans"),
        ("80 thousand soldiers", 80000, "count", "soldiers"),
        ("1.2 million jobs", 1.2e6, "count", "jobs"),
        ("$107 billion", 107e9, "money", "USD"),
        ("Rs 800 billion", 800e9, "money", "PKR/INR"),
        ("3.5% growth", 3.5, "percent", "%"),
        ("three-quarters of voters", 0.75, "fraction", None),
        ("a dozen eggs", 12, "count", "eggs"),
        ("one in five adults", 0.2, "ratio", None),
        ("twenty-five people", 25, "count", "people"),
    ],
)
def test_quantities(text: str, value: float, kind: str, unit: str | None) -> None:
    (q,) = find_quantities(text)
    assert q.value == pytest.approx(value)
    assert q.kind == kind
    assert q.unit == unit
    assert text[q.start : q.end] == q.text


def test_ranges_and_qualifiers() -> None:
    (q,) = find_quantities("between 70,000-80,000 were killed")
    assert (q.value, q.high) == (70000, 80000)
    (q,) = find_quantities("nearly 62,000 deaths")
    assert q.qualifier == "approximately" and q.text == "nearly 62,000"
    (q,) = find_quantities("over 100 people")
    assert q.qualifier == "more than"
    (q,) = find_quantities("at least 21,500 civilians")
    assert q.qualifier == "at least"


def test_years_and_dates_are_not_quantities() -> None:
    assert find_quantities("Since 2001, in 2014 and on 5 March, and March 5") == []
    assert [q.value for q in find_quantities("In 2019, 300 people came")] == [300]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("since 2001", "2001", "2021-06-09"),
        ("in the 1990s", "1990", "1999"),
        ("between 2001 and 2014", "2001", "2014"),
        ("killed 2001-2018", "2001", "2018"),
        ("from 2001 to mid-2016", "2001", "2016-06"),
        ("last year", "2020", "2020"),
        ("on Tuesday night", "2021-06-08", "2021-06-08"),
        ("in March 2020", "2020-03", "2020-03"),
    ],
)
def test_time_scopes(text: str, start: str, end: str) -> None:
    scope = find_time_scope(text, date(2021, 6, 9))
    assert scope is not None
    assert (scope.start, scope.end) == (start, end)


def test_relative_times_without_an_article_date_stay_open() -> None:
    scope = find_time_scope("last year")
    assert scope is not None and scope.start is None


@pytest.mark.parametrize(
    ("sentence", "claimant"),
    [
        ("Crime fell 20% last year, Mayor Jane Doe said.", "Jane Doe"),
        ("According to John Smith, exports rose 12% in 2019.", "John Smith"),
        ("Maria Lopez stressed: “Unemployment is at 4%.”", "Maria Lopez"),
        ("“Wages rose by 8% this year,” said Ahmed Khan.", "Ahmed Khan"),
    ],
)
def test_claimants(sentence: str, claimant: str) -> None:
    (claim,) = extract_claims(sentence, min_score=0)
    assert claim.claimant == claimant


def test_he_resolves_to_the_last_named_speaker() -> None:
    text = "Maria Lopez said taxes rose 10% in 2019. He said unemployment fell to 4% in 2020."
    claims = extract_claims(text, min_score=0)
    assert [c.claimant for c in claims] == ["Maria Lopez", "Maria Lopez"]


def test_questions_bylines_and_boilerplate_are_not_claims() -> None:
    text = (
        "By John Smith and Jane Doe\nDid 80,000 people really die?\nAll rights reserved 2021.\n"
        "Subscribe to our newsletter for 5 dollars.\nThe army lost 3,000 soldiers in 2019."
    )
    claims = extract_claims(text, min_score=0)
    assert [c.text for c in claims] == ["The army lost 3,000 soldiers in 2019."]


def test_claim_types() -> None:
    text = (
        "Crime is higher than ever before in this city. The drought caused the crop failure in the region. "
        "The economy will collapse next year without reform. Inflation hit 9.1% in June 2022."
    )
    types = {c.text.split()[1]: c.claim_type for c in extract_claims(text, min_score=0)}
    assert types == {"is": "comparison", "drought": "causal", "economy": "prediction", "hit": "statistic"}


def test_parse_number_for_value_cells() -> None:
    assert parse_number("80,000") == 80000
    assert parse_number("1.2m") == 1.2e6
    assert parse_number("3.5%") == 3.5
    assert parse_number("$107 billion") == 107e9
    assert parse_number("n/a") is None
    assert parse_number("") is None


def test_markup_and_escapes_are_plain_text() -> None:
    text = "[bold]Officials[/bold] said 5,000 people \x1b[31mdied\x1b[0m in 2020."
    (claim,) = extract_claims(text, min_score=0)
    assert text[claim.start : claim.end] == claim.text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_sentence_spans_are_always_valid(text: str) -> None:
    last = 0
    for span in split_sentences(text):
        assert last <= span.start < span.end <= len(text)
        assert text[span.start : span.end].strip() == text[span.start : span.end]
        last = span.end


_NUMERIC_TEXT = st.lists(
    st.sampled_from(
        [
            *"0123456789 ,.-%$€£kmbn",
            "million",
            " people",
            " in ",
            "nearly ",
            "between ",
            " and ",
            "Rs ",
            "one in five",
            "2001",
            "the 1990s",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_NUMERIC_TEXT, st.text(max_size=120)))
def test_quantity_parser_never_fails_and_offsets_hold(text: str) -> None:
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.text
        assert q.value == q.value  # not NaN


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_extraction_never_fails_and_offsets_hold(text: str) -> None:
    for claim in extract_claims(text, min_score=0):
        assert text[claim.start : claim.end] == claim.text
        assert 0 <= claim.checkworthiness <= 1
