"""The ``caselearn`` command group: global options, settings, and help listed by section."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from assistant.settings import Settings
from integrations.cli.common import quiet_libraries

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
    quiet_libraries()
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    settings = Settings()
    if data_dir is not None:
        settings = settings.model_copy(update={"data_dir": data_dir})
    ctx.ensure_object(dict)
    ctx.obj["settings"] = settings
