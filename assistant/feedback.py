"""Helpful / not helpful ratings from every channel, kept in SQLite for the evaluation harness.

Question text is never stored unless the deployer sets ``CASELEARN_FEEDBACK_STORE_TEXT``: each rating
keeps a keyed hash of the question (HMAC-SHA256 with a random key held in the same database), so
repeated ratings of one question can be grouped without the text being recoverable from the hash
by guessing common questions elsewhere.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, cast

from assistant.models import Answer

Rating = Literal["helpful", "not_helpful"]
RATINGS: tuple[Rating, ...] = ("helpful", "not_helpful")
# Reason codes offered with a "not helpful" rating; their wording is in ``messages.FEEDBACK_REASONS``.
REASONS: tuple[str, ...] = ("wrong_answer", "wrong_source", "not_relevant", "incomplete", "out_of_date", "other")
FILE_NAME = "feedback.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    channel TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('helpful', 'not_helpful')),
    reason TEXT,
    question_hash TEXT NOT NULL,
    question TEXT,
    answered INTEGER NOT NULL,
    sources TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_question ON feedback (question_hash);
"""


@dataclass(frozen=True)
class FeedbackContext:
    """What a rating is about: the question's hash and the cited sources (file name and page)."""

    question_hash: str
    sources: tuple[str, ...] = ()
    answered: bool = True
    question: str | None = field(default=None, repr=False)

    def encode(self, limit: int = 1500) -> str:
        """A compact string for a button value (never the question text)."""
        sources = list(self.sources)
        while True:
            text = json.dumps({"h": self.question_hash, "s": sources, "a": int(self.answered)}, separators=(",", ":"))
            if len(text) <= limit or not sources:
                return text
            sources.pop()

    @classmethod
    def decode(cls, text: str) -> FeedbackContext | None:
        try:
            data = json.loads(text)
            sources = tuple(str(s) for s in data.get("s", []))[:20]
            return cls(str(data["h"])[:64], sources, bool(data.get("a", 1)))
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


@dataclass(frozen=True)
class FeedbackRecord:
    id: int
    created_at: str
    channel: str
    rating: Rating
    reason: str | None
    question_hash: str
    question: str | None
    answered: bool
    sources: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["sources"] = list(self.sources)
        return data


def source_key(source: str, page: int | None) -> str:
    return f"{source}#p{page}" if page else source


def normalise_question(question: str) -> str:
    return " ".join(question.casefold().split())


class FeedbackStore:
    """``feedback.sqlite3`` under the data directory; safe to use from several threads."""

    def __init__(self, path: Path, *, store_text: bool = False) -> None:
        self.path = path
        self.store_text = store_text
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.executescript(_SCHEMA)
            db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('hash_key', ?)", (secrets.token_hex(32),))
            row = db.execute("SELECT value FROM meta WHERE key = 'hash_key'").fetchone()
        self._key = bytes.fromhex(row[0])

    @classmethod
    def in_data_dir(cls, data_dir: Path, *, store_text: bool = False) -> FeedbackStore:
        return cls(data_dir / FILE_NAME, store_text=store_text)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            db = sqlite3.connect(self.path, timeout=10)
            try:
                with db:
                    yield db
            finally:
                db.close()

    def question_hash(self, question: str) -> str:
        digest = hmac.new(self._key, normalise_question(question).encode("utf-8"), hashlib.sha256)
        return digest.hexdigest()[:32]

    def context_for(self, question: str, answer: Answer) -> FeedbackContext:
        sources = tuple(dict.fromkeys(source_key(c.source, c.page) for c in answer.citations))
        if not answer.answered:
            sources = tuple(dict.fromkeys(source_key(s.source, s.page) for s in answer.nearest))
        return FeedbackContext(
            self.question_hash(question), sources, answer.answered, question if self.store_text else None
        )

    def token(self, context: FeedbackContext) -> str:
        """A signed, text-free token for a rating later (the web page and HTTP clients send it back).

        It carries the question's keyed hash, the cited sources and whether it answered; the
        signature stops a client rating sources that were never cited.
        """
        payload = base64.urlsafe_b64encode(context.encode().encode("utf-8")).decode("ascii").rstrip("=")
        return f"{payload}.{self._sign(payload)}"

    def context_from_token(self, token: str) -> FeedbackContext | None:
        """The context a token was made for, or ``None`` when it is damaged or was not made here."""
        payload, _, signature = token.partition(".")
        # compare_digest refuses str with non-ASCII characters: compare the bytes (a damaged token is not ours).
        if not payload or not hmac.compare_digest(signature.encode("utf-8"), self._sign(payload).encode("utf-8")):
            return None
        try:
            text = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return None
        return FeedbackContext.decode(text)

    def _sign(self, payload: str) -> str:
        return hmac.new(self._key, b"token:" + payload.encode("ascii", "replace"), hashlib.sha256).hexdigest()[:32]

    def record(self, channel: str, rating: str, context: FeedbackContext, reason: str | None = None) -> int:
        """Store one rating; returns its id (to add a reason later)."""
        if rating not in RATINGS:
            raise ValueError(f"rating must be one of {RATINGS}")
        if reason is not None and reason not in REASONS:
            raise ValueError(f"reason must be one of {REASONS}")
        question = context.question if self.store_text else None
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO feedback (created_at, channel, rating, reason, question_hash, question, answered, sources)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    channel[:32],
                    rating,
                    reason,
                    context.question_hash,
                    question,
                    int(context.answered),
                    json.dumps(list(context.sources)),
                ),
            )
            return int(cursor.lastrowid or 0)

    def set_reason(self, feedback_id: int, reason: str | None) -> bool:
        if reason is not None and reason not in REASONS:
            raise ValueError(f"reason must be one of {REASONS}")
        with self._connect() as db:
            return db.execute("UPDATE feedback SET reason = ? WHERE id = ?", (reason, feedback_id)).rowcount == 1

    def records(self) -> list[FeedbackRecord]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, created_at, channel, rating, reason, question_hash, question, answered, sources"
                " FROM feedback ORDER BY id"
            ).fetchall()
        return [
            FeedbackRecord(r[0], r[1], r[2], cast(Rating, r[3]), r[4], r[5], r[6], bool(r[7]), tuple(json.loads(r[8])))
            for r in rows
        ]

    def export_candidates(self) -> list[dict[str, Any]]:
        """One evaluation candidate per distinct question, most disliked first.

        Each has the fields of an evaluation question line (``id``, ``question`` when stored, ``doc``:
        the most cited source file) plus the ratings: ``helpful``, ``not_helpful``, ``reasons``
        (code -> count), ``sources``, ``channels`` and ``expect``: ``"answer"`` when people found the
        answer helpful, ``"review"`` when they did not (a candidate for a missed answer or an
        answer that should have abstained).
        """
        groups: dict[str, dict[str, Any]] = {}
        for rec in self.records():
            g = groups.setdefault(
                rec.question_hash,
                {
                    "id": f"fb-{rec.question_hash[:12]}",
                    "question": None,
                    "question_hash": rec.question_hash,
                    "helpful": 0,
                    "not_helpful": 0,
                    "reasons": {},
                    "answered": rec.answered,
                    "sources": {},
                    "channels": [],
                    "last_rated": rec.created_at,
                },
            )
            g[rec.rating] += 1
            if rec.reason:
                g["reasons"][rec.reason] = g["reasons"].get(rec.reason, 0) + 1
            if rec.question:
                g["question"] = rec.question
            for source in rec.sources:
                g["sources"][source] = g["sources"].get(source, 0) + 1
            if rec.channel not in g["channels"]:
                g["channels"].append(rec.channel)
            g["answered"], g["last_rated"] = rec.answered, rec.created_at
        out = []
        for g in groups.values():
            counts: dict[str, int] = {}
            for key, n in g["sources"].items():
                file_name = key.split("#p")[0]
                counts[file_name] = counts.get(file_name, 0) + n
            g["doc"] = max(counts, key=lambda k: counts[k]) if counts else None
            g["sources"] = list(g["sources"])
            g["expect"] = "answer" if g["helpful"] > g["not_helpful"] else "review"
            out.append(g)
        out.sort(key=lambda g: (g["helpful"] - g["not_helpful"], g["last_rated"]))
        return out
