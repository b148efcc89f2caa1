"""The rules against the specification's decision tables, fact by fact (explicit facts, no extraction)."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.referral import check_referral


def verdicts(facts: dict[str, Any], partnership: str = "national") -> dict[str, str]:
    result = check_referral("(facts given explicitly)", facts, partnership)
    return {r.route: r.verdict for r in result.routes}


CHILD_DIED_ABUSE = {"nation": "england", "subject_age": 2, "died": True, "abuse_or_neglect": True}


# -- 3.1 England, children -----------------------------------------------------------------------
def test_e1_child_died_with_abuse_or_neglect() -> None:
    v = verdicts(CHILD_DIED_ABUSE)
    assert v["SIN"] == "likely_meets" and v["RR"] == "likely_meets"
    assert v["LCSPR"] == "may_meet" and v["CDR"] == "likely_meets"


def test_e2_serious_harm_with_abuse_but_alive() -> None:
    v = verdicts({**CHILD_DIED_ABUSE, "died": False, "serious_harm": True})
    assert (v["SIN"], v["RR"], v["LCSPR"]) == ("likely_meets", "likely_meets", "may_meet")
    assert "CDR" not in v


def test_e3_harm_severity_unknown_needs_more_info() -> None:
    v = verdicts({**CHILD_DIED_ABUSE, "died": False, "serious_harm": None})
    assert v["SIN"] == "needs_more_info"


def test_e4_near_miss_is_not_a_notification_but_may_be_a_learning_review() -> None:
    v = verdicts({**CHILD_DIED_ABUSE, "died": False, "serious_harm": False, "near_miss": True})
    assert v["SIN"] == "unlikely" and v["LCSPR"] == "unlikely" and v["LLR"] == "may_meet"


def test_e5_natural_death_without_abuse_only_child_death_review() -> None:
    v = verdicts({**CHILD_DIED_ABUSE, "abuse_or_neglect": False})
    assert v["SIN"] == "unlikely" and v["CDR"] == "likely_meets"
    assert "RR" not in v and "LLR" not in v


def test_e6_abuse_unknown_after_death_needs_more_info() -> None:
    v = verdicts({**CHILD_DIED_ABUSE, "abuse_or_neglect": None})
    assert v["SIN"] == "needs_more_info" and v["CDR"] == "likely_meets"


def test_e8_suicide_without_abuse_is_a_learning_review() -> None:
    v = verdicts({**CHILD_DIED_ABUSE, "subject_age": 16, "abuse_or_neglect": False, "death_type": "suicide"})
    assert v["SIN"] == "unlikely" and v["CDR"] == "likely_meets" and v["LLR"] == "may_meet"


def test_e9_looked_after_child_death_is_notified_whatever_the_cause() -> None:
    v = verdicts({**CHILD_DIED_ABUSE, "abuse_or_neglect": False, "looked_after": True})
    assert v["LACN"] == "likely_meets" and v["SIN"] == "unlikely"


def test_e10_older_teenager_killed_by_partner_adds_dhr() -> None:
    v = verdicts(
        {
            **CHILD_DIED_ABUSE,
            "subject_age": 17,
            "death_type": "homicide",
            "relationship_to_perpetrator": "intimate_partner_current",
        }
    )
    assert v["DHR"] == "likely_meets" and v["SIN"] == "likely_meets"


def test_e11_child_who_caused_serious_harm() -> None:
    v = verdicts({"nation": "england", "subject_age": 15, "died": False, "child_caused_serious_harm": True})
    assert v["SIN"] == "may_meet" and v["LLR"] == "may_meet"


def test_e12_and_l2_learning_disabled_child_death() -> None:
    v = verdicts({**CHILD_DIED_ABUSE, "subject_age": 7, "abuse_or_neglect": False, "learning_disability": True})
    assert v["CDR"] == "likely_meets" and v["LEDER"] == "likely_meets"


# -- 3.2 England, adults --------------------------------------------------------------------------
ADULT = {
    "nation": "england",
    "subject_age": 70,
    "adult_with_care_and_support_needs": True,
    "concern_agencies_could_have_worked_better": True,
}


def test_a1_adult_died_of_neglect_with_agency_concern() -> None:
    assert verdicts({**ADULT, "died": True, "abuse_or_neglect": True})["SAR_M"] == "likely_meets"


def test_a1_self_neglect_counts_as_neglect() -> None:
    assert verdicts({**ADULT, "died": True, "self_neglect": True})["SAR_M"] == "likely_meets"


def test_a2_alive_with_serious_abuse() -> None:
    v = verdicts({**ADULT, "died": False, "abuse_or_neglect": True, "serious_harm": True})
    assert v["SAR_M"] == "likely_meets"


def test_a3_no_agency_concern_leaves_discretionary_review() -> None:
    v = verdicts({**ADULT, "died": True, "abuse_or_neglect": True, "concern_agencies_could_have_worked_better": False})
    assert v["SAR_M"] == "unlikely" and v["SAR_D"] == "may_meet"


def test_a4_no_abuse_or_neglect_leaves_discretionary_review() -> None:
    v = verdicts({**ADULT, "died": True, "abuse_or_neglect": False})
    assert v["SAR_M"] == "unlikely" and v["SAR_D"] == "may_meet"


def test_a6_no_care_and_support_needs() -> None:
    v = verdicts({**ADULT, "died": True, "abuse_or_neglect": True, "adult_with_care_and_support_needs": False})
    assert v["SAR_M"] == "unlikely" and "SAR_D" not in v


def test_a7_care_needs_unknown_needs_more_info_never_unlikely() -> None:
    v = verdicts({**ADULT, "died": True, "abuse_or_neglect": True, "adult_with_care_and_support_needs": None})
    assert v["SAR_M"] == "needs_more_info"


def test_a8_care_leaver_death_up_to_24() -> None:
    base = {"nation": "england", "died": True, "care_leaver": True}
    assert verdicts({**base, "subject_age": 24})["CLN"] == "likely_meets"
    assert verdicts({**base, "subject_age": 25})["CLN"] == "unlikely"
    assert verdicts({**base, "subject_age": None})["CLN"] == "needs_more_info"


# -- 3.3 DHR --------------------------------------------------------------------------------------
DEATH = {"nation": "england", "subject_age": 40, "died": True}


@pytest.mark.parametrize(
    ("relationship", "expected"),
    [
        ("relative", "likely_meets"),
        ("intimate_partner_former", "likely_meets"),
        ("household_member", "likely_meets"),
        ("stranger", "unlikely"),
        ("unknown", "needs_more_info"),
    ],
)
def test_d1_d3_d4_d5_dhr_by_relationship(relationship: str, expected: str) -> None:
    v = verdicts({**DEATH, "death_type": "homicide", "relationship_to_perpetrator": relationship})
    assert v["DHR"] == expected


def test_d2_suicide_after_domestic_abuse() -> None:
    v = verdicts(
        {
            **DEATH,
            "death_type": "suicide",
            "domestic_abuse_history": True,
            "relationship_to_perpetrator": "intimate_partner_current",
        }
    )
    assert v["DHR"] == "likely_meets"


def test_d6_victim_under_16_is_not_a_dhr() -> None:
    v = verdicts({**DEATH, "subject_age": 14, "death_type": "homicide", "relationship_to_perpetrator": "relative"})
    assert v["DHR"] == "unlikely"


def test_d7_suicide_without_domestic_abuse_is_not_suggested() -> None:
    assert "DHR" not in verdicts({**DEATH, "death_type": "suicide", "domestic_abuse_history": False})


# -- 3.4 LeDeR ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"subject_age": 30, "learning_disability": True}, "likely_meets"),
        ({"subject_age": 2, "learning_disability": True}, "unlikely"),
        ({"subject_age": 30, "autistic_diagnosis": True}, "likely_meets"),
        ({"subject_age": 30, "learning_disability": None}, "needs_more_info"),
    ],
)
def test_l1_to_l6_leder(facts: dict[str, Any], expected: str) -> None:
    assert verdicts({"nation": "england", "died": True, **facts})["LEDER"] == expected


def test_l5_autistic_child_without_learning_disability_is_cdr_only() -> None:
    base = {"nation": "england", "died": True, "subject_age": 10, "autistic_diagnosis": True}
    v = verdicts({**base, "learning_disability": False})
    assert v.get("LEDER", "unlikely") == "unlikely" and v["CDR"] == "likely_meets"


def test_l5_an_unmentioned_learning_disability_is_asked_not_assumed_absent() -> None:
    v = verdicts({"nation": "england", "died": True, "subject_age": 10, "autistic_diagnosis": True})
    assert v["LEDER"] == "needs_more_info" and v["CDR"] == "likely_meets"


def test_l7_death_outside_england_is_not_leder() -> None:
    v = verdicts({"nation": "scotland", "died": True, "subject_age": 30, "learning_disability": True})
    assert "LEDER" not in v


# -- 3.5 Wales, Scotland, Northern Ireland ---------------------------------------------------------
def test_w1_w2_wales_concise_and_extended() -> None:
    base = {"nation": "wales", "subject_age": 1, "died": False, "serious_harm": True, "abuse_or_neglect": True}
    concise = check_referral("x", {**base, "on_child_protection_register": False, "looked_after": False}).route(
        "SUSR_C"
    )
    extended = check_referral("x", {**base, "on_child_protection_register": True}).route("SUSR_C")
    assert concise and concise.verdict == "likely_meets" and concise.review_type == "concise"
    assert extended and extended.review_type == "extended"


def test_w3_harm_below_threshold_in_wales() -> None:
    v = verdicts({"nation": "wales", "subject_age": 6, "died": False, "serious_harm": False, "abuse_or_neglect": True})
    assert v["SUSR_C"] == "unlikely"


def test_x1_england_routes_do_not_apply_in_other_nations() -> None:
    v = verdicts({"nation": "wales", "subject_age": 1, "died": True, "abuse_or_neglect": True})
    assert v.get("SIN", "unlikely") == "unlikely" and "CDR" not in v and "RR" not in v


def test_x1_exception_child_normally_resident_in_england() -> None:
    v = verdicts(
        {
            "nation": "wales",
            "normally_resident_nation": "england",
            "subject_age": 5,
            "died": True,
            "abuse_or_neglect": True,
        }
    )
    assert v["SIN"] == "likely_meets" and v["SUSR_C"] == "likely_meets"


def test_s1_s2_scotland_child_learning_review() -> None:
    base = {"nation": "scotland", "subject_age": 13, "died": True}
    assert verdicts({**base, "death_type": "suicide"})["SCO_CLR"] == "likely_meets"
    assert verdicts({**base, "abuse_or_neglect": None})["SCO_CLR"] == "needs_more_info"


def test_s1_scotland_near_miss_is_risk_of_significant_harm() -> None:
    v = verdicts(
        {
            "nation": "scotland",
            "subject_age": 3,
            "died": False,
            "serious_harm": False,
            "near_miss": True,
            "on_child_protection_register": True,
        }
    )
    assert v["SCO_CLR"] == "likely_meets"


def test_s3_scotland_adult_learning_review() -> None:
    base = {
        "nation": "scotland",
        "subject_age": 60,
        "died": True,
        "abuse_or_neglect": True,
        "concern_agencies_could_have_worked_better": True,
    }
    assert verdicts({**base, "subject_to_asp_processes": True})["SCO_ALR"] == "likely_meets"
    assert verdicts({**base, "subject_to_asp_processes": None})["SCO_ALR"] == "needs_more_info"


def test_n1_n2_n3_northern_ireland_cmr() -> None:
    base = {"nation": "northern_ireland", "subject_age": 2, "died": True, "abuse_or_neglect": True}
    assert verdicts({**base, "concern_agencies_could_have_worked_better": True})["CMR"] == "likely_meets"
    assert verdicts({**base, "concern_agencies_could_have_worked_better": None})["CMR"] == "needs_more_info"
    good = {
        "nation": "northern_ireland",
        "subject_age": 5,
        "died": False,
        "serious_harm": True,
        "abuse_or_neglect": True,
        "good_practice_learning": True,
        "concern_agencies_could_have_worked_better": False,
    }
    assert verdicts(good)["CMR"] == "may_meet"


def test_northern_ireland_adults_cannot_be_assessed_and_say_so() -> None:
    result = check_referral("x", {"nation": "northern_ireland", "subject_age": 50, "died": True})
    assert result.routes == ()
    assert any("Northern Ireland" in n.text for n in result.notices)


# -- cross-cutting rules ----------------------------------------------------------------------------
def test_an_unknown_required_fact_never_yields_unlikely() -> None:
    unknowns = {"subject_age": None, "died": None, "abuse_or_neglect": None, "serious_harm": None}
    result = check_referral("(nothing known)", {"nation": "england", **unknowns})
    for route in result.routes:
        if any(c.status == "unknown" for c in route.criteria) and not any(
            c.status == "not_met" for c in route.criteria
        ):
            assert route.verdict != "unlikely", route.route


def test_follow_up_questions_come_most_decisive_first() -> None:
    result = check_referral("A child has been hurt.", {"nation": "england", "subject_age": 3})
    facts = [q.fact for q in result.follow_up_questions]
    assert facts and facts[0] in ("died", "abuse_or_neglect", "serious_harm")
    assert len(facts) == len(set(facts))


def test_every_result_reminds_that_the_local_process_decides() -> None:
    result = check_referral("x", CHILD_DIED_ABUSE)
    texts = " ".join(n.text for n in result.notices)
    assert "not a decision" in texts and "safeguarding referral" in texts


def test_unverified_sources_and_timescales_are_marked() -> None:
    result = check_referral("x", CHILD_DIED_ABUSE)
    rr = result.route("RR")
    assert rr is not None and rr.timescale_unverified
    sin = result.route("SIN")
    assert sin is not None and any(c.unverified for c in sin.criteria)  # Working Together paragraphs


def test_explicit_facts_override_extracted_ones() -> None:
    text = "A 3-month-old died suddenly. No concerns."
    assert check_referral(text).facts["abuse_or_neglect"].value is False
    given = check_referral(text, {"abuse_or_neglect": True})
    assert given.facts["abuse_or_neglect"].origin == "given"
    assert given.route("SIN") is not None and given.route("SIN").verdict == "likely_meets"  # type: ignore[union-attr]


def test_unknown_fact_names_are_reported_not_used() -> None:
    result = check_referral("x", {"colour_of_door": "red", **CHILD_DIED_ABUSE})
    assert any("colour of door" in w for w in result.warnings)


# -- safety rows added with the people-and-events reader -------------------------------------------
def test_a_near_miss_after_neglect_leaves_the_mandatory_sar_open() -> None:
    from assistant.referral.models import Fact
    from assistant.referral.rules import CHECKS, Situation

    facts = {
        "died": Fact("died", False, "given", ""),
        "abuse_or_neglect": Fact("abuse_or_neglect", True, "given", ""),
        "serious_harm": Fact("serious_harm", False, "given", ""),
        "near_miss": Fact("near_miss", True, "given", ""),
    }
    assert CHECKS["sar_condition"](Situation(facts)) is None
    facts["near_miss"] = Fact("near_miss", False, "given", "")
    assert CHECKS["sar_condition"](Situation(facts)) is False


def test_scotland_adult_not_under_asp_may_still_meet_the_second_route() -> None:
    from assistant.referral import check_referral

    result = check_referral(
        "Email to the APC: Mr Hugh D, 70, Dundee, died at home of severe self-neglect. He was never subject to "
        "ASP. Services each held concerns but never met.",
        {"subject_to_asp_processes": False, "concern_agencies_could_have_worked_better": True},
    )
    route = result.route("SCO_ALR")
    assert route is not None and route.verdict == "may_meet"
