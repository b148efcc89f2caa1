"""Conversations kept in memory only (never on disk), bounded in number and age."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable

from cachetools import TTLCache

from assistant.models import Turn


class ConversationStore:
    """``conversation_id`` -> recent turns. Lost on restart by design: question text is not persisted.

    A conversation expires ``ttl_seconds`` after its last turn; past ``max_conversations`` the least
    recently used goes first.
    """

    def __init__(
        self,
        *,
        max_conversations: int = 1000,
        max_turns: int = 12,
        ttl_seconds: float = 3600,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self._items: TTLCache[str, tuple[Turn, ...]] = TTLCache(max_conversations, ttl_seconds, timer=timer)
        self._lock = threading.Lock()
        self._max_turns = max_turns

    def new_id(self) -> str:
        return secrets.token_urlsafe(12)

    def history(self, conversation_id: str) -> list[Turn]:
        with self._lock:
            return list(self._items.get(conversation_id, ()))

    def append(self, conversation_id: str, *turns: Turn) -> None:
        with self._lock:
            existing = self._items.pop(conversation_id, ())
            self._items[conversation_id] = (*existing, *turns)[-self._max_turns :]
