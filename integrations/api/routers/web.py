from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

router = APIRouter(include_in_schema=False)
_STATIC = files("integrations.api") / "static"


@router.get("/", response_class=HTMLResponse)
def page() -> HTMLResponse:
    return HTMLResponse((_STATIC / "index.html").read_text(encoding="utf-8"))


@router.get("/static/{name}")
def static(name: str) -> Response:
    types = {"app.js": "text/javascript", "style.css": "text/css"}
    if name not in types:
        return Response(status_code=404)
    return Response((_STATIC / name).read_text(encoding="utf-8"), media_type=types[name])
