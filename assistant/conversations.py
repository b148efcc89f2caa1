"""Conversations kept in memory only (never on disk), bounded in number and age."""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict

from assistant.models import Turn


class ConversationStore:
    """``conversation_id`` -> recent turns. Lost on restart by design: question text is not persisted."""

    def __init__(self, *, max_conversations: int = 1000, max_turns: int = 12, ttl_seconds: float = 3600) -> None:
        self._items: OrderedDict[str, tuple[float, list[Turn]]] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_conversations
        self._max_turns = max_turns
        self._ttl = ttl_seconds

    def new_id(self) -> str:
        return secrets.token_urlsafe(12)

    def history(self, conversation_id: str) -> list[Turn]:
        with self._lock:
            self._expire()
            item = self._items.get(conversation_id)
            return list(item[1]) if item else []

    def append(self, conversation_id: str, *turns: Turn) -> None:
        with self._lock:
            _, existing = self._items.pop(conversation_id, (0.0, []))
            self._items[conversation_id] = (time.monotonic(), (existing + list(turns))[-self._max_turns :])
            while len(self._items) > self._max:
                self._items.popitem(last=False)

    def _expire(self) -> None:
        cutoff = time.monotonic() - self._ttl
        for key in [k for k, (t, _) in self._items.items() if t < cutoff]:
            del self._items[key]
