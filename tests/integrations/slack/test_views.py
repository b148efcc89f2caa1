"""Referral modal and feedback modal rendering from a fixed ``referral_check().as_dict()`` shape (no model)."""

from __future__ import annotations

import json

from integrations.slack.formatting import parse_fact, summarise_referral
from integrations.slack.views import (
    feedback_reason_view,
    home_view,
    read_feedback_reason,
    read_referral_submission,
    referral_result_view,
)
from tests.integrations.slack.harness import block_text
from tests.integrations.slack.samples import RESULT


def test_referral_view_shows_emergency_first_verdicts_forms_and_follow_ups() -> None:
    view = referral_result_view(RESULT, "A baby with a fracture.", {"subject_age": 1})
    blocks = view["blocks"]
    assert "call 999" in blocks[0]["text"]["text"] and ":rotating_light:" in blocks[0]["text"]["text"]
    text = block_text(blocks)
    assert "🟡 *Local child safeguarding practice review*: May meet the criteria" in text
    assert "⚪ *Safeguarding adults review*: Unlikely to meet the criteria" in text
    assert "✓ Serious harm or death: met _(WT 2023)_" in text
    assert "? Abuse or neglect suspected: not known yet _(<https://example.org/wt|WT 2023>)_" in text
    assert "*Form:* <https://example.org/form|Case for consideration>" in text
    assert "*Who decides:* The safeguarding partners." in text and "• Tell your safeguarding lead today." in text
    assert "serious harm: Yes" in text and "care leaver" not in text  # defaults are not shown as understood
    inputs = {b["block_id"]: b for b in blocks if b["type"] == "input"}
    assert inputs["fact::abuse_or_neglect"]["element"]["type"] == "static_select"
    assert inputs["fact::subject_age"]["element"] == {
        "type": "plain_text_input",
        "action_id": "value",
        "max_length": 200,
        "initial_value": "1",
    }
    assert inputs["situation"]["element"]["initial_value"] == "A baby with a fracture."
    assert view["title"]["text"] == "Referral check" and view["submit"]["text"] == "Check again"


def test_submission_is_read_back_as_situation_and_typed_facts() -> None:
    view = {
        "state": {
            "values": {
                "situation": {"value": {"type": "plain_text_input", "value": " A baby with a fracture. "}},
                "fact::abuse_or_neglect": {"value": {"type": "static_select", "selected_option": {"value": "yes"}}},
                "fact::subject_age": {"value": {"type": "plain_text_input", "value": "1"}},
                "fact::in_care": {"value": {"type": "static_select", "selected_option": {"value": "unknown"}}},
                "fact::place": {"value": {"type": "plain_text_input", "value": None}},
            }
        }
    }
    assert read_referral_submission(view) == ("A baby with a fracture.", {"abuse_or_neglect": True, "subject_age": 1})
    assert [parse_fact(x) for x in ("No", "not known", "Wiltshire", "")] == [False, None, "Wiltshire", None]


def test_no_routes_and_modal_limits() -> None:
    empty = referral_result_view({"routes": [], "follow_up_questions": [], "notices": []}, "x")
    assert "No review or notification route" in block_text(empty["blocks"])
    many = dict(RESULT, routes=RESULT["routes"] * 40)
    assert len(referral_result_view(many, "x")["blocks"]) <= 100
    assert summarise_referral(many).routes[0].form_note == "Send within 5 working days."


def test_feedback_reason_modal_round_trip_and_home() -> None:
    view = feedback_reason_view(42)
    assert json.loads(view["private_metadata"]) == {"feedback_id": 42}
    values = [o["value"] for o in view["blocks"][1]["element"]["options"]]
    assert "wrong_source" in values
    submitted = dict(view, state={"values": {"reason": {"value": {"selected_option": {"value": "incomplete"}}}}})
    assert read_feedback_reason(submitted) == (42, "incomplete")
    forged = dict(view, state={"values": {"reason": {"value": {"selected_option": {"value": "rude"}}}}})
    assert read_feedback_reason(forged) == (42, None)
    assert home_view()["type"] == "home"
