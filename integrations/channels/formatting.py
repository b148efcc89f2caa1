"""Channel-agnostic presentation helpers shared by Slack and Microsoft Teams.

No answer logic lives here: these only arrange what ``Assistant.answer`` and
``Assistant.referral_check`` returned (source labels, absolute links, notice order, referral summaries).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from assistant import messages
from assistant.models import Citation, Notice

_YES = {"yes", "y", "true", "yep", "yeah"}
_NO = {"no", "n", "false", "nope"}
_UNKNOWN = {
    "",
    "not known",
    "unknown",
    "don't know",
    "dont know",
    "do not know",
    "not sure",
    "unsure",
    "maybe",
    "?",
    "n/a",
}

FactValue = bool | int | str | None


def source_label(title: str, publisher: str | None, year: int | None, page: int | None) -> str:
    """``title, publisher, year, p. N`` with the missing parts left out."""
    parts = [title.strip() or "Untitled", publisher, str(year) if year else None, f"p. {page}" if page else None]
    return ", ".join(p for p in parts if p)


def citation_label(citation: Citation) -> str:
    if not citation.place:
        return source_label(citation.title, citation.publisher, citation.year, citation.page)
    return f"{source_label(citation.title, citation.publisher, citation.year, None)}, {citation.place}"


def absolute_url(url: str | None, public_url: str | None) -> str | None:
    """Links must be absolute outside the web page: join stored-file links to the public address."""
    if not url:
        return None
    if url.startswith(("https://", "http://")):
        return url
    if url.startswith("/") and public_url:
        return public_url.rstrip("/") + url
    return None


def citation_url(citation: Citation, public_url: str | None) -> str | None:
    """Where a citation links outside the web page: the viewer at the highlighted quote when the service's
    public address is known, else where the document was published."""
    return absolute_url(citation.url, public_url) or absolute_url(citation.source_url, public_url)


def emergency_first(notices: Iterable[Notice]) -> tuple[list[Notice], list[Notice]]:
    """(emergency notices, other notices except the standing guidance reminder).

    The guidance reminder is carried by the channel's own "check the source" line.
    """
    items = list(notices)
    urgent = [n for n in items if n.kind == "emergency"]
    others = [n for n in items if n.kind not in ("emergency", "guidance")]
    return urgent, others


def shorten(text: str, limit: int) -> str:
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 1)].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def parse_fact(raw: str | None) -> FactValue:
    """A follow-up answer typed or chosen by the user, as a fact value (``None``: not known)."""
    text = (raw or "").strip()
    low = text.lower()
    if low in _UNKNOWN:
        return None
    if low in _YES:
        return True
    if low in _NO:
        return False
    if re.fullmatch(r"\d{1,3}", text):
        return int(text)
    return text[:200]


@dataclass(frozen=True)
class CriterionLine:
    status: str
    text: str
    status_label: str
    source: str | None
    source_url: str | None = None


@dataclass(frozen=True)
class RouteSummary:
    route: str
    name: str
    verdict: str
    verdict_label: str
    reason: str | None
    criteria: tuple[CriterionLine, ...]
    form_name: str | None
    form_url: str | None
    contact: str | None
    form_note: str | None
    timescale: str | None
    who_decides: str | None
    next_steps: tuple[str, ...] = field(default=())
    person: str = ""  # who the verdict is about, as the description names them
    timescale_unverified: bool = False


@dataclass(frozen=True)
class FactField:
    """One fact to confirm, correct or answer; ``key`` is what to send back (``died``, ``p3.looked_after``)."""

    key: str
    label: str
    value: str  # the value shown now, as it is sent back ("true", "homicide", "12"); "" when not known
    value_text: str
    words: str  # "read from: “…”", "You said so." or ""
    choices: tuple[tuple[str, str], ...]  # (value, text); empty for a number (the age)
    given: bool = False  # the practitioner gave it in an earlier check: it is sent again
    person: str = ""
    about: str = ""  # for a question: the fact it answers, in plain words ("Seriously harmed (…)")

    @property
    def is_number(self) -> bool:
        return not self.choices


@dataclass(frozen=True)
class PersonView:
    key: str
    label: str
    text: str  # the person's verdicts in one plain sentence
    facts: tuple[FactField, ...]  # the decisive facts read or given about them


@dataclass(frozen=True)
class ReferralSummary:
    headline: str
    people: tuple[PersonView, ...]
    questions: tuple[FactField, ...]  # the follow-up questions, as fields (label = the question)
    routes: tuple[RouteSummary, ...]
    notices: tuple[Notice, ...]  # emergency first
    nothing_applies: bool = False


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def choice_value(value: Any) -> str:
    """A fact value as it is shown in a field and sent back: ``True`` -> "true", ``None`` -> ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fact_of(key: str) -> str:
    return key.rpartition(".")[2]


def _default_choices(fact: str) -> tuple[tuple[str, str], ...]:
    options = messages.REFERRAL_FACT_CHOICES.get(fact)
    if options:
        return (*options.items(), ("", messages.ANSWER_NOT_KNOWN))
    if fact == "subject_age":
        return ()
    return (("true", messages.ANSWER_YES), ("false", messages.ANSWER_NO), ("", messages.ANSWER_NOT_KNOWN))


def _field(raw: Mapping[str, Any], given: bool, person: str) -> FactField:
    words = str(raw.get("words") or "")
    if given:
        words = messages.REFERRAL_SAID_SO
    elif words:
        words = messages.referral_read_from(words)
    choices = tuple((str(c.get("value", "")), str(c.get("text", ""))) for c in raw.get("choices") or ())
    return FactField(
        key=str(raw["key"]),
        label=str(raw.get("label") or ""),
        value=choice_value(raw.get("value")),
        value_text=str(raw.get("value_text") or ""),
        words=words,
        choices=choices,
        given=given,
        person=person,
    )


def _people(result: Mapping[str, Any]) -> tuple[list[PersonView], dict[str, FactField]]:
    """The people with their decisive facts read or given, and every decisive field by key."""
    origins = {
        (str(p.get("key")), name): str((fact or {}).get("origin", ""))
        for p in result.get("people") or ()
        for name, fact in (p.get("facts") or {}).items()
    }
    people: list[PersonView] = []
    fields: dict[str, FactField] = {}
    for line in (result.get("summary") or {}).get("people") or ():
        key, label = str(line.get("key", "")), str(line.get("label", ""))
        shown = []
        for raw in line.get("facts") or ():
            given = origins.get((key, str(raw.get("fact") or _fact_of(str(raw.get("key", "")))))) == "given"
            item = _field(raw, given, label)
            fields[item.key] = item
            if item.value:
                shown.append(item)
        people.append(PersonView(key, label, str(line.get("text", "")), tuple(shown)))
    return people, fields


def _questions(result: Mapping[str, Any], fields: Mapping[str, FactField]) -> list[FactField]:
    """The follow-up questions as fields; with several people each question says whom it is about."""
    people = (result.get("summary") or {}).get("people") or ()
    main = next((str(p.get("label") or "") for p in result.get("people") or () if p.get("main")), "")
    out = []
    for q in result.get("follow_up_questions") or ():
        key = str(q.get("key") or q.get("fact") or "")
        if not key:
            continue
        person = str(q.get("person") or "") or (main if len(people) > 1 else "")
        question = messages.referral_question_about(person, str(q.get("question", "")))
        fact = str(q.get("fact") or _fact_of(key))
        known = fields.get(key)
        choices = known.choices if known is not None else _default_choices(fact)
        about = known.label if known is not None else messages.REFERRAL_FACT_LABELS.get(fact, "")
        not_known = messages.ANSWER_NOT_KNOWN.lower()
        out.append(FactField(key, question, "", not_known, "", choices, person=person, about=about))
    return out


def _route(r: Mapping[str, Any]) -> RouteSummary:
    form = r.get("form") or {}
    criteria = tuple(
        CriterionLine(
            str(c.get("status", "unknown")),
            str(c.get("text", "")),
            messages.REFERRAL_STATUS.get(str(c.get("status")), str(c.get("status", ""))),
            _text(c.get("source")),
            _text(c.get("source_url")),
        )
        for c in r.get("criteria", [])
    )
    steps = r.get("next_steps") or ()
    return RouteSummary(
        route=str(r.get("route", "")),
        name=str(r.get("name") or r.get("route") or ""),
        verdict=str(r.get("verdict", "")),
        verdict_label=messages.REFERRAL_VERDICTS.get(str(r.get("verdict")), str(r.get("verdict", ""))),
        reason=_text(r.get("reason")),
        criteria=criteria,
        form_name=_text(form.get("name")),
        form_url=_text(form.get("url")),
        contact=_text(form.get("contact")),
        form_note=_text(form.get("note")),
        timescale=_text(r.get("timescale")),
        who_decides=_text(r.get("who_decides")),
        next_steps=tuple(str(s) for s in ([steps] if isinstance(steps, str) else steps) if s),
        person=str(r.get("person") or ""),
        timescale_unverified=bool(r.get("timescale_unverified")),
    )


def summarise_referral(result: Mapping[str, Any]) -> ReferralSummary:
    """Turn the ``referral_check(...).as_dict()`` shape into what every channel renders: the headline, the
    people with the decisive facts read (and their words), the questions still open, the routes, and the
    notices with the emergency first and the reminder that the decision is the local process's always last."""
    routes = tuple(_route(r) for r in result.get("routes", []))
    people, fields = _people(result)
    summary = result.get("summary") or {}
    positive = [r for r in routes if r.verdict != "unlikely"]
    headline = str(summary.get("headline") or "") or messages.referral_headline(
        [r.name for r in routes if r.verdict == "likely_meets"],
        [r.name for r in routes if r.verdict == "may_meet"],
        [r.name for r in routes if r.verdict == "needs_more_info"],
    )
    notices = [Notice(n["kind"], n["text"]) for n in result.get("notices", []) if n.get("text")]
    urgent = [n for n in notices if n.kind == "emergency"]
    others = [n for n in notices if n.kind != "emergency" and n.text != messages.REFERRAL_NOT_A_DECISION]
    reminder = Notice("guidance", messages.REFERRAL_NOT_A_DECISION)
    return ReferralSummary(
        headline=headline,
        people=tuple(people),
        questions=tuple(_questions(result, fields)),
        routes=routes,
        notices=(*urgent, *others, reminder),
        nothing_applies=bool(summary.get("nothing_applies", not positive)),
    )


def parse_field(key: str, raw: str | None) -> FactValue:
    """A value sent back from a field, as a fact (``None``: not known). The age must be a whole number."""
    value = parse_fact(raw)
    if _fact_of(key) == "subject_age":
        if isinstance(value, str):
            found = re.search(r"\d{1,3}", value)
            return int(found.group()) if found else None
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    return value


def facts_to_send(
    submitted: Mapping[str, str | None], shown: Mapping[str, str] | None = None, given: Iterable[str] = ()
) -> dict[str, FactValue]:
    """The facts to check again with, keyed by ``key``: what was answered or changed, and what was given before.

    A fact left as it was read from the description is not sent, so it is read again (and follows any change
    to the description). Without ``shown`` every fact with a value is sent.
    """
    before = set(given)
    out: dict[str, FactValue] = {}
    for key, raw in submitted.items():
        value = parse_field(key, raw)
        if value is None:
            continue
        if shown is None or key in before or (raw or "").strip() != shown.get(key, ""):
            out[key] = value
    return out


STATUS_MARK = {"met": "✓", "not_met": "✗", "unknown": "?"}
VERDICT_MARK = {"likely_meets": "🟢", "may_meet": "🟡", "unlikely": "⚪", "needs_more_info": "🔵"}
