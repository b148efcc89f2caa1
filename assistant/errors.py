"""Errors of the assistant package."""

from __future__ import annotations


class AssistantError(Exception):
    """Base class; ``user_message`` is safe to show (it never contains question text)."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class InvalidQuestionError(AssistantError):
    """An empty or oversized question."""


class ChatModelError(AssistantError):
    """The optional LLM failed; callers fall back to the extractive answer."""
