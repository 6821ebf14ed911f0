"""Fuzz the document pipeline: read -> parse -> facts -> evaluate never raises but ReadError.

Random bytes go through the reader; random mutations of the corpus documents (lines deleted,
duplicated, shuffled; digits swapped; tabs inserted; full-width characters, encodings, line
endings) go through the whole pipeline with the shipped rules. Profile: RULECHECK_HYPOTHESIS_PROFILE.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.errors import ReadError
from engine.evaluate import evaluate
from engine.facts.tables import extract_facts
from engine.language.rulebook import load_rulebook
from engine.model import Source
from engine.parse import parse_document
from engine.read import decode_bytes, normalize_newlines, read_source
from engine.vocabulary import default_vocabulary

CORPUS = sorted((Path(__file__).resolve().parents[2] / "corpus").glob("*.txt"))
COUNTER = {"bytes": 0, "mutations": 0, "reader": 0}


@lru_cache(maxsize=1)
def shipped():
    vocabulary = default_vocabulary()
    return load_rulebook([], vocabulary), vocabulary


@cache
def corpus_lines(index: int) -> tuple[str, ...]:
    return tuple(CORPUS[index].read_text(encoding="utf-8").split("\n"))


def pipeline(source: Source):
    rulebook, vocabulary = shipped()
    facts = extract_facts(parse_document(source, vocabulary), vocabulary)
    evaluation = evaluate(rulebook.rule_set, facts, vocabulary)
    statuses = {status.rule for status in evaluation.statuses}
    assert statuses == {rule.info.code for rule in rulebook.rule_set.rules}
    for status in evaluation.statuses:
        assert status.status in ("pass", "fail", "not_applicable", "error"), status
        # a rule-level error must not be an internal crash dressed up as one
        assert "Traceback" not in (status.reason or "")
    for finding in evaluation.findings:
        assert finding.message
    return evaluation


def whole(data: bytes):
    try:
        text, _ = decode_bytes(data, "fuzz.txt")
    except ReadError as error:
        assert error.reason and "\n" not in error.reason
        return None
    return pipeline(Source("fuzz.txt", normalize_newlines(text)))


PREFIXES = st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"%PDF-", b"PK\x03\x04",
                            "单位：万元\n项目\t预算数\n".encode(), "| 项目 | 合计 |\n".encode("gb18030")])


@settings(suppress_health_check=list(HealthCheck))
@given(prefix=PREFIXES, body=st.binary(max_size=2000))
def test_random_bytes_never_crash_the_pipeline(prefix, body):
    COUNTER["bytes"] += 1
    whole(prefix + body)


@settings(max_examples=max(10, settings().max_examples // 3), suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=300))
def test_read_source_on_disk(tmp_path_factory, data):
    COUNTER["reader"] += 1
    path = tmp_path_factory.getbasetemp() / "fuzz_read.txt"
    path.write_bytes(data)
    try:
        source = read_source(path, "fuzz_read.txt")
    except ReadError:
        return
    assert "\r" not in source.text
    assert not source.text.startswith("\ufeff")


SWAPS = str.maketrans("0123456789", "9876543210")


@st.composite
def mutated_corpus(draw):
    lines = list(corpus_lines(draw(st.integers(0, len(CORPUS) - 1))))
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["delete", "duplicate", "shuffle", "digits", "tab", "fullwidth", "truncate",
                                   "paren", "dash", "yuan", "insert"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(i, min(len(lines), i + 40)))
        if op == "delete":
            del lines[i:j]
        elif op == "duplicate":
            lines[i:i] = lines[i:j]
        elif op == "shuffle":
            chunk = lines[i:j]
            lines[i:j] = draw(st.permutations(chunk)) if chunk else chunk
        elif op == "digits":
            lines[i] = lines[i].translate(SWAPS)
        elif op == "tab":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.sampled_from(["\t", "\t\t", " | ", "   ", "|"])) + lines[i][at:]
        elif op == "fullwidth":
            lines[i] = lines[i].translate(str.maketrans("0123456789.,:|-", "０１２３４５６７８９．，：｜－"))
        elif op == "truncate":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
            del lines[i + 1:]
        elif op == "paren":
            lines[i] = lines[i].replace(".", ".").replace("\t", "\t(", 1) + ")"
        elif op == "dash":
            lines[i] = lines[i].replace("0", draw(st.sampled_from(["—", "－", "-", "", "0.00.0"])))
        elif op == "yuan":
            lines[i] = lines[i].replace("万元", draw(st.sampled_from(["元", "亿元", "%", "千元", ""])))
        elif op == "insert":
            lines.insert(i, draw(st.text(alphabet="0123456789.,，（）()|\t -—合计小计单位：万元表一二、#", max_size=60)))
    return "\n".join(lines)


@settings(suppress_health_check=list(HealthCheck))
@given(text=mutated_corpus(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
       newline=st.sampled_from(["\n", "\r\n", "\r"]))
def test_mutated_corpus_documents_never_crash(text, encoding, newline):
    COUNTER["mutations"] += 1
    data = text.replace("\n", newline).encode(encoding)
    if not data:
        return
    whole(data)


def test_report_fuzz_counts(capsys):
    with capsys.disabled():
        print(f"\n[hardening] document fuzz examples run: {COUNTER}")
