"""Helpful / not helpful on an answer: stored (no question text), with an optional reason for "not helpful"."""

from __future__ import annotations

import json
import time

import pytest

from tests.integrations.slack.conftest import SlackService

pytestmark = pytest.mark.slow


def _feedback_values(blocks: list[dict]) -> tuple[str, str]:
    (element,) = [e for b in blocks if b["type"] == "context_actions" for e in b["elements"]]
    assert element["type"] == "feedback_buttons"
    return element["positive_button"]["value"], element["negative_button"]["value"]


def _click(service: SlackService, value: str, trigger: str) -> None:
    payload = {
        "type": "block_actions",
        "channel": {"id": "C-feedback"},
        "trigger_id": trigger,
        "container": {"type": "message", "message_ts": "1800000000.000001"},
        "actions": [
            {
                "type": "feedback_buttons",
                "action_id": "caselearn_feedback",
                "block_id": "fb",
                "value": value,
                "action_ts": "1",
            }
        ],
    }
    assert service.client.interaction(payload).status_code == 200


def test_ratings_are_stored_with_sources_and_a_reason(slack_service: SlackService) -> None:
    question = "What should happen when a bruise is seen on a baby?"
    slack_service.client.event(
        {
            "type": "app_mention",
            "user": "U1",
            "text": f"<@UCASELEARN> {question}",
            "ts": "1700000020.000100",
            "channel": "C-feedback",
        },
        "Ev-feedback-1",
    )
    (reply,) = slack_service.api.wait_for(
        lambda c: c.method == "chat.postMessage" and c.body.get("channel") == "C-feedback"
    )
    positive, negative = _feedback_values(reply.body["blocks"])
    assert question not in positive and question.lower() not in positive.lower()
    before = len(slack_service.feedback.records())

    _click(slack_service, positive, "t-helpful")
    _click(slack_service, negative, "t-not-helpful")
    (opened,) = slack_service.api.wait_for(
        lambda c: c.method == "views.open" and c.body.get("trigger_id") == "t-not-helpful"
    )
    view = opened.body["view"]
    assert view["callback_id"] == "caselearn_feedback_reason"
    assert not slack_service.api.matching(
        lambda c: c.method == "views.open" and c.body.get("trigger_id") == "t-helpful"
    )

    records = slack_service.feedback.records()[before:]
    assert [r.rating for r in records] == ["helpful", "not_helpful"]
    assert all(r.channel == "slack" and r.question is None for r in records)
    assert records[0].question_hash == slack_service.feedback.question_hash(question)
    assert "cspr-child-b-summary.pdf#p3" in records[0].sources

    submission = {
        "type": "view_submission",
        "view": {
            "id": "V-reason",
            "type": "modal",
            "callback_id": "caselearn_feedback_reason",
            "private_metadata": view["private_metadata"],
            "state": {
                "values": {"reason": {"value": {"type": "radio_buttons", "selected_option": {"value": "wrong_source"}}}}
            },
        },
    }
    response = slack_service.client.interaction(submission)
    assert response.status_code == 200
    feedback_id = json.loads(view["private_metadata"])["feedback_id"]
    assert next(r for r in slack_service.feedback.records() if r.id == feedback_id).reason == "wrong_source"
    candidates = slack_service.feedback.export_candidates()
    mine = next(c for c in candidates if c["question_hash"] == records[0].question_hash)
    assert mine["helpful"] >= 1 and mine["not_helpful"] >= 1 and mine["doc"] == "cspr-child-b-summary.pdf"


def test_forged_feedback_values_are_ignored(slack_service: SlackService) -> None:
    before = len(slack_service.feedback.records())
    _click(slack_service, "helpful:not json at all", "t-forged")
    _click(slack_service, 'excellent:{"h":"x"}', "t-forged-2")
    # Both requests were acknowledged; nothing was stored. A later valid click proves the worker ran.
    _click(slack_service, 'helpful:{"h":"abc","s":[],"a":1}', "t-valid")
    deadline = time.monotonic() + 10
    while len(slack_service.feedback.records()) == before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [r.question_hash for r in slack_service.feedback.records()[before:]] == ["abc"]
