"""Questions to cited answers. Imports only from ``index`` and ``ingest``."""

from assistant import messages
from assistant.settings import Settings

__all__ = ["Settings", "messages"]
