"""``/caselearn refer <situation>``: a modal with verdicts and form links, follow-up questions, "Check again"."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integrations.slack.conftest import SlackService
from tests.integrations.slack.harness import Call, block_text, submitted_state

pytestmark = pytest.mark.slow

SITUATION = "A 10-year-old boy was admitted to intensive care with a head injury."


def _views(service: SlackService, method: str, view_id: str | None = None) -> object:
    def match(call: Call) -> bool:
        return call.method == method and (view_id is None or call.body.get("view_id") == view_id)

    return match


def _inputs(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}


def _submission(view: dict[str, Any], situation: str, chosen: dict[str, str | None]) -> dict[str, Any]:
    """What Slack posts on "Check again": the view as shown (its blocks), with each input's state."""
    return {
        "type": "view_submission",
        "view": dict(view, private_metadata="", state=submitted_state(view, situation, chosen)),
    }


def _check(service: SlackService, situation: str, channel: str) -> dict[str, Any]:
    api, client = service.api, service.client
    response = client.command(f"refer {situation}", channel=channel, response_url=api.respond_url(channel))
    assert response.status_code == 200
    (opened,) = api.wait_for(lambda c: c.method == "views.open" and c.body.get("trigger_id") == f"trigger-{channel}")
    assert "Checking" in block_text(opened.body["view"]["blocks"])  # opened at once, within the trigger's 3 s
    (updated,) = api.wait_for(_views(service, "views.update", opened.response["view"]["id"]))
    return dict(updated.body["view"], id=updated.body["view_id"])


def _check_again(service: SlackService, view: dict[str, Any], situation: str, chosen: dict[str, str | None]) -> dict:
    response = service.client.interaction(_submission(view, situation, chosen))
    assert response.status_code == 200
    assert response.json()["response_action"] == "update"  # "Checking…" shown at once
    (second,) = service.api.wait_for(_views(service, "views.update", view["id"]), count=2)[1:]
    return dict(second.body["view"])


def test_refer_opens_a_modal_with_the_facts_read_then_questions_and_check_again(slack_service: SlackService) -> None:
    view = _check(slack_service, SITUATION, "C-refer")
    assert view["callback_id"] == "caselearn_referral" and view["submit"]["text"] == "Check again"
    text = block_text(view["blocks"])
    assert view["blocks"][0]["text"]["text"].startswith("*Needs more information: Serious incident notification")
    assert "<https://childsafeguarding.education.gov.uk/|" in text  # the form, as a link
    inputs = _inputs(view)
    harm = inputs["fact::serious_harm"]  # read from the description, shown first with its words
    assert harm["element"]["initial_option"]["value"] == "true"
    assert harm["hint"]["text"] == "read from: “intensive care”"
    assert inputs["fact::subject_age"]["element"]["initial_value"] == "10"
    follow_up = inputs["fact::abuse_or_neglect"]
    assert follow_up["element"]["type"] == "static_select" and follow_up["optional"] is True
    assert "initial_option" not in follow_up["element"]
    order = list(inputs)
    assert order.index("fact::serious_harm") < order.index("fact::abuse_or_neglect") < order.index("situation")
    assert inputs["situation"]["element"]["initial_value"] == SITUATION
    assert len(view["blocks"]) <= 100

    # Answering a follow-up question and checking again: the modal shows the new verdicts and the answer given.
    second = _check_again(slack_service, view, SITUATION, {"fact::abuse_or_neglect": "true"})
    assert second["blocks"][0]["text"]["text"].startswith("*Likely: Serious incident notification")
    assert "Likely meets the criteria" in block_text(second["blocks"])
    chosen = _inputs(second)
    assert chosen["given::abuse_or_neglect"]["element"]["initial_option"]["value"] == "true"
    assert chosen["given::abuse_or_neglect"]["hint"]["text"] == "You said so."
    assert chosen["fact::serious_harm"]["hint"]["text"] == "read from: “intensive care”"  # untouched: still read


def test_facts_about_another_person_round_trip_by_key(slack_service: SlackService) -> None:
    family = "A father killed his partner and their 12-year-old, then himself."
    view = _check(slack_service, family, "C-refer-family")
    inputs = _inputs(view)
    assert inputs["fact::p3.subject_age"]["element"]["initial_value"] == "12"
    assert inputs["fact::p3.looked_after"]["label"]["text"].startswith("About the 12-year-old: Was the child in care")
    second = _check_again(slack_service, view, family, {"fact::p3.looked_after": "true"})
    text = block_text(second["blocks"])
    assert "*Death of a looked-after child notified to the Secretary of State and Ofsted*: Likely" in text
    assert _inputs(second)["given::p3.looked_after"]["element"]["initial_option"]["value"] == "true"
    assert "p3." not in text and "looked_after" not in text


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
