"""Questions to cited answers. Imports only from ``index`` and ``ingest``."""

from assistant import messages
from assistant.settings import Settings, get_settings

__all__ = ["Settings", "get_settings", "messages"]
