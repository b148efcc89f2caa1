"""Fitting the answer model: on a handful of questions over the samples, end to end."""

from __future__ import annotations

import numpy as np

from assistant.answer_model import QUESTION_FEATURES, SENTENCE_FEATURES, AnswerModel
from assistant.service import Assistant
from eval.answer_train import fit
from eval.dataset import Question
from index import CaseIndex

IN_SCOPE = [
    Question("i1", "What should happen when a bruise is seen on a baby who is not yet mobile?", ("same-day referral",)),
    Question("i2", "What did the review recommend about fathers and male carers?", ("fathers and male carers",)),
    Question("i3", "Where should a baby sleep?", ("cot or moses basket",)),
]
OUT_OF_SCOPE = [
    Question("o1", "Who won the 2023 Rugby World Cup?"),
    Question("o2", "How do I factory reset my phone?"),
    Question("o3", "What is the best way to remortgage a house?"),
]


def test_fitting_gives_weights_for_every_feature_and_thresholds_between_zero_and_one(sample_index: CaseIndex) -> None:
    model = fit(Assistant(sample_index), IN_SCOPE, OUT_OF_SCOPE)
    assert model.sentences.coef.shape == (len(SENTENCE_FEATURES),) and np.isfinite(model.sentences.coef).all()
    assert model.answerable.coef.shape == (len(QUESTION_FEATURES),)
    assert 0 <= model.answer_below <= model.unsure_below <= 1
    again = AnswerModel.from_json(model.to_json())
    assert again.to_json() == model.to_json()
