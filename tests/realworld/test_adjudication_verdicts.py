"""The noise audit's verdicts: the most specific one (document, then locality, then rule) counts."""

from bench.real_world import verdict_in

VERDICTS = {"BUD-X": {"verdict": "false", "localities": {"北京": "mixed"},
                      "documents": {"审计局": "true"}}}


def test_a_document_verdict_wins_over_its_locality_and_rule() -> None:
    assert verdict_in(VERDICTS, "BUD-X", "北京", "budget/北京/审计局 附件1.pdf") == "true"


def test_a_locality_verdict_wins_over_the_rule() -> None:
    assert verdict_in(VERDICTS, "BUD-X", "北京", "budget/北京/商务局.pdf") == "mixed"
    assert verdict_in(VERDICTS, "BUD-X", "上海", "budget/上海/商务局.pdf") == "false"


def test_a_rule_without_entry_is_not_judged() -> None:
    assert verdict_in(VERDICTS, "BUD-Y", "上海", "x.pdf") == "not judged"
