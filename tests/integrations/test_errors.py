"""The one error table: every error family a user can act on has plain wording and the right status."""

from __future__ import annotations

import re
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.errors import InvalidQuestionError
from index import BackupError, CaseIndexError, DocumentNotFoundError, StoreUnavailableError
from index.errors import VectorReadError
from ingest import UnreadableFileError
from ingest.errors import Reason
from integrations.cli import cli
from integrations.errors import translate


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (DocumentNotFoundError("case-review-x"), 404),
        (BackupError("unreadable", "old.tar.gz", "ReadError"), 422),
        (BackupError("not_empty", "old.tar.gz"), 422),
        (UnreadableFileError("scan.pdf", Reason.ENCRYPTED), 422),
        (InvalidQuestionError("Please type a question."), 400),
        (StoreUnavailableError("http://chroma:8000", "connection refused"), 503),
        (VectorReadError("chroma said no"), 503),
        (CaseIndexError("internal detail nobody should read"), 503),
    ],
)
def test_each_error_family_gets_a_status_and_a_sentence_without_internal_words(error: Exception, status: int) -> None:
    found = translate(error)
    assert found is not None and found.status == status
    assert not re.search(r"\b(?:not_empty|unreadable|ReadError|internal detail|chroma said|Error)\b", found.message)


def test_a_programming_error_is_not_translated() -> None:
    assert translate(ValueError("bug")) is None


def test_importing_a_file_that_is_not_a_backup_says_so_in_one_plain_line(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        readme = tmp_path / "readme.txt"
        readme.write_text("not a backup")
        tar.add(readme, arcname="readme.txt")
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "data"), "import", str(bogus)])
    assert result.exit_code == 1
    assert "notes.tar.gz is not a caselearn backup" in result.output
    assert "Traceback" not in result.output and "KeyError" not in result.output
