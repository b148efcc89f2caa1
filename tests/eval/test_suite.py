from __future__ import annotations

from pathlib import Path

import yaml

from eval.report import write_reports
from eval.suite import check_thresholds


def test_thresholds_flag_figures_below_floors_and_above_ceilings(tmp_path: Path) -> None:
    rules = tmp_path / "t.yaml"
    rules.write_text(
        yaml.safe_dump(
            {
                "retrieval_dev": {"hybrid.hit_rate@1": 0.8},
                "answers_dev": {"quotes_verbatim": 1.0, "false_abstention": {"max": 0.1}},
                "referral_dev": {"agreement": 1.0},
            }
        )
    )
    results = {
        "retrieval_dev": {"metrics": {"hybrid": {"hit_rate@1": 0.75}}},
        "answers_dev": {"metrics": {"quotes_verbatim": 1.0, "false_abstention": 0.2}},
    }
    failures = check_thresholds(results, rules)
    assert any("hit_rate@1 = 0.75 is below 0.8" in f for f in failures)
    assert any("false_abstention = 0.2 is above 0.1" in f for f in failures)
    assert any("referral_dev: agreement was not measured" in f for f in failures)
    assert not any("quotes_verbatim" in f for f in failures)


def test_reports_are_written_as_json_markdown_and_a_chart(tmp_path: Path) -> None:
    chart = {
        "bm25": {"hit_rate@1": 0.8, "hit_rate@5": 0.9, "mrr@10": 0.85, "ndcg@10": 0.86},
        "hybrid": {"hit_rate@1": 0.85, "hit_rate@5": 1.0, "mrr@10": 0.9, "ndcg@10": 0.92},
    }
    written = write_reports("retrieval_dev", {"metrics": chart}, tmp_path, chart=chart)
    assert [p.suffix for p in written] == [".json", ".md", ".png"]
    assert written[2].read_bytes().startswith(b"\x89PNG")
    assert "| hybrid |" in written[1].read_text()
