"""A local ``chroma run`` for the benchmark's ``--chroma-server`` option."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
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
