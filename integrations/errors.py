"""Every error a user can act on, translated in one place: the sentence from ``assistant.messages``
and, for the web service, the HTTP status. Channels, the command line and the API all call this."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from assistant import messages
from assistant.errors import AssistantError
from index import (
    BackupError,
    CaseIndexError,
    DocumentNotFoundError,
    EmbeddingModelError,
    IndexMismatchError,
    StoreUnavailableError,
)
from index.errors import VectorReadError
from ingest import ManifestError, UnreadableFileError
from ingest.errors import Reason


@dataclass(frozen=True)
class UserError:
    """What to show for an error, and the HTTP status the web service answers with."""

    message: str
    status: int


# (error family, wording, status), most specific first: 404 for what is not there, 422 for input that
# cannot be read, 503 only for a store or model that is down.
_TABLE: tuple[tuple[type[Exception], Callable[[Any], str], int], ...] = (
    (AssistantError, lambda e: e.user_message, 400),
    (DocumentNotFoundError, lambda e: messages.DOCUMENT_NOT_FOUND.format(key=e.key), 404),
    (BackupError, lambda e: messages.BACKUP[e.kind].format(archive=e.archive, detail=e.detail), 422),
    (IndexMismatchError, lambda e: messages.INDEX_MISMATCH.format(built=e.built_with, configured=e.configured), 503),
    (StoreUnavailableError, lambda e: messages.STORE_UNAVAILABLE.format(where=e.where, detail=e.detail), 503),
    (EmbeddingModelError, lambda e: messages.MODEL_UNAVAILABLE.format(model=e.model, detail=e.detail), 503),
    (VectorReadError, lambda _: messages.VECTOR_READ, 503),
    (UnreadableFileError, lambda e: messages.ingest_failure(e.source, e.reason, e.detail), 422),
    (ManifestError, lambda e: messages.ingest_failure(e.path, Reason.BAD_MANIFEST), 422),
    (CaseIndexError, lambda _: messages.SERVICE_PROBLEM, 503),
)


def translate(exc: Exception) -> UserError | None:
    """The wording and status for an error a user can act on; ``None`` for programming errors."""
    for family, wording, status in _TABLE:
        if isinstance(exc, family):
            return UserError(wording(exc), status)
    return None


def user_message(exc: Exception) -> str | None:
    """Plain wording for errors a user can act on; ``None`` for programming errors."""
    found = translate(exc)
    return found.message if found else None
