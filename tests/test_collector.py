"""The collector settings of a batch are in force while it is checked and restored after."""

import gc

from engine.batch.collector import YOUNG_THRESHOLD, batch_collection
from engine.batch.run import Input, check_inputs
from engine.language.rulebook import load_rulebook
from engine.vocabulary import default_vocabulary


def test_a_batch_collects_the_young_generation_less_often_and_restores_the_settings(tmp_path):
    before = gc.get_threshold()
    frozen_before = gc.get_freeze_count()
    seen = []
    with batch_collection():
        seen.append((gc.get_threshold()[0], gc.get_freeze_count()))
    assert seen[0][0] == max(before[0], YOUNG_THRESHOLD)
    assert seen[0][1] > frozen_before
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_checking_documents_runs_under_the_batch_settings_and_leaves_none_behind(tmp_path):
    document = tmp_path / "a.txt"
    document.write_text("某单位 2024年部门预算\n", encoding="utf-8")
    vocabulary = default_vocabulary()
    rulebook = load_rulebook([], vocabulary)
    before = gc.get_threshold()
    during = []
    for result in check_inputs([Input(str(document))] * 2, rulebook, vocabulary):
        during.append(gc.get_threshold()[0])
        assert result.status == "checked"
    assert during == [max(before[0], YOUNG_THRESHOLD)] * 2
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
