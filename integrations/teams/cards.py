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
from integrations.channels.formatting import (
    STATUS_MARK,
    VERDICT_MARK,
    FactField,
    FactValue,
    RouteSummary,
    absolute_url,
    choice_value,
    citation_url,
    emergency_first,
    facts_to_send,
    shorten,
    source_label,
    summarise_referral,
)

CARD_VERSION = "1.5"
REFERRAL_VERB = "caselearn.referral"
SITUATION_ID = "situation"
FACT_PREFIX = "fact::"
SHOWN_KEY = "caselearn.shown"  # in the action's data: what each fact input showed
GIVEN_KEY = "caselearn.given"  # in the action's data: the facts given in an earlier check
UNKNOWN_VALUE = "unknown"  # the "Not known" choice
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
        where = source_label("", c.publisher, c.year, None).removeprefix("Untitled").lstrip(", ")
        where = ", ".join(p for p in (where, c.place or (f"p. {c.page}" if c.page else None)) if p)
        keywords = [k for k in (f"p. {c.page}" if c.page else None, str(c.year) if c.year else None) if k]
        activity.add_citation(
            c.n,
            CitationAppearance(
                name=shorten(c.title or c.source, 80),
                abstract=shorten(f"{where}: “{c.quote}”" if where else f"“{c.quote}”", 160),
                url=citation_url(c, public_url),
                keywords=keywords or None,
            ),
        )
    return activity


def _text(text: str, **extra: Any) -> Element:
    return {"type": "TextBlock", "text": text, "wrap": True, **extra}


def _route_elements(route: RouteSummary) -> Element:
    items: list[Element] = [
        _text(f"{VERDICT_MARK.get(route.verdict, '•')} **{route.name}**", size="Medium"),
        _text(route.verdict_label, weight="Bolder", color="Good" if route.verdict == "likely_meets" else "Default"),
    ]
    about = messages.referral_route_for(route.person, route.reason or "")
    if about:
        items.append(_text(about, isSubtle=True))
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
    timescale = route.timescale
    if timescale and route.timescale_unverified:
        timescale = f"{timescale} ({messages.REFERRAL_UNVERIFIED})"
    for label, value in (
        (messages.REFERRAL_CONTACT, route.contact),
        (messages.REFERRAL_TIMESCALE, timescale),
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


def _fact_input(item: FactField, previous: FactValue = None) -> list[Element]:
    """A prefilled input for one fact (a choice, or a number for the age), with its words in small text."""
    current = item.value or choice_value(previous)
    element: Element = {"id": f"{FACT_PREFIX}{item.key}", "label": item.label, "isRequired": False}
    if item.is_number:
        element.update(type="Input.Number", min=0, max=120)
        if current.isdigit():
            element["value"] = int(current)
    else:
        element.update(
            type="Input.ChoiceSet",
            style="compact",
            choices=[{"title": text, "value": value or UNKNOWN_VALUE} for value, text in item.choices],
        )
        if current:
            element["value"] = current
        else:
            element["placeholder"] = messages.ANSWER_NOT_KNOWN
    out = [element]
    if item.words or item.about:
        out.append(_text(item.words or item.about, isSubtle=True, size="Small", spacing="None"))
    return out


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


def _check_action(title: str, shown: Mapping[str, str] | None = None, given: list[str] | None = None) -> Element:
    data: dict[str, Any] = {"caselearn": REFERRAL_VERB}
    if shown is not None:
        data[SHOWN_KEY] = dict(shown)
        data[GIVEN_KEY] = list(given or ())
    return {"type": "Action.Execute", "title": title, "verb": REFERRAL_VERB, "data": data}


def referral_card(
    result: Mapping[str, Any], situation: str, facts: Mapping[str, FactValue] | None = None
) -> dict[str, Any]:
    """The headline, the decisive facts read (with their words) as prefilled inputs, the follow-up questions,
    the routes with their forms, the reminders, and "Check again"."""
    summary = summarise_referral(result)
    given = facts or {}
    body: list[Element] = [_text(messages.REFERRAL_TITLE, weight="Bolder", size="Large")]
    for notice in summary.notices:
        if notice.kind == "emergency":
            body.append(_text(f"🚨 {notice.text}", weight="Bolder", color="Attention"))
    body.append(_text(summary.headline, weight="Bolder", size="Medium"))
    shown: dict[str, str] = {}
    given_keys: list[str] = []
    if any(person.facts for person in summary.people):
        body.append(_text(messages.REFERRAL_FACTS_READ, weight="Bolder", separator=True))
    for person in summary.people:
        body.append(_text(person.text))
        for item in person.facts:
            body.extend(_fact_input(item))
            shown[item.key] = item.value
            if item.given:
                given_keys.append(item.key)
    if summary.questions:
        body.append(_text(messages.REFERRAL_FOLLOW_UPS, weight="Bolder", separator=True))
        for item in summary.questions:
            body.extend(_fact_input(item, given.get(item.key)))
            shown[item.key] = ""
    if not summary.routes:
        body.append(_text(messages.REFERRAL_NO_ROUTE))
    body.extend(_route_elements(route) for route in summary.routes)
    for notice in summary.notices:
        if notice.kind != "emergency":
            body.append(_text(notice.text, isSubtle=True, size="Small"))
    body.append(_situation_input(situation))
    return _card(body, [_check_action(messages.REFERRAL_CHECK_AGAIN, shown, given_keys)])


def request_card(situation: str = "") -> dict[str, Any]:
    """Asks for the situation when "refer" came without one."""
    body = [_text(messages.REFERRAL_TITLE, weight="Bolder", size="Large"), _situation_input(situation)]
    return _card(body, [_check_action(messages.REFERRAL_CHECK)])


def message_card(text: str, situation: str = "") -> dict[str, Any]:
    body = [_text(messages.REFERRAL_TITLE, weight="Bolder", size="Large"), _text(text), _situation_input(situation)]
    return _card(body, [_check_action(messages.REFERRAL_CHECK)])


def read_card_submission(data: Mapping[str, Any]) -> tuple[str, dict[str, FactValue]]:
    """(situation, facts keyed by ``key``) from an ``Action.Execute`` (inputs are merged into its data): the
    answers, the facts changed, and those given before. A fact left as it was read is not sent back."""
    situation = str(data.get(SITUATION_ID) or "").strip()
    submitted: dict[str, str | None] = {}
    for key, raw in data.items():
        if isinstance(key, str) and key.startswith(FACT_PREFIX):
            text = None if raw is None or raw == UNKNOWN_VALUE else str(raw)
            submitted[key[len(FACT_PREFIX) :]] = text
    shown = data.get(SHOWN_KEY)
    given = data.get(GIVEN_KEY)
    return situation, facts_to_send(
        submitted,
        {str(k): str(v) for k, v in shown.items()} if isinstance(shown, Mapping) else None,
        [str(k) for k in given] if isinstance(given, list) else (),
    )
