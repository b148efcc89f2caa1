"""Where a citation opens: the service's own pages, or, in a terminal, an address that opens as is.

No web framework here: the command line builds its links without loading the service.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import quote as url_quote

from index.errors import DocumentNotFoundError

if TYPE_CHECKING:
    from index import CaseIndex

MAX_QUOTE = 2000  # characters of a quote carried in a viewer link


def file_link(document_id: str, page: int | None) -> str:
    """The stored original itself, at the page for a PDF (relative to the service)."""
    return f"/documents/{document_id}/file" + (f"#page={page}" if page else "")


def view_link(document_id: str, page: int | None, quote: str | None) -> str:
    """The viewer's address for a quote (and page) of a stored document (relative to the service)."""
    parts = [f"page={page}"] if page else []
    if quote:
        parts.append("quote=" + url_quote(quote[:MAX_QUOTE], safe=""))
    return f"/documents/{document_id}/view" + ("?" + "&".join(parts) if parts else "") + ("#quote" if quote else "")


def service_link(document_id: str, page: int | None, quote: str | None = None) -> str:
    """The viewer at the highlighted quote, else the stored file at the page (relative to the service)."""
    return view_link(document_id, page, quote) if quote else file_link(document_id, page)


def terminal_link(index: CaseIndex, public_url: str | None) -> Callable[[str, int | None, str | None], str]:
    """Links that open from a terminal: the deployed service's viewer when its public address is
    configured, else the stored original on this machine (``file://``, at the page for a PDF)."""

    def link(document_id: str, page: int | None, quote: str | None = None) -> str:
        if public_url:
            return public_url.rstrip("/") + service_link(document_id, page, quote)
        return stored_file_uri(index, document_id, page) or ""

    return link


def stored_file_uri(index: CaseIndex, document_id: str, page: int | None) -> str | None:
    """``file://`` address of a document's stored original (at the page for a PDF), if it is kept."""
    try:
        info = index.document(document_id)
    except DocumentNotFoundError:
        return None
    path = index.file_path(info)
    if path is None:
        return None
    anchor = f"#page={page}" if page and path.suffix.lower() == ".pdf" else ""
    return path.resolve().as_uri() + anchor
