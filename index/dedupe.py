"""Duplicates and versions of documents, decided by content and metadata rather than by file name.

* **Duplicates.** A file whose bytes equal an indexed document's (same hash, another name) or whose
  extracted text is nearly the same (a PDF and its web page, a ``.txt`` copy) is not indexed again.
  Near-duplicates are found with MinHash (``datasketch``) over word 3-shingles of the normalised
  text: case, punctuation, bullets and whitespace are ignored, so the same words extracted from
  different formats agree. Two texts count as the same at an estimated Jaccard similarity of
  :data:`NEAR_DUPLICATE` or more. Copies of one document measure 0.96–1.0 (a PDF against its
  ``pypdf`` text with running headers and page numbers left in; a 12,000-word annual report as PDF
  and as text); different documents on the same subjects, sharing boilerplate, measure at most 0.07
  on ``../shared``; a few words changed in a 300-word document leave about 0.9.
* **Versions.** Two documents are versions of one another when their titles match (ignoring case,
  punctuation and spacing), their publishers do not differ, both have a year and the years differ,
  and their texts still overlap (estimated Jaccard similarity of :data:`VERSION_OVERLAP` or more:
  a revision keeps much of its text, two different "Child A" reviews share only boilerplate). The
  later year is the newer version. A deployer chooses whether a newer version replaces
  the older one (``replace``) or sits beside it (``keep``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

import numpy as np
from datasketch import MinHash

from index.models import VERSION_POLICIES, DocumentInfo, VersionPolicy

VersionFields = tuple[str | None, str | None, int | None]  # title, publisher, year
__all__ = ["VERSION_POLICIES", "VersionPolicy"]  # defined with the other light models

SHINGLE_WORDS = 3
NUM_PERM = 256
NEAR_DUPLICATE = 0.85
# Versions must still share this much text: reviews reuse anonymised titles ("Child A", "Adult B"),
# and two different reviews with one title share only boilerplate (0.07 at most on ../shared).
VERSION_OVERLAP = 0.2
# Stored with the catalog: signatures made another way are recomputed (see Catalog.signature_format).
SIGNATURE_FORMAT = f"minhash-affine32-seed1-{NUM_PERM}-w{SHINGLE_WORDS}"

_WORD = re.compile(r"[^\W_]+")
_BATCH = 8192  # shingles hashed at once (bounds the permutation matrix to a few MB)


def words(text: str) -> list[str]:
    """The words of a text, case-folded; punctuation, bullets and spacing are dropped."""
    return _WORD.findall(text.casefold())


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Every run of ``size`` consecutive words (the whole text when it is shorter)."""
    w = words(text)
    if len(w) <= size:
        return {" ".join(w)} if w else set()
    return {" ".join(w[i : i + size]) for i in range(len(w) - size + 1)}


def signature(texts: str | Iterable[str]) -> bytes:
    """MinHash signature of a text (or of several parts of one text, such as its passages)."""
    parts = [texts] if isinstance(texts, str) else list(texts)
    found: set[str] = set()
    for part in parts:
        found |= shingles(part)
    minhash = MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32")
    ordered = sorted(found)
    for start in range(0, len(ordered), _BATCH):
        minhash.update_batch([s.encode("utf-8") for s in ordered[start : start + _BATCH]])
    return np.asarray(minhash.hashvalues, dtype="<u4").tobytes()


def _array(sig: bytes) -> np.ndarray:
    return np.frombuffer(sig, dtype="<u4")


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets (0 to 1)."""
    x, y = _array(a), _array(b)
    if x.shape != y.shape or not x.size:
        return 0.0
    return float(np.mean(x == y))


def most_similar(sig: bytes, candidates: Sequence[tuple[str, bytes]]) -> tuple[str, float] | None:
    """The candidate (key, signature) most similar to ``sig``, with its similarity."""
    usable = [(key, s) for key, s in candidates if len(s) == len(sig)]
    if not usable or not sig:
        return None
    matrix = np.stack([_array(s) for _, s in usable])
    scores = (matrix == _array(sig)).mean(axis=1)
    best = int(np.argmax(scores))
    return usable[best][0], float(scores[best])


def title_key(title: str | None) -> str | None:
    """A title compared for versions, or ``None`` when it is too short to say two documents are one."""
    w = words(title or "")
    return " ".join(w) if len(w) >= 2 else None


def _publisher_key(publisher: str | None) -> str:
    return " ".join(words(publisher or ""))


def same_publisher(a: str | None, b: str | None) -> bool:
    """False only when both are known and neither names the other ("X" and "X (fictional)" agree)."""
    x, y = _publisher_key(a), _publisher_key(b)
    return not x or not y or x in y or y in x


def are_versions(a: VersionFields, b: VersionFields) -> bool:
    """True when two documents' (title, publisher, year) say they are versions of one document."""
    (title_a, publisher_a, year_a), (title_b, publisher_b, year_b) = a, b
    if year_a is None or year_b is None or year_a == year_b:
        return False
    key = title_key(title_a)
    return key is not None and key == title_key(title_b) and same_publisher(publisher_a, publisher_b)


def versions_of(
    fields: VersionFields,
    sig: bytes | None,
    documents: Iterable[DocumentInfo],
    signature_of: Callable[[str], bytes | None],
    exclude: str,
) -> tuple[list[DocumentInfo], list[DocumentInfo]]:
    """Indexed documents (other than ``exclude``) that are (older, newer) versions of this one: the
    metadata agree (:func:`are_versions`) and the texts share at least :data:`VERSION_OVERLAP`."""
    older: list[DocumentInfo] = []
    newer: list[DocumentInfo] = []
    year = fields[2]
    if sig is None or year is None:
        return older, newer
    for doc in documents:
        if doc.id == exclude or doc.year is None or not are_versions(fields, _fields(doc)):
            continue
        other = signature_of(doc.id)
        if other is not None and similarity(sig, other) >= VERSION_OVERLAP:
            (older if doc.year < year else newer).append(doc)
    return older, newer


def newest(documents: Sequence[DocumentInfo]) -> DocumentInfo | None:
    return max(documents, key=lambda d: (d.year or 0, d.source)) if documents else None


def _fields(doc: DocumentInfo) -> VersionFields:
    return doc.title, doc.publisher, doc.year


def mark_versions(documents: Sequence[DocumentInfo], signature_of: Callable[[str], bytes | None]) -> list[DocumentInfo]:
    """The documents, each told the newest newer version of it and its older versions in the list."""
    by_title: dict[str, list[DocumentInfo]] = {}
    for doc in documents:
        key = title_key(doc.title)
        if key is not None and doc.year is not None:
            by_title.setdefault(key, []).append(doc)
    out: list[DocumentInfo] = []
    for doc in documents:
        group = by_title.get(title_key(doc.title) or "", [])
        if len(group) < 2:
            out.append(doc)
            continue
        older, newer = versions_of(_fields(doc), signature_of(doc.id), group, signature_of, exclude=doc.id)
        latest = newest(newer)
        out.append(
            replace(
                doc,
                newer_version=latest.source if latest else None,
                older_versions=tuple(d.source for d in sorted(older, key=lambda d: (-(d.year or 0), d.source))),
            )
        )
    return out
