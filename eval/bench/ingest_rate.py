"""Ingest speed on real documents: text extraction alone beside the whole ingest, in pages and passages a second."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from index import CaseIndex, IndexConfig, ingest_paths
from ingest import chunk_document, load_document


def measure_ingest_rate(folder: Path) -> dict[str, Any]:
    """Read every PDF under ``folder`` (extraction, structure and chunking), then ingest it into a fresh index."""
    files = sorted(folder.rglob("*.pdf"))
    started = time.perf_counter()
    pages = passages = 0
    ocr_pages = 0
    for path in files:
        doc = load_document(path)
        pages += doc.page_count or 0
        ocr_pages += len(doc.ocr_pages)
        passages += len(chunk_document(doc))
    extraction = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        index = CaseIndex(IndexConfig(data_dir=Path(tmp)))
        index.embedder.embed_batch(["warm up the model"])
        started = time.perf_counter()
        ingest_paths(index, files)
        whole = time.perf_counter() - started
        sentences = index.sentence_vectors.count()
    return {
        "files": len(files),
        "pages": pages,
        "ocr_pages": ocr_pages,
        "passages": passages,
        "search_sentences": sentences,
        "extraction_s": round(extraction, 2),
        "extraction_pages_per_s": round(pages / extraction, 1),
        "extraction_passages_per_s": round(passages / extraction, 1),
        "ingest_s": round(whole, 2),
        "ingest_pages_per_s": round(pages / whole, 2),
        "ingest_passages_per_s": round(passages / whole, 2),
        "extraction_share": round(extraction / whole, 3),
    }
