"""Is the question about something the documents never mention?

A question naming a specific, uncommon word (a person, a place, a scheme) that no indexed passage
contains is not answered by the documents, however close the rest of its wording is to them.
"Uncommon" is judged by the word's frequency in general English (wordfreq), so that everyday
words a practitioner might use ("besides", "got") do not count.
"""

from __future__ import annotations

from collections.abc import Callable

from wordfreq import zipf_frequency

from index.words import surface_words

RARE_ZIPF = 4.0  # about once in 10,000 words of general English


def specific_words(question: str, threshold: float = RARE_ZIPF) -> list[str]:
    """Uncommon words of the question, in order, without repeats."""
    seen: dict[str, None] = {}
    for word in surface_words(question):
        clean = word.strip("'").removesuffix("'s")
        if len(clean) >= 3 and zipf_frequency(clean, "en") < threshold:
            seen.setdefault(clean, None)
    return list(seen)


def unmentioned(question: str, unindexed: Callable[[list[str]], list[str]]) -> list[str]:
    """Uncommon words of the question that no indexed passage contains."""
    words = specific_words(question)
    return unindexed(words) if words else []


def is_name(word: str) -> bool:
    """A proper name or an acronym ("Hobson", "Hackney", "IRD"), as written in the question.

    Only names are reason enough to say the documents do not answer: a practitioner's everyday words
    ("toddler", "grabbing", "screenshot") are often missing from the documents that answer them, so they
    only lower the answer model's confidence.
    """
    return word[:1].isupper()
