"""Bundles: the files of one disclosure grouped by what they say (unit, year, kind) and checked as one
document; a folder's rulecheck-bundles.toml overrides the grouping; a bad manifest is one line."""

import json
import random
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.batch.bundle_manifest import MANIFEST_FILE, ManifestError, read_manifest
from engine.batch.bundles import bundle_inputs, fold_unit_name
from engine.batch.run import check_inputs, collect_inputs
from engine.cli.commands import main
from engine.language.rulebook import load_rulebook
from engine.testing.synth import generate_budget, render
from engine.vocabulary import default_vocabulary

NARRATIVE = "{unit} {year} 年部门预算情况说明\n\n一、部门职责\n\n本部门负责有关工作。\n"
TABLES = "预算01表收支总表\n\n金额单位：万元\n\n项目\t预算数\n一、一般公共预算拨款收入\t10.00\n收入总计\t10.00\n"


@pytest.fixture(scope="module")
def vocabulary():
    return default_vocabulary()


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def grouped(folder: Path, vocabulary) -> list[tuple[str, ...]]:
    """Each input of the folder after bundling, as the file names it holds."""
    inputs = bundle_inputs(collect_inputs([str(folder)]), vocabulary)
    return [tuple(Path(part.display).name for part in item.parts) or (Path(item.display).name,) for item in inputs]


def test_files_naming_one_unit_year_and_kind_are_one_bundle_narrative_first(tmp_path, vocabulary):
    write(tmp_path, "附件2：某市审计局2026年度部门预算报表.txt", TABLES)  # says no unit: its file name helps
    write(tmp_path, "附件1：某市审计局2026年度部门预算情况说明.txt", NARRATIVE.format(unit="某市审计局", year=2026))
    inputs = bundle_inputs(collect_inputs([str(tmp_path)]), vocabulary)
    assert len(inputs) == 1
    assert [Path(part.display).name for part in inputs[0].parts] == [
        "附件1：某市审计局2026年度部门预算情况说明.txt", "附件2：某市审计局2026年度部门预算报表.txt"]
    assert inputs[0].display == inputs[0].parts[0].display  # named like its first part
    bundle = inputs[0].bundle
    assert (bundle.unit, bundle.year, bundle.kind, bundle.by) == ("某市审计局", 2026, "预算", "titles")


def test_another_year_another_unit_or_a_lone_file_stay_alone(tmp_path, vocabulary):
    write(tmp_path, "附件1：某市审计局2026年度部门预算情况说明.txt", NARRATIVE.format(unit="某市审计局", year=2026))
    write(tmp_path, "附件2：某市审计局2025年度部门预算报表.txt", TABLES)  # another year
    write(tmp_path, "附件1：某市审计局交通分局2026年度部门预算情况说明.txt",  # a name containing the other one
          NARRATIVE.format(unit="某市审计局交通分局", year=2026))
    write(tmp_path, "附件1：某市统计局2026年度部门预算情况说明.txt", NARRATIVE.format(unit="某市统计局", year=2026))
    assert all(len(files) == 1 for files in grouped(tmp_path, vocabulary))
    assert len(grouped(tmp_path, vocabulary)) == 4


def test_what_the_document_says_wins_over_its_file_name(tmp_path, vocabulary):
    # both file names say 某市审计局, but the second document opens with another unit's title
    write(tmp_path, "某市审计局2026年部门预算说明.txt", NARRATIVE.format(unit="某市审计局", year=2026))
    write(tmp_path, "某市审计局2026年部门预算表格.txt", NARRATIVE.format(unit="某市财政局", year=2026) + TABLES)
    assert grouped(tmp_path, vocabulary) == [("某市审计局2026年部门预算表格.txt",), ("某市审计局2026年部门预算说明.txt",)]


def test_names_of_one_unit_meet_through_the_vocabulary_folds(tmp_path, vocabulary):
    assert fold_unit_name("中国共产党江苏省委员会办公厅", vocabulary) == fold_unit_name("江苏省委办公厅", vocabulary)
    assert fold_unit_name("北京市信访办公室部门", vocabulary) == fold_unit_name("北京市信访办公室", vocabulary)
    write(tmp_path, "省委办公厅-江苏省委办公厅2017年部门预算.txt", NARRATIVE.format(unit="江苏省委办公厅", year=2017))
    write(tmp_path, "省委办公厅-江苏省委办公厅2017年预算公开表格.txt",
          "收支预算总表\n部门：中国共产党江苏省委员会办公厅\t单位：万元\n项目\t预算数\n收入总计\t10.00\n")
    assert grouped(tmp_path, vocabulary) == [
        ("省委办公厅-江苏省委办公厅2017年部门预算.txt", "省委办公厅-江苏省委办公厅2017年预算公开表格.txt")]


def test_a_heading_or_a_government_is_no_unit_name(tmp_path, vocabulary):
    # two departments whose first line is the same heading: not one disclosure
    for unit in ("某市气象局", "某市人民政府办公厅"):
        write(tmp_path, f"附件1：{unit}2026年度部门预算情况说明.txt", "第一部分 2026 年度部门预算情况说明\n\n正文。\n")
    assert len(grouped(tmp_path, vocabulary)) == 2


def test_two_copies_of_one_narrative_are_not_two_parts(tmp_path, vocabulary):
    # the same 情况说明 published again under the 报表's name (or as a web page): joined, every figure
    # would be stated twice; each copy is checked alone
    text = NARRATIVE.format(unit="某市城管局", year=2026) + "二、收入预算\n\n收入预算 10.00 万元。\n"
    write(tmp_path, "附件1：某市城管局2026年度部门预算情况说明.txt", text)
    write(tmp_path, "附件2：某市城管局2026年度部门预算报表.txt", text.replace("10.00", "10.0"))
    assert len(grouped(tmp_path, vocabulary)) == 2
    write(tmp_path, "附件3：某市城管局2026年度部门预算报表.txt", TABLES)  # the real tables: bundled with the first
    assert sorted(grouped(tmp_path, vocabulary), key=len) == [
        ("附件2：某市城管局2026年度部门预算报表.txt",),
        ("附件1：某市城管局2026年度部门预算情况说明.txt", "附件3：某市城管局2026年度部门预算报表.txt")]


def test_a_manifest_names_the_bundles_and_keeps_a_file_alone(tmp_path, vocabulary):
    write(tmp_path, "说明.txt", NARRATIVE.format(unit="某市审计局", year=2026))
    write(tmp_path, "表格.txt", TABLES)
    write(tmp_path, "附件1：某市统计局2026年度部门预算情况说明.txt", NARRATIVE.format(unit="某市统计局", year=2026))
    write(tmp_path, "附件2：某市统计局2026年度部门预算报表.txt", TABLES)
    write(tmp_path, MANIFEST_FILE, '[[bundle]]\nfiles = ["说明.txt", "表格.txt"]\n\n'
          '[[bundle]]\nfiles = ["附件2：某市统计局2026年度部门预算报表.txt"]  # alone\n')
    assert sorted(grouped(tmp_path, vocabulary)) == [
        ("说明.txt", "表格.txt"), ("附件1：某市统计局2026年度部门预算情况说明.txt",),
        ("附件2：某市统计局2026年度部门预算报表.txt",)]
    inputs = bundle_inputs(collect_inputs([str(tmp_path)]), vocabulary)
    assert [item.bundle.by for item in inputs if item.bundle] == [f"{tmp_path.as_posix()}/{MANIFEST_FILE}"]


def test_automatic_false_bundles_only_what_the_manifest_names(tmp_path, vocabulary):
    write(tmp_path, "附件1：某市统计局2026年度部门预算情况说明.txt", NARRATIVE.format(unit="某市统计局", year=2026))
    write(tmp_path, "附件2：某市统计局2026年度部门预算报表.txt", TABLES)
    write(tmp_path, MANIFEST_FILE, "automatic = false\n")
    assert len(grouped(tmp_path, vocabulary)) == 2


@pytest.mark.parametrize(("manifest", "line", "words"), [
    ('[[bundle]]\nfiles = ["a.txt", "b.txt"\n', 2, "invalid TOML"),  # the unclosed array's line
    ('[[bundle]\nfiles = ["a.txt"]\n', 1, "invalid TOML"),
    ('automatic = true\n[[bundle]]\nfiles = ["a.txt", "missing.txt"]\n', 3, "no file 'missing.txt'"),
    ('[[bundle]]\nfiles = ["a.txt"]\n[[bundle]]\nfiles = ["b.txt", "a.txt"]\n', 4, "'a.txt' is in bundle 1 and bundle 2"),
    ('[[bundle]]\nfiles = ["a.txt"]\nfile = ["b.txt"]\n', 3, "unknown key 'file' in bundle 1"),
    ('\nautomatic = "yes"\n', 2, "automatic must be true or false"),
    ('[[bundle]]\nfiles = ["../a.txt"]\n', 2, "is not a file name in this folder"),
    ('bundles = []\n', 1, "unknown key 'bundles'"),
])
def test_a_bad_manifest_is_one_line_naming_the_file_and_line(tmp_path, manifest, line, words):
    write(tmp_path, "a.txt", "甲")
    write(tmp_path, "b.txt", "乙")
    path = write(tmp_path, MANIFEST_FILE, manifest)
    with pytest.raises(ManifestError) as raised:
        read_manifest(path, "folder/" + MANIFEST_FILE)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"folder/{MANIFEST_FILE}:{line}:"), message
    assert words in message


def test_a_bad_manifest_is_reported_and_the_folder_grouped_by_titles(tmp_path, vocabulary):
    write(tmp_path, "附件1：某市统计局2026年度部门预算情况说明.txt", NARRATIVE.format(unit="某市统计局", year=2026))
    write(tmp_path, "附件2：某市统计局2026年度部门预算报表.txt", TABLES)
    write(tmp_path, MANIFEST_FILE, "automatic = 1\n")
    inputs = bundle_inputs(collect_inputs([str(tmp_path)]), vocabulary)
    [problem] = [item for item in inputs if item.error]
    assert problem.display == f"{tmp_path.as_posix()}/{MANIFEST_FILE}"
    assert problem.error == "line 1: automatic must be true or false; the folder's files are grouped by what they say"
    assert [len(item.parts) for item in inputs if not item.error] == [2]


def synthetic_parts(folder: Path, seed: int = 7) -> tuple[Path, Path, Path]:
    """A consistent synthetic disclosure, whole and split Beijing-style into its narrative and its tables."""
    text = render(generate_budget(random.Random(seed)), "A", seed).text
    unit, year = re.search(r"# (\S+) (\d{4})年部门预算情况说明", text).groups()
    split = re.search(r"^## .*收支总表$", text, re.MULTILINE).start()
    whole = write(folder / "whole", "whole.txt", text) if (folder / "whole").mkdir() is None else None
    (folder / "parts").mkdir()
    narrative = write(folder / "parts", f"附件1：{unit}{year}年度部门预算情况说明.txt", text[:split])
    tables = write(folder / "parts", f"附件2：{unit}{year}年度部门预算报表.txt", text[split:])
    assert unit not in text[split:].split("\n", 1)[0] or year not in text[split:].split("\n", 1)[0]
    return whole, narrative, tables


def completeness(result) -> Counter:
    return Counter(f.rule for f in result.findings if re.match(r"BUD-C0[129]-", f.rule))


def test_a_bundle_is_checked_like_the_whole_document_and_its_parts_alone_are_not(tmp_path, vocabulary):
    whole, narrative, tables = synthetic_parts(tmp_path)
    rulebook = load_rulebook([], vocabulary)
    [bundle] = list(check_inputs(bundle_inputs(collect_inputs([str(tmp_path / "parts")]), vocabulary),
                                 rulebook, vocabulary))
    [alone_narrative, alone_tables] = list(check_inputs(collect_inputs([str(narrative), str(tables)]),
                                                        rulebook, vocabulary))
    [entire] = list(check_inputs(collect_inputs([str(whole)]), rulebook, vocabulary))
    assert bundle.status == "checked" and bundle.bundle is not None
    assert Counter(f.rule for f in bundle.findings) == Counter(f.rule for f in entire.findings)
    assert not completeness(bundle)
    # alone, each part is reported once as a part whose partner is not there, not by what the partner holds
    assert completeness(alone_narrative) == Counter({"BUD-C09-1": 1})
    assert completeness(alone_tables) == Counter({"BUD-C09-2": 1})
    cited = {Path(citation.path).name for finding in bundle.findings for citation in finding.citations}
    assert cited <= {narrative.name, tables.name}
    for finding in bundle.findings:  # each citation's line is the line of its own file that holds the quote
        for citation in finding.citations:
            lines = (tmp_path / "parts" / Path(citation.path).name).read_text(encoding="utf-8").split("\n")
            assert citation.quote.strip()[:6] in lines[citation.line - 1], (finding.rule, citation)


def test_the_cli_reports_a_bundle_as_one_document_with_its_parts_and_no_bundles_splits_it(tmp_path):
    _, narrative, tables = synthetic_parts(tmp_path)
    runner = CliRunner()
    together = runner.invoke(main, ["check", "--format", "json", "--no-cache", "--isolated", str(tmp_path / "parts")])
    report = json.loads(together.stdout)
    [document] = report["documents"]
    assert document["path"] == narrative.as_posix()
    assert document["bundle"]["parts"] == [narrative.as_posix(), tables.as_posix()]
    assert document["bundle"]["grouped_by"] == "titles"
    apart = runner.invoke(main, ["check", "--format", "json", "--no-cache", "--isolated", "--no-bundles",
                                 str(tmp_path / "parts")])
    assert [entry["path"] for entry in json.loads(apart.stdout)["documents"]] == [narrative.as_posix(),
                                                                                  tables.as_posix()]
    text = runner.invoke(main, ["check", "--no-cache", "--isolated", str(tmp_path / "parts")]).stdout
    assert "bundle of 2 files checked as one document" in text and tables.name in text


def test_the_cli_reports_a_bad_manifest_in_one_line_checks_the_rest_and_exits_2(tmp_path):
    write(tmp_path, "附件1：某市统计局2026年度部门预算情况说明.txt", NARRATIVE.format(unit="某市统计局", year=2026))
    write(tmp_path, "附件2：某市统计局2026年度部门预算报表.txt", TABLES)
    write(tmp_path, MANIFEST_FILE, '[[bundle]]\nfiles = ["附件9.txt"]\n')
    result = CliRunner().invoke(main, ["check", "--no-cache", "--isolated", str(tmp_path)])
    assert result.exit_code == 2
    [line] = [line for line in result.stdout.splitlines() if MANIFEST_FILE in line]
    assert line == (f"{tmp_path.as_posix()}/{MANIFEST_FILE}: error: line 2: no file '附件9.txt' in {tmp_path.as_posix()}; "
                    "the folder's files are grouped by what they say")
    assert "bundle of 2 files checked as one document" in result.stdout
