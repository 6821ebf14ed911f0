"""Synthetic disclosures: a random consistent budget (`budget`) or final account (`final`, 部门决算)
written as a document (`render`, `render_final`).

Used by the property tests (tests/properties), benchmarks and `python -m engine.testing.synth`.
"""

from engine.testing.synth.budget import Budget, generate_budget
from engine.testing.synth.final import FinalAccount, generate_final
from engine.testing.synth.render import STYLES, render, render_final
from engine.testing.synth.writer import Rendered, WrittenFigure, WrittenWord

__all__ = [
    "Budget",
    "FinalAccount",
    "Rendered",
    "STYLES",
    "WrittenFigure",
    "WrittenWord",
    "generate_budget",
    "generate_final",
    "render",
    "render_final",
]
