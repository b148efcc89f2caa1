"""Local processes the benchmarks measure and the tests stand up: ``caselearn serve`` and ``chroma run``.

Each starts on a free loopback port, is waited for until it answers, and is stopped on exit.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status < 500:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout:g} s")


def stop(process: subprocess.Popen[Any]) -> None:
    """Ask a child process to stop; kill it if it has not within 20 seconds."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def local_chroma_server(path: Path, timeout: float = 60.0) -> Iterator[str]:
    """Start ``chroma run`` on a free loopback port with an empty folder; yields its URL; stops it."""
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    chroma = Path(sys.executable).parent / "chroma"
    port = free_port()
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for(f"{url}/api/v2/heartbeat", timeout)
        yield url
    finally:
        stop(process)


@dataclass(frozen=True)
class Served:
    """A running ``caselearn serve``: where it answers, and its process id (to read its memory and CPU)."""

    url: str
    pid: int


@contextmanager
def served(data_dir: Path, env: dict[str, str] | None = None, timeout: float = 180.0) -> Iterator[Served]:
    """``caselearn serve`` on a free loopback port, in its own process, until the block ends.

    Its log goes to ``<data_dir>-serve.log`` beside the data directory (a pipe nobody reads would
    fill and stall the server).
    """
    port = free_port()
    log_path = data_dir.parent / f"{data_dir.name}-serve.log"
    environment = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    # Nothing configured for a deployment leaks in: no API key, no language model called from here.
    environment.pop("CASELEARN_API_KEY", None)
    environment.pop("CASELEARN_LLM_PROVIDER", None)
    environment.update({"CASELEARN_DATA_DIR": str(data_dir), "CASELEARN_ASK_RATE_LIMIT": "0", **(env or {})})
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "integrations.cli", "serve", "--port", str(port)],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_for(f"{url}/health", timeout)
        except TimeoutError:
            stop(process)
            raise RuntimeError(f"caselearn serve did not start: {log_path.read_text()[-2000:]}") from None
        yield Served(url, process.pid)
    finally:
        stop(process)


@contextmanager
def serve_process(data_dir: Path, env: dict[str, str] | None = None, timeout: float = 180.0) -> Iterator[str]:
    """``caselearn serve`` as in ``served``; yields only its URL."""
    with served(data_dir, env, timeout) as server:
        yield server.url


def memory_mib(pid: int) -> tuple[float | None, float | None]:
    """(peak, current) resident memory of a running process in MiB, from ``/proc/<pid>/status``."""
    values: dict[str, float] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmHWM:", "VmRSS:")):
                values[line[:5]] = round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        return None, None
    return values.get("VmHWM"), values.get("VmRSS")


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU a running process has used, from ``/proc/<pid>/stat``."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None
