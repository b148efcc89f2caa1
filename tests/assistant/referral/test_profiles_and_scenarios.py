"""Partnership profiles and forms, safety notices, and the development scenarios end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.referral import PROFILES, UnknownPartnershipError, check_referral
from eval.referral import evaluate_referral, load_scenarios

SHARED_SCENARIOS = Path(__file__).resolve().parents[4] / "shared" / "referral" / "dev-scenarios.jsonl"
OWN_SCENARIOS = Path(__file__).resolve().parents[3] / "eval" / "sets" / "referral-scenarios.jsonl"


def test_wiltshire_uses_the_notification_form_for_panel_cases_and_the_case_review_form_otherwise() -> None:
    sin = check_referral("A 5-week-old baby died; the parents were drunk and neglect is suspected.", None, "wiltshire")
    route = sin.route("SIN")
    assert route and route.form and route.form.id == "wiltshire_sin_form"
    assert route.form.contact == "svpp@wiltshire.gov.uk" and "5 working days" in (route.form.note or "")
    sar = check_referral(
        "An 80-year-old with dementia died of neglect; agencies did not share information.", None, "wiltshire"
    ).route("SAR_M")
    assert sar and sar.form and sar.form.id == "wiltshire_cr_form"


def test_leder_route_links_to_the_national_notification_page() -> None:
    result = check_referral("A 46-year-old man with a learning disability died in hospital.", None, "wiltshire")
    leder = result.route("LEDER")
    assert leder and leder.form and leder.form.url == "https://leder.nhs.uk/report"


def test_national_profile_has_no_local_forms_and_cheshire_west_has_its_own() -> None:
    text = "A 2-year-old on a child protection plan was found alone with methadone and was unharmed."
    national = check_referral(text, None, "national").route("LLR")
    cheshire = check_referral(text, None, "cheshire-west").route("LLR")
    assert national and national.form and national.form.id == "partnership_case_review_form"
    assert cheshire and cheshire.form and cheshire.form.id == "cheshire_west_referral_form"
    assert set(PROFILES) == {"wiltshire", "cheshire-west", "national"}


def test_unknown_profile_is_refused() -> None:
    with pytest.raises(UnknownPartnershipError):
        check_referral("x", None, "atlantis")


def test_immediate_risk_puts_the_emergency_route_first() -> None:
    result = check_referral("A 3-year-old has a fractured skull and her siblings are still living at home.")
    assert result.notices[0].kind == "emergency" and "999" in result.notices[0].text


def test_dev_scenarios_agree_on_every_expected_route(shared: Path) -> None:
    """Every route a dev scenario lists gets its verdict; the only other routes shown are ones whose deciding
    status the description leaves unstated (learning disability, in care...), shown as needing more information."""
    scenarios = load_scenarios(shared / "referral" / "dev-scenarios.jsonl")
    report = evaluate_referral("dev", lambda t, p: check_referral(t, None, p), scenarios)
    expected = {s.id: s.expect for s in scenarios}
    for result in report.results:
        for disagreement in result.disagreements:
            route, _, rest = disagreement.partition(": ")
            # Also allowed: the discretionary SAR beside an undecided mandatory one (criteria §3.6: the Board
            # may review any adult with care and support needs).
            cautious = rest.startswith("needs_more_info") or (route == "SAR_D" and rest.startswith("may_meet"))
            assert route not in expected[result.id] and cautious, disagreement
    assert report.metrics["critical_misses"] == 0
    assert report.metrics["form_right"] == 1.0


def test_result_serialises_to_the_documented_shape() -> None:
    data = check_referral("A 34-year-old woman was killed by her ex-partner.").as_dict()
    json.dumps(data)
    route = data["routes"][0]
    assert {"route", "name", "verdict", "criteria", "form", "timescale", "who_decides", "next_steps"} <= route.keys()
    assert {"id", "text", "status", "source", "source_url", "unverified"} <= route["criteria"][0].keys()
    assert {"routes", "follow_up_questions", "extracted_facts", "notices"} <= data.keys()
