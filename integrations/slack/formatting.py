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

_YES_NO = re.compile(r"^(is|was|has|had|did|does|do|are|were|have|can|could|will|would|should)\b", re.I)
_YES = {"yes", "y", "true", "yep", "yeah"}
_NO = {"no", "n", "false", "nope"}
_UNKNOWN = {"", "not known", "unknown", "don't know", "dont know", "not sure", "n/a"}

FactValue = bool | int | str | None


def source_label(title: str, publisher: str | None, year: int | None, page: int | None) -> str:
    """``title, publisher, year, p. N`` with the missing parts left out."""
    parts = [title.strip() or "Untitled", publisher, str(year) if year else None, f"p. {page}" if page else None]
    return ", ".join(p for p in parts if p)


def citation_label(citation: Citation) -> str:
    return source_label(citation.title, citation.publisher, citation.year, citation.page)


def absolute_url(url: str | None, public_url: str | None) -> str | None:
    """Links must be absolute outside the web page: join stored-file links to the public address."""
    if not url:
        return None
    if url.startswith(("https://", "http://")):
        return url
    if url.startswith("/") and public_url:
        return public_url.rstrip("/") + url
    return None


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


def is_yes_no(question: str) -> bool:
    return bool(_YES_NO.match(question.strip()))


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


@dataclass(frozen=True)
class ReferralSummary:
    routes: tuple[RouteSummary, ...]
    follow_ups: tuple[tuple[str, str], ...]
    understood: tuple[tuple[str, str], ...]
    notices: tuple[Notice, ...]


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _fact_text(value: Any) -> str | None:
    if isinstance(value, Mapping):
        if value.get("origin") == "default":
            return None
        value = value.get("value")
    if value is None:
        return None
    if isinstance(value, bool):
        return messages.ANSWER_YES if value else messages.ANSWER_NO
    return str(value).replace("_", " ")


def summarise_referral(result: Mapping[str, Any]) -> ReferralSummary:
    """Turn the ``referral_check(...).as_dict()`` shape into what both channels render."""
    routes = []
    for r in result.get("routes", []):
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
        routes.append(
            RouteSummary(
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
            )
        )
    follow_ups = tuple((str(q["fact"]), str(q["question"])) for q in result.get("follow_up_questions", []))
    understood = []
    for name, value in (result.get("extracted_facts") or {}).items():
        text = _fact_text(value)
        if text is not None:
            understood.append((str(name).replace("_", " "), text))
    notices = tuple(Notice(n["kind"], n["text"]) for n in result.get("notices", []) if n.get("text"))
    urgent, others = emergency_first(notices)
    return ReferralSummary(tuple(routes), follow_ups, tuple(understood), tuple(urgent + others))


STATUS_MARK = {"met": "✓", "not_met": "✗", "unknown": "?"}
VERDICT_MARK = {"likely_meets": "🟢", "may_meet": "🟡", "unlikely": "⚪", "needs_more_info": "🔵"}
