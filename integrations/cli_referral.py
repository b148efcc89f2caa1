"""``caselearn referral-check``: might a situation meet review or notification criteria?"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from assistant.errors import AssistantError
from assistant.referral import ReferralResult
from integrations.cli import _open_index, _user_errors, cli, out

VERDICT_TEXT = {
    "likely_meets": "likely meets the criteria",
    "may_meet": "may meet the criteria (a discretionary decision)",
    "needs_more_info": "needs more information",
    "unlikely": "unlikely to meet the criteria",
}
STATUS_MARK = {
    "met": "[green]✓ met[/green]",
    "not_met": "[red]✗ not met[/red]",
    "unknown": "[yellow]? unknown[/yellow]",
}
CHOICES = {
    "nation": ["england", "wales", "scotland", "northern_ireland"],
    "relationship_to_perpetrator": [
        "relative",
        "intimate_partner_current",
        "intimate_partner_former",
        "household_member",
        "other_known",
        "stranger",
        "none",
    ],
    "death_type": ["natural_expected", "natural_unexpected", "sudi_unexplained", "accident", "suicide", "homicide"],
}


def _ask(fact: str, question: str) -> Any:
    """Ask one follow-up in the terminal; an empty answer leaves the fact unknown."""
    if fact == "subject_age":
        answer = click.prompt(question + " (years, Enter to skip)", default="", show_default=False)
        return int(answer) if answer.strip().isdigit() else None
    if fact in CHOICES:
        choice = click.prompt(question, type=click.Choice([*CHOICES[fact], "skip"]), default="skip")
        return None if choice == "skip" else choice
    answer = click.prompt(question + " [y/n, Enter to skip]", default="", show_default=False).strip().lower()
    return {"y": True, "yes": True, "n": False, "no": False}.get(answer)


def render(result: ReferralResult) -> None:
    for notice in result.notices:
        if notice.kind == "emergency":
            out.print(f"[bold red]{notice.text}[/bold red]\n", highlight=False)
    read = [f for f in result.facts.values() if f.origin in ("text", "given", "profile")]
    if read:
        out.print("[bold]What caselearn read from the description[/bold] (correct it with --facts):")
        for fact in read:
            out.print(f"  {fact.name} = {fact.value}  [dim]({fact.origin}: “{fact.evidence}”)[/dim]", highlight=False)
        out.print()
    for route in result.routes:
        extra = f" ({route.review_type} review)" if route.review_type and route.review_type != "needs_more_info" else ""
        automatic = " [automatic]" if route.automatic else ""
        out.print(f"[bold]{route.name}[/bold]{automatic}: {VERDICT_TEXT[route.verdict]}{extra}", highlight=False)
        out.print(f"  {route.reason}", highlight=False)
        for c in route.criteria:
            flag = " (unverified source)" if c.unverified else ""
            out.print(f"  {STATUS_MARK[c.status]}  {c.text} [dim]— {c.source}{flag}[/dim]", highlight=False)
            if c.passage and c is route.criteria[0]:
                out.print(
                    f"      [dim]In your documents: {c.passage.title}, p. {c.passage.page or '–'}[/dim]",
                    highlight=False,
                )
        if route.form:
            contact = f" — {route.form.contact}" if route.form.contact else ""
            out.print(f"  Form: {route.form.name}{contact}", highlight=False)
            if route.form.url:
                out.print(f"        {route.form.url}", highlight=False)
            if route.form.note:
                out.print(f"        {route.form.note}", highlight=False)
        unverified = " (unverified)" if route.timescale_unverified else ""
        out.print(f"  Timescale: {route.timescale}{unverified}", highlight=False)
        out.print(f"  Who decides: {route.who_decides}", highlight=False)
        out.print()
    if result.follow_up_questions:
        out.print("[bold]Still to find out[/bold] (most decisive first):")
        for q in result.follow_up_questions:
            out.print(f"  - {q.question}", highlight=False)
        out.print()
    for notice in result.notices:
        if notice.kind != "emergency":
            out.print(f"[dim]{notice.text}[/dim]", highlight=False)


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

    In a terminal, caselearn asks the follow-up questions for what it does not know yet, then checks again.

    Example: caselearn referral-check "A 9-week-old on a CP plan has a skull fracture" --partnership wiltshire
    """
    from integrations.api.app import build_assistant

    try:
        facts: dict[str, Any] = json.loads(facts_json) if facts_json else {}
    except json.JSONDecodeError as exc:
        raise click.BadParameter("must be a JSON object", param_hint="--facts") from exc
    if not isinstance(facts, dict):
        raise click.BadParameter("must be a JSON object", param_hint="--facts")
    settings = ctx.obj["settings"]
    index = _open_index(ctx)
    assistant = build_assistant(settings, index)
    with _user_errors():
        try:
            result = assistant.referral_check(situation, facts, partnership)
            interactive = not as_json and (ask if ask is not None else sys.stdin.isatty() and sys.stdout.isatty())
            if interactive and result.follow_up_questions:
                render(result)
                out.print("[bold]A few questions to sharpen this[/bold] (press Enter to skip any):")
                for q in result.follow_up_questions:
                    value = _ask(q.fact, q.question)
                    if value is not None:
                        facts[q.fact] = value
                result = assistant.referral_check(situation, facts, partnership)
                out.print()
        except AssistantError as exc:
            raise click.ClickException(exc.user_message) from exc
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2))
        return
    render(result)
