"""Digests and summaries as Markdown and Word (.docx) documents, every point with its citation."""

from __future__ import annotations

import io

import docx

from assistant.learning import KIND_TITLES, KINDS, Digest, DocumentSummary, Point


def _cite(p: Point) -> str:
    page = f", p. {p.page}" if p.page else ""
    return f"{p.title}{page}"


def digest_markdown(d: Digest) -> str:
    lines = [f"# Learning from case reviews: {d.label}", "", d.description, "", f"_{d.notice}_", ""]
    if not d.reviews:
        lines += ["No indexed document carries learning on this theme yet.", ""]
    for kind in KINDS:
        points = [(r, p) for r in d.reviews for p in r.of(kind)]
        if not points:
            continue
        lines += [f"## {KIND_TITLES[kind]}", ""]
        for review in d.reviews:
            mine = review.of(kind)
            if not mine:
                continue
            detail = ", ".join(str(x) for x in (review.review_type, review.year) if x)
            lines.append(f"**{review.title}**" + (f" ({detail})" if detail else ""))
            for p in mine:
                link = f" <{p.url}>" if p.url else ""
                lines.append(f"- “{p.quote}” — {_cite(p)}{link}")
            lines.append("")
    if d.prompts:
        lines += ["## Prompts for supervision (caselearn's own, not from the reviews)", ""]
        lines += [f"- {q}" for q in d.prompts] + [""]
    return "\n".join(lines)


def summary_markdown(s: DocumentSummary) -> str:
    meta = ", ".join(str(x) for x in (s.review_type, s.publisher, s.year) if x)
    lines = [f"# 7-minute briefing: {s.title}", "", meta, ""]
    if s.themes:
        lines += ["Themes: " + ", ".join(s.themes), ""]
    for kind in KINDS:
        points = s.of(kind)
        if points:
            lines += [f"## {KIND_TITLES[kind].replace('the reviews were', 'this review was')}", ""]
            lines += [f"- “{p.quote}” — {_cite(p)}" for p in points] + [""]
    lines.append("_Quoted from the published document. Check the source before relying on it._")
    return "\n".join(lines)


def _docx(markdown: str) -> bytes:
    """A Word document from the simple Markdown above (headings, bullets, paragraphs)."""
    document = docx.Document()
    for line in markdown.splitlines():
        if line.startswith("# "):
            document.add_heading(line[2:], level=1)
        elif line.startswith("## "):
            document.add_heading(line[3:], level=2)
        elif line.startswith("- "):
            document.add_paragraph(line[2:], style="List Bullet")
        elif line.startswith("**") and line.rstrip().endswith(("**", ")")):
            document.add_paragraph().add_run(line.replace("**", "")).bold = True
        elif line.strip():
            document.add_paragraph(line.strip("_"))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def digest_docx(d: Digest) -> bytes:
    return _docx(digest_markdown(d))


def summary_docx(s: DocumentSummary) -> bytes:
    return _docx(summary_markdown(s))
