"""Batch ingest: walk paths, read manifests, index each file, report every failure plainly."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from index.dedupe import VersionPolicy
from index.models import FileResult
from index.store import CaseIndex
from ingest import MANIFEST_NAME, SUPPORTED_SUFFIXES, DocumentMeta, ManifestError, Reason, UnreadableFileError
from ingest.manifest import load_manifest

logger = logging.getLogger(__name__)

Status = Literal["added", "updated", "unchanged", "duplicate", "older_version", "failed", "skipped"]
ProgressFn = Callable[[int, int, str], None]

_SKIP_NAMES = {MANIFEST_NAME, "readme.md", "readme.txt", "readme"}
# When one document comes in several formats, the first read is kept: paged formats first, so
# citations can give pages.
_FORMAT_PREFERENCE = {".pdf": 0, ".docx": 1, ".html": 2, ".htm": 2}


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file."""

    path: str
    status: Status
    reason: Reason | None = None
    detail: str = ""
    # For files read: the documents already in the library that decided a duplicate or a version.
    result: FileResult | None = None


@dataclass(frozen=True)
class IngestReport:
    """Every file's outcome, in the order processed."""

    outcomes: tuple[FileOutcome, ...]

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[FileOutcome]]:
    """Files to ingest, and outcomes for paths that cannot be (missing, or unsupported in a folder)."""
    files: list[Path] = []
    notes: list[FileOutcome] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                if child.name.lower() in _SKIP_NAMES:
                    continue
                if child.suffix.lower() in SUPPORTED_SUFFIXES:
                    files.append(child)
                else:
                    notes.append(FileOutcome(str(child), "skipped", Reason.UNSUPPORTED, child.suffix or "no extension"))
        elif path.is_file():
            files.append(path)
        else:
            notes.append(FileOutcome(str(path), "failed", Reason.NOT_FOUND))
    return files, notes


class _Manifests:
    """Manifests per folder, read once; a broken one is reported once and then ignored."""

    def __init__(self) -> None:
        self._cache: dict[Path, dict[str, DocumentMeta]] = {}
        self.problems: list[FileOutcome] = []

    def meta_for(self, path: Path) -> DocumentMeta | None:
        folder = path.parent
        if folder not in self._cache:
            try:
                self._cache[folder] = load_manifest(folder / MANIFEST_NAME)
            except ManifestError as exc:
                self._cache[folder] = {}
                self.problems.append(
                    FileOutcome(str(folder / MANIFEST_NAME), "failed", Reason.BAD_MANIFEST, exc.detail)
                )
        return self._cache[folder].get(path.name)


def ingest_paths(
    index: CaseIndex,
    paths: Iterable[Path],
    progress: ProgressFn | None = None,
    versions: VersionPolicy = "replace",
) -> IngestReport:
    """Index every supported file under ``paths``; one bad file never stops the batch.

    ``versions``: whether a newer version of an indexed document replaces it or is kept beside it.
    """
    files, outcomes = collect_files(paths)
    manifests = _Manifests()
    index.recover()
    order = sorted(range(len(files)), key=lambda i: _FORMAT_PREFERENCE.get(files[i].suffix.lower(), 3))
    done: dict[int, FileOutcome] = {}
    batch = 16  # files whose passages are embedded together
    for first in range(0, len(order), batch):
        group = order[first : first + batch]
        if progress:
            progress(first, len(order), files[group[0]].name)
        statuses = index.add_files([(files[i], manifests.meta_for(files[i])) for i in group], versions)
        for i, status in zip(group, statuses, strict=True):
            path = str(files[i])
            if isinstance(status, UnreadableFileError):
                done[i] = FileOutcome(path, "failed", status.reason, status.detail)
            elif isinstance(status, OSError):
                done[i] = FileOutcome(path, "failed", Reason.NOT_FOUND, status.strerror or "")
            elif isinstance(status, Exception):
                raise status
            else:
                done[i] = FileOutcome(path, status.status, result=status)
    if progress:
        progress(len(order), len(order), "")
    index.refresh_keyword_index()
    results = [*outcomes, *(done[i] for i in range(len(files)))]
    return IngestReport(tuple(manifests.problems + results))
