""" "refer <situation>" in Teams: an Adaptive Card with verdicts and the form link; "Check again" replaces it."""

from __future__ import annotations

import pytest

from tests.integrations.teams.conftest import TeamsService

pytestmark = pytest.mark.slow

SITUATION = "A 10-year-old boy was admitted to intensive care with a head injury."


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


def _inputs(card: dict) -> dict[str, dict]:
    return {e["id"]: e for e in card["body"] if e.get("type", "").startswith("Input.")}


def _check_again(teams_service: TeamsService, conversation: str, action: dict, **inputs: str) -> dict:
    invoke = teams_service.activity(
        "", conversation=conversation, type="invoke", name="adaptiveCard/action", replyToId="sent-1"
    )
    invoke.pop("text")
    invoke["value"] = {
        "action": {"type": "Action.Execute", "verb": "caselearn.referral", "data": dict(action["data"], **inputs)},
        "trigger": "manual",
    }
    response = teams_service.post(invoke)
    assert response.status_code == 200
    body = response.json()
    assert body["statusCode"] == 200 and body["type"] == "application/vnd.microsoft.card.adaptive"
    return dict(body["value"])


def _as_prefilled(card: dict) -> dict[str, str]:
    """What Teams sends for each input left as it was shown."""
    return {key: str(e.get("value", "")) for key, e in _inputs(card).items()}


def test_refer_sends_a_card_and_check_again_updates_it(teams_service: TeamsService) -> None:
    teams_service.post(teams_service.activity(f"refer {SITUATION}", conversation="a:personal-refer"))
    (reply,) = teams_service.connector.wait_for(teams_service.sent_to("a:personal-refer"))
    card = _card(reply.body)
    assert card["version"] == "1.5" and card["type"] == "AdaptiveCard"
    assert card["body"][1]["text"].startswith("Needs more information: Serious incident notification")
    text = _texts(card)
    assert "[Through your local authority" in text and "(https://childsafeguarding.education.gov.uk/)" in text
    inputs = _inputs(card)
    assert inputs["situation"]["value"] == SITUATION
    harm = inputs["fact::serious_harm"]
    assert harm["type"] == "Input.ChoiceSet" and harm["value"] == "true"
    assert inputs["fact::subject_age"]["type"] == "Input.Number" and inputs["fact::subject_age"]["value"] == 10
    assert "read from: “intensive care”" in text
    assert (
        inputs["fact::abuse_or_neglect"]["type"] == "Input.ChoiceSet"
        and "value" not in inputs["fact::abuse_or_neglect"]
    )
    (action,) = card["actions"]
    assert action["type"] == "Action.Execute" and action["verb"] == "caselearn.referral"

    answers = dict(_as_prefilled(card), **{"fact::abuse_or_neglect": "true"})
    updated = _check_again(teams_service, "a:personal-refer", action, **answers)
    assert updated["body"][1]["text"].startswith("Likely: Serious incident notification")
    assert "Likely meets the criteria" in _texts(updated)
    chosen = _inputs(updated)
    assert chosen["fact::abuse_or_neglect"]["value"] == "true"
    assert updated["actions"][0]["data"]["caselearn.given"] == ["abuse_or_neglect"]


def test_facts_about_another_person_round_trip_by_key(teams_service: TeamsService) -> None:
    family = "A father killed his partner and their 12-year-old, then himself."
    teams_service.post(teams_service.activity(f"refer {family}", conversation="a:personal-family"))
    (reply,) = teams_service.connector.wait_for(teams_service.sent_to("a:personal-family"))
    card = _card(reply.body)
    assert _inputs(card)["fact::p3.subject_age"]["value"] == 12
    answers = dict(_as_prefilled(card), **{"fact::p3.looked_after": "true"})
    updated = _check_again(teams_service, "a:personal-family", card["actions"][0], **answers)
    assert "Death of a looked-after child notified to the Secretary of State and Ofsted** Likely" in _texts(updated)
    assert _inputs(updated)["fact::p3.looked_after"]["value"] == "true"
    assert "p3." not in _texts(updated) and "looked_after" not in _texts(updated)


def test_refer_without_a_situation_asks_for_one(teams_service: TeamsService) -> None:
    teams_service.post(teams_service.activity("refer", conversation="a:personal-refer-empty"))
    (reply,) = teams_service.connector.wait_for(teams_service.sent_to("a:personal-refer-empty"))
    card = _card(reply.body)
    assert [e["id"] for e in card["body"] if e.get("type", "").startswith("Input.")] == ["situation"]
