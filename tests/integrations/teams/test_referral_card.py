""" "refer <situation>" in Teams: an Adaptive Card with verdicts and the form link; "Check again" replaces it."""

from __future__ import annotations

import pytest

from tests.integrations.teams.conftest import TeamsService

pytestmark = pytest.mark.slow

SITUATION = "A 4-month-old baby was admitted to hospital with a skull fracture."


def _card(activity: dict) -> dict:
    (attachment,) = activity["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    return dict(attachment["content"])


def _texts(node: object) -> str:
    if isinstance(node, dict):
        return " ".join(
            [str(node[k]) for k in ("text", "title", "value", "label") if isinstance(node.get(k), str)]
            + [_texts(v) for v in node.values() if isinstance(v, dict | list)]
        )
    if isinstance(node, list):
        return " ".join(_texts(v) for v in node)
    return ""


def test_refer_sends_a_card_and_check_again_updates_it(teams_service: TeamsService) -> None:
    teams_service.post(teams_service.activity(f"refer {SITUATION}", conversation="a:personal-refer"))
    (reply,) = teams_service.connector.wait_for(teams_service.sent_to("a:personal-refer"))
    card = _card(reply.body)
    assert card["version"] == "1.5" and card["type"] == "AdaptiveCard"
    text = _texts(card)
    assert "Serious incident notification" in text and "Needs more information" in text
    assert "[Through your local authority" in text and "(https://childsafeguarding.education.gov.uk/)" in text
    inputs = {e["id"]: e for e in card["body"] if e.get("type", "").startswith("Input.")}
    assert inputs["situation"]["value"] == SITUATION
    assert inputs["fact::abuse_or_neglect"]["type"] == "Input.ChoiceSet"
    (action,) = card["actions"]
    assert action["type"] == "Action.Execute" and action["verb"] == "caselearn.referral"

    invoke = teams_service.activity(
        "", conversation="a:personal-refer", type="invoke", name="adaptiveCard/action", replyToId="sent-1"
    )
    invoke.pop("text")
    invoke["value"] = {
        "action": {
            "type": "Action.Execute",
            "verb": "caselearn.referral",
            "data": dict(action["data"], situation=SITUATION, **{"fact::abuse_or_neglect": "yes"}),
        },
        "trigger": "manual",
    }
    response = teams_service.post(invoke)
    assert response.status_code == 200
    body = response.json()
    assert body["statusCode"] == 200 and body["type"] == "application/vnd.microsoft.card.adaptive"
    updated = _texts(body["value"])
    assert "Likely meets the criteria" in updated
    chosen = {e["id"]: e for e in body["value"]["body"] if e.get("type", "").startswith("Input.")}
    assert chosen.get("fact::abuse_or_neglect", {}).get("value", "yes") == "yes"


def test_refer_without_a_situation_asks_for_one(teams_service: TeamsService) -> None:
    teams_service.post(teams_service.activity("refer", conversation="a:personal-refer-empty"))
    (reply,) = teams_service.connector.wait_for(teams_service.sent_to("a:personal-refer-empty"))
    card = _card(reply.body)
    assert [e["id"] for e in card["body"] if e.get("type", "").startswith("Input.")] == ["situation"]
