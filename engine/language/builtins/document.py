"""Built-ins that read the document's text and shape: what it says, under which heading, which
annexes and codes it has, and the figures and changes its narrative states.

Completeness checks (a required part is present, a term is defined) and narrative checks (the
text states the figure the table holds) need these; what they find is cited at its line.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Optional

from engine.language.builtins.registry import Parameter, builtin
from engine.language.runtime.document_cache import per_document
from engine.language.runtime.environment import Env
from engine.language.runtime.line_index import section_at
from engine.language.runtime.reading import to_quantity
from engine.language.runtime.references import ChangeRef, StatementRef
from engine.language.runtime.selection import Selection
from engine.language.runtime.values import Flag, Missing, Quantity, Term, Text, total
from engine.model import Provenance
from engine.vocabulary import normalize

WORD = Parameter("word", "text")
NAME = Parameter("name", "text")
CODE_AND_YEAR = (Parameter("code", "text"), Parameter("year", "figure"))


def _sentence_term(env: Env, sentence: tuple[str, int], text: str) -> Term:
    return Term(Provenance(env.facts.path, sentence[1], 1, None, sentence[0][:80]), text)


@builtin("mentions", (WORD,), "flag", "document",
         "Whether the narrative says the word; when it does, its first sentence is cited.",
         'mentions("机关运行经费")', uses_env=True)
def mentions(env: Env, word: str):
    for sentence in env.facts.texts:
        if word in sentence[0]:
            return Flag(True, (_sentence_term(env, sentence, word),))
    return Flag(False)


@builtin("mentions_in", (Parameter("heading", "text"), WORD), "flag", "document",
         "Whether a sentence under a heading containing the first word says the second.",
         'mentions_in("名词解释", "机关运行经费")', uses_env=True)
def mentions_in(env: Env, heading: str, word: str):
    current = ""
    sections = list(env.facts.sections)
    for text, line in env.facts.texts:
        while sections and sections[0].line <= line:
            current = sections.pop(0).title
        if heading in current and word in text:
            return Flag(True, (_sentence_term(env, (text, line), word),))
    return Flag(False)


@builtin("heading", (WORD,), "flag", "document",
         "Whether a heading of the document contains the word (cited at the heading).",
         'heading("三公")', uses_env=True)
def heading(env: Env, word: str):
    for section in env.facts.sections:
        if word in section.title:
            return Flag(True, (Term(Provenance(env.facts.path, section.line, 1, None, section.title), ""),))
    return Flag(False)


@builtin("says_none", (WORD,), "flag", "document",
         "Whether the narrative says the document has none of it: a none word ([layout] none_words: 无, "
         "没有) followed by the word, with at most one of [phrasings] none_verbs between ('本部门无政府性"
         "基金预算', '没有使用政府性基金'); or, under a heading that contains the word, a sentence that is "
         "only a none word ('无') or whose none word points back at the heading ([phrasings] none_pointers: "
         "'本部门无此项支出'). Its sentence is cited.",
         'says_none("政府性基金")', uses_env=True)
def says_none(env: Env, word: str):
    phrases = _none_phrases(env)
    wanted = normalize(word)
    for text, line in env.facts.texts:
        plain = normalize(text)
        said = phrases.naming(plain, wanted) or (phrases.pointing(plain) and wanted in normalize(section_at(env, line)))
        if said:
            return Flag(True, (_sentence_term(env, (text, line), word),))
    return Flag(False)


class _NonePhrases:
    """The none words, the verbs allowed after them and the words pointing back at a heading."""

    def __init__(self, vocabulary):
        def ordered(section: str, key: str) -> tuple[str, ...]:
            return tuple(sorted({normalize(word) for word in vocabulary.words(section, key) if word},
                                key=len, reverse=True))

        self.none_words = ordered("layout", "none_words")
        self.verbs = ("", *ordered("phrasings", "none_verbs"))
        self.pointers = ordered("phrasings", "none_pointers")
        self.bare = {*self.none_words, *(word + end for word in self.none_words for end in "。.;；")}

    def naming(self, text: str, wanted: str) -> bool:
        return any(none + verb + wanted in text for none in self.none_words for verb in self.verbs)

    def pointing(self, text: str) -> bool:
        stripped = text.strip("()（）")
        return stripped in self.bare or any(
            none + pointer in text for none in self.none_words for pointer in self.pointers
        )


def _none_phrases(env: Env) -> _NonePhrases:
    return per_document(env, "none phrases", lambda env: _NonePhrases(env.vocabulary))


@builtin("annex_exists", (Parameter("number", "figure"),), "flag", "document",
         "Whether the document has an annex with this number (附件 3, 附件 3-1).", "annex_exists(a.number - 1)",
         uses_env=True)
def annex_exists(env: Env, number: Quantity):
    return Flag(int(number.value) in per_document(env, "annex numbers", _annex_numbers))


def _annex_numbers(env: Env) -> frozenset[int]:
    """The leading number of every annex label (3 of 附件 3-1), once per document: asked of every
    annex, a scan per call would be quadratic in their number."""
    return frozenset(int(found.group()) for label, _ in env.facts.annexes if (found := re.match(r"\d+", label)))


def _document_text(field: str, doc: str, example: str):
    @builtin(field, (), "text", "document", doc, example, uses_env=True)
    def read(env: Env):
        value: Optional[str] = getattr(env.facts, field)
        return Text(value) if value else Missing(f"the document has no {field.replace('_', ' ')}")

    return read


unit_name = _document_text("unit_name", "The name of the unit the document is about (from its title).",
                           'contains(unit_name(), "教育")')
title = _document_text("title", "The document's title line.", 'contains(title(), "部门预算")')


@builtin("document_kind", (), "text", "document",
         "预算 or 决算, from the title (else the table titles) by [document_kinds] in the vocabulary: "
         "what a rule file's `applies when` tests. Missing for a document whose every page is an image "
         "(scanned), so no rule judges a document that was not read.", 'document_kind() == "决算"', uses_env=True)
def document_kind(env: Env):
    memo = env.frame.cache.domains
    kind = memo.get("document_kind")
    if kind is None:
        if env.facts.pages and len(env.facts.pages_without_text) == env.facts.pages:
            kind = memo["document_kind"] = Missing(_unread_pages(env))  # no text: no kind, not the default one
            return kind
        found = env.vocabulary.document_kind(env.facts.title, (table.title for table in env.facts.tables))
        kind = memo["document_kind"] = Text(found) if found else Missing("the document names no kind (预算/决算)")
    return kind


def _unread_pages(env: Env) -> str:
    """Which pages were not read, in words ('' when every page has text)."""
    pages = env.facts.pages_without_text
    if not pages:
        return ""
    if len(pages) == env.facts.pages:
        return "scanned: every page is an image with no text layer, nothing was read"
    listed = ", ".join(str(page) for page in pages[:10]) + ("…" if len(pages) > 10 else "")
    return f"scanned page(s) {listed}: images with no text layer, what they hold was not read"


@builtin("all_pages_read", (), "flag", "document",
         "Whether every page of the document has a text layer; on a scanned (image-only) page it is missing, "
         "naming the pages: what a rule file that reports something absent tests in `applies when`, since "
         "the absent part may be on a page that was not read.", "all_pages_read()", uses_env=True)
def all_pages_read(env: Env):
    unread = _unread_pages(env)
    return Missing(unread) if unread else Flag(True)


@builtin("region_code", (Parameter("text", "text"),), "text", "document",
         "The administrative division code of the place the text names ([regions] in the vocabulary).",
         "region_code(unit_name())", uses_env=True)
def region_code(env: Env, text: str):
    for name, code in sorted(env.vocabulary.regions.items(), key=lambda item: -len(item[0])):
        if name in text:
            return Text(code)
    return Missing(f"no region code known for '{text[:20]}'")


@builtin("code_known", CODE_AND_YEAR, "flag", "document",
         "Whether the subject code is in that year's classification list (rules/codes.toml).",
         "code_known(r.code, budget_year())", uses_env=True)
def code_known(env: Env, code: str, year: Quantity):
    listing = _code_list(env, year)
    return listing if isinstance(listing, Missing) else Flag(code in listing)


@builtin("code_name", CODE_AND_YEAR, "text", "document",
         "The name the classification list gives the subject code that year (rules/codes.toml).",
         "code_name(r.code, budget_year()) == r.label", uses_env=True)
def code_name(env: Env, code: str, year: Quantity):
    listing = _code_list(env, year)
    if isinstance(listing, Missing):
        return listing
    name = listing.get(code)
    return Text(name) if name is not None else Missing(f"code {code} is not in the {int(year.value)} list")


_UNIT_CODE = re.compile(r"^\s*(\d{2,})\s*[-－—_ ]")


@builtin("unit_code", (), "text", "document",
         "The code the tables print before the document's own unit name (编制单位：111-重庆市…局 gives "
         "111; the shortest when several are printed). A subordinate unit's code extends it (111002), so "
         "a 编制单位 line naming a unit of the department can be told from one copied from elsewhere.",
         'startswith(capture(meta(t, "编制单位"), "^(\\d+)"), unit_code())', uses_env=True)
def unit_code(env: Env):
    own = env.facts.unit_name
    if not own:
        return Missing("the document names no unit")
    codes = []
    for table in env.facts.tables:
        for _, value, _ in table.meta:
            match = _UNIT_CODE.match(value)
            if match and own in value[match.end():]:
                codes.append(match.group(1))
    if not codes:
        return Missing(f"no table prints a code before {own}")
    return Text(min(codes, key=len))


def _code_list(env: Env, year: Quantity) -> dict[str, str] | Missing:
    listing = env.vocabulary.codes.get(int(year.value))
    return listing if listing is not None else Missing(f"no code list for {int(year.value)} in rules/codes.toml")


@builtin("meta", (Parameter("table", "table"), Parameter("key", "text")), "text", "document",
         "A key/value line printed with a table (编制单位：…).", 'meta(t, "编制单位")')
def meta(table: Selection, key: str):
    if not table.tables:
        return Missing("no table")
    for meta_key, value, _ in table.tables[0].meta:
        if meta_key == key:
            return Text(value)
    return Missing(f"the table prints no {key}")


@builtin("stated", (NAME, Parameter("after", "statement", optional=True)), "quantity", "document",
         "The first figure the narrative states for a concept or label, cited at its line; with a "
         "statement s, the first one after s on its line (a total lists its own parts after it).",
         'stated("三公经费")', uses_env=True)
def stated(env: Env, name: str, after: Optional[StatementRef] = None):
    wanted = normalize(name)
    by_name, by_name_and_line = _statements_index(env)
    if after is None:
        found = by_name.get(wanted)
        if found:
            return to_quantity(StatementRef(found[0]), env)
        return Missing(f"the text states no figure for {name}")
    place = after.statement.provenance
    for statement in by_name_and_line.get((wanted, place.line), ()):
        if statement.provenance.column > place.column:
            return to_quantity(StatementRef(statement), env)
    return Missing(f"the text states no figure for {name} after {after.statement.label}")


def _statements_index(env: Env) -> tuple[dict, dict]:
    """A document's statements by concept and by normalised label, and by those and their line,
    each in document order."""
    return per_document(env, "statements", _build_statements_index)


def _build_statements_index(env: Env) -> tuple[dict, dict]:
    by_name: dict = {}
    by_name_and_line: dict = {}
    for statement in env.facts.statements:
        for key in dict.fromkeys((statement.concept, normalize(statement.label))):
            by_name.setdefault(key, []).append(statement)
            by_name_and_line.setdefault((key, statement.provenance.line), []).append(statement)
    return by_name, by_name_and_line


@builtin("stated_change", (NAME, Parameter("line", "figure", optional=True)), "quantity", "document",
         "The first change (signed) the narrative states for a concept or label; with a line, the "
         "first on or after it (the same paragraph's figures).", 'stated_change("支出", s.line)', uses_env=True)
def stated_change(env: Env, name: str, line: Optional[Quantity] = None):
    found = _changes_index(env).get(normalize(name))
    if found is not None:
        in_order, by_line, lines = found
        if line is None:
            change = in_order[0]
        else:
            position = bisect_left(lines, line.value)
            change = by_line[position] if position < len(by_line) else None
        if change is not None:
            assert change.delta is not None  # the index holds the changes with a delta
            return Quantity.from_amount(change.delta, change.provenance, env.vocabulary.units)
    return Missing(f"the text states no change of {name}")


@builtin("listed_changes", (Parameter("change", "change"),), "quantity", "document",
         "The changes listed right after a change in its sentence, each about a figure of its own, "
         "added up and cited at each: the parts or reasons of a total ('收入比上年增加 X 万元，主要是"
         "一般公共预算拨款增加 A 万元，事业收入减少 B 万元' gives A − B). Percentages are left out.",
         "c.delta == listed_changes(c)", uses_env=True)
def listed_changes(env: Env, change: ChangeRef):
    parts = _listed_after(env, change.change)
    if not parts:
        return Missing("no change is listed after it in its sentence")
    return total([Quantity.from_amount(part.delta, part.provenance, env.vocabulary.units) for part in parts])


@builtin("lists_every_part", (Parameter("change", "change"), NAME), "flag", "document",
         "Whether the changes listed after a change (those `listed_changes` adds) include one about "
         "each part the text lists for a concept: the figures after its first statement in its "
         "sentence, up to the next change ('收入预算 45,369.18 万元，其中：一般公共预算拨款 …，事业收入 …'). "
         "Then the list accounts for every part, not for the main ones only.",
         'lists_every_part(c, "收入预算")', uses_env=True)
def lists_every_part(env: Env, change: ChangeRef, name: str):
    parts = _parts_of(env, normalize(name))
    if parts is None:
        return Missing(f"the text states no figure for {name}")
    if not parts:
        return Missing(f"the text lists no parts of {name}")
    listed = {part.subject or normalize(part.subject_label) for part in _listed_after(env, change.change)}
    return Flag(all((part.concept or normalize(part.label)) in listed for part in parts))


def _parts_of(env: Env, wanted: str) -> Optional[list]:
    """The statements listed after the first statement of `wanted` in its sentence, up to the
    next change there; None when the text states no such figure. Kept per document and name."""
    return per_document(env, ("parts", wanted), lambda env: _first_parts(env, wanted))


def _first_parts(env: Env, wanted: str) -> Optional[list]:
    statements, changes = _by_sentence(env)
    for statement in env.facts.statements:
        if wanted not in (statement.concept, normalize(statement.label)):
            continue
        place = _place(statement)
        stop = min((_place(other) for other in changes.get(statement.sentence, ()) if _place(other) > place),
                   default=None)
        return [other for other in statements.get(statement.sentence, ())
                if place < _place(other) and (stop is None or _place(other) < stop)]
    return None


def _listed_after(env: Env, change) -> list:
    """The changes with an amount of money after `change` in its sentence, about other figures."""
    if change.sentence < 0:
        return []
    place = _place(change)
    own = change.subject or normalize(change.subject_label)
    parts = []
    for other in _by_sentence(env)[1].get(change.sentence, ()):
        if _place(other) <= place:
            continue
        subject = other.subject or normalize(other.subject_label)
        if other.delta is None or other.delta.unit == "%" or not subject or subject == own:
            continue
        parts.append(other)
    return parts


def _place(fact) -> tuple[int, int]:
    return (fact.provenance.line, fact.provenance.column)


def _by_sentence(env: Env) -> tuple[dict, dict]:
    """A document's statements and changes by the sentence they stand in: a listed change looks
    only at its own sentence."""
    return per_document(env, "by-sentence", _build_by_sentence)


def _build_by_sentence(env: Env) -> tuple[dict, dict]:
    return _grouped_by_sentence(env.facts.statements), _grouped_by_sentence(env.facts.changes)


def _grouped_by_sentence(facts) -> dict:
    grouped: dict = {}
    for fact in facts:
        if fact.sentence >= 0:
            grouped.setdefault(fact.sentence, []).append(fact)
    return grouped


def _changes_index(env: Env) -> dict:
    """A document's stated changes with a delta, by subject and by normalised label: in document
    order, and ordered by line (ties in document order) with their lines for bisection."""
    return per_document(env, "changes", _build_changes_index)


def _build_changes_index(env: Env) -> dict:
    in_order: dict = {}
    for change in env.facts.changes:
        if change.delta is not None:
            for key in dict.fromkeys((change.subject, normalize(change.subject_label))):
                in_order.setdefault(key, []).append(change)
    found = {}
    for key, changes in in_order.items():
        by_line = sorted(changes, key=lambda change: change.provenance.line)
        found[key] = (changes, by_line, [change.provenance.line for change in by_line])
    return found


DOCUMENT_BUILTINS = (mentions, mentions_in, says_none, heading, annex_exists, unit_name, unit_code, title,
                     document_kind, all_pages_read,
                     region_code,
                     code_known, code_name, meta, stated, stated_change, listed_changes, lists_every_part)
