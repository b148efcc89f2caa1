"""The ``caselearn`` command line: one module per group of commands, each registering itself on ``cli``."""

from __future__ import annotations

from integrations.cli import answers, bench, documents, evaluation, referral, services, themes  # noqa: F401
from integrations.cli.group import cli

__all__ = ["cli", "main"]


def main() -> None:
    cli(obj={})
