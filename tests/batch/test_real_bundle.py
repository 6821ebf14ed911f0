"""A real 北京 disclosure published as two files (附件1 情况说明, 附件2 报表) is bundled and checked as one:
each file alone draws one finding that its partner is not there (BUD-C09-*) and none of the other
part's completeness findings; together they draw neither, and every citation names the file and page
it cites. Skipped when ../shared/real-pdf is absent."""

import shutil
from pathlib import Path

import pytest

from engine.batch.bundles import bundle_inputs
from engine.batch.run import check_inputs, collect_inputs
from engine.language.rulebook import load_rulebook
from engine.vocabulary import default_vocabulary

REAL_PDF = Path(__file__).resolve().parents[3] / "shared" / "real-pdf"
PAIR = ("附件1：北京市信访办公室2026年度部门预算情况说明.pdf", "附件2：北京市信访办公室2026年度部门预算报表.pdf")
MISSING_PARTS = ("BUD-C01-", "BUD-C02-", "BUD-C09-")  # a narrative part, a standard table, a part: absent


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    folder = REAL_PDF / "budget" / "北京"
    if not all((folder / name).is_file() for name in PAIR):
        pytest.skip(f"the real 北京 pair is not in {folder} (../shared/real-pdf is absent)")
    copy = tmp_path_factory.mktemp("beijing")
    for name in PAIR:  # a folder with the pair only: the test reads two files, not the 64 of the folder
        shutil.copy(folder / name, copy / name)
    vocabulary = default_vocabulary()
    rulebook = load_rulebook([], vocabulary)
    inputs = bundle_inputs(collect_inputs([str(copy)]), vocabulary)
    together = list(check_inputs(inputs, rulebook, vocabulary))
    apart = list(check_inputs(collect_inputs([str(copy)]), rulebook, vocabulary))
    return copy, inputs, together, apart


def missing_parts(result) -> set[str]:
    return {finding.rule for finding in result.findings if finding.rule.startswith(MISSING_PARTS)}


def test_the_pair_is_one_bundle_narrative_first(checked):
    copy, inputs, _, _ = checked
    [bundle] = inputs
    assert [Path(part.display).name for part in bundle.parts] == list(PAIR)
    assert (bundle.bundle.year, bundle.bundle.kind) == (2026, "预算")


def test_each_file_alone_draws_one_part_finding_and_the_bundle_none(checked):
    _, _, [together], [narrative, tables] = checked
    assert together.status == "checked"
    # alone, the 情况说明 is reported once as a part without its 报表, not once per table it lacks
    assert {rule for rule in missing_parts(narrative) if not rule.startswith("BUD-C01-")} == {"BUD-C09-1"}
    assert missing_parts(tables) == {"BUD-C09-2"}  # and the 报表 without its 情况说明
    [part] = [finding for finding in narrative.findings if finding.rule == "BUD-C09-1"]
    assert part.citations[0].quote == PAIR[0] and part.citations[0].page == 1  # where it names itself
    kept = missing_parts(together)
    # what the bundle still reports missing, the narrative lacks on its own too
    assert kept <= missing_parts(narrative) and not {rule for rule in kept if not rule.startswith("BUD-C01-")}
    assert len(together.findings) < sum(len(result.findings) for result in (narrative, tables))


def test_every_citation_of_the_bundle_names_its_own_file_and_a_page_of_it(checked):
    copy, _, [together], _ = checked
    pages = dict(zip(PAIR, together.bundle.pages))
    assert pages == {PAIR[0]: 7, PAIR[1]: 17}
    cited = set()
    for finding in together.findings:
        for citation in finding.citations:
            name = Path(citation.path).name
            assert name in PAIR, citation.path
            assert citation.page is not None and 1 <= citation.page <= pages[name], (finding.rule, citation)
            cited.add(name)
    assert cited == set(PAIR)  # findings cite the narrative and the tables
