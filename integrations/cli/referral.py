"""``caselearn referral-check``: might a situation meet review or notification criteria?"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click
from rich.markup import escape

from assistant import messages
from assistant.errors import AssistantError
from integrations.channels.formatting import FactField, FactValue, parse_fact, summarise_referral
from integrations.cli.common import open_index, out, user_errors
from integrations.cli.group import cli

if TYPE_CHECKING:
    from assistant.referral import ReferralResult

STATUS_MARK = {"met": "[green]✓[/green]", "not_met": "[red]✗[/red]", "unknown": "[yellow]?[/yellow]"}


def _header(result: ReferralResult) -> None:
    """The emergency notice, the headline, one line per person and the decisive facts read, with their words."""
    summary = summarise_referral(result.as_dict())
    for notice in summary.notices:
        if notice.kind == "emergency":
            out.print(f"[bold red]{escape(notice.text)}[/bold red]\n", highlight=False)
    out.print(f"[bold]{escape(summary.headline)}[/bold]", highlight=False)
    for person in summary.people:
        out.print(f"  • {escape(person.text)}", highlight=False)
    if any(person.facts for person in summary.people):
        out.print(f"\n[bold]{escape(messages.REFERRAL_FACTS_READ)}[/bold]", highlight=False)
        for person in summary.people:
            if not person.facts:
                continue
            out.print(f"  {escape(person.label[:1].upper() + person.label[1:])}", highlight=False)
            for item in person.facts:
                line = escape(messages.referral_fact_line(item.label, item.value_text))
                words = f"  [dim]({escape(item.words)})[/dim]" if item.words else ""
                out.print(f"    {line}{words}", highlight=False)
    out.print()


def render(result: ReferralResult, *, questions: bool = True) -> None:
    _header(result)
    for route in result.routes:
        verdict = messages.REFERRAL_VERDICTS.get(route.verdict, route.verdict)
        extra = f" ({route.review_type})" if route.review_type and route.review_type != "needs_more_info" else ""
        out.print(f"[bold]{escape(route.name)}[/bold]: {escape(verdict)}{escape(extra)}", highlight=False)
        out.print(f"  {escape(messages.referral_route_for(route.person, route.reason))}", highlight=False)
        for c in route.criteria:
            flag = f" ({messages.REFERRAL_UNVERIFIED})" if c.unverified else ""
            status = messages.REFERRAL_STATUS.get(c.status, c.status)
            source = f" [dim]— {escape(c.source + flag)}[/dim]" if c.source else ""
            out.print(f"  {STATUS_MARK.get(c.status, '•')} {escape(status)}: {escape(c.text)}{source}", highlight=False)
            if c.passage and c is route.criteria[0]:
                where = messages.referral_in_your_documents(c.passage.title, c.passage.page)
                out.print(f"      [dim]{escape(where)}[/dim]", highlight=False)
        if route.form:
            contact = f" — {route.form.contact}" if route.form.contact else ""
            out.print(f"  {messages.REFERRAL_FORM}: {escape(route.form.name + contact)}", highlight=False)
            for more in (route.form.url, route.form.note):
                if more:
                    out.print(f"        {escape(more)}", highlight=False)
        unverified = f" ({messages.REFERRAL_UNVERIFIED})" if route.timescale_unverified else ""
        out.print(f"  {messages.REFERRAL_TIMESCALE}: {escape(route.timescale + unverified)}", highlight=False)
        out.print(f"  {messages.REFERRAL_WHO_DECIDES}: {escape(route.who_decides)}", highlight=False)
        out.print()
    summary = summarise_referral(result.as_dict())
    if questions and summary.questions:
        out.print(f"[bold]{escape(messages.REFERRAL_FOLLOW_UPS)}[/bold]:", highlight=False)
        for item in summary.questions:
            out.print(f"  - {escape(item.label)}", highlight=False)
        out.print()
    _notices(result)


def _notices(result: ReferralResult) -> None:
    for notice in summarise_referral(result.as_dict()).notices:
        if notice.kind != "emergency":
            out.print(f"[dim]{escape(notice.text)}[/dim]", highlight=False)


def _reader(item: FactField) -> tuple[str, Callable[[str], FactValue]]:
    """The prompt for one question and how to read its answer (``None``: not known)."""
    if item.is_number:

        def age(raw: str) -> FactValue:
            value = parse_fact(raw)
            if value is None or (isinstance(value, int) and not isinstance(value, bool) and value <= 120):
                return value
            raise click.BadParameter(messages.REFERRAL_ANSWER_AGE)

        return f"{item.label}\n  {item.about} ({messages.REFERRAL_PROMPT_AGE})", age
    options = [(value, text) for value, text in item.choices if value]
    if [value for value, _ in options] == ["true", "false"]:

        def yes_no(raw: str) -> FactValue:
            value = parse_fact(raw)
            if value is None or isinstance(value, bool):
                return value
            raise click.BadParameter(messages.REFERRAL_ANSWER_YES_NO)

        return f"{item.label}\n  {item.about} ({messages.REFERRAL_PROMPT_YES_NO})", yes_no

    def choice(raw: str) -> FactValue:
        text = raw.strip().lower()
        if parse_fact(raw) is None:
            return None
        if text.isdigit() and 1 <= int(text) <= len(options):
            return options[int(text) - 1][0]
        for value, shown in options:
            if text in (value.lower(), shown.lower()):
                return value
        raise click.BadParameter(messages.REFERRAL_ANSWER_CHOICE)

    listed = "\n".join(f"  {n}. {shown}" for n, (_, shown) in enumerate(options, 1))
    return f"{item.label}\n{listed}\n  {item.about} ({messages.REFERRAL_PROMPT_CHOICE})", choice


def ask_all(result: ReferralResult) -> dict[str, FactValue]:
    """Every follow-up question still open, asked in turn; the answers given, keyed by ``key``."""
    answers: dict[str, FactValue] = {}
    questions = summarise_referral(result.as_dict()).questions
    if not questions:
        return answers
    out.print(f"[bold]{escape(messages.REFERRAL_ASK_INTRO)}[/bold]", highlight=False)
    for item in questions:
        prompt, read = _reader(item)
        value = click.prompt(prompt, default="", show_default=False, value_proc=read)
        if value is not None and value != "":
            answers[item.key] = value
    out.print()
    return answers


def render_changes(before: ReferralResult, after: ReferralResult) -> None:
    """After the answers: the emergency notice if any, the new headline, and only the verdicts that changed."""
    summary = summarise_referral(after.as_dict())
    for notice in summary.notices:
        if notice.kind == "emergency":
            out.print(f"[bold red]{escape(notice.text)}[/bold red]\n", highlight=False)
    out.print(f"[bold]{escape(messages.REFERRAL_AFTER_ANSWERS)}[/bold]: {escape(summary.headline)}", highlight=False)
    old = {r.route: r for r in before.routes}
    new = {r.route: r for r in after.routes}
    changed = []
    for route_id in [*new, *(r for r in old if r not in new)]:
        was, now = old.get(route_id), new.get(route_id)
        if was is not None and now is not None and was.verdict == now.verdict:
            continue
        name = (now or was).name  # type: ignore[union-attr]
        changed.append(
            messages.referral_verdict_change(name, was.verdict if was else None, now.verdict if now else None)
        )
    for line in changed:
        out.print(f"  • {escape(line)}", highlight=False)
    if not changed:
        out.print(f"  {escape(messages.REFERRAL_NOTHING_CHANGED)}", highlight=False)
    out.print()
    out.print(f"[dim]{escape(messages.REFERRAL_NOT_A_DECISION)}[/dim]", highlight=False)


@cli.command("referral-check")
@click.argument("situation")
@click.option("--facts", "facts_json", help='Known facts as JSON, e.g. \'{"subject_age": 7, "died": false}\'.')
@click.option("--partnership", help="Profile: wiltshire, cheshire-west or national (default CASELEARN_PARTNERSHIP).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (never asks questions).")
@click.option(
    "--ask/--no-input", "ask", default=None, help="Ask the follow-up questions (default: only when run in a terminal)."
)
@click.pass_context
def referral_check(
    ctx: click.Context, situation: str, facts_json: str | None, partnership: str | None, as_json: bool, ask: bool | None
) -> None:
    """Might this situation meet the criteria for a review or notification? A suggestion, never a decision.

    In a terminal, caselearn asks every follow-up question for what it does not know yet, then checks again
    and shows what changed.

    Example: caselearn referral-check "A 9-week-old on a CP plan has a skull fracture" --partnership wiltshire
    """
    from integrations.compose import build_assistant

    try:
        facts: dict[str, Any] = json.loads(facts_json) if facts_json else {}
    except json.JSONDecodeError as exc:
        raise click.BadParameter("must be a JSON object", param_hint="--facts") from exc
    if not isinstance(facts, dict):
        raise click.BadParameter("must be a JSON object", param_hint="--facts")
    settings = ctx.obj["settings"]
    index = open_index(ctx)
    assistant = build_assistant(settings, index)
    with user_errors():
        try:
            result = assistant.referral_check(situation, facts, partnership)
            if as_json:
                click.echo(json.dumps(result.as_dict(), indent=2))
                return
            interactive = ask if ask is not None else sys.stdin.isatty() and sys.stdout.isatty()
            if not (interactive and result.follow_up_questions):
                render(result)
                return
            render(result, questions=False)
            answers = ask_all(result)
            if not answers:
                return
            after = assistant.referral_check(situation, {**facts, **answers}, partnership)
            render_changes(result, after)
        except AssistantError as exc:
            raise click.ClickException(exc.user_message) from exc
