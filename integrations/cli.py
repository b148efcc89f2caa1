"""The ``caselearn`` command line."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Column, Table

from assistant import messages
from assistant.settings import Settings
from index.models import VERSION_POLICIES, Filters, Hit, VersionPolicy
from integrations.errors import user_message
from integrations.links import stored_file_uri

if TYPE_CHECKING:
    from index import CaseIndex

F = TypeVar("F", bound=Callable[..., Any])
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def _quiet_libraries() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    for name in ("chromadb", "sentence_transformers", "transformers", "httpx", "bm25s"):
        logging.getLogger(name).setLevel(logging.WARNING)


@dataclass
class _Logged:
    path: Path
    count: int = 0


@contextmanager
def _library_warnings_to_log(data_dir: Path) -> Iterator[_Logged]:
    """The PDF and HTML readers' warnings go to a log file in the data directory while the block runs,
    not into the progress line (they name files and objects, never a question)."""
    logged = _Logged(data_dir / "logs" / "ingest.log")
    logged.path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(logged.path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))

    def count(_: logging.LogRecord) -> bool:
        logged.count += 1
        return True

    handler.addFilter(count)
    loggers = [logging.getLogger(name) for name in ("pypdf", "pypdfium2", "trafilatura", "docx", "py.warnings")]
    before = [(lg.propagate, lg.level) for lg in loggers]
    logging.captureWarnings(True)
    for lg in loggers:
        lg.addHandler(handler)
        lg.propagate = False
        lg.setLevel(logging.WARNING)
    try:
        yield logged
    finally:
        logging.captureWarnings(False)
        for lg, (propagate, level) in zip(loggers, before, strict=True):
            lg.removeHandler(handler)
            lg.propagate, lg.level = propagate, level
        handler.close()


@contextmanager
def _user_errors() -> Iterator[None]:
    """Show errors a user can act on as one plain line and exit 1, never a traceback."""
    try:
        yield
    except click.ClickException:
        raise
    except Exception as exc:
        text = user_message(exc)
        if text is None:
            raise
        raise click.ClickException(text) from exc


def _progress_bar(quiet: bool = False) -> Progress:
    """A bar on standard error, shown only on a terminal; it disappears when the work is done."""
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=quiet or not err.is_terminal,
    )


def _open_index(ctx: click.Context) -> CaseIndex:
    settings: Settings = ctx.obj["settings"]
    if "index" not in ctx.obj:
        with _user_errors():
            from index import CaseIndex

            ctx.obj["index"] = CaseIndex(settings.index_config())
    index: CaseIndex = ctx.obj["index"]
    return index


# Where each command is listed in `caselearn --help` (click lists one flat block; a command not
# named here goes under "Other commands").
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Everyday commands", ("ask", "search", "referral-check", "learning", "summary", "themes")),
    ("Documents", ("ingest", "docs", "remove", "info", "retag", "prepare", "export", "import")),
    ("Services", ("serve", "slack")),
    ("For developers", ("eval", "bench", "bench-ingest", "bench-load")),
)


class SectionedGroup(click.Group):
    """A group whose help lists commands in :data:`SECTIONS`, everyday ones first."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        order = [name for _, names in SECTIONS for name in names]
        known = super().list_commands(ctx)
        return [n for n in order if n in known] + [n for n in known if n not in order]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        commands = {n: c for n in self.list_commands(ctx) if (c := self.get_command(ctx, n)) and not c.hidden}
        width = formatter.width - 6 - max((len(n) for n in commands), default=0)
        placed: set[str] = set()
        for title, names in (*SECTIONS, ("Other commands", tuple(commands))):
            rows = [(n, commands[n].get_short_help_str(width)) for n in names if n in commands and n not in placed]
            placed.update(n for n, _ in rows)
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


@click.group(cls=SectionedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path),
    envvar="CASELEARN_DATA_DIR",
    help="Data directory (default ./data, or CASELEARN_DATA_DIR).",
)
@click.option("-v", "--verbose", is_flag=True, help="Show informational log lines (never question text).")
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None, verbose: bool) -> None:
    """caselearn: search and cited answers over published safeguarding case reviews."""
    _quiet_libraries()
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    settings = Settings()
    if data_dir is not None:
        settings = settings.model_copy(update={"data_dir": data_dir})
    ctx.ensure_object(dict)
    ctx.obj["settings"] = settings


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
    index = _open_index(ctx)
    policy: VersionPolicy = versions or ctx.obj["settings"].versions
    with (
        _user_errors(),
        _progress_bar(quiet=as_json) as bar,
    ):
        task = bar.add_task("Finding files", total=None)

        def progress(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=total)

        def stage(text: str) -> None:  # what is being done now: a file, a page, the model, embedding
            bar.update(task, description=text if len(text) <= 70 else text[:69] + "…")

        from index import ingest_paths
        from ingest.progress import reporting

        with reporting(stage), _library_warnings_to_log(ctx.obj["settings"].data_dir) as logged:
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

    index = _open_index(ctx)
    assistant = build_assistant(ctx.obj["settings"], index)
    with (
        _user_errors(),
        _progress_bar() as bar,
    ):
        task = bar.add_task("Preparing passages", total=None)
        prepared = assistant.prepare(lambda done, total: bar.update(task, completed=done, total=total))
    if not index.catalog.counts()[0]:
        err.print(messages.NO_DOCUMENTS, highlight=False)
        return
    err.print(messages.prepared_summary(prepared, index.sentence_vectors.count()), highlight=False)


def _filters(
    types: tuple[str, ...],
    year_from: int | None,
    year_to: int | None,
    nations: tuple[str, ...],
    publishers: tuple[str, ...],
    sources: tuple[str, ...],
) -> Filters:
    return Filters(
        review_types=types,
        year_from=year_from,
        year_to=year_to,
        nations=nations,
        publishers=publishers,
        sources=sources,
    )


def filter_options(func: F) -> F:
    options = [
        click.option("--type", "types", multiple=True, help="Review type, e.g. SAR, CSPR, DHR (repeatable)."),
        click.option("--year-from", type=int, help="Earliest year."),
        click.option("--year-to", type=int, help="Latest year."),
        click.option("--nation", "nations", multiple=True, help="England, Wales, Scotland, Northern Ireland, UK."),
        click.option("--publisher", "publishers", multiple=True, help="Publisher or partnership (part of the name)."),
        click.option("--source", "sources", multiple=True, help="Source file name."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _read_questions(path: Path) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise click.ClickException(
                messages.BAD_QUESTIONS_FILE.format(path=path, line=n, problem="not valid JSON")
            ) from exc
        if not isinstance(item, dict) or not isinstance(item.get("question"), str):
            raise click.ClickException(
                messages.BAD_QUESTIONS_FILE.format(path=path, line=n, problem="needs a 'question' string")
            )
        rows.append((str(item.get("id", n)), item["question"]))
    return rows


@cli.command()
@click.argument("query", required=False)
@click.option("-k", "--k", "k", default=5, show_default=True, help="Number of passages.")
@click.option(
    "--batch",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="JSONL file of {id, question}; prints one JSON line per question.",
)
@click.option("--mode", type=click.Choice(["hybrid", "dense", "bm25"]), default="hybrid", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@filter_options
@click.pass_context
def search(
    ctx: click.Context,
    query: str | None,
    k: int,
    batch: Path | None,
    mode: str,
    as_json: bool,
    types: tuple[str, ...],
    year_from: int | None,
    year_to: int | None,
    nations: tuple[str, ...],
    publishers: tuple[str, ...],
    sources: tuple[str, ...],
) -> None:
    """Find passages, with their document, page and section.

    Examples: caselearn search "bruising in non-mobile babies" --type LCSPR
              caselearn search --batch questions.jsonl --k 10 --json
    """
    if not query and not batch:
        raise click.UsageError("give a query, or --batch FILE")
    if k < 1 or k > 100:
        raise click.BadParameter("must be between 1 and 100", param_hint="--k")
    index = _open_index(ctx)
    filters = _filters(types, year_from, year_to, nations, publishers, sources)
    with _user_errors():
        if batch:
            for qid, question in _read_questions(batch):
                hits = index.search(question, k=k, filters=filters, mode=mode)  # type: ignore[arg-type]
                click.echo(json.dumps({"id": qid, "hits": [h.as_dict() for h in hits]}))
            return
        assert query is not None
        query = _checked(query, ctx.obj["settings"].max_question_chars)
        hits = index.search(query, k=k, filters=filters, mode=mode)  # type: ignore[arg-type]
    if as_json:
        click.echo(json.dumps({"query": query, "hits": [h.as_dict() for h in hits]}, indent=2))
        return
    if not hits:
        err.print(messages.NO_DOCUMENTS if not index.catalog.counts()[0] else messages.NO_RESULTS)
        return
    for n, hit in enumerate(hits, start=1):
        _print_hit(n, hit, hit.url or stored_file_uri(index, hit.document_id, hit.page))


def _checked(question: str, limit: int) -> str:
    from assistant.errors import InvalidQuestionError
    from assistant.service import checked_question

    try:
        return checked_question(question, limit)
    except InvalidQuestionError as exc:
        raise click.ClickException(exc.user_message) from exc


def _where(hit: Hit) -> str:
    bits = [hit.title]
    if hit.publisher:
        bits.append(hit.publisher)
    if hit.year:
        bits.append(str(hit.year))
    if hit.page is not None:
        bits.append(f"p. {hit.page}")
    return ", ".join(bits)


def _print_hit(n: int, hit: Hit, link: str | None) -> None:
    out.print(f"[bold][{n}] {_where(hit)}[/bold]  [dim]{hit.source} · score {hit.score:.3f}[/dim]", highlight=False)
    text = hit.text
    if hit.section:
        out.print(f"    [italic]{hit.section}[/italic]", highlight=False)
        if text.startswith(hit.section):  # a passage opens with its heading: shown once, above
            text = text[len(hit.section) :].lstrip()
    text = text if len(text) <= 500 else text[:500].rsplit(" ", 1)[0] + " …"
    out.print("    " + text.replace("\n\n", "\n    ").replace("\n", "\n    "), highlight=False)
    if link:
        out.print(f"    [link={link}]{link}[/link]", highlight=False)
    out.print()


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def info(ctx: click.Context, as_json: bool) -> None:
    """Show what is indexed and how."""
    index = _open_index(ctx)
    with _user_errors():
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
    index = _open_index(ctx)
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
    index = _open_index(ctx)
    failed = False
    for key in keys:
        try:
            removed = index.remove(key)
            err.print(f"Removed {removed.source} ({removed.chunks} passages).", highlight=False)
        except Exception as exc:
            text = user_message(exc)
            if text is None:
                raise
            err.print(text, style="red", highlight=False)
            failed = True
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@filter_options
@click.pass_context
def ask(
    ctx: click.Context,
    question: str,
    as_json: bool,
    types: tuple[str, ...],
    year_from: int | None,
    year_to: int | None,
    nations: tuple[str, ...],
    publishers: tuple[str, ...],
    sources: tuple[str, ...],
) -> None:
    """Answer a question with quotes from the documents, each cited with its page.

    Example: caselearn ask "What should a rapid review consider?"
    """
    from assistant.errors import AssistantError
    from integrations.compose import build_assistant
    from integrations.links import terminal_link

    settings = ctx.obj["settings"]
    index = _open_index(ctx)
    assistant = build_assistant(settings, index, terminal_link(index, settings.public_url))
    filters = _filters(types, year_from, year_to, nations, publishers, sources)
    with _user_errors():
        try:
            answer = assistant.answer(question, filters=filters)
        except AssistantError as exc:
            raise click.ClickException(exc.user_message) from exc
    if as_json:
        click.echo(json.dumps(answer.as_dict(), indent=2))
        return
    for notice in answer.notices:
        if notice.kind == "emergency":
            out.print(f"[bold red]{notice.text}[/bold red]", highlight=False)
            out.print()
    for notice in answer.notices:
        if notice.kind == "uncertain":
            out.print(f"[yellow]{notice.text}[/yellow]", highlight=False)
    out.print(answer.text, highlight=False)
    out.print()
    for c in answer.citations:
        place = c.place or (f"p. {c.page}" if c.page else None)
        where = ", ".join(str(b) for b in (c.title, c.publisher, c.year, place) if b)
        out.print(f"[bold][{c.n}][/bold] {where}  [dim]{c.source}[/dim]", highlight=False)
        if c.url:  # the stored original at the page, or the deployed viewer at the quote
            out.print(f"    {c.url}", highlight=False)
        if c.source_url and c.source_url != c.url:
            out.print(f"    published: {c.source_url}", highlight=False)
    if not answer.answered and answer.nearest:
        out.print("[bold]Nearest documents[/bold]")
        for s in answer.nearest:
            out.print(f"  - {s.title} ({s.source})", highlight=False)
    for notice in answer.notices:
        if notice.kind not in ("emergency", "uncertain"):
            out.print(f"[dim]{notice.text}[/dim]", highlight=False)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Run the HTTP service and web page (OpenAPI docs at /docs).

    Access logs show method, route, status and time only; never question text.
    """
    import uvicorn

    from integrations.api.app import create_app

    logging.getLogger("caselearn").setLevel(logging.INFO)
    with _user_errors():
        app = create_app(ctx.obj["settings"])
    err.print(f"caselearn is serving on http://{host}:{port}/ (API docs at /docs)", highlight=False)
    settings: Settings = ctx.obj["settings"]
    # The client address (for the per-client limit) comes from X-Forwarded-For only when the
    # request arrives from a trusted proxy; anyone else could name any address there.
    uvicorn.run(
        app,
        host=host,
        port=port,
        access_log=False,
        log_level="warning",
        proxy_headers=True,
        forwarded_allow_ips=settings.trusted_proxies or "",
    )


@cli.command()
@click.option(
    "--socket", "socket_mode", is_flag=True, help="Socket Mode: connect out to Slack, no public URL (SLACK_APP_TOKEN)."
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (HTTP mode).")
@click.option("--port", default=8000, show_default=True, type=int, help="Port (HTTP mode).")
@click.pass_context
def slack(ctx: click.Context, socket_mode: bool, host: str, port: int) -> None:
    """Run the Slack bot.

    HTTP mode (default): the service with Slack at /slack/events; needs SLACK_BOT_TOKEN and
    SLACK_SIGNING_SECRET. Socket Mode (--socket), for networks Slack cannot reach: needs
    SLACK_BOT_TOKEN and SLACK_APP_TOKEN. Message text is never logged.
    """
    settings: Settings = ctx.obj["settings"]
    needed = settings.slack_app_token if socket_mode else settings.slack_signing_secret
    if not (settings.slack_bot_token and needed):
        other = "SLACK_APP_TOKEN" if socket_mode else "SLACK_SIGNING_SECRET"
        raise click.ClickException(messages.SLACK_NEEDS_TOKENS.format(other=other))
    if not socket_mode:
        ctx.invoke(serve, host=host, port=port)
        return
    from integrations.slack.app import run_socket_mode

    logging.getLogger("caselearn").setLevel(logging.INFO)
    index = _open_index(ctx)
    err.print("caselearn is connecting to Slack in Socket Mode; press Ctrl+C to stop.", highlight=False)
    with _user_errors():
        run_socket_mode(settings, index)


@cli.command("export")
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def export_command(ctx: click.Context, archive: Path) -> None:
    """Save the whole data directory (documents, index, feedback) to one .tar.gz archive."""
    from index import export_data

    index = _open_index(ctx)
    with _user_errors():
        counts = export_data(index, archive)
    err.print(
        f"Exported {counts['documents']} documents and {counts['passages']} passages to {archive}.", highlight=False
    )


@cli.command("import")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def import_command(ctx: click.Context, archive: Path) -> None:
    """Restore an archive made by ``caselearn export`` into an empty data directory."""
    from index import import_data

    index = _open_index(ctx)
    with _user_errors():
        counts = import_data(index, archive)
    err.print(f"Imported {counts['documents']} documents and {counts['passages']} passages.", highlight=False)


# Command groups in their own modules register themselves on ``cli`` when imported.
from integrations import cli_bench, cli_eval, cli_referral, cli_themes  # noqa: E402, F401


def main() -> None:
    cli(obj={})


if __name__ == "__main__":
    main()
