"""Bundles: the files of one disclosure, put together so that they are checked as one document.

Departments often publish one disclosure as several files: 附件1 …情况说明.pdf and 附件2 …报表.pdf,
or a 文字说明 and its 公开表格. Checked alone, each file lacks what the other holds (the tables,
the narrative) and draws hundreds of false completeness and cross-checking findings. Before any
document is checked, the run's inputs are grouped per folder:

- by default, files of one folder whose first lines name the same unit, the same year and the
  same kind (预算 / 决算) are one bundle. What a file says comes from its own text (a PDF's first
  page: the title, a `部门：…` line); its file name only fills in what the text does not say (an
  报表 file that opens with its first table). Unit names are compared after the folds of
  `[bundles]` in the vocabulary (rules/bundles.toml), never by a rule for one locality. A file
  that names no unit or no year is never bundled by default.
- a `rulecheck-bundles.toml` in the folder overrides that (`engine.batch.bundle_manifest`).

The parts of a bundle are joined in order: files whose first lines name the disclosure (its
narrative) before the others, then by name, so the joined document opens with its title. A
bundle is an `Input` whose `parts` are the files; `engine.read.bundle` joins and splits them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher
from pathlib import Path
from typing import Optional

from engine.batch.bundle_manifest import MANIFEST_FILE, Manifest, ManifestError, read_manifest
from engine.batch.run import Input
from engine.errors import ReadError
from engine.model import Bundle
from engine.parse import read_opening, read_title
from engine.parse.markers import Markers, markers_for
from engine.read import DEFAULT_MAX_BYTES, read_head
from engine.record import evolve, frozen
from engine.vocabulary import Vocabulary, normalize

OPENING = 300  # characters of a file's text compared to tell a copy from a part
COPY_SIMILARITY = 0.6  # openings this alike are one text twice (real parts: <= 0.25; copies in real-pdf: >= 0.87)


@frozen
class Identity:
    """What one file says it is: the unit (as written, and every name it goes by, folded), the
    year and the kind, and whether its own first lines say so (then it opens the disclosure)."""

    unit: Optional[str]
    names: frozenset[str]
    year: Optional[int]
    kind: Optional[str]
    titled: bool = False
    opening: str = ""  # the first characters of its text, normalised: two files opening alike are copies

    def copies(self, other: "Identity") -> bool:
        """Does this file open like `other` (the same disclosure twice, not two parts of it)?"""
        if not self.opening or not other.opening:
            return False
        return SequenceMatcher(None, self.opening, other.opening, autojunk=False).ratio() >= COPY_SIMILARITY

    @property
    def complete(self) -> bool:
        return bool(self.names) and self.year is not None and self.kind is not None


def is_manifest(item: Input) -> bool:
    return item.path.name == MANIFEST_FILE


def without_manifests(inputs: Iterable[Input]) -> list[Input]:
    """The inputs without bundle manifests (a run with bundling off neither reads nor reports them)."""
    return [item for item in inputs if not is_manifest(item)]


def bundle_inputs(
    inputs: Sequence[Input], vocabulary: Vocabulary, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[Input]:
    """`inputs` with the files of each disclosure made one bundle `Input`, placed where its first
    file was; every other input as it was. A manifest that cannot be used becomes an input in
    error (one line naming the file and line: the run goes on, grouping that folder by titles)."""
    folders: dict[str, list[int]] = {}
    for index, item in enumerate(inputs):
        if item.unsupported is None and item.error is None and not is_manifest(item):
            folders.setdefault(os.path.dirname(os.path.realpath(item.path)), []).append(index)
    manifests = {
        os.path.dirname(os.path.realpath(item.path)): index for index, item in enumerate(inputs) if is_manifest(item)
    }
    replaced: dict[int, Input] = {}  # input index -> the bundle that stands there
    dropped: set[int] = set()  # parts of a bundle placed at another index, and manifests read
    inserted: dict[int, Input] = {}  # a manifest in error that was not an input: reported before its folder's files
    for folder in sorted(set(folders) | set(manifests)):
        members = folders.get(folder, [])
        manifest, problem = _manifest_of(folder, inputs, manifests, members)
        if folder in manifests:
            dropped.add(manifests[folder])
        if problem is not None:
            inserted[manifests.get(folder, min(members) if members else 0)] = problem
        for group, bundle in _groups(inputs, members, manifest, vocabulary, max_bytes):
            first = min(group)
            replaced[first] = evolve(inputs[group[0]], parts=tuple(inputs[index] for index in group), bundle=bundle)
            dropped.update(index for index in group if index != first)
    grouped: list[Input] = []
    for index, item in enumerate(inputs):
        if index in inserted:
            grouped.append(inserted[index])
        if index not in dropped:
            grouped.append(replaced.get(index, item))
    return grouped


def _manifest_of(folder: str, inputs: Sequence[Input], manifests: dict[str, int], members: list[int]
                 ) -> tuple[Optional[Manifest], Optional[Input]]:
    """(the folder's manifest, or an input in error saying why it cannot be used): read when it was
    among the inputs, else looked for beside the files (files named one by one)."""
    if folder in manifests:
        item = inputs[manifests[folder]]
    else:
        if not members or not (Path(folder) / MANIFEST_FILE).is_file():
            return None, None
        item = Input.named((Path(inputs[members[0]].display).parent / MANIFEST_FILE).as_posix())
    try:
        return read_manifest(item.path, item.display), None
    except ManifestError as error:  # reported under the manifest's name: its line, what is wrong, what was done
        place = f"line {error.where}: " if error.where else ""
        return None, evolve(item, unsupported=None,  # found in a folder, it was taken for a file of no known format
                            error=f"{place}{error.reason}; the folder's files are grouped by what they say")


def _groups(
    inputs: Sequence[Input], members: list[int], manifest: Optional[Manifest], vocabulary: Vocabulary, max_bytes: int
) -> list[tuple[list[int], Bundle]]:
    """The bundles of one folder: (input indexes in joining order, how they were grouped)."""
    by_name = {inputs[index].path.name: index for index in members}
    groups: list[tuple[list[int], Bundle]] = []
    named: set[int] = set()
    if manifest is not None:
        for listed in manifest.bundles:
            present = [by_name[name] for name in listed if name in by_name]
            named.update(present)
            if len(present) > 1:
                groups.append((present, Bundle(tuple(inputs[index].display for index in present), by=manifest.display)))
        if not manifest.automatic:
            return groups
    rest = [index for index in members if index not in named]
    if len(rest) < 2:
        return groups
    markers = markers_for(vocabulary)
    identities = {index: identify(inputs[index], vocabulary, markers, max_bytes) for index in rest}
    for group in _by_identity(rest, identities):
        ordered = sorted(group, key=lambda index: (not identities[index].titled, inputs[index].display))
        ordered = _without_copies(ordered, identities)
        if len(ordered) < 2:
            continue
        lead = identities[ordered[0]]
        unit = next((identities[index].unit for index in ordered if identities[index].unit), None)
        groups.append((ordered, Bundle(tuple(inputs[index].display for index in ordered), "titles", unit, lead.year,
                                       lead.kind)))
    return groups


def _without_copies(ordered: list[int], identities: dict[int, Identity]) -> list[int]:
    """The group without the files that open like an earlier one: a copy (the same narrative
    published twice, or under the other part's name) is not a part, and joined it would state
    every figure twice; it is checked alone."""
    kept: list[int] = []
    for index in ordered:
        if not any(identities[index].copies(identities[earlier]) for earlier in kept):
            kept.append(index)
    return kept


def _by_identity(indexes: list[int], identities: dict[int, Identity]) -> list[list[int]]:
    """Groups of two or more files with one year and kind whose unit names meet (transitively)."""
    parent = {index: index for index in indexes}

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    first_with: dict[tuple, int] = {}  # (year, kind, a name) -> the first file saying so: linear, not pairwise
    for index in indexes:
        identity = identities[index]
        if not identity.complete:
            continue
        for name in identity.names:
            first = first_with.setdefault((identity.year, identity.kind, name), index)
            if first != index:
                parent[root(index)] = root(first)
    groups: dict[int, list[int]] = {}
    for index in indexes:
        groups.setdefault(root(index), []).append(index)
    return [group for group in groups.values() if len(group) > 1]


def identify(item: Input, vocabulary: Vocabulary, markers: Optional[Markers] = None,
             max_bytes: int = DEFAULT_MAX_BYTES) -> Identity:
    """What `item` says it is: from its first lines (a PDF's first page), the gaps filled from its file name."""
    markers = markers or markers_for(vocabulary)
    written: list[str] = []
    year, kind, titled = None, None, False
    try:
        head = read_head(item.path, item.display, max_bytes)
    except ReadError:
        head = None  # reported when the file is checked
    if head is not None:
        said = read_opening(head, vocabulary)
        unit = said.unit_name if said.unit_name and is_unit_name(said.unit_name, vocabulary, markers) else None
        keys = set(vocabulary.words("bundles", "unit_keys"))
        named = [value for key, value in said.meta if key in keys]
        written = [name for name in (unit, *named) if name and is_unit_name(name, vocabulary, markers)]
        year = said.budget_year
        kind = named_kind(vocabulary, said.title)
        titled = unit is not None and year is not None
        table_kind = named_kind(vocabulary, *said.texts)
    else:
        table_kind = None
    file_unit, file_year = file_name_identity(item.path.name, vocabulary, markers)
    if not written and file_unit is not None:  # the file name helps only where the text names no unit
        written.append(file_unit)
    year = year if year is not None else file_year
    kind = kind or named_kind(vocabulary, item.path.stem) or table_kind or vocabulary.layout.get(
        "default_document_kind") or None
    names = frozenset(filter(None, (fold_unit_name(name, vocabulary) for name in written)))
    opening = normalize(head.text[: OPENING * 4])[:OPENING] if head is not None else ""
    return Identity(written[0] if written else None, names, year, kind, titled, opening)


def named_kind(vocabulary: Vocabulary, *texts: str) -> Optional[str]:
    """The document kind ([document_kinds]) the first of `texts` naming one names, else None."""
    for text in texts:
        key = normalize(text)
        for alias, kind in vocabulary.document_kinds:
            if alias and alias in key:
                return kind
    return None


def file_name_identity(name: str, vocabulary: Vocabulary, markers: Markers) -> tuple[Optional[str], Optional[int]]:
    """(unit, year) a file name gives, as help: its annex label dropped ('附件2：'), the segment that
    holds the year read like a title ('北京市公安局2026年度部门预算报表'), else the unit is the
    segment before it ('江苏省政协办公厅-2017年度部门预算公开表')."""
    stem = Path(name).stem
    labels = "|".join(re.escape(word) for word in vocabulary.words("layout", "annex_prefixes") if word)
    if labels:
        stem = re.sub(rf"^\s*(?:{labels})\s*[0-9一二三四五六七八九十]*\s*[:：.、\-_ ]*", "", stem)
    separators = "".join(re.escape(mark) for mark in vocabulary.words("bundles", "file_name_separators"))
    segments = [part for part in re.split(f"[{separators}]+", stem) if part] if separators else [stem]
    for position, segment in enumerate(segments):
        year, unit = read_title(segment, markers)
        if year is None:  # a bare year ('…-2024', '…2018度…'): in a file name, a year all the same
            bare = _BARE_YEAR.search(segment)
            if bare is None:
                continue
            year, unit = int(bare.group()), segment[: bare.start()].strip() or None
        if unit is None or not is_unit_name(unit, vocabulary, markers):
            earlier = [part for part in segments[:position] if is_unit_name(part, vocabulary, markers)]
            unit = earlier[-1] if earlier else None
        return unit, year
    return None, None


_BARE_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
MIN_UNIT_NAME = 3  # characters: shorter is no unit's name


def is_unit_name(name: str, vocabulary: Vocabulary, markers: Markers) -> bool:
    """Could `name` name a unit: long enough, no heading ('第一部分'), no digit, no generic word
    ('部门整体'), not a government alone ('江苏省')."""
    key = normalize(name)
    if len(key) < MIN_UNIT_NAME or any(char.isdigit() for char in key) or markers.heading_level(key) is not None:
        return False
    if key in {normalize(word) for word in vocabulary.words("bundles", "generic_names") if word}:
        return False
    return not any(key.endswith(suffix) for suffix in vocabulary.words("bundles", "place_suffixes") if suffix)


def fold_unit_name(name: str, vocabulary: Vocabulary) -> str:
    """The form two names of one unit share: normalised, the `[bundles]` folds applied, the listed
    prefixes and suffixes dropped (中国共产党江苏省委员会办公厅 -> 江苏省委办公厅)."""
    key = normalize(name)
    for pair in vocabulary.words("bundles", "unit_folds"):
        if isinstance(pair, (list, tuple)) and len(pair) == 2:
            key = key.replace(normalize(pair[0]), normalize(pair[1]))
    for prefix in vocabulary.words("bundles", "unit_prefixes"):
        if prefix and key.startswith(prefix) and len(key) > len(prefix):
            key = key[len(prefix) :]
    for suffix in vocabulary.words("bundles", "unit_suffixes"):
        if suffix and key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
    return key if len(key) >= MIN_UNIT_NAME else ""
