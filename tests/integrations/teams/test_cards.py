"""Teams rendering without the model: citation entities within the SDK's limits, and the referral card."""

from __future__ import annotations

from assistant.models import Answer, Citation, Notice, Source
from integrations.teams.cards import answer_activity, read_card_submission, referral_card
from tests.integrations.slack.samples import RESULT


def _citation(n: int, **extra: object) -> Citation:
    fields: dict = dict(
        n=n,
        source="review.pdf",
        title="A very long review title " * 8,
        page=4,
        section=None,
        url="/documents/doc1/file#page=4",
        quote="A long quote. " * 30,
        document_id="doc1",
        chunk_id=f"c{n}",
        publisher="North Partnership",
        year=2024,
    )
    fields.update(extra)
    return Citation(**fields)


def test_answer_activity_citations_fit_the_sdk_limits() -> None:
    answer = Answer(
        "Quote one. [1] Quote two. [2]",
        True,
        (_citation(1), _citation(2, url=None)),
        (Notice("emergency", "Call 999 now."), Notice("guidance", "guidance")),
    )
    data = answer_activity(answer, public_url="https://cl.example.org").model_dump(by_alias=True, exclude_none=True)
    assert data["text"].startswith("**🚨 Call 999 now.**\n\nQuote one. [1]")
    (entity,) = data["entities"]
    first, second = entity["citation"]
    assert first["appearance"]["url"] == "https://cl.example.org/documents/doc1/file#page=4"
    assert "url" not in second["appearance"]
    assert len(first["appearance"]["name"]) <= 80 and len(first["appearance"]["abstract"]) <= 160
    assert first["appearance"]["keywords"] == ["p. 4", "2024"]
    assert data["channelData"]["feedbackLoop"]["type"] == "default"


def test_abstention_lists_nearest_documents_as_links() -> None:
    answer = Answer(
        "The documents do not answer this.",
        False,
        nearest=(Source("b.pdf", "Briefing B", 2, "https://e.org/b#page=2", 0.5),),
    )
    text = answer_activity(answer).text or ""
    assert "- [Briefing B](https://e.org/b#page=2)" in text


def _inputs(card: dict) -> dict[str, dict]:
    return {e["id"]: e for e in card["body"] if e["type"].startswith("Input.")}


def test_referral_card_from_a_fixed_result() -> None:
    card = referral_card(RESULT, "A baby with a fracture.")
    body = card["body"]
    assert card["version"] == "1.5" and body[1]["color"] == "Attention"  # emergency first, after the title
    assert body[2]["text"] == "May apply: Local child safeguarding practice review."  # then the headline
    inputs = _inputs(card)
    harm = inputs["fact::serious_harm"]  # a fact read, prefilled, its words in small text just below
    assert harm["type"] == "Input.ChoiceSet" and harm["value"] == "true" and harm["label"] == "Seriously harmed"
    assert [c["value"] for c in harm["choices"]] == ["true", "false", "unknown"]
    words = body[body.index(harm) + 1]
    assert words["text"] == "read from: “fracture”" and words["size"] == "Small" and words["isSubtle"] is True
    age = inputs["fact::subject_age"]
    assert age["type"] == "Input.Number" and age["value"] == 1
    assert body[body.index(age) + 1]["text"] == "You said so."
    asked = inputs["fact::p2.looked_after"]
    assert asked["label"] == "About the twin: Was the child in care?" and "value" not in asked
    order = list(inputs)
    assert order.index("fact::p2.died") < order.index("fact::abuse_or_neglect") < order.index("situation")
    containers = [e for e in body if e["type"] == "Container"]
    assert len(containers) == 2
    assert containers[0]["items"][2]["text"] == "For the baby: at the partners' discretion."
    facts = containers[0]["items"][3]["facts"]
    assert facts[0] == {"title": "✓ met", "value": "Serious harm or death (WT 2023)"}
    assert facts[1]["value"] == "Abuse or neglect suspected ([WT 2023](https://example.org/wt))"
    open_form = containers[0]["items"][-1]["actions"][0]
    assert open_form == {"type": "Action.OpenUrl", "title": "Form", "url": "https://example.org/form"}
    reminders = [e["text"] for e in body if e.get("size") == "Small" and e["type"] == "TextBlock"]
    assert reminders[-1].startswith("This is a suggestion") and sum("This is a suggestion" in r for r in reminders) == 1
    (action,) = card["actions"]
    assert action["type"] == "Action.Execute" and action["data"]["caselearn.given"] == ["subject_age"]

    # "Check again": Teams merges the inputs into the action's data. Facts left as read are not sent back.
    data = dict(
        action["data"],
        situation=" A baby. ",
        **{
            "fact::serious_harm": "true",
            "fact::subject_age": "1",
            "fact::p2.died": "false",
            "fact::p2.looked_after": "true",
            "fact::abuse_or_neglect": "unknown",
        },
    )
    assert read_card_submission(data) == ("A baby.", {"subject_age": 1, "p2.died": False, "p2.looked_after": True})
    bare = {"situation": "A baby.", "fact::abuse_or_neglect": "true", "fact::p3.subject_age": "", "fact::x": None}
    assert read_card_submission(bare) == ("A baby.", {"abuse_or_neglect": True})
