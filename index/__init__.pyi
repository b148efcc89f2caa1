"""Names of the package, imported on first use (see __init__.py)."""

from .backup import BackupError as BackupError
from .backup import export_data as export_data
from .backup import import_data as import_data
from .embed import (
    DEFAULT_MODEL as DEFAULT_MODEL,
)
from .embed import (
    Embedder as Embedder,
)
from .embed import (
    SentenceTransformerEmbedder as SentenceTransformerEmbedder,
)
from .embed import (
    resolve_model as resolve_model,
)
from .errors import (
    CaseIndexError as CaseIndexError,
)
from .errors import (
    DocumentNotFoundError as DocumentNotFoundError,
)
from .errors import (
    EmbeddingModelError as EmbeddingModelError,
)
from .errors import (
    IndexMismatchError as IndexMismatchError,
)
from .errors import (
    StoreUnavailableError as StoreUnavailableError,
)
from .ingestion import (
    FileOutcome as FileOutcome,
)
from .ingestion import (
    IngestReport as IngestReport,
)
from .ingestion import (
    collect_files as collect_files,
)
from .ingestion import (
    ingest_paths as ingest_paths,
)
from .models import VERSION_POLICIES as VERSION_POLICIES
from .models import DocumentInfo as DocumentInfo
from .models import FileResult as FileResult
from .models import Filters as Filters
from .models import Hit as Hit
from .models import IndexStats as IndexStats
from .models import StoredPassage as StoredPassage
from .models import VersionPolicy as VersionPolicy
from .search import Mode as Mode
from .search import SearchConfig as SearchConfig
from .search import rrf as rrf
from .store import CaseIndex as CaseIndex
from .store import IndexConfig as IndexConfig
from .store import embedding_text as embedding_text
from .synonyms import ACRONYMS as ACRONYMS
from .synonyms import expansions as expansions
from .themes import (
    TaggingConfig as TaggingConfig,
)
from .themes import (
    Theme as Theme,
)
from .themes import (
    ThemeTagger as ThemeTagger,
)
from .themes import (
    mentions_theme as mentions_theme,
)
from .themes import (
    taxonomy as taxonomy,
)
from .themes import (
    theme as theme,
)
