"""Names of the package, imported on first use (see __init__.py)."""

from .chunk import chunk_document as chunk_document
from .document import (
    assemble as assemble,
    document_id as document_id,
    file_hash as file_hash,
    load_document as load_document,
)
from .errors import (
    IngestError as IngestError,
    ManifestError as ManifestError,
    Reason as Reason,
    UnreadableFileError as UnreadableFileError,
)
from .extract import SUPPORTED_SUFFIXES as SUPPORTED_SUFFIXES, extract as extract
from .manifest import MANIFEST_NAME as MANIFEST_NAME, load_manifest as load_manifest
from .models import (
    Block as Block,
    Chunk as Chunk,
    Document as Document,
    DocumentMeta as DocumentMeta,
    Line as Line,
    RawDocument as RawDocument,
)
from .sentences import sentence_spans as sentence_spans
