"""Question sets: ``{"id", "question", "relevant": [snippets], "doc"?, "pages"?, "history"?, "type"?}`` per line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


class DatasetError(Exception):
    """A question file that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    relevant: tuple[str, ...] = ()
    doc: str | None = None
    pages: tuple[int, ...] = ()
    history: tuple[tuple[str, str], ...] = ()
    kind: str | None = None  # the kind of answer wanted ("time", "who", ...), where the set labels it


def load_questions(path: Path) -> list[Question]:
    out: list[Question] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DatasetError(f"{path}: cannot be read ({exc.strerror})") from exc
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            out.append(
                Question(
                    id=str(item.get("id", n)),
                    question=str(item["question"]),
                    relevant=tuple(item.get("relevant") or ()),
                    doc=item.get("doc"),
                    pages=tuple(int(p) for p in item.get("pages") or ()),
                    history=tuple((str(t["role"]), str(t["content"])) for t in item.get("history") or ()),
                    kind=item.get("type"),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise DatasetError(f"{path}, line {n}: expected an object with a 'question'") from exc
    return out
