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


def test_referral_card_from_a_fixed_result() -> None:
    card = referral_card(RESULT, "A baby with a fracture.", {"abuse_or_neglect": False})
    assert card["version"] == "1.5" and card["body"][1]["color"] == "Attention"  # emergency first, after the title
    containers = [e for e in card["body"] if e["type"] == "Container"]
    assert len(containers) == 2
    facts = containers[0]["items"][3]["facts"]
    assert facts[0] == {"title": "✓ met", "value": "Serious harm or death (WT 2023)"}
    assert facts[1]["value"] == "Abuse or neglect suspected ([WT 2023](https://example.org/wt))"
    open_form = containers[0]["items"][-1]["actions"][0]
    assert open_form == {"type": "Action.OpenUrl", "title": "Form", "url": "https://example.org/form"}
    inputs = {e["id"]: e for e in card["body"] if e["type"].startswith("Input.")}
    assert inputs["fact::abuse_or_neglect"]["value"] == "no"
    assert inputs["fact::subject_age"]["type"] == "Input.Text"
    data = {
        "caselearn": "caselearn.referral",
        "situation": " A baby. ",
        "fact::abuse_or_neglect": "yes",
        "fact::subject_age": "",
        "fact::place": "Wiltshire",
    }
    assert read_card_submission(data) == ("A baby.", {"abuse_or_neglect": True, "place": "Wiltshire"})
