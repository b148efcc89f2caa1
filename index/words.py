"""Words of a text, in one place: every part of a request reads a question's words from here.

One scanner finds the words; three views serve three needs, and each says why it differs:

* ``terms``: search terms for the keyword index and sentence scoring (lower case, stop words out,
  Snowball stems; digits, "£" and "%" kept, so "£50" and "16" match).
* ``content_words``: the words a follow-up or the answer model compares (lower case, unstemmed,
  hyphenated compounds kept whole: "grown-ups", "multi-agency").
* ``surface_words``: the words as written, case and accents kept, for telling names and rare words
  ("Hobson", "Hackney", "Zoë") from everyday ones.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_EN

_TERM = re.compile(r"[a-z0-9£%]+(?:[’'][a-z]+)?")
_CONTENT = re.compile(r"[A-Za-z][A-Za-z'-]+")
_SURFACE = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ']+")
_STOP = frozenset(STOPWORDS_EN) | {"s", "t"}
_STEMMER = Stemmer.Stemmer("english")
# Words of a question that carry no topic of their own (what a follow-up keeps when it swaps one).
QUESTION_WORDS = frozenset(
    (
        *("what", "who", "when", "where", "why", "how", "which"),
        *("does", "do", "is", "are", "can", "should", "would", "could"),
        *("the", "a", "an", "and", "for", "about", "of", "to", "in"),
    )
)


def terms(text: str) -> list[str]:
    """Search terms: lower-case, possessives and stop words dropped, stemmed."""
    words = [w.replace("’", "'").split("'")[0] for w in _TERM.findall(text.lower())]
    return _STEMMER.stemWords([w for w in words if w and w not in _STOP])


@lru_cache(maxsize=50000)
def term_set(text: str) -> frozenset[str]:
    """The distinct terms of a short text (a sentence), kept for the sentences that queries re-score often."""
    return frozenset(terms(text))


def content_words(text: str) -> list[str]:
    """Lower-case words of two letters or more, question words dropped, not stemmed."""
    return [w for w in _CONTENT.findall(text.lower()) if w not in QUESTION_WORDS]


def surface_words(text: str) -> list[str]:
    """Words of two letters or more as written (case and accents kept), in order, repeats kept."""
    return _SURFACE.findall(text)
