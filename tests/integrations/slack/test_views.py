"""Referral modal and feedback modal rendering from a fixed ``referral_check().as_dict()`` shape (no model)."""

from __future__ import annotations

import json
import re

from integrations.channels.formatting import parse_fact, summarise_referral
from integrations.slack.views import (
    feedback_reason_view,
    home_view,
    read_feedback_reason,
    read_referral_submission,
    referral_result_view,
)
from tests.integrations.slack.harness import block_text, submitted_state
from tests.integrations.slack.samples import RESULT

INTERNAL = re.compile(r"\b[a-z]+_[a-z0-9_]+\b|\bp\d+\.[a-z]|\b(?:True|False|None)\b|specification")


def _inputs(view: dict) -> dict[str, dict]:
    return {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}


def test_referral_view_shows_emergency_headline_and_the_facts_read_first() -> None:
    view = referral_result_view(RESULT, "A baby with a fracture.")
    blocks = view["blocks"]
    assert "call 999" in blocks[0]["text"]["text"] and ":rotating_light:" in blocks[0]["text"]["text"]
    assert blocks[1]["text"]["text"] == "*May apply: Local child safeguarding practice review.*"
    assert "Baby: seriously harmed." in block_text([blocks[2]])
    inputs = _inputs(view)
    # The decisive facts read, with their words, as prefilled inputs, before the follow-up questions.
    harm = inputs["fact::serious_harm"]
    assert harm["element"]["type"] == "static_select" and harm["element"]["initial_option"]["value"] == "true"
    assert harm["hint"]["text"] == "read from: “fracture”" and harm["label"]["text"] == "Seriously harmed"
    assert [o["value"] for o in harm["element"]["options"]] == ["true", "false", "unknown"]
    age = inputs["given::subject_age"]  # given in an earlier check: sent again
    assert age["element"]["type"] == "plain_text_input" and age["element"]["initial_value"] == "1"
    assert age["hint"]["text"] == "You said so."
    assert inputs["fact::p2.died"]["element"]["initial_option"]["value"] == "true"
    order = list(inputs)
    assert order.index("fact::p2.died") < order.index("fact::abuse_or_neglect") < order.index("situation")
    asked = inputs["fact::p2.looked_after"]
    assert (
        asked["label"]["text"] == "About the twin: Was the child in care?" and "initial_option" not in asked["element"]
    )
    assert (
        inputs["fact::abuse_or_neglect"]["label"]["text"] == "About the baby: Is abuse or neglect known or suspected?"
    )
    text = block_text(blocks)
    assert "🟡 *Local child safeguarding practice review*: May meet the criteria" in text
    assert "For the baby: at the partners' discretion." in text
    assert "⚪ *Safeguarding adults review*: Unlikely to meet the criteria" in text
    assert "✓ Serious harm or death: met _(WT 2023)_" in text
    assert "? Abuse or neglect suspected: not known yet _(<https://example.org/wt|WT 2023>)_" in text
    assert "*Form:* <https://example.org/form|Case for consideration>" in text
    assert "*Who decides:* The safeguarding partners." in text and "• Tell your safeguarding lead today." in text
    assert blocks[-2]["elements"][0]["text"].startswith("This is a suggestion")  # the reminder, last, once
    assert text.count("This is a suggestion") == 1 and "not a safeguarding referral" in text
    shown = re.sub(r":[a-z_]+:", "", text)  # emoji such as :rotating_light:
    assert not INTERNAL.search(shown), INTERNAL.search(shown)
    assert inputs["situation"]["element"]["initial_value"] == "A baby with a fracture."
    assert view["title"]["text"] == "Referral check" and view["submit"]["text"] == "Check again"


def _submit(view: dict, chosen: dict[str, str | None]) -> dict:
    """The view as Slack sends it back: its blocks, and each input's state (prefilled unless ``chosen``)."""
    return dict(view, state=submitted_state(view, " A baby with a fracture. ", chosen))


def test_submission_sends_back_the_answers_and_corrections_keyed_by_key() -> None:
    view = referral_result_view(RESULT, "A baby with a fracture.")
    unchanged = _submit(view, {})
    assert read_referral_submission(unchanged) == ("A baby with a fracture.", {"subject_age": 1})  # given before
    changed = _submit(
        view, {"fact::p2.died": "false", "fact::p2.looked_after": "true", "fact::abuse_or_neglect": "unknown"}
    )
    assert read_referral_submission(changed) == (
        "A baby with a fracture.",
        {"subject_age": 1, "p2.died": False, "p2.looked_after": True},
    )
    # Without the blocks (an older client), every fact with a value is sent; "Not known" is left out.
    state_only = {
        "state": {
            "values": {
                "situation": {"value": {"type": "plain_text_input", "value": " A baby with a fracture. "}},
                "fact::abuse_or_neglect": {"value": {"type": "static_select", "selected_option": {"value": "true"}}},
                "fact::p3.subject_age": {"value": {"type": "plain_text_input", "value": "12 years"}},
                "given::p3.looked_after": {"value": {"type": "static_select", "selected_option": {"value": "false"}}},
                "fact::in_care": {"value": {"type": "static_select", "selected_option": {"value": "unknown"}}},
                "fact::place": {"value": {"type": "plain_text_input", "value": None}},
            }
        }
    }
    assert read_referral_submission(state_only) == (
        "A baby with a fracture.",
        {"abuse_or_neglect": True, "p3.subject_age": 12, "p3.looked_after": False},
    )
    assert [parse_fact(x) for x in ("No", "not known", "Wiltshire", "", "maybe", "?")] == [
        False,
        None,
        "Wiltshire",
        None,
        None,
        None,
    ]


def test_no_routes_and_modal_limits() -> None:
    empty = referral_result_view({"routes": [], "follow_up_questions": [], "notices": []}, "x")
    text = block_text(empty["blocks"])
    assert "No review or notification route" in text and "This is a suggestion" in text
    person = RESULT["summary"]["people"][0]
    crowd = [dict(person, key=f"p{i}") for i in range(40)]
    many = dict(RESULT, routes=RESULT["routes"] * 40, summary=dict(RESULT["summary"], people=crowd))
    blocks = referral_result_view(many, "x")["blocks"]
    assert len(blocks) <= 100
    assert blocks[-1]["block_id"] == "situation" and "This is a suggestion" in block_text([blocks[-2]])
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
