from __future__ import annotations

import html
import json
from importlib.resources import files
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from assistant import messages

router = APIRouter(include_in_schema=False)
_STATIC = files("integrations.api") / "static"


def referral_words() -> dict[str, Any]:
    """What the page's referral check says, from assistant/messages.py (the page holds no wording of its own)."""
    return {
        "check_again": messages.REFERRAL_CHECK_AGAIN,
        "working": messages.REFERRAL_WORKING,
        "ready": messages.REFERRAL_READY,
        "unreachable": messages.REFERRAL_UNREACHABLE,
        "empty": messages.EMPTY_SITUATION,
        "facts_read": messages.REFERRAL_FACTS_READ,
        "facts_hint": messages.REFERRAL_FACTS_HINT,
        "details": messages.REFERRAL_ROUTE_DETAILS,
        "what_it_needs": messages.REFERRAL_WHAT_IT_NEEDS,
        "no_route": messages.REFERRAL_NO_ROUTE,
        "verdicts": messages.REFERRAL_VERDICTS,
        "status": messages.REFERRAL_STATUS,
        "form": messages.REFERRAL_FORM,
        "contact": messages.REFERRAL_CONTACT,
        "timescale": messages.REFERRAL_TIMESCALE,
        "who_decides": messages.REFERRAL_WHO_DECIDES,
        "next_steps": messages.REFERRAL_NEXT_STEPS,
        "unverified": messages.REFERRAL_UNVERIFIED,
        "said_so": messages.REFERRAL_SAID_SO,
        "read_from": messages.referral_read_from("{words}"),
        "yes": messages.ANSWER_YES,
        "no": messages.ANSWER_NO,
        "not_known": messages.ANSWER_NOT_KNOWN,
    }


def _page() -> str:
    text = (_STATIC / "index.html").read_text(encoding="utf-8")
    words = json.dumps(referral_words(), ensure_ascii=False).replace("<", "\\u003c")
    for name, value in (
        ("referral_title", html.escape(messages.REFERRAL_TITLE)),
        ("referral_situation", html.escape(messages.REFERRAL_SITUATION)),
        ("referral_hint", html.escape(messages.REFERRAL_SITUATION_HINT)),
        ("referral_check", html.escape(messages.REFERRAL_CHECK)),
        ("referral_words", words),
    ):
        text = text.replace("{{" + name + "}}", value)
    return text


@router.get("/", response_class=HTMLResponse)
def page() -> HTMLResponse:
    return HTMLResponse(_page())


@router.get("/static/{name}")
def static(name: str) -> Response:
    types = {"app.js": "text/javascript", "style.css": "text/css"}
    if name not in types:
        return Response(status_code=404)
    return Response((_STATIC / name).read_text(encoding="utf-8"), media_type=types[name])
