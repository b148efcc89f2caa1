"""Personal chats and channel mentions: answers posted to the activity's serviceUrl with native citations."""

from __future__ import annotations

import re

import pytest

from tests.integrations.teams.conftest import BOT, TeamsService

pytestmark = pytest.mark.slow


def _citations(activity: dict) -> list[dict]:
    (entity,) = [e for e in activity.get("entities", []) if e.get("@type") == "Message"]
    return list(entity.get("citation", []))


def test_personal_chat_answer_has_native_citations_ai_label_and_feedback(teams_service: TeamsService) -> None:
    response = teams_service.post(
        teams_service.activity("What should happen when a bruise is seen on a baby?", conversation="a:personal-1")
    )
    assert response.status_code == 200
    (reply,) = teams_service.connector.wait_for(teams_service.sent_to("a:personal-1"))
    assert reply.path == "/v3/conversations/a:personal-1/activities"
    body = reply.body
    assert body["from"]["id"] == BOT["id"] and body["conversation"]["id"] == "a:personal-1"
    assert "[1]" in body["text"] and body["text"].rstrip().endswith(
        "_Drawn from published reviews — check the source. Guidance, not a decision._"
    )
    (entity,) = [e for e in body["entities"] if e.get("@type") == "Message"]
    assert "AIGeneratedContent" in entity["additionalType"]
    first = _citations(body)[0]
    assert first["position"] == 1
    appearance = first["appearance"]
    assert appearance["name"].startswith("Local Child Safeguarding Practice Review: Child B")
    # The citation opens caselearn's viewer at the quote, on the page the abstract names.
    url = re.fullmatch(
        r"https://caselearn\.example\.org/documents/[^/]+/view\?page=(\d)&quote=\S+#quote", appearance["url"]
    )
    assert url is not None
    assert appearance["abstract"].startswith("Elmbridge Vale Safeguarding Partnership (fictional), 2025, ")
    assert f"p. {url.group(1)}: “" in appearance["abstract"]
    assert len(appearance["abstract"]) <= 160 and len(appearance["name"]) <= 80
    assert body["channelData"]["feedbackLoop"] == {"type": "default"}
    typing = teams_service.connector.matching(teams_service.sent_to("a:personal-1", "typing"))
    assert typing and typing[0].at <= reply.at


def test_channel_mention_is_answered_in_its_thread_with_history(teams_service: TeamsService) -> None:
    thread = "19:abc@thread.tacv2;messageid=1700000000000"
    mention = {"type": "mention", "mentioned": BOT, "text": "<at>caselearn</at>"}
    first = teams_service.activity(
        "<at>caselearn</at> What did the adult review about Mr D find about hoarding?",
        conversation=thread,
        kind="channel",
        entities=[mention],
        channelData={"tenant": {"id": "tenant-1"}, "channel": {"id": "19:abc@thread.tacv2"}},
    )
    assert teams_service.post(first).status_code == 200
    teams_service.connector.wait_for(teams_service.sent_to(thread))
    follow_up = dict(first, id="in-follow-up", text="<at>caselearn</at> and what did it recommend?")
    assert teams_service.post(follow_up).status_code == 200
    replies = teams_service.connector.wait_for(teams_service.sent_to(thread), count=2)
    assert "Mr D" in " ".join(c["appearance"]["name"] for c in _citations(replies[1].body))
    assert "<at>" not in replies[1].body["text"]


def test_emergency_notice_is_the_first_line(teams_service: TeamsService) -> None:
    teams_service.post(
        teams_service.activity(
            "He has a knife and she is afraid to go home. What should happen about the bruise on the baby?",
            conversation="a:personal-emergency",
        )
    )
    (reply,) = teams_service.connector.wait_for(teams_service.sent_to("a:personal-emergency"))
    assert reply.body["text"].startswith("**🚨 If anyone is in immediate danger, call 999")


def test_help_for_an_empty_message(teams_service: TeamsService) -> None:
    teams_service.post(teams_service.activity("hello", conversation="a:personal-help"))
    (reply,) = teams_service.connector.wait_for(teams_service.sent_to("a:personal-help"))
    assert "refer" in reply.body["text"] and "entities" not in reply.body


def test_installing_the_app_sends_the_welcome(teams_service: TeamsService) -> None:
    install = teams_service.activity("", conversation="a:personal-install", type="installationUpdate", action="add")
    install.pop("text")
    assert teams_service.post(install).status_code == 200
    (reply,) = teams_service.connector.wait_for(teams_service.sent_to("a:personal-install"))
    assert "never written to disk" in reply.body["text"] and "999" in reply.body["text"]
