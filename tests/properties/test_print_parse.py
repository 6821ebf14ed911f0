"""Print -> parse of the rule language: any expression tree printed by nodes.to_source parses back
to the same tree (spans aside), so the printer's brackets and quoting match the grammar exactly."""

import attrs
from hypothesis import example, given

from engine.language.syntax import nodes
from engine.language.syntax.parser import parse_expression
from engine.model import Span
from tests.strategies import expression_trees

_SPAN = Span("<generated>", 1)


def without_spans(node):
    """The tree as nested tuples of class name and fields, every Span left out."""
    if isinstance(node, tuple):
        return tuple(without_spans(item) for item in node)
    if attrs.has(type(node)) and not isinstance(node, Span):
        return (type(node).__name__,) + tuple(
            without_spans(getattr(node, field.name)) for field in attrs.fields(type(node)) if field.name != "span")
    return node


@given(expression_trees())
@example(nodes.Text('a\\d"\\', _SPAN))  # a pattern's backslash kept, an escape's doubled
@example(nodes.Text('# """\nrule X', _SPAN))  # a comment mark, triple quotes and a block keyword in a text
@example(nodes.Negate(nodes.Negate(nodes.Number("1", _SPAN), _SPAN), _SPAN))
@example(nodes.Binary("-", nodes.Name("a", _SPAN), nodes.Binary("-", nodes.Name("b", _SPAN), nodes.Name("c", _SPAN), _SPAN),
                      _SPAN))
def test_a_printed_expression_parses_back_to_the_same_tree(tree):
    printed = nodes.to_source(tree)
    assert without_spans(parse_expression(printed)) == without_spans(tree), printed
