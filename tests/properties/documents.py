"""Shared helpers of the document-level properties: check a generated text in memory."""

from __future__ import annotations

from functools import lru_cache

from hypothesis import settings

from engine.evaluate import Evaluation, evaluate
from engine.facts.tables import extract_facts
from engine.language.rulebook import RuleBook, load_rulebook
from engine.model import FactSet, Source
from engine.parse import parse_document
from engine.vocabulary import Vocabulary, default_vocabulary

PATH = "generated.txt"


@lru_cache(maxsize=1)
def shipped() -> tuple[RuleBook, Vocabulary]:
    vocabulary = default_vocabulary()
    return load_rulebook([], vocabulary), vocabulary


def facts_of(text: str) -> FactSet:
    _, vocabulary = shipped()
    return extract_facts(parse_document(Source(PATH, text), vocabulary), vocabulary)


def check(text: str) -> Evaluation:
    rulebook, vocabulary = shipped()
    return evaluate(rulebook.rule_set, facts_of(text), vocabulary)


def document_settings(divisor: int = 1) -> settings:
    """Whole documents cost ~50 ms each; `divisor` thins a costly property in ci/dev, never in long."""
    current = settings()
    count = current.max_examples if current.max_examples >= 1000 else max(10, current.max_examples // divisor)
    return settings(max_examples=count)


def check_source(source: Source) -> Evaluation:
    """`check` of a document as a reader gave it (a PDF's Source carries its own path and layout)."""
    rulebook, vocabulary = shipped()
    return evaluate(rulebook.rule_set, extract_facts(parse_document(source, vocabulary), vocabulary), vocabulary)
