"""Block Kit for answers: emergency first, the quoted answer, numbered sources, a plain-text fallback.

Within Slack's limits: at most 3,000 characters a section and 50 blocks a message; the whole
payload is kept well under the ~13k characters where ``msg_blocks_too_long`` starts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from assistant import messages
from assistant.models import Answer
from integrations.channels.formatting import (
    absolute_url,
    citation_label,
    citation_url,
    emergency_first,
    shorten,
    source_label,
)

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_FALLBACK = 3900
MAX_SOURCES = 10
MAX_PAYLOAD = 12_000  # Slack starts refusing around 13k characters (msg_blocks_too_long)
FEEDBACK_ACTION = "caselearn_feedback"
SHARE_ACTION = "caselearn_share"

Block = dict[str, Any]


@dataclass(frozen=True)
class SlackMessage:
    text: str
    blocks: list[Block] = field(default_factory=list)

    def payload(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks}


def escape(text: str) -> str:
    """Slack mrkdwn control characters in document text and questions."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def link(url: str | None, label: str) -> str:
    label = escape(label).replace("|", "/")
    return f"<{url}|{label}>" if url else label


def section(markdown: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": shorten(markdown, MAX_SECTION)}}


def context(markdown: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": shorten(markdown, MAX_SECTION)}]}


def plain(text: str, limit: int = 75) -> dict[str, Any]:
    return {"type": "plain_text", "text": shorten(text, limit), "emoji": True}


def sections(markdown: str, limit: int = MAX_SECTION) -> list[Block]:
    """Long text as several sections, split between sentences where possible."""
    out: list[Block] = []
    rest = markdown.strip()
    while rest:
        if len(rest) <= limit:
            out.append(section(rest))
            break
        cut = max(rest.rfind("] ", 0, limit - 1) + 1, rest.rfind(". ", 0, limit - 1) + 1, rest.rfind(" ", 0, limit))
        cut = cut if cut > limit // 2 else limit
        out.append(section(rest[:cut].strip()))
        rest = rest[cut:].strip()
    return out


def feedback_block(value: str) -> Block:
    """Slack's native AI feedback affordance (thumbs up and down)."""
    return {
        "type": "context_actions",
        "elements": [
            {
                "type": "feedback_buttons",
                "action_id": FEEDBACK_ACTION,
                "positive_button": {"text": plain(messages.FEEDBACK_HELPFUL), "value": f"helpful:{value}"},
                "negative_button": {"text": plain(messages.FEEDBACK_NOT_HELPFUL), "value": f"not_helpful:{value}"},
            }
        ],
    }


def share_block(key: str) -> Block:
    return {
        "type": "actions",
        "block_id": "caselearn_share",
        "elements": [
            {"type": "button", "action_id": SHARE_ACTION, "text": plain(messages.CHANNEL_SHARE), "value": key[:200]}
        ],
    }


def _fit(body: list[Block], tail: list[Block]) -> list[Block]:
    """At most ``MAX_BLOCKS`` blocks and ``MAX_PAYLOAD`` characters, cutting the body short if needed."""
    room = MAX_BLOCKS - len(tail) - 1
    budget = MAX_PAYLOAD - sum(len(json.dumps(b)) for b in tail) - 200
    kept: list[Block] = []
    for block in body:
        size = len(json.dumps(block))
        if len(kept) == room or size > budget:
            kept.append(context(messages.CHANNEL_CUT_SHORT))
            break
        kept.append(block)
        budget -= size
    return kept + tail


def answer_message(
    answer: Answer,
    *,
    public_url: str | None = None,
    question: str | None = None,
    feedback_value: str | None = None,
    share_key: str | None = None,
) -> SlackMessage:
    """The answer as Block Kit plus the plain-text fallback (notifications, screen readers, old clients).

    ``question`` is restated at the top (slash commands, shortcuts); ``share_key`` adds the
    "Share in channel" button to a private answer; ``feedback_value`` adds helpful / not helpful.
    """
    urgent, others = emergency_first(answer.notices)
    body: list[Block] = [section(f":rotating_light: *{escape(n.text)}*") for n in urgent]
    fallback: list[str] = [n.text for n in urgent]
    if question:
        body.append(context(escape(messages.CHANNEL_YOU_ASKED.format(question=shorten(question, 500)))))
    body.extend(sections(escape(answer.text)))
    fallback.append(answer.text)
    body.extend(context(escape(n.text)) for n in others)
    if answer.answered and answer.citations:
        lines = []
        for c in answer.citations[:MAX_SOURCES]:
            url = citation_url(c, public_url)
            lines.append(f"*[{c.n}]* {link(url, shorten(citation_label(c), 200))}")
            fallback.append(f"[{c.n}] {citation_label(c)}" + (f" {url}" if url else ""))
        body.append(section(f"*{messages.CHANNEL_SOURCES}*\n" + "\n".join(lines)))
    elif answer.nearest:
        lines = []
        for s in answer.nearest[:MAX_SOURCES]:
            url = absolute_url(s.url, public_url)
            lines.append("• " + link(url, shorten(source_label(s.title, None, None, s.page), 200)))
            fallback.append(f"- {s.title}" + (f" {url}" if url else ""))
        body.append(section(f"*{messages.CHANNEL_NEAREST}*\n" + "\n".join(lines)))
    fallback.append(messages.CHANNEL_CHECK_SOURCE)
    tail: list[Block] = [context(messages.CHANNEL_CHECK_SOURCE)]
    if share_key:
        tail.append(share_block(share_key))
    if feedback_value:
        tail.append(feedback_block(feedback_value))
    return SlackMessage(escape(shorten("\n\n".join(fallback), MAX_FALLBACK)), _fit(body, tail))


def notice_message(text: str) -> SlackMessage:
    return SlackMessage(escape(text), [section(escape(text))])


def without_actions(blocks: list[Block]) -> list[Block]:
    """The blocks of a private answer as shared in the channel (no share button)."""
    return [b for b in blocks if b.get("block_id") != "caselearn_share"]
