"""Dependencies shared by the routers: the index, the assistant, settings and the API key check."""

from __future__ import annotations

import hmac
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Annotated

from cachetools import TTLCache
from fastapi import Depends, Header, HTTPException, Request

from assistant import messages
from assistant.conversations import ConversationStore
from assistant.feedback import FeedbackStore
from assistant.service import Assistant
from assistant.settings import Settings
from index import CaseIndex


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_index(request: Request) -> CaseIndex:
    index: CaseIndex = request.app.state.index
    return index


def get_assistant(request: Request) -> Assistant:
    assistant: Assistant = request.app.state.assistant
    return assistant


def get_feedback(request: Request) -> FeedbackStore:
    store: FeedbackStore = request.app.state.feedback
    return store


def get_conversations(request: Request) -> ConversationStore:
    store: ConversationStore = request.app.state.conversations
    return store


def require_api_key(
    settings: Annotated[Settings, Depends(get_settings)],
    authorization: Annotated[str | None, Header()] = None,
) -> None:
    """Changing documents needs ``Authorization: Bearer <key>`` when ``CASELEARN_API_KEY`` is set."""
    if not settings.api_key:
        return
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip(), settings.api_key):
        raise HTTPException(status_code=401, detail=messages.API_KEY_REQUIRED, headers={"WWW-Authenticate": "Bearer"})


class RateLimiter:
    """At most ``limit`` requests a minute per client address (in memory; 0 turns it off).

    A client's recent request times are forgotten ``window`` seconds after its last accepted
    request, and past 10,000 clients the least recently seen goes first.
    """

    def __init__(self, limit: int, window: float = 60.0, timer: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self._timer = timer
        self._hits: TTLCache[str, deque[float]] = TTLCache(10_000, window, timer=timer)
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> int:
        """0 when the request may go ahead, else the seconds until it may."""
        if self.limit <= 0:
            return 0
        now = self._timer()
        with self._lock:
            hits = self._hits.get(client) or deque()
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return max(1, int(hits[0] + self.window - now) + 1)
            hits.append(now)
            self._hits[client] = hits  # kept for a window after this request
            return 0


def rate_limited(request: Request) -> None:
    """Refuse with 429 and Retry-After when one client asks too often."""
    limiter: RateLimiter = request.app.state.rate_limiter
    client = request.client.host if request.client else "unknown"
    wait = limiter.retry_after(client)
    if wait:
        raise HTTPException(
            status_code=429, detail=messages.TOO_MANY_REQUESTS.format(seconds=wait), headers={"Retry-After": str(wait)}
        )
