"""Every sentence caselearn shows a user about errors and safeguarding, in one place for review.

Tone: plain, calm and specific; say what happened and what the person can do next.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.models import DocumentInfo, FileResult
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


def _passages(n: int) -> str:
    return f"{n} passage" + ("" if n == 1 else "s")


def removed_document(source: str, passages: int) -> str:
    return f"Removed {source} ({_passages(passages)})."


def exported_archive(documents: int, passages: int, archive: object) -> str:
    return f"Exported {documents} documents and {_passages(passages)} to {archive}."


def imported_archive(documents: int, passages: int) -> str:
    return f"Imported {documents} documents and {_passages(passages)}."


def retagged(labels: int, themes: int) -> str:
    return f"Re-tagged: {labels} theme labels on passages across {themes} themes."


def serving_at(host: str, port: int) -> str:
    return f"caselearn is serving on http://{host}:{port}/ (API docs at /docs)"


SLACK_SOCKET_CONNECTING = "caselearn is connecting to Slack in Socket Mode; press Ctrl+C to stop."


def ingest_summary(
    added: int,
    updated: int,
    unchanged: int,
    failed: int,
    skipped: int,
    duplicates: int = 0,
    older: int = 0,
    replaced: int = 0,
) -> str:
    parts = [f"{added} added", f"{updated} updated", f"{unchanged} unchanged"]
    if duplicates:
        parts.append(f"{duplicates} already in the library")
    if older:
        parts.append(f"{older} older {_plural(older, 'version')} not added")
    if replaced:
        parts.append(f"{replaced} older {_plural(replaced, 'version')} replaced")
    if skipped:
        parts.append(f"{skipped} skipped")
    parts.append(f"{failed} failed")
    return "Ingest finished: " + ", ".join(parts) + "."


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"


def _dated(name: str, year: int | None) -> str:
    return f"{name} ({year})" if year else name


def _names(docs: Sequence[DocumentInfo]) -> str:
    named = [_dated(d.source, d.year) for d in docs]
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]


OCR_HOW_TO = "install Tesseract (on Debian: apt-get install tesseract-ocr tesseract-ocr-eng, or `make ocr`)"


def _pages(pages: Sequence[int]) -> str:
    named = [str(p) for p in pages]
    listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    return f"{_plural(len(named), 'page')} {listed}"


def ingest_note(name: str, result: FileResult | None) -> str | None:
    """The plain note for a file: a copy, a version, or pages read by OCR or left unread."""
    if result is None:
        return None
    notes = [n for n in (_version_note(name, result),) if n]
    if result.unread_pages:
        notes.append(
            f"{name}: {_pages(result.unread_pages)} {'is a' if len(result.unread_pages) == 1 else 'are'} scanned"
            f" image{'s' if len(result.unread_pages) > 1 else ''} with no text and could not be read;"
            f" to read scanned pages, {OCR_HOW_TO}, then ingest the file again."
        )
    if result.ocr_pages:
        one = len(result.ocr_pages) == 1
        notes.append(
            f"{name}: {_pages(result.ocr_pages)} {'was' if one else 'were'} scanned and read by OCR;"
            f" check quotes from {'it' if one else 'them'} against the original."
        )
    return " ".join(notes) or None


def _version_note(name: str, result: FileResult) -> str | None:
    if result.status == "duplicate" and result.same_as is not None:
        same = "is the same file as" if result.same_file else "has the same text as"
        return f"{name} {same} {result.same_as.source}, already in the library; it was not added again."
    if result.status == "older_version" and result.newer is not None:
        return (
            f"{_dated(name, result.year)} is an older version of {_dated(result.newer.source, result.newer.year)},"
            " which is already in the library; it was not added, because the library keeps only the newest version."
        )
    if result.replaced:
        versions = _plural(len(result.replaced), "version")
        return (
            f"{_dated(name, result.year)} is a newer version of {_names(result.replaced)}; the older {versions}"
            f" {'was' if len(result.replaced) == 1 else 'were'} removed from search and answers."
        )
    if result.newer is not None:
        return (
            f"{_dated(name, result.year)} is an older version of {_dated(result.newer.source, result.newer.year)};"
            " both are kept and searched, and the list of documents shows which is newer."
        )
    if result.kept_older:
        return (
            f"{_dated(name, result.year)} is a newer version of {_names(result.kept_older)}; both are kept and"
            " searched, and the list of documents shows which is newer."
        )
    return None


def newer_version_note(newer: str | None, older: Sequence[str]) -> str:
    """The versions column of the document list."""
    if newer:
        return f"older; newer version: {newer}"
    if older:
        return "newest; older: " + ", ".join(older)
    return ""


NO_DOCUMENTS = "No documents are indexed yet. Add some with: caselearn ingest PATH"
NO_RESULTS = "No passages matched. Try other words, or remove filters."
DOCUMENT_NOT_FOUND = "No indexed document has the id or file name {key!r}. List them with: caselearn docs"
INDEX_MISMATCH = (
    "This data directory was built with the embedding model {built!r}, but {configured!r} is configured. "
    "Use the same model, or choose a new CASELEARN_DATA_DIR and ingest again."
)
STORE_UNAVAILABLE = "The vector store at {where} cannot be reached: {detail}. Check CASELEARN_CHROMA_URL."
MODEL_UNAVAILABLE = "The embedding model {model!r} could not be loaded: {detail}"
BACKUP = {
    "not_empty": "This data directory already has documents. Import a backup into an empty one.",
    "format": "{archive} was written by another version of caselearn (backup format {detail}) and cannot be read.",
    "unreadable": "{archive} is not a caselearn backup, or it is damaged.",
}
VECTOR_READ = "The passage store could not be read just now. Try again; if it keeps happening, restart caselearn."
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


_WANTED = {
    "contact": "the phone number, address or website asked for",
    "time": "the time or timescale asked for",
    "number": "the figure asked for",
}


def not_stated(kind: str) -> str:
    """The documents found talk around the question but do not give what it asks for."""
    wanted = _WANTED.get(kind, "the answer asked for")
    return (
        f"The passages found do not give {wanted}, so I will not guess. The nearest documents "
        "are listed below. For a case-specific question, ask your designated safeguarding lead, your "
        "safeguarding partnership's business unit, or your local safeguarding front door."
    )


def not_mentioned(words: list[str]) -> str:
    named = ", ".join(f"“{w}”" for w in words[:3])
    return (
        f"The indexed documents do not mention {named}, so they do not answer this. The nearest "
        "documents are listed below. For a case-specific question, ask your designated safeguarding lead, "
        "your safeguarding partnership's business unit, or your local safeguarding front door."
    )


UNCERTAIN_ANSWER = (
    "I am not sure these passages answer your question: check the quotes against the sources before you rely on them."
)
# -- the citation viewer (a stored original opened at the quote) ------------------------------------
VIEWER = {
    "quoted": "Quoted:",
    "not_found": (
        "The quoted words could not be found on this page of the original; the quote may run on from the "
        "page before or onto the next one."
    ),
    "original": "Open the original file",
    "published": "Where it was published",
    "pages": "Pages",
    "page": "Page {page} of {pages}",
    "previous": "Previous page",
    "next": "Next page",
    "not_a_pdf": "This document is not a PDF, so it has no page images.",
    "no_such_page": "The document has no such page.",
}
NO_DOCUMENTS_TO_ANSWER = "No documents are indexed yet, so there is nothing to answer from."
LLM_FALLBACK = "The language model was unavailable, so this answer is quoted directly from the documents."
EMPTY_QUESTION = "Please type a question."
QUESTION_TOO_LONG = "That question is too long ({length} characters); please keep it under {limit} characters."
SITUATION_TOO_LONG = (
    "That description is too long ({length} characters); please keep it under {limit} characters,"
    " with the facts that matter for the referral."
)


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
REFERRAL_SCOT_NOT_ASP = (
    "The adult was not under adult support and protection processes, but the guidance also allows a learning "
    "review where another inquiry, review or court process gives reasonable cause for concern about how services "
    "worked together. That part of the guidance could not be fully checked against an official copy."
)
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
REFERRAL_RISK_GIVEN = "you said someone may be at risk now"
UNKNOWN_PARTNERSHIP = "There is no partnership profile called {name!r}. Choose one of: {choices}."
EMPTY_SITUATION = "Please describe the situation."


def referral_safeguarding_first(front_door: str) -> str:
    return (
        "A review referral is not a safeguarding referral. If anyone (including brothers, sisters or other "
        f"residents) may be at risk now, make a safeguarding referral to {front_door} today, or call 999 in an "
        "emergency."
    )


def referral_unknown_fact(name: str) -> str:
    return (
        f"One of the answers sent ({name.replace('_', ' ')}) is not something the check asks about, so it was left out."
    )


def referral_reason_not_met(criteria: list[str]) -> str:
    """``criteria`` are the plain statements of the criteria the description rules out."""
    return "Unlikely, because the description rules this out: " + " ".join(_sentence(c) for c in criteria)


def referral_reason_unknown(criteria: list[str]) -> str:
    return "Nothing rules this out, but it is not known yet whether: " + " ".join(_sentence(c) for c in criteria)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else f"{text}."


REFERRAL_GIVEN = "you said so"
REFERRAL_WHERE_IT_HAPPENED = (
    "This could apply, depending on where it happened and where the person lives: the description names "
    "places in more than one UK nation. Check which nation's process applies."
)
REFERRAL_WHO_IT_HAPPENED_TO = (
    "This could apply, depending on who each part of the description is about. Check the facts shown for "
    "each person and correct any that belong to someone else."
)
REFERRAL_FACT_LABELS: dict[str, str] = {
    "subject_age": "Age",
    "died": "Has died",
    "death_type": "How they died",
    "serious_harm": "Seriously harmed (long-term, permanent or life-threatening)",
    "near_miss": "A near miss (death or serious harm narrowly avoided)",
    "abuse_or_neglect": "Abuse or neglect known or suspected",
    "domestic_abuse_history": "Domestic abuse or coercive control by a partner or family member",
    "relationship_to_perpetrator": "Who is thought responsible",
    "adult_with_care_and_support_needs": "An adult with needs for care and support",
    "learning_disability": "Has a learning disability",
    "autistic_diagnosis": "Has an autism diagnosis",
    "looked_after": "Was in care (looked after) at the time",
    "care_leaver": "Is a care leaver",
    "on_child_protection_register": "On a child protection plan or register, now or before",
    "concern_agencies_could_have_worked_better": "Concern about how agencies worked together",
    "nation": "Where it happened",
    "subject_to_asp_processes": "Under adult support and protection processes (Scotland)",
    "la_protective_action_within_6_months": "The council took protective action in the six months before (Wales)",
}
REFERRAL_FACT_CHOICES: dict[str, dict[str, str]] = {
    "death_type": {
        "homicide": "killed by someone",
        "suicide": "suicide",
        "accident": "an accident",
        "natural_expected": "an expected death from illness",
        "natural_unexpected": "a sudden death from illness",
        "sudi_unexplained": "a sudden, unexplained death",
    },
    "relationship_to_perpetrator": {
        "intimate_partner_current": "a partner",
        "intimate_partner_former": "a former partner",
        "relative": "a relative",
        "household_member": "someone in the same household",
        "other_known": "someone else they knew",
        "stranger": "a stranger",
    },
    "nation": {
        "england": "England",
        "wales": "Wales",
        "scotland": "Scotland",
        "northern_ireland": "Northern Ireland",
    },
}
REFERRAL_HAPPENED: dict[str, str] = {
    "died": "died",
    "serious_harm": "seriously harmed",
    "near_miss": "a near miss",
    "abuse_or_neglect": "abuse or neglect suspected",
    "domestic_abuse_history": "domestic abuse",
}
REFERRAL_VERDICT_WORDS: dict[str, str] = {
    "likely_meets": "likely",
    "may_meet": "may apply",
    "needs_more_info": "needs more information",
    "unlikely": "unlikely",
}
REFERRAL_PERPETRATOR = "thought to be responsible; the routes are considered for the people harmed"
REFERRAL_NOTHING_APPLIES = (
    "Nothing in this description points to a review or notification route. "
    "If something has been left out (a death, serious harm, abuse or neglect), add it and check again."
)
REFERRAL_DANGER_BECAUSE = "Someone may be at risk now: “{words}”."


def referral_value(fact: str, value: object) -> str:
    if value is None:
        return ANSWER_NOT_KNOWN.lower()
    if isinstance(value, bool):
        return ANSWER_YES.lower() if value else ANSWER_NO.lower()
    if fact == "subject_age" and isinstance(value, int):
        return "under one" if value == 0 else str(value)
    return REFERRAL_FACT_CHOICES.get(fact, {}).get(str(value), str(value).replace("_", " "))


def referral_headline(likely: list[str], may: list[str], open_routes: list[str]) -> str:
    """Verdict first: what is likely, what may apply, what needs more information."""
    parts = []
    if likely:
        parts.append("Likely: " + "; ".join(likely) + ".")
    if may:
        parts.append("May apply: " + "; ".join(may) + ".")
    if open_routes:
        parts.append("Needs more information: " + "; ".join(open_routes) + ".")
    return " ".join(parts) if parts else REFERRAL_NOTHING_APPLIES


def referral_person_line(label: str, role: str, happened: list[str], routes: Sequence[object]) -> str:
    """ "The 12-year-old: died (killed by someone). Likely: child death review." """
    head = label[0].upper() + label[1:] if label else "The person"
    if role == "perpetrator":
        what = ", ".join(happened)
        return f"{head}: {REFERRAL_PERPETRATOR}" + (f"; {what}." if what else ".")
    text = f"{head}: " + (", ".join(happened) if happened else "nothing decisive read yet") + "."
    by_verdict: dict[str, list[str]] = {}
    for route in routes:
        verdict = getattr(route, "verdict", "")
        if verdict != "unlikely":
            by_verdict.setdefault(verdict, []).append(str(getattr(route, "name", "")))
    for verdict in ("likely_meets", "may_meet", "needs_more_info"):
        if verdict in by_verdict:
            text += f" {REFERRAL_VERDICT_WORDS[verdict].capitalize()}: " + "; ".join(by_verdict[verdict]) + "."
    return text


def referral_reason_met(verdict: str) -> str:
    if verdict == "may_meet":
        return "The criteria appear to be met, but this route is at the responsible body's discretion."
    return "Every criterion appears to be met on the facts given."


def referral_other_nation(nation: str | None) -> str:
    return f"England's notification applies to incidents in England; this happened in {nation or 'another nation'}."


# Referral checks in the web page, Slack, Teams and the command line: the facts read, ready to correct.
REFERRAL_FACTS_READ = "What was read, person by person"
REFERRAL_FACTS_HINT = "Correct anything that is wrong, or answer what is not known, then check again."
REFERRAL_ROUTE_DETAILS = "Route details"
REFERRAL_WHAT_IT_NEEDS = "What it needs"
REFERRAL_UNVERIFIED = "not confirmed from the published sources"
REFERRAL_READY = "The check is ready."
REFERRAL_UNREACHABLE = "The service could not be reached. Please try again."
REFERRAL_SAID_SO = "You said so."
REFERRAL_ASK_INTRO = "A few questions to sharpen this (press Enter, or type “not sure”, for anything you do not know):"
REFERRAL_PROMPT_YES_NO = "yes or no; Enter if not known"
REFERRAL_PROMPT_AGE = "age in years; Enter if not known"
REFERRAL_PROMPT_CHOICE = "a number from the list; Enter if not known"
REFERRAL_ANSWER_YES_NO = "Please answer yes or no, or press Enter if you do not know."
REFERRAL_ANSWER_AGE = "Please give the age in years (a whole number), or press Enter if you do not know."
REFERRAL_ANSWER_CHOICE = "Please type one of the numbers listed, or press Enter if you do not know."
REFERRAL_AFTER_ANSWERS = "After your answers"
REFERRAL_NOTHING_CHANGED = "Your answers did not change any verdict."
REFERRAL_NO_QUESTIONS = "Nothing more to ask: every fact that decides a route is known."


def referral_read_from(words: str) -> str:
    return f"read from: “{words}”"


_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "my", "our", "your", "this", "that"})


def _the(label: str) -> str:
    """ "12-year-old" -> "the 12-year-old"; "his partner" stays as it is."""
    first = label.split(" ", 1)[0].lower()
    return label if first in _DETERMINERS else f"the {label}"


def referral_about(person: str) -> str:
    """ "About the 12-year-old" (an empty label means the main person)."""
    return f"About {_the(person)}" if person else "About the person"


def referral_question_about(person: str, question: str) -> str:
    return f"{referral_about(person)}: {question}" if person else question


def referral_fact_line(label: str, value_text: str) -> str:
    return f"{label}: {value_text}"


def referral_route_for(person: str, reason: str) -> str:
    """ "For the 12-year-old: every criterion appears to be met…" (the reason alone without a person)."""
    if not person:
        return reason
    if not reason:
        return f"For {_the(person)}."
    return f"For {_the(person)}: {reason[0].lower()}{reason[1:]}"


_CHAPTER_NAME = re.compile(r"^(chapter|part|appendix|annex|annexe|schedule)\s+(\S+)", re.I)


def cited_place(
    page: int | None, page_label: str | None, paragraph: str | None, ocr: bool, chapter: str | None = None
) -> str | None:
    """Where a quote is: "chapter 3, paragraph 148, p. 76", "p. 57 (printed page 56)", "p. 12, read from a scan"."""
    parts = []
    named = _CHAPTER_NAME.match(chapter or "")
    if named:
        parts.append(f"{named.group(1).lower()} {named.group(2).rstrip(':.')}")
    if paragraph:
        parts.append(f"paragraph {paragraph}")
    if page:
        parts.append(f"p. {page}" + (f" (printed page {page_label})" if page_label else ""))
    if ocr:
        parts.append("read from a scanned page, check the wording against the original")
    return ", ".join(parts) or None


def referral_in_your_documents(title: str, page: int | None) -> str:
    return f"In your documents: {title}" + (f", p. {page}" if page else "")


def referral_verdict_change(name: str, before: str | None, after: str | None) -> str:
    """ "Rapid review: needs more information → likely" (``None``: the route was not suggested)."""
    old = REFERRAL_VERDICT_WORDS.get(before or "", "not suggested")
    new = REFERRAL_VERDICT_WORDS.get(after or "", "not suggested")
    return f"{name}: {old} → {new}"


# -- themes -------------------------------------------------------------------------------------
UNKNOWN_THEME = "There is no theme called {theme!r}. List the themes with: caselearn themes (or GET /themes)."


DOCUMENT_KINDS = {
    "case_review": "case review",
    "annual_report": "annual report",
    "briefing": "briefing",
    "training": "training material",
    "local_guidance": "local guidance",
    "guidance": "guidance",
}


def document_kind(kind: str | None) -> str:
    """A document's kind in plain words ("local guidance", not its stored name)."""
    return DOCUMENT_KINDS.get(kind or "", (kind or "").replace("_", " "))


def library_warnings_logged(count: int, path: object) -> str:
    """After an ingest whose file readers warned (a damaged cross-reference table, say)."""
    noun = "warning" if count == 1 else "warnings"
    return f"The file readers gave {count} {noun} (usually harmless); they are in {path}."
