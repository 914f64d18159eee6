"""Word spans and hashes: the numpy path agrees with the Python one."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext.charclass import WORD, classes_of, code_points, table
from cleantext.words import HashSet, hash_set, hash_word, hashes, spans

TEXT = "Die Straße ist DER Weg, und 北京 ist groß. ÉCOLE école 123abc ǅemal o'clock 😀 done"


def _words(text: str) -> tuple[list[str], np.ndarray]:
    cps = code_points(text)
    starts, ends = spans(classes_of(cps))
    return [text[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)], hashes(cps, starts, ends)


def test_spans_are_words_and_single_ideographs() -> None:
    words, _ = _words(TEXT)
    assert words[:6] == ["Die", "Straße", "ist", "DER", "Weg", "und"]
    assert "北" in words and "京" in words  # no spaces in Chinese: one character, one word
    assert "o" in words and "clock" in words  # an apostrophe splits
    assert "😀" not in words


def test_hash_is_case_blind_and_matches_the_python_hash() -> None:
    words, values = _words(TEXT)
    for word, value in zip(words, values.tolist(), strict=True):
        assert value == hash_word(word) == hash_word(word.lower())
    assert hash_word("DER") == hash_word("der") != hash_word("den")


@given(st.text(alphabet=st.sampled_from("abcÄäßΣσς北 .,-'\n1"), max_size=200))
@settings(max_examples=200, deadline=None)
def test_hashes_agree_on_any_text(text: str) -> None:
    words, values = _words(text)
    assert [hash_word(w) for w in words] == values.tolist()


def test_member_finds_exactly_the_set_words() -> None:
    words, values = _words("the cat and THE hat of")
    found = hash_set(frozenset({"the", "and", "of", "isn't", "two words"})).contains(values)
    assert [w for w, f in zip(words, found.tolist(), strict=True) if f] == ["the", "and", "THE", "of"]
    assert not hash_set(frozenset()).contains(values).any()


def test_only_single_words_enter_a_set() -> None:
    for word in ("und", "京", "42"):  # a word, a Chinese character, a number
        assert hash_set(frozenset({word})).size == 1, word
    for word in ("isn't", "two words", "北京"):  # two words each (a Chinese character is one)
        assert hash_set(frozenset({word})).size == 0, word
    assert hash_set(frozenset({"isn't", "北京"})).size == 0


def test_long_documents_reuse_and_grow_the_power_tables() -> None:
    text = "alpha beta " * 50_000
    words, values = _words(text)
    assert len(set(values.tolist())) == 2 and len(words) == 100_000


def test_hash_set_holds_exactly_its_values() -> None:
    rng = np.random.default_rng(7)
    values = rng.integers(0, 2**63, size=2_000, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    others = rng.integers(0, 2**63, size=50_000, dtype=np.uint64) * np.uint64(2)  # even: never a value
    table = HashSet(values.tolist())
    assert table.contains(values).all()
    assert not table.contains(others).any()
    assert not table.contains(np.array([0, 2**64 - 1], dtype=np.uint64)).any()
    assert not HashSet([]).contains(values).any()


def test_word_bit_is_what_str_isalnum_says() -> None:
    # the lexicon reads word boundaries from this bit: it must agree with "\w" everywhere in the BMP
    word = (table() & WORD) != 0
    expected = np.array([chr(cp).isalnum() or cp == 0x5F for cp in range(0x10000)])
    assert np.array_equal(word, expected)
