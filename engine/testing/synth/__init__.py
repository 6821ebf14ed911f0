"""Synthetic disclosures: a random consistent budget (`budget`) written as a document (`render`).

Used by the property tests (tests/properties), benchmarks and `python -m engine.testing.synth`.
"""

from engine.testing.synth.budget import Budget, generate_budget
from engine.testing.synth.render import STYLES, render
from engine.testing.synth.writer import Rendered, WrittenFigure, WrittenWord

__all__ = ["Budget", "Rendered", "STYLES", "WrittenFigure", "WrittenWord", "generate_budget", "render"]
