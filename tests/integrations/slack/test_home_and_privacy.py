"""App Home explains what happens to questions; no log line ever carries message text."""

from __future__ import annotations

import logging

import pytest

from tests.integrations.slack.conftest import SlackService
from tests.integrations.slack.harness import block_text

pytestmark = pytest.mark.slow


def test_app_home_explains_what_the_bot_does_with_questions(slack_service: SlackService) -> None:
    event = {
        "type": "app_home_opened",
        "user": "U-home",
        "channel": "D-home",
        "tab": "home",
        "event_ts": "1700000040.000100",
    }
    assert slack_service.client.event(event, "Ev-home-1").status_code == 200
    (published,) = slack_service.api.wait_for(
        lambda c: c.method == "views.publish" and c.body.get("user_id") == "U-home"
    )
    text = block_text(published.body["view"]["blocks"])
    assert published.body["view"]["type"] == "home"
    assert "never written to disk or to the logs" in text and "999" in text


def test_question_text_never_reaches_the_logs(slack_service: SlackService, caplog: pytest.LogCaptureFixture) -> None:
    marker = "Zanzibarquux"
    question = f"What should happen when a bruise is seen on a baby called {marker}?"
    caplog.set_level(logging.DEBUG)
    slack_service.client.event(
        {
            "type": "app_mention",
            "user": "U1",
            "text": f"<@UCASELEARN> {question}",
            "ts": "1700000041.000100",
            "channel": "C-private",
        },
        "Ev-private-1",
    )
    slack_service.client.command(question, channel="C-private", response_url=slack_service.api.respond_url("priv"))
    slack_service.client.event(  # an event no listener wants still must not be logged with its text
        {"type": "reaction_added", "user": "U1", "reaction": marker, "item": {"type": "message", "ts": "1"}},
        "Ev-private-2",
    )
    slack_service.api.wait_for(lambda c: c.method == "chat.postMessage" and c.body.get("channel") == "C-private")
    slack_service.api.wait_for(lambda c: c.path == "/respond/priv")
    assert caplog.records, "logging was captured"
    assert not [r for r in caplog.records if marker in r.getMessage()]
