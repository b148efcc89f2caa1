"""Deterministic fakes for what cannot run here: a hosted chat model."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.errors import ChatModelError


class FakeChat:
    """Plays back queued replies (or raises) and records every prompt it was sent."""

    def __init__(self, *replies: str | Exception) -> None:
        self.replies = list(replies)
        self.prompts: list[list[tuple[str, str]]] = []

    def complete(self, messages: Sequence[tuple[str, str]]) -> str:
        self.prompts.append(list(messages))
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise ChatModelError("fake failure") from reply
        return reply
