"""Scale bench: time and peak memory of checking one document, at sizes doubling up to --max-size.

Three shapes, each grown to the size asked for from the sample corpus/002 document:
  rows       one 基本支出表 with as many code rows as fit,
  tables     the document's tables repeated (thousands of small tables),
  narrative  the 情况说明 repeated (hundreds of thousands of sentences and figures).
Each document is checked by `python -m engine --no-cache --max-size CAP` in a subprocess (all
shipped rules), and its CPU time and peak RSS are printed with the time and RSS per MB: linear
cost shows as flat per-MB columns. The sizes are 1, 2, 4, … MB below the cap and the cap itself
(the default cap is the engine's default --max-size, 20 MB); `--up-to 4` is a quick run,
`--sizes 1,2,4` and `--shapes rows` choose a subset. Per shape a last line compares the time and
RSS per MB at the largest size with those at the middle one: within 1.5x is called linear (the
fixed start-up cost, ~1.5 s and ~40 MB, only makes the small sizes look dearer). Figures in
docs/PERFORMANCE.md ("Scale").
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from engine.read import DEFAULT_MAX_BYTES  # noqa: E402  (the bench runs as a script from the root)

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
    rows = []
    row_bytes = len("| 30101 工资福利支出项目0000000 | 1.00 | 1.00 | 0.00 |\n".encode())
    count = max(1, (size - 400) // row_bytes)
    for index in range(count):
        rows.append(f"| 30101 工资福利支出项目{index:07d} | 1.00 | 1.00 | 0.00 |")
    return ("某单位 2024年部门预算\n一般公共预算财政拨款基本支出表\n单位：万元\n| 科目 | 合计 | 人员经费 | 公用经费 |\n"
            + "\n".join(rows) + f"\n| 合计 | {count}.00 | {count}.00 | 0.00 |\n")


def measure(path: Path, cap: float) -> tuple[float, int]:
    """(CPU seconds, peak RSS in KB) of checking `path` in a fresh process."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
             "usage = resource.getrusage(resource.RUSAGE_CHILDREN); print(usage.ru_utime + usage.ru_stime, usage.ru_maxrss)")
    command = [sys.executable, "-m", "engine", "--no-cache", "--max-size", str(cap), str(path)]
    done = subprocess.run([sys.executable, "-c", probe, *command], cwd=ROOT, capture_output=True, text=True, check=True)
    seconds, rss = done.stdout.split()
    return float(seconds), int(rss)


def doubling_sizes(cap: float) -> list[float]:
    """1, 2, 4, … MB below the cap, then the cap."""
    sizes, size = [], 1.0
    while size < cap:
        sizes.append(size)
        size *= 2
    return [*sizes, cap]


def written(path: Path, shape: str, size: float, cap: float) -> float:
    """Write the shape grown to `size` MB (never above the cap, which the engine would refuse); its size in MB."""
    target = int(size * MB)
    while True:
        path.write_text(grown(shape, target), encoding="utf-8")
        if path.stat().st_size <= cap * MB:
            return path.stat().st_size / MB
        target -= path.stat().st_size - int(cap * MB) + 64 * 1024


def verdict(shape: str, measured: list[tuple[float, float, float]]) -> str:
    """Whether time and RSS per MB stay within 1.5x from the middle size to the largest."""
    if len(measured) < 3:
        return f"{shape}: too few sizes to judge growth"
    (middle_mb, middle_s, middle_rss), (last_mb, last_s, last_rss) = measured[len(measured) // 2], measured[-1]
    time_ratio = (last_s / last_mb) / (middle_s / middle_mb)
    rss_ratio = (last_rss / last_mb) / (middle_rss / middle_mb)
    linear = time_ratio <= 1.5 and rss_ratio <= 1.5
    return (f"{shape}: per MB at {last_mb:.1f} MB vs {middle_mb:.1f} MB: time x{time_ratio:.2f}, RSS x{rss_ratio:.2f}"
            f" -> {'linear' if linear else 'NOT linear'} (limit x1.5)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--up-to", type=float, default=DEFAULT_MAX_BYTES / MB,
                        help="largest size in MB, also passed as --max-size [default: the engine's --max-size]")
    parser.add_argument("--sizes", help="document sizes in MB, comma-separated [default: doubling up to --up-to]")
    parser.add_argument("--shapes", default="rows,tables,narrative")
    options = parser.parse_args()
    sizes = [float(part) for part in options.sizes.split(",")] if options.sizes else doubling_sizes(options.up_to)
    cap = max(options.up_to, *sizes)
    print(f"{'shape':<10} {'MB':>5} {'CPU s':>8} {'s/MB':>6} {'RSS MB':>7} {'RSS/MB':>7}", flush=True)
    verdicts = []
    with tempfile.TemporaryDirectory() as folder:
        for shape in options.shapes.split(","):
            measured = []
            for size in sizes:
                path = Path(folder) / f"{shape}.txt"
                actual = written(path, shape, size, cap)
                seconds, rss = measure(path, cap)
                measured.append((actual, seconds, rss / 1024))
                print(f"{shape:<10} {actual:5.1f} {seconds:8.2f} {seconds / actual:6.2f} {rss / 1024:7.0f} {rss / 1024 / actual:7.1f}",
                      flush=True)
            verdicts.append(verdict(shape, measured))
    for line in verdicts:
        print(line)


if __name__ == "__main__":
    main()
