"""Every sentence caselearn shows a user about errors and safeguarding, in one place for review.

Tone: plain, calm and specific; say what happened and what the person can do next.
"""

from __future__ import annotations

from ingest import Reason

INGEST_REASONS: dict[Reason, str] = {
    Reason.ENCRYPTED: "the PDF is password-protected (encrypted); save an unprotected copy and try again",
    Reason.CORRUPT: "the file is damaged, truncated or not really the type its name says",
    Reason.NO_TEXT: "no text could be read: it is probably a scanned document and needs OCR first",
    Reason.UNSUPPORTED: "this file type is not supported (use PDF, Word .docx, HTML, text or Markdown)",
    Reason.EMPTY: "the file is empty",
    Reason.NOT_FOUND: "the file could not be found or opened",
    Reason.TOO_LARGE: "the file is larger than the upload limit",
    Reason.BAD_MANIFEST: "manifest.yaml could not be read; files in this folder use inferred metadata",
}


def ingest_failure(name: str, reason: Reason | None, detail: str = "") -> str:
    text = INGEST_REASONS.get(reason, "the file could not be read") if reason else "the file could not be read"
    return f"{name}: {text}" + (f" ({detail})" if detail and reason == Reason.UNSUPPORTED else "")


def ingest_summary(added: int, updated: int, unchanged: int, failed: int, skipped: int) -> str:
    parts = [f"{added} added", f"{updated} updated", f"{unchanged} unchanged"]
    if skipped:
        parts.append(f"{skipped} skipped")
    parts.append(f"{failed} failed")
    return "Ingest finished: " + ", ".join(parts) + "."


NO_DOCUMENTS = "No documents are indexed yet. Add some with: caselearn ingest PATH"
NO_RESULTS = "No passages matched. Try other words, or remove filters."
DOCUMENT_NOT_FOUND = "No indexed document has the id or file name {key!r}. List them with: caselearn docs"
INDEX_MISMATCH = (
    "This data directory was built with the embedding model {built!r}, but {configured!r} is configured. "
    "Use the same model, or choose a new CASELEARN_DATA_DIR and ingest again."
)
STORE_UNAVAILABLE = "The vector store at {where} cannot be reached: {detail}. Check CASELEARN_CHROMA_URL."
MODEL_UNAVAILABLE = "The embedding model {model!r} could not be loaded: {detail}"
BAD_QUESTIONS_FILE = "{path}, line {line}: {problem}"
