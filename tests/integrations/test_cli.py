from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from integrations.cli import cli
from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("cli-data")
    result = CliRunner().invoke(cli, ["--data-dir", str(data), "ingest", str(SAMPLES)], obj={})
    assert result.exit_code == 0, result.output
    return data


def run(data: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(data), *args], obj={})
    return result.exit_code, result.stdout, result.stderr


def test_ingest_reports_a_summary_and_skips_unchanged(data_dir: Path) -> None:
    code, _, err = run(data_dir, "ingest", str(SAMPLES))
    assert code == 0
    assert "0 added, 0 updated, 4 unchanged" in err


def test_bad_files_get_one_plain_line_each_and_exit_status_1(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "sar-mr-d-summary.pdf", folder)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    (folder / "empty.md").write_text("")
    code, out, err = run(tmp_path / "data", "ingest", str(folder))
    assert code == 1
    assert "broken.pdf: the file is damaged" in err
    assert "empty.md: the file is empty" in err
    assert "Traceback" not in err + out
    assert "1 added" in err and "2 failed" in err


def test_search_json_hits_carry_provenance(data_dir: Path) -> None:
    code, out, _ = run(data_dir, "search", "who decides whether a review is commissioned", "--k", "3", "--json")
    assert code == 0
    hits = json.loads(out)["hits"]
    assert len(hits) == 3
    for hit in hits:
        assert {"source", "title", "page", "pages", "section", "text", "score", "url"} <= hit.keys()


def test_search_filters_by_type_and_year(data_dir: Path) -> None:
    code, out, _ = run(data_dir, "search", "recommendations", "--type", "SAR", "--year-from", "2024", "--json")
    assert code == 0
    assert {h["source"] for h in json.loads(out)["hits"]} == {"sar-mr-d-summary.pdf"}


def test_batch_search_writes_one_json_line_per_question(data_dir: Path, tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"id": "a", "question": "safe sleep"}\n\n{"id": "b", "question": "hoarding"}\n')
    code, out, _ = run(data_dir, "search", "--batch", str(questions), "--k", "2", "--json")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["id"] for line in lines] == ["a", "b"]
    assert all(len(line["hits"]) == 2 for line in lines)


def test_batch_file_with_bad_line_names_the_line(data_dir: Path, tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"id": "a", "question": "safe sleep"}\nnot json\n')
    code, _, err = run(data_dir, "search", "--batch", str(questions))
    assert code != 0
    assert "line 2" in err and "Traceback" not in err


def test_info_and_docs(data_dir: Path) -> None:
    code, out, _ = run(data_dir, "info", "--json")
    info = json.loads(out)
    assert code == 0 and info["documents"] == 4
    assert {"chunks", "embedding_model", "avg_chunk_chars", "data_dir"} <= info.keys()
    code, out, _ = run(data_dir, "docs", "--json")
    assert {d["source"] for d in json.loads(out)} == {p.name for p in SAMPLES.iterdir() if p.suffix != ".yaml"}


def test_remove_by_file_name_and_unknown_key(tmp_path: Path) -> None:
    data = tmp_path / "data"
    run(data, "ingest", str(SAMPLES / "sar-mr-d-summary.pdf"))
    code, _, err = run(data, "remove", "sar-mr-d-summary.pdf")
    assert code == 0 and "Removed sar-mr-d-summary.pdf" in err
    code, _, err = run(data, "remove", "nothing.pdf")
    assert code == 1 and "No indexed document" in err


def test_prepare_embeds_answer_sentences_once_and_then_has_nothing_to_do(tmp_path: Path) -> None:
    data = tmp_path / "data"
    code, _, err = run(data, "prepare")
    assert code == 0 and "No documents are indexed yet" in err
    assert run(data, "ingest", str(SAMPLES))[0] == 0
    code, _, err = run(data, "prepare")
    assert code == 0 and re.search(r"Prepared [1-9]\d* passages: [1-9]\d* sentences ready for answers", err)
    code, _, err = run(data, "prepare")
    assert code == 0 and "Every passage was already prepared" in err
    assert (data / "sentence-vectors.sqlite3").is_file()
