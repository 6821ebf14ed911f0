"""Every command the README, README.zh.md and the tutorial show prints what they say it prints.

On failure: if the tool's change was deliberate, refresh the pages with
`python3 -m tests.docs.regenerate` and review the diff; otherwise the tool drifted.
"""

from __future__ import annotations

import pytest

from tests.docs.examples import PAGES, ROOT, blocks, elided, matches, run_page, steps


@pytest.mark.parametrize("page", [page for page in PAGES if (ROOT / page).exists()])
def test_page_examples_print_what_the_page_shows(page, tmp_path):
    scratch = tmp_path / "work"
    scratch.mkdir()
    outcomes = run_page(page, scratch)
    assert outcomes, f"{page} shows no command"
    failed = [outcome.describe() for outcome in outcomes if not outcome.ok]
    assert not failed, (f"{len(failed)} example(s) of {page} drifted (after a deliberate change: "
                        "python3 -m tests.docs.regenerate):\n\n" + "\n\n".join(failed))


def test_ellipsis_line_stands_for_any_lines_and_nothing_else():
    assert matches(["a", "…", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "…", "d"], ["a", "d"])
    assert not matches(["a", "…", "d"], ["a", "b", "c"])
    assert not matches(["a", "b"], ["a", "b", "c"])
    assert not matches(["a … b"], ["a x b"])  # only a line of its own elides


def test_regenerated_output_keeps_the_pages_elisions():
    fresh = ["head", "x1", "x2", "keep", "y", "tail"]
    assert elided(("head", "…", "keep", "…", "tail"), fresh) == ["head", "…", "keep", "…", "tail"]
    assert elided(("a", "b"), fresh) == fresh
    # a count that changed keeps its line; a line gone leaves one `…`, never two in a row
    assert elided(("head", "…", "documents checked   4", "gone", "…"), ["head", "x", "documents checked  11", "y"]) == \
        ["head", "…", "documents checked  11", "…"]


def test_blocks_and_steps_are_read_from_markdown():
    text = "x\n```console\n$ rulecheck a\nout\n$ rulecheck b\n```\n```rule file=my.rule\nrule X\n```\n"
    found = blocks("page.md", text)
    assert [block.kind for block in found] == ["console", "file"]
    assert [(step.command, step.expected) for step in steps(found[0])] == [("rulecheck a", ("out",)), ("rulecheck b", ())]
    assert found[1].target == "my.rule" and found[1].body == ("rule X",)
