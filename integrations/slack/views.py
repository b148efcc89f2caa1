"""Slack modals and App Home: the referral check, the feedback reason, and what the bot does with questions."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from assistant import messages
from assistant.feedback import REASONS
from integrations.slack.blocks import Block, context, escape, link, plain, section
from integrations.slack.formatting import (
    STATUS_MARK,
    VERDICT_MARK,
    FactValue,
    ReferralSummary,
    is_yes_no,
    parse_fact,
    shorten,
    summarise_referral,
)

REFERRAL_VIEW = "caselearn_referral"
FEEDBACK_VIEW = "caselearn_feedback_reason"
SITUATION_BLOCK = "situation"
FACT_PREFIX = "fact::"
MAX_MODAL_BLOCKS = 100
MAX_INPUT = 3000


def _modal(callback_id: str, title: str, blocks: list[Block], submit: str | None, metadata: str = "") -> dict[str, Any]:
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title, 24),
        "close": plain(messages.CANCEL, 24),
        "blocks": blocks[:MAX_MODAL_BLOCKS],
        "private_metadata": metadata[:3000],
    }
    if submit:
        view["submit"] = plain(submit, 24)
    return view


def _situation_input(situation: str) -> Block:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": "value", "multiline": True}
    element["max_length"] = MAX_INPUT
    if situation:
        element["initial_value"] = situation[:MAX_INPUT]
    return {
        "type": "input",
        "block_id": SITUATION_BLOCK,
        "label": plain(messages.REFERRAL_SITUATION),
        "hint": plain(messages.REFERRAL_SITUATION_HINT, 150),
        "element": element,
    }


def referral_request_view(situation: str = "", metadata: str = "") -> dict[str, Any]:
    """Asks for the situation when ``/caselearn refer`` came without one."""
    return _modal(
        REFERRAL_VIEW, messages.REFERRAL_TITLE, [_situation_input(situation)], messages.REFERRAL_CHECK, metadata
    )


def working_view(metadata: str = "") -> dict[str, Any]:
    return _modal(REFERRAL_VIEW, messages.REFERRAL_TITLE, [section(messages.REFERRAL_WORKING)], None, metadata)


def message_view(text: str, metadata: str = "") -> dict[str, Any]:
    return _modal(REFERRAL_VIEW, messages.REFERRAL_TITLE, [section(escape(text))], None, metadata)


def _follow_up_input(fact: str, question: str, previous: FactValue) -> Block:
    label = plain(question, 2000)
    if is_yes_no(question):
        options = [
            {"text": plain(messages.ANSWER_YES), "value": "yes"},
            {"text": plain(messages.ANSWER_NO), "value": "no"},
            {"text": plain(messages.ANSWER_NOT_KNOWN), "value": "unknown"},
        ]
        element: dict[str, Any] = {"type": "static_select", "action_id": "value", "options": options}
        chosen = {True: 0, False: 1}.get(previous) if isinstance(previous, bool) else None
        if chosen is not None:
            element["initial_option"] = options[chosen]
    else:
        element = {"type": "plain_text_input", "action_id": "value", "max_length": 200}
        if previous is not None and not isinstance(previous, bool):
            element["initial_value"] = str(previous)
    return {
        "type": "input",
        "block_id": f"{FACT_PREFIX}{fact}"[:255],
        "optional": True,
        "label": label,
        "element": element,
    }


def _route_blocks(summary: ReferralSummary) -> list[Block]:
    blocks: list[Block] = []
    for route in summary.routes:
        mark = VERDICT_MARK.get(route.verdict, "•")
        blocks.append({"type": "divider"})
        blocks.append(section(f"{mark} *{escape(route.name)}*: {escape(route.verdict_label)}"))
        if route.reason:
            blocks.append(context(escape(route.reason)))
        if route.criteria:
            lines = []
            for c in route.criteria:
                where = f" _({link(c.source_url, c.source)})_" if c.source else ""
                lines.append(f"{STATUS_MARK.get(c.status, '•')} {escape(c.text)}: {escape(c.status_label)}{where}")
            blocks.append(context("\n".join(lines)))
        details = []
        if route.form_name or route.form_url:
            details.append(
                f"*{messages.REFERRAL_FORM}:* {link(route.form_url, route.form_name or route.form_url or '')}"
            )
        if route.form_note:
            details.append(f"_{escape(route.form_note)}_")
        for label, value in (
            (messages.REFERRAL_CONTACT, route.contact),
            (messages.REFERRAL_TIMESCALE, route.timescale),
            (messages.REFERRAL_WHO_DECIDES, route.who_decides),
        ):
            if value:
                details.append(f"*{label}:* {escape(value)}")
        if route.next_steps:
            steps = "\n".join(f"• {escape(s)}" for s in route.next_steps)
            details.append(f"*{messages.REFERRAL_NEXT_STEPS}:*\n{steps}")
        if details:
            blocks.append(section("\n".join(details)))
    return blocks


def referral_result_view(
    result: Mapping[str, Any], situation: str, facts: Mapping[str, FactValue] | None = None, metadata: str = ""
) -> dict[str, Any]:
    """Verdicts with form links, then the follow-up questions as inputs and "Check again"."""
    summary = summarise_referral(result)
    blocks: list[Block] = []
    for notice in summary.notices:
        icon = ":rotating_light: " if notice.kind == "emergency" else ""
        blocks.append(section(f"{icon}*{escape(notice.text)}*" if icon else escape(notice.text)))
    if not summary.routes:
        blocks.append(section(messages.REFERRAL_NO_ROUTE))
    blocks.extend(_route_blocks(summary))
    if summary.understood:
        text = "; ".join(f"{name}: {value}" for name, value in summary.understood)
        blocks.append(context(f"*{messages.REFERRAL_UNDERSTOOD}:* {escape(shorten(text, 2800))}"))
    blocks.append(context(messages.REFERRAL_NOT_A_DECISION))
    inputs: list[Block] = []
    if summary.follow_ups:
        inputs.append({"type": "header", "text": plain(messages.REFERRAL_FOLLOW_UPS, 150)})
        given = facts or {}
        inputs.extend(_follow_up_input(fact, question, given.get(fact)) for fact, question in summary.follow_ups)
    inputs.append(_situation_input(situation))
    room = MAX_MODAL_BLOCKS - len(inputs)
    return _modal(
        REFERRAL_VIEW, messages.REFERRAL_TITLE, blocks[:room] + inputs, messages.REFERRAL_CHECK_AGAIN, metadata
    )


def read_referral_submission(view: Mapping[str, Any]) -> tuple[str, dict[str, FactValue]]:
    """(situation, facts answered) from a submitted referral modal."""
    values: Mapping[str, Any] = view.get("state", {}).get("values", {})
    situation = str((values.get(SITUATION_BLOCK, {}).get("value") or {}).get("value") or "").strip()
    facts: dict[str, FactValue] = {}
    for block_id, actions in values.items():
        if not block_id.startswith(FACT_PREFIX):
            continue
        state = actions.get("value") or {}
        raw = (state.get("selected_option") or {}).get("value") if "selected_option" in state else state.get("value")
        value = parse_fact(raw)
        if value is not None:
            facts[block_id[len(FACT_PREFIX) :]] = value
    return situation, facts


def feedback_reason_view(feedback_id: int) -> dict[str, Any]:
    options = [{"text": plain(messages.FEEDBACK_REASONS[r]), "value": r} for r in REASONS]
    blocks: list[Block] = [
        context(messages.FEEDBACK_REASON_PROMPT),
        {
            "type": "input",
            "block_id": "reason",
            "optional": True,
            "label": plain(messages.FEEDBACK_REASON_LABEL),
            "element": {"type": "radio_buttons", "action_id": "value", "options": options},
        },
    ]
    return _modal(
        FEEDBACK_VIEW,
        messages.FEEDBACK_REASON_TITLE,
        blocks,
        messages.FEEDBACK_SEND,
        json.dumps({"feedback_id": feedback_id}),
    )


def read_feedback_reason(view: Mapping[str, Any]) -> tuple[int | None, str | None]:
    try:
        feedback_id = int(json.loads(view.get("private_metadata") or "{}")["feedback_id"])
    except (ValueError, KeyError, TypeError):
        return None, None
    state = view.get("state", {}).get("values", {}).get("reason", {}).get("value") or {}
    reason = (state.get("selected_option") or {}).get("value")
    return feedback_id, reason if reason in REASONS else None


def home_view() -> dict[str, Any]:
    return {
        "type": "home",
        "blocks": [
            {"type": "header", "text": plain("caselearn", 150)},
            section(messages.SLACK_HOME),
            {"type": "divider"},
            section(messages.SLACK_HELP.replace("<", "&lt;").replace(">", "&gt;")),
        ],
    }
