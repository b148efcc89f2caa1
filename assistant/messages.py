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

# -- answers ------------------------------------------------------------------------------------
GUIDANCE_NOT_DECISION = (
    "This is guidance drawn from published documents, not a decision. Check the quoted source, and "
    "discuss the case with your safeguarding lead or manager."
)
NOT_ANSWERED = (
    "The indexed documents do not answer this clearly, so I will not guess. The nearest documents are "
    "listed below. For a case-specific question, ask your designated safeguarding lead, your "
    "safeguarding partnership's business unit, or your local safeguarding front door."
)


def not_mentioned(words: list[str]) -> str:
    named = ", ".join(f"“{w}”" for w in words[:3])
    return (
        f"The indexed documents do not mention {named}, so they do not answer this. The nearest "
        "documents are listed below. For a case-specific question, ask your designated safeguarding lead, "
        "your safeguarding partnership's business unit, or your local safeguarding front door."
    )


NO_DOCUMENTS_TO_ANSWER = "No documents are indexed yet, so there is nothing to answer from."
LLM_FALLBACK = "The language model was unavailable, so this answer is quoted directly from the documents."
EMPTY_QUESTION = "Please type a question."
QUESTION_TOO_LONG = "That question is too long ({length} characters); please keep it under {limit} characters."


def emergency(front_door: str, phone: str | None, out_of_hours: str | None) -> str:
    text = "If anyone is in immediate danger, call 999 now (police, ambulance). "
    text += f"If a child or adult may be at risk of harm, make a safeguarding referral today to {front_door}"
    text += f" ({phone})" if phone else ""
    text += f"; out of hours: {out_of_hours}" if out_of_hours else ""
    return text + ". Do not wait for an answer from caselearn."


# -- HTTP service -------------------------------------------------------------------------------
API_KEY_REQUIRED = "Changing documents needs the API key: send 'Authorization: Bearer <key>'."
UPLOAD_NO_FILE = "Send the document as multipart form data in a field named 'file'."
UPLOAD_TOO_LARGE = "The file is larger than the {limit} MB upload limit."
UPLOAD_BAD_NAME = "The file needs a name ending in .pdf, .docx, .html, .htm, .txt or .md."
BAD_REQUEST = "The request could not be understood: {problems}"
NOT_FOUND = "Not found."
FILE_MISSING = "The original file of this document is not stored here."
SERVICE_PROBLEM = "Something went wrong on our side. The problem has been logged (without your question)."
