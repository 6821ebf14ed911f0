"""Counts the README states in prose (rules per library, documents in corpus/) match the tree:
prose is not run by the example tests, and a stale count was the first thing a newcomer noticed."""

import re
from pathlib import Path

from engine.language.rulebook import load_rulebook
from engine.vocabulary import default_vocabulary

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_rule_counts_in_the_readme_are_the_shipped_ones():
    stated = re.search(r"(\d+) rules \((\d+) in `rules/\*\.rule` for 预算, (\d+) in `rules/final/` for 决算\)", README)
    assert stated, "the README no longer states the rule counts in the expected sentence"
    rules = load_rulebook([], default_vocabulary()).rule_set.rules
    final = sum(1 for rule in rules if "/final/" in rule.info.path.replace("\\", "/"))
    assert tuple(map(int, stated.groups())) == (len(rules), len(rules) - final, final)


def test_the_corpus_count_in_the_readme_is_the_folder():
    stated = re.search(r"`corpus/` holds (\d+) documents", README)
    assert stated, "the README no longer says how many documents corpus/ holds"
    documents = [path for path in (ROOT / "corpus").iterdir() if path.suffix in (".txt", ".pdf", ".md", ".html")]
    assert int(stated.group(1)) == len(documents)
