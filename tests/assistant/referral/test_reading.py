"""The referral reader: people and what happened to each, ConText assertions, and safe defaults.

Situations here are written for these tests (paraphrases of the failures that prompted the reader),
not taken from the evaluation sets.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from assistant.referral import SemanticReader, check_referral, packaged_heads, read
from assistant.referral.reading.ages import ages_in
from assistant.referral.reading.semantic import Heads
from index import SentenceTransformerEmbedder


def verdicts(text: str, partnership: str = "national") -> dict[str, str]:
    return {r.route: r.verdict for r in check_referral(text, None, partnership).routes}


def person(text: str, word: str):  # type: ignore[no-untyped-def]
    reading = read(text)
    return next(p for p in reading.people if word in p.label.lower())


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("A woman of 34 was killed.", 34),
        ("Mr T (78) was found at home.", 78),
        ("a 22-month-old boy", 1),
        ("9mo Kacey was floppy", 0),
        ("An autistic woman in her thirties", 35),
        ("she would have been 17 next month", 16),
        ("a year 9 pupil", 13),
        ("Kerry, 45, lives alone", 45),
    ],
)
def test_ages_are_read_in_everyday_wording(text: str, years: int) -> None:
    assert ages_in(text)[0].years == years


def test_several_people_each_get_what_happened_to_them() -> None:
    text = "A father killed his partner and their 12-year-old, then himself."
    reading = read(text)
    child = person(text, "12-year-old")
    partner = person(text, "partner")
    father = person(text, "father")
    assert child.facts["subject_age"].value == 12 and child.facts["died"].value is True
    assert partner.facts["died"].value is True
    assert partner.facts["relationship_to_perpetrator"].value == "intimate_partner_current"
    assert father.role == "perpetrator" and father.facts["death_type"].value == "suicide"
    assert reading.main != father.key


def test_a_killing_of_a_child_and_a_partner_gives_child_and_adult_routes_each_for_its_person() -> None:
    result = check_referral("A father killed his partner and their 12-year-old, then himself.", None, "wiltshire")
    by_route = {r.route: r for r in result.routes}
    assert by_route["SIN"].verdict == "likely_meets" and "12-year-old" in by_route["SIN"].person
    assert by_route["CDR"].verdict == "likely_meets"
    assert by_route["DHR"].verdict == "likely_meets" and "partner" in by_route["DHR"].person


def test_a_diagnosis_said_in_passing_is_read() -> None:
    v = verdicts("An autistic woman in her thirties, diagnosed as a teenager, died at home in Leeds.")
    assert v["LEDER"] == "likely_meets"


def test_coercive_control_described_not_named_keeps_the_dhr_open() -> None:
    text = "Her husband had tracked her phone and kept her from her family for years; she took her own life."
    assert verdicts(text)["DHR"] == "likely_meets"


def test_an_age_in_ordinary_wording_rules_out_child_routes() -> None:
    v = verdicts("A woman of 34 was killed by her ex-partner in Bristol.")
    assert v["DHR"] == "likely_meets"
    assert v.get("SIN", "unlikely") == "unlikely" and "CDR" not in v


@pytest.mark.parametrize(
    "text",
    [
        "The 4-month-old didn't make it.",
        "The 4-month-old could not be revived.",
        "The 4-month-old's body was recovered from the river.",
        "Paramedics pronounced life extinct for the 4-month-old.",
    ],
)
def test_deaths_in_euphemism_are_deaths(text: str) -> None:
    assert read(text).person(read(text).main).facts["died"].value is True  # type: ignore[union-attr]


def test_a_relatives_death_is_not_the_subjects() -> None:
    text = "A 7-year-old was found alone and unharmed on the road. Her grandmother died last year."
    reading = read(text)
    child = reading.person(reading.main)
    assert child is not None and "7-year-old" in child.label
    assert child.facts.get("died") is None or child.facts["died"].value is not True
    assert "CDR" not in verdicts(text)


def test_negation_hedges_and_hypotheticals_come_from_context() -> None:
    assert person("There were no concerns about neglect of the boy.", "boy").facts["abuse_or_neglect"].value is False
    assert person("The woman has a possible learning disability.", "woman").facts["learning_disability"].value is None
    hypothetical = person("If the neighbour had not called, the boy could have died.", "boy").facts
    assert hypothetical["near_miss"].value is True
    assert "died" not in hypothetical or hypothetical["died"].value is not True


def test_unknown_decisive_status_is_asked_never_assumed_absent() -> None:
    v = verdicts("A 34-year-old woman was killed by her ex-partner in Bristol.")
    assert v["LEDER"] == "needs_more_info"  # learning disability or autism: not said, so not ruled out
    result = check_referral("A 34-year-old woman was killed by her ex-partner in Bristol.")
    assert any(q.fact == "learning_disability" for q in result.follow_up_questions)


def test_a_practitioners_answer_can_rule_a_route_out() -> None:
    text = "A 34-year-old woman was killed by her ex-partner in Bristol."
    given = check_referral(text, {"learning_disability": False, "autistic_diagnosis": False})
    assert given.route("LEDER") is None or given.route("LEDER").verdict == "unlikely"  # type: ignore[union-attr]


def test_the_emergency_notice_leads_only_when_someone_may_be_at_risk_now() -> None:
    past = check_referral("A 4-month-old died suddenly in her cot last month. The post-mortem is awaited.")
    assert past.notices[0].kind != "emergency"
    now = check_referral(
        "A 2-year-old died of head injuries. His sister, 4, is still at home with the mother's partner."
    )
    assert now.notices[0].kind == "emergency" and "still at home" in now.notices[0].text


def test_every_result_says_the_decision_is_the_local_process() -> None:
    for text in ("A 9-year-old died in a road accident.", "Nothing happened.", "A 90-year-old died peacefully."):
        assert any("not a decision" in n.text for n in check_referral(text).notices)


def test_nothing_applies_says_so_briefly() -> None:
    result = check_referral("A 40-year-old man with no care needs was punched by a stranger and bruised.")
    assert result.summary.nothing_applies or all(r.verdict != "likely_meets" for r in result.routes)


def test_answers_about_another_person_reach_that_person() -> None:
    text = "A father killed his partner and their 12-year-old, then himself."
    reading = read(text)
    child = next(p for p in reading.people if "12-year-old" in p.label)
    result = check_referral(text, {f"{child.key}.looked_after": True}, "wiltshire")
    assert result.route("LACN") is not None and result.route("LACN").verdict == "likely_meets"  # type: ignore[union-attr]


def test_the_summary_names_no_internal_fields() -> None:
    data = check_referral("A father killed his partner and their 12-year-old, then himself.").summary.as_dict()
    shown = data["headline"] + " ".join(p["text"] for p in data["people"])
    shown += " ".join(f["label"] + f["value_text"] for p in data["people"] for f in p["facts"])
    for internal in ("subject_age", "is_child", "SIN.", "True", "None", "specification", "_"):
        assert internal not in shown


def test_heads_round_trip_through_a_small_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    heads = Heads(("died=true",), np.ones((1, 4), dtype=np.float32), np.zeros(1), np.array([0.5]), "m")
    heads.save(tmp_path / "h.npz")
    loaded = Heads.load(tmp_path / "h.npz")
    assert loaded.labels == heads.labels and loaded.checksum() == heads.checksum()


@pytest.mark.slow
def test_the_packaged_classifiers_read_what_the_words_miss(embedder: SentenceTransformerEmbedder) -> None:
    heads = packaged_heads()
    assert heads is not None and heads.model == "all-MiniLM-L6-v2"
    semantic = SemanticReader(embedder.embed_batch, heads)
    for text, fact in (
        ("Mrs K, 82, relies on carers four times a day to wash and dress.", "adult_with_care_and_support_needs"),
        ("Leo, 16, is being made to carry packages to Swindon by men he owes money to.", "exploitation"),
    ):
        words_only = read(text).person(read(text).main)
        with_heads = read(text, semantic)
        main = with_heads.person(with_heads.main)
        assert words_only is not None and words_only.facts.get(fact) is None
        assert main is not None and main.facts[fact].value is True


# -- people written as police and case notes write them (written for these tests) --------------------
def test_a_name_with_a_surname_initial_is_one_person_who_recurs_by_first_name() -> None:
    reading = read("Mr Dennis Q, 61, lived with his nephew. Dennis died at home on Sunday.")
    named = [p for p in reading.people if "dennis" in p.label.lower()]
    assert len(named) == 1
    assert named[0].facts["subject_age"].value == 61
    assert named[0].facts["died"].value is True


def test_a_description_and_the_name_after_it_are_one_person() -> None:
    reading = read("Update: 52yo female, Alys P, assaulted at her flat last night by her ex-partner.")
    labels = [p.label for p in reading.people]
    assert not any(label.strip() == "P" for label in labels)
    victim = reading.person(reading.main)
    assert victim is not None and victim.facts["subject_age"].value == 52
    assert victim.facts["relationship_to_perpetrator"].value == "intimate_partner_former"


def test_a_length_of_time_is_not_a_person() -> None:
    reading = read("Her brother had hit her 4 times in 18 months; she was admitted with a head injury.")
    assert not any(p.facts.get("subject_age") is not None and p.facts["subject_age"].value == 1 for p in reading.people)


def test_the_person_charged_with_murder_is_not_the_one_who_died() -> None:
    text = "Mrs June K, 74, found dead at home. Her grandson (26), who lived with her, charged w/ murder."
    june = person(text, "june")
    assert june.facts["death_type"].value == "homicide"
    grandson = person(text, "grandson")
    assert grandson.role == "perpetrator" and "died" not in grandson.facts
    assert verdicts(text)["DHR"] == "likely_meets"


def test_a_death_after_a_killing_said_without_was_is_read_as_a_homicide_by_a_relative() -> None:
    text = "Victim: Mr Owen B, 80, killed at his bungalow by his son Gareth (50), who has been arrested."
    assert verdicts(text)["DHR"] == "likely_meets"


def test_a_man_who_died_after_abuse_by_his_wife_is_reviewed_even_if_he_is_said_to_have_hit_her() -> None:
    text = (
        "Mr Rhys T, 44, found hanged in his shed. His wife controlled his money and stopped him seeing his "
        "children, and would threaten to tell people he'd hit her."
    )
    assert verdicts(text)["DHR"] in ("likely_meets", "needs_more_info")


def test_an_unharmed_child_stays_unharmed_when_the_check_widens_who_it_happened_to() -> None:
    text = (
        "Ms Leah V, 29, was killed by her partner at their flat in Leeds; he is in custody. Their 5-month-old "
        "daughter was asleep in the next room and was unharmed."
    )
    got = verdicts(text)
    assert got["DHR"] == "likely_meets"
    assert got.get("SIN", "unlikely") == "unlikely"
    assert got.get("CDR", "unlikely") == "unlikely"


def test_self_neglect_alone_asks_no_domestic_homicide_question() -> None:
    text = "Mr Alan F, 66, lived alone, severe self-neglect, hoarding, refused all help; found dead at home in Leeds."
    assert "DHR" not in verdicts(text)


def test_a_stab_wound_someone_survived_is_serious_harm_not_a_death() -> None:
    text = "Police log: a 15-year-old boy was stabbed in the park, stab wound to the chest, surgery, now stable."
    boy = person(text, "15")
    assert boy.facts["serious_harm"].value is True
    assert "died" not in boy.facts or boy.facts["died"].value is not True


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Re Gary Whitlock, DOB 04/1971, lives alone", 55),
        ("d.o.b. 12/03/2015, boy", 11),
        ("born in March 2019", 7),
        ("Ellis-Rae B (DOB 02/2024, 13 mths)", 1),  # the age written after the birth date is the one meant
    ],
)
def test_a_date_of_birth_gives_the_age_on_the_day_of_the_check_when_no_other_date_is_written(
    text: str, years: int
) -> None:
    assert ages_in(text, date(2026, 12, 2))[0].years == years


@pytest.mark.parametrize("text", ["A BMI of 15 on admission", "She is a mother of three", "a score of 12 out of 20"])
def test_a_number_after_of_is_an_age_only_after_a_word_for_a_person(text: str) -> None:
    assert ages_in(text) == []


def test_a_full_name_then_an_age_and_a_dash_is_that_person() -> None:
    reading = read("Voicemail about Samuel Okoro, 58 - he has a learning disability and was found dead in his flat.")
    samuel = next(p for p in reading.people if "samuel" in p.label.lower())
    assert samuel.facts["subject_age"].value == 58 and samuel.facts["died"].value is True


def test_discharged_from_hospital_is_not_read_as_charged_with_an_offence() -> None:
    reading = read("Seen at A&E with a cough, discharged home the same evening.")
    assert all("abuse_or_neglect" not in p.facts for p in reading.people)


def test_cpr_is_the_child_protection_register_only_after_on_the() -> None:
    revived = read("Baby Isla (7 weeks) was found not breathing; dad started CPR and she was breathing again.")
    assert all("on_child_protection_register" not in p.facts for p in revived.people)
    register = read("A 9-year-old girl died of DKA in Wrexham. Never on the CPR, never looked after.")
    girl = register.person(register.main)
    assert girl is not None and girl.facts["on_child_protection_register"].value is False


def test_a_young_child_out_alone_at_night_while_the_parent_cannot_be_roused_keeps_a_learning_review_open() -> None:
    text = (
        "Police found Ollie (3) at 2am walking in his pyjamas along the B road verge. His mum was asleep on the sofa "
        "and took 15 mins to rouse. Ollie was cold but had no injuries."
    )
    assert verdicts(text, "wiltshire")["LLR"] == "may_meet"


def test_children_listed_with_their_ages_are_each_a_person_and_share_what_is_said_of_them() -> None:
    reading = read("Mum has 2 children (6 and 3) who were left home alone overnight.")
    children = sorted(
        (p for p in reading.people if p.facts.get("is_child") and p.facts["is_child"].value), key=lambda p: p.label
    )
    assert [p.facts["subject_age"].value for p in children] == [3, 6]
    assert all(p.facts["abuse_or_neglect"].value is True for p in children)


@pytest.mark.parametrize(
    ("text", "years"),
    [("Her children aged 5 and 9 were in the flat", [5, 9]), ("the kids aged 2, 4 and 7", [2, 4, 7])],
)
def test_a_list_of_ages_gives_every_age(text: str, years: list[int]) -> None:
    assert [a.years for a in ages_in(text)] == years


def test_a_number_word_after_an_age_in_brackets_is_not_another_age() -> None:
    assert [a.years for a in ages_in("A. (19, one of my care leavers) was killed")] == [19]


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Police log 22/07/2024 02:17. IP: Jordan DOB 30/11/2006. Stab wound, pronounced deceased 02:58.", 17),
        ("Leaving care record, 18/04/2025. Callum DOB 03/09/2001, care leaver, found deceased.", 23),
        ("Tyler DOB 12/05/2008 died at the Countess on 24 September 2024.", 16),
        ("Seen 01/03/24: Amy, born 3rd March 2019, not yet five.", 4),
    ],
)
def test_a_date_of_birth_counts_to_the_latest_date_the_record_gives_not_to_today(text: str, years: int) -> None:
    assert ages_in(text, date(2026, 12, 3))[0].years == years


def test_a_child_when_they_died_is_still_a_child_when_the_check_is_run_years_later() -> None:
    text = "Incident log 22/07/2024. Jordan DOB 30/11/2006 was stabbed and pronounced deceased at QMC."
    assert verdicts(text, "national")["RR"] != "unlikely"


@pytest.mark.parametrize(
    "text", ["Raised by ward SW at MRI, 14/06/2024.", "DASH high (17). Previous MARAC.", "GCS (8) on arrival"]
)
def test_a_date_or_a_score_is_not_an_age(text: str) -> None:
    assert ages_in(text) == []


def test_a_name_was_and_a_number_is_that_persons_age() -> None:
    reading = read("My brother Derek Okoro died on 2nd August. Derek was 52, he had a moderate learning disability.")
    brother = reading.person(reading.main)
    assert brother is not None and brother.facts["subject_age"].value == 52
    assert brother.facts["learning_disability"].value is True


def test_a_negation_ends_where_a_new_clause_begins() -> None:
    """medspaCy only cuts a cue's scope at a terminator whose own scope overlaps it; kept to one token, the
    terminator always does, so the death after "no learning disability" stands."""
    for text in (
        "Young man aged 27, diagnosed autistic at 19 (no learning disability), died by suicide last month.",
        "Grace, 15, autistic, no learning disability, died by suicide at home.",
        "He had no learning disability but died by suicide in March.",
    ):
        subject = read(text).person(read(text).main)
        assert subject is not None
        assert subject.facts["died"].value is True, text
        assert subject.facts["learning_disability"].value is False, text


def test_a_failure_to_share_said_with_its_own_negation_is_a_concern_not_its_absence() -> None:
    text = (
        "Mr Stuart G (45) died in a flat fire in Aberdeen. He was subject to ASP with a protection plan. "
        "The fire safety referral was never sent and the GP was never told."
    )
    result = check_referral(text, None, "national")
    assert result.facts["concern_agencies_could_have_worked_better"].value is True
    assert {r.route: r.verdict for r in result.routes}["SCO_ALR"] != "unlikely"


def test_a_rule_of_care_is_not_read_as_no_neglect() -> None:
    text = (
        "Ms Dani O, 27, moderate learning disability, lived in a care home in Reading. She was found "
        "unresponsive in the bath; her care plan says she must never bathe unsupervised. She died in ED."
    )
    subject = read(text).person(read(text).main)
    assert subject is not None
    fact = subject.facts.get("abuse_or_neglect")
    assert fact is None or fact.value is not False
    assert verdicts(text).get("SAR_M") != "unlikely"


def test_a_length_of_pregnancy_or_an_age_at_diagnosis_is_not_a_person() -> None:
    pregnant = read("Megan, 26, mild learning disability, came to her booking appt 14 wks pregnant.")
    assert [p.facts["subject_age"].value for p in pregnant.people if "subject_age" in p.facts] == [26]
    diagnosed = read("Jade (19), care leaver, autistic (dx age 11), was found dead in her room.")
    main = diagnosed.person(diagnosed.main)
    assert main is not None and main.facts["subject_age"].value == 19


def test_places_in_two_nations_never_rule_out_either_nations_route() -> None:
    text = (
        "Monmouthshire CSC - 13 y/o girl lives with mum in Chepstow. While staying with her dad in Gloucester "
        "she was assaulted by his partner: skull fracture and bleed on the brain."
    )
    result = check_referral(text, None, "national")
    got = {r.route: r for r in result.routes}
    assert got["SIN"].verdict != "unlikely"
    assert got["SUSR_C"].verdict != "unlikely"
    # Told where it happened, the practitioner's answer decides: the route is no longer hedged.
    told = check_referral(text, {"nation": "wales"}, "national")
    assert {r.route: r.verdict for r in told.routes}.get("SIN", "unlikely") == "unlikely"


def test_a_negation_beside_danger_now_does_not_take_the_danger_away() -> None:
    result = check_referral(
        "Ava, 14, CP plan (neglect), told the school nurse she does not want to go home tonight because "
        "of her stepdad.",
        None,
        "national",
    )
    assert result.notices[0].kind == "emergency"


def test_a_length_of_time_is_never_a_person_of_its_own() -> None:
    text = (
        "Marcus O., 39, Down's syndrome and moderate learning disability, died of bowel obstruction. Bowel "
        "charts have gaps of up to 9 days and his laxatives were not given for three weeks."
    )
    reading = read(text)
    assert [p.facts["subject_age"].value for p in reading.people if "subject_age" in p.facts] == [39]
    assert verdicts(text)["LEDER"] == "likely_meets"
    # A baby's age in weeks still belongs to the baby.
    assert person("Baby R (9 wks) could not be revived.", "baby").facts["subject_age"].value == 0


@pytest.mark.slow
def test_where_the_other_children_are_now_is_no_emergency_unless_the_harmer_is_there(
    embedder: SentenceTransformerEmbedder,
) -> None:
    """The clause classifier reads "where someone is now"; a place with carers who did not harm is no danger,
    but the grandparents' house is when it was the grandfather who hurt the child."""
    heads = packaged_heads()
    assert heads is not None
    semantic = SemanticReader(embedder.embed_batch, heads)
    calm = (
        "Child death notification. Kai, 9 weeks, was killed by his father at home on Sunday; the father has been "
        "charged and remanded. Cody, 4, is staying with paternal gran meantime."
    )
    assert check_referral(calm, None, "national", None, semantic).notices[0].kind != "emergency"
    harmed_there = (
        "Logan, 7, has a skull fracture after his grandfather hit him while he stayed at his grandparents' "
        "house. His cousins Ava (6) and Finn (9) are still staying with their grandparents until Sunday."
    )
    assert check_referral(harmed_there, None, "national", None, semantic).notices[0].kind == "emergency"


def test_a_person_said_not_to_exist_is_not_read_as_one() -> None:
    text = (
        "Mr Stephen O., 42, was found dead at his flat in Derby; it looks like suicide after his business failed. "
        "He lived alone. No kids, no partner since his divorce; no LD, no autism, no care needs."
    )
    reading = read(text)
    labels = " ".join(p.label.lower() for p in reading.people)
    assert "kids" not in labels and "partner" not in labels
    got = verdicts(text)
    assert all(got.get(route, "unlikely") == "unlikely" for route in ("SIN", "RR", "CDR", "LCSPR"))


def test_someone_named_only_in_passing_is_not_checked_as_if_the_events_were_theirs() -> None:
    text = (
        "Mr Stephen O., 42, was found dead at his flat in Derby; it looks like suicide after his business failed. "
        "His brother found him. No LD, no autism, no care needs."
    )
    result = check_referral(text, None, "national")
    assert all(r.route not in ("LCSPR", "LLR", "SIN", "RR", "CDR") for r in result.routes if r.verdict != "unlikely")


def test_a_pregnant_teenager_is_still_a_person_and_a_child() -> None:
    text = "Referral re 15yo pregnant, disclosed rape by her stepdad, now suicidal."
    reading = read(text)
    ages = [p.facts["subject_age"].value for p in reading.people if "subject_age" in p.facts]
    assert ages == [15]
    assert verdicts(text).get("SIN", "unlikely") != "unlikely"


def test_what_should_not_have_happened_is_an_event_not_a_rule() -> None:
    text = "Mr Alan P, 79, should not have been discharged alone and died at home two days later in Swindon."
    subject = read(text).person(read(text).main)
    assert subject is not None
    assert subject.facts.get("near_miss") is None or subject.facts["near_miss"].value is not True


def test_a_list_line_ending_in_no_does_not_hide_the_next_line() -> None:
    reading = read("Siblings in household: no\nMother: Kerry, 34, lives in Salisbury")
    assert any("mother" in p.label.lower() for p in reading.people)


def test_a_safe_place_is_only_one_with_nothing_more_said_and_carers_who_did_not_harm() -> None:
    from assistant.referral.reading.assertions import Clause
    from assistant.referral.reading.people import cast_of
    from assistant.referral.reading.reader import _safe_place

    text = (
        "Kai was killed by his father. Cody is staying with paternal gran. Ava is in hospital and her sisters "
        "are at home with their mother. Finn is staying with his grandad."
    )
    cast = cast_of(text)
    father = [p for p in cast.people if "father" in p.label().lower()]
    grandad = [p for p in cast.people if "grandad" in p.label().lower()]
    assert father and grandad

    def clause(words: str) -> Clause:
        start = text.index(words)
        return Clause(start, start + len(words), words)

    assert _safe_place(clause("Cody is staying with paternal gran."), father)
    assert not _safe_place(clause("Cody is staying with paternal gran."), [])  # nobody named as having harmed
    assert not _safe_place(clause("Ava is in hospital and her sisters are at home with their mother."), father)
    assert not _safe_place(clause("Finn is staying with his grandad."), grandad)  # the carer harmed
    assert not _safe_place(clause("Kai was killed by his father."), father)


def test_a_finding_in_a_sentence_that_names_nobody_is_about_the_person_the_record_is_about() -> None:
    # Not someone it is said they went back to.
    text = "Rhys, 14, was found in a car with older men. Not injured, returned to mum in Chester."
    assert person(text, "rhys").facts["serious_harm"].value is False
    assert "serious_harm" not in person(text, "mum").facts


@pytest.mark.parametrize(
    ("text", "harmed"),
    [
        ("Dad hit the 2yo across the head with a belt. Her brother, 6, was in the room, not hurt.", "2yo"),
        ("Leo, 3, was hit by his stepdad with a belt; no injuries to his brother.", "leo"),
        (
            "Jake, 3, was thrown against a wall by his father. Mum was also assaulted, not seriously injured.",
            "jake",
        ),
    ],
)
def test_someone_else_being_unhurt_does_not_rule_out_the_harmed_childs_routes(text: str, harmed: str) -> None:
    assert person(text, harmed).facts.get("serious_harm") is None or person(text, harmed).facts["serious_harm"].value
    assert verdicts(text)["SIN"] != "unlikely"


def test_a_minor_accident_with_a_consistent_story_is_unlikely_for_the_child_routes() -> None:
    text = "A 7yo broke his wrist falling off a trampoline, mum brought him in, story consistent, no other marks."
    v = verdicts(text)
    assert v["SIN"] == "unlikely" and v.get("RR", "unlikely") == "unlikely"


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Mum said the bus broke down and her phone died, so the 9yo waited at a neighbour's.", "died"),
        ("Mum had gone downstairs to answer the door when the 2yo climbed the stairgate.", "learning_disability"),
        ("The 3yo was checked over and is fine. Mum very shaken.", "serious_harm"),
    ],
)
def test_everyday_words_are_not_read_as_what_they_resemble(text: str, fact: str) -> None:
    assert all(p.facts.get(fact) is None or p.facts[fact].value is not True for p in read(text).people)


def test_an_overdose_is_as_serious_as_the_rest_of_the_words_say() -> None:
    fit = "Ella, 15, took an overdose last night; levels below the treatment line, no NAC needed, medically fit."
    assert person(fit, "ella").facts["serious_harm"].value is False
    itu = "Ella, 15, took an overdose last night and is in ITU."
    assert person(itu, "ella").facts["serious_harm"].value is True
    unsaid = "Ella, 15, took an overdose last night."
    assert verdicts(unsaid)["SIN"] == "needs_more_info"  # how badly she was harmed is the first question


def test_a_deep_wound_needing_surgery_is_serious_harm() -> None:
    text = "Her daughter (3) has a deep wound to her hand - surgery at the LGI tonight, tendon damage likely."
    assert person(text, "daughter").facts["serious_harm"].value is True


@pytest.mark.parametrize(
    "text",
    [
        "Tyler, 14, went missing from home at 9 this morning and has not been found.",
        "Seen by CAMHS after the overdose; Jess, 15, says she will do it properly next time.",
        "The 8yo disclosed that her uncle touched her. The uncle still lives two doors away.",
        "Nadia, 16, says the man gives her money and she is meeting him again on Friday.",
        "The 85yo walked out of the care home at night. The door alarm has still not been repaired.",
    ],
)
def test_a_danger_that_has_not_ended_puts_the_emergency_route_first(text: str) -> None:
    assert check_referral(text, None, "national").notices[0].kind == "emergency"


def test_outstanding_practice_is_no_emergency() -> None:
    text = "A 6-month-old was admitted with malnutrition; agencies worked well and there is outstanding learning."
    assert check_referral(text, None, "national").notices[0].kind != "emergency"


def test_no_family_concerns_does_not_rule_out_an_adult_review() -> None:
    text = (
        "Dan, 31, with care and support needs after a brain injury, took his own life in Swindon. Services "
        "each thought another was leading. His dad was very supportive, no family concerns at all."
    )
    assert verdicts(text)["SAR_M"] != "unlikely"


def test_what_was_not_achieved_is_before_the_words_not_the_death_after_them() -> None:
    text = "Mr P, 88, choked at lunch in the care home. CPR 30 mins, ROSC not achieved, life pronounced extinct 13:40."
    assert person(text, "88").facts["died"].value is True


@pytest.mark.parametrize(
    "text",
    [
        "Awful news from the leaving care team: we've lost Kayleigh (DOB 02/03/2004) at the weekend.",
        "The manager rang: we lost Marcus last night, a passenger in a stolen car.",
        "Paeds ED: 4yo brought in in arrest; we worked on him for 40 minutes but couldn't get him back.",
    ],
)
def test_a_death_said_as_a_loss_is_a_death(text: str) -> None:
    assert any(p.facts.get("died") is not None and p.facts["died"].value is True for p in read(text).people)


@pytest.mark.parametrize(
    "text", ["We lost contact with Jade, 15, in May.", "Mum has lost Jobseekers Allowance.", "She has lost her mum."]
)
def test_other_losses_are_not_deaths_of_the_person_named(text: str) -> None:
    assert all(p.facts.get("died") is None or p.facts["died"].value is not True for p in read(text).people)


@pytest.mark.parametrize(
    "text",
    [
        "The 9 month old had a cardiac arrest at home, circulation not restored at the scene.",
        "Zainab, 4, has a spiral fracture of the femur, explanation not established.",
        "Ella, 15, took 60 paracetamol at home; no NAC was given until 20 hours later.",
    ],
)
def test_words_about_something_else_do_not_rule_out_the_harm(text: str) -> None:
    assert verdicts(text)["SIN"] != "unlikely"


@pytest.mark.parametrize(
    "text",
    [
        "Baby R, 10 weeks, died suddenly at home, cause not established.",
        "The passenger in the car died at the scene; the driver, 17, was a looked after child.",
    ],
)
def test_a_death_stands_whatever_is_said_beside_it(text: str) -> None:
    assert any(p.facts.get("died") is not None and p.facts["died"].value is True for p in read(text).people)


@pytest.mark.parametrize(
    "text",
    [
        "We lost him in the shopping centre for twenty minutes; Tom, 4, was found by security.",
        "We lost Jade, 15, to follow-up in May after she moved.",
        "We lost Mum's number so could not warn her; the baby, 6 weeks, has rib fractures.",
        "Mum couldn't get him back to sleep; Ryan, 5, was seen at school with a bruise.",
        "Mum said her phone was dead, so the 9yo waited at a neighbour's.",
    ],
)
def test_ordinary_losses_and_dead_phones_are_not_deaths(text: str) -> None:
    assert all(p.facts.get("died") is None or p.facts["died"].value is not True for p in read(text).people)


@pytest.mark.parametrize(
    "text",
    [
        "Mr T, 80, died in hospital after a fall at the care home. The safeguarding enquiry is outstanding.",
        "Baby K died suddenly at home in March. The cause has not been found.",
        "Sam, 4, died in January. The next time he was seen by the HV before that was at 6 weeks.",
        "Amy, 15, died by suicide last month. I am meeting her mum again next week to discuss the review.",
        "Mrs P, 90, died in hospital after a fall at home. Grandma still lives nearby and helps the family.",
        "Ben, 2, died of sepsis in hospital. Mum won't be home until 6 so I will ring later.",
    ],
)
def test_past_events_with_things_still_to_do_are_no_emergency(text: str) -> None:
    assert check_referral(text, None, "national").notices[0].kind != "emergency"


def test_a_gp_surgery_is_not_serious_harm() -> None:
    text = "The 4yo was seen at the GP surgery today with a small bruise to his cheek."
    harm = person(text, "4yo").facts.get("serious_harm")
    assert harm is None or harm.value is not True


def test_children_present_when_their_mother_was_killed_may_be_at_risk_of_significant_harm() -> None:
    text = (
        "Police Scotland, Dundee. A woman of 41 was found dead at home; her husband is charged with her murder. "
        "Their children aged 6 and 10 were in the house at the time and were found unhurt by officers."
    )
    assert verdicts(text)["SCO_CLR"] != "unlikely"
    quiet = "Police Scotland, Dundee. A woman of 41 died of an illness at home. Her sons, 6 and 10, were in the house."
    assert all(p.facts.get("at_risk_of_significant_harm") is None for p in read(quiet).people)


@pytest.mark.parametrize(
    "text",
    [
        "Dennis, 79, died in hospital of sepsis. The discharge letter was not passed to the district nurses.",
        "Dennis, 79, died in hospital. The home had asked for a professionals meeting, which never took place.",
        "Dennis, 79, died at home. Carers missed four visits without telling the council.",
        "Dennis, 79, died at home. His case wasn't reallocated when his social worker left.",
    ],
)
def test_a_step_services_did_not_take_is_a_concern_about_how_agencies_worked_together(text: str) -> None:
    concern = read(text).situation.get("concern_agencies_could_have_worked_better")
    assert concern is not None and concern.value is True


@pytest.mark.parametrize(
    "text",
    [
        "Dennis, 79, died in hospital of sepsis. The discharge letter was passed to the district nurses.",
        "Dennis, 79, died at home. A professionals meeting took place the week before.",
        "Dennis, 79, died at home. He had not passed his driving test.",  # not a step services take
    ],
)
def test_a_step_services_took_says_nothing_against_them(text: str) -> None:
    assert "concern_agencies_could_have_worked_better" not in read(text).situation


def test_whoever_rang_it_in_is_not_whom_the_record_is_about() -> None:
    text = (
        "02:10 call from female at an address in Leeds: her son, 2, not breathing. Officers on scene 02:18. "
        "Child in cardiac arrest; conveyed to LGI, life pronounced extinct 03:05."
    )
    assert person(text, "son").facts["died"].value is True
    assert "died" not in person(text, "female").facts
    assert verdicts(text)["CDR"] == "likely_meets"


@pytest.mark.parametrize(
    "text",
    [
        "Margaret, 82, died in hospital with grade 4 pressure sores. Neglect is suspected.",
        "Mr Ali, 67, died after a fall at home. Bruises of different ages; his hubby says he fell.",
    ],
)
def test_abuse_before_a_death_asks_who_was_responsible_even_when_the_words_name_nobody(text: str) -> None:
    # Who was responsible is unknown, so whether it was a partner, relative or household member is asked.
    assert verdicts(text).get("DHR") in ("needs_more_info", "likely_meets")


def test_a_caller_named_with_an_age_can_be_the_one_harmed() -> None:
    text = "Call from Mr Hill, 70, who says his son hits him and takes his money. Bruising to face, two fractured ribs."
    assert verdicts(text).get("SAR_M") in ("needs_more_info", "likely_meets")
    assert person(text, "hill").facts["abuse_or_neglect"].value is True


def test_an_age_given_after_the_person_with_aged_belongs_to_them() -> None:
    text = "The little boy, aged 14 months, passed away this morning on his palliative care plan."
    assert person(text, "boy").facts["subject_age"].value == 1
    assert verdicts(text).get("LEDER", "unlikely") == "unlikely"  # under 4: not for LeDeR


def test_hanging_round_outside_is_not_a_hanging() -> None:
    text = "Jade, 14, is in PICU after an overdose. Two older males were seen hanging round outside the home."
    assert "died" not in person(text, "jade").facts or person(text, "jade").facts["died"].value is not True


def test_a_form_heading_and_the_name_after_it_are_one_person() -> None:
    text = (
        "Child protection medical. Child: Poppy GREEN, 4, Trowbridge. Findings: prolonged failure to meet "
        "Poppy's basic needs, with long-term impact on growth and development. No bruising, no fractures."
    )
    reading = read(text)
    assert len([p for p in reading.people if p.label.lower().startswith(("child", "poppy"))]) == 1
    assert person(text, "child").facts["abuse_or_neglect"].value is True  # neglect as the guidance defines it
    assert verdicts(text, "wiltshire")["SIN"] != "unlikely"  # long-term impairment: not ruled out by "no fractures"


def test_a_process_not_yet_started_does_not_rule_out_abuse() -> None:
    text = "Ava, 5 months, has rib fractures. No strategy discussion has taken place."
    assert verdicts(text)["SIN"] != "unlikely"


def test_someone_introduced_after_a_colon_by_who_wrote_it_is_someone_else() -> None:
    text = "Email from ward sister: Mrs Khan, 79, died this morning. Bruising to both arms, unexplained."
    assert len(read(text).people) == 2
    assert person(text, "khan").facts["died"].value is True


@pytest.mark.parametrize(
    "text",
    [
        "Mr Shah, 80, died after a fall at home with bruising. His son says nobody knows what happened.",
        "Mr Shah, 80, died after a fall. Mum didn't tell the school about the bruise.",
        "Mr Shah, 80, died after a fall. He never came out of his room much.",
    ],
)
def test_what_a_family_did_not_do_is_no_concern_about_agencies(text: str) -> None:
    assert "concern_agencies_could_have_worked_better" not in read(text).situation


def test_hanging_at_a_time_and_place_is_still_a_hanging() -> None:
    text = (
        "Police log 03:10: male, 15, hanging about 02:30 in the garage at home address, life pronounced extinct 03:05."
    )
    assert verdicts(text)["CDR"] == "likely_meets"
    assert person(text, "15").facts["death_type"].value == "suicide"
