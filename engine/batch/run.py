"""Checking documents: paths -> one DocumentResult per input file, in sorted order.

A document that cannot be read, or that trips an internal error, becomes a result with
status `error` and a one-line reason; the run goes on with the others. With jobs > 1 the
documents are checked in worker processes (forked with the compiled rules where the platform
can fork; elsewhere each loads the rules once, at start-up) and
results come back in input order, so the report is the same whatever the parallelism. Results
are yielded one at a time and only a few batches are in flight, so a caller that reports each
result as it comes holds no more than that, however many documents there are. Given a
ResultCache, a document whose result an earlier run stored is read back instead of checked.

`check_batches` also runs a caller's `finish` on each batch of results where they were checked
(the CLI triages and renders them there), so the process writing the report, which shares the
CPUs with the workers, gets back only what it writes.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator
from pathlib import Path
from typing import Any, Optional, TypeVar, cast

from engine.batch.collector import batch_collection, settle
from engine.batch.pool import Pool
from engine.batch.result_cache import ResultCache
from engine.errors import ReadError
from engine.evaluate import evaluate
from engine.facts.tables import extract_facts
from engine.language.rulebook import RuleBook, load_rulebook
from engine.model import Bundle, Coverage, DocumentResult, FactSet, Source
from engine.parse import parse_document
from engine.read import DEFAULT_MAX_BYTES, PDF_MAGIC_WINDOW, is_pdf, read_source
from engine.read.bundle import cite_parts, join_sources
from engine.read.positions import PositionMap, place_findings
from engine.record import evolve, frozen
from engine.util.file_names import printable_name
from engine.vocabulary import Vocabulary

DOCUMENT_SUFFIXES = (".txt", ".md", ".pdf", ".html", ".htm")


@frozen
class Input:
    """One document to check, named as the run names it: as given, or as found under a given folder.

    Only the name is kept (a Path per document costs ~4x more, for every document of the run).
    A file name that is not valid UTF-8 is shown with its stray bytes escaped (`bad\\xff.txt`), so
    every report can print it; `name` keeps the bytes to open it by.
    """

    display: str
    name: Optional[str] = None  # the name on disk, when it differs from display
    unsupported: Optional[str] = None  # found in a folder, in a format rulecheck does not read: why
    error: Optional[str] = None  # known before reading that it cannot be used (a bundle manifest in error): why
    # a bundle (engine.batch.bundles): the files of one disclosure, checked as one document named
    # like the first of them (this Input's own display and name)
    parts: tuple["Input", ...] = ()
    bundle: Optional[Bundle] = None

    @classmethod
    def named(cls, name: str) -> "Input":
        display = printable_name(name)
        return cls(display, None if display == name else name)

    @property
    def path(self) -> Path:
        return Path(self.name if self.name is not None else self.display)


def collect_inputs(paths: Iterable[str]) -> list[Input]:
    """Every file under the given paths, sorted: .txt/.md/.html/.htm, PDFs and web pages (by content) to check, any
    other file to be reported as an unsupported format, never skipped silently (hidden files,
    named with a leading dot, are left alone). A missing path is kept so it is reported."""
    inputs: list[Input] = []
    for given in paths:
        root = Path(given)
        if root.is_dir():
            found = (_found(path) for path in _walk(root) if not path.name.startswith("."))
            inputs.extend(sorted(found, key=lambda item: item.display))  # in the order the report shows them
        else:
            inputs.append(Input.named(given))
    return inputs


def _found(path: Path) -> Input:
    """A file found in a folder: a document when its name says text or web page, or its content says PDF or HTML."""
    item = Input.named(path.as_posix())
    if path.suffix.lower() in DOCUMENT_SUFFIXES:
        return item
    try:
        with open(path, "rb") as opened:
            head = opened.read(PDF_MAGIC_WINDOW)
    except OSError:
        return item  # reported when it is read
    from engine.read.html import looks_like_html

    if is_pdf(head) or looks_like_html(head):
        return item
    kind = f"a {path.suffix.lower()} file" if path.suffix else "a file without an extension"
    return evolve(item, unsupported=f"unsupported format: {kind}, not a text, PDF or HTML disclosure")


def _walk(root: Path) -> Iterator[Path]:
    """Files under root without following directory symlinks (a symlink loop cannot trap us)."""
    for directory, subdirectories, files in os.walk(root, followlinks=False):
        subdirectories.sort()
        for name in sorted(files):
            yield Path(directory) / name


def check_document(item: Input, rulebook: RuleBook, vocabulary: Vocabulary, max_bytes: int = DEFAULT_MAX_BYTES,
                   results: Optional[ResultCache] = None) -> DocumentResult:
    if item.unsupported is not None:
        return DocumentResult(item.display, "unsupported", error=item.unsupported)
    if item.error is not None:
        return DocumentResult(item.display, "error", error=item.error)
    try:
        source = _read(item, max_bytes)
    except ReadError as error:
        unsupported = error.unsupported and not item.parts  # a bundle's part in another format is its error
        return DocumentResult(item.display, "unsupported" if unsupported else "error", error=error.reason,
                              bundle=item.bundle)
    if results is None:
        return _check_source(source, rulebook, vocabulary, item.bundle)
    entry, known = results.lookup(source)
    if isinstance(known, DocumentResult):
        return known
    result = _check_source(source, rulebook, vocabulary, item.bundle)
    results.store(entry, result)
    return result


def _read(item: Input, max_bytes: int) -> Source:
    """The document's source; a bundle's parts joined into one (a part that cannot be read makes
    the bundle an error naming that part)."""
    if not item.parts:
        return read_source(item.path, item.display, max_bytes)
    sources = []
    for part in item.parts:
        try:
            sources.append(read_source(part.path, part.display, max_bytes))
        except ReadError as error:
            raise ReadError(item.display, f"part {part.display}: {error.reason}", error.unsupported) from None
    return join_sources(sources, item.display)


def _check_source(source: Source, rulebook: RuleBook, vocabulary: Vocabulary,
                  bundle: Optional[Bundle] = None) -> DocumentResult:
    if bundle is not None:
        bundle = evolve(bundle, pages=tuple(part.pages for part in source.parts))
    try:
        facts = _facts_of(source, vocabulary)  # the parsed document is dropped before evaluation (~8 MB per MB)
        coverage = Coverage.of(facts, source.positions)
        evaluation = evaluate(rulebook.rule_set, facts, vocabulary)
        findings = evaluation.findings
        if source.positions is not None:  # a PositionMap, typed `object` in model.py (which may not import engine.read)
            findings = place_findings(findings, cast(PositionMap, source.positions))
        findings = cite_parts(findings, source.parts)  # a bundle's citations name their own file and line
    except RecursionError:
        return DocumentResult(source.path, "error", error="document structure too deeply nested", bundle=bundle)
    except Exception as error:  # a bug must not stop the batch: report it on this document
        return DocumentResult(source.path, "error", error=f"internal error: {type(error).__name__}: {error}",
                              bundle=bundle)
    return DocumentResult(source.path, "checked", findings, evaluation.statuses, coverage=coverage, bundle=bundle)


def _facts_of(source: Source, vocabulary: Vocabulary) -> FactSet:
    """The facts of a document, without keeping its parsed form (every cell as written) alive
    while the rules run: the facts hold what evaluation reads."""
    return extract_facts(parse_document(source, vocabulary), vocabulary)


_WORKER: dict = {}
DOCUMENTS_PER_WORKER = 8  # below this starting a worker costs more than it saves (16 documents: 0.91 s -> 0.7 s with 2)
MAX_BATCH = 4  # documents per task handed to a worker: small, so the last tasks leave no worker idle for long
TASKS_PER_WORKER = 3  # tasks handed out or waiting to be consumed, per worker: how far the workers may run ahead


def auto_jobs(documents: int) -> int:
    """One worker per CPU, but only as many as the batch keeps busy."""
    return max(1, min(usable_cpus(), documents // DOCUMENTS_PER_WORKER))


def usable_cpus() -> int:
    """CPUs this process may run on (a container or `taskset` may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # no affinity on this platform
        return os.cpu_count() or 1


def _pool(jobs: int, rulebook: RuleBook, vocabulary: Vocabulary, max_bytes: int, results: Optional[ResultCache],
          finish: Callable, initargs: tuple) -> Pool:
    """Workers that already hold the compiled rules: forked from this process where the platform
    can fork (they inherit the rule book, nothing is parsed or compiled again), otherwise started
    fresh, each loading the rules once (from the parse cache when it is warm) and given `finish`.
    multiprocessing is imported here, not at start-up: checking one document needs no worker."""
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods():
        _WORKER.update(rulebook=rulebook, vocabulary=vocabulary, max_bytes=max_bytes, results=results, finish=finish)
        return Pool(jobs, multiprocessing.get_context("fork"))
    return Pool(jobs, multiprocessing.get_context("spawn"), _start_worker, (*initargs, finish))


def _start_worker(rule_paths: tuple[str, ...], vocabulary_paths: tuple[str, ...], select, ignore, max_bytes: int,
                  results_folder: Optional[str], finish: Callable) -> None:
    vocabulary = Vocabulary.load([Path(path) for path in vocabulary_paths])
    rulebook = load_rulebook([Path(path) for path in rule_paths], vocabulary)
    _WORKER["vocabulary"] = vocabulary
    _WORKER["max_bytes"] = max_bytes
    _WORKER["results"] = ResultCache(Path(results_folder)) if results_folder else None
    _WORKER["rulebook"] = RuleBook(rulebook.rule_set.select(select, ignore), rulebook.diagnostics, rulebook.texts)
    _WORKER["finish"] = finish
    settle()  # a forked worker inherits the parent's settings; a spawned one loaded its rules just now


def _check_in_worker(batch: list[Input], lent: Any) -> Any:
    results = [
        check_document(item, _WORKER["rulebook"], _WORKER["vocabulary"], _WORKER["max_bytes"], _WORKER["results"])
        for item in batch
    ]
    return _WORKER["finish"](results, lent)


def batch_size(documents: int, jobs: int) -> int:
    """Documents per task sent to a worker: enough to amortise the hand-over, few enough that the
    results waiting to be reported in order stay a handful whatever the batch size."""
    return max(1, min(MAX_BATCH, documents // (jobs * 4)))


def batches(inputs: list[Input], size: int, jobs: int) -> Iterator[list[Input]]:
    """Batches of `size` documents, then the last `jobs * size` documents one at a time, so that at
    the end no worker waits long for another to finish a whole batch."""
    tail = max(0, len(inputs) - jobs * size)
    for start in range(0, tail, size):
        yield inputs[start : min(start + size, tail)]
    for item in inputs[tail:]:
        yield [item]


def check_inputs(*arguments, **keywords) -> Iterator[DocumentResult]:
    """Results in input order, each yielded as soon as it and those before it are done (the
    arguments of `check_batches`, without `finish` and `lend`)."""
    for batch in check_batches(*arguments, **keywords):
        yield from batch


def _as_checked(results: list[DocumentResult], lent: Any) -> list[DocumentResult]:
    return results


def _lend_nothing(names: list[str]) -> None:
    return None


Finished = TypeVar("Finished")


def check_batches(
    inputs: list[Input],
    rulebook: RuleBook,
    vocabulary: Vocabulary,
    jobs: int = 1,
    rule_paths: tuple[str, ...] = (),
    vocabulary_paths: tuple[str, ...] = (),
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    results: Optional[ResultCache] = None,
    # mypy cannot type a default for a TypeVar-typed parameter: without `finish`, Finished is list[DocumentResult]
    finish: Callable[[list[DocumentResult], Any], Finished] = _as_checked,  # type: ignore[assignment]
    lend: Callable[[list[str]], Any] = _lend_nothing,
) -> Iterator[Finished]:
    """`finish(results, lent)` of consecutive documents' results, in input order, each yielded as
    soon as it and those before it are done; `finish` runs where the documents were checked (it
    must pickle where workers cannot fork), `lend(names)` in this process when they are handed
    out, its value going to `finish` with them.

    `lend` may give out state that the caller takes back when consuming what `finish` made of
    it, so a document is only handed out once every earlier document of the same name has been
    consumed. With workers, each has one task of `batch_size` documents at a time, and at most
    `jobs * TASKS_PER_WORKER` tasks are handed out or waiting for the consumer: a slow document
    early in the batch does not pile up the rest in memory.
    """
    with batch_collection():
        if jobs <= 1 or len(inputs) < 2:
            for item in inputs:
                lent = lend([item.display])
                yield finish([check_document(item, rulebook, vocabulary, max_bytes, results)], lent)
            return
        size = batch_size(len(inputs), jobs)
        initargs = (rule_paths, vocabulary_paths, select, ignore, max_bytes, str(results.folder) if results else None)
        try:
            with _pool(jobs, rulebook, vocabulary, max_bytes, results, finish, initargs) as pool:
                yield from _in_order(pool, batches(inputs, size, jobs), lend, jobs * TASKS_PER_WORKER)
        finally:
            _WORKER.clear()  # the parent holds the rules through its caller; a later pool gets its own


def _in_order(
    pool: Pool, batches: Iterator[list[Input]], lend: Callable[[list[str]], Any], window: int
) -> Iterator[Any]:
    """Hand batches to idle workers, at most `window` ahead of the oldest one not yet consumed, and
    yield what they make in batch order; a batch naming a document of one not yet consumed waits."""
    done: dict[Hashable, Any] = {}  # finished out of order, waiting for the ones before
    names: dict[int, list[str]] = {}  # of every batch handed out and not yet consumed
    handed_out: Counter = Counter()
    upcoming, handed, consumed = next(batches, None), 0, 0
    while upcoming is not None or consumed < handed:
        while (
            upcoming is not None
            and pool.idle
            and handed - consumed < window
            and not any(handed_out[item.display] for item in upcoming)
        ):
            names[handed] = [item.display for item in upcoming]
            handed_out.update(names[handed])
            pool.submit(handed, _check_in_worker, upcoming, lend(names[handed]))
            upcoming, handed = next(batches, None), handed + 1
        if consumed not in done:
            tag, value = pool.next_done()
            done[tag] = value
            continue
        yield done.pop(consumed)
        handed_out.subtract(names[consumed])  # the consumer is done with them
        for name in names.pop(consumed):
            if not handed_out[name]:
                del handed_out[name]
        consumed += 1
