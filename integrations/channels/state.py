"""In-memory, bounded state for the channels: events already seen, answers waiting to be shared.

Nothing here is written to disk: question text lives only in memory, and only for a short time.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from cachetools import LRUCache, TTLCache

V = TypeVar("V")


class SeenEvents:
    """Answers each ``event_id`` once: Slack retries events it thinks failed (``X-Slack-Retry-Num``)."""

    def __init__(self, limit: int = 10_000) -> None:
        self._seen: LRUCache[str, None] = LRUCache(limit)
        self._lock = threading.Lock()

    def first_time(self, event_id: str) -> bool:
        with self._lock:
            if event_id in self._seen:
                self._seen[event_id] = None  # most recently seen again
                return False
            self._seen[event_id] = None
            return True


class Recent(Generic[V]):
    """A bounded map whose entries expire ``ttl_seconds`` after they were put."""

    def __init__(
        self, limit: int = 2000, ttl_seconds: float = 24 * 3600, timer: Callable[[], float] = time.monotonic
    ) -> None:
        self._items: TTLCache[str, V] = TTLCache(limit, ttl_seconds, timer=timer)
        self._lock = threading.Lock()

    def put(self, value: V, key: str | None = None) -> str:
        key = key or secrets.token_urlsafe(12)
        with self._lock:
            self._items.pop(key, None)
            self._items[key] = value
        return key

    def get(self, key: str) -> V | None:
        with self._lock:
            return self._items.get(key)

    def pop(self, key: str) -> V | None:
        with self._lock:
            return self._items.pop(key, None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)
