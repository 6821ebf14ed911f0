"""docs/rules/ is generated from the rule sources (engine/report/rule_reference.py) and kept current."""

from pathlib import Path

from engine.language.rulebook import load_rulebook
from engine.report.rule_reference import REGENERATE, reference_pages, rule_group, write_reference
from engine.vocabulary import default_vocabulary

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules"


def test_groups_are_the_id_up_to_its_letters():
    assert [rule_group(code) for code in ("BUD-A01", "BUD-A07-3", "BUD-A08-P", "T-1", "X-Y")] == [
        "BUD-A", "BUD-A", "BUD-A", "T", "X-Y"]


def test_docs_rules_is_current():
    stale = write_reference(DOCS, check=True)
    assert not stale, f"docs/rules/ is out of date ({', '.join(stale)}): run `{REGENERATE}`"


def test_every_rule_has_its_section_with_fields_and_source(tmp_path):
    rulebook = load_rulebook([], default_vocabulary())
    pages = reference_pages(rulebook.rule_set.rules, rulebook.texts)
    for rule in rulebook.rule_set.rules:
        info = rule.info
        page = pages[f"{rule_group(info.code)}.md"]
        section = page.split(f"## {info.code} {info.name}\n", 1)[1].split("\n## ", 1)[0]
        assert info.title in section and f"| severity | {info.severity} |" in section
        assert f"rule {info.code} {info.name}" in section  # the source
        assert f"`{info.path}:{info.line}`" in section
        assert ("| see |" in section) == bool(info.see)
        assert f"({rule_group(info.code)}.md#" in pages["README.md"]


def test_a_stale_or_extra_page_is_reported_and_rewritten(tmp_path):
    assert write_reference(tmp_path) != []  # an empty folder: every page is new
    assert write_reference(tmp_path, check=True) == []
    (tmp_path / "BUD-A.md").write_text("edited by hand\n", encoding="utf-8")
    (tmp_path / "OLD.md").write_text("a group that no longer exists\n", encoding="utf-8")
    assert write_reference(tmp_path, check=True) == ["BUD-A.md", "OLD.md"]
    write_reference(tmp_path)
    assert write_reference(tmp_path, check=True) == [] and not (tmp_path / "OLD.md").exists()
