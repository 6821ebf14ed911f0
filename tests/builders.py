"""Build FactSets and test rules by hand, so evaluator tests do not depend on the parser
and every test writes a rule the same way (HEAD, rule_text, compile_text, run)."""

from engine.evaluate import evaluate
from engine.language.compile.compiler import RuleSet, compile_rules
from engine.language.syntax.parser import parse_rule_text
from engine.model import Amount, Change, ColumnInfo, Fact, FactSet, Provenance, RowFacts, Statement, TableFacts
from engine.vocabulary import default_vocabulary, normalize, strip_numbering

PATH = "doc.txt"


def table(kind, headers, rows, line=1, title=None):
    """headers: list of header paths (tuples); rows: (code, label, [cell texts]) with '' for blank."""
    vocabulary = default_vocabulary()
    columns = tuple(
        ColumnInfo(index + 2, header, _year(header), tuple(filter(None, (vocabulary.concept_of_label(h) for h in header))))
        for index, header in enumerate(headers)
    )
    built = []
    for offset, (code, label, cells) in enumerate(rows):
        row_line = line + 3 + offset
        facts = []
        for column, cell in zip(columns, cells):
            amount = Amount.from_text(cell, "万元") if cell else None
            provenance = Provenance(PATH, row_line, column.index, None, cell, title or kind,
                                    f"{code} {label}".strip(), "/".join(column.header))
            facts.append(Fact(amount, provenance, column.period, None, column.index, column.header))
        concept = vocabulary.concept_of_label(label)
        built.append(RowFacts(row_line, code, label, concept, tuple(facts)))
    return TableFacts(title or kind, kind, line, "万元", columns, tuple(built))


def _year(header):
    for element in header:
        digits = "".join(ch for ch in element if ch.isdigit())
        if len(digits) == 4:
            return int(digits)
    return None


def statement(label, text, line=1, year=2024):
    vocabulary = default_vocabulary()
    concept = vocabulary.concept_in_text(label) or strip_numbering(normalize(label), vocabulary.numerals)
    return Statement(label, concept, Amount.from_text(text, "万元"), year, Provenance(PATH, line, 1, None, f"{label}{text}万元"))


def change(subject, direction, delta, year=2023, line=1, word="增加"):
    amount = Amount.from_text(delta, "万元") if delta is not None else None
    return Change(subject, subject, direction, word, amount, year, None, Provenance(PATH, line, 1, None, f"比{year}年{word}"))


def facts(*tables, statements=(), changes=(), year=2024):
    return FactSet(PATH, year, "某单位", f"某单位{year}年部门预算", tuple(tables), tuple(statements), tuple(changes))


# ---- rules -----------------------------------------------------------------------------------

MESSAGE = "{left} / {right} / {difference} / {column}"  # every verdict part, for tests reading messages


def rule_head(message: str = MESSAGE) -> str:
    """The four required fields of a test rule besides its assertion (title, severity, cite, message)."""
    return f'  title "t"\n  severity error\n  cite "c"\n  message "{message}"\n'


HEAD = rule_head()


def rule_text(body: str, defines: str = "", message: str = MESSAGE, code: str = "T-1", name: str = "test-rule") -> str:
    """One rule T-1 around `body` (its quantifiers, conditions and assertion), after `defines`."""
    return f"{defines}\nrule {code} {name}\n{rule_head(message)}{body}\nend\n"


def compile_text(text: str, vocabulary=None, clean: bool = True) -> RuleSet:
    """Parse (no syntax error allowed) and compile rule text; with clean, no compile error either."""
    parsed, diagnostics = parse_rule_text(text, "t.rule")
    assert diagnostics == ()
    rule_set = compile_rules([parsed], vocabulary or default_vocabulary())
    if clean:
        assert rule_set.diagnostics == ()
    return rule_set


def run(body: str, fact_set, defines: str = "", message: str = MESSAGE, vocabulary=None):
    """Evaluate one rule (rule_text of body) on a hand-built FactSet."""
    vocabulary = vocabulary or default_vocabulary()
    return evaluate(compile_text(rule_text(body, defines, message), vocabulary), fact_set, vocabulary)
