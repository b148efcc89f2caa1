"""What every command shares: the consoles, plain error lines, the progress bar, the index, filter options."""

from __future__ import annotations

import functools
import json
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from assistant import messages
from assistant.settings import Settings
from index.models import Filters
from integrations.errors import user_message

if TYPE_CHECKING:
    from index import CaseIndex

F = TypeVar("F", bound=Callable[..., Any])
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def quiet_libraries() -> None:
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
def library_warnings_to_log(data_dir: Path) -> Iterator[_Logged]:
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
def user_errors() -> Iterator[None]:
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


def progress_bar(quiet: bool = False) -> Progress:
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


def open_index(ctx: click.Context) -> CaseIndex:
    settings: Settings = ctx.obj["settings"]
    if "index" not in ctx.obj:
        with user_errors():
            from index import CaseIndex

            ctx.obj["index"] = CaseIndex(settings.index_config())
    index: CaseIndex = ctx.obj["index"]
    return index


# The search filters, declared once: every command that filters takes the same options and receives
# them as one ``filters`` argument.
_FILTER_OPTIONS = (
    click.option("--type", "types", multiple=True, help="Review type, e.g. SAR, CSPR, DHR (repeatable)."),
    click.option("--year-from", type=int, help="Earliest year."),
    click.option("--year-to", type=int, help="Latest year."),
    click.option("--nation", "nations", multiple=True, help="England, Wales, Scotland, Northern Ireland, UK."),
    click.option("--publisher", "publishers", multiple=True, help="Publisher or partnership (part of the name)."),
    click.option("--source", "sources", multiple=True, help="Source file name."),
)


def filter_options(func: F) -> F:
    """Add the filter options to a command, which receives them as ``filters: Filters``."""

    @functools.wraps(func)
    def with_filters(*args: Any, **kwargs: Any) -> Any:
        kwargs["filters"] = Filters(
            review_types=kwargs.pop("types"),
            year_from=kwargs.pop("year_from"),
            year_to=kwargs.pop("year_to"),
            nations=kwargs.pop("nations"),
            publishers=kwargs.pop("publishers"),
            sources=kwargs.pop("sources"),
        )
        return func(*args, **kwargs)

    decorated: Any = with_filters
    for option in reversed(_FILTER_OPTIONS):
        decorated = option(decorated)
    return decorated  # type: ignore[no-any-return]


def read_questions(path: Path) -> list[tuple[str, str]]:
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


def checked(question: str, limit: int) -> str:
    from assistant.errors import InvalidQuestionError
    from assistant.service import checked_question

    try:
        return checked_question(question, limit)
    except InvalidQuestionError as exc:
        raise click.ClickException(exc.user_message) from exc
