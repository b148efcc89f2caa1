"""Mentions and direct messages: answered in the thread of the asking message, with Block Kit and citations."""

from __future__ import annotations

import re
import time

import pytest

from tests.integrations.slack.conftest import SlackService
from tests.integrations.slack.harness import Call, block_text

pytestmark = pytest.mark.slow


def _posts_to(channel: str, thread_ts: str | None = None) -> object:
    def match(call: Call) -> bool:
        return (
            call.method == "chat.postMessage"
            and call.body.get("channel") == channel
            and (thread_ts is None or call.body.get("thread_ts") == thread_ts)
        )

    return match


def test_mention_is_answered_in_its_thread_with_numbered_linked_sources(slack_service: SlackService) -> None:
    event = {
        "type": "app_mention",
        "user": "U1",
        "text": "<@UCASELEARN> What should happen when a bruise is seen on a baby?",
        "ts": "1700000001.000100",
        "channel": "C-mention",
    }
    response = slack_service.client.event(event, "Ev-mention-1")
    assert response.status_code == 200
    (reply,) = slack_service.api.wait_for(_posts_to("C-mention"))
    assert reply.body["thread_ts"] == "1700000001.000100"
    assert reply.headers["authorization"] == "Bearer xoxb-test"
    blocks = reply.body["blocks"]
    assert len(blocks) <= 50
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in blocks if b["type"] == "section")
    text = block_text(blocks)
    assert "[1]" in text
    # Sources: "[n] <url|title, publisher, year, p. N>" linking to caselearn's viewer at the quote on page N.
    source = re.search(
        r"\*\[1\]\* <https://caselearn\.example\.org/documents/[^/]+/view\?page=(\d)&quote=[^|#]+#quote\|"
        r"Local Child Safeguarding Practice Review: Child B – Summary Report, Elmbridge Vale Safeguarding "
        r"Partnership \(fictional\), 2025, [^>]*p\. (\d)>",
        text,
    )
    assert source is not None and source.group(1) == source.group(2)
    assert "Drawn from published reviews — check the source" in text
    assert any(b["type"] == "context_actions" for b in blocks)  # helpful / not helpful
    # Plain-text fallback for notifications and old clients.
    assert "bruise" in reply.body["text"].lower() and "[1]" in reply.body["text"]


def test_follow_up_in_the_thread_uses_the_earlier_turns(slack_service: SlackService) -> None:
    root = "1700000002.000100"
    first = {
        "type": "app_mention",
        "user": "U1",
        "text": "<@UCASELEARN> What did the adult review about Mr D find about hoarding?",
        "ts": root,
        "channel": "C-thread",
    }
    slack_service.client.event(first, "Ev-thread-1")
    slack_service.api.wait_for(_posts_to("C-thread", root))
    follow_up = {
        "type": "app_mention",
        "user": "U1",
        "text": "<@UCASELEARN> and what did it recommend?",
        "ts": "1700000002.000200",
        "thread_ts": root,
        "channel": "C-thread",
    }
    slack_service.client.event(follow_up, "Ev-thread-2")
    replies = slack_service.api.wait_for(_posts_to("C-thread", root), count=2)
    text = block_text(replies[1].body["blocks"])
    # Alone, "and what did it recommend?" is not answered; with the thread's history it is, from Mr D's review.
    assert "sar-mr-d" in text or "Mr D" in text
    assert "do not answer this clearly" not in text


def test_direct_message_is_answered_and_own_messages_are_ignored(slack_service: SlackService) -> None:
    dm = {
        "type": "message",
        "channel_type": "im",
        "user": "U2",
        "text": "What should happen when a bruise is seen on a baby?",
        "ts": "1700000003.000100",
        "channel": "D-direct",
    }
    own = dict(dm, user=None, bot_id="BCASELEARN", ts="1700000003.000200", text="an earlier answer")
    channel_chatter = dict(dm, channel_type="channel", channel="C-chatter", ts="1700000003.000300")
    assert slack_service.client.event(own, "Ev-dm-own").status_code == 200
    assert slack_service.client.event(channel_chatter, "Ev-dm-chatter").status_code == 200
    assert slack_service.client.event(dm, "Ev-dm-1").status_code == 200
    (reply,) = slack_service.api.wait_for(_posts_to("D-direct"))
    assert reply.body["thread_ts"] == "1700000003.000100"
    assert len(slack_service.api.matching(_posts_to("D-direct"))) == 1
    assert not slack_service.api.matching(_posts_to("C-chatter"))


def test_emergency_notice_is_the_first_block(slack_service: SlackService) -> None:
    event = {
        "type": "app_mention",
        "user": "U1",
        "text": "<@UCASELEARN> he has a knife and she is afraid to go home. "
        "What should happen about the bruise on the baby?",
        "ts": "1700000004.000100",
        "channel": "C-emergency",
    }
    slack_service.client.event(event, "Ev-emergency-1")
    (reply,) = slack_service.api.wait_for(_posts_to("C-emergency"))
    first = reply.body["blocks"][0]
    assert first["type"] == "section" and "999" in first["text"]["text"]
    assert reply.body["text"].startswith("If anyone is in immediate danger, call 999")


def test_retries_of_an_event_are_answered_once(slack_service: SlackService) -> None:
    event = {
        "type": "app_mention",
        "user": "U1",
        "text": "<@UCASELEARN> What should happen when a bruise is seen on a baby?",
        "ts": "1700000005.000100",
        "channel": "C-retry",
    }
    assert slack_service.client.event(event, "Ev-retry-1").status_code == 200
    retry = slack_service.client.event(event, "Ev-retry-1", X_Slack_Retry_Num="1", X_Slack_Retry_Reason="http_timeout")
    assert retry.status_code == 200
    assert slack_service.client.event(event, "Ev-retry-1", X_Slack_Retry_Num="2").status_code == 200
    slack_service.api.wait_for(_posts_to("C-retry"))
    with pytest.raises(TimeoutError):
        slack_service.api.wait_for(_posts_to("C-retry"), count=2, timeout=1.5)


def test_a_retry_of_an_event_never_received_is_answered(slack_service: SlackService) -> None:
    event = {
        "type": "app_mention",
        "user": "U1",
        "text": "<@UCASELEARN> What should happen when a bruise is seen on a baby?",
        "ts": "1700000006.000100",
        "channel": "C-lost",
    }
    assert slack_service.client.event(event, "Ev-lost-1", X_Slack_Retry_Num="1").status_code == 200
    slack_service.api.wait_for(_posts_to("C-lost"))


def test_acknowledged_within_three_seconds_while_the_reply_is_slow(slack_service: SlackService) -> None:
    slack_service.api.delays["C-slow"] = 3.5  # Slack's API holds the reply for 3.5 s
    event = {
        "type": "app_mention",
        "user": "U1",
        "text": "<@UCASELEARN> What should happen when a bruise is seen on a baby?",
        "ts": "1700000007.000100",
        "channel": "C-slow",
    }
    started = time.monotonic()
    response = slack_service.client.event(event, "Ev-slow-1")
    assert response.status_code == 200 and time.monotonic() - started < 3.0
    slack_service.api.wait_for(_posts_to("C-slow"))
