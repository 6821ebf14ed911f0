"""The recognition bench's own 'stated' detector (bench/real_world.py): a figure it counts as
stated must be stated in the sentence, or the recognition rate measures nothing."""

import re

import pytest

from bench.real_world import _AMOUNT, _CHANGE, _GAP, _NOT_A_CHANGE, _SCRAMBLED, KEY_FIGURES


def stated(key: str, sentence: str):
    words, _ = KEY_FIGURES[key]
    found = re.compile(_NOT_A_CHANGE + words + _GAP + _AMOUNT).search(sentence)
    return found.group("amount") if found else None


@pytest.mark.parametrize("key, sentence, amount", [
    ("收入总额", "（一）收入预算：2026年年初预算数45,369.18万元，其中：事业收入资金2,898.00万元", "45,369.18"),
    ("支出总额", "本部门2026年支出预算为 951.81 万元。", "951.81"),
    ("机关运行经费", "2026 年机关运行经费财政拨款预算 79.57 万元。", "79.57"),
    ("三公经费", "2026年“三公”经费预算为25万元。", "25"),
])
def test_what_a_sentence_states_is_counted(key, sentence, amount):
    assert stated(key, sentence) == amount


@pytest.mark.parametrize("key, sentence", [
    ("收入总额", "其中：事业收入资金2,898.00万元"),                     # the end of another name
    ("支出总额", "包括一般公共服务支出22,022.92万元"),
    ("基本支出", "主要是基本支出增加659.75万元"),                          # a change, not the figure
    ("基本支出", "政策性增资等原因，增加基本支出 844.15 万元。"),
    ("基本支出", "2026 年一般公共预算基本支出 3,745.07 万元"),            # another figure: a share
    ("一般公共预算拨款", "涉及一般公共预算财政拨款24,991.96万元。"),
    ("一般公共预算拨款", "其中一般公共预算拨款政府采购504.98万元"),
])
def test_what_a_sentence_does_not_state_is_not_counted(key, sentence):
    assert stated(key, sentence) is None


def test_changes_and_scrambled_sentences():
    sentence = "收入比2025年增加2,734.52万元，主要是一般公共预算拨款增加800.94万元，与上年持平。"
    assert len(_CHANGE.findall(sentence)) == 3
    assert _SCRAMBLED.search("收入比    年减少    万元,主要是")
    assert not _SCRAMBLED.search("收入预算 45,369.18 万元")
