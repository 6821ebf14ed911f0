"""Helpers for parse and facts tests: parse a string, load a corpus document once."""

from functools import cache
from pathlib import Path

from engine.facts.tables import extract_facts
from engine.model import Document, FactSet, Source, Table
from engine.parse import parse_document
from engine.read import read_source
from engine.vocabulary import default_vocabulary

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
STYLE_A = "000_40cb785ac2653fa6.txt"  # '#' headings, tab rows
STYLE_B = "002_9d3ba407454daa6c.txt"  # plain headings, 附件 lines, page-break continuations


def parse_text(text: str, path: str = "snippet.txt") -> Document:
    return parse_document(Source(path, text), default_vocabulary())


def facts_of(text: str, path: str = "snippet.txt") -> FactSet:
    return extract_facts(parse_text(text, path), default_vocabulary())


@cache
def corpus_document(name: str) -> Document:
    return parse_document(read_source(CORPUS / name, f"corpus/{name}"), default_vocabulary())


@cache
def corpus_facts(name: str) -> FactSet:
    return extract_facts(corpus_document(name), default_vocabulary())


def corpus_lines(name: str) -> list[str]:
    return (CORPUS / name).read_text(encoding="utf-8").split("\n")


def table_at(document: Document, title_line: int) -> Table:
    return next(table for table in document.tables if table.title_line == title_line)


def rows(*cells_per_row: str) -> str:
    """Tab-separated rows from '|'-separated shorthand: rows('a|b', 'c|d')."""
    return "\n".join(row.replace("|", "\t") for row in cells_per_row)
