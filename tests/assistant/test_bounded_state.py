"""The in-memory stores of conversations and channel state: bounded in number and in age."""

from __future__ import annotations

from assistant.conversations import ConversationStore
from assistant.models import Turn
from integrations.channels.state import Recent, SeenEvents


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _turn(text: str) -> Turn:
    return Turn(role="user", content=text)


def test_a_conversation_keeps_its_last_turns_and_expires_an_hour_after_the_last_one() -> None:
    clock = Clock()
    store = ConversationStore(max_turns=3, ttl_seconds=3600, timer=clock)
    store.append("c1", *(_turn(str(n)) for n in range(5)))
    assert [t.content for t in store.history("c1")] == ["2", "3", "4"]
    clock.now = 3000
    store.append("c1", _turn("5"))
    clock.now = 6000  # 50 minutes after the last turn
    assert [t.content for t in store.history("c1")] == ["3", "4", "5"]
    clock.now = 6601
    assert store.history("c1") == []


def test_past_the_limit_the_least_recent_conversation_goes_first() -> None:
    store = ConversationStore(max_conversations=2)
    store.append("a", _turn("a"))
    store.append("b", _turn("b"))
    store.append("c", _turn("c"))
    assert store.history("a") == [] and store.history("b") and store.history("c")


def test_an_event_is_answered_once_and_the_oldest_are_forgotten_past_the_limit() -> None:
    seen = SeenEvents(limit=2)
    assert seen.first_time("e1") and not seen.first_time("e1")
    assert seen.first_time("e2") and seen.first_time("e3")
    assert seen.first_time("e1")  # forgotten: the limit is two


def test_a_recent_answer_expires_and_pop_takes_it_once() -> None:
    clock = Clock()
    recent: Recent[str] = Recent(limit=10, ttl_seconds=60, timer=clock)
    key = recent.put("answer")
    assert recent.get(key) == "answer" and len(recent) == 1
    assert recent.pop(key) == "answer" and recent.pop(key) is None
    later = recent.put("another")
    clock.now = 61
    assert recent.get(later) is None and len(recent) == 0


def test_the_rate_limiter_refuses_past_its_limit_and_forgets_a_client_a_window_later() -> None:
    from integrations.api.deps import RateLimiter

    clock = Clock()
    limiter = RateLimiter(limit=2, window=60, timer=clock)
    assert [limiter.retry_after("a"), limiter.retry_after("a")] == [0, 0]
    clock.now = 10
    assert limiter.retry_after("a") == 51  # the first request leaves the window at 60
    assert limiter.retry_after("b") == 0  # another client is counted apart
    clock.now = 61
    assert limiter.retry_after("a") == 0  # the two first requests have left the window
    clock.now = 200
    assert limiter.retry_after("a") == 0 and limiter.retry_after("a") == 0
    assert limiter.retry_after("a") > 0


def test_a_rate_limit_of_zero_lets_everything_through() -> None:
    from integrations.api.deps import RateLimiter

    limiter = RateLimiter(limit=0)
    assert all(limiter.retry_after("a") == 0 for _ in range(100))
