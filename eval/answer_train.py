"""Fit the answer model (``assistant/answer_model.json``) on the tuning questions only.

``python -m eval.answer_train --shared ../shared --work data/answer-train`` indexes the real PDFs and the
shared corpus, gathers every candidate sentence of every tuning question, labels it by whether it contains
the question's relevant snippet, and fits two logistic regressions (scikit-learn): which sentences answer,
and whether the documents answer at all (in-scope tuning questions against out-of-scope ones). The
abstention threshold is the highest that keeps false abstention on the tuning questions at or under 5%.

The development questions (``../shared/real/dev-questions.jsonl``, ``../shared/eval``' answers are
measured on) and the blind sets are never read here.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from assistant.answer_model import (
    QUESTION_FEATURES,
    SENTENCE_FEATURES,
    WEIGHTS,
    AnswerModel,
    Logistic,
    packaged_model,
    question_features,
)
from assistant.models import Turn
from assistant.service import Assistant, Gathered
from eval.dataset import Question, load_questions
from eval.relevance import matches
from index import CaseIndex, IndexConfig, ingest_paths

SETS = Path(__file__).parent / "sets"
FALSE_ABSTENTION = 0.05
SECOND_RATIO = 0.6


def tuning_sets(shared: Path) -> tuple[dict[str, Path], dict[str, Path]]:
    """(in-scope question files, out-of-scope question files) by name: the dev and tuning sets, never a blind one."""
    answers = SETS / "answers"
    in_scope = {
        "real-dev": shared / "real" / "dev-questions.jsonl",
        "real-tuning": SETS / "real" / "train-questions.jsonl",
        "corpus-dev": shared / "eval" / "dev-questions.jsonl",
        "followups-dev": SETS / "followups.jsonl",
        "answers-tuning": answers / "train-questions.jsonl",
        "followups-tuning": answers / "train-followups.jsonl",
    }
    out_of_scope = {
        "out-of-scope-dev": SETS / "out-of-scope.jsonl",
        "real-out-of-scope-dev": shared / "real" / "dev-out-of-scope.jsonl",
        "real-out-of-scope-tuning": SETS / "real" / "train-out-of-scope.jsonl",
        "out-of-scope-tuning": answers / "train-out-of-scope.jsonl",
    }
    return (
        {k: p for k, p in in_scope.items() if p.exists()},
        {k: p for k, p in out_of_scope.items() if p.exists()},
    )


@dataclass(frozen=True)
class Example:
    gathered: Gathered
    labels: np.ndarray  # 1 where the candidate carries a relevant snippet


def _labels(question: Question, gathered: Gathered) -> np.ndarray:
    return np.asarray(
        [
            float((question.doc is None or c.hit.source == question.doc) and bool(matches(c.text, question.relevant)))
            for c in gathered.candidates
        ]
    )


def gather_all(assistant: Assistant, questions: Sequence[Question]) -> list[Example]:
    out = []
    for q in questions:
        history = [Turn(r, t) for r, t in q.history]  # type: ignore[arg-type]
        gathered = assistant.gather(q.question, history)
        out.append(Example(gathered, _labels(q, gathered)))
    return out


def fit_sentences(examples: Sequence[Example]) -> Logistic:
    usable = [e for e in examples if e.labels.any()]
    x = np.vstack([e.gathered.rows for e in usable])
    y = np.concatenate([e.labels for e in usable])
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000).fit(x, y)
    return Logistic(SENTENCE_FEATURES, model.coef_[0].astype(np.float32), float(model.intercept_[0]))


def question_row(gathered: Gathered, sentences: Logistic) -> np.ndarray:
    """The answerable model's features for a gathered question, with ``sentences`` scoring its candidates."""
    cosines = np.asarray([c.cosine for c in gathered.candidates], dtype=np.float32)
    return question_features(
        gathered.question,
        sentences.probabilities(gathered.rows),
        cosines,
        gathered.rows,
        gathered.hits,
        gathered.unmentioned_words,
    )


def fit(assistant: Assistant, in_scope: Sequence[Question], out_of_scope: Sequence[Question]) -> AnswerModel:
    examples = gather_all(assistant, in_scope)
    sentences = fit_sentences(examples)
    positives = [question_row(e.gathered, sentences) for e in examples]
    negatives = [question_row(assistant.gather(q.question), sentences) for q in out_of_scope]
    x = np.vstack(positives + negatives)
    y = np.concatenate([np.ones(len(positives)), np.zeros(len(negatives))])
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000).fit(x, y)
    answerable = Logistic(QUESTION_FEATURES, model.coef_[0].astype(np.float32), float(model.intercept_[0]))
    scores = np.sort(answerable.probabilities(np.vstack(positives)))
    answer_below = float(scores[int(np.floor(FALSE_ABSTENTION * len(scores)))]) - 1e-4
    unsure_below = float(np.quantile(scores, 0.25))
    return AnswerModel(sentences, answerable, round(answer_below, 4), round(unsure_below, 4), SECOND_RATIO)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--work", type=Path, default=Path("data/answer-train"))
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    parser.add_argument("--leave-out", nargs="*", default=[], help="tuning sets to leave out (to check on them)")
    args = parser.parse_args(argv)
    index = CaseIndex(IndexConfig(data_dir=args.work))
    ingest_paths(index, [args.shared / "real" / "docs", args.shared / "corpus"])
    assistant = Assistant(index)
    assistant.prepare()
    in_files, out_files = tuning_sets(args.shared)
    leave = set(args.leave_out)
    in_scope = [q for name, p in in_files.items() if name not in leave for q in load_questions(p)]
    out_of_scope = [q for name, p in out_files.items() if name not in leave for q in load_questions(p)]
    print(f"fitting on {len(in_scope)} in-scope and {len(out_of_scope)} out-of-scope tuning questions")
    model = fit(assistant, in_scope, out_of_scope)
    args.out.write_text(model.to_json() + "\n", "utf-8")
    packaged_model.cache_clear()
    for name, coef in sorted(zip(SENTENCE_FEATURES, model.sentences.coef, strict=True), key=lambda t: -abs(t[1])):
        print(f"  sentence {name:22} {coef:+.3f}")
    for name, coef in zip(QUESTION_FEATURES, model.answerable.coef, strict=True):
        print(f"  question {name:22} {coef:+.3f}")
    print(f"answer below {model.answer_below}, uncertain below {model.unsure_below}; wrote {args.out}")


if __name__ == "__main__":
    main()
