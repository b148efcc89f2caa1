"""Real servers started by the tests: the benchmark's loopback helpers and its local Chroma server."""

from eval.bench.chroma import free_port, wait_for
from eval.bench.chroma import local_chroma_server as chroma_server

__all__ = ["chroma_server", "free_port", "wait_for"]
