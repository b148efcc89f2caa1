"""Follow-up questions: "and for adults?" is searched together with the question before it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.models import Turn

_OPENERS = re.compile(
    r"^\s*(and|but|also|what about|how about|same for|what if|is that|are they|does that|do they|for)\b", re.I
)
_BACK_REFERENCE = re.compile(r"\b(it|they|them|that|this|those|these|he|she|his|her|their|there|then)\b", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_QUESTION_WORDS = {
    "what",
    "who",
    "when",
    "where",
    "why",
    "how",
    "which",
    "does",
    "do",
    "is",
    "are",
    "can",
    "should",
    "would",
    "could",
    "the",
    "a",
    "an",
    "and",
    "for",
    "about",
    "of",
    "to",
    "in",
}


def content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _QUESTION_WORDS]


def is_follow_up(question: str) -> bool:
    words = content_words(question)
    if _OPENERS.match(question) and len(words) <= 8:
        return True
    return len(words) <= 2 or (bool(_BACK_REFERENCE.search(question)) and len(words) <= 5)


def retrieval_query(question: str, history: Sequence[Turn]) -> str:
    """The text to search for: the question, joined to the previous question when it follows on."""
    previous = [t.content for t in history if t.role == "user" and t.content.strip()]
    if not previous or not is_follow_up(question):
        return question
    return f"{previous[-1].strip()} {question.strip()}"
