"""Chunks to dense and keyword indexes to cited hits. Imports only from ``ingest``."""

from index.backup import BackupError, export_data, import_data
from index.dedupe import VERSION_POLICIES, VersionPolicy
from index.embed import DEFAULT_MODEL, Embedder, SentenceTransformerEmbedder, resolve_model
from index.errors import (
    CaseIndexError,
    DocumentNotFoundError,
    EmbeddingModelError,
    IndexMismatchError,
    StoreUnavailableError,
)
from index.ingestion import FileOutcome, IngestReport, collect_files, ingest_paths
from index.models import DocumentInfo, FileResult, Filters, Hit
from index.search import Mode, SearchConfig, rrf
from index.store import CaseIndex, IndexConfig, embedding_text
from index.synonyms import ACRONYMS, expansions
from index.themes import TaggingConfig, Theme, ThemeTagger, mentions_theme, taxonomy, theme

__all__ = [
    "ACRONYMS",
    "DEFAULT_MODEL",
    "VERSION_POLICIES",
    "BackupError",
    "CaseIndex",
    "CaseIndexError",
    "DocumentInfo",
    "DocumentNotFoundError",
    "Embedder",
    "EmbeddingModelError",
    "FileOutcome",
    "FileResult",
    "Filters",
    "Hit",
    "IndexConfig",
    "IndexMismatchError",
    "IngestReport",
    "Mode",
    "SearchConfig",
    "SentenceTransformerEmbedder",
    "StoreUnavailableError",
    "TaggingConfig",
    "Theme",
    "ThemeTagger",
    "VersionPolicy",
    "collect_files",
    "embedding_text",
    "expansions",
    "export_data",
    "import_data",
    "ingest_paths",
    "mentions_theme",
    "resolve_model",
    "rrf",
    "taxonomy",
    "theme",
]
