from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from index import CaseIndex
from integrations.api.deps import get_index

router = APIRouter(tags=["health"])


@router.get("/health")
def health(index: Annotated[CaseIndex, Depends(get_index)]) -> dict[str, Any]:
    """Liveness and what is indexed."""
    stats = index.stats()
    documents, chunks = stats.documents, stats.passages
    return {"status": "ok", "documents": documents, "chunks": chunks}
