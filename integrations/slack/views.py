"""Slack modals and App Home: the referral check, the feedback reason, and what the bot does with questions."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from assistant import messages
from assistant.feedback import REASONS
from integrations.channels.formatting import (
    STATUS_MARK,
    VERDICT_MARK,
    FactField,
    FactValue,
    RouteSummary,
    choice_value,
    facts_to_send,
    shorten,
    summarise_referral,
)
from integrations.slack.blocks import Block, context, escape, link, plain, section

REFERRAL_VIEW = "caselearn_referral"
FEEDBACK_VIEW = "caselearn_feedback_reason"
SITUATION_BLOCK = "situation"
FACT_PREFIX = "fact::"  # a fact read from the description, or not known yet
GIVEN_PREFIX = "given::"  # a fact the practitioner gave in an earlier check
UNKNOWN_VALUE = "unknown"  # Slack options need a value: "Not known"
MAX_FACT_INPUTS = 50
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


def _option(value: str, text: str) -> dict[str, Any]:
    return {"text": plain(text, 75), "value": value or UNKNOWN_VALUE}


def _fact_input(item: FactField, previous: FactValue = None) -> Block:
    """A prefilled input for one fact: a select with its choices, or a text input for the age."""
    current = item.value or choice_value(previous)
    if item.is_number:
        element: dict[str, Any] = {"type": "plain_text_input", "action_id": "value", "max_length": 3}
        if current:
            element["initial_value"] = current
    else:
        options = [_option(value, text) for value, text in item.choices]
        element = {"type": "static_select", "action_id": "value", "options": options}
        chosen = next((o for o in options if current and o["value"] == current), None)
        if chosen is not None:
            element["initial_option"] = chosen
    block: Block = {
        "type": "input",
        "block_id": f"{GIVEN_PREFIX if item.given else FACT_PREFIX}{item.key}"[:255],
        "optional": True,
        "label": plain(item.label, 2000),
        "element": element,
    }
    if item.words or item.about:
        block["hint"] = plain(shorten(item.words or item.about, 150), 150)
    return block


def _route_blocks(route: RouteSummary) -> list[Block]:
    mark = VERDICT_MARK.get(route.verdict, "•")
    blocks: list[Block] = [
        {"type": "divider"},
        section(f"{mark} *{escape(route.name)}*: {escape(route.verdict_label)}"),
    ]
    about = messages.referral_route_for(route.person, route.reason or "")
    if about:
        blocks.append(context(escape(shorten(about, 2900))))
    if route.criteria:
        lines = []
        for c in route.criteria:
            where = f" _({link(c.source_url, c.source)})_" if c.source else ""
            lines.append(
                f"{STATUS_MARK.get(c.status, '•')} {escape(c.text.rstrip('.'))}: {escape(c.status_label)}{where}"
            )
        blocks.append(context(shorten("\n".join(lines), 2900)))
    details = []
    if route.form_name or route.form_url:
        details.append(f"*{messages.REFERRAL_FORM}:* {link(route.form_url, route.form_name or route.form_url or '')}")
    if route.form_note:
        details.append(f"_{escape(route.form_note)}_")
    timescale = route.timescale
    if timescale and route.timescale_unverified:
        timescale = f"{timescale} ({messages.REFERRAL_UNVERIFIED})"
    for label, value in (
        (messages.REFERRAL_CONTACT, route.contact),
        (messages.REFERRAL_TIMESCALE, timescale),
        (messages.REFERRAL_WHO_DECIDES, route.who_decides),
    ):
        if value:
            details.append(f"*{label}:* {escape(value)}")
    if route.next_steps:
        steps = "\n".join(f"• {escape(s)}" for s in route.next_steps)
        details.append(f"*{messages.REFERRAL_NEXT_STEPS}:*\n{steps}")
    if details:
        blocks.append(section(shorten("\n".join(details), 2900)))
    return blocks


def referral_result_view(
    result: Mapping[str, Any], situation: str, facts: Mapping[str, FactValue] | None = None, metadata: str = ""
) -> dict[str, Any]:
    """The headline, then briefly the decisive facts read (with their words) as prefilled inputs, the follow-up
    questions for what is unknown, the routes, the reminders, and "Check again" (within Slack's 100 blocks)."""
    summary = summarise_referral(result)
    given = facts or {}
    top: list[Block] = []
    for notice in summary.notices:
        if notice.kind == "emergency":
            top.append(section(f":rotating_light: *{escape(notice.text)}*"))
    top.append(section(f"*{escape(shorten(summary.headline, 2900))}*"))
    budget = MAX_FACT_INPUTS
    for person in summary.people:
        top.append(context(escape(shorten(person.text, 2900))))
        for item in person.facts[: max(0, budget)]:
            top.append(_fact_input(item))
        budget -= len(person.facts)
    questions = summary.questions[: max(0, budget)]
    if questions:
        top.append({"type": "header", "text": plain(messages.REFERRAL_FOLLOW_UPS, 150)})
        top.extend(_fact_input(q, given.get(q.key)) for q in questions)
    bottom: list[Block] = [context(escape(n.text)) for n in summary.notices if n.kind != "emergency"]
    bottom.append(_situation_input(situation))
    routes: list[Block] = []
    if not summary.routes:
        routes.append(section(messages.REFERRAL_NO_ROUTE))
    for route in summary.routes:
        blocks = _route_blocks(route)
        if len(top) + len(routes) + len(blocks) + len(bottom) > MAX_MODAL_BLOCKS:
            break
        routes.extend(blocks)
    blocks = (top + routes)[: MAX_MODAL_BLOCKS - len(bottom)] + bottom
    return _modal(REFERRAL_VIEW, messages.REFERRAL_TITLE, blocks, messages.REFERRAL_CHECK_AGAIN, metadata)


def _shown(view: Mapping[str, Any]) -> dict[str, str] | None:
    """What each fact input showed when the modal was sent (Slack returns the view's blocks with it)."""
    if "blocks" not in view:
        return None
    shown: dict[str, str] = {}
    for block in view.get("blocks") or ():
        block_id = str(block.get("block_id") or "")
        key = _key_of(block_id)
        if key is None:
            continue
        element = block.get("element") or {}
        value = (element.get("initial_option") or {}).get("value") or element.get("initial_value") or ""
        shown[key] = "" if value == UNKNOWN_VALUE else str(value)
    return shown


def _key_of(block_id: str) -> str | None:
    for prefix in (FACT_PREFIX, GIVEN_PREFIX):
        if block_id.startswith(prefix):
            return block_id[len(prefix) :]
    return None


def read_referral_submission(view: Mapping[str, Any]) -> tuple[str, dict[str, FactValue]]:
    """(situation, facts keyed by ``key``) from a submitted referral modal: the answers, the facts changed,
    and those given before. A fact left as it was read is not sent back, so it is read again."""
    values: Mapping[str, Any] = view.get("state", {}).get("values", {})
    situation = str((values.get(SITUATION_BLOCK, {}).get("value") or {}).get("value") or "").strip()
    submitted: dict[str, str | None] = {}
    given: list[str] = []
    for block_id, actions in values.items():
        key = _key_of(block_id)
        if key is None:
            continue
        if block_id.startswith(GIVEN_PREFIX):
            given.append(key)
        state = actions.get("value") or {}
        raw = (state.get("selected_option") or {}).get("value") if "selected_option" in state else state.get("value")
        submitted[key] = None if raw == UNKNOWN_VALUE else raw
    return situation, facts_to_send(submitted, _shown(view), given)


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
