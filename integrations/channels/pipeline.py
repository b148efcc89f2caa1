"""Channel-agnostic calls into the one answer pipeline, with errors turned into plain replies.

Slack and Teams both call ``Assistant.answer`` and ``Assistant.referral_check`` through these, so
neither channel has behaviour of its own. Question text never reaches the logs.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from assistant import messages
from assistant.errors import AssistantError
from assistant.models import Answer, Turn
from assistant.service import Assistant
from integrations.errors import user_message

logger = logging.getLogger("caselearn.channels")


def ask(assistant: Assistant, question: str, history: Sequence[Turn] = ()) -> Answer | str:
    """The answer, or a plain sentence to show instead (invalid question, service problem)."""
    try:
        return assistant.answer(question, history=history)
    except AssistantError as exc:
        return exc.user_message
    except Exception as exc:
        logger.error("answer failed: %s", type(exc).__name__)
        return user_message(exc) or messages.CHANNEL_PROBLEM


def referral(assistant: Assistant, situation: str, facts: Mapping[str, Any] | None = None) -> dict[str, Any] | str:
    """``referral_check(...).as_dict()``, or a plain sentence to show instead."""
    try:
        result = assistant.referral_check(situation, dict(facts) if facts else None)
    except AssistantError as exc:
        return exc.user_message
    except Exception as exc:
        logger.error("referral check failed: %s", type(exc).__name__)
        return user_message(exc) or messages.CHANNEL_PROBLEM
    return result.as_dict()
