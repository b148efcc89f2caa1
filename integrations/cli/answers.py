"""Everyday commands for questions: search and ask."""

from __future__ import annotations

import json
from pathlib import Path

import click

from assistant import messages
from index.models import Filters, Hit
from integrations.cli.common import checked, err, filter_options, open_index, out, read_questions, user_errors
from integrations.cli.group import cli
from integrations.links import stored_file_uri


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
    filters: Filters,
) -> None:
    """Find passages, with their document, page and section.

    Examples: caselearn search "bruising in non-mobile babies" --type LCSPR
              caselearn search --batch questions.jsonl --k 10 --json
    """
    if not query and not batch:
        raise click.UsageError("give a query, or --batch FILE")
    if k < 1 or k > 100:
        raise click.BadParameter("must be between 1 and 100", param_hint="--k")
    index = open_index(ctx)
    with user_errors():
        if batch:
            for qid, question in read_questions(batch):
                hits = index.search(question, k=k, filters=filters, mode=mode)  # type: ignore[arg-type]
                click.echo(json.dumps({"id": qid, "hits": [h.as_dict() for h in hits]}))
            return
        assert query is not None
        query = checked(query, ctx.obj["settings"].max_question_chars)
        hits = index.search(query, k=k, filters=filters, mode=mode)  # type: ignore[arg-type]
    if as_json:
        click.echo(json.dumps({"query": query, "hits": [h.as_dict() for h in hits]}, indent=2))
        return
    if not hits:
        err.print(messages.NO_DOCUMENTS if index.is_empty() else messages.NO_RESULTS)
        return
    for n, hit in enumerate(hits, start=1):
        _print_hit(n, hit, hit.url or stored_file_uri(index, hit.document_id, hit.page))


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
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@filter_options
@click.pass_context
def ask(
    ctx: click.Context,
    question: str,
    as_json: bool,
    filters: Filters,
) -> None:
    """Answer a question with quotes from the documents, each cited with its page.

    Example: caselearn ask "What should a rapid review consider?"
    """
    from assistant.errors import AssistantError
    from integrations.compose import build_assistant
    from integrations.links import terminal_link

    settings = ctx.obj["settings"]
    index = open_index(ctx)
    assistant = build_assistant(settings, index, terminal_link(index, settings.public_url))
    with user_errors():
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
