"""The parse and facts stages remember answers (issue 7); remembering must change nothing and stay bounded."""

from engine.parse import markers as markers_module
from engine.parse.markers import Memo, markers_for
from engine.parse.numbers import _read_cell, fold_narrow, read_cell
from engine.vocabulary import default_vocabulary

UNITS = ("亿元", "万元", "元")
BLANKS = ("-", "—", "－")


def test_memo_empties_itself_when_full(monkeypatch):
    monkeypatch.setattr(markers_module, "MEMO_LIMIT", 3)
    memo = Memo()
    for key in range(10):
        assert memo.put(key, key * 2) == key * 2
        assert len(memo) <= 3
    assert memo[9] == 18


def test_remembered_cell_reading_equals_a_fresh_one():
    for text in ["1,234.50", "(12.30)", "-", "12.34 万元", "90%", "１２３．４５", "合计", "", "2024年"]:
        for unit in ("万元", "元", ""):
            assert read_cell(text, unit, UNITS, BLANKS) == _read_cell(text, unit, UNITS, BLANKS)
    # word lists that cannot be hashed still work (no memo)
    assert read_cell("1.5", "元", list(UNITS), list(BLANKS)) == _read_cell("1.5", "元", UNITS, BLANKS)


def test_fold_narrow_translates_exactly_the_characters_that_fold():
    from engine.parse.numbers import _FOLDING_RUN, _NARROW

    assert set(_NARROW) == {code for code in range(0x10000) if _FOLDING_RUN.fullmatch(chr(code))}
    text = "".join(chr(code) for code in range(0x20, 0x10000) if not 0xD800 <= code < 0xE000)
    assert fold_narrow(text) == text.translate(_NARROW)


def test_fold_narrow_keeps_ascii_and_folds_full_width():
    text = "abc 1.5"
    assert fold_narrow(text) is text
    assert fold_narrow("（１２３．４５）　万元") == "(123.45) 万元"


def test_remembered_marker_answers_equal_fresh_ones():
    markers = markers_for(default_vocabulary())
    texts = ["一、单位基本情况", "（一）职能职责。", "1. 项目", "其中：基本支出", "2024年预算数", "上年结转", "单位：万元", "收入"]
    for text in texts:
        for _ in range(2):  # the second call answers from the memo
            assert markers.heading_level(text) == markers._heading_level(text)
            assert markers.strip_fillers(text) == markers._strip_fillers(text)
            assert markers.unit_of(text) == markers._unit_of(text)
            year, offset = markers._period_words(text)
            assert markers.period_of(text, 2025) == (year if year is not None else None if offset is None else 2025 + offset)
            assert markers.period_of(text, None) == year
            assert markers.cell_kind(text) == read_cell(text, "", markers.money_units, markers.blank_cells).kind
