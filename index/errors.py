"""Errors of the index package."""

from __future__ import annotations


class CaseIndexError(Exception):
    """Base class of every index error (named so as not to shadow the built-in IndexError)."""


class IndexMismatchError(CaseIndexError):
    """The data directory was built with another embedding model or index format."""

    def __init__(self, built_with: str, configured: str) -> None:
        super().__init__(f"index built with {built_with!r}, configured {configured!r}")
        self.built_with = built_with
        self.configured = configured


class StoreUnavailableError(CaseIndexError):
    """The vector store (for example a Chroma server) cannot be reached."""

    def __init__(self, where: str, detail: str) -> None:
        super().__init__(f"{where}: {detail}")
        self.where = where
        self.detail = detail


class VectorReadError(CaseIndexError):
    """The vector store failed to read vectors it should hold (an embedded store that another
    process changed is the usual cause; reading it afresh mends it)."""


class EmbeddingModelError(CaseIndexError):
    """The embedding model cannot be loaded."""

    def __init__(self, model: str, detail: str) -> None:
        super().__init__(f"{model}: {detail}")
        self.model = model
        self.detail = detail


class DocumentNotFoundError(CaseIndexError):
    """No indexed document has that id or file name."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key
