"""Evaluation: question sets, relevance, retrieval and answer metrics. Import as ``from eval import ...``."""

from eval.answers import AnswerReport, evaluate_answers
from eval.dataset import DatasetError, Question, load_questions
from eval.documents import DocumentChecker
from eval.relevance import fold, is_relevant, matches
from eval.retrieval import RetrievalReport, evaluate_retrieval

__all__ = [
    "AnswerReport",
    "DatasetError",
    "DocumentChecker",
    "Question",
    "RetrievalReport",
    "evaluate_answers",
    "evaluate_retrieval",
    "fold",
    "is_relevant",
    "load_questions",
    "matches",
]
