"""Train the referral reader's clause classifiers on the train split; choose thresholds on dev.

Run by ``caselearn eval referral-train``. Clause labels come from the evidence words of each labelled
fact: a clause holding the words of an affirmed fact is a positive for that fact's head, every other
clause of the train split a negative. Heads are logistic regressions (scikit-learn) on the frozen,
normalised MiniLM embedding of the clause; the weights are written to ``semantic.npz`` beside the reader.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.referral.reading.assertions import Clause, parse
from assistant.referral.reading.semantic import Heads
from eval.referral_facts import LabelledSituation

HEADS = (
    "died=true",
    "death_type=suicide",
    "death_type=homicide",
    "death_type=accident",
    "death_type=sudi_unexplained",
    "serious_harm=true",
    "near_miss=true",
    "abuse_or_neglect=true",
    "self_neglect=true",
    "domestic_abuse_history=true",
    "exploitation=true",
    "adult_with_care_and_support_needs=true",
    "learning_disability=true",
    "autistic_diagnosis=true",
    "looked_after=true",
    "care_leaver=true",
    "on_child_protection_register=true",
    "at_risk_now=true",
    "concern_agencies_could_have_worked_better=true",
)
MIN_PRECISION = 0.85  # a head fires only where it was right this often on dev clauses
MAX_PRECISION_LOSS = 0.02  # a head is kept only if, on dev, it adds recall and costs at most this much precision
# Except where a miss costs far more than a false alarm: the emergency notice for someone at risk now.
PRECISION_LOSS_FOR = {"at_risk_now": 0.15}


@dataclass(frozen=True)
class HeadReport:
    label: str
    positives: int
    threshold: float
    dev_precision: float
    dev_recall: float


def _label(fact: str, value: object) -> str:
    return f"{fact}={str(value).lower()}"


def clause_examples(items: Sequence[LabelledSituation]) -> tuple[list[str], list[set[str]], list[int]]:
    """Every clause of every situation, with the head labels its evidence words give it and the
    situation it belongs to."""
    texts: list[str] = []
    labels: list[set[str]] = []
    groups: list[int] = []
    for n, item in enumerate(items):
        clauses = list(parse(item.situation).clauses)
        found: list[set[str]] = [set() for _ in clauses]

        def mark(
            words: str,
            label: str,
            clauses: list[Clause] = clauses,
            found: list[set[str]] = found,
            text: str = item.situation,
        ) -> None:
            if not words or label not in HEADS:
                return
            at = text.find(words)
            if at < 0:
                return
            for i, clause in enumerate(clauses):
                if clause.start < at + len(words) and at < clause.end:
                    found[i].add(label)

        for person in item.people:
            for fact, value in person.facts.items():
                if value is True or fact == "death_type":
                    mark(person.evidence.get(fact, ""), _label(fact, value))
        for fact, value in item.situation_facts.items():
            if value is True:
                mark(item.situation_evidence.get(fact, ""), _label(fact, value))
        if item.at_risk_now:
            mark(item.at_risk_evidence, "at_risk_now=true")
        texts += [c.text for c in clauses]
        labels += found
        groups += [n] * len(clauses)
    return texts, labels, groups


def _fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000)
    model.fit(x, y)
    return model.coef_[0].astype(np.float32), float(model.intercept_[0])


def _threshold(probs: np.ndarray, y: np.ndarray, groups: np.ndarray) -> tuple[float, float, float]:
    """The lowest threshold at which, on dev, the head fires in a situation that has the fact at least
    MIN_PRECISION of the time (at least 3 firings); 0.99 when none does. Judged per situation, because
    a fact is often said in more than one clause and the evidence marks only one of them."""
    n = int(groups.max()) + 1 if len(groups) else 0
    has = np.zeros(n, dtype=bool)
    np.logical_or.at(has, groups, y)
    for t in np.arange(0.30, 0.99, 0.01):
        fired = np.zeros(n, dtype=bool)
        np.logical_or.at(fired, groups, probs >= t)
        hits = int(fired.sum())
        if hits < 3:
            continue
        precision = float((fired & has).sum() / hits)
        if precision >= MIN_PRECISION:
            return float(t), precision, float((fired & has).sum() / max(int(has.sum()), 1))
    return 1.01, 0.0, 0.0  # never fires


def train_heads(
    train: Sequence[LabelledSituation],
    dev: Sequence[LabelledSituation],
    encode: Callable[[list[str]], np.ndarray],
    model_name: str,
) -> tuple[Heads, list[HeadReport]]:
    train_text, train_labels, _ = clause_examples(train)
    dev_text, dev_labels, dev_groups = clause_examples(dev)
    x_train = np.asarray(encode(train_text), dtype=np.float32)
    x_dev = np.asarray(encode(dev_text), dtype=np.float32)
    weights, biases, thresholds, reports, kept = [], [], [], [], []
    for label in HEADS:
        y = np.array([label in found for found in train_labels])
        y_dev = np.array([label in found for found in dev_labels])
        if y.sum() < 5 or y_dev.sum() < 5:
            continue  # too few examples to train on, or to trust a threshold chosen on
        w, b = _fit(x_train, y)
        probs = 1.0 / (1.0 + np.exp(-(x_dev @ w + b)))
        t, precision, recall = _threshold(probs, y_dev, np.array(dev_groups))
        weights.append(w)
        biases.append(b)
        thresholds.append(t)
        kept.append(label)
        reports.append(HeadReport(label, int(y.sum()), round(t, 2), round(precision, 3), round(recall, 3)))
    heads = Heads(tuple(kept), np.vstack(weights), np.array(biases), np.array(thresholds), model_name)
    return heads, reports


def _cached(encode: Callable[[list[str]], np.ndarray]) -> Callable[[list[str]], np.ndarray]:
    seen: dict[str, np.ndarray] = {}

    def run(texts: list[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in seen]
        if todo:
            for text, vector in zip(todo, np.asarray(encode(todo)), strict=True):
                seen[text] = vector
        return np.stack([seen[t] for t in texts])

    return run


def select_heads(
    heads: Heads, dev: Sequence[LabelledSituation], encode: Callable[[list[str]], np.ndarray]
) -> tuple[Heads, dict[str, str]]:
    """Keep a head only where it helps the whole reader on dev: for its fact, reading with the head must
    find more than the words alone while losing at most MAX_PRECISION_LOSS of precision."""
    from assistant.referral.reading.semantic import SemanticReader, parse_label
    from eval.referral_facts import fact_scores, reader_predict

    run = _cached(encode)
    base = fact_scores(dev, reader_predict(None))
    kept, verdicts = [], {}
    for i, label in enumerate(heads.labels):
        fact, _ = parse_label(label)
        one = Heads((label,), heads.weights[i : i + 1], heads.bias[i : i + 1], heads.threshold[i : i + 1], heads.model)
        with_head = fact_scores(dev, reader_predict(SemanticReader(run, one)))
        before, after = base[fact], with_head[fact]
        allowed = PRECISION_LOSS_FOR.get(fact, MAX_PRECISION_LOSS)
        helps = after.recall > before.recall and after.precision >= before.precision - allowed
        verdicts[label] = (
            f"{'kept' if helps else 'dropped'}: P {before.precision:.2f}->{after.precision:.2f}, "
            f"R {before.recall:.2f}->{after.recall:.2f}"
        )
        if helps:
            kept.append(i)
    chosen = Heads(
        tuple(heads.labels[i] for i in kept),
        heads.weights[kept],
        heads.bias[kept],
        heads.threshold[kept],
        heads.model,
    )
    return chosen, verdicts
