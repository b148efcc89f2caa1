"""Sources to chunks: loaders, structure, metadata and chunking. Knows nothing of vectors or LLMs."""

from ingest.chunk import chunk_document
from ingest.document import assemble, document_id, file_hash, load_document
from ingest.errors import IngestError, ManifestError, Reason, UnreadableFileError
from ingest.extract import SUPPORTED_SUFFIXES, extract
from ingest.manifest import MANIFEST_NAME, load_manifest
from ingest.models import Block, Chunk, Document, DocumentMeta, Line, RawDocument
from ingest.sentences import sentence_spans

__all__ = [
    "MANIFEST_NAME",
    "SUPPORTED_SUFFIXES",
    "Block",
    "Chunk",
    "Document",
    "DocumentMeta",
    "IngestError",
    "Line",
    "ManifestError",
    "RawDocument",
    "Reason",
    "UnreadableFileError",
    "assemble",
    "chunk_document",
    "document_id",
    "extract",
    "file_hash",
    "load_document",
    "load_manifest",
    "sentence_spans",
]
