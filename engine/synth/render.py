"""A `Budget` -> a disclosure document in style A or B, with its ground truth (`Rendered`).

Style A mirrors `corpus/000_…` (markdown headings, tables in the sample's order, a purchase
table); style B mirrors `corpus/002_…` (plain headings, 附件 N before every table, long tables
split over a page break with title, unit line and header repeated, a project list).
"""

from __future__ import annotations

import random

from engine.synth.budget import Budget
from engine.synth.narrative import NarrativeWriter
from engine.synth.tables import TableWriter
from engine.synth.writer import Rendered, Writer

STYLES = ("A", "B")


def render(budget: Budget, style: str, seed: int = 0, rounding: bool = True) -> Rendered:
    """Write `budget` as a document. `rounding=False` prints sentence figures exactly (2 decimals)."""
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}, got {style!r}")
    writer = Writer()
    NarrativeWriter(writer, budget, style, random.Random(seed), rounding).write()
    tables = TableWriter(writer, budget, style)
    if style == "A":
        tables.fiscal_summary()
        tables.general_expenditure()
        tables.basic_expenditure()
        tables.three_public()
        tables.fund_expenditure()
        tables.department_summary()
        tables.department_income()
        tables.department_expenditure()
        tables.procurement()
    else:
        tables.fiscal_summary()
        tables.general_expenditure()
        tables.basic_expenditure()
        tables.three_public()
        tables.fund_expenditure()
        tables.department_summary()
        tables.department_income()
        tables.department_expenditure()
        tables.procurement()
        tables.project_list()
    tables.overall_goal()
    for project in budget.projects:
        tables.project_goal(project)
    return writer.finish()
