from __future__ import annotations

import mimetypes
import re
import shutil
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response, UploadFile
from fastapi.responses import FileResponse

from assistant import messages
from assistant.settings import Settings
from index import CaseIndex, DocumentInfo
from ingest import SUPPORTED_SUFFIXES, UnreadableFileError
from integrations.api.deps import get_index, get_settings, require_api_key
from integrations.api.schemas import DocumentOut, UploadOut

router = APIRouter(tags=["documents"])
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")


def to_out(info: DocumentInfo) -> DocumentOut:
    return DocumentOut(
        **{k: v for k, v in info.as_dict().items() if k != "file_name"},
        file_url=f"/documents/{info.id}/file" if info.file_name else None,
    )


def safe_file_name(name: str | None) -> str:
    """A plain file name with no folders, so an upload cannot escape the data directory."""
    base = Path((name or "").replace("\\", "/")).name
    base = _SAFE_NAME.sub("_", base).strip(" .")[:120]
    if not base or Path(base).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise HTTPException(status_code=415, detail=messages.UPLOAD_BAD_NAME)
    return base


@router.get("/documents", response_model=list[DocumentOut])
def list_documents(index: Annotated[CaseIndex, Depends(get_index)]) -> list[DocumentOut]:
    """Every indexed document."""
    return [to_out(d) for d in index.documents()]


@router.post("/documents", response_model=UploadOut, status_code=201, dependencies=[Depends(require_api_key)])
def upload_document(
    request: Request,
    response: Response,
    file: UploadFile,
    index: Annotated[CaseIndex, Depends(get_index)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> UploadOut:
    """Upload a PDF, Word, HTML, text or Markdown file (multipart field ``file``); it is indexed at once.

    201 when it was added; 200 with ``status`` ``duplicate`` (the same text is already indexed) or
    ``older_version`` (a newer version is), ``document`` being that one and ``note`` saying so.
    """
    name = safe_file_name(file.filename)
    limit = settings.max_upload_mb * 1024 * 1024
    staging = Path(tempfile.mkdtemp(prefix="upload-", dir=index.data_dir))
    try:
        target = staging / name
        written = 0
        with target.open("wb") as out:
            while block := file.file.read(1 << 20):
                written += len(block)
                if written > limit:
                    raise HTTPException(
                        status_code=413, detail=messages.UPLOAD_TOO_LARGE.format(limit=settings.max_upload_mb)
                    )
                out.write(block)
        try:
            result = index.add_file(target, versions=settings.versions)
        except UnreadableFileError as exc:
            raise HTTPException(status_code=422, detail=messages.ingest_failure(name, exc.reason, exc.detail)) from exc
        index.refresh_keyword_index()
        kept = (result.same_as or result.newer) if result.status in ("duplicate", "older_version") else None
        if kept is not None:
            response.status_code = 200
        return UploadOut(
            status=result.status,
            document=to_out(index.document(kept.id if kept is not None else name)),
            note=messages.ingest_note(name, result),
        )
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@router.delete("/documents/{document_id}", dependencies=[Depends(require_api_key)])
def delete_document(document_id: str, index: Annotated[CaseIndex, Depends(get_index)]) -> dict[str, str]:
    """Remove a document, its passages and its stored file."""
    info = index.remove(document_id)
    return {"status": "removed", "id": info.id, "source": info.source}


@router.get("/documents/{document_id}", response_model=DocumentOut)
def get_document(document_id: str, index: Annotated[CaseIndex, Depends(get_index)]) -> DocumentOut:
    return to_out(index.document(document_id))


def stored_original(index: CaseIndex, document_id: str) -> tuple[DocumentInfo, Path]:
    """The document and its stored original file, or a 404 that says which is missing."""
    info = index.document(document_id)
    path = index.file_path(info)
    if path is None:
        raise HTTPException(status_code=404, detail=messages.FILE_MISSING)
    return info, path


@router.get("/documents/{document_id}/file", response_class=FileResponse)
def document_file(document_id: str, index: Annotated[CaseIndex, Depends(get_index)]) -> FileResponse:
    """The original file, shown in the browser (add ``#page=N`` to open a PDF at a page)."""
    info, path = stored_original(index, document_id)
    media = mimetypes.guess_type(info.source)[0] or "application/octet-stream"
    if media.startswith("text/html"):
        media = "text/plain"  # never render uploaded HTML (and its scripts) on our origin
    return FileResponse(path, media_type=media, filename=info.source, content_disposition_type="inline")
