"""Who says what (issue 12): surname alone, "said X", "X said:", titles, quotes over paragraphs,
transcript turns, and the default claimant of a one-person text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.extract import attribute, extract_claims

REPORT = (
    "President Donald Trump addressed Congress on Tuesday night.\n\n"
    "Trump said unemployment fell to 3.5% last year.\n\n"
    '"We created 2.4 million new jobs," said Trump.\n\n'
    'Trump said: "Wages rose 3% in 2019."\n\n'
    "The president said exports rose 10% in 2019."
)


def claimants(text: str, **kwargs: str) -> dict[str, str | None]:
    return {text[s.start : s.end]: who for s, who in attribute(text, **kwargs)}


@pytest.mark.parametrize(
    "sentence",
    [
        "Trump said unemployment fell to 3.5% last year.",
        '"We created 2.4 million new jobs," said Trump.',
        'Trump said: "Wages rose 3% in 2019."',
        "The president said exports rose 10% in 2019.",
    ],
)
def test_surname_said_x_colon_and_title_resolve_to_the_person(sentence: str) -> None:
    assert claimants(REPORT)[sentence] == "Donald Trump"


def test_surname_alone_when_the_text_never_gives_the_full_name() -> None:
    text = "Biden said inflation fell to 3% in 2023."
    assert claimants(text)[text] == "Biden"


def test_group_words_are_not_claimants() -> None:
    text = "Officials said 300 people were evacuated. Republicans said the bill costs $2 billion."
    assert set(claimants(text).values()) == {None}


def test_title_is_the_last_person_named_with_it() -> None:
    text = (
        "President Barack Obama left office in 2017. President Donald Trump took over.\n\n"
        "The president said the economy grew 3% in 2018."
    )
    assert claimants(text)["The president said the economy grew 3% in 2018."] == "Donald Trump"


def test_quote_continues_over_paragraphs_and_sentences() -> None:
    text = (
        "Kurt Volker testified on Tuesday.\n\n"
        '"I opposed the hold as soon as I learned about it on July 18," Volker said.\n\n'
        '"I did not know others were conveying a different message."\n\n'
        "The hearing ended at 6 p.m."
    )
    found = claimants(text)
    assert found['"I did not know others were conveying a different message."'] == "Kurt Volker"
    assert found["The hearing ended at 6 p.m."] is None


def test_a_quote_is_its_speakers_before_the_speaker_is_named() -> None:
    text = "Jeff Sanborn runs an agency.\n\n“Let’s be provocative, right?”\nSanborn said."
    assert claimants(text)["“Let’s be provocative, right?”"] == "Jeff Sanborn"


def test_pronoun_is_the_person_the_sentence_before_was_about() -> None:
    text = "Tim Morrison was the third witness on Tuesday. He said he was not concerned about the call."
    assert claimants(text)["He said he was not concerned about the call."] == "Tim Morrison"


def test_transcript_turns() -> None:
    text = (
        "Imran Khan spoke to Jane Smith of Le Figaro.\n\n"
        "SMITH: How many people died?\n\n"
        "KHAN: Since 2001, 80,000 people have lost their lives. We will be partners in peace.\n\n"
        "Q: And the economy?\n"
        "A: It grew 4% last year."
    )
    found = claimants(text, default_claimant="Imran Khan")
    assert found["Since 2001, 80,000 people have lost their lives."] == "Imran Khan"
    assert found["We will be partners in peace."] == "Imran Khan"
    assert found["How many people died?"] == "Jane Smith"
    assert found["It grew 4% last year."] == "Imran Khan"  # "A:" is the interviewee: the default
    (claim,) = [c for c in extract_claims(text, min_score=0) if "80,000" in c.text]
    assert claim.text.startswith("Since 2001") and claim.claimant == "Imran Khan"


def test_time_stamped_turns() -> None:
    text = (
        "[0:00] Welker: More than 40,000 Americans are in the hospital tonight.\n\n"
        "[1:03] Trump: So, as you know, 2.2 million people were expected to die."
    )
    found = claimants(text)
    assert found["More than 40,000 Americans are in the hospital tonight."] == "Welker"
    assert found["So, as you know, 2.2 million people were expected to die."] == "Trump"


def test_ordinary_colons_are_not_turns() -> None:
    text = "Note: figures are rounded.\nSource: the census.\nThe population grew 2% in 2020."
    assert set(claimants(text).values()) == {None}


def test_default_claimant_fills_only_the_gaps() -> None:
    text = "Unemployment fell to 3.5% last year. Janet Yellen said inflation was 4% in 2022."
    claims = extract_claims(text, min_score=0, default_claimant="Joe Biden")
    assert [c.claimant for c in claims] == ["Joe Biden", "Janet Yellen"]


def test_labelled_set_is_well_formed() -> None:
    data = json.loads((Path(__file__).parent / "data" / "attributions.json").read_text(encoding="utf-8"))
    assert len(data["items"]) >= 100
    for name, source in data["sources"].items():
        assert source["publisher"] and source["title"] and source["date"] and source["split"] in ("dev", "holdout")
        assert source["url"] or source["text"].startswith("seeds/"), name
    for item in data["items"]:
        assert item["source"] in data["sources"]
        if data["sources"][item["source"]]["text"] == "passage":
            assert data["passages"][item["source"]].count(item["starts"]) == 1


def test_the_group_said_is_the_organisation_named_before() -> None:
    text = (
        "The group, WeWorkers Coalition, formed in recent weeks.\n\n"
        "The group said on Twitter that 1,000 workers were told to sign by Monday."
    )
    assert claimants(text)["The group said on Twitter that 1,000 workers were told to sign by Monday."] == (
        "WeWorkers Coalition"
    )


def test_they_said_is_never_a_guess_among_people() -> None:
    text = "Maria Lopez and John Smith met voters in 2019. They said taxes rose 10% that year."
    assert claimants(text)["They said taxes rose 10% that year."] is None


def test_the_source_that_reports_a_speaker_is_not_the_speaker() -> None:
    text = (
        "Li Jifeng works at Chaoyang Hospital. But according to NPR's Emily Feng, Li Jifeng, a doctor at the "
        "hospital where the patients were treated, wrote that the couple arrived on November 3."
    )
    assert list(claimants(text).values())[-1] == "Li Jifeng"


@pytest.mark.parametrize(
    ("sentence", "claimant"),
    [
        ('China "vastly improved its detection of diseases," writes the Associated Press.', "Associated Press"),
        ("According to WHO, there were 3,248 cases worldwide between 2010 and 2015.", "WHO"),
        ("In May, NASA's Administrator Jim Bridenstine said the mission costs $30 billion.", "Jim Bridenstine"),
        ("Sonya A. Zoghlin, Carlineo's attorney, told The Hill her client meant no harm.", "Sonya A. Zoghlin"),
    ],
)
def test_attribution_forms(sentence: str, claimant: str) -> None:
    assert claimants(sentence)[sentence] == claimant


def test_an_unnamed_speakers_quote_is_not_inherited() -> None:
    text = (
        'Sui-Lee Wee said censors acted. "Don\'t hide things like this," one Weibo commenter said.\n\n'
        '"Let\'s face whatever it is together."'
    )
    found = claimants(text)
    assert found['"Let\'s face whatever it is together."'] is None


def test_white_house_transcript_forms() -> None:
    text = (
        "Remarks by President Trump on the economy\n\n"
        "THE PRESIDENT:  Thank you very much.  Unemployment is at 3.5 percent.\n\n"
        "Q    Thank you.  Is it 3.5 percent?\n\n"
        "THE PRESIDENT:  It is the lowest in 50 years."
    )
    found = claimants(text)
    assert found["Unemployment is at 3.5 percent."] == "Trump"
    assert found["Is it 3.5 percent?"] is None
    assert found["It is the lowest in 50 years."] == "Trump"


def test_labels_with_titles_and_anonymous_roles() -> None:
    text = (
        "PRESIDENT DONALD TRUMP: It took 11 months to build the Empire State Building.\n\n"
        "JOURNALIST:\n\nHow long does it take now?\n\n"
        "TRUMP: It can take 10 years."
    )
    found = claimants(text)
    assert found["It took 11 months to build the Empire State Building."] == "Donald Trump"
    assert found["How long does it take now?"] is None
    assert found["It can take 10 years."] == "Donald Trump"


def test_a_speech_quoted_as_a_block_is_the_person_introduced() -> None:
    text = (
        "Liz Truss gave a press conference on Friday.\n\n"
        "“Good afternoon.\n\n"
        "Since the 2008 financial crisis, growth has been weak.\n\n"
        "We need to act now.\n\n"
        "The pound rose 1% after she spoke."
    )
    found = claimants(text)
    assert found["Since the 2008 financial crisis, growth has been weak."] == "Liz Truss"
    assert found["We need to act now."] == "Liz Truss"


def test_a_straight_quote_left_open_does_not_spread() -> None:
    text = 'Maria Lopez said the "plan was "bold. Taxes rose 10% in 2019. Prices fell 2% in 2020.'
    found = claimants(text)
    assert found["Prices fell 2% in 2020."] is None


def test_a_quote_opened_after_its_speaker_runs_on_and_stops_where_it_closes() -> None:
    text = (
        "Cheuk Hau-yip, the commander of the district, said: “These rioters are criminals.\n"
        "They have to face the consequences.\n\n"
        "“Other than surrender, there is no option.”\n\n"
        "China’s ambassador to Britain Liu Xiaming has said that China has the power to end the unrest."
    )
    found = claimants(text)
    assert found["They have to face the consequences."] == "Cheuk Hau-yip"
    assert found["“Other than surrender, there is no option.”"] == "Cheuk Hau-yip"
    last = "China’s ambassador to Britain Liu Xiaming has said that China has the power to end the unrest."
    assert found[last] == "Liu Xiaming"


def test_a_quoted_paragraph_after_reported_speech_is_the_same_speaker() -> None:
    text = (
        "Saeb Erekat said it was the latest move by the US.\n\n"
        '"They wanted us on our knees. We stand tall and we will stand tall."'
    )
    assert list(claimants(text).values()) == ["Saeb Erekat", "Saeb Erekat"]


def test_participle_attribution() -> None:
    text = "The shift drew criticism, with Foreign Minister Ayman Safadi warning of 3 consequences."
    assert claimants(text)[text] == "Ayman Safadi"


def test_the_first_sentence_never_inherits_from_the_last() -> None:
    text = '"We will win," he said in 2019.\n\nMaria Lopez said: "Taxes rose 10% in 2019."'
    assert claimants(text)['"We will win," he said in 2019.'] is None


_TRANSCRIPT_BITS = st.lists(
    st.sampled_from(
        [
            "KHAN: ",
            "Q: ",
            "A: ",
            "Q    ",
            "\n",
            "\n\n",
            "“",
            "”",
            '"',
            "Imran Khan said ",
            "he said ",
            "the president ",
            "80,000 people died. ",
            "[1:03] Trump: ",
            "00:00 CHRIS WALLACE\n",
            "Note: ",
            "according to WHO, ",
            "They said ",
        ]
    ),
    max_size=25,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.one_of(_TRANSCRIPT_BITS, st.text(max_size=300)))
def test_attribution_never_fails_and_spans_hold(text: str) -> None:
    last = 0
    for span, who in attribute(text, default_claimant="Someone"):
        assert last <= span.start < span.end <= len(text)
        assert text[span.start : span.end].strip() == text[span.start : span.end]
        assert who is None or who.strip()
        last = span.end


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ('"Revenue fell every year since 2008," says veteran industry analyst Ken Doctor.', "Ken Doctor"),
        (
            "According to a 2018 survey by Penelope Muse Abernathy of the University of North Carolina, "
            "newsrooms shrank by half.",
            "Penelope Muse Abernathy",
        ),
        (
            "Reed, who will be the merged company's chairman, told investors the merger saves $300 million.",
            "Reed",
        ),
        ("Sacramento-based McClatchy Co. owns 30 papers. McClatchy said it lost $304.7 million.", "McClatchy"),
    ],
)
def test_more_attribution_forms(text: str, claimant: str) -> None:
    assert list(claimants(text).values())[-1] == claimant


def test_a_preposition_is_not_the_start_of_a_speaker() -> None:
    text = '"We will invest $5 billion," said during a visit to France.'
    assert claimants(text)[text] is None
