"""Move a whole data directory between machines: ``export`` to one archive, ``import`` from it.

The archive holds a consistent copy of the catalog (SQLite backup API), the stored original
files, the feedback database, the index manifest, and every passage vector (read from Chroma,
embedded or server), so an import works into either kind of vector store.
"""

from __future__ import annotations

import io
import json
import sqlite3
import tarfile
import tempfile
from pathlib import Path
from typing import Literal

import numpy as np

from index.errors import CaseIndexError
from index.store import CaseIndex

FORMAT = 1


class BackupError(CaseIndexError):
    """The archive cannot be read (``kind`` "unreadable" or "format") or the target is not empty
    ("not_empty"); the wording users see is in ``assistant.messages``."""

    def __init__(self, kind: Literal["not_empty", "format", "unreadable"], archive: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {archive}{': ' + detail if detail else ''}")
        self.kind = kind
        self.archive = archive
        self.detail = detail


def _sqlite_copy(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def export_data(index: CaseIndex, archive: Path) -> dict[str, int]:
    """Write ``archive`` (.tar.gz) with everything needed to rebuild this data directory."""
    with index.write_lock(), tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        _sqlite_copy(index._catalog.path, work / "catalog.sqlite3")
        feedback = index.data_dir / "feedback.sqlite3"
        if feedback.exists():
            _sqlite_copy(feedback, work / "feedback.sqlite3")
        ids = index._catalog.chunk_ids([d.id for d in index.documents()])
        vectors = index.vectors.embeddings(ids)
        np.savez_compressed(
            work / "vectors.npz",
            ids=np.array(ids),
            vectors=np.stack([vectors[i] for i in ids]) if ids else np.zeros((0, 0), dtype=np.float32),
        )
        manifest = {
            "format": FORMAT,
            "index": json.loads((index.data_dir / "index.json").read_text()),
            "documents": len(index.documents()),
            "passages": len(ids),
        }
        (work / "backup.json").write_text(json.dumps(manifest, indent=2))
        archive.parent.mkdir(parents=True, exist_ok=True)
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            for path in sorted(work.iterdir()):
                tar.add(path, arcname=path.name)
            if index.files_dir.exists():
                tar.add(index.files_dir, arcname="files")
        partial.replace(archive)
    return {"documents": manifest["documents"], "passages": manifest["passages"]}


def import_data(index: CaseIndex, archive: Path) -> dict[str, int]:
    """Restore an archive into an empty data directory (its configured vector store included).

    Raises:
        BackupError: unreadable archive, or documents already indexed here.
    """
    if index.documents():
        raise BackupError("not_empty", archive.name)
    try:
        with tarfile.open(archive, "r:gz") as tar, tempfile.TemporaryDirectory() as tmp:
            tar.extractall(tmp, filter="data")
            work = Path(tmp)
            manifest = json.loads((work / "backup.json").read_text())
            if manifest.get("format") != FORMAT:
                raise BackupError("format", archive.name, str(manifest.get("format")))
            with index.write_lock():
                index._catalog.close()
                _sqlite_copy(work / "catalog.sqlite3", index._catalog.path)
                index._catalog.ensure_schema()  # a backup from an earlier release lacks newer columns
                if (work / "feedback.sqlite3").exists():
                    _sqlite_copy(work / "feedback.sqlite3", index.data_dir / "feedback.sqlite3")
                if (work / "files").is_dir():
                    index.files_dir.mkdir(parents=True, exist_ok=True)
                    for path in (work / "files").iterdir():
                        (index.files_dir / path.name).write_bytes(path.read_bytes())
                data = np.load(io.BytesIO((work / "vectors.npz").read_bytes()))
                ids = [str(i) for i in data["ids"]]
                if ids:
                    rows = index._catalog.chunk_rows(ids)
                    index.vectors.add(ids, data["vectors"], [rows[i].document_id for i in ids])
                index._catalog.bump_generation()
    except (tarfile.TarError, OSError, KeyError, ValueError, json.JSONDecodeError) as exc:
        raise BackupError("unreadable", archive.name, type(exc).__name__) from exc
    index.refresh_keyword_index()
    return {"documents": int(manifest["documents"]), "passages": int(manifest["passages"])}
