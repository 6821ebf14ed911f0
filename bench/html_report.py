#!/usr/bin/env python3
"""How fast the HTML report opens, and how large it is (issue 23). A plain script, not a test.

    python bench/html_report.py                 # 1,000 documents, 5 loads each
    python bench/html_report.py --count 200 --repeats 3

Checks corpus/ once, copies its documents under new names until there are --count of them (so
every citation's window is read from a real file), writes the HTML report for all of them with
the writer a run uses, and opens it in headless Chromium (/usr/bin/chromium through playwright),
timing from navigation to the first frame painted after the page's script ran (the overview with
its table and filters ready), the median of --repeats fresh tabs; then how long opening one
document takes (its findings built from its JSON). Also the report's size for corpus/ and, where
../shared/real-pdf exists, for a few real PDFs with every page cited (the upper bound: a page is
embedded only when cited). Prints the figures; `--write` puts them in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.batch.run import check_inputs, collect_inputs  # noqa: E402
from engine.language.rulebook import load_rulebook  # noqa: E402
from engine.model import (  # noqa: E402
    Citation,
    DocumentResult,  # noqa: E402
    Finding,
)
from engine.report.html import render_html  # noqa: E402
from engine.vocabulary import default_vocabulary  # noqa: E402

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync"]
REAL_PDFS = ROOT.parent / "shared" / "real-pdf"
SECTION = "## HTML report (bench/html_report.py)"

OPEN_SECOND = """() => { const started = performance.now();
  document.querySelector('#documents tbody tr:nth-child(2) button.open').click();
  return new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - started)))); }"""
PAINTED = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now()))))"""


def corpus_results(folder: Path, count: int):
    """`count` results: corpus/ checked once, its documents copied under new names."""
    vocabulary = default_vocabulary()
    rulebook = load_rulebook([], vocabulary)
    checked = list(check_inputs(collect_inputs([str(ROOT / "corpus")]), rulebook, vocabulary))
    results = []
    for number in range(count):
        original = checked[number % len(checked)]
        copy = folder / f"{number:05d}_{Path(original.path).name}"
        shutil.copyfile(original.path, copy)
        results.append(attrs.evolve(original, path=str(copy)))
    return results, [rule.info for rule in rulebook.rule_set.rules]


def time_loads(path: Path, repeats: int) -> dict:
    from playwright.sync_api import sync_playwright

    loads, opens, dom = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=FLAGS)
        for _ in range(repeats):
            page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
            page.goto(path.resolve().as_uri(), wait_until="commit")
            page.wait_for_function("() => /document/.test(document.getElementById('shown')?.textContent || '')")
            loads.append(page.evaluate(PAINTED) / 1000)  # ms since navigation started
            page.wait_for_load_state("load")
            dom.append(page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd") / 1000)
            opens.append(page.evaluate(OPEN_SECOND) / 1000)
            page.context.close()
        browser.close()
    return {"load": statistics.median(loads), "dom": statistics.median(dom), "open": statistics.median(opens),
            "loads": loads}


def pdf_sizes(limit: int) -> list[tuple[str, int, int]]:
    """(name, pages, report bytes) for a few real PDFs, every page cited once."""
    import pypdfium2

    sizes = []
    for pdf in sorted(REAL_PDFS.glob("budget/*/*.pdf"))[:limit]:
        document = pypdfium2.PdfDocument(str(pdf))
        pages = len(document)
        document.close()
        citations = tuple(Citation(str(pdf), 1, "1.00", "1.00", page=page, bbox=(100.0, 100.0, 160.0, 112.0))
                          for page in range(1, pages + 1))
        result = DocumentResult(str(pdf), "checked", (Finding("BUD-X01", "error", "fail", "every page", citations),))
        sizes.append((pdf.relative_to(REAL_PDFS).as_posix(), pages, len(render_html([result], []).encode("utf-8"))))
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--pdfs", type=int, default=4)
    parser.add_argument("--write", action="store_true", help="put the figures in docs/PERFORMANCE.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rulecheck-html-bench-") as scratch:
        folder = Path(scratch)
        results, infos = corpus_results(folder, args.count)
        started = time.perf_counter()
        report = folder / "report.html"
        report.write_text(render_html(results, infos), encoding="utf-8")
        written = time.perf_counter() - started
        corpus_size = len(render_html(results[:4], infos).encode("utf-8"))
        size = report.stat().st_size
        findings = sum(len(result.findings) for result in results)
        timing = time_loads(report, args.repeats)
    pdfs = pdf_sizes(args.pdfs) if REAL_PDFS.is_dir() else []
    lines = [
        SECTION,
        "",
        f"- {args.count} documents ({findings} findings: corpus/ copied under new names), report "
        f"{size / 1e6:.1f} MB, written in {written:.2f} s (in-process, one writer).",
        f"- Chromium {'(headless, /usr/bin/chromium)'} at 1280×800, median of {args.repeats} fresh tabs: the overview "
        f"painted {timing['load']:.2f} s after navigation started (the whole file parsed: DOMContentLoaded "
        f"{timing['dom']:.2f} s); "
        f"target < 2 s: **{'met' if timing['load'] < 2 else 'not met'}**. Each load: "
        + ", ".join(f"{value:.2f}" for value in timing["loads"]) + " s.",
        f"- Opening a document once the file is parsed (its findings and first cited place built from its JSON, "
        f"painted): {timing['open'] * 1000:.0f} ms.",
        f"- Load average while measuring: {' / '.join(f'{value:.1f}' for value in os.getloadavg())} on {os.cpu_count()} CPUs "
        "(other work shares them; the figures are wall-clock).",
        f"- Report for corpus/ (4 documents, every cited window embedded): {corpus_size / 1024:.0f} KB.",
    ]
    if pdfs:
        lines.append("- Real PDFs with every page cited (JPEG at ≤ 1.5× and ≤ 1400 px, quality 70): "
                     + "; ".join(f"`{name}` {pages} pages {size / 1e6:.2f} MB ({size / pages / 1024:.0f} KB/page)"
                                 for name, pages, size in pdfs) + ".")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        write_section(ROOT / "docs" / "PERFORMANCE.md", text)
    return 0


def write_section(path: Path, text: str) -> None:
    """Replace (or add) this script's section; bench/run.py keeps it when it rewrites the file."""
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if SECTION in current:
        head, _, rest = current.partition(SECTION)
        following = rest.find("\n## ")
        current = head.rstrip("\n") + "\n\n" + text + (rest[following:] if following >= 0 else "")
    else:
        current = current.rstrip("\n") + "\n\n" + text
    path.write_text(current, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
