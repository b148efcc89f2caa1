"""Character clean-up shared by every loader: compatibility forms, invisible marks and glyphs used as bullets.

NFKC (``unicodedata``) folds ligatures (``ﬁ`` → ``fi``), full-width forms and non-breaking spaces; the
rest is what NFKC leaves alone but extracted text is full of: soft hyphens, zero-width marks, and the
private-use or control characters that word processors' symbol fonts give their bullets.
"""

from __future__ import annotations

import re
import unicodedata

BULLET = "•"
# Symbol-font bullets land in the private-use area (Wingdings, Symbol: U+F0B7, U+F0A7, U+F076, U+F0D8...).
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
# C0/C1 controls other than tab and newline; some PDFs give a bullet glyph one of these codes.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_BULLET_LIKE = re.compile(
    "^[\u2022\u25aa\u25e6\u00b7\u25cf\u25a0\u25a1\u27a2\u25ba\u2713\u2219\u2023\u2043\u25cb\u2212]\\s+"
)
_SPACES = re.compile(r"[ \t]+")


# NFKC would turn "1½ hours" into "11⁄2 hours" and a footnote's "88%³" into "88%3": these keep their form.
_KEEP = re.compile("([\u00bc-\u00be\u2150-\u215f\u2189\u00b9\u00b2\u00b3\u2070-\u209f])")


def _nfkc(text: str) -> str:
    """NFKC except for vulgar fractions and super- and subscripts, which it would turn into other numbers."""
    if not _KEEP.search(text):
        return unicodedata.normalize("NFKC", text)
    return "".join(p if _KEEP.fullmatch(p) else unicodedata.normalize("NFKC", p) for p in _KEEP.split(text))


def normalise(text: str) -> str:
    """One line of extracted text, cleaned: NFKC, no invisible marks, bullets as ``•``, single spaces."""
    text = _INVISIBLE.sub("", text)
    text = _PRIVATE_USE.sub(f" {BULLET} ", text)
    text = _CONTROL.sub(f" {BULLET} ", text)
    text = _nfkc(text)
    return _SPACES.sub(" ", text).strip()


def tidy(text: str) -> str:
    """A line from a text, web or Word file, cleaned without re-spacing it (its indentation may mean a
    nested list): NFKC, no invisible marks, control characters as spaces."""
    return _nfkc(_CONTROL.sub(" ", _INVISIBLE.sub("", text)))


def bullet_at_start(text: str) -> tuple[bool, str]:
    """Whether a normalised line opens with a bullet glyph, and the line without it."""
    if text.startswith(BULLET):
        return True, text[len(BULLET) :].lstrip()
    m = _BULLET_LIKE.match(text)
    if m:
        return True, text[m.end() :]
    return False, text
