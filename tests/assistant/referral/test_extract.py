"""Facts from free text, each with the words it came from."""

from __future__ import annotations

import pytest

from assistant.referral import check_referral, extract_age, extract_facts


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("A 10-week-old baby was admitted", 0),
        ("an infant of 3 months", 0),
        ("Mrs B, aged 84, lives alone", 84),
        ("Mr P (67) was found", 67),
        ("a 15 year old boy", 15),
        ("a 16 yo girl", 16),
        ("a woman in her late seventies", 70),
        ("He was 25 (birthday in March) and lived alone", 25),
        ("A 78-year-old man was killed by his 45-year-old son", 78),
        ("a seven-year-old girl", 7),
    ],
)
def test_ages_in_many_forms_take_the_first_person(text: str, years: int) -> None:
    assert extract_age(text)[0] == years


def test_every_extracted_fact_shows_the_words_it_came_from() -> None:
    facts = extract_facts("In Cardiff, an 8-month-old has a subdural haemorrhage that doctors consider non-accidental.")
    assert facts["nation"].value == "wales" and facts["nation"].evidence == "Cardiff"
    assert facts["abuse_or_neglect"].value is True and "non-accidental" in facts["abuse_or_neglect"].evidence
    assert facts["serious_harm"].value is True and facts["serious_harm"].origin == "text"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("There were no safeguarding concerns and the family were supportive.", False),
        ("No concerns were known; the post-mortem is awaited.", False),
        ("Concerns about neglect at home had been raised by school.", True),
        ("The best-interests process was followed throughout.", False),
    ],
)
def test_abuse_or_neglect_and_its_negation(text: str, expected: bool) -> None:
    assert extract_facts(text)["abuse_or_neglect"].value is expected


def test_hedged_learning_disability_stays_unknown() -> None:
    assert extract_facts("She had a possible learning disability.")["learning_disability"].value is None
    assert extract_facts("He had a moderate learning disability.")["learning_disability"].value is True


def test_hedged_register_status_stays_unknown() -> None:
    facts = extract_facts("I don't know whether she or her brothers were on the register or looked after there.")
    assert facts["on_child_protection_register"].value is None
    assert facts["looked_after"].value is None


def test_never_on_the_register_is_false() -> None:
    assert extract_facts("Never on the CPR, never looked after.")["on_child_protection_register"].value is False


@pytest.mark.parametrize(
    ("text", "relationship"),
    [
        ("She was killed by her ex-partner three weeks after she left him.", "intimate_partner_former"),
        ("He was stabbed by his son, who lived with him.", "relative"),
        ("killed by a lodger who rented the back room", "household_member"),
        ("attacked by a stranger in the park and died", "stranger"),
        ("She was stabbed at her boyfriend's flat and he has been charged with murder.", "intimate_partner_current"),
    ],
)
def test_relationship_to_the_person_responsible(text: str, relationship: str) -> None:
    assert extract_facts(text)["relationship_to_perpetrator"].value == relationship


def test_would_have_died_is_not_a_death() -> None:
    facts = extract_facts("The consultant thinks she would probably have died within days without admission.")
    assert facts["died"].value is False


def test_unharmed_near_miss() -> None:
    facts = extract_facts("Found alone with methadone; paramedics confirmed he had not swallowed any and was unharmed.")
    assert facts["serious_harm"].value is False and facts["near_miss"].value is True


def test_place_names_decide_the_nation_else_the_profile_does() -> None:
    assert check_referral("A baby in Glasgow died.").facts["nation"].value == "scotland"
    assert check_referral("A baby in Belfast died.").facts["nation"].value == "northern_ireland"
    profile_default = check_referral("A baby died.", partnership="wiltshire").facts["nation"]
    assert profile_default.value == "england" and profile_default.origin == "profile"


def test_child_normally_living_in_england_harmed_in_wales() -> None:
    facts = extract_facts("A 6-year-old who lives in Swindon was seriously injured on holiday in Tenby.")
    assert facts["nation"].value == "wales" and facts["normally_resident_nation"].value == "england"


def test_status_flags_not_mentioned_are_defaults_the_practitioner_can_see() -> None:
    result = check_referral("A 4-month-old died suddenly in her cot.")
    assert result.facts["looked_after"].origin == "default" and result.facts["looked_after"].value is False
