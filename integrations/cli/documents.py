"""Commands about the library itself: ingest, prepare, info, docs, remove, export and import."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.table import Column, Table

from assistant import messages
from index.models import VERSION_POLICIES, VersionPolicy
from integrations.cli.common import err, library_warnings_to_log, open_index, out, progress_bar, user_errors
from integrations.cli.group import cli
from integrations.errors import user_message


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the outcome of every file as JSON.")
@click.option(
    "--versions",
    type=click.Choice(VERSION_POLICIES),
    default=None,
    help="A newer version of a document (same title, later year) replaces the older one, or is kept beside it "
    "(default: CASELEARN_VERSIONS, else replace).",
)
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], as_json: bool, versions: VersionPolicy | None) -> None:
    """Add or update documents (files or folders).

    Unchanged files are skipped; each unreadable file gets one line and the rest carry on. A file
    with the same text as a document already indexed (under another name or format) is not added
    again. Exit status 1 if any file failed.

    Example: caselearn ingest reviews/ briefing.pdf
    """
    index = open_index(ctx)
    policy: VersionPolicy = versions or ctx.obj["settings"].versions
    with (
        user_errors(),
        progress_bar(quiet=as_json) as bar,
    ):
        task = bar.add_task("Finding files", total=None)

        def progress(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=total)

        def stage(text: str) -> None:  # what is being done now: a file, a page, the model, embedding
            bar.update(task, description=text if len(text) <= 70 else text[:69] + "…")

        from index import ingest_paths
        from ingest.progress import reporting

        with reporting(stage), library_warnings_to_log(ctx.obj["settings"].data_dir) as logged:
            report = ingest_paths(index, list(paths), progress, versions=policy)
    if logged.count:
        err.print(messages.library_warnings_logged(logged.count, logged.path), highlight=False)
    for outcome in report.outcomes:
        if as_json:
            break
        if outcome.status in ("failed", "skipped"):
            err.print(
                messages.ingest_failure(outcome.path, outcome.reason, outcome.detail),
                style="red" if outcome.status == "failed" else "yellow",
                highlight=False,
            )
        elif note := messages.ingest_note(Path(outcome.path).name, outcome.result):
            err.print(note, highlight=False)
    summary = messages.ingest_summary(
        report.count("added"),
        report.count("updated"),
        report.count("unchanged"),
        report.count("failed"),
        report.count("skipped"),
        duplicates=report.count("duplicate"),
        older=report.count("older_version"),
        replaced=sum(len(o.result.replaced) for o in report.outcomes if o.result is not None),
    )
    if as_json:
        click.echo(
            json.dumps(
                {
                    "files": [
                        {
                            "path": o.path,
                            "status": o.status,
                            "reason": o.reason.value if o.reason else None,
                            "message": messages.ingest_failure(o.path, o.reason, o.detail)
                            if o.reason
                            else messages.ingest_note(Path(o.path).name, o.result),
                        }
                        for o in report.outcomes
                    ],
                    "summary": summary,
                },
                indent=2,
            )
        )
    else:
        err.print(summary, highlight=False)
    if report.failed:
        sys.exit(1)


@cli.command()
@click.pass_context
def prepare(ctx: click.Context) -> None:
    """Embed ahead of time every sentence an answer could quote (makes first answers fast).

    Optional: answers embed what they need on first use and keep it. Resumable; run again after
    ingesting to prepare only the new passages.

    Example: caselearn prepare
    """
    from integrations.compose import build_assistant

    index = open_index(ctx)
    assistant = build_assistant(ctx.obj["settings"], index)
    with (
        user_errors(),
        progress_bar() as bar,
    ):
        task = bar.add_task("Preparing passages", total=None)
        prepared = assistant.prepare(lambda done, total: bar.update(task, completed=done, total=total))
    if index.is_empty():
        err.print(messages.NO_DOCUMENTS, highlight=False)
        return
    err.print(messages.prepared_summary(prepared, index.sentence_vectors.count()), highlight=False)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def info(ctx: click.Context, as_json: bool) -> None:
    """Show what is indexed and how."""
    index = open_index(ctx)
    with user_errors():
        data = index.info()
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    for key, value in data.items():
        out.print(f"{key:>22}: {value}", highlight=False)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def docs(ctx: click.Context, as_json: bool) -> None:
    """List indexed documents."""
    index = open_index(ctx)
    documents = index.documents()
    if as_json:
        click.echo(json.dumps([d.as_dict() for d in documents], indent=2))
        return
    if not documents:
        err.print(messages.NO_DOCUMENTS)
        return
    versions = any(d.newer_version or d.older_versions for d in documents)
    # Ids are what `remove` and `summary` take: always whole. A table when the terminal is wide
    # enough for them and the title, else one document per paragraph.
    id_width = max(len(d.id) for d in documents)
    if out.width < id_width + 75:
        for d in documents:
            passages = f"{d.chunks} passage" + ("" if d.chunks == 1 else "s")
            details = [d.review_type or messages.document_kind(d.kind), d.year, d.nation, passages]
            details += [f"{d.pages} pages"] if d.pages else []
            details += [messages.newer_version_note(d.newer_version, d.older_versions)] if versions else []
            out.print(f"[bold]{d.id}[/bold]", highlight=False, soft_wrap=True)
            out.print(f"    {d.title or d.source}", highlight=False)
            out.print("    " + " · ".join(str(x) for x in details if x), highlight=False)
        return
    table = Table(
        Column("id", no_wrap=True, min_width=id_width),
        "title",
        Column("type", no_wrap=True),
        Column("year", no_wrap=True),
        Column("nation", no_wrap=True),
        Column("chunks", no_wrap=True),
        Column("pages", no_wrap=True),
        *(["versions"] if versions else []),
    )
    for d in documents:
        table.add_row(
            d.id,
            d.title or d.source,
            d.review_type or messages.document_kind(d.kind),
            str(d.year or ""),
            d.nation or "",
            str(d.chunks),
            str(d.pages or ""),
            *([messages.newer_version_note(d.newer_version, d.older_versions)] if versions else []),
        )
    out.print(table)


@cli.command()
@click.argument("keys", nargs=-1, required=True)
@click.pass_context
def remove(ctx: click.Context, keys: tuple[str, ...]) -> None:
    """Remove documents by id or file name (see caselearn docs)."""
    index = open_index(ctx)
    failed = False
    for key in keys:
        try:
            removed = index.remove(key)
            err.print(messages.removed_document(removed.source, removed.chunks), highlight=False)
        except Exception as exc:
            text = user_message(exc)
            if text is None:
                raise
            err.print(text, style="red", highlight=False)
            failed = True
    if failed:
        sys.exit(1)


@cli.command("export")
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def export_command(ctx: click.Context, archive: Path) -> None:
    """Save the whole data directory (documents, index, feedback) to one .tar.gz archive."""
    from index import export_data

    index = open_index(ctx)
    with user_errors():
        counts = export_data(index, archive)
    err.print(messages.exported_archive(counts["documents"], counts["passages"], archive), highlight=False)


@cli.command("import")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def import_command(ctx: click.Context, archive: Path) -> None:
    """Restore an archive made by ``caselearn export`` into an empty data directory."""
    from index import import_data

    index = open_index(ctx)
    with user_errors():
        counts = import_data(index, archive)
    err.print(messages.imported_archive(counts["documents"], counts["passages"]), highlight=False)
