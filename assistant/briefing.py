"""Digests and summaries as Markdown and Word (.docx) documents a supervisor can print and share.

Both shapes carry the same things: the theme (or document), who the briefing was prepared for and when,
every point quoted with a numbered citation that links to its page, and the reminder that the learning is
guidance for reflection, not a decision. Word output is A4 unless the deployer chose another page size.
python-docx has no call for an external hyperlink, so ``_hyperlink`` writes the ``w:hyperlink`` element
and its relationship the way Word does.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import quote as url_quote

import docx
from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, RGBColor
from docx.text.paragraph import Paragraph

from assistant.learning import DOCUMENT_KIND_NAMES, KEY_TITLES, KIND_TITLES, KINDS, Digest, DocumentSummary, Point
from assistant.settings import PageSize, Settings
from index import theme

_PAGE_MM = {"A4": (210.0, 297.0), "letter": (215.9, 279.4)}
_MARGIN_MM = 20.0
SUMMARY_NOTICE = "Quoted from the published document. Check the source before relying on it."


@dataclass(frozen=True)
class ExportOptions:
    """What a printed briefing says about itself, and how links and pages are made."""

    page_size: PageSize = "A4"
    partnership: str | None = None  # the deployer's partnership, named on the briefing
    prepared: date = field(default_factory=date.today)
    base_url: str | None = None  # makes the service's own links ("/documents/…") absolute


def export_options(settings: Settings, base_url: str | None) -> ExportOptions:
    """The deployer's page size and partnership (none named for the national default profile)."""
    from assistant.referral import profile

    name = None if settings.partnership == "national" else str(profile(settings.partnership)["name"])
    return ExportOptions(settings.page_size, name, base_url=base_url)


@dataclass(frozen=True)
class _Cited:
    number: int
    point: Point
    url: str | None


# Characters XML 1.0 does not allow (a vertical tab or NUL from a text file would stop Word from opening).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]()<>#|])")


def _clean(text: str) -> str:
    """One line of text safe in Word's XML: no control characters, no line breaks."""
    return " ".join(_NOT_XML.sub(" ", text).split())


def _md(text: str) -> str:
    """Text shown literally in Markdown: no emphasis, links or tags from the document's own characters."""
    return _MD_SPECIAL.sub(r"\\\1", _clean(text))


def _cite(p: Point) -> str:
    page = f", p. {p.page}" if p.page else ""
    return f"{_clean(p.title)}{page}"


def _absolute(url: str | None, base_url: str | None) -> str | None:
    """The address as a link can carry it: absolute to this service, spaces and brackets percent-encoded."""
    if not url:
        return None
    if url.startswith("/") and base_url:
        url = base_url.rstrip("/") + url
    return url_quote(_clean(url), safe=":/?#&=%+@!$',;~*[]")


def theme_labels(ids: tuple[str, ...]) -> str:
    """Theme names as a reader knows them ("Fathers and male carers"), not their ids."""
    return ", ".join((t.label if (t := theme(i)) else i) for i in ids)


def _prepared_line(options: ExportOptions) -> str:
    date_text = f"{options.prepared.day} {options.prepared:%B %Y}"
    return f"Prepared for {options.partnership} on {date_text}" if options.partnership else f"Prepared on {date_text}"


class _Numbering:
    """One number per cited place: quotes from the same page of the same document share it."""

    def __init__(self, base_url: str | None) -> None:
        self._numbers: dict[tuple[str, int | None], int] = {}
        self._base_url = base_url

    def cite(self, p: Point) -> _Cited:
        number = self._numbers.setdefault((p.document_id, p.page), len(self._numbers) + 1)
        return _Cited(number, p, _absolute(p.url, self._base_url))


# -- Markdown -----------------------------------------------------------------------------------------
def _md_citation(c: _Cited) -> str:
    label = f"\\[{c.number}\\] {_md(_cite(c.point))}"
    return f"[{label}](<{c.url}>)" if c.url else label


def _digest_sections(d: Digest, numbering: _Numbering) -> Iterator[tuple[str, list[tuple[str, list[_Cited]]]]]:
    """(heading, [(review heading, cited points)]) for each kind of point the digest holds."""
    for kind in KINDS:
        groups = []
        for review in d.reviews:
            mine = review.of(kind)
            if mine:
                detail = ", ".join(str(x) for x in (review.review_type, review.year) if x)
                groups.append(
                    (_clean(review.title) + (f" ({detail})" if detail else ""), [numbering.cite(p) for p in mine])
                )
        if groups:
            yield KIND_TITLES[kind], groups


def digest_markdown(d: Digest, options: ExportOptions | None = None) -> str:
    opts = options or ExportOptions()
    label = _md(d.label)
    lines = [f"# Learning from case reviews: {label}", "", f"Theme: {label}. {_prepared_line(opts)}.", ""]
    lines += [_md(d.description), "", f"_{d.notice}_", ""]
    if not d.reviews:
        lines += ["No indexed document carries learning on this theme yet.", ""]
    for heading, groups in _digest_sections(d, _Numbering(opts.base_url)):
        lines += [f"## {heading}", ""]
        for review, cited in groups:
            lines.append(f"**{_md(review)}**")
            lines += [f"- “{_md(c.point.quote)}” {_md_citation(c)}" for c in cited]
            lines.append("")
    if d.prompts:
        lines += ["## Prompts for supervision (caselearn's own, not from the reviews)", ""]
        lines += [f"- {_md(q)}" for q in d.prompts] + [""]
    lines.append(f"_{d.notice}_")
    return "\n".join(lines)


def _summary_sections(s: DocumentSummary, numbering: _Numbering) -> Iterator[tuple[str, list[_Cited]]]:
    for kind in s.kinds():
        points = s.of(kind)
        if points:
            heading = KEY_TITLES[kind] if s.shape == "key_points" else KIND_TITLES[kind]  # type: ignore[index]
            yield heading.replace("the reviews were", "this review was"), [numbering.cite(p) for p in points]


def _summary_title(s: DocumentSummary) -> str:
    """The summary's title, without saying twice what the document's own title says."""
    shape = "Key points" if s.shape == "key_points" else "7-minute briefing"
    return s.title if s.title.lower().startswith(shape.lower()) else f"{shape}: {s.title}"


def _summary_shape_line(s: DocumentSummary) -> str | None:
    """Why a report or guidance is not shown as a 7-minute briefing, in plain words."""
    if s.shape != "key_points":
        return None
    kind = DOCUMENT_KIND_NAMES.get(s.document_kind or "", "a document of another kind")
    return (
        f"This document is {kind}, not a case review, so it is summarised as key points, what must be done, "
        "timescales and contacts rather than as a 7-minute briefing."
    )


def _summary_meta(s: DocumentSummary) -> str:
    return ", ".join(str(x) for x in (s.review_type, s.publisher, s.year) if x)


def summary_markdown(s: DocumentSummary, options: ExportOptions | None = None) -> str:
    opts = options or ExportOptions()
    lines = [f"# {_md(_summary_title(s))}", ""] + ([_md(_summary_meta(s)), ""] if _summary_meta(s) else [])
    lines += [f"{_md(_prepared_line(opts))}.", ""]
    shape = _summary_shape_line(s)
    if shape:
        lines += [shape, ""]
    if s.themes:
        lines += ["Themes: " + _md(theme_labels(s.themes)), ""]
    for heading, cited in _summary_sections(s, _Numbering(opts.base_url)):
        lines += [f"## {heading}", ""]
        lines += [f"- “{_md(c.point.quote)}” {_md_citation(c)}" for c in cited] + [""]
    lines.append(f"_{SUMMARY_NOTICE}_")
    return "\n".join(lines)


# -- Word ---------------------------------------------------------------------------------------------
def _new_document(options: ExportOptions, title: str) -> WordDocument:
    document = docx.Document()
    props = document.core_properties
    props.author, props.title, props.comments = "caselearn", _clean(title), ""
    props.created = props.modified = datetime.now()
    width, height = _PAGE_MM[options.page_size]
    for section in document.sections:
        section.page_width, section.page_height = Mm(width), Mm(height)
        section.left_margin = section.right_margin = Mm(_MARGIN_MM)
        section.top_margin = section.bottom_margin = Mm(_MARGIN_MM)
    return document


def _hyperlink(paragraph: Paragraph, text: str, url: str) -> None:
    """An external link in Word's own form: a relationship to the address and a blue, underlined run."""
    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "0563C1")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(colour)
    props.append(underline)
    run.append(props)
    words = OxmlElement("w:t")
    words.text = text
    words.set(qn("xml:space"), "preserve")
    run.append(words)
    link.append(run)
    paragraph._p.append(link)


def _word_point(document: WordDocument, c: _Cited) -> None:
    paragraph = document.add_paragraph(f"“{_clean(c.point.quote)}” ", style="List Bullet")
    label = f"[{c.number}] {_cite(c.point)}"
    if c.url:
        _hyperlink(paragraph, label, c.url)
    else:
        paragraph.add_run(label)


def _word_notice(document: WordDocument, text: str) -> None:
    run = document.add_paragraph().add_run(text)
    run.italic = True
    run.font.color.rgb = RGBColor(0x40, 0x40, 0x40)


def _save(document: WordDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def digest_docx(d: Digest, options: ExportOptions | None = None) -> bytes:
    opts = options or ExportOptions()
    document = _new_document(opts, f"Learning from case reviews: {d.label}")
    document.add_heading(f"Learning from case reviews: {d.label}", level=1)
    document.add_paragraph(f"Theme: {d.label}. {_prepared_line(opts)}.")
    document.add_paragraph(_clean(d.description))
    _word_notice(document, d.notice)
    if not d.reviews:
        document.add_paragraph("No indexed document carries learning on this theme yet.")
    for heading, groups in _digest_sections(d, _Numbering(opts.base_url)):
        document.add_heading(heading, level=2)
        for review, cited in groups:
            document.add_paragraph().add_run(_clean(review)).bold = True
            for c in cited:
                _word_point(document, c)
    if d.prompts:
        document.add_heading("Prompts for supervision (caselearn's own, not from the reviews)", level=2)
        for q in d.prompts:
            document.add_paragraph(_clean(q), style="List Bullet")
    _word_notice(document, d.notice)
    return _save(document)


def summary_docx(s: DocumentSummary, options: ExportOptions | None = None) -> bytes:
    opts = options or ExportOptions()
    document = _new_document(opts, _summary_title(s))
    document.add_heading(_clean(_summary_title(s)), level=1)
    if _summary_meta(s):
        document.add_paragraph(_clean(_summary_meta(s)))
    document.add_paragraph(f"{_prepared_line(opts)}.")
    shape = _summary_shape_line(s)
    if shape:
        document.add_paragraph(shape)
    if s.themes:
        document.add_paragraph("Themes: " + _clean(theme_labels(s.themes)))
    for heading, cited in _summary_sections(s, _Numbering(opts.base_url)):
        document.add_heading(heading, level=2)
        for c in cited:
            _word_point(document, c)
    _word_notice(document, SUMMARY_NOTICE)
    return _save(document)
