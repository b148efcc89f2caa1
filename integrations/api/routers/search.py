from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from assistant.service import Assistant
from index import Filters
from integrations.api.deps import get_assistant
from integrations.api.schemas import HitOut, SearchOut

router = APIRouter(tags=["search"])


@router.get("/search", response_model=SearchOut)
def search(
    assistant: Annotated[Assistant, Depends(get_assistant)],
    q: Annotated[str, Query(description="What to look for (the question length limit applies)")],
    k: Annotated[int, Query(ge=1, le=50)] = 10,
    type: Annotated[list[str], Query(max_length=20, description="Review type, repeatable")] = [],  # noqa: B006
    year_from: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    year_to: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    nation: Annotated[list[str], Query(max_length=10)] = [],  # noqa: B006
    publisher: Annotated[list[str], Query(max_length=10)] = [],  # noqa: B006
    source: Annotated[list[str], Query(max_length=50)] = [],  # noqa: B006
) -> SearchOut:
    """Passages that match the query, with title, page, section and link."""
    filters = Filters(
        review_types=tuple(type),
        year_from=year_from,
        year_to=year_to,
        nations=tuple(nation),
        publishers=tuple(publisher),
        sources=tuple(source),
    )
    hits = assistant.search(q, k=k, filters=filters)
    return SearchOut(query=q, hits=[HitOut(**h.as_dict()) for h in hits])
