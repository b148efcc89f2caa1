"""Comparison of retrieval configurations with paired significance tests (ranx), and report files."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from eval.retrieval import METRICS, QuestionResult

_MISSING = "__no_relevant_passage_retrieved__"


def compare_configs(results: Mapping[str, Sequence[QuestionResult]], stat_test: str = "student") -> dict[str, Any]:
    """Paired comparison over the same questions; relevance is the union of what any config judged relevant."""
    from ranx import Qrels, Run, compare

    ids = [r.id for r in next(iter(results.values()))]
    relevant: dict[str, set[str]] = {i: set() for i in ids}
    for rows in results.values():
        for r in rows:
            relevant[r.id].update(r.relevant)
    qrels = Qrels({i: ({c: 1 for c in rel} or {_MISSING: 1}) for i, rel in relevant.items()})
    runs = []
    for name, rows in results.items():
        run = Run(
            {r.id: ({c: float(len(r.ranked) - n) for n, c in enumerate(r.ranked)} or {"__empty__": 0.0}) for r in rows},
            name=name,
        )
        runs.append(run)
    report = compare(qrels, runs, list(METRICS), stat_test=stat_test, max_p=0.05, make_comparable=True)
    data = json.loads(json.dumps(report.to_dict(), default=float))
    pvalues = {
        a: {
            b: {
                m: (None if p != p else round(p, 4)) for m, p in data[a]["comparisons"][b].items()
            }  # NaN: no difference
            for b in data[a]["comparisons"]
        }
        for a in results
    }
    return {"stat_test": stat_test, "max_p": 0.05, "p_values": pvalues, "table": str(report)}


def write_reports(
    name: str, payload: dict[str, Any], out_dir: Path, chart: Mapping[str, Mapping[str, float]] | None = None
) -> list[Path]:
    """``name.json``, ``name.md`` and, when ``chart`` is given, ``name.png`` (configs × metrics)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [out_dir / f"{name}.json", out_dir / f"{name}.md"]
    written[0].write_text(json.dumps(payload, indent=2, default=str), encoding="utf-8")
    written[1].write_text(_markdown(name, payload), encoding="utf-8")
    if chart:
        written.append(_chart(name, chart, out_dir / f"{name}.png"))
    return written


def _markdown(name: str, payload: dict[str, Any]) -> str:
    lines = [f"# {name}", ""]
    for section, value in payload.items():
        lines.append(f"## {section}")
        lines.append("")
        if isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
            keys = sorted({k for v in value.values() for k in v if not isinstance(v[k], (dict, list))})
            lines.append("| | " + " | ".join(keys) + " |")
            lines.append("|---|" + "---|" * len(keys))
            for row, v in value.items():
                lines.append(f"| {row} | " + " | ".join(str(v.get(k, "")) for k in keys) + " |")
        elif isinstance(value, str):
            lines += ["```", value, "```"]
        else:
            lines.append("```json")
            lines.append(json.dumps(value, indent=2, default=str))
            lines.append("```")
        lines.append("")
    return "\n".join(lines)


def _chart(name: str, chart: Mapping[str, Mapping[str, float]], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    configs = list(chart)
    metrics = [m for m in ("hit_rate@1", "hit_rate@5", "mrr@10", "ndcg@10") if m in chart[configs[0]]]
    width = 0.8 / max(1, len(configs))
    fig, ax = plt.subplots(figsize=(8, 4))
    for i, config in enumerate(configs):
        ax.bar([m + i * width for m in range(len(metrics))], [chart[config][m] for m in metrics], width, label=config)
    ax.set_xticks([m + width * (len(configs) - 1) / 2 for m in range(len(metrics))], metrics)
    ax.set_ylim(0, 1)
    ax.set_title(name)
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
