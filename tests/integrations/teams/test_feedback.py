"""Teams' native thumbs up / down are stored with the answer's sources, never with the comment's text."""

from __future__ import annotations

import json

import pytest

from tests.integrations.teams.conftest import TeamsService

pytestmark = pytest.mark.slow


def test_native_feedback_is_stored_without_text(teams_service: TeamsService) -> None:
    question = "What did the adult review about Mr D find about hoarding?"
    teams_service.post(teams_service.activity(question, conversation="a:personal-feedback"))
    (reply,) = teams_service.connector.wait_for(teams_service.sent_to("a:personal-feedback"))
    sent_id = reply.response["id"]
    before = len(teams_service.feedback.records())
    for reaction, comment in (("like", ""), ("dislike", "Mrs Smith's case was different")):
        invoke = teams_service.activity(
            "", conversation="a:personal-feedback", type="invoke", name="message/submitAction", replyToId=sent_id
        )
        invoke.pop("text")
        invoke["value"] = {
            "actionName": "feedback",
            "actionValue": {"reaction": reaction, "feedback": json.dumps({"feedbackText": comment})},
        }
        assert teams_service.post(invoke).status_code == 200
    records = teams_service.feedback.records()[before:]
    assert [(r.channel, r.rating) for r in records] == [("teams", "helpful"), ("teams", "not_helpful")]
    assert records[0].question_hash == teams_service.feedback.question_hash(question)
    assert any(s.startswith("sar-mr-d-summary.pdf") for s in records[0].sources)
    assert all(r.question is None and r.reason is None for r in records)
    assert "Smith" not in teams_service.feedback.path.read_bytes().decode("utf-8", "ignore")
