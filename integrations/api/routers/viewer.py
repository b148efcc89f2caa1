"""The citation viewer: a stored original opened at the quote, highlighted, with nothing from the internet.

``/documents/{id}/view?page=N&quote=…#quote`` shows a PDF's page as an image (rendered by PDFium) with the
quote's lines marked over it, and any other document as its text with the quote marked; the ``#quote``
fragment scrolls the browser to the mark without a script.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from assistant import messages
from index import CaseIndex
from ingest import load_document
from ingest.locate import pdf_page_view, render_pdf_page, text_span
from integrations.api.deps import get_index
from integrations.api.routers.documents import stored_original
from integrations.links import MAX_QUOTE, file_link, view_link

router = APIRouter(include_in_schema=False)
_TEMPLATES = Environment(loader=PackageLoader("integrations.api", "templates"), autoescape=select_autoescape())


@lru_cache(maxsize=16)
def _text_of(path: Path, mtime: float, document_id: str, index: CaseIndex) -> str:
    return load_document(path, index.document_meta(document_id)).text


def _paragraphs(text: str, span: tuple[int, int] | None) -> list[list[tuple[str, bool]]]:
    """The text as paragraphs of (piece, marked) pieces: the quote's span marked."""
    out: list[list[tuple[str, bool]]] = []
    cursor = 0
    for block in text.split("\n\n"):
        start, end = cursor, cursor + len(block)
        cursor = end + 2
        if span is None or span[1] <= start or span[0] >= end:
            out.append([(block, False)])
            continue
        a, b = max(span[0], start) - start, min(span[1], end) - start
        out.append([(block[:a], False), (block[a:b], True), (block[b:], False)])
    return out


@router.get("/documents/{document_id}/view", response_class=HTMLResponse)
def view(
    document_id: str,
    index: Annotated[CaseIndex, Depends(get_index)],
    page: Annotated[int | None, Query(ge=1)] = None,
    quote: Annotated[str, Query(max_length=MAX_QUOTE)] = "",
) -> HTMLResponse:
    """The stored original at the quote, highlighted."""
    info, path = stored_original(index, document_id)
    context: dict[str, object] = {
        "title": info.title or info.source,
        "info": info,
        "published": info.url if info.url and info.url.startswith(("https://", "http://")) else None,
        "quote": quote,
        "file_url": file_link(document_id, page),
        "words": messages.VIEWER,
    }
    if path.suffix.lower() == ".pdf":
        pages, shown, boxes = pdf_page_view(path, page or 1, quote)
        context |= {
            "pdf": True,
            "page": shown,
            "pages": pages,
            "image": f"/documents/{document_id}/pages/{shown}.png",
            "boxes": boxes,
            "previous": view_link(document_id, shown - 1, None) if shown > 1 else None,
            "next": view_link(document_id, shown + 1, None) if shown < pages else None,
            "found": bool(boxes) or not quote,
        }
    else:
        text = _text_of(path, path.stat().st_mtime, document_id, index)
        span = text_span(text, quote) if quote else None
        context |= {"pdf": False, "paragraphs": _paragraphs(text, span), "found": span is not None or not quote}
    html = _TEMPLATES.get_template("viewer.html").render(**context)
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


@router.get("/documents/{document_id}/pages/{page}.png")
def page_image(document_id: str, page: int, index: Annotated[CaseIndex, Depends(get_index)]) -> Response:
    """One page of a stored PDF as an image (what the viewer shows)."""
    _, path = stored_original(index, document_id)
    if path.suffix.lower() != ".pdf":
        raise HTTPException(status_code=404, detail=messages.VIEWER["not_a_pdf"])
    try:
        png = render_pdf_page(path, page)
    except IndexError as exc:
        raise HTTPException(status_code=404, detail=messages.VIEWER["no_such_page"]) from exc
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})
