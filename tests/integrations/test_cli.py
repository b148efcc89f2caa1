from __future__ import annotations

import itertools
import json
import re
import shutil
from pathlib import Path

import click
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
    code, _, err = run(data, "prepare")  # ingest embedded search's sentences, which are most of what answers weigh
    assert code == 0
    for suffix in ("", "-wal", "-shm"):  # as after importing a backup, which leaves the sentence cache out
        (data / f"sentence-vectors.sqlite3{suffix}").unlink(missing_ok=True)
    code, _, err = run(data, "prepare")
    assert code == 0 and re.search(r"Prepared [1-9]\d* passages: [1-9]\d* sentences ready for answers", err)
    code, _, err = run(data, "prepare")
    assert code == 0 and "Every passage was already prepared" in err
    assert (data / "sentence-vectors.sqlite3").is_file()


def test_ingest_says_plainly_when_a_copy_is_already_in_the_library(tmp_path: Path) -> None:
    from pypdf import PdfReader

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "sar-mr-d-summary.pdf", folder / "practice-review.pdf")
    # The text a PDF viewer copies out: running headers and page numbers included.
    text = "\n".join(page.extract_text() for page in PdfReader(folder / "practice-review.pdf").pages)
    (folder / "practice-review.txt").write_text(text)
    code, _, err = run(tmp_path / "data", "ingest", str(folder))
    assert code == 0
    assert (
        "practice-review.txt has the same text as practice-review.pdf, already in the library; "
        "it was not added again." in err
    )
    assert "1 added" in err and "1 already in the library" in err
    code, out, _ = run(tmp_path / "data", "ingest", str(folder), "--json")
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    assert files["practice-review.pdf"]["status"] == "unchanged"
    assert files["practice-review.txt"]["status"] == "duplicate"
    assert "same text as practice-review.pdf" in files["practice-review.txt"]["message"]
    code, out, _ = run(tmp_path / "data", "docs", "--json")
    assert [d["source"] for d in json.loads(out)] == ["practice-review.pdf"]


def _protocol_versions(folder: Path) -> None:
    folder.mkdir()
    title = "Harrowfield Protocol: Escalating Concerns Between Agencies"
    shared = (
        "This protocol tells practitioners what to do when they disagree with another agency's decision about a "
        "child's safety. Speak to the practitioner in the other agency within two working days and record the "
        "conversation, the concern and what was agreed."
    )
    (folder / "escalation-2022.txt").write_text(
        f"{title}\n\n{shared}\n\nIf managers cannot agree, the designated safeguarding leads meet within ten days.\n"
    )
    (folder / "escalation-2024.txt").write_text(
        f"{title}\n\n{shared}\n\nIf managers cannot agree, the heads of service meet within five working days.\n"
    )
    entries = [{"file": f"escalation-{y}.txt", "title": title, "year": y} for y in (2022, 2024)]
    (folder / "manifest.yaml").write_text(json.dumps({"documents": entries}))


def test_ingest_versions_replace_or_keep(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _protocol_versions(folder)
    old, new = str(folder / "escalation-2022.txt"), str(folder / "escalation-2024.txt")
    replaced = tmp_path / "replaced"
    assert run(replaced, "ingest", old)[0] == 0
    code, _, err = run(replaced, "ingest", new)  # replace is the default
    assert code == 0
    assert (
        "escalation-2024.txt (2024) is a newer version of escalation-2022.txt (2022); "
        "the older version was removed from search and answers." in err
    )
    assert "1 older version replaced" in err
    code, out, _ = run(replaced, "docs", "--json")
    assert [d["source"] for d in json.loads(out)] == ["escalation-2024.txt"]

    kept = tmp_path / "kept"
    result = CliRunner().invoke(
        cli, ["--data-dir", str(kept), "ingest", str(folder)], obj={}, env={"CASELEARN_VERSIONS": "keep"}
    )
    assert result.exit_code == 0, result.output
    assert "escalation-2024.txt (2024) is a newer version of escalation-2022.txt (2022); both are kept" in result.stderr
    code, out, _ = run(kept, "docs")  # a "versions" column: the older one names the newer
    assert code == 0 and "newest" in out and "older" in out
    code, out, _ = run(kept, "docs", "--json")
    listing = {d["source"]: d for d in json.loads(out)}
    assert listing["escalation-2022.txt"]["newer_version"] == "escalation-2024.txt"
    assert listing["escalation-2024.txt"]["older_versions"] == ["escalation-2022.txt"]
    # The option overrides the setting: offered again with replace, the older file stays (it is already in).
    code, _, err = run(kept, "ingest", "--versions", "replace", old, new)
    assert code == 0 and "2 unchanged" in err


def test_docs_shows_whole_ids_at_80_columns_and_plain_kinds(data_dir: Path) -> None:
    _, out, _ = run(data_dir, "docs", "--json")
    ids = [d["id"] for d in json.loads(out)]
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "docs"], obj={}, env={"COLUMNS": "80"})
    assert result.exit_code == 0
    shown = result.stdout.split()
    assert all(i in shown for i in ids), result.stdout
    assert "_" not in "".join(line for line in result.stdout.splitlines() if "·" in line)


def test_search_prints_each_heading_once_and_absolute_links(data_dir: Path) -> None:
    code, out, _ = run(data_dir, "search", "bruising on a baby who is not yet mobile", "--k", "3")
    assert code == 0
    headings = [line.strip() for line in out.splitlines() if line.startswith("    ") and line.strip()]
    links = [h for h in headings if "://" in h]
    assert links and all(h.startswith(("file://", "http")) for h in links)
    assert not any(a == b for a, b in itertools.pairwise(headings)), out


def test_ask_links_open_from_a_terminal_the_stored_file_or_the_deployed_viewer(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = "What should happen when bruising is seen on a baby who is not mobile?"
    code, out, _ = run(data_dir, "ask", question)
    assert code == 0
    links = [line.strip() for line in out.splitlines() if line.strip().startswith(("file://", "/", "http"))]
    assert links and all(link.startswith("file://") and "#page=" in link for link in links), out
    assert all(Path(link.removeprefix("file://").split("#")[0]).is_file() for link in links)
    monkeypatch.setenv("CASELEARN_PUBLIC_URL", "https://caselearn.example.org")
    code, out, _ = run(data_dir, "ask", question)
    assert "https://caselearn.example.org/documents/" in out and "/view?page=" in out


def test_a_question_over_the_limit_is_refused_whole(data_dir: Path) -> None:
    code, _, err = run(data_dir, "search", "bruising " * 400)
    assert code == 1 and "too long" in err and "under 2000 characters" in err


def test_help_lists_everyday_commands_first_and_developer_commands_apart() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    text = result.stdout
    assert text.index("Everyday commands:") < text.index("ask ") < text.index("For developers:")
    assert text.index("For developers:") < text.index("bench-load")
    assert "Other commands:" not in text


def test_the_eval_commands_retrieval_configurations_are_the_suites() -> None:
    from eval.suite import CONFIGS
    from integrations.cli.evaluation import RETRIEVAL_CONFIGS

    assert tuple(CONFIGS) == RETRIEVAL_CONFIGS


def _commands(group: click.Group) -> list[click.Command]:
    found: list[click.Command] = []
    for command in group.commands.values():
        found.extend(_commands(command) if isinstance(command, click.Group) else [command])
    return found


def test_every_default_folder_or_file_an_option_requires_is_there() -> None:
    """A default path that must exist (the packaged eval sets, the shared material) resolves from where the
    command's module sits: moving a module must not leave its defaults pointing at nothing."""
    missing = [
        f"{command.name} --{param.name}: {param.default}"
        for command in _commands(cli)
        for param in command.params
        if isinstance(param.type, click.Path)
        and param.type.exists
        and isinstance(param.default, (str, Path))
        and "shared" not in Path(param.default).parts
        and not Path(param.default).exists()
    ]
    assert not missing
