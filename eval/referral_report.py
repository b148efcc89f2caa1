"""Compare referral readers on fact-labelled situations: facts per reader, then routes end to end."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from assistant.referral import SemanticReader, check_referral, packaged_heads
from eval.referral import evaluate_referral, load_scenarios
from eval.referral_facts import (
    LabelledSituation,
    fact_scores,
    fact_table,
    legacy_predict,
    reader_predict,
    scenario_dict,
)


def semantic_reader() -> SemanticReader | None:
    from index.embed import SentenceTransformerEmbedder

    heads = packaged_heads()
    return SemanticReader(SentenceTransformerEmbedder().embed_batch, heads) if heads is not None else None


def route_metrics(items: Sequence[LabelledSituation], semantic: SemanticReader | None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "situations.jsonl"
        path.write_text("".join(json.dumps(i.raw) + "\n" for i in items), encoding="utf-8")
        scenarios = load_scenarios(path)
    check = lambda text, p: check_referral(text, None, p, semantic=semantic)  # noqa: E731
    return evaluate_referral("facts", check, scenarios).metrics


def compare_readers(
    items: Sequence[LabelledSituation], progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    say = progress or (lambda _: None)
    semantic = semantic_reader()
    say("caselearn 0.1 pattern reader")
    facts = {"0.1 patterns": fact_table(fact_scores(items, legacy_predict))}
    say("rules alone")
    facts["rules"] = fact_table(fact_scores(items, reader_predict(None)))
    routes = {"rules": route_metrics(items, None)}
    if semantic is not None:
        say("rules with clause classifiers")
        facts["rules + classifiers"] = fact_table(fact_scores(items, reader_predict(semantic)))
        routes["rules + classifiers"] = route_metrics(items, semantic)
    return {
        "situations": len(items),
        "facts": facts,
        "routes": routes,
        "examples": [scenario_dict(i)["id"] for i in items],
    }
