"""Block Kit rendering of answers: order, labels, escaping and Slack's limits (no model needed)."""

from __future__ import annotations

import json

from assistant import messages
from assistant.models import Answer, Citation, Notice, Source
from integrations.channels.formatting import absolute_url, source_label
from integrations.slack.blocks import MAX_BLOCKS, answer_message
from tests.integrations.slack.harness import block_text


def _citation(n: int, **extra: object) -> Citation:
    fields: dict = dict(
        n=n,
        source="review.pdf",
        title="Review of Child A",
        page=4,
        section=None,
        url="/documents/doc1/file#page=4",
        quote="Practitioners must <always> check & record.",
        document_id="doc1",
        chunk_id=f"c{n}",
        publisher="North Partnership",
        year=2024,
    )
    fields.update(extra)
    return Citation(**fields)


def test_source_label_and_links() -> None:
    assert (
        source_label("Review of Child A", "North Partnership", 2024, 4)
        == "Review of Child A, North Partnership, 2024, p. 4"
    )
    assert source_label("Briefing", None, None, None) == "Briefing"
    assert (
        absolute_url("/documents/d/file#page=2", "https://cl.example.org/")
        == "https://cl.example.org/documents/d/file#page=2"
    )
    assert absolute_url("/documents/d/file", None) is None  # Slack cannot open a relative link
    assert absolute_url("https://example.org/x.pdf#page=3", None) == "https://example.org/x.pdf#page=3"


def test_emergency_first_then_answer_sources_check_line_and_feedback() -> None:
    answer = Answer(
        "Practitioners must <always> check & record. [1]",
        True,
        (_citation(1),),
        (Notice("guidance", messages.GUIDANCE_NOT_DECISION), Notice("emergency", "Call 999 now.")),
    )
    message = answer_message(answer, public_url="https://cl.example.org", feedback_value="ctx")
    kinds = [b["type"] for b in message.blocks]
    assert message.blocks[0]["text"]["text"] == ":rotating_light: *Call 999 now.*"
    assert kinds[-2:] == ["context", "context_actions"]
    text = block_text(message.blocks)
    assert "must &lt;always&gt; check &amp; record. [1]" in text  # mrkdwn escaped
    assert (
        "*[1]* <https://cl.example.org/documents/doc1/file#page=4|Review of Child A, North Partnership, 2024, p. 4>"
        in text
    )
    assert messages.CHANNEL_CHECK_SOURCE in text
    assert messages.GUIDANCE_NOT_DECISION not in text  # carried by the short check-the-source line
    assert message.text.startswith("Call 999 now.")
    buttons = message.blocks[-1]["elements"][0]
    assert buttons["positive_button"]["value"] == "helpful:ctx"
    assert buttons["negative_button"]["value"] == "not_helpful:ctx"


def test_abstention_lists_the_nearest_documents() -> None:
    answer = Answer(
        messages.NOT_ANSWERED, False, nearest=(Source("b.pdf", "Briefing B", 2, "https://e.org/b#page=2", 0.5),)
    )
    text = block_text(answer_message(answer).blocks)
    assert "*Nearest documents*" in text and "<https://e.org/b#page=2|Briefing B, p. 2>" in text


def test_huge_answers_stay_within_slack_limits() -> None:
    long_text = " ".join(
        f"Sentence number {i} says something long enough to matter. [{i % 60 + 1}]" for i in range(900)
    )
    citations = tuple(_citation(n, title="T" * 400) for n in range(1, 61))
    message = answer_message(Answer(long_text, True, citations), question="q" * 5000, feedback_value="v", share_key="k")
    assert len(message.blocks) <= MAX_BLOCKS
    for block in message.blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
        for element in block.get("elements", []):
            assert len(element.get("text", "")) <= 3000 if isinstance(element.get("text"), str) else True
    assert len(message.text) <= 4000
    assert [b["type"] for b in message.blocks][-3:] == ["context", "actions", "context_actions"]
    assert len(json.dumps(message.blocks)) < 13_000  # under msg_blocks_too_long
