"""`python -m engine.testing.synth --count N --style A|B --seed S [--kind 决算] OUT/`: write N generated documents.

Each document `OUT/synth_{style}_{seed+i:06d}.txt` is rendered from `generate_budget(Random(seed+i))`,
so one seed names one document for good (`--kind 决算`: a 部门决算 from `generate_final`, exact
figures); a `.truth.json` beside it lists every written figure (line, column, printed text, true
value, role) for benchmarks and the hardening work.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import click

from engine.testing.synth.budget import generate_budget
from engine.testing.synth.final import generate_final
from engine.testing.synth.render import STYLES, render, render_final


@click.command()
@click.option("--count", default=10, show_default=True, type=click.IntRange(min=0), help="documents to write")
@click.option("--style", default="A", show_default=True, type=click.Choice(STYLES), help="layout style")
@click.option("--seed", default=0, show_default=True, type=int, help="seed of the first document")
@click.option("--exact", is_flag=True, help="print sentence figures exactly (no rounding residues)")
@click.option("--kind", default="预算", show_default=True, type=click.Choice(("预算", "决算")), help="document kind")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
def main(count: int, style: str, seed: int, exact: bool, kind: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for number in range(seed, seed + count):
        places = 2 if exact else 4
        if kind == "决算":
            rendered = render_final(generate_final(random.Random(number)), style, number)
        else:
            rendered = render(generate_budget(random.Random(number), places), style, number, rounding=not exact)
        stem = out / f"synth_{style}_{number:06d}"
        stem.with_suffix(".txt").write_text(rendered.text, encoding="utf-8")
        truth = [
            {
                "line": figure.line,
                "column": figure.column,
                "printed": figure.printed,
                "true_value": str(figure.true_value),
                "decimals": figure.decimals,
                "unit": figure.unit,
                "period": figure.period,
                "role": figure.role,
                "where": figure.where,
                "label": figure.label,
            }
            for figure in rendered.figures
        ]
        stem.with_suffix(".truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    click.echo(f"wrote {count} document(s) in style {style} to {out}")


if __name__ == "__main__":
    main()
