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


def prepared_summary(passages: int, sentences: int) -> str:
    if passages == 0:
        return f"Every passage was already prepared ({sentences} sentences ready for answers)."
    return f"Prepared {passages} passages: {sentences} sentences ready for answers."


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
TOO_MANY_REQUESTS = "Too many questions from this address in the last minute. Please wait {seconds} s and try again."
API_KEY_REQUIRED = "Changing documents needs the API key: send 'Authorization: Bearer <key>'."
UPLOAD_NO_FILE = "Send the document as multipart form data in a field named 'file'."
UPLOAD_TOO_LARGE = "The file is larger than the {limit} MB upload limit."
UPLOAD_BAD_NAME = "The file needs a name ending in .pdf, .docx, .html, .htm, .txt or .md."
BAD_REQUEST = "The request could not be understood: {problems}"
NOT_FOUND = "Not found."
FILE_MISSING = "The original file of this document is not stored here."
SERVICE_PROBLEM = "Something went wrong on our side. The problem has been logged (without your question)."


# -- Slack and Microsoft Teams --------------------------------------------------------------------
CHANNEL_CHECK_SOURCE = "Drawn from published reviews — check the source. Guidance, not a decision."
CHANNEL_SOURCES = "Sources"
CHANNEL_NEAREST = "Nearest documents"
CHANNEL_YOU_ASKED = "You asked: {question}"
CHANNEL_PROBLEM = "Something went wrong on our side, so there is no answer this time. Please try again in a minute."
CHANNEL_EMPTY_QUESTION = (
    "Ask me about published safeguarding reviews, for example: “What should happen when a bruise is seen on a baby?”"
)
CHANNEL_CUT_SHORT = "(shortened to fit; open the sources for the full text)"
CHANNEL_SHARE = "Share in channel"
CHANNEL_SHARED_BY = "Shared by {user}"
CHANNEL_SHARE_EXPIRED = (
    "This answer can no longer be shared (answers are kept for a short time only). Please ask again."
)
SLACK_NEEDS_TOKENS = (
    "Slack is not configured: set SLACK_BOT_TOKEN and {other} (see the README, “Slack and Microsoft Teams”)."
)
TEAMS_LOCAL_ONLY = (
    "Without CASELEARN_TEAMS_CLIENT_ID this endpoint only accepts local test traffic "
    "(a serviceUrl on this machine). Set the bot's app id to accept Microsoft Teams."
)
SLACK_HELP = (
    "*/caselearn <question>* answers from published safeguarding reviews (only you see it until you share it).\n"
    "*/caselearn refer <situation>* checks which referral or review routes may apply.\n"
    "Mention me in a channel, or message me directly, to ask in a thread."
)
SLACK_HOME = (
    "*caselearn* answers questions from published UK safeguarding case reviews, protocols and briefings, "
    "quoting them word for word with the document and page.\n\n"
    "*What happens to your questions.* A question is used to search the documents and compose the answer, "
    "then kept in memory only for follow-ups in the same thread (for at most an hour). Question text is never "
    "written to disk or to the logs. If you rate an answer, only the rating, an optional reason, a one-way "
    "hash of the question and the cited sources are stored.\n\n"
    "*What it is not.* caselearn gives guidance drawn from published documents; it does not make "
    "safeguarding decisions. Do not include names or other identifying details. "
    "If a child or adult is in immediate danger, call 999."
)
TEAMS_HELP = (
    "Ask me a question about published safeguarding reviews, or type **refer** followed by a description of "
    "the situation (no names) to check which referral or review routes may apply. Answers quote the documents "
    "with their page; they are guidance, not decisions. Questions are kept in memory only, for follow-ups, "
    "and never written to disk or to logs. If anyone is in immediate danger, call 999."
)

# Feedback
FEEDBACK_HELPFUL = "Helpful"
FEEDBACK_NOT_HELPFUL = "Not helpful"
FEEDBACK_REASON_TITLE = "What was wrong?"
FEEDBACK_REASON_PROMPT = "Optional: tell us why, so the answers can be improved. Your question is not stored."
FEEDBACK_REASON_LABEL = "Reason"
FEEDBACK_REASONS: dict[str, str] = {
    "wrong_answer": "The answer was wrong",
    "wrong_source": "The source does not say this",
    "not_relevant": "It is not about my question",
    "incomplete": "Something important is missing",
    "out_of_date": "The guidance is out of date",
    "other": "Something else",
}
FEEDBACK_SEND = "Send"
FEEDBACK_THANKS = "Thank you, your feedback was recorded."
FEEDBACK_QUESTION = "Was this answer helpful?"
FEEDBACK_INVALID = (
    "This feedback could not be matched to an answer from this service. Please ask the question again "
    "and rate the new answer."
)
CANCEL = "Cancel"

# Referral checks
REFERRAL_TITLE = "Referral check"
REFERRAL_SITUATION = "The situation"
REFERRAL_SITUATION_HINT = "Describe ages, concerns and what has happened. Please leave out names."
REFERRAL_CHECK = "Check"
REFERRAL_CHECK_AGAIN = "Check again"
REFERRAL_WORKING = "Checking the referral and review routes…"
REFERRAL_FOLLOW_UPS = "A few answers would make this clearer"
REFERRAL_UNDERSTOOD = "What I understood"
REFERRAL_VERDICTS: dict[str, str] = {
    "likely_meets": "Likely meets the criteria",
    "may_meet": "May meet the criteria",
    "unlikely": "Unlikely to meet the criteria",
    "needs_more_info": "Needs more information",
}
REFERRAL_STATUS: dict[str, str] = {"met": "met", "not_met": "not met", "unknown": "not known yet"}
REFERRAL_FORM = "Form"
REFERRAL_CONTACT = "Contact"
REFERRAL_TIMESCALE = "Timescale"
REFERRAL_WHO_DECIDES = "Who decides"
REFERRAL_NEXT_STEPS = "Next steps"
ANSWER_YES = "Yes"
ANSWER_NO = "No"
ANSWER_NOT_KNOWN = "Not known"

# -- referral checks ----------------------------------------------------------------------------
REFERRAL_NOT_A_DECISION = (
    "This is a suggestion to discuss with your safeguarding lead, not a decision. Whether a review or "
    "notification happens is decided by the responsible body under the local safeguarding process."
)
REFERRAL_CHILD_CAUSED_HARM = (
    "A child who caused serious harm to someone else may be notified; ask whether the child was themselves "
    "abused or neglected."
)
REFERRAL_CDR_ADULT = "The child death review covers people under 18 only."
REFERRAL_NI_GOOD_PRACTICE = (
    "Northern Ireland regulation 17(3): a case showing effective work with outstanding positive learning "
    "may be reviewed."
)
REFERRAL_NI_ADULTS = (
    "caselearn cannot assess adult cases in Northern Ireland: no statutory equivalent of a safeguarding adults "
    "review was found in its sources. Ask your HSC Trust's adult safeguarding team."
)
REFERRAL_NO_ROUTE = (
    "No review or notification route could be matched to this description. Add who was affected, their age, "
    "what happened and where, or speak to your safeguarding lead."
)
UNKNOWN_PARTNERSHIP = "There is no partnership profile called {name!r}. Choose one of: {choices}."
EMPTY_SITUATION = "Please describe the situation."


def referral_safeguarding_first(front_door: str) -> str:
    return (
        "A review referral is not a safeguarding referral. If anyone (including brothers, sisters or other "
        f"residents) may be at risk now, make a safeguarding referral to {front_door} today, or call 999 in an "
        "emergency."
    )


def referral_unknown_fact(name: str) -> str:
    return f"The fact {name!r} is not one caselearn knows, so it was ignored."


def referral_reason_not_met(criteria: list[str]) -> str:
    return "Not met on the facts given: " + ", ".join(criteria) + "."


def referral_reason_unknown(criteria: list[str]) -> str:
    return "Nothing rules this out, but these are not known yet: " + ", ".join(criteria) + "."


def referral_reason_met(verdict: str) -> str:
    if verdict == "may_meet":
        return "The criteria appear to be met, but this route is at the responsible body's discretion."
    return "Every criterion appears to be met on the facts given."


def referral_other_nation(nation: str | None) -> str:
    return f"England's notification applies to incidents in England; this happened in {nation or 'another nation'}."


# -- themes -------------------------------------------------------------------------------------
UNKNOWN_THEME = "There is no theme called {theme!r}. List the themes with: caselearn themes (or GET /themes)."
