"""Read ``manifest.yaml``: per-file metadata beside the documents."""

from __future__ import annotations

from pathlib import Path

import yaml

from ingest.errors import ManifestError
from ingest.models import DocumentMeta

MANIFEST_NAME = "manifest.yaml"


def load_manifest(path: Path) -> dict[str, DocumentMeta]:
    """Map file name to metadata. A missing file gives an empty mapping.

    Raises:
        ManifestError: the file exists but is not a valid manifest.
    """
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ManifestError(str(path), f"not valid YAML ({type(exc).__name__})") from exc
    entries = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ManifestError(str(path), "expected a 'documents:' list")
    out: dict[str, DocumentMeta] = {}
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("file"):
            raise ManifestError(str(path), "every entry needs a 'file'")
        year = entry.get("year")
        try:
            year = int(year) if year not in (None, "") else None
        except (TypeError, ValueError) as exc:
            raise ManifestError(str(path), f"year of {entry['file']} is not a number") from exc
        themes = entry.get("themes") or ()
        out[str(entry["file"])] = DocumentMeta(
            title=_str(entry.get("title")),
            publisher=_str(entry.get("publisher")),
            kind=_str(entry.get("kind")),
            review_type=_str(entry.get("review_type")),
            nation=_str(entry.get("nation")),
            year=year,
            url=_str(entry.get("url")),
            themes=tuple(str(t) for t in themes),
        )
    return out


def _str(value: object) -> str | None:
    return str(value).strip() or None if value is not None else None
