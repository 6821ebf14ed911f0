"""The comparison key of a label (engine.vocabulary.normalize, fold_width): what it folds and drops."""

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from engine.vocabulary import _QUOTES, fold_width, normalize


def _reference_key(text: str) -> str:
    """The key spelled out the slow, obvious way: NFKC width folding, then no whitespace (re's
    \\s) and no quote marks. normalize is written for speed and must agree with it."""
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return "".join(character for character in folded if character not in _QUOTES)


def test_width_spaces_and_quotes_are_folded():
    assert normalize("“三公”经费\u3000支出\t表 （ 2024 ）") == "三公经费支出表(2024)"
    assert normalize("ＡＢＣ\u00a0１２３") == "ABC123"
    assert normalize("「基本支出」『表』") == "基本支出表"


_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(_QUOTES) + [" ", "\t", "\n", "\u3000", "\u00a0", "\u2028", "\x1c", "\x85"]),
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80),
        st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E),
        st.characters(min_codepoint=0x0300, max_codepoint=0x036F),  # combining marks
        st.characters(min_codepoint=0x2F00, max_codepoint=0x2FD5),  # Kangxi radicals
        st.characters(min_codepoint=0x1100, max_codepoint=0x11FF),  # Hangul jamo: they compose
        st.characters(),
    ),
    max_size=60,
)


@given(_TEXT)
def test_key_matches_its_definition(text):
    assert normalize.__wrapped__(text) == _reference_key(text)


@given(_TEXT)
def test_width_folding_is_nfkc(text):
    assert fold_width(text) == unicodedata.normalize("NFKC", text)


def test_a_full_width_letter_composes_with_the_mark_after_it():
    assert fold_width("Ａ\u0301１\u2f00") == "Á1一"
