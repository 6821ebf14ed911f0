"""The comparison key of a label (engine.vocabulary.normalize): what it folds and drops."""

import re
import unicodedata

from hypothesis import given, strategies as st

from engine.vocabulary import normalize

_QUOTES = "\"'“”‘’「」『』〝〞＂＇"


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
        st.characters(),
    ),
    max_size=60,
)


@given(_TEXT)
def test_key_matches_its_definition(text):
    assert normalize.__wrapped__(text) == _reference_key(text)
