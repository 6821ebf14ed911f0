"""Reports are written as results arrive (issue 7): same bytes as a whole-report dump, nothing kept.

The CLI triages and writes each document before the next one is checked, so memory does not grow
with the number of documents. These tests pin the order of events, the byte-identity of every
streamed format with a dump of the whole value, and that triage gives the same answers one
document at a time (stale waivers, baseline counts) as over the whole list.
"""

import contextlib
import csv
import datetime
import gc
import io
import json
import multiprocessing
import weakref
from collections import Counter

import pytest
from click.testing import CliRunner

import engine.cli.commands
from engine.batch.run import MAX_BATCH, batch_size, check_inputs, collect_inputs
from engine.cli.commands import main
from engine.errors import BaselineError
from engine.language.rulebook import load_rulebook
from engine.model import Citation, DocumentResult, Finding
from engine.report.csv import CsvReport, render_csv
from engine.report.json import JsonReport, render_json, report_data
from engine.report.sarif import SarifReport, render_sarif
from engine.report.summary import Summary
from engine.report.text import TextReport, render_text
from engine.util.jsonstream import JsonArray, Spool, Text, array_items
from engine.vocabulary import default_vocabulary
from engine.workflow.baseline import Baseline, baseline_entries, load_baseline, render_baseline
from engine.workflow.fingerprint import fingerprint
from engine.workflow.triage import Triager, failing, fails, triage
from engine.workflow.waivers import Waiver
from tests.cli.documents import BALANCED, UNBALANCED, waivers_file, write

TODAY = datetime.date(2025, 1, 1)


def finding(rule="BUD-A01", value="9.99", severity="error", status="fail", message="收入总计不等于支出总计"):
    citation = Citation("x.txt", 5, f"| 收入总计 | 10.00 | 支出总计 | {value} |", value, "部门收支总表", "支出总计", "预算数")
    return Finding(rule, severity, status, message, (citation,), "10.00", value, "《预算法》第十二条", "totals")


def results():
    """Out of path order on purpose, with an unreadable document, a clean one and a duplicate finding."""
    return [
        DocumentResult("docs/b.txt", "checked", (finding(), finding(), finding("BUD-B02", "1.00", "warning"))),
        DocumentResult("docs/a.txt", "checked", (finding(value="8.00"), finding("BUD-C03", "", "info", "error", "rule error"))),
        DocumentResult("docs/clean.txt", "checked"),
        DocumentResult("docs/missing.txt", "error", error="cannot read: no such file"),
    ]


def summary_of(items):
    summary = Summary()
    for result in items:
        summary.add(result)
    return summary


def redump(text):
    """What json.dumps writes for the same value: a streamed document must already be exactly this."""
    return json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("items", [[], results()[:1], results()], ids=["none", "one", "several"])
@pytest.mark.parametrize("verbose", [False, True])
def test_streamed_json_is_json_dumps_of_report_data(items, verbose):
    summary = summary_of(items)
    expected = json.dumps(report_data(items, summary, verbose), ensure_ascii=False, indent=2) + "\n"
    assert render_json(items, summary, verbose) == expected


@pytest.mark.parametrize("items", [[], results()], ids=["none", "several"])
def test_streamed_sarif_and_triaged_json_are_byte_identical_to_a_whole_dump(items):
    rulebook = load_rulebook([], default_vocabulary())
    infos = [rule.info for rule in rulebook.rule_set.rules]
    sarif = render_sarif(items, infos)
    assert sarif == redump(sarif)
    log = json.loads(sarif)["runs"][0]
    assert [artifact["location"]["uri"] for artifact in log["artifacts"]] == [result.path for result in items]
    assert log["invocations"][0]["executionSuccessful"] is not any(result.status == "error" for result in items)
    assert len(log["results"]) == sum(len(result.findings) for result in items)

    buffer = Text()
    report = JsonReport(buffer, triaged=True)
    triager = Triager(waivers=(Waiver("BUD-A01", "docs/*.txt", "reviewed", index=1),), today=TODAY)
    report.begin()
    for result in items:
        kept, waived = triager.apply(result)
        report.document(kept)
        report.waived(waived)
    report.end(summary_of(items), triager.tally())
    text = buffer.value()
    assert text == redump(text)
    data = json.loads(text)
    assert list(data) == ["rulecheck_version", "schema_version", "documents", "summary", "waived"]
    assert data["summary"]["waived"] == len(data["waived"]) == (3 if items else 0)


def test_json_array_matches_json_dumps_at_any_depth():
    value = {"a": [{"b": [1, {"c": "多行\n文本"}], "d": []}, [], "x"]}
    for depth in (1, 2, 5):
        buffer = io.StringIO()
        array = JsonArray(buffer.write, depth)
        for item in value["a"]:
            array.add(item)
        array.close()
        whole = json.dumps({"k": value["a"]}, ensure_ascii=False, indent=2)
        if depth == 2:
            assert '{\n  "k": ' + buffer.getvalue() + "\n}" == whole
        assert json.loads(buffer.getvalue()) == value["a"]


def test_spool_copies_in_line_aligned_pieces_past_its_memory_size(monkeypatch):
    monkeypatch.setattr("engine.util.jsonstream.SPOOL_BYTES", 100)
    monkeypatch.setattr("engine.util.jsonstream.COPY_CHARS", 50)
    spool = Spool()
    lines = [f"第{number}行 {'x' * number}\n" for number in range(60)]
    for line in lines:
        spool.write(line)
    pieces = []
    spool.copy_to(pieces.append)
    assert b"".join(pieces).decode("utf-8") == "".join(lines)
    assert len(pieces) > 1 and all(piece.endswith(b"\n") for piece in pieces)


def test_whole_report_functions_agree_with_their_writers():
    items = results()
    summary = summary_of(items)
    assert render_text(items, summary).endswith(summary.line() + "\n")
    assert render_text(items, summary).count(": error: ") == 1
    rows = list(csv.reader(io.StringIO(render_csv(items))))
    assert len(rows) == 1 + 5 and rows[0][0] == "document"
    assert [row[0] for row in rows[1:]] == ["docs/b.txt"] * 3 + ["docs/a.txt"] * 2


@pytest.mark.parametrize("make", [
    lambda write: TextReport(write, True), lambda write: JsonReport(write, True, triaged=True),
    lambda write: SarifReport(write, []), CsvReport,
], ids=["text", "json", "sarif", "csv"])
def test_writers_keep_no_reference_to_a_written_result(make):
    writer = make(Text())
    writer.begin()
    pending = results()
    while pending:
        result = pending.pop(0)
        alive = weakref.ref(result)
        writer.document(result)
        del result
        gc.collect()
        assert alive() is None
    writer.end(Summary())


def test_triage_one_document_at_a_time_finds_stale_and_expired_waivers():
    waivers = (
        Waiver("BUD-B02", "docs/b.txt", "reviewed", index=1),  # used
        Waiver("BUD-A01", "docs/clean.txt", "fixed since", index=2),  # checked, matched nothing: stale
        Waiver("BUD-A01", "docs/missing.txt", "unreadable", index=3),  # document not checked: not stale
        Waiver("BUD-A01", "docs/*.txt", "old", expires=datetime.date(2000, 1, 1), index=4),  # expired
        Waiver("BUD-C03", "docs/a.txt", "rule errors are never waived", index=5),  # stale
    )
    outcome = triage(results(), {"BUD-A01": "warning"}, waivers, today=TODAY)
    assert [waiver.index for waiver in outcome.stale] == [2, 5]
    assert [waiver.index for waiver in outcome.expired] == [4]
    assert [(item.document, item.finding.rule) for item in outcome.waived] == [("docs/b.txt", "BUD-B02")]
    b, a = outcome.results[0], outcome.results[1]
    assert [f.severity for f in b.findings] == ["warning", "warning"]  # overridden before waivers
    assert [f.rule for f in a.findings] == ["BUD-A01", "BUD-C03"] and a.findings[1].status == "error"
    assert not fails(outcome.results, "error") and fails(outcome.results, "warning")
    assert failing(summary_of(outcome.results).findings, "info")

    triager = Triager({"BUD-A01": "warning"}, waivers, today=TODAY)
    one_by_one = [triager.apply(result)[0] for result in results()]
    assert tuple(one_by_one) == outcome.results
    assert triager.tally().stale == outcome.stale and triager.tally().waived == 1


def test_baseline_consumed_one_document_at_a_time_counts_each_entry_once():
    items = results()
    twice = fingerprint(finding())
    baseline = Counter({("docs/b.txt", twice): 1, ("docs/a.txt", fingerprint(finding(value="8.00"))): 1,
                        ("docs/elsewhere.txt", twice): 3})
    outcome = triage(items, baseline=baseline)
    assert outcome.known == 2
    assert [len(result.findings) for result in outcome.results] == [2, 1, 0, 0]
    assert baseline[("docs/b.txt", twice)] == 1  # the caller's counter is not consumed


def test_baseline_file_is_sorted_across_documents_that_arrive_out_of_order():
    items = results() + [DocumentResult("docs/b.txt", "checked", (finding("BUD-A00", "1.50"),))]  # same path again
    text = render_baseline(items)
    assert text == redump(text)
    entries = json.loads(text)["findings"]
    everything = [entry for result in items for entry in baseline_entries(result)]
    key = lambda entry: (entry["document"], entry["rule"], entry["fingerprint"], entry["message"])  # noqa: E731
    assert entries == sorted(everything, key=key)
    assert [entry["document"] for entry in entries] == ["docs/a.txt"] + ["docs/b.txt"] * 4
    assert json.loads(render_baseline([])) == {"rulecheck_baseline": 1, "findings": []}


@pytest.fixture
def documents(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("a", "b", "c"):
        write(tmp_path, f"docs/{name}.txt", UNBALANCED.replace("9.99", f"9.9{ord(name) - 96}"))
    write(tmp_path, "docs/d.txt", BALANCED)
    return tmp_path


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "csv"])
def test_cli_writes_each_document_before_checking_the_next(documents, monkeypatch, output_format):
    events = []
    real_check_batches = engine.cli.commands.check_batches

    def recording_check_batches(*arguments, **keywords):
        for batch in real_check_batches(*arguments, **keywords):
            events.extend(("checked", part.path) for part in batch.parts)
            yield batch

    @contextlib.contextmanager
    def recording_stream(output):
        yield lambda piece: events.append(("wrote", piece if isinstance(piece, str) else piece.decode("utf-8")))

    monkeypatch.setattr(engine.cli.commands, "check_batches", recording_check_batches)
    monkeypatch.setattr(engine.cli.commands, "_report_stream", recording_stream)
    result = CliRunner().invoke(main, ["--format", output_format, "--select", "BUD-A01", "--jobs", "1", "docs"])
    assert result.exit_code == 1, result.output
    checked = [index for index, (kind, _) in enumerate(events) if kind == "checked"]
    assert [events[index][1] for index in checked] == ["docs/a.txt", "docs/b.txt", "docs/c.txt", "docs/d.txt"]
    for position, (index, following) in enumerate(zip(checked, checked[1:])):
        written = "".join(text for kind, text in events[index:following] if kind == "wrote")
        assert f"docs/{'abc'[position]}.txt" in written, (output_format, position, written)
    report = "".join(text for kind, text in events if kind == "wrote")
    if output_format in ("json", "sarif"):
        assert report == redump(report)


def test_cli_report_is_the_same_through_a_file_stdout_and_workers(documents):
    write(documents, "waivers.toml", waivers_file(("BUD-A01", "docs/b.txt", "reviewed"), ("BUD-A01", "docs/d.txt", "stale")))
    runner = CliRunner()
    recorded = runner.invoke(main, ["--select", "BUD-A01", "--write-baseline", "baseline.json", "docs/c.txt"])
    assert recorded.exit_code == 0 and "wrote 1 finding(s) of 1 document(s)" in recorded.stderr
    common = ["--format", "json", "--select", "BUD-A01", "--waivers", "waivers.toml", "--baseline", "baseline.json"]
    to_stdout = runner.invoke(main, [*common, "--jobs", "1", "docs"])
    to_file = runner.invoke(main, [*common, "--jobs", "2", "--output", "report.json", "docs"])
    assert to_stdout.exit_code == to_file.exit_code == 1
    assert (documents / "report.json").read_text(encoding="utf-8") == to_stdout.stdout
    data = json.loads(to_stdout.stdout)
    assert data["summary"]["waived"] == 1 and data["summary"]["baseline_known"] == 1
    assert data["summary"]["stale_waivers"] == [2]
    assert [len(document["findings"]) for document in data["documents"]] == [1, 0, 0, 0]


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_workers_return_results_in_order_in_small_batches(tmp_path, monkeypatch, start):
    """Forked workers inherit the compiled rules; spawned ones (platforms without fork) load them."""
    if start not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {start} on this platform")
    monkeypatch.setattr("multiprocessing.get_all_start_methods", lambda: [start])  # engine.batch.run imports it when a pool starts
    for number in range(7):
        write(tmp_path, f"{number}.txt", UNBALANCED if number % 2 else BALANCED)
    inputs = collect_inputs([str(tmp_path)])
    vocabulary = default_vocabulary()
    rulebook = load_rulebook([], vocabulary)
    rulebook = type(rulebook)(rulebook.rule_set.select(("BUD-A01",), ()), rulebook.diagnostics, rulebook.texts)
    serial = list(check_inputs(inputs, rulebook, vocabulary, 1, select=("BUD-A01",)))
    parallel = list(check_inputs(inputs, rulebook, vocabulary, 2, select=("BUD-A01",)))
    assert parallel == serial and [result.path for result in parallel] == [item.display for item in inputs]
    assert batch_size(7, 2) == 1 and batch_size(10**6, 2) == MAX_BATCH


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 1 << 16])
def test_array_items_reads_a_large_array_one_item_at_a_time(monkeypatch, chunk):
    monkeypatch.setattr("engine.util.jsonstream.COPY_CHARS", chunk)
    value = {"version": 12345, "items": [{"a": "收入总计", "n": [1, 2.5e3, None]}, 123456789, "x,]}", [], {}],
             "after": {"items": "not these"}}
    for text in (json.dumps(value, ensure_ascii=False, indent=2), json.dumps(value, separators=(",", ":")),
                 ' { "items" : [ ] , "v":1 } \n'):
        assert list(array_items(io.StringIO(text), "items")) == json.loads(text)["items"]
    for broken, error in (('{"items": [1, 2', ValueError), ('{"items": [1]} x', ValueError), ('{"other": []}', KeyError),
                          ('{"items": {"a": 1}}', TypeError), ('{"items": [1,]}', ValueError), ('[]', ValueError)):
        with pytest.raises(error):
            list(array_items(io.StringIO(broken), "items"))


def test_baseline_file_is_read_back_per_document_and_used_up(tmp_path, monkeypatch):
    monkeypatch.setattr("engine.util.jsonstream.COPY_CHARS", 5)
    path = tmp_path / "baseline.json"
    path.write_text(render_baseline(results()), encoding="utf-8")
    baseline = load_baseline(path)
    assert baseline.counts() == Counter({
        ("docs/a.txt", fingerprint(finding(value="8.00"))): 1,
        ("docs/b.txt", fingerprint(finding())): 2, ("docs/b.txt", fingerprint(finding("BUD-B02", "1.00", "warning"))): 1,
    })
    assert Baseline.of(baseline.counts()).counts() == baseline.counts()
    outcome = triage(results(), baseline=baseline)
    assert outcome.known == 4 and sum(len(result.findings) for result in outcome.results) == 1  # the rule error stays
    assert baseline.documents == {}
    path.write_text('{"findings": [{"document": "a.txt", "fingerprint": 12}]}', encoding="utf-8")
    with pytest.raises(BaselineError, match="TypeError"):
        load_baseline(path)
    path.write_text('{"rulecheck_baseline": 1, "findings": [{"document": "a.txt"}]}', encoding="utf-8")
    with pytest.raises(BaselineError, match="KeyError"):
        load_baseline(path)


def test_default_workers_follow_the_cpus_this_process_may_use(monkeypatch):
    from engine.batch.run import DOCUMENTS_PER_WORKER, auto_jobs

    monkeypatch.setattr("engine.batch.run.os.sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    assert auto_jobs(1000) == 3 and auto_jobs(DOCUMENTS_PER_WORKER * 2) == 2 and auto_jobs(DOCUMENTS_PER_WORKER - 1) == 1
    monkeypatch.setattr("engine.batch.run.os.sched_getaffinity", lambda pid: {0}, raising=False)
    assert auto_jobs(1000) == 1
