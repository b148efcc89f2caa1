"""Channel-agnostic calls into the one answer pipeline, with errors turned into plain replies.

Slack and Teams both call ``Assistant.answer`` and ``Assistant.referral_check`` through these, so
neither channel has behaviour of its own. Question text never reaches the logs.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from assistant import messages
from assistant.models import Answer, Turn
from assistant.service import Assistant
from integrations.errors import user_message

logger = logging.getLogger("caselearn.channels")


def _shown(exc: Exception, what: str) -> str:
    """The plain sentence for an error; a programming error is logged (its kind only) and said generically."""
    text = user_message(exc)
    if text is None:
        logger.error("%s failed: %s", what, type(exc).__name__)
    return text or messages.CHANNEL_PROBLEM


def ask(assistant: Assistant, question: str, history: Sequence[Turn] = ()) -> Answer | str:
    """The answer, or a plain sentence to show instead (invalid question, service problem)."""
    try:
        return assistant.answer(question, history=history)
    except Exception as exc:
        return _shown(exc, "answer")


def referral(assistant: Assistant, situation: str, facts: Mapping[str, Any] | None = None) -> dict[str, Any] | str:
    """``referral_check(...).as_dict()``, or a plain sentence to show instead."""
    try:
        result = assistant.referral_check(situation, dict(facts) if facts else None)
    except Exception as exc:
        return _shown(exc, "referral check")
    return result.as_dict()
