"""The comparison: a naive LangChain pipeline over the same files and the same model.

RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=100) over the raw file text, the same
MiniLM through a ``langchain_core`` ``Embeddings`` class, and a Chroma collection through
``langchain_chroma.Chroma`` (Chroma's own embedding function never runs: langchain-chroma creates the
collection with ``embedding_function=None`` and passes the vectors it computed). Dense search only.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from index import Hit
from index.embed import Embedder

SUFFIXES = (".txt", ".md")
CHUNK_SIZE = 1000
CHUNK_OVERLAP = 100


class ModelEmbeddings(Embeddings):
    """The caselearn embedder (same model, same normalisation) as LangChain ``Embeddings``."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [[float(x) for x in row] for row in self.embedder.embed_batch(texts)]

    def embed_query(self, text: str) -> list[float]:
        return [float(x) for x in self.embedder.embed_batch([text])[0]]


class NaivePipeline:
    """Split, embed, store and search the way a first LangChain prototype would."""

    def __init__(self, path: Path, embedder: Embedder, collection: str = "naive") -> None:
        import chromadb
        from langchain_chroma import Chroma

        path.mkdir(parents=True, exist_ok=True)
        self._client: Any = chromadb.PersistentClient(
            path=str(path), settings=chromadb.Settings(anonymized_telemetry=False)
        )
        self._max_batch = int(self._client.get_max_batch_size())
        self.store: Any = Chroma(
            collection_name=collection, embedding_function=ModelEmbeddings(embedder), client=self._client
        )
        self.chunks = 0

    def ingest(self, folder: Path) -> dict[str, float]:
        """Index every ``.txt``/``.md`` file under ``folder``, one file at a time; timed."""
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
        files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES and p.name.lower() != "readme.md")
        started = time.perf_counter()
        for path in files:
            text = path.read_text(encoding="utf-8", errors="replace")
            self._add(path.name, splitter.create_documents([text], metadatas=[{"source": path.name}]))
        seconds = time.perf_counter() - started
        return {
            "files": len(files),
            "chunks": self.chunks,
            "seconds": round(seconds, 2),
            "chunks_per_s": round(self.chunks / seconds, 2) if seconds else 0.0,
        }

    def ingest_pdfs(self, folder: Path, chunk_size: int = 1000, overlap: int = 200) -> dict[str, float]:
        """Index every PDF under ``folder`` as a first prototype would: pypdf text per page, split 1,000/200."""
        from langchain_core.documents import Document
        from langchain_text_splitters import RecursiveCharacterTextSplitter
        from pypdf import PdfReader

        splitter = RecursiveCharacterTextSplitter(chunk_size=chunk_size, chunk_overlap=overlap)
        files = sorted(folder.rglob("*.pdf"))
        started = time.perf_counter()
        for path in files:
            pages = [
                Document(page.extract_text() or "", metadata={"source": path.name, "page": number})
                for number, page in enumerate(PdfReader(path).pages, start=1)
            ]
            self._add(path.name, splitter.split_documents(pages))
        seconds = time.perf_counter() - started
        return {"files": len(files), "chunks": self.chunks, "seconds": round(seconds, 2)}

    def _add(self, name: str, docs: list[Any]) -> None:
        """Store one file's chunks, in batches Chroma accepts."""
        ids = [f"{name}:{i}" for i in range(len(docs))]
        for start in range(0, len(docs), self._max_batch):
            self.store.add_documents(docs[start : start + self._max_batch], ids=ids[start : start + self._max_batch])
        self.chunks += len(docs)

    def search(self, query: str, k: int = 10) -> list[Hit]:
        """Nearest chunks as :class:`index.Hit` (no pages or sections: the naive splitter has none)."""
        results = self.store.similarity_search_with_score(query, k=k)
        hits = []
        for doc, distance in results:
            source = str(doc.metadata.get("source", ""))
            page = doc.metadata.get("page")
            hits.append(
                Hit(
                    chunk_id=str(doc.id),
                    document_id=source,
                    source=source,
                    title=source,
                    text=doc.page_content,
                    score=-float(distance),
                    page=page,
                    page_start=page,
                    page_end=page,
                    section=None,
                    url=None,
                    char_start=0,
                    char_end=len(doc.page_content),
                )
            )
        return hits
