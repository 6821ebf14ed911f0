"""PDF reading speed over a folder of real PDFs (default ../shared/real-pdf): pages per second.

    python -m bench.pdf [FOLDER] [--skip-end-to-end]

(a) the floor: pypdfium2 characters with their boxes, nothing else; (b) our reading to the
model (read -> parse -> facts); (c) `rulecheck` end to end with --jobs 1 and --jobs 2 (a
subprocess each, --no-cache); a per-stage profile of (b); peak RSS of (b) and of the largest
single document read alone. Figures go to docs/PERFORMANCE.md by hand.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "real-pdf"


def pdfs(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file() and path.read_bytes()[:1024].find(b"%PDF-") >= 0)


def floor(files: list[Path]) -> tuple[int, float]:
    pages, start = 0, time.perf_counter()
    for path in files:
        document = pdfium.PdfDocument(path)
        for index in range(len(document)):
            textpage = document[index].get_textpage()
            for char in range(textpage.count_chars()):
                textpage.get_charbox(char)
            pages += 1
        document.close()
    return pages, time.perf_counter() - start


def reading(files: list[Path]) -> tuple[int, dict[str, float]]:
    from engine.facts.tables import extract_facts
    from engine.model import Source
    from engine.parse import parse_document
    from engine.read.pdf import read_pdf_pages
    from engine.read.pdf.layout import lay_out_page
    from engine.read.pdf.render import render_pages
    from engine.vocabulary import default_vocabulary

    vocabulary = default_vocabulary()
    stages = dict.fromkeys(("page contents", "grid+layout", "render", "parse", "facts"), 0.0)
    pages = 0
    for path in files:
        data = path.read_bytes()
        layouts = []
        iterator = read_pdf_pages(data)
        while True:
            start = time.perf_counter()
            contents = next(iterator, None)
            stages["page contents"] += time.perf_counter() - start
            if contents is None:
                break
            start = time.perf_counter()
            layouts.append(lay_out_page(contents))
            stages["grid+layout"] += time.perf_counter() - start
        pages += len(layouts)
        start = time.perf_counter()
        text, positions = render_pages(layouts)
        stages["render"] += time.perf_counter() - start
        start = time.perf_counter()
        document = parse_document(Source(path.name, text, "pdf", positions), vocabulary)
        stages["parse"] += time.perf_counter() - start
        start = time.perf_counter()
        extract_facts(document, vocabulary)
        stages["facts"] += time.perf_counter() - start
    return pages, stages


def end_to_end(folder: Path, jobs: int) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "engine", "--no-cache", "--jobs", str(jobs), "--format", "json", str(folder)],
                   cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    arguments = [argument for argument in sys.argv[1:] if not argument.startswith("--")]
    folder = Path(arguments[0]) if arguments else DEFAULT
    files = pdfs(folder)
    pages, seconds = floor(files)
    print(f"{len(files)} PDFs, {pages} pages")
    print(f"(a) floor, pypdfium2 characters with boxes: {pages / seconds:.0f} pages/s ({seconds:.1f} s)")
    read_pages, stages = reading(files)
    total = sum(stages.values())
    print(f"(b) our reading to the model: {read_pages / total:.0f} pages/s ({total:.1f} s); "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    for stage, spent in stages.items():
        print(f"    {stage:14s} {spent:6.1f} s  {100 * spent / total:4.0f}%")
    if "--skip-end-to-end" not in sys.argv:
        for jobs in (1, 2):
            spent = end_to_end(folder, jobs)
            print(f"(c) rulecheck --jobs {jobs}: {pages / spent:.0f} pages/s ({spent:.1f} s)")
        largest = max(files, key=lambda path: len(pdfium.PdfDocument(path)))
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "engine", "--no-cache", str(largest)], cwd=ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(f"largest document ({len(pdfium.PdfDocument(largest))} pages) end to end: {time.perf_counter() - start:.2f} s")
        print(f"children peak RSS: {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB")
        twenty_five(files)


def _run_once(path: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "engine", "--no-cache", "--jobs", "1", str(path)], cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def twenty_five(files: list[Path]) -> None:
    """The 25-page documents end to end (best of 3), next to the start-up alone (a one-line text
    file) and the same documents checked in one process already started (read → report-ready)."""
    import tempfile

    from engine.batch.run import Input, check_document
    from engine.language.rulebook import load_rulebook
    from engine.vocabulary import default_vocabulary

    with tempfile.TemporaryDirectory() as folder:
        tiny = Path(folder) / "tiny.txt"
        tiny.write_text("某局 2026年部门预算\n", encoding="utf-8")
        start_up = min(_run_once(tiny) for _ in range(3))
    print(f"start-up alone (a one-line text file, end to end): {start_up:.2f} s")
    vocabulary = default_vocabulary()
    rulebook = load_rulebook([], vocabulary)
    for path in [path for path in files if len(pdfium.PdfDocument(path)) == 25][:3]:
        whole = min(_run_once(path) for _ in range(3))
        inside = []
        for _ in range(3):
            begin = time.perf_counter()
            check_document(Input.named(str(path)), rulebook, vocabulary)
            inside.append(time.perf_counter() - begin)
        print(f"25 pages, {path.parent.name}/{path.name}: end to end {whole:.2f} s; "
              f"checked in a started process {min(inside):.2f} s")


if __name__ == "__main__":
    main()
