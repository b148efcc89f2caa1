"""Theme tagging against hand labels (precision, recall), and digests against expected documents."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from eval.dataset import DatasetError
from index import ThemeTagger, embedding_text, taxonomy
from ingest import Document, load_document, load_manifest


@dataclass(frozen=True)
class LabelledPassage:
    id: str
    source: str
    char_start: int
    char_end: int
    themes: frozenset[str]


@dataclass(frozen=True)
class TaggingReport:
    metrics: dict[str, float]
    per_theme: dict[str, dict[str, float]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"metrics": self.metrics, "per_theme": self.per_theme}


def load_labelled(passages: Path, labels: Path) -> list[LabelledPassage]:
    try:
        spans = [json.loads(line) for line in passages.read_text("utf-8").splitlines() if line.strip()]
        tags = {d["id"]: d["themes"] for d in map(json.loads, labels.read_text("utf-8").splitlines()) if d}
    except (OSError, json.JSONDecodeError, KeyError) as exc:
        raise DatasetError(f"{passages} / {labels}: cannot be read ({type(exc).__name__})") from exc
    return [
        LabelledPassage(s["id"], s["source"], s["char_start"], s["char_end"], frozenset(tags.get(s["id"], ())))
        for s in spans
    ]


def _documents(folders: Sequence[Path]) -> dict[str, Document]:
    docs: dict[str, Document] = {}
    for folder in folders:
        manifest = load_manifest(folder / "manifest.yaml")
        for path in sorted(folder.iterdir()):
            if path.name in manifest or path.suffix.lower() in {".pdf", ".docx", ".html"}:
                docs[path.name] = load_document(path, manifest.get(path.name))
    return docs


def evaluate_tagging(
    tagger: ThemeTagger, passages: Sequence[LabelledPassage], folders: Sequence[Path]
) -> TaggingReport:
    """Micro precision and recall over (passage, theme) pairs, and per theme."""
    docs = _documents(folders)
    texts = [docs[p.source].text[p.char_start : p.char_end] for p in passages]
    contexts = [
        embedding_text(docs[p.source].meta.title, docs[p.source].section_at(p.char_start), t)
        for p, t in zip(passages, texts, strict=True)
    ]
    predicted = tagger.tag(texts, tagger.embedder.embed_batch(contexts))
    tp = fp = fn = 0
    per: dict[str, dict[str, float]] = {}
    for t in taxonomy():
        t_tp = sum(1 for p, pred in zip(passages, predicted, strict=True) if t.id in pred and t.id in p.themes)
        t_fp = sum(1 for p, pred in zip(passages, predicted, strict=True) if t.id in pred and t.id not in p.themes)
        t_fn = sum(1 for p, pred in zip(passages, predicted, strict=True) if t.id not in pred and t.id in p.themes)
        tp, fp, fn = tp + t_tp, fp + t_fp, fn + t_fn
        if t_tp + t_fp + t_fn:
            per[t.id] = {
                "tp": t_tp,
                "fp": t_fp,
                "fn": t_fn,
                "precision": round(t_tp / (t_tp + t_fp), 3) if t_tp + t_fp else 0.0,
                "recall": round(t_tp / (t_tp + t_fn), 3) if t_tp + t_fn else 0.0,
            }
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    metrics = {
        "passages": float(len(passages)),
        "labelled_pairs": float(tp + fn),
        "predicted_pairs": float(tp + fp),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }
    return TaggingReport(metrics, per)


DigestFn = Callable[[str], set[str]]


def evaluate_digests(expectations: Path, digest_sources: DigestFn) -> dict[str, Any]:
    """For each theme, the documents its digest cites against those expected (written before running)."""
    data = yaml.safe_load(expectations.read_text("utf-8"))
    out: dict[str, Any] = {}
    found_expected = expected_total = wrong = 0
    for theme_id, want in data["themes"].items():
        cited = digest_sources(theme_id)
        expected = set(want.get("expect", ()))
        forbidden = set(want.get("not", ()))
        out[theme_id] = {
            "cited": sorted(cited),
            "missing": sorted(expected - cited),
            "unexpected": sorted(cited & forbidden),
        }
        found_expected += len(expected & cited)
        expected_total += len(expected)
        wrong += len(cited & forbidden)
    out["_summary"] = {
        "expected_documents_cited": round(found_expected / expected_total, 4) if expected_total else 1,
        "forbidden_documents_cited": wrong,
    }
    return out
