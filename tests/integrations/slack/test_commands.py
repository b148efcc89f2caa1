"""``/caselearn <question>`` answers privately (ephemeral) with "Share in channel"; the message shortcut too."""

from __future__ import annotations

import time

import pytest

from tests.integrations.slack.conftest import SlackService
from tests.integrations.slack.harness import Call, block_text

pytestmark = pytest.mark.slow


def _to(path: str) -> object:
    return lambda call: call.path == path


def _share_value(blocks: list[dict]) -> str:
    (button,) = [
        e for b in blocks if b["type"] == "actions" for e in b["elements"] if e["action_id"] == "caselearn_share"
    ]
    return str(button["value"])


def test_slash_command_answers_privately_then_shares_in_the_channel(slack_service: SlackService) -> None:
    api, client = slack_service.api, slack_service.client
    started = time.monotonic()
    response = client.command(
        "What should happen when a bruise is seen on a baby?", channel="C-slash", response_url=api.respond_url("slash1")
    )
    assert response.status_code == 200 and time.monotonic() - started < 3.0
    (private,) = api.wait_for(_to("/respond/slash1"))
    assert private.body["response_type"] == "ephemeral"
    text = block_text(private.body["blocks"])
    assert "You asked: What should happen when a bruise is seen on a baby?" in text  # the query is restated
    assert "[1]" in text and "p. 3" in text
    assert not api.matching(lambda c: c.method == "chat.postMessage" and c.body.get("channel") == "C-slash")

    share = {
        "type": "block_actions",
        "channel": {"id": "C-slash"},
        "trigger_id": "t-share",
        "response_url": api.respond_url("slash1-share"),
        "container": {"type": "message", "is_ephemeral": True},
        "actions": [
            {
                "type": "button",
                "action_id": "caselearn_share",
                "block_id": "caselearn_share",
                "value": _share_value(private.body["blocks"]),
                "action_ts": "1",
            }
        ],
    }
    assert client.interaction(share).status_code == 200
    (shared,) = api.wait_for(lambda c: c.method == "chat.postMessage" and c.body.get("channel") == "C-slash")
    assert "Shared by <@U1>" in block_text(shared.body["blocks"])
    assert "[1]" in block_text(shared.body["blocks"])
    assert not any(b.get("block_id") == "caselearn_share" for b in shared.body["blocks"])
    (deleted,) = api.wait_for(_to("/respond/slash1-share"))
    assert deleted.body.get("delete_original") is True

    # Sharing twice: the answer has gone; the user is told plainly.
    client.interaction(dict(share, response_url=api.respond_url("slash1-again")))
    (again,) = api.wait_for(_to("/respond/slash1-again"))
    assert "can no longer be shared" in again.body["text"]


def test_help_and_empty_command(slack_service: SlackService) -> None:
    slack_service.client.command("", channel="C-help", response_url=slack_service.api.respond_url("help1"))
    (reply,) = slack_service.api.wait_for(_to("/respond/help1"))
    assert reply.body["response_type"] == "ephemeral" and "/caselearn refer" in reply.body["text"]


def test_too_long_question_gets_the_plain_message(slack_service: SlackService) -> None:
    slack_service.client.command("why " * 600, channel="C-long", response_url=slack_service.api.respond_url("long1"))
    (reply,) = slack_service.api.wait_for(_to("/respond/long1"))
    assert "too long" in reply.body["text"]


def test_message_shortcut_answers_privately_in_that_messages_thread(slack_service: SlackService) -> None:
    shortcut = {
        "type": "message_action",
        "callback_id": "caselearn_ask_message",
        "trigger_id": "t-shortcut",
        "channel": {"id": "C-shortcut"},
        "message": {
            "type": "message",
            "user": "U9",
            "ts": "1700000010.000100",
            "text": "What did the adult review about Mr D find about hoarding?",
        },
        "response_url": slack_service.api.respond_url("shortcut1"),
    }
    assert slack_service.client.interaction(shortcut).status_code == 200

    def ephemeral(call: Call) -> bool:
        return call.method == "chat.postEphemeral" and call.body.get("channel") == "C-shortcut"

    (reply,) = slack_service.api.wait_for(ephemeral)
    assert reply.body["thread_ts"] == "1700000010.000100" and reply.body["user"] == "U1"
    text = block_text(reply.body["blocks"])
    assert "Mr D" in text and "[1]" in text
    assert any(b.get("block_id") == "caselearn_share" for b in reply.body["blocks"])
