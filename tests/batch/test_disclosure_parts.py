"""A part of a disclosure checked without its partner (a 情况说明 whose 报表 is not among the files, a
报表 alone, a 绩效目标表 file alone) draws one finding saying so (BUD-C09-*) and is judged only by what
is required of that part: the tables are not looked for in a lone narrative, nor the narrative's
parts in lone tables. Parts are named and recognised by the vocabulary's [bundles.parts]."""

from collections import Counter
from pathlib import Path

import pytest

from engine.batch.bundles import bundle_inputs
from engine.batch.run import check_inputs, collect_inputs
from engine.language.rulebook import load_rulebook
from engine.parse import read_opening
from engine.read import read_source
from engine.vocabulary import default_vocabulary

NARRATIVE = ("{unit} 2026 年度部门预算信息公开\n\n一、部门情况说明\n\n本部门负责有关工作。\n\n"
             "二、收入预算情况说明\n\n收入预算 10.00 万元。\n\n三、政府采购情况\n\n政府采购预算总额 5.00 万元。\n")
TABLES = "预算01表收支总表\n\n金额单位：万元\n\n项目\t预算数\n一、一般公共预算拨款收入\t10.00\n收入总计\t10.00\n"
PERFORMANCE = ("部门整体预算绩效目标申报表\n部门名称\t{unit}\t\t\n预算整体情况\t部门预算支出\t预算金额（万元）\n"
               "\t基本支出\t12.00\n")


@pytest.fixture(scope="module")
def vocabulary():
    return default_vocabulary()


@pytest.fixture(scope="module")
def rulebook(vocabulary):
    return load_rulebook([], vocabulary)


def checked(paths: list[Path], rulebook, vocabulary) -> dict[str, Counter]:
    """Completeness findings (BUD-C0*) per file name, each file checked alone."""
    results = check_inputs(collect_inputs([str(path) for path in paths]), rulebook, vocabulary)
    return {Path(result.path).name: Counter(f.rule for f in result.findings if f.rule.startswith("BUD-C0"))
            for result in results}


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_narrative_alone_draws_one_part_finding_instead_of_one_per_missing_table(tmp_path, rulebook, vocabulary):
    narrative = write(tmp_path, "附件1：某市审计局2026年度部门预算情况说明.txt", NARRATIVE.format(unit="某市审计局"))
    found = checked([narrative], rulebook, vocabulary)[narrative.name]
    assert found["BUD-C09-1"] == 1
    assert not [rule for rule in found if rule.startswith(("BUD-C02-", "BUD-C03", "BUD-C04"))]
    assert found["BUD-C01-6"] == 0 and found["BUD-C01-9"] == 1  # its own parts are still required


def test_a_copy_of_the_narrative_under_the_tables_name_is_a_narrative_alone(tmp_path, rulebook, vocabulary):
    # the file says 报表, what it holds is the 情况说明 again: it is reported as the narrative without its tables
    copy = write(tmp_path, "附件2：某市城管局2026年度部门预算报表.txt", NARRATIVE.format(unit="某市城管局"))
    found = checked([copy], rulebook, vocabulary)[copy.name]
    assert found["BUD-C09-1"] == 1 and found["BUD-C09-2"] == 0
    assert not [rule for rule in found if rule.startswith("BUD-C02-")]


def test_tables_alone_draw_one_part_finding_and_are_still_checked_for_their_tables(tmp_path, rulebook, vocabulary):
    tables = write(tmp_path, "江苏省某厅-江苏省某厅2017年度部门预算公开表.txt", TABLES)
    found = checked([tables], rulebook, vocabulary)[tables.name]
    assert found["BUD-C09-2"] == 1
    assert not [rule for rule in found if rule.startswith("BUD-C01-")]
    assert found["BUD-C02-7"] == 1  # the tables part lacks its 三公 table: that is reported


def test_a_performance_table_alone_is_judged_neither_as_narrative_nor_as_tables(tmp_path, rulebook, vocabulary):
    sheet = write(tmp_path, "某市某局2026年部门整体预算绩效目标申报表.txt", PERFORMANCE.format(unit="某市某局"))
    found = checked([sheet], rulebook, vocabulary)[sheet.name]
    assert found["BUD-C09-3"] == 1
    assert not [rule for rule in found if rule.startswith(("BUD-C01-", "BUD-C02-"))]


def test_a_whole_document_named_as_a_part_is_whole(tmp_path, rulebook, vocabulary):
    # a whole disclosure titled 情况说明 that holds its tables: no part finding, the tables still required
    whole = write(tmp_path, "某市某局2026年部门预算情况说明.txt", NARRATIVE.format(unit="某市某局") + "\n" + TABLES)
    found = checked([whole], rulebook, vocabulary)[whole.name]
    assert not [rule for rule in found if rule.startswith("BUD-C09")]
    assert found["BUD-C02-7"] == 1 and found["BUD-C04"] == 1


def test_a_unit_named_in_a_key_cell_bundles_a_sheet_whose_title_names_none(tmp_path, vocabulary):
    # 部门整体预算绩效目标申报表: its title names no unit ('部门整体' is the department as a whole), its
    # 部门名称 cell does; the file name spells the unit otherwise (政务服务和数据局)
    sheet = write(tmp_path, "某市政务服务和数据局2026年部门整体预算绩效目标申报表.txt",
                  PERFORMANCE.format(unit="某市政务服务和数据管理局"))
    opening = read_opening(read_source(sheet, str(sheet)), vocabulary)
    assert ("部门名称", "某市政务服务和数据管理局") in opening.meta
    write(tmp_path, "2026年某市政务服务和数据管理局部门预算.txt",
          NARRATIVE.format(unit="某市政务服务和数据管理局") + "\n" + TABLES)
    write(tmp_path, "某市统计局2026年部门整体预算绩效目标申报表.txt", PERFORMANCE.format(unit="某市统计局"))
    inputs = bundle_inputs(collect_inputs([str(tmp_path)]), vocabulary)
    parts = sorted(tuple(Path(part.display).name for part in item.parts) for item in inputs if item.parts)
    assert parts == [("2026年某市政务服务和数据管理局部门预算.txt", sheet.name)]
