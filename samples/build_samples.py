"""Build the caselearn sample corpus from the Markdown sources in ``samples/src``.

The corpus is entirely fictional. Each source file is a small subset of
Markdown (``#``/``##``/``###`` headings, ``1.`` numbered paragraphs, ``- ``
bullets, ``|`` tables, ``**bold**`` and ``[text](url)`` links) and is rendered
to one output format:

* PDF via reportlab platypus (A4, running header and ``Page N`` footer);
* DOCX via python-docx (Title/Heading styles, List Bullet style, a table);
* HTML with typical website boilerplate (nav, cookie banner, script, footer).

Run with::

    .venv/bin/python samples/build_samples.py
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from docx import Document
from docx.shared import Cm, Pt
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

SAMPLES_DIR = Path(__file__).resolve().parent
SRC_DIR = SAMPLES_DIR / "src"
CORPUS_DIR = SAMPLES_DIR / "corpus"

PUBLISHER = "Elmbridge Vale Safeguarding Partnership (fictional)"
FIXED_DATE = datetime(2025, 1, 1, tzinfo=UTC)

OutputFormat = Literal["pdf", "docx", "html"]


# --------------------------------------------------------------------------
# Document specifications (also the source of manifest.yaml)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class DocSpec:
    """One sample document: where it comes from, how it is built, its metadata."""

    stem: str
    fmt: OutputFormat
    kind: str
    year: int
    url: str
    review_type: str | None = None
    nation: str = "England"
    cover_page: bool = False

    @property
    def source(self) -> Path:
        return SRC_DIR / f"{self.stem}.md"

    @property
    def filename(self) -> str:
        return f"{self.stem}.{self.fmt}"


DOCS: tuple[DocSpec, ...] = (
    DocSpec(
        stem="cspr-child-b-summary",
        fmt="pdf",
        kind="case_review",
        review_type="LCSPR",
        year=2025,
        url="https://example.org/evsp/reviews/child-b",
        cover_page=True,
    ),
    DocSpec(
        stem="sar-mr-d-summary",
        fmt="pdf",
        kind="case_review",
        review_type="SAR",
        year=2024,
        url="https://example.org/evsp/reviews/mr-d",
        cover_page=True,
    ),
    DocSpec(
        stem="evsp-case-review-protocol",
        fmt="docx",
        kind="local_guidance",
        year=2025,
        url="https://example.org/evsp/procedures/case-review-protocol",
    ),
    DocSpec(
        stem="7-minute-briefing-safe-sleep",
        fmt="html",
        kind="briefing",
        year=2025,
        url="https://example.org/evsp/briefings/7-minute-briefing-safe-sleep",
    ),
)


# --------------------------------------------------------------------------
# Markdown subset parser
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Numbered:
    number: int
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class TableBlock:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Para | Numbered | Bullets | TableBlock

_HEADING_RE = re.compile(r"^(#{1,3})\s+(.*)$")
_NUMBERED_RE = re.compile(r"^(\d+)\.\s+(.*)$")
_TABLE_SEPARATOR_RE = re.compile(r"^\|?\s*:?-{3,}")


def _split_row(line: str) -> tuple[str, ...]:
    return tuple(cell.strip() for cell in line.strip().strip("|").split("|"))


def _chunks(text: str) -> Iterator[list[str]]:
    """Yield groups of non-blank lines separated by blank lines."""
    chunk: list[str] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if line:
            chunk.append(line)
        elif chunk:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def parse_markdown(text: str) -> list[Block]:
    """Parse the small Markdown subset used by the sample sources."""
    blocks: list[Block] = []
    for chunk in _chunks(text):
        first = chunk[0]
        heading = _HEADING_RE.match(first)
        if heading and len(chunk) == 1:
            blocks.append(Heading(len(heading.group(1)), heading.group(2).strip()))
        elif first.startswith("- "):
            items = tuple(line[2:].strip() for line in chunk if line.startswith("- "))
            blocks.append(Bullets(items))
        elif first.startswith("|"):
            rows = [_split_row(line) for line in chunk if not _TABLE_SEPARATOR_RE.match(line)]
            blocks.append(TableBlock(rows[0], tuple(rows[1:])))
        else:
            numbered = _NUMBERED_RE.match(first)
            if numbered:
                # Consecutive numbered lines without blank lines are separate items.
                for line in chunk:
                    match = _NUMBERED_RE.match(line)
                    if match:
                        blocks.append(Numbered(int(match.group(1)), match.group(2).strip()))
                    else:
                        last = blocks.pop()
                        assert isinstance(last, Numbered)
                        blocks.append(Numbered(last.number, f"{last.text} {line.strip()}"))
            else:
                blocks.append(Para(" ".join(line.strip() for line in chunk)))
    return blocks


def document_title(blocks: list[Block]) -> str:
    for block in blocks:
        if isinstance(block, Heading) and block.level == 1:
            return block.text
    raise ValueError("source has no level-1 heading")


# --------------------------------------------------------------------------
# Inline markup
# --------------------------------------------------------------------------

_BOLD_RE = re.compile(r"\*\*(.+?)\*\*")
_LINK_RE = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


def inline_plain(text: str) -> str:
    """Inline Markdown reduced to plain text."""
    return _BOLD_RE.sub(r"\1", _LINK_RE.sub(r"\1", text))


def inline_markup(text: str, *, link_attr: str = "href") -> str:
    """Inline Markdown to HTML-like markup (also understood by reportlab)."""
    escaped = html.escape(text, quote=False)
    escaped = _BOLD_RE.sub(r"<b>\1</b>", escaped)
    return _LINK_RE.sub(lambda m: f'<a {link_attr}="{m.group(2)}">{m.group(1)}</a>', escaped)


def inline_runs(text: str) -> list[tuple[str, bool]]:
    """Split inline Markdown into (text, bold) runs; links become plain text."""
    plain_links = _LINK_RE.sub(r"\1", text)
    runs: list[tuple[str, bool]] = []
    for index, part in enumerate(_BOLD_RE.split(plain_links)):
        if part:
            runs.append((part, index % 2 == 1))
    return runs


# --------------------------------------------------------------------------
# PDF (reportlab platypus)
# --------------------------------------------------------------------------


def _pdf_styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle(
        "Body",
        parent=base["BodyText"],
        fontName="Helvetica",
        fontSize=11,
        leading=15.5,
        spaceAfter=8,
        alignment=TA_LEFT,
    )
    return {
        "title": ParagraphStyle(
            "DocTitle",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=22,
            leading=28,
            spaceBefore=36,
            spaceAfter=18,
            textColor=colors.HexColor("#1f3b5a"),
        ),
        "h2": ParagraphStyle(
            "H2",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=15,
            leading=19,
            spaceBefore=16,
            spaceAfter=8,
            textColor=colors.HexColor("#1f3b5a"),
        ),
        "h3": ParagraphStyle(
            "H3",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=12,
            leading=16,
            spaceBefore=10,
            spaceAfter=6,
        ),
        "body": body,
        "notice": ParagraphStyle(
            "Notice",
            parent=body,
            fontName="Helvetica-Bold",
            textColor=colors.HexColor("#8a1c1c"),
            borderColor=colors.HexColor("#8a1c1c"),
            borderWidth=1,
            borderPadding=6,
            spaceAfter=18,
        ),
        "numbered": ParagraphStyle("Numbered", parent=body, leftIndent=0.9 * cm, firstLineIndent=-0.9 * cm),
        "bullet": ParagraphStyle(
            "Bullet",
            parent=body,
            leftIndent=0.9 * cm,
            bulletIndent=0.3 * cm,
            bulletFontName="Symbol",  # extracts as U+2022 rather than a control character
            spaceAfter=4,
        ),
        "cell": ParagraphStyle("Cell", parent=body, fontSize=10, leading=13, spaceAfter=0),
    }


def _pdf_page_decorator(title: str) -> Callable[[Canvas, SimpleDocTemplate], None]:
    """Return an onPage callback drawing the running header and footer."""

    def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        width, height = A4
        canvas.saveState()
        canvas.setFont("Helvetica", 8.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(doc.leftMargin, height - 1.3 * cm, title)
        canvas.drawRightString(width - doc.rightMargin, height - 1.3 * cm, "EVSP (fictional)")
        canvas.setStrokeColor(colors.HexColor("#999999"))
        canvas.setLineWidth(0.5)
        canvas.line(doc.leftMargin, height - 1.45 * cm, width - doc.rightMargin, height - 1.45 * cm)
        canvas.drawCentredString(width / 2, 1.2 * cm, f"Page {doc.page}")
        canvas.restoreState()

    return draw


def build_pdf(spec: DocSpec, blocks: list[Block], out_path: Path) -> None:
    title = document_title(blocks)
    styles = _pdf_styles()
    story: list[Flowable] = []
    seen_notice = False
    cover_done = not spec.cover_page

    for block in blocks:
        if isinstance(block, Heading):
            if block.level == 2 and not cover_done:
                story.append(PageBreak())
                cover_done = True
            style = styles[{1: "title", 2: "h2"}.get(block.level, "h3")]
            story.append(Paragraph(inline_markup(block.text), style))
        elif isinstance(block, Para):
            style = styles["body"] if seen_notice else styles["notice"]
            seen_notice = True
            story.append(Paragraph(inline_markup(block.text), style))
        elif isinstance(block, Numbered):
            story.append(Paragraph(f"{block.number}.&nbsp;&nbsp;{inline_markup(block.text)}", styles["numbered"]))
        elif isinstance(block, Bullets):
            items = [Paragraph(inline_markup(item), styles["bullet"], bulletText="\u2022") for item in block.items]
            story.extend(items)
            story.append(Spacer(1, 4))
        else:
            data = [[Paragraph(f"<b>{inline_markup(cell)}</b>", styles["cell"]) for cell in block.header]]
            data += [[Paragraph(inline_markup(cell), styles["cell"]) for cell in row] for row in block.rows]
            table = Table(data, repeatRows=1, hAlign="LEFT")
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6edf5")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story.append(KeepTogether([table, Spacer(1, 8)]))

    doc = SimpleDocTemplate(
        str(out_path),
        pagesize=A4,
        leftMargin=2.5 * cm,
        rightMargin=2.5 * cm,
        topMargin=2.5 * cm,
        bottomMargin=2.3 * cm,
        title=title,
        author=PUBLISHER,
        subject="Fictional sample document for the caselearn demo",
        invariant=True,  # fixed dates and document id, so rebuilds are byte-identical
    )
    decorate = _pdf_page_decorator(title)
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)


# --------------------------------------------------------------------------
# DOCX (python-docx)
# --------------------------------------------------------------------------


def build_docx(spec: DocSpec, blocks: list[Block], out_path: Path) -> None:
    title = document_title(blocks)
    document = Document()
    document.core_properties.title = title
    document.core_properties.author = PUBLISHER
    document.core_properties.subject = "Fictional sample document for the caselearn demo"
    document.core_properties.created = FIXED_DATE
    document.core_properties.modified = FIXED_DATE
    normal_font = document.styles["Normal"].font
    normal_font.name = "Calibri"
    normal_font.size = Pt(11)

    section = document.sections[0]
    section.header.paragraphs[0].text = f"{title} | EVSP (fictional)"
    section.footer.paragraphs[0].text = f"{PUBLISHER} - sample document"

    seen_notice = False
    for block in blocks:
        if isinstance(block, Heading):
            style = {1: "Title", 2: "Heading 1", 3: "Heading 2"}[block.level]
            document.add_paragraph(inline_plain(block.text), style=style)
        elif isinstance(block, Para | Numbered):
            paragraph = document.add_paragraph()
            if isinstance(block, Para) and not seen_notice:
                seen_notice = True
                paragraph.add_run(block.text).bold = True
                continue
            if isinstance(block, Numbered):
                paragraph.add_run(f"{block.number}.\t")
                paragraph.paragraph_format.left_indent = Cm(0.9)
                paragraph.paragraph_format.first_line_indent = Cm(-0.9)
            for text, bold in inline_runs(block.text):
                paragraph.add_run(text).bold = bold
        elif isinstance(block, Bullets):
            for item in block.items:
                paragraph = document.add_paragraph(style="List Bullet")
                for text, bold in inline_runs(item):
                    paragraph.add_run(text).bold = bold
        else:
            table = document.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = ""
                cell.paragraphs[0].add_run(inline_plain(text)).bold = True
            for row in block.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = inline_plain(text)
            document.add_paragraph()

    document.save(str(out_path))


# --------------------------------------------------------------------------
# HTML (with website boilerplate around <main>)
# --------------------------------------------------------------------------

_HTML_TEMPLATE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{title_text} | Elmbridge Vale Safeguarding Partnership (fictional)</title>
  <meta name="description" content="{description}">
  <link rel="stylesheet" href="/assets/css/evsp.css">
  <style>
    body {{ font-family: Arial, sans-serif; margin: 0; color: #1b1b1b; }}
    .cookie-banner {{ background: #1f3b5a; color: #fff; padding: 1em; }}
    nav ul {{ list-style: none; display: flex; gap: 1.5em; }}
    main {{ max-width: 46em; margin: 0 auto; padding: 1em; }}
    .notice {{ border: 2px solid #8a1c1c; color: #8a1c1c; padding: 0.5em; font-weight: bold; }}
    footer {{ background: #eee; padding: 1em; font-size: 0.9em; }}
  </style>
</head>
<body>
  <div id="cookie-banner" class="cookie-banner" role="region" aria-label="Cookies on this website">
    <p>We use some essential cookies to make this website work. We would also like to set
    analytics cookies to understand how you use the site.</p>
    <button type="button" id="cookie-accept">Accept analytics cookies</button>
    <button type="button" id="cookie-reject">Reject analytics cookies</button>
    <a href="https://example.org/evsp/cookies">View cookie policy</a>
  </div>
  <a class="skip-link" href="#main-content">Skip to main content</a>
  <header class="site-header">
    <a class="logo" href="https://example.org/evsp/">Elmbridge Vale Safeguarding Partnership</a>
    <form class="site-search" action="https://example.org/evsp/search" method="get">
      <label for="q">Search this site</label> <input id="q" name="q" type="search">
      <button type="submit">Search</button>
    </form>
    <nav aria-label="Main menu">
      <ul>
        <li><a href="https://example.org/evsp/">Home</a></li>
        <li><a href="https://example.org/evsp/children">Children</a></li>
        <li><a href="https://example.org/evsp/adults">Adults</a></li>
        <li><a href="https://example.org/evsp/practitioners">Practitioners</a></li>
        <li><a href="https://example.org/evsp/reviews">Case reviews</a></li>
        <li><a href="https://example.org/evsp/training">Training</a></li>
        <li><a href="https://example.org/evsp/contact">Contact us</a></li>
      </ul>
    </nav>
  </header>
  <div class="breadcrumbs">
    <a href="https://example.org/evsp/">Home</a> &gt;
    <a href="https://example.org/evsp/practitioners">Practitioners</a> &gt;
    <a href="https://example.org/evsp/briefings">7-minute briefings</a>
  </div>
  <main id="main-content">
    <article>
{content}
    </article>
  </main>
  <aside class="related-pages" aria-label="Related pages">
    <h2>Related pages</h2>
    <ul>
      <li><a href="https://example.org/evsp/briefings">All 7-minute briefings</a></li>
      <li><a href="https://example.org/evsp/training">Multi-agency training calendar</a></li>
      <li><a href="https://example.org/evsp/report-a-concern">Report a concern about a child</a></li>
    </ul>
  </aside>
  <footer class="site-footer">
    <p>If you think a child is in immediate danger, call 999.</p>
    <ul>
      <li><a href="https://example.org/evsp/accessibility">Accessibility statement</a></li>
      <li><a href="https://example.org/evsp/privacy">Privacy notice</a></li>
      <li><a href="https://example.org/evsp/cookies">Cookies</a></li>
      <li><a href="https://example.org/evsp/sitemap">Site map</a></li>
    </ul>
    <p>&copy; 2025 Elmbridge Vale Safeguarding Partnership (fictional). This website is a demo.</p>
  </footer>
  <script>
    (function () {{
      var banner = document.getElementById("cookie-banner");
      function hide(choice) {{
        document.cookie = "evsp_cookie_choice=" + choice + "; path=/; max-age=31536000";
        banner.style.display = "none";
      }}
      if (document.cookie.indexOf("evsp_cookie_choice=") !== -1) {{
        banner.style.display = "none";
      }}
      document.getElementById("cookie-accept").addEventListener("click", function () {{ hide("accept"); }});
      document.getElementById("cookie-reject").addEventListener("click", function () {{ hide("reject"); }});
    }})();
  </script>
</body>
</html>
"""


def _html_blocks(blocks: list[Block]) -> Iterator[str]:
    indent = " " * 6
    seen_notice = False
    open_list_start: int | None = None
    for block in blocks:
        if open_list_start is not None and not isinstance(block, Numbered):
            yield f"{indent}</ol>"
            open_list_start = None
        if isinstance(block, Heading):
            yield f"{indent}<h{block.level}>{inline_markup(block.text)}</h{block.level}>"
        elif isinstance(block, Para):
            css = "" if seen_notice else ' class="notice"'
            seen_notice = True
            yield f"{indent}<p{css}>{inline_markup(block.text)}</p>"
        elif isinstance(block, Numbered):
            if open_list_start is None:
                open_list_start = block.number
                yield f'{indent}<ol start="{block.number}">'
            yield f"{indent}  <li>{inline_markup(block.text)}</li>"
        elif isinstance(block, Bullets):
            yield f"{indent}<ul>"
            for item in block.items:
                yield f"{indent}  <li>{inline_markup(item)}</li>"
            yield f"{indent}</ul>"
        else:
            yield f"{indent}<table>"
            header = "".join(f"<th>{inline_markup(cell)}</th>" for cell in block.header)
            yield f"{indent}  <thead><tr>{header}</tr></thead>"
            yield f"{indent}  <tbody>"
            for row in block.rows:
                cells = "".join(f"<td>{inline_markup(cell)}</td>" for cell in row)
                yield f"{indent}    <tr>{cells}</tr>"
            yield f"{indent}  </tbody>"
            yield f"{indent}</table>"
    if open_list_start is not None:
        yield f"{indent}</ol>"


def build_html(spec: DocSpec, blocks: list[Block], out_path: Path) -> None:
    title = document_title(blocks)
    page = _HTML_TEMPLATE.format(
        title_text=html.escape(title),
        description=html.escape(f"{title}. A fictional sample briefing for the caselearn demo."),
        content="\n".join(_html_blocks(blocks)),
    )
    out_path.write_text(page, encoding="utf-8")


# --------------------------------------------------------------------------
# Manifest and entry point
# --------------------------------------------------------------------------


def _yaml_quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def build_manifest(titles: dict[str, str]) -> str:
    lines = ["documents:"]
    for spec in DOCS:
        lines.append(f"  - file: {spec.filename}")
        lines.append(f"    title: {_yaml_quote(titles[spec.stem])}")
        lines.append(f"    publisher: {PUBLISHER}")
        lines.append(f"    kind: {spec.kind}")
        if spec.review_type is not None:
            lines.append(f"    review_type: {spec.review_type}")
        lines.append(f"    nation: {spec.nation}")
        lines.append(f"    year: {spec.year}")
        lines.append(f"    url: {spec.url}")
    return "\n".join(lines) + "\n"


def main() -> None:
    CORPUS_DIR.mkdir(parents=True, exist_ok=True)
    titles: dict[str, str] = {}
    for spec in DOCS:
        blocks = parse_markdown(spec.source.read_text(encoding="utf-8"))
        titles[spec.stem] = inline_plain(document_title(blocks))
        out_path = CORPUS_DIR / spec.filename
        if spec.fmt == "pdf":
            build_pdf(spec, blocks, out_path)
        elif spec.fmt == "docx":
            build_docx(spec, blocks, out_path)
        else:
            build_html(spec, blocks, out_path)
        print(f"wrote {out_path.relative_to(SAMPLES_DIR.parent)}")
    manifest_path = CORPUS_DIR / "manifest.yaml"
    manifest_path.write_text(build_manifest(titles), encoding="utf-8")
    print(f"wrote {manifest_path.relative_to(SAMPLES_DIR.parent)}")


if __name__ == "__main__":
    main()
