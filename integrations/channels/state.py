"""In-memory, bounded state for the channels: events already seen, answers waiting to be shared.

Nothing here is written to disk: question text lives only in memory, and only for a short time.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from typing import Generic, TypeVar

V = TypeVar("V")


class SeenEvents:
    """Answers each ``event_id`` once: Slack retries events it thinks failed (``X-Slack-Retry-Num``)."""

    def __init__(self, limit: int = 10_000) -> None:
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()
        self._limit = limit

    def first_time(self, event_id: str) -> bool:
        with self._lock:
            if event_id in self._seen:
                self._seen.move_to_end(event_id)
                return False
            self._seen[event_id] = None
            while len(self._seen) > self._limit:
                self._seen.popitem(last=False)
            return True


class Recent(Generic[V]):
    """A bounded map whose entries expire after ``ttl_seconds``."""

    def __init__(self, limit: int = 2000, ttl_seconds: float = 24 * 3600) -> None:
        self._items: OrderedDict[str, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()
        self._limit = limit
        self._ttl = ttl_seconds

    def put(self, value: V, key: str | None = None) -> str:
        key = key or secrets.token_urlsafe(12)
        with self._lock:
            self._items.pop(key, None)
            self._items[key] = (time.monotonic(), value)
            while len(self._items) > self._limit:
                self._items.popitem(last=False)
        return key

    def get(self, key: str) -> V | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            if time.monotonic() - item[0] > self._ttl:
                del self._items[key]
                return None
            return item[1]

    def pop(self, key: str) -> V | None:
        value = self.get(key)
        with self._lock:
            self._items.pop(key, None)
        return value

    def __len__(self) -> int:
        return len(self._items)
