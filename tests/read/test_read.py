"""Read stage: encodings, newlines, and refusal of non-text input with a reason, never a traceback."""

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.errors import ReadError
from engine.read import decode_bytes, read_source

TEXT = "重庆市某某局 2024年部门预算情况说明\n单位：万元\n"


def write(tmp_path, data: bytes, name: str = "doc.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_is_read_and_named(tmp_path):
    source = read_source(write(tmp_path, TEXT.encode("utf-8")), "docs/a.txt")
    assert source.text == TEXT
    assert source.encoding == "utf-8"
    assert source.path == "docs/a.txt"


def test_utf8_byte_order_mark_is_stripped(tmp_path):
    source = read_source(write(tmp_path, codecs.BOM_UTF8 + TEXT.encode("utf-8")), "a.txt")
    assert source.text == TEXT
    assert not source.text.startswith("\ufeff")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_byte_order_mark(tmp_path, codec):
    data = TEXT.encode(codec)
    if codec != "utf-16":
        data = (codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE) + data
    source = read_source(write(tmp_path, data), "a.txt")
    assert source.text == TEXT
    assert source.encoding == "utf-16"


def test_gb18030_fallback(tmp_path):
    data = TEXT.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    source = read_source(write(tmp_path, data), "a.txt")
    assert source.text == TEXT
    assert source.encoding == "gb18030"


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_newlines_are_normalised(tmp_path, newline):
    source = read_source(write(tmp_path, TEXT.replace("\n", newline).encode("utf-8")), "a.txt")
    assert source.text == TEXT
    assert source.lines[1] == "单位：万元"


@pytest.mark.parametrize(
    "data, words",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"hello\x00world\x00", "NUL"),
        (b"", "empty"),
    ],
)
def test_non_text_is_refused_with_a_reason(tmp_path, data, words):
    with pytest.raises(ReadError) as caught:
        read_source(write(tmp_path, data), "shown/name.txt")
    assert caught.value.path == "shown/name.txt"
    assert words in caught.value.reason
    assert "\n" not in caught.value.reason
    assert str(caught.value).startswith("shown/name.txt: ")


def test_undecodable_bytes_are_refused(tmp_path):
    # 0x80 and 0xFF are invalid lead bytes in both UTF-8 and GB18030
    with pytest.raises(ReadError) as caught:
        read_source(write(tmp_path, "预算".encode() + b"\xff\x80\xff"), "a.txt")
    assert "undecodable" in caught.value.reason


def test_missing_file_and_directory_are_read_errors(tmp_path):
    with pytest.raises(ReadError, match="no such file"):
        read_source(tmp_path / "absent.txt", "absent.txt")
    with pytest.raises(ReadError, match="directory"):
        read_source(tmp_path, "dir")


@given(st.binary(max_size=300))
def test_arbitrary_bytes_give_text_or_read_error(data):
    try:
        text, encoding = decode_bytes(data, "fuzz.bin")
    except ReadError as error:
        assert error.reason and "\n" not in error.reason
    else:
        assert isinstance(text, str) and encoding
