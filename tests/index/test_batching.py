"""Concurrent requests share model calls and each gets exactly its own vectors."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np
import pytest

from index import SentenceTransformerEmbedder
from index.batching import EmbeddingBatcher

pytestmark = pytest.mark.slow

QUESTIONS = [f"What does review {n} say about {topic}?" for n in range(8) for topic in ("safe sleep", "fathers")]


def test_concurrent_requests_get_their_own_vectors_from_shared_calls(embedder: SentenceTransformerEmbedder) -> None:
    batcher = EmbeddingBatcher(embedder)
    expected = embedder.embed_batch(QUESTIONS)
    got: dict[int, np.ndarray] = {}
    start = threading.Barrier(len(QUESTIONS))

    def ask(i: int) -> None:
        start.wait()
        for _ in range(5):
            got[i] = batcher.embed_batch([QUESTIONS[i], QUESTIONS[-1 - i]])

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(QUESTIONS))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    for i in range(len(QUESTIONS)):
        np.testing.assert_allclose(got[i], expected[[i, len(QUESTIONS) - 1 - i]], atol=1e-5)
    assert batcher.requests == 5 * len(QUESTIONS)
    assert batcher.calls < batcher.requests  # requests waiting together were embedded together


class _Broken:
    name = "broken"

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        raise RuntimeError("model unavailable")


def test_a_failing_model_fails_each_waiting_request_and_the_next_call_still_runs() -> None:
    batcher = EmbeddingBatcher(_Broken())
    for _ in range(2):
        with pytest.raises(RuntimeError, match="model unavailable"):
            batcher.embed_batch(["a question"])
