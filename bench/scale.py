"""Scale bench: time and peak memory of checking one document of 1, 2, 4, 8 and 16 MB.

Three shapes, each grown to the size asked for from the sample corpus/002 document:
  rows       one 基本支出表 with as many code rows as fit,
  tables     the document's tables repeated (thousands of small tables),
  narrative  the 情况说明 repeated (hundreds of thousands of sentences and figures).
Each document is checked by `python -m engine --no-cache` in a subprocess (all shipped rules),
and its CPU time and peak RSS are printed with the time and RSS per MB: linear cost shows as
flat per-MB columns. `--sizes 1,2,4` and `--shapes rows` choose a subset. Figures in
docs/PERFORMANCE.md ("Scale").
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "002_9d3ba407454daa6c.txt"
MB = 1 << 20


def grown(shape: str, size: int) -> str:
    text = SAMPLE.read_text(encoding="utf-8")
    lines = text.split("\n")
    if shape == "narrative":
        block = "\n".join(lines[:60]) + "\n"
        head = "\n".join(lines[:2]) + "\n"
        return head + block * max(1, (size - len(text.encode())) // len(block.encode())) + text
    if shape == "tables":
        start = next(index for index, line in enumerate(lines) if line.endswith("部门收支总表")) - 1  # the tables part
        tables = "\n".join(lines[start:]) + "\n"
        return "\n".join(lines[:start]) + "\n" + tables * max(1, size // len(tables.encode()))
    rows, index, _total = [], 0, 0
    row_bytes = len("| 30101 工资福利支出项目0000000 | 1.00 | 1.00 | 0.00 |\n".encode())
    count = max(1, (size - 400) // row_bytes)
    for index in range(count):
        rows.append(f"| 30101 工资福利支出项目{index:07d} | 1.00 | 1.00 | 0.00 |")
    return ("某单位 2024年部门预算\n一般公共预算财政拨款基本支出表\n单位：万元\n| 科目 | 合计 | 人员经费 | 公用经费 |\n"
            + "\n".join(rows) + f"\n| 合计 | {count}.00 | {count}.00 | 0.00 |\n")


def measure(path: Path) -> tuple[float, int]:
    """(CPU seconds, peak RSS in KB) of checking `path` in a fresh process."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
             "usage = resource.getrusage(resource.RUSAGE_CHILDREN); print(usage.ru_utime + usage.ru_stime, usage.ru_maxrss)")
    command = [sys.executable, "-m", "engine", "--no-cache", "--max-size", "20", str(path)]
    done = subprocess.run([sys.executable, "-c", probe, *command], cwd=ROOT, capture_output=True, text=True, check=True)
    seconds, rss = done.stdout.split()
    return float(seconds), int(rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,2,4,8,16", help="document sizes in MB, comma-separated")
    parser.add_argument("--shapes", default="rows,tables,narrative")
    options = parser.parse_args()
    print(f"{'shape':<10} {'MB':>5} {'CPU s':>8} {'s/MB':>6} {'RSS MB':>7} {'RSS/MB':>7}")
    with tempfile.TemporaryDirectory() as folder:
        for shape in options.shapes.split(","):
            for size in (float(part) for part in options.sizes.split(",")):
                path = Path(folder) / f"{shape}.txt"
                path.write_text(grown(shape, int(size * MB)), encoding="utf-8")
                actual = path.stat().st_size / MB
                seconds, rss = measure(path)
                print(f"{shape:<10} {actual:5.1f} {seconds:8.2f} {seconds / actual:6.2f} {rss / 1024:7.0f} {rss / 1024 / actual:7.1f}",
                      flush=True)


if __name__ == "__main__":
    main()
