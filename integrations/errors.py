"""Translate package errors into the user-facing sentences of ``assistant.messages``."""

from __future__ import annotations

from assistant import messages
from index import (
    CaseIndexError,
    DocumentNotFoundError,
    EmbeddingModelError,
    IndexMismatchError,
    StoreUnavailableError,
)


def user_message(exc: Exception) -> str | None:
    """Plain wording for errors a user can act on; ``None`` for programming errors."""
    if isinstance(exc, IndexMismatchError):
        return messages.INDEX_MISMATCH.format(built=exc.built_with, configured=exc.configured)
    if isinstance(exc, StoreUnavailableError):
        return messages.STORE_UNAVAILABLE.format(where=exc.where, detail=exc.detail)
    if isinstance(exc, EmbeddingModelError):
        return messages.MODEL_UNAVAILABLE.format(model=exc.model, detail=exc.detail)
    if isinstance(exc, DocumentNotFoundError):
        return messages.DOCUMENT_NOT_FOUND.format(key=exc.key)
    if isinstance(exc, CaseIndexError):
        return str(exc)
    return None
