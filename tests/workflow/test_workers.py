"""Worker processes: documents are triaged and rendered where they were checked, and the report is
the same bytes whatever `--jobs` (including waivers, a baseline, severity overrides and a document
named twice); the pool reports failures, and a consumer that stops early leaves no worker behind."""

import json
import multiprocessing
import os
import signal

import pytest
from click.testing import CliRunner

from engine.batch.pool import Pool
from engine.batch.run import check_batches, collect_inputs
from engine.cli.commands import main
from engine.errors import WorkerError
from engine.language.rulebook import load_rulebook
from engine.vocabulary import default_vocabulary
from tests.cli.documents import BALANCED, UNBALANCED, waivers_file, write

FORMATS = ["text", "json", "sarif", "csv"]


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for number in range(9):
        write(tmp_path, f"docs/{number}.txt", UNBALANCED.replace("9.99", f"9.9{number}") if number % 3 else BALANCED)
    write(tmp_path, "rulecheck.toml", '''
        select = ["BUD-A01", "BUD-C"]
        waivers = "waivers.toml"

        [severity]
        BUD-A01 = "warning"
        ''')
    write(tmp_path, "waivers.toml", waivers_file(("BUD-A01", "docs/4.txt", "reviewed"), ("BUD-A01", "docs/3.txt", "stale")))
    return tmp_path


def run(*arguments):
    return CliRunner().invoke(main, [*arguments])


@pytest.mark.parametrize("start", ["fork", "spawn"])
@pytest.mark.parametrize("output_format", FORMATS)
def test_report_is_the_same_bytes_whatever_the_jobs(project, monkeypatch, start, output_format):
    if start not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {start} on this platform")
    monkeypatch.setattr("multiprocessing.get_all_start_methods", lambda: [start])  # engine.batch.run imports it when a pool starts
    recorded = run("--select", "BUD-A01", "--write-baseline", "baseline.json", "docs/1.txt", "docs/2.txt")
    assert recorded.exit_code == 0, recorded.output
    # docs/1.txt given again: checked once (issue 24: inputs are de-duplicated by real path)
    arguments = ["--format", output_format, "--verbose", "--no-cache", "--baseline", "baseline.json",
                 "docs", "docs/1.txt", "missing.txt"]
    serial, parallel = run(*arguments, "--jobs", "1"), run(*arguments, "--jobs", "3")
    assert serial.exit_code == parallel.exit_code == 2
    assert parallel.stdout == serial.stdout and parallel.stderr == serial.stderr
    overview = serial.stdout + serial.stderr  # the overview ends the text report, and goes to stderr otherwise
    assert "already in the baseline" in overview and "waived" in overview and "stale waivers" in overview
    if output_format == "json":
        documents = json.loads(serial.stdout)["documents"]
        assert [sum(finding["rule"] == "BUD-A01" for finding in document["findings"])
                for document in documents if document["path"] == "docs/1.txt"] == [0]


def test_written_baseline_is_the_same_whatever_the_jobs(project):
    for jobs in ("1", "2"):
        result = run("--no-cache", "--jobs", jobs, "--write-baseline", f"baseline{jobs}.json", "docs", "docs/1.txt")
        assert result.exit_code == 0, result.output
    assert (project / "baseline1.json").read_bytes() == (project / "baseline2.json").read_bytes()


def _fail_on(value):
    if value == "bad":
        raise ValueError("no good")
    return value


def test_pool_reports_a_failing_task_and_a_dead_worker():
    with Pool(2, multiprocessing.get_context("fork")) as pool:
        pool.submit("a", _fail_on, "bad")
        with pytest.raises(WorkerError, match="ValueError: no good"):
            pool.next_done()
        pool.submit("b", _fail_on, "fine")  # the worker outlives the failed task
        assert pool.next_done() == ("b", "fine")
        pool.submit("c", os.kill, os.getpid(), 0)
        assert pool.next_done() == ("c", None)
        pool.submit("d", _kill_self)
        with pytest.raises(WorkerError, match="stopped unexpectedly"):
            pool.next_done()


def _kill_self():
    os.kill(os.getpid(), signal.SIGKILL)


def _names(results, lent):
    return [result.path for result in results], lent


def test_a_document_named_twice_waits_for_the_first_to_be_consumed(tmp_path):
    """What `lend` hands out for a name reflects every earlier document of that name (the CLI lends baseline entries)."""
    for number in range(6):
        write(tmp_path, f"{number}.txt", BALANCED)
    inputs = collect_inputs([str(tmp_path)] * 3)
    vocabulary = default_vocabulary()
    rulebook = load_rulebook([], vocabulary)
    consumed: dict[str, int] = {}
    seen = []
    for names, lent in check_batches(inputs, rulebook, vocabulary, 2, finish=_names,
                                     lend=lambda names: [consumed.get(name, 0) for name in names]):
        seen.extend(zip(names, lent))
        for name in names:
            consumed[name] = consumed.get(name, 0) + 1
    assert [name for name, _ in seen] == [item.display for item in inputs]
    assert [count for _, count in seen] == [0] * 6 + [1] * 6 + [2] * 6


def test_a_consumer_that_stops_early_leaves_no_worker(tmp_path):
    for number in range(40):
        write(tmp_path, f"{number}.txt", UNBALANCED)
    inputs = collect_inputs([str(tmp_path)])
    vocabulary = default_vocabulary()
    rulebook = load_rulebook([], vocabulary)
    batches = check_batches(inputs, rulebook, vocabulary, 2, finish=_names)
    next(batches)
    batches.close()
    assert multiprocessing.active_children() == []


def test_report_bytes_keep_the_platform_line_breaks(monkeypatch):
    """Parts arrive from the workers encoded and are written as bytes, as a text-mode stream would write them."""
    from engine.util.jsonstream import to_binary

    for linesep, expected in (("\n", "收入\n总计".encode()), ("\r\n", "收入\r\n总计".encode())):
        monkeypatch.setattr("engine.util.jsonstream.os.linesep", linesep)
        written = []
        write = to_binary(written.append)
        write("收入\n")
        write("总计".encode())
        assert b"".join(written) == expected


def test_batches_cover_the_inputs_in_order_and_end_one_document_at_a_time():
    from engine.batch.run import batches

    for count in (0, 1, 7, 10, 33, 300):
        items = list(range(count))
        made = list(batches(items, 4, 2))
        assert [item for batch in made for item in batch] == items
        assert all(len(batch) == 1 for batch in made[-min(count, 8):])
        assert all(len(batch) <= 4 for batch in made)


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="the patch reaches forked workers only")
def test_a_worker_that_dies_ends_the_run_with_a_one_line_error(tmp_path, monkeypatch):
    import engine.batch.run

    for name in ("a.txt", "b.txt", "c.txt"):
        write(tmp_path, name, BALANCED)
    monkeypatch.setattr(engine.batch.run, "check_document", lambda *arguments: os._exit(3))  # forked workers inherit it
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--jobs", "2", "--no-cache", "--isolated"])
    assert result.exit_code == 2
    assert "error: a worker process stopped unexpectedly (exit code 3); the report is incomplete" in result.stderr
    assert "Traceback" not in result.stderr
