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


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # deaths, and vehicles as accidents rather than homicides
        ("A 30-year-old woman killed at home by her partner on Friday.", "died", True),
        ("A 6-year-old boy was nearly killed when he ran into the road.", "died", False),
        ("An 8yo killed by a lorry at a crossing; the driver was not at fault.", "death_type", "accident"),
        ("An 8yo killed by a lorry at a crossing; the driver was not at fault.", "abuse_or_neglect", None),
        ("Found with stab wounds in a park and pronounced dead at the scene.", "death_type", "homicide"),
        ("She had been hanging around with older lads at the station.", "death_type", None),
        # exploitation and adult safeguarding enquiries mean abuse or neglect is suspected
        ("A 15 year old, NRM referral made for suspected CCE.", "abuse_or_neglect", True),
        ("Mr S, 70: an s42 enquiry is underway into the care agency.", "abuse_or_neglect", True),
        ("Her son has been withdrawing her pension for months.", "abuse_or_neglect", True),
        ("The worker left him alone at mealtimes despite his choking risk.", "abuse_or_neglect", True),
        # serious harm
        ("She disclosed a serious sexual assault and was admitted.", "serious_harm", True),
        ("Admitted hypothermic after three days on the floor.", "serious_harm", True),
        ("The psychologist expects a long-lasting impact on him.", "serious_harm", True),
        # agencies working together
        ("Two referrals from school were never followed up.", "concern_agencies_could_have_worked_better", True),
        ("The concern was closed at triage after one phone call.", "concern_agencies_could_have_worked_better", True),
        (
            "Her GP and the housing team told us they didn't know about the plan.",
            "concern_agencies_could_have_worked_better",
            True,
        ),
        (
            "Each service dealt with it alone and nobody linked the three concerns.",
            "concern_agencies_could_have_worked_better",
            True,
        ),
        ("They were handled as separate single-agency issues.", "concern_agencies_could_have_worked_better", True),
        (
            "It's purely the home's failure, no other agency was involved.",
            "concern_agencies_could_have_worked_better",
            False,
        ),
        ("The trust's own review found no care issues.", "concern_agencies_could_have_worked_better", False),
        # status and needs stated absent
        ("No CP history for any of the children.", "on_child_protection_register", False),
        ("She wasn't in care; she lived with her dad.", "looked_after", None),
        ("He had no health or care and support needs.", "adult_with_care_and_support_needs", False),
        ("He had never needed any support from social care.", "adult_with_care_and_support_needs", False),
        ("Found at 6am walking along the A36 in pyjamas, unhurt.", "near_miss", True),
    ],
)
def test_cues_written_in_everyday_ways(text: str, fact: str, value: object) -> None:
    facts = extract_facts(text)
    assert (facts[fact].value if fact in facts else None) == value


def test_the_age_of_a_group_is_not_the_subjects_and_an_initial_can_carry_an_age() -> None:
    assert extract_age("She was seen with men in their twenties.")[0] is None
    assert extract_age("J., 14, had been missing twice.")[0] == 14
    assert extract_age("Background: T. was 12 and in foster care.")[0] == 12


def test_where_the_child_lives_with_someone_is_home_and_the_other_nation_is_where_it_happened() -> None:
    facts = extract_facts(
        "A 12 year old who lives with her gran in Abergavenny was assaulted by her uncle while visiting him in Bristol."
    )
    assert facts["normally_resident_nation"].value == "wales"
    assert facts["nation"].value == "england" and facts["nation"].evidence == "Bristol"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mum's boyfriend hit him with a belt.", True),
        ("A bus skidded and hit him at the crossing; nobody was to blame.", None),
    ],
)
def test_a_person_hitting_a_child_is_abuse_and_a_vehicle_is_not(text: str, expected: bool | None) -> None:
    facts = extract_facts(text)
    assert (facts["abuse_or_neglect"].value if "abuse_or_neglect" in facts else None) == expected


def test_a_school_year_with_the_age_in_brackets() -> None:
    assert extract_age("One of our Year 5s (10) told her teacher.")[0] == 10


@pytest.mark.parametrize(
    "text",
    ["A 15 year old attempted suicide last night and is in hospital.", "She made a suicide attempt on Friday."],
)
def test_a_suicide_attempt_is_not_a_death(text: str) -> None:
    facts = extract_facts(text)
    assert facts["died"].value is False and "death_type" not in facts
    routes = {r.route: r.verdict for r in check_referral(text, None, "national").routes}
    assert routes.get("CDR", "unlikely") == "unlikely"


@pytest.mark.parametrize(
    "text",
    [
        "A 7 year old whose father died last year is often left alone at home.",
        "Her mum passed away in 2021 and the 12-year-old now lives with an aunt who hits her.",
        "Since his grandad's death the 9-year-old has stopped going to school.",
    ],
)
def test_a_relatives_death_is_not_the_childs(text: str) -> None:
    facts = extract_facts(text)
    assert facts.get("died") is None
    routes = {r.route: r.verdict for r in check_referral(text, None, "national").routes}
    assert routes.get("CDR", "unlikely") == "unlikely"


@pytest.mark.parametrize(
    "text",
    [
        "A 4 year old died at home; her father had been drinking.",
        "The boy, 9, died in hospital after his mother's partner assaulted him.",
        "Her father killed her on Sunday.",
    ],
)
def test_the_subjects_own_death_is_still_read(text: str) -> None:
    assert extract_facts(text)["died"].value is True


def test_an_injury_nobody_can_explain_raises_a_suspicion_of_abuse() -> None:
    facts = extract_facts("Baby (6 weeks) brought in with a spiral fracture of the femur, parents have no explanation.")
    assert facts["abuse_or_neglect"].value is True and facts["serious_harm"].value is True
