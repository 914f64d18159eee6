"""The Unicode classes for ``re`` take exactly the characters of their categories."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import uniclass
from cleantext.lexicons import _stand_ins, pattern_text

_ALL = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
_LETTERS = ("Lu", "Ll", "Lt", "Lm", "Lo")
_WORD = (*_LETTERS, "Mn", "Mc", "Me", "Nd", "Nl", "Pc")
_OTHER_WORD = {0x200C, 0x200D, *range(0x24B6, 0x24EA), *range(0x1F130, 0x1F14A)}
_OTHER_WORD |= {*range(0x1F150, 0x1F16A), *range(0x1F170, 0x1F18A)}


@pytest.mark.parametrize(
    ("name", "categories"),
    [
        ("letter", _LETTERS),
        ("upper", ("Lu",)),
        ("lower", ("Ll",)),
        ("capital_or_digit", ("Lu", "Lo", "Nd")),
        ("word", _WORD),
    ],
)
def test_class_takes_its_categories(name: str, categories: tuple[str, ...]) -> None:
    found = {ord(m.group()) for m in re.finditer(getattr(uniclass, name)(), _ALL)}
    expected = {ord(ch) for ch in _ALL if unicodedata.category(ch) in categories}
    if name == "word":
        expected |= _OTHER_WORD
    assert found == expected


def test_pattern_text_keeps_positions_and_reads_marks_as_letters() -> None:
    text = "cafe\u0301 x\u200dy 2\u00b2 a_b\nzo\u0308e 😀\ufe0f 𝟎"
    read = pattern_text(text)
    assert len(read) == len(text)
    assert [m.span() for m in re.finditer(r"\n", read)] == [m.span() for m in re.finditer(r"\n", text)]
    assert re.findall(r"\w+", read) == ["cafe\ua000", "x\ua000y", "2", "a_b", "zo\ua000e", "\ua000", "𝟎"]


def test_classes_are_made_on_first_use_not_at_import() -> None:
    code = (
        "import cleantext\n"
        "from cleantext import uniclass\n"
        "u = uniclass\n"
        "made = lambda: u._shipped_spans.cache_info().currsize + u._category_spans.cache_info().currsize\n"
        "assert made() == 0\n"
        "cleantext.clean('Hello world. ' * 20)\n"
        "assert made() >= 1\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    "text",
    [
        "plain ascii",
        "café – “quoted”",
        "x²",
        "e\u0301",
        "a\u200db",
        "😀 ok",
        "ß\n½",
        "x\ud800\u0301\U0001d7ce\U000e0100",
    ],
)
def test_pattern_text_leaves_texts_without_marks_as_they_are(text: str) -> None:
    assert pattern_text(text) == text.translate(_stand_ins()[0])


@given(st.text(alphabet=st.sampled_from("ab1 \n²½\u0301\u200d\u203f\ud800\U0001d7ce\U000e0100😀\ufe0fé"), max_size=40))
@settings(max_examples=300, deadline=None)
def test_pattern_text_is_each_character_as_read(text: str) -> None:
    assert pattern_text(text) == text.translate(_stand_ins()[0])


def test_shipped_spans_are_this_pythons_categories() -> None:
    shipped = uniclass._shipped_spans()
    if shipped is None:
        pytest.skip(f"no table for Unicode {unicodedata.unidata_version}: python src/cleantext/uniclass.py writes it")
    computed = uniclass._category_spans()
    assert shipped == {name: computed.get(name, []) for name in uniclass.SHIPPED}
