"""The SQLite catalog: the source of truth for which documents and passages are visible.

Vectors (Chroma) and the keyword index (bm25s) are derived from it. A document version becomes
visible in one SQLite transaction, after its vectors are stored; vectors of versions that never
committed are listed in ``pending`` and cleared when the index recovers (:meth:`CaseIndex.recover`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from index.models import DocumentInfo, Filters, IndexStats, StoredPassage
from index.sqlite import ThreadConnections
from ingest import Chunk, Document, DocumentMeta

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    format TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    title TEXT, publisher TEXT, kind TEXT, review_type TEXT, nation TEXT, year INTEGER, url TEXT,
    meta TEXT NOT NULL,
    page_count INTEGER,
    chunk_count INTEGER NOT NULL,
    file_name TEXT,
    ingested_at TEXT NOT NULL,
    signature BLOB,
    page_labels TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    text TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    page_start INTEGER,
    page_end INTEGER,
    section TEXT,
    page_breaks TEXT NOT NULL,
    themes TEXT NOT NULL DEFAULT '[]',
    paragraphs TEXT NOT NULL DEFAULT '[]',
    ocr_pages TEXT NOT NULL DEFAULT '[]',
    chapter TEXT
);
CREATE INDEX IF NOT EXISTS chunks_by_document ON chunks(document_id, ordinal);
CREATE TABLE IF NOT EXISTS pending (vector_id TEXT PRIMARY KEY, document_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS documents_by_content ON documents(content_hash);
CREATE TABLE IF NOT EXISTS not_added (
    source TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    status TEXT NOT NULL,
    same_file INTEGER NOT NULL,
    other_id TEXT NOT NULL,
    other_fingerprint TEXT NOT NULL,
    year INTEGER
);
"""

# Columns added after the first release: an older catalog (or an imported backup of one) gains them.
_ADDED_COLUMNS = {
    "documents": (("signature", "BLOB"), ("page_labels", "TEXT NOT NULL DEFAULT '[]'")),
    "chunks": (
        ("paragraphs", "TEXT NOT NULL DEFAULT '[]'"),
        ("ocr_pages", "TEXT NOT NULL DEFAULT '[]'"),
        ("chapter", "TEXT"),
    ),
}

_DOC_COLUMNS = (
    "id, source, format, title, review_type, publisher, nation, year, kind, url, chunk_count, page_count,"
    " ingested_at, file_name"
)


class Catalog:
    """Documents and chunks in SQLite (WAL mode, safe for several processes)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._connections = ThreadConnections(path, foreign_keys=True)
        self._own_generations: set[int] = set()  # generations this object's writes made
        self.ensure_schema()

    def ensure_schema(self) -> None:
        """Create missing tables and columns (a catalog from an earlier release, or just imported)."""
        conn = self._conn
        for table, columns in _ADDED_COLUMNS.items():
            exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (table,)).fetchone()
            have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")} if exists else set()
            for name, kind in columns:
                if exists and name not in have:
                    conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")
        conn.executescript(_SCHEMA)

    @property
    def _conn(self) -> sqlite3.Connection:
        return self._connections.get()

    def close(self) -> None:
        self._connections.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    # -- state ---------------------------------------------------------------------------------
    def generation(self) -> int:
        row = self._conn.execute("SELECT value FROM state WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    def _bump(self, conn: sqlite3.Connection) -> None:
        conn.execute(
            "INSERT INTO state(key, value) VALUES('generation', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )
        row = conn.execute("SELECT value FROM state WHERE key='generation'").fetchone()
        self._own_generations.add(int(row[0]))

    def changed_elsewhere(self, since: int, now: int) -> bool:
        """Whether a generation after ``since`` up to ``now`` was made by another catalog object
        (another process, or another index object in this one): every write bumps the generation
        under the write lock, so each number is made by one writer). A generation that went back
        (a catalog restored from a backup) counts as changed elsewhere."""
        return now < since or any(g not in self._own_generations for g in range(since + 1, now + 1))

    def bump_generation(self) -> None:
        with self._tx() as conn:
            self._bump(conn)

    def get_state(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM state WHERE key=?", (key,)).fetchone()
        return str(row[0]) if row else None

    def set_state(self, key: str, value: str) -> None:
        self._conn.execute(
            "INSERT INTO state(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            (key, value),
        )

    # -- writes --------------------------------------------------------------------------------
    def mark_pending(self, document_id: str, vector_ids: Sequence[str]) -> None:
        """Record vectors about to be written, so a crash before commit can be cleaned up."""
        with self._tx() as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO pending(vector_id, document_id) VALUES(?, ?)",
                [(vid, document_id) for vid in vector_ids],
            )

    def commit_document(
        self,
        doc: Document,
        chunks: Sequence[Chunk],
        fingerprint: str,
        file_name: str | None,
        themes: Sequence[Sequence[str]] | None = None,
        signature: bytes | None = None,
        replaces: Sequence[str] = (),
    ) -> list[str]:
        """Make a document version visible, replacing any previous one, in one transaction.

        ``replaces`` names other documents (older versions) removed in the same transaction.

        Returns:
            The chunk ids of the replaced versions whose vectors can now be deleted.
        """
        meta = doc.meta
        now = datetime.now(UTC).isoformat(timespec="seconds")
        new_ids = {c.id for c in chunks}
        with self._tx() as conn:
            old: list[str] = []
            for gone in (doc.id, *replaces):
                old.extend(r[0] for r in conn.execute("SELECT id FROM chunks WHERE document_id=?", (gone,)))
                conn.execute("DELETE FROM chunks WHERE document_id=?", (gone,))
                conn.execute("DELETE FROM documents WHERE id=?", (gone,))
            conn.execute("DELETE FROM not_added WHERE source=?", (doc.source,))
            conn.execute(
                "INSERT INTO documents(id, source, format, fingerprint, content_hash, title, publisher, kind,"
                " review_type, nation, year, url, meta, page_count, chunk_count, file_name, ingested_at, signature,"
                " page_labels) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    doc.id,
                    doc.source,
                    doc.format,
                    fingerprint,
                    doc.content_hash,
                    meta.title,
                    meta.publisher,
                    meta.kind,
                    meta.review_type,
                    meta.nation,
                    meta.year,
                    meta.url,
                    json.dumps(meta.as_dict()),
                    doc.page_count,
                    len(chunks),
                    file_name,
                    now,
                    signature,
                    json.dumps(list(doc.page_labels)),
                ),
            )
            conn.executemany(
                "INSERT INTO chunks(id, document_id, ordinal, text, char_start, char_end, page_start, page_end,"
                " section, page_breaks, themes, paragraphs, ocr_pages, chapter) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        c.id,
                        doc.id,
                        c.ordinal,
                        c.text,
                        c.char_start,
                        c.char_end,
                        c.page_start,
                        c.page_end,
                        c.section,
                        json.dumps(c.page_breaks),
                        json.dumps(list(themes[i]) if themes else []),
                        json.dumps(c.paragraphs),
                        json.dumps(c.ocr_pages),
                        c.chapter,
                    )
                    for i, c in enumerate(chunks)
                ],
            )
            conn.execute(
                "DELETE FROM pending WHERE vector_id IN (SELECT id FROM chunks WHERE document_id=?)", (doc.id,)
            )
            stale = [i for i in old if i not in new_ids]
            conn.executemany(
                "INSERT OR IGNORE INTO pending(vector_id, document_id) VALUES(?, ?)", [(i, doc.id) for i in stale]
            )
            self._bump(conn)
        return stale

    def delete_document(self, document_id: str) -> list[str]:
        """Remove a document; returns its chunk ids (now listed as pending clean-up)."""
        with self._tx() as conn:
            ids = [r[0] for r in conn.execute("SELECT id FROM chunks WHERE document_id=?", (document_id,))]
            conn.execute("DELETE FROM chunks WHERE document_id=?", (document_id,))
            conn.execute("DELETE FROM documents WHERE id=?", (document_id,))
            conn.executemany(
                "INSERT OR IGNORE INTO pending(vector_id, document_id) VALUES(?, ?)", [(i, document_id) for i in ids]
            )
            self._bump(conn)
        return ids

    def pending_vectors(self) -> list[str]:
        return [r[0] for r in self._conn.execute("SELECT vector_id FROM pending")]

    def clear_pending(self, vector_ids: Iterable[str]) -> None:
        ids = list(vector_ids)
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            self._conn.execute(f"DELETE FROM pending WHERE vector_id IN ({_marks(part)})", part)

    # -- duplicates and versions ---------------------------------------------------------------
    def find_by_content_hash(self, content_hash: str, exclude: str) -> DocumentInfo | None:
        """An indexed document, other than ``exclude``, whose file had exactly these bytes."""
        row = self._conn.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE content_hash=? AND id<>? ORDER BY ingested_at, id LIMIT 1",
            (content_hash, exclude),
        ).fetchone()
        return _doc_info(row) if row else None

    def signatures(self) -> list[tuple[str, bytes]]:
        """(document id, text signature) of every document that has one."""
        rows = self._conn.execute("SELECT id, signature FROM documents WHERE signature IS NOT NULL ORDER BY id")
        return [(r[0], bytes(r[1])) for r in rows]

    def signature(self, document_id: str) -> bytes | None:
        row = self._conn.execute("SELECT signature FROM documents WHERE id=?", (document_id,)).fetchone()
        return bytes(row[0]) if row and row[0] is not None else None

    def without_signature(self) -> list[str]:
        return [r[0] for r in self._conn.execute("SELECT id FROM documents WHERE signature IS NULL ORDER BY id")]

    def set_signature(self, document_id: str, signature: bytes) -> None:
        self._conn.execute("UPDATE documents SET signature=? WHERE id=?", (signature, document_id))

    def forget_signatures(self) -> None:
        """Drop every stored signature (they were made another way and will be recomputed)."""
        self._conn.execute("UPDATE documents SET signature=NULL")

    def record_not_added(
        self,
        source: str,
        fingerprint: str,
        status: str,
        same_file: bool,
        other: DocumentInfo,
        other_fingerprint: str,
        year: int | None,
    ) -> None:
        """Remember that a file was not indexed because of ``other``, so a re-run need not read it again."""
        self._conn.execute(
            "INSERT INTO not_added(source, fingerprint, status, same_file, other_id, other_fingerprint, year)"
            " VALUES(?,?,?,?,?,?,?) ON CONFLICT(source) DO UPDATE SET fingerprint=excluded.fingerprint,"
            " status=excluded.status, same_file=excluded.same_file, other_id=excluded.other_id,"
            " other_fingerprint=excluded.other_fingerprint, year=excluded.year",
            (source, fingerprint, status, int(same_file), other.id, other_fingerprint, year),
        )

    def not_added(self, source: str, fingerprint: str) -> tuple[str, bool, DocumentInfo, int | None] | None:
        """(status, same_file, the document that decided it, year) when this very file was not added
        before and that document is still the version that decided it."""
        row = self._conn.execute(
            "SELECT status, same_file, other_id, other_fingerprint, year FROM not_added"
            " WHERE source=? AND fingerprint=?",
            (source, fingerprint),
        ).fetchone()
        if row is None or self.fingerprint(row[2]) != row[3]:
            return None
        other = self.find_document(row[2])
        return (str(row[0]), bool(row[1]), other, row[4]) if other else None

    # -- reads ---------------------------------------------------------------------------------
    def fingerprint(self, document_id: str) -> str | None:
        row = self._conn.execute("SELECT fingerprint FROM documents WHERE id=?", (document_id,)).fetchone()
        return str(row[0]) if row else None

    def find_document(self, key: str) -> DocumentInfo | None:
        """Look a document up by id or file name."""
        row = self._conn.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE id=? OR source=? ORDER BY id LIMIT 1", (key, key)
        ).fetchone()
        return _doc_info(row) if row else None

    def documents(self) -> list[DocumentInfo]:
        rows = self._conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents ORDER BY source").fetchall()
        return [_doc_info(r) for r in rows]

    def document_meta(self, document_id: str) -> DocumentMeta | None:
        row = self._conn.execute("SELECT meta FROM documents WHERE id=?", (document_id,)).fetchone()
        return DocumentMeta.from_dict(json.loads(row[0])) if row else None

    def stats(self) -> IndexStats:
        docs = self._conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        row = self._conn.execute("SELECT COUNT(*), AVG(LENGTH(text)) FROM chunks").fetchone()
        return IndexStats(int(docs), int(row[0]), float(row[1] or 0.0))

    def all_chunk_texts(self) -> tuple[list[str], list[str]]:
        """Ids and texts of every visible chunk, for the keyword index."""
        rows = self._conn.execute(
            "SELECT c.id, COALESCE(d.title, '') || '\n' || COALESCE(c.section, '') || '\n' || c.text"
            " FROM chunks c JOIN documents d ON d.id = c.document_id ORDER BY c.document_id, c.ordinal"
        ).fetchall()
        return [r[0] for r in rows], [r[1] for r in rows]

    def set_themes(self, themes_by_chunk: dict[str, Sequence[str]]) -> None:
        with self._tx() as conn:
            conn.executemany(
                "UPDATE chunks SET themes=? WHERE id=?",
                [(json.dumps(list(t)), cid) for cid, t in themes_by_chunk.items()],
            )

    def theme_counts(self) -> dict[str, tuple[int, int]]:
        """Theme id -> (documents, passages) tagged with it."""
        rows = self._conn.execute(
            "SELECT j.value, COUNT(DISTINCT c.document_id), COUNT(*) FROM chunks c, json_each(c.themes) j"
            " GROUP BY j.value"
        ).fetchall()
        return {r[0]: (int(r[1]), int(r[2])) for r in rows}

    def document_themes(self, document_id: str) -> dict[str, int]:
        """Theme id -> passages of this document tagged with it."""
        rows = self._conn.execute(
            "SELECT j.value, COUNT(*) FROM chunks c, json_each(c.themes) j WHERE c.document_id=? GROUP BY j.value",
            (document_id,),
        ).fetchall()
        return {r[0]: int(r[1]) for r in rows}

    def chunk_ids_with_themes(self, themes: Sequence[str]) -> list[str]:
        rows = self._conn.execute(
            f"SELECT DISTINCT c.id FROM chunks c, json_each(c.themes) j WHERE j.value IN ({_marks(themes)})",
            list(themes),
        ).fetchall()
        return [r[0] for r in rows]

    def chunk_ids(self, document_ids: Sequence[str]) -> list[str]:
        """Chunk ids of the given documents, in document order."""
        out: list[str] = []
        for start in range(0, len(document_ids), 500):
            part = list(document_ids[start : start + 500])
            out.extend(
                r[0]
                for r in self._conn.execute(
                    f"SELECT id FROM chunks WHERE document_id IN ({_marks(part)}) ORDER BY document_id, ordinal", part
                )
            )
        return out

    def chunk_rows(self, ids: Sequence[str]) -> dict[str, StoredPassage]:
        """Visible chunks with their document's metadata, by chunk id."""
        out: dict[str, StoredPassage] = {}
        for start in range(0, len(ids), 500):
            part = list(ids[start : start + 500])
            rows = self._conn.execute(
                "SELECT c.id, c.document_id, c.text, c.char_start, c.char_end, c.page_start, c.page_end,"
                " c.section, c.page_breaks, d.source, d.title, d.url, d.review_type, d.publisher, d.nation,"
                " d.year, d.kind, d.format, c.themes, c.ordinal, c.paragraphs, c.ocr_pages, d.page_labels, c.chapter"
                f" FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.id IN ({_marks(part)})",
                part,
            ).fetchall()
            for r in rows:
                out[r[0]] = StoredPassage(
                    id=r[0],
                    document_id=r[1],
                    text=r[2],
                    char_start=r[3],
                    char_end=r[4],
                    page_start=r[5],
                    page_end=r[6],
                    section=r[7],
                    page_breaks=tuple(tuple(x) for x in json.loads(r[8])),
                    source=r[9],
                    title=r[10],
                    url=r[11],
                    review_type=r[12],
                    publisher=r[13],
                    nation=r[14],
                    year=r[15],
                    kind=r[16],
                    format=r[17],
                    themes=tuple(json.loads(r[18])),
                    ordinal=r[19],
                    paragraphs=tuple(tuple(x) for x in json.loads(r[20])),
                    ocr_pages=tuple(json.loads(r[21])),
                    page_labels=tuple(json.loads(r[22])),
                    chapter=r[23],
                )
        return out

    def document_ids(self, filters: Filters) -> list[str]:
        """Ids of documents that pass the filters."""
        clauses: list[str] = []
        params: list[Any] = []
        for column, values in (
            ("review_type", filters.review_types),
            ("nation", filters.nations),
            ("source", filters.sources),
            ("kind", filters.kinds),
        ):
            if values:
                clauses.append(f"LOWER({column}) IN ({_marks(values)})")
                params.extend(v.lower() for v in values)
        if filters.publishers:
            clauses.append("(" + " OR ".join("LOWER(publisher) LIKE ?" for _ in filters.publishers) + ")")
            params.extend(f"%{p.lower()}%" for p in filters.publishers)
        if filters.year_from is not None:
            clauses.append("year >= ?")
            params.append(filters.year_from)
        if filters.year_to is not None:
            clauses.append("year <= ?")
            params.append(filters.year_to)
        where = " AND ".join(clauses) or "1=1"
        return [r[0] for r in self._conn.execute(f"SELECT id FROM documents WHERE {where}", params)]


def _marks(values: Iterable[object]) -> str:
    return ",".join("?" for _ in values) or "NULL"


def _doc_info(row: Sequence[Any]) -> DocumentInfo:
    return DocumentInfo(
        id=row[0],
        source=row[1],
        format=row[2],
        title=row[3],
        review_type=row[4],
        publisher=row[5],
        nation=row[6],
        year=row[7],
        kind=row[8],
        url=row[9],
        chunks=row[10],
        pages=row[11],
        ingested_at=row[12],
        file_name=row[13],
    )
