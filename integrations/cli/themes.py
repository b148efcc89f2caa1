"""``caselearn themes | learning | summary | retag``: learning on a theme for supervision."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.table import Table

from assistant import messages
from assistant.settings import Settings
from index.models import Filters
from integrations.cli.common import err, filter_options, open_index, out, user_errors
from integrations.cli.group import cli

if TYPE_CHECKING:
    from assistant.briefing import ExportOptions

FORMATS = click.Choice(["md", "docx", "json"])


def _export_options(ctx: click.Context) -> ExportOptions:
    """The deployer's page size and partnership; the service's links made absolute where its address is set."""
    from assistant.briefing import export_options

    settings: Settings = ctx.obj["settings"]
    return export_options(settings, settings.public_url)


def _stored_link(ctx: click.Context) -> Callable[[str, int | None], str] | None:
    """Links to the stored originals, only where the service has a public address to make them absolute."""
    from integrations.links import file_link

    settings: Settings = ctx.obj["settings"]
    return file_link if settings.public_url else None


def _write(text: str, data: bytes | None, fmt: str, out_path: Path | None) -> None:
    if fmt == "docx":
        if out_path is None:
            raise click.UsageError("--format docx needs --out FILE")
        out_path.write_bytes(data or b"")
        err.print(f"Wrote {out_path}", highlight=False)
    elif out_path is not None:
        out_path.write_text(text, encoding="utf-8")
        err.print(f"Wrote {out_path}", highlight=False)
    else:
        click.echo(text)


@cli.command("themes")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def themes_command(ctx: click.Context, as_json: bool) -> None:
    """List the themes with how many documents and passages carry each."""
    from index import taxonomy

    index = open_index(ctx)
    counts = index.theme_counts()
    rows = [
        {
            "id": t.id,
            "label": t.label,
            "documents": counts.get(t.id, (0, 0))[0],
            "passages": counts.get(t.id, (0, 0))[1],
        }
        for t in taxonomy()
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    table = Table("id", "theme", "documents", "passages")
    for r in rows:
        table.add_row(str(r["id"]), str(r["label"]), str(r["documents"]), str(r["passages"]))
    out.print(table)


@cli.command("learning")
@click.option("--theme", "theme_id", required=True, help="Theme id (see: caselearn themes).")
@click.option("--format", "fmt", type=FORMATS, default="md", show_default=True)
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file.")
@filter_options
@click.pass_context
def learning_command(ctx: click.Context, theme_id: str, fmt: str, out_path: Path | None, filters: Filters) -> None:
    """A thematic learning briefing for supervision, every point quoted and cited.

    Example: caselearn learning --theme fathers --format docx --out fathers.docx
    """
    from assistant.briefing import digest_docx, digest_markdown
    from assistant.learning import theme_digest

    options = _export_options(ctx)

    index = open_index(ctx)
    with user_errors():
        digest = theme_digest(index, theme_id, filters, local_link=_stored_link(ctx))
    if digest is None:
        raise click.ClickException(messages.UNKNOWN_THEME.format(theme=theme_id))
    data = json.dumps(digest.as_dict(), indent=2) if fmt == "json" else digest_markdown(digest, options)
    _write(data, digest_docx(digest, options) if fmt == "docx" else None, fmt, out_path)


@cli.command("summary")
@click.argument("document")
@click.option("--format", "fmt", type=FORMATS, default="md", show_default=True)
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def summary_command(ctx: click.Context, document: str, fmt: str, out_path: Path | None) -> None:
    """A summary of one document (id or file name): a 7-minute briefing for a case review, key points
    (what must be done, timescales, contacts) for a report, guidance or protocol."""
    from assistant.briefing import summary_docx, summary_markdown
    from assistant.learning import document_summary

    options = _export_options(ctx)

    index = open_index(ctx)
    with user_errors():
        result = document_summary(index, document, local_link=_stored_link(ctx))
    data = json.dumps(result.as_dict(), indent=2) if fmt == "json" else summary_markdown(result, options)
    _write(data, summary_docx(result, options) if fmt == "docx" else None, fmt, out_path)


@cli.command("retag")
@click.pass_context
def retag_command(ctx: click.Context) -> None:
    """Re-tag every passage with themes (after the taxonomy or thresholds change)."""
    index = open_index(ctx)
    with user_errors():
        counts = index.retag()
    err.print(messages.retagged(sum(p for _, p in counts.values()), len(counts)), highlight=False)
