"""Results of earlier runs are reused only for the same document text, name, rules, vocabulary
and engine; anything else is checked again, and a bad entry is never trusted."""

import json
import os
import pickle
import zlib

import pytest
from click.testing import CliRunner

from engine.batch import result_cache
from engine.batch.result_cache import KEEP_RUNS, ResultCache
from engine.batch.run import Input, check_document
from engine.cli.commands import main
from engine.language.rulebook import load_rulebook
from engine.model import DocumentResult
from engine.read import read_source
from engine.vocabulary import Vocabulary
from tests.cli.documents import BALANCED, UNBALANCED, WARNING_RULE, write


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("RULECHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("RULECHECK_RESULT_CACHE", "1")
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "docs/a.txt", UNBALANCED)
    write(tmp_path, "docs/b.txt", BALANCED)
    return tmp_path / "cache" / "results"


@pytest.fixture
def no_evaluation(monkeypatch):
    """Any document actually evaluated becomes an internal error: a hit shows as a normal result."""
    def refuse(*arguments):
        raise RuntimeError("evaluated")
    return lambda: monkeypatch.setattr("engine.batch.run.evaluate", refuse)


def check(*arguments):
    result = CliRunner().invoke(main, ["--isolated", "--format", "json", *arguments, "docs"])
    return result.exit_code, json.loads(result.stdout)


def entries(cache):
    return sorted(cache.glob("*/*.pickle"))


def statuses(report):
    return [(document["path"], document["status"]) for document in report["documents"]]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_second_run_reuses_every_result_and_reports_the_same_bytes(cache, no_evaluation, jobs):
    first = CliRunner().invoke(main, ["--isolated", "--format", "json", "--verbose", "--jobs", jobs, "docs"])
    assert len(entries(cache)) == 2
    no_evaluation()
    second = CliRunner().invoke(main, ["--isolated", "--format", "json", "--verbose", "--jobs", jobs, "docs"])
    assert second.stdout == first.stdout and second.exit_code == first.exit_code == 1


def test_a_changed_document_is_checked_again(cache, tmp_path, no_evaluation):
    check()
    write(tmp_path, "docs/b.txt", BALANCED.replace("10.00", "12.00"))
    no_evaluation()
    _, report = check()
    assert statuses(report) == [("docs/a.txt", "checked"), ("docs/b.txt", "error")]


@pytest.mark.parametrize("change", ["rule file", "select", "vocabulary", "engine code"])
def test_other_rules_vocabulary_or_engine_code_reuse_nothing(cache, tmp_path, no_evaluation, monkeypatch, change):
    write(tmp_path, "extra/warn.rule", WARNING_RULE)
    write(tmp_path, "extra/vocabulary.toml", '[concepts]\n"收入总计" = ["收入合计数"]\n')
    base = ["--rules", "extra/warn.rule"]
    check(*base)
    no_evaluation()
    if change == "rule file":
        write(tmp_path, "extra/warn.rule", WARNING_RULE.replace("severity warning", "severity info"))
        arguments = base
    elif change == "select":
        arguments = [*base, "--select", "TST"]
    elif change == "vocabulary":
        arguments = [*base, "--vocabulary", "extra/vocabulary.toml"]
    else:
        monkeypatch.setattr(result_cache, "engine_code_digest", lambda: b"another engine")
        arguments = base
    _, report = check(*arguments)
    assert {status for _, status in statuses(report)} == {"error"}


def test_no_cache_neither_reads_nor_writes(cache, no_evaluation):
    check()
    check("--no-cache")
    assert len(entries(cache)) == 2
    no_evaluation()
    _, report = check("--no-cache")
    assert {status for _, status in statuses(report)} == {"error"}


def test_documents_in_error_are_not_stored(cache, no_evaluation):
    no_evaluation()
    _, report = check()
    assert {status for _, status in statuses(report)} == {"error"}
    assert entries(cache) == []


def loaded(tmp_path):
    vocabulary = Vocabulary.load()
    rulebook = load_rulebook([], vocabulary)
    cache = ResultCache.for_run(rulebook, vocabulary)
    source = read_source(tmp_path / "docs" / "a.txt", "docs/a.txt")
    return vocabulary, rulebook, cache, source


def test_a_torn_entry_is_checked_again_and_rewritten(cache, tmp_path):
    vocabulary, rulebook, results, source = loaded(tmp_path)
    item = Input("docs/a.txt")
    fresh = check_document(item, rulebook, vocabulary, results=results)
    entry = results.entry(source)
    entry.write_bytes(entry.read_bytes()[:10])
    assert results.lookup(source)[1] is None
    assert check_document(item, rulebook, vocabulary, results=results) == fresh
    assert results.lookup(source)[1] == fresh


class Planted:
    def __reduce__(self):
        return (os.system, ("echo planted",))


def test_an_entry_naming_other_classes_is_refused(cache, tmp_path, capfd):
    vocabulary, rulebook, results, source = loaded(tmp_path)
    results.entry(source).parent.mkdir(parents=True, exist_ok=True)
    results.entry(source).write_bytes(zlib.compress(pickle.dumps(Planted())))
    assert results.lookup(source)[1] is None
    assert "planted" not in capfd.readouterr().out


def test_an_entry_may_rebuild_values_but_never_call_engine_functions(cache, tmp_path, monkeypatch):
    calls = []

    def collect_inputs(*arguments):  # stands in for engine.batch.run.collect_inputs, and records a call
        calls.append(arguments)
        return DocumentResult("docs/a.txt", "checked")

    collect_inputs.__module__, collect_inputs.__qualname__ = "engine.batch.run", "collect_inputs"
    monkeypatch.setattr("engine.batch.run.collect_inputs", collect_inputs)

    class Planted:
        def __reduce__(self):
            return (collect_inputs, (["/"],))

    vocabulary, rulebook, results, source = loaded(tmp_path)
    results.entry(source).parent.mkdir(parents=True, exist_ok=True)
    results.entry(source).write_bytes(zlib.compress(pickle.dumps(Planted())))
    assert results.lookup(source)[1] is None and calls == []


def test_an_entry_for_another_name_is_not_used(cache, tmp_path):
    vocabulary, rulebook, results, source = loaded(tmp_path)
    results.store(results.entry(source), DocumentResult("docs/other.txt", "checked"))
    assert results.lookup(source)[1] is None


def test_only_the_most_recent_run_folders_are_kept(cache, tmp_path):
    for number in range(KEEP_RUNS + 3):
        old = cache / f"old{number}"
        old.mkdir(parents=True)
        os.utime(old, (number, number))
    _, _, results, _ = loaded(tmp_path)
    kept = sorted(path.name for path in cache.iterdir())
    assert len(kept) == KEEP_RUNS and results.folder.name in kept
    assert f"old{KEEP_RUNS + 2}" in kept and "old0" not in kept


def test_a_vocabulary_built_in_memory_is_never_cached(cache):
    vocabulary = Vocabulary.from_toml({})
    assert ResultCache.for_run(load_rulebook([], Vocabulary.load()), vocabulary) is None
