"""``/caselearn refer <situation>``: a modal with verdicts and form links, follow-up questions, "Check again"."""

from __future__ import annotations

import pytest

from tests.integrations.slack.conftest import SlackService
from tests.integrations.slack.harness import Call, block_text

pytestmark = pytest.mark.slow

SITUATION = "A 4-month-old baby was admitted to hospital with a skull fracture."


def _views(service: SlackService, method: str, view_id: str | None = None) -> object:
    def match(call: Call) -> bool:
        return call.method == method and (view_id is None or call.body.get("view_id") == view_id)

    return match


def test_refer_opens_a_modal_with_verdicts_and_follow_up_questions(slack_service: SlackService) -> None:
    api, client = slack_service.api, slack_service.client
    response = client.command(f"refer {SITUATION}", channel="C-refer", response_url=api.respond_url("refer1"))
    assert response.status_code == 200
    (opened,) = api.wait_for(lambda c: c.method == "views.open" and c.body.get("trigger_id") == "trigger-C-refer")
    assert "Checking" in block_text(opened.body["view"]["blocks"])  # opened at once, within the trigger's 3 s
    (updated,) = api.wait_for(_views(slack_service, "views.update", opened.response["view"]["id"]))
    view = updated.body["view"]
    assert view["callback_id"] == "caselearn_referral" and view["submit"]["text"] == "Check again"
    text = block_text(view["blocks"])
    assert "Serious incident notification" in text and "Needs more information" in text
    assert "<https://childsafeguarding.education.gov.uk/|" in text  # the form, as a link
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert inputs["situation"]["element"]["initial_value"] == SITUATION
    follow_up = inputs["fact::abuse_or_neglect"]
    assert follow_up["element"]["type"] == "static_select" and follow_up["optional"] is True
    assert len(view["blocks"]) <= 100

    # Answering a follow-up question and checking again: the modal is updated with the new verdicts.
    submission = {
        "type": "view_submission",
        "view": {
            "id": updated.body["view_id"],
            "type": "modal",
            "callback_id": "caselearn_referral",
            "private_metadata": "",
            "state": {
                "values": {
                    "situation": {"value": {"type": "plain_text_input", "value": SITUATION}},
                    "fact::abuse_or_neglect": {"value": {"type": "static_select", "selected_option": {"value": "yes"}}},
                }
            },
        },
    }
    response = client.interaction(submission)
    assert response.status_code == 200
    assert response.json()["response_action"] == "update"  # "Checking…" shown at once
    (second,) = api.wait_for(_views(slack_service, "views.update", updated.body["view_id"]), count=2)[1:]
    text = block_text(second.body["view"]["blocks"])
    assert "Likely meets the criteria" in text
    chosen = {b["block_id"]: b for b in second.body["view"]["blocks"] if b["type"] == "input"}
    assert (
        "fact::abuse_or_neglect" not in chosen
        or chosen["fact::abuse_or_neglect"]["element"].get("initial_option", {}).get("value") == "yes"
    )


def test_refer_without_a_situation_asks_for_one_and_empty_submission_is_refused(slack_service: SlackService) -> None:
    api, client = slack_service.api, slack_service.client
    client.command("refer", channel="C-refer-empty", response_url=api.respond_url("refer2"))
    (opened,) = api.wait_for(lambda c: c.method == "views.open" and c.body.get("trigger_id") == "trigger-C-refer-empty")
    assert [b["block_id"] for b in opened.body["view"]["blocks"] if b["type"] == "input"] == ["situation"]
    submission = {
        "type": "view_submission",
        "view": {
            "id": "V-empty",
            "type": "modal",
            "callback_id": "caselearn_referral",
            "private_metadata": "",
            "state": {"values": {"situation": {"value": {"type": "plain_text_input", "value": "  "}}}},
        },
    }
    response = client.interaction(submission)
    assert response.status_code == 200
    assert response.json() == {"response_action": "errors", "errors": {"situation": "Please describe the situation."}}
