"""What caselearn sends to Microsoft Teams: answers with native citations, referral checks as Adaptive Cards.

Answers use the Teams SDK's message entities: ``[n]`` markers in the text, one citation per source
(name, abstract, link to the page), the AI-generated label and the feedback buttons. Referral
checks are Adaptive Cards (schema 1.5) whose "Check again" is an ``Action.Execute``: Teams sends the
follow-up answers back and the card is replaced in place.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microsoft_teams.api.activities.message import MessageActivityInput
from microsoft_teams.api.models.entity import CitationAppearance

from assistant import messages
from assistant.models import Answer
from integrations.slack.formatting import (
    STATUS_MARK,
    VERDICT_MARK,
    FactValue,
    absolute_url,
    emergency_first,
    is_yes_no,
    parse_fact,
    shorten,
    source_label,
    summarise_referral,
)

CARD_VERSION = "1.5"
REFERRAL_VERB = "caselearn.referral"
SITUATION_ID = "situation"
FACT_PREFIX = "fact::"
Element = dict[str, Any]


def _md_link(url: str | None, label: str) -> str:
    label = label.replace("[", "(").replace("]", ")")
    return f"[{label}]({url})" if url else label


def answer_activity(answer: Answer, *, public_url: str | None = None) -> MessageActivityInput:
    """The answer as a Teams message: emergency first, quoted answer with ``[n]``, native citations."""
    urgent, others = emergency_first(answer.notices)
    parts = [f"**🚨 {n.text}**" for n in urgent]
    parts.append(answer.text)
    parts.extend(f"_{n.text}_" for n in others)
    if not answer.answered and answer.nearest:
        lines = [f"- {_md_link(absolute_url(s.url, public_url), s.title)}" for s in answer.nearest]
        parts.append(f"**{messages.CHANNEL_NEAREST}**\n\n" + "\n".join(lines))
    parts.append(f"_{messages.CHANNEL_CHECK_SOURCE}_")
    activity = MessageActivityInput(text="\n\n".join(parts)).add_ai_generated().add_feedback()
    for c in answer.citations:
        where = source_label("", c.publisher, c.year, c.page).removeprefix("Untitled").lstrip(", ")
        keywords = [k for k in (f"p. {c.page}" if c.page else None, str(c.year) if c.year else None) if k]
        activity.add_citation(
            c.n,
            CitationAppearance(
                name=shorten(c.title or c.source, 80),
                abstract=shorten(f"{where}: “{c.quote}”" if where else f"“{c.quote}”", 160),
                url=absolute_url(c.url, public_url),
                keywords=keywords or None,
            ),
        )
    return activity


def _text(text: str, **extra: Any) -> Element:
    return {"type": "TextBlock", "text": text, "wrap": True, **extra}


def _route_elements(route: Any) -> Element:
    items: list[Element] = [
        _text(f"{VERDICT_MARK.get(route.verdict, '•')} **{route.name}**", size="Medium"),
        _text(route.verdict_label, weight="Bolder", color="Good" if route.verdict == "likely_meets" else "Default"),
    ]
    if route.reason:
        items.append(_text(route.reason, isSubtle=True))
    if route.criteria:
        facts = []
        for c in route.criteria:
            source = f" ({_md_link(c.source_url, c.source)})" if c.source else ""
            facts.append({"title": f"{STATUS_MARK.get(c.status, '•')} {c.status_label}", "value": c.text + source})
        items.append({"type": "FactSet", "facts": facts})
    details = []
    if route.form_name or route.form_url:
        form = _md_link(route.form_url, route.form_name or route.form_url or "")
        details.append({"title": messages.REFERRAL_FORM, "value": form})
    for label, value in (
        (messages.REFERRAL_CONTACT, route.contact),
        (messages.REFERRAL_TIMESCALE, route.timescale),
        (messages.REFERRAL_WHO_DECIDES, route.who_decides),
    ):
        if value:
            details.append({"title": label, "value": value})
    if details:
        items.append({"type": "FactSet", "facts": details})
    if route.form_note:
        items.append(_text(route.form_note, isSubtle=True))
    if route.next_steps:
        steps = "\n".join(f"- {s}" for s in route.next_steps)
        items.append(_text(f"**{messages.REFERRAL_NEXT_STEPS}**\n\n{steps}"))
    if route.form_url:
        items.append(
            {
                "type": "ActionSet",
                "actions": [{"type": "Action.OpenUrl", "title": messages.REFERRAL_FORM, "url": route.form_url}],
            }
        )
    return {"type": "Container", "separator": True, "spacing": "Medium", "items": items}


def _follow_up_input(fact: str, question: str, previous: FactValue) -> Element:
    element: Element = {"id": f"{FACT_PREFIX}{fact}", "label": question, "isRequired": False}
    if is_yes_no(question):
        element.update(
            type="Input.ChoiceSet",
            style="compact",
            choices=[
                {"title": messages.ANSWER_YES, "value": "yes"},
                {"title": messages.ANSWER_NO, "value": "no"},
                {"title": messages.ANSWER_NOT_KNOWN, "value": "unknown"},
            ],
        )
        if isinstance(previous, bool):
            element["value"] = "yes" if previous else "no"
    else:
        element.update(type="Input.Text", maxLength=200)
        if previous is not None and not isinstance(previous, bool):
            element["value"] = str(previous)
    return element


def _card(body: list[Element], actions: list[Element]) -> dict[str, Any]:
    return {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": CARD_VERSION,
        "body": body,
        "actions": actions,
    }


def _situation_input(situation: str) -> Element:
    return {
        "type": "Input.Text",
        "id": SITUATION_ID,
        "label": messages.REFERRAL_SITUATION,
        "placeholder": messages.REFERRAL_SITUATION_HINT,
        "isMultiline": True,
        "maxLength": 4000,
        "value": situation,
    }


def _check_action(title: str) -> Element:
    return {"type": "Action.Execute", "title": title, "verb": REFERRAL_VERB, "data": {"caselearn": REFERRAL_VERB}}


def referral_card(
    result: Mapping[str, Any], situation: str, facts: Mapping[str, FactValue] | None = None
) -> dict[str, Any]:
    """Verdicts with form links, then the follow-up questions as inputs and "Check again"."""
    summary = summarise_referral(result)
    body: list[Element] = [_text(messages.REFERRAL_TITLE, weight="Bolder", size="Large")]
    for notice in summary.notices:
        if notice.kind == "emergency":
            body.append(_text(f"🚨 {notice.text}", weight="Bolder", color="Attention"))
        else:
            body.append(_text(notice.text))
    if not summary.routes:
        body.append(_text(messages.REFERRAL_NO_ROUTE))
    body.extend(_route_elements(route) for route in summary.routes)
    if summary.understood:
        understood = "; ".join(f"{name}: {value}" for name, value in summary.understood)
        body.append(_text(f"**{messages.REFERRAL_UNDERSTOOD}:** {understood}", isSubtle=True, separator=True))
    body.append(_text(messages.REFERRAL_NOT_A_DECISION, isSubtle=True, size="Small"))
    if summary.follow_ups:
        body.append(_text(messages.REFERRAL_FOLLOW_UPS, weight="Bolder", separator=True))
        given = facts or {}
        body.extend(_follow_up_input(fact, question, given.get(fact)) for fact, question in summary.follow_ups)
    body.append(_situation_input(situation))
    return _card(body, [_check_action(messages.REFERRAL_CHECK_AGAIN)])


def request_card(situation: str = "") -> dict[str, Any]:
    """Asks for the situation when "refer" came without one."""
    body = [_text(messages.REFERRAL_TITLE, weight="Bolder", size="Large"), _situation_input(situation)]
    return _card(body, [_check_action(messages.REFERRAL_CHECK)])


def message_card(text: str, situation: str = "") -> dict[str, Any]:
    body = [_text(messages.REFERRAL_TITLE, weight="Bolder", size="Large"), _text(text), _situation_input(situation)]
    return _card(body, [_check_action(messages.REFERRAL_CHECK)])


def read_card_submission(data: Mapping[str, Any]) -> tuple[str, dict[str, FactValue]]:
    """(situation, facts answered) from an ``Action.Execute`` (inputs are merged into its data)."""
    situation = str(data.get(SITUATION_ID) or "").strip()
    facts: dict[str, FactValue] = {}
    for key, raw in data.items():
        if isinstance(key, str) and key.startswith(FACT_PREFIX):
            value = parse_fact(str(raw) if raw is not None else None)
            if value is not None:
                facts[key[len(FACT_PREFIX) :]] = value
    return situation, facts
