"""Errors raised while reading a file. Wording shown to users lives in ``assistant.messages``."""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    """Why a file could not be ingested; each maps to one plain sentence for users."""

    ENCRYPTED = "encrypted"
    CORRUPT = "corrupt"
    NO_TEXT = "no_text"
    UNSUPPORTED = "unsupported"
    EMPTY = "empty"
    NOT_FOUND = "not_found"
    TOO_LARGE = "too_large"
    BAD_MANIFEST = "bad_manifest"


class IngestError(Exception):
    """Base class of every ingest error."""


class UnreadableFileError(IngestError):
    """A file that cannot be turned into text, with a machine-readable reason."""

    def __init__(self, source: str, reason: Reason, detail: str = "") -> None:
        super().__init__(f"{source}: {reason.value}{': ' + detail if detail else ''}")
        self.source = source
        self.reason = reason
        self.detail = detail


class ManifestError(IngestError):
    """A manifest.yaml that cannot be read."""

    def __init__(self, path: str, detail: str) -> None:
        super().__init__(f"{path}: {detail}")
        self.path = path
        self.detail = detail
