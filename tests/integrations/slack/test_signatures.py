"""Only signed, fresh requests are accepted; refused ones never reach the answer pipeline."""

from __future__ import annotations

import json
import time

import pytest

from tests.integrations.slack.conftest import SlackService

pytestmark = pytest.mark.slow


def _mention(channel: str, event_id: str) -> str:
    return json.dumps(
        {
            "type": "event_callback",
            "team_id": "T1",
            "api_app_id": "A1",
            "event_id": event_id,
            "event": {
                "type": "app_mention",
                "user": "U1",
                "text": "<@UCASELEARN> What is a rapid review?",
                "ts": "1700000030.000100",
                "channel": channel,
            },
        }
    )


def test_bad_stale_and_unsigned_requests_are_refused(slack_service: SlackService) -> None:
    client, http = slack_service.client, slack_service.client.http
    body = _mention("C-forged", "Ev-forged-1")
    wrong = client.headers(body, "application/json", secret="not-the-secret")
    stale = client.headers(body, "application/json", timestamp=int(time.time()) - 600)
    tampered = client.headers(body, "application/json")
    assert http.post(client.url, content=body, headers=wrong).status_code == 401
    assert http.post(client.url, content=body, headers=stale).status_code == 401
    assert http.post(client.url, content=body, headers={"Content-Type": "application/json"}).status_code == 401
    assert http.post(client.url, content=body.replace("rapid", "other"), headers=tampered).status_code == 401
    # A correctly signed request right after is answered, and only that one.
    assert client.post(_mention("C-forged-ok", "Ev-forged-2"), "application/json").status_code == 200
    slack_service.api.wait_for(lambda c: c.method == "chat.postMessage" and c.body.get("channel") == "C-forged-ok")
    assert not slack_service.api.matching(lambda c: c.body.get("channel") == "C-forged")


def test_url_verification_is_echoed_when_signed(slack_service: SlackService) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "legacy"})
    response = slack_service.client.post(body, "application/json")
    assert response.status_code == 200 and response.json() == {"challenge": "abc123"}
