"""Real servers the tests stand up: ``caselearn serve`` and ``chroma run`` on loopback ports.

They are the same helpers the benchmarks use (``eval.bench.processes``), so what the tests start is
what the figures measure; tests import them from here.
"""

from eval.bench.processes import free_port, serve_process, wait_for
from eval.bench.processes import local_chroma_server as chroma_server

__all__ = ["chroma_server", "free_port", "serve_process", "wait_for"]
