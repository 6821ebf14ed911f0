"""The report's JSON writer gives json.dumps(indent=2)'s exact bytes, at any depth."""

import json

from hypothesis import given
from hypothesis import strategies as st

from engine.util.jsonstream import dumps

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
keys = st.text() | st.integers() | st.booleans() | st.none()
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=5), inner, max_size=4) | st.dictionaries(keys, inner, max_size=3),
    max_leaves=25,
)


@given(values, st.integers(min_value=0, max_value=4))
def test_same_bytes_as_json_dumps_with_indent(value, depth):
    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)
    assert dumps(value, depth) == expected
