"""Built-ins that tell a whole disclosure from one part of it published alone.

A department may publish one disclosure as several files (附件1 情况说明 + 附件2 报表, 文字说明 +
公开表格, a 绩效目标表 file beside the 部门预算). The batch stage joins the parts it finds in one
folder (engine/batch/bundles.py); a part whose partner is not among the files checked stays alone.
Checked alone, a 情况说明 lacks every table and would draw one "table missing" finding per table:
the rules instead ask what the document holds, report once that the other part is not there, and
judge each part only by the requirements on it.

What a part is called and what shows that a document holds it are vocabulary (`[bundles.parts]` in
rules/bundles.toml), never code: a part is named by words of the title, else of the file name, else
of a heading (the 情况说明's contents name its 第二部分 …部门预算表); it is held when a heading holds
one of its heading words (the narrative) or a table is of one of its table kinds (the 报表).
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Optional

from engine.language.builtins.registry import Parameter, builtin
from engine.language.runtime.document_cache import per_document
from engine.language.runtime.environment import Env
from engine.language.runtime.values import Flag, Term
from engine.model import Provenance
from engine.record import frozen
from engine.vocabulary import normalize

PART = Parameter("part", "text")


@frozen
class PartReading:
    """What a document says of itself as a part: the part it holds alone (None when it is whole, or
    names no part), and where it names itself (the words, and the line: 1 for its title or file name)."""

    alone: Optional[str]
    named_by: str = ""
    line: int = 1


def _parts(env: Env) -> dict[str, dict]:
    parts = env.vocabulary.bundles.get("parts", {})
    return parts if isinstance(parts, dict) else {}


def _words(entry: dict, key: str) -> list[str]:
    value = entry.get(key, [])
    return [normalize(word) for word in (value if isinstance(value, list) else [value]) if word]


def _named(env: Env, parts: dict[str, dict]) -> tuple[Optional[str], str, int]:
    """(the part the document names itself, the text that names it, its line): the longest part
    name in its title, else its file name, else a heading (附件1：…情况说明.pdf names 情况说明)."""
    places = [(env.facts.title, 1), (PurePath(env.facts.path).name, 1)]
    places += [(section.title, section.line) for section in env.facts.sections]
    for text, line in places:
        key = normalize(text)
        found = [(len(word), part) for part, entry in parts.items() for word in _words(entry, "names") if word in key]
        if found:
            return max(found)[1], text, line
    return None, "", 1


def _held(env: Env, parts: dict[str, dict]) -> list[str]:
    """The parts the document holds: a heading with one of a part's heading words, or a table of
    one of its table kinds. A part with neither list (a 绩效目标表 file) is never held by content."""
    headings = [normalize(section.title) for section in env.facts.sections]
    kinds = {table.kind for table in env.facts.tables if table.kind}
    held = []
    for part, entry in parts.items():
        words = _words(entry, "headings")
        tables = set(entry.get("tables", []))
        if any(word in heading for heading in headings for word in words) or kinds & tables:
            held.append(part)
    return held


def read_part(env: Env) -> PartReading:
    """The document's `PartReading` (memoised per document): a document that names a part and holds
    at most one part's content is that part alone (the one it holds, else the one it names: a file
    named …报表.pdf that holds only a narrative is the narrative alone); otherwise it is whole."""
    return per_document(env, "disclosure part", _read_part)


def _read_part(env: Env) -> PartReading:
    parts = _parts(env)
    named, text, line = _named(env, parts)
    held = _held(env, parts)
    if named is None:
        return PartReading(None)  # names no part of a disclosure: whole
    if len(held) > 1:
        return PartReading(None)  # holds two parts: a whole disclosure, or a bundle of its parts
    return PartReading(held[0] if held else named, text, line)


@builtin("holds_part", (PART,), "flag", "document",
         "Whether the document holds that part of a disclosure (a key of [bundles.parts] in the vocabulary: "
         "情况说明, 报表, 绩效目标表): true for a whole document or a bundle of its parts. A document that names "
         "a part (its title, else its file name, else a heading: 附件1：…情况说明.pdf) and holds at most one "
         "part's content (the narrative's headings, the 报表's tables) is a part alone: it holds only the part "
         "it holds, else the one it names; when false, the finding cites where it names itself. What the "
         "rules requiring a part's content test in `when`: the tables required of the 报表 are not looked for "
         "in a 情况说明 alone.", 'holds_part("报表")', uses_env=True)
def holds_part(env: Env, part: str):
    reading = read_part(env)
    if reading.alone is None or reading.alone == part:
        return Flag(True)
    place = Provenance(env.facts.path, reading.line, 1, None, reading.named_by[:80])
    return Flag(False, (Term(place, reading.alone),))


PART_BUILTINS = (holds_part,)
