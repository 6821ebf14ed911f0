#!/usr/bin/env python3
"""The bench corpus: N generated documents under bench/.corpus/, shared by run.py and instructions.py.

    python bench/corpus.py --count 2000     # make (or reuse) it and print its folder

Documents come from `python -m engine.testing.synth` (styles A and B, half each); if the generator fails,
copies of corpus/ under new names stand in. A folder with exactly N documents is reused.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS_ROOT = ROOT / "bench" / ".corpus"
SEED_CORPUS = ROOT / "corpus"


def documents(directory: Path) -> list[Path]:
    """The documents of a folder in name order; the generator's .truth.json files are not documents."""
    return sorted(path for path in directory.glob("*") if path.suffix.lower() in (".txt", ".md"))


def ensure_corpus(count: int, seed: int) -> tuple[Path, str]:
    """bench/.corpus/n{count}_s{seed}/ holding exactly `count` documents; reused when present."""
    directory = CORPUS_ROOT / f"n{count}_s{seed}"
    if directory.is_dir() and len(documents(directory)) == count:
        source = (directory / ".source").read_text().strip() if (directory / ".source").exists() else "reused"
        return directory, source
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    half = count // 2
    try:
        for style, number, start in (("A", count - half, seed), ("B", half, seed + count)):
            if number:
                subprocess.run(
                    [sys.executable, "-m", "engine.testing.synth", "--count", str(number), "--style", style,
                     "--seed", str(start), str(directory)],
                    cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=3600,
                )
        if len(documents(directory)) != count:
            raise RuntimeError(f"generator wrote {len(documents(directory))} documents, wanted {count}")
        source = "engine.testing.synth (styles A and B, half each)"
    except (subprocess.SubprocessError, OSError, RuntimeError) as error:
        print(f"note: generator failed ({error}); copying corpus/ documents instead", file=sys.stderr)
        shutil.rmtree(directory)
        directory.mkdir(parents=True)
        seeds = documents(SEED_CORPUS)
        for index in range(count):
            original = seeds[index % len(seeds)]
            shutil.copyfile(original, directory / f"copy_{index:06d}_{original.name}")
        source = f"copies of the {len(seeds)} corpus/ documents"
    (directory / ".source").write_text(source + "\n")
    return directory, source


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000, help="documents (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    args = parser.parse_args()
    directory, source = ensure_corpus(args.count, args.seed)
    print(f"{directory}  ({source})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
