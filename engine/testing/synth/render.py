"""A `Budget` -> a disclosure document in style A or B, with its ground truth (`Rendered`).

Style A mirrors `corpus/000_…` (markdown headings, tables in the sample's order, a purchase
table); style B mirrors `corpus/002_…` (plain headings, 附件 N before every table, long tables
split over a page break with title, unit line and header repeated, a project list; in half
the documents the list groups its funding columns under 年初特定目标/上级专项, each with a 小计).
"""

from __future__ import annotations

import random

from engine.testing.synth.budget import Budget
from engine.testing.synth.final import FinalAccount
from engine.testing.synth.final_narrative import FinalNarrativeWriter
from engine.testing.synth.final_tables import FinalTableWriter
from engine.testing.synth.narrative import NarrativeWriter
from engine.testing.synth.tables import TableWriter
from engine.testing.synth.writer import Rendered, Writer

STYLES = ("A", "B")
# the samples' order (research §1.2, Chongqing template); style B also lists its projects
TABLE_ORDER = ("fiscal_summary", "general_expenditure", "basic_expenditure", "three_public", "fund_expenditure",
               "department_summary", "department_income", "department_expenditure", "procurement")


def render(budget: Budget, style: str, seed: int = 0, rounding: bool = True) -> Rendered:
    """Write `budget` as a document. `rounding=False` prints sentence figures exactly (2 decimals)."""
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}, got {style!r}")
    writer = Writer()
    NarrativeWriter(writer, budget, style, random.Random(seed), rounding).write()
    tables = TableWriter(writer, budget, style)
    for write in TABLE_ORDER + (("project_list",) if style == "B" else ()):
        getattr(tables, write)()
    tables.overall_goal()
    for project in budget.projects:
        tables.project_goal(project)
    return writer.finish()


def render_final(account: FinalAccount, style: str, seed: int = 0) -> Rendered:
    """Write a 部门决算 in the Shanghai template's order: 概况, the nine tables, 情况说明, 名词解释.
    Figures are printed exactly (the account's true values are on the cent grid)."""
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}, got {style!r}")
    writer = Writer()
    narrative = FinalNarrativeWriter(writer, account, style, random.Random(seed))
    narrative.overview()
    FinalTableWriter(writer, account, style).all()
    narrative.explanation()
    narrative.glossary()
    return writer.finish()
