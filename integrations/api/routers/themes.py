from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from assistant import messages
from assistant.briefing import (
    ExportOptions,
    digest_docx,
    digest_markdown,
    export_options,
    summary_docx,
    summary_markdown,
)
from assistant.learning import document_summary, theme_digest
from assistant.settings import Settings
from index import CaseIndex, Filters, taxonomy
from integrations.api.deps import get_index, get_settings
from integrations.links import file_link

router = APIRouter(tags=["themes"])
Format = Literal["json", "md", "docx"]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _export_options(request: Request, settings: Settings) -> ExportOptions:
    """Links made absolute to this service's address, so they work in a downloaded file."""
    return export_options(settings, settings.public_url or str(request.base_url))


def _send(data: dict[str, Any], markdown: str, word: bytes | None, fmt: Format, name: str) -> Any:
    if fmt == "md":
        return Response(
            markdown,
            media_type="text/markdown; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.md"'},
        )
    if fmt == "docx" and word is not None:
        return Response(word, media_type=DOCX, headers={"Content-Disposition": f'attachment; filename="{name}.docx"'})
    return data


@router.get("/themes")
def themes(index: Annotated[CaseIndex, Depends(get_index)]) -> list[dict[str, Any]]:
    """Every theme with the number of documents and passages tagged with it."""
    counts = index.theme_counts()
    return [
        {
            "id": t.id,
            "label": t.label,
            "description": t.description,
            "documents": counts.get(t.id, (0, 0))[0],
            "passages": counts.get(t.id, (0, 0))[1],
        }
        for t in taxonomy()
    ]


@router.get("/themes/{theme_id}/learning")
def learning(
    theme_id: str,
    request: Request,
    index: Annotated[CaseIndex, Depends(get_index)],
    settings: Annotated[Settings, Depends(get_settings)],
    format: Format = "json",
    year_from: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    year_to: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    type: Annotated[list[str], Query(max_length=20)] = [],  # noqa: B006
    nation: Annotated[list[str], Query(max_length=10)] = [],  # noqa: B006
    publisher: Annotated[list[str], Query(max_length=10)] = [],  # noqa: B006
) -> Any:
    """A thematic briefing: why reviews were commissioned, risk factors, learning, recommendations and
    reflective questions, every point quoted and cited, grouped by review. ``format`` = json, md or docx."""
    filters = Filters(
        review_types=tuple(type),
        year_from=year_from,
        year_to=year_to,
        nations=tuple(nation),
        publishers=tuple(publisher),
    )
    digest = theme_digest(index, theme_id, filters, local_link=file_link)
    if digest is None:
        raise HTTPException(status_code=404, detail=messages.UNKNOWN_THEME.format(theme=theme_id))
    options = _export_options(request, settings)
    word = digest_docx(digest, options) if format == "docx" else None
    return _send(digest.as_dict(), digest_markdown(digest, options), word, format, f"learning-{theme_id}")


@router.get("/documents/{document_id}/summary")
def summary(
    document_id: str,
    request: Request,
    index: Annotated[CaseIndex, Depends(get_index)],
    settings: Annotated[Settings, Depends(get_settings)],
    format: Format = "json",
) -> Any:
    """A summary of one document: a 7-minute briefing for a case review (type, year, themes, findings,
    recommendations), key points for a report, guidance or protocol (what must be done, timescales, contacts)."""
    result = document_summary(index, document_id, local_link=file_link)
    options = _export_options(request, settings)
    word = summary_docx(result, options) if format == "docx" else None
    return _send(
        result.as_dict(),
        summary_markdown(result, options),
        word,
        format,
        f"{'briefing' if result.shape == 'briefing' else 'key-points'}-{result.document_id}",
    )
