"""The base install (`pip install .` beside torch, no extras) runs every core command.

The base install brings the package's own requirements, followed through their requirements (and
the extras they ask for), plus the two that `make install` adds without their outdated pin
(medspaCy and PyRuSH, see pyproject.toml). One process runs the core commands in an environment
of only those (links to their installed files; the extras' packages absent), then checks what it
loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import SAMPLES

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow

EXTRAS_ONLY = (
    "fastapi",
    "starlette",
    "uvicorn",
    "multipart",
    "slack_bolt",
    "slack_sdk",
    "langchain",
    "langchain_core",
    "langchain_openai",
    "langchain_ollama",
    "langchain_chroma",
    "langchain_text_splitters",
    "microsoft_teams",
    "ranx",
    "matplotlib",
)
ADDED_BY_MAKE_INSTALL = {"medspacy", "pyrush"}

_SCRIPT = textwrap.dedent(
    """
    import importlib.util, json, sys

    assert importlib.util.find_spec("fastapi") is None, "the environment is not base-only"
    from integrations.cli import cli

    for args in json.loads(sys.argv[1]):
        cli.main(args, prog_name="caselearn", standalone_mode=False)
    print("LOADED=" + json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
    """
)


def _base_site(folder: Path, allowed: set[str]) -> Path:
    """A site-packages of links to the installed files of the allowed distributions only."""
    from importlib.metadata import distributions

    folder.mkdir()
    for dist in distributions():
        if _norm(dist.metadata["Name"]) not in allowed:
            continue
        for top in {f.parts[0] for f in dist.files or [] if f.parts and f.parts[0] != ".."}:
            source, target = Path(str(dist.locate_file(top))), folder / top
            if source.exists() and not target.exists() and not top.endswith(".pth"):
                target.symlink_to(source)
    return folder


def _distributions(top_level: list[str]) -> set[str]:
    from importlib.metadata import packages_distributions

    owners = packages_distributions()
    return {_norm(d) for m in top_level for d in owners.get(m, [])}


def _norm(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def _base_closure() -> set[str]:
    """caselearn's base requirements and everything they require, extras they ask for included."""
    from importlib.metadata import PackageNotFoundError, requires

    from packaging.requirements import Requirement

    seen: set[str] = set()
    todo: list[tuple[str, frozenset[str]]] = [("caselearn", frozenset())]
    while todo:
        name, extras = todo.pop()
        key = _norm(name)
        try:
            wanted = requires(name) or []
        except PackageNotFoundError:
            continue
        seen.add(key)
        for line in wanted:
            req = Requirement(line)
            envs = [{"extra": e} for e in extras] or [{"extra": ""}]
            if req.marker is not None and not any(req.marker.evaluate(env) for env in envs):
                continue
            if _norm(req.name) not in seen or req.extras:
                todo.append((req.name, frozenset(req.extras)))
    return seen


def test_core_commands_run_without_any_extra_and_load_only_base_requirements(tmp_path: Path) -> None:
    commands = [
        ["ingest", str(SAMPLES)],
        ["docs"],
        ["search", "bruising on a baby who is not yet mobile"],
        ["ask", "What should happen when bruising is seen on a baby who is not mobile?"],
        ["referral-check", "A 3-month-old baby died; neglect is suspected.", "--no-input"],
        ["themes"],
        ["learning", "--theme", "fathers"],
        ["summary", "sar-mr-d-summary.pdf"],
    ]
    allowed = _base_closure() | ADDED_BY_MAKE_INSTALL
    site = _base_site(tmp_path / "site", allowed - {"caselearn"})
    env = dict(
        os.environ,
        CASELEARN_DATA_DIR=str(tmp_path / "data"),
        HF_HUB_OFFLINE="1",
        PYTHONPATH=f"{ROOT}{os.pathsep}{site}",
    )
    # -S: no site-packages but the one made above, as if only the base install were there.
    done = subprocess.run(
        [sys.executable, "-S", "-c", _SCRIPT, json.dumps(commands)],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    loaded = json.loads(done.stdout.rsplit("LOADED=", 1)[1])
    assert not set(loaded) & set(EXTRAS_ONLY)
    outside = _distributions(loaded) - allowed - {"caselearn"}
    assert not outside, f"core commands load packages the base install does not bring: {sorted(outside)}"
