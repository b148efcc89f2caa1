"""The Slack app manifest an admin pastes in matches what the code listens for."""

from __future__ import annotations

from pathlib import Path

import yaml

from integrations.slack.app import EVENTS_PATH
from integrations.slack.listeners import MESSAGE_SHORTCUT

MANIFEST = Path(__file__).resolve().parents[3] / "integrations" / "slack" / "manifest.yaml"


def test_manifest_declares_the_triggers_the_bot_handles() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    features, settings = manifest["features"], manifest["settings"]
    assert [c["command"] for c in features["slash_commands"]] == ["/caselearn"]
    (shortcut,) = features["shortcuts"]
    assert shortcut == {
        **shortcut,
        "type": "message",
        "callback_id": MESSAGE_SHORTCUT,
        "name": "Ask caselearn about this message",
    }
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_home_opened", "app_mention", "message.im"}
    assert {"app_mentions:read", "chat:write", "commands", "im:history"} == set(
        manifest["oauth_config"]["scopes"]["bot"]
    )
    urls = [
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
        features["slash_commands"][0]["url"],
    ]
    assert all(url.endswith(EVENTS_PATH) for url in urls)
    assert features["app_home"]["home_tab_enabled"] is True
    assert 174 <= len(manifest["display_information"]["long_description"]) <= 4000
