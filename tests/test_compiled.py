"""The compiled loops (the C extension ``cleantext._core``) give the same arrays as the
numpy code, to the last bit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleantext import clean, compiled, features
from cleantext.charclass import code_points, line_bounds, lower_table, table
from cleantext.features import COUNTED, N_CONTEXT, OWN, char_counts_numpy, document_features
from cleantext.filters import encoding, normalize, segment
from cleantext.lexicons import _fold_lines as fold_lines
from cleantext.lexicons import lexicon
from cleantext.page_features import _page_features_numpy, page_features
from cleantext.stopwords import stopwords
from cleantext.words import hash_set

FIXTURE = Path(__file__).parent / "fixtures" / "article_de.txt"

needs_compiled = pytest.mark.skipif(not compiled.available(), reason="the extension is not built or switched off")

# characters each test of COUNTED reads: letters of both cases, digits, a script
# without spaces and Hangul, CJK beyond the BMP and emoji, terminals, separators,
# quotes, currency, tag signs, spaces and a lone surrogate
ALPHABET = 'aZéÖß09٣漢字カ한국𠀀😀.!?…。,;:"„»«|•·›/>–$€#@-_ \t\u00a0\ud800'


def both(texts: list[str]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    cps = code_points("\n".join(texts))
    starts, ends = line_bounds(cps)
    fast = compiled.scan_blocks(cps, starts, ends)
    assert fast is not None
    return list(fast), list(char_counts_numpy(cps, starts, ends))


def assert_same(texts: list[str]) -> None:
    fast, reference = both(texts)
    names = ["counts", "word starts", "word ends", "word hashes", "word blocks"]
    for name, got, want in zip(names, fast, reference, strict=True):
        assert got.shape == want.shape, name
        assert np.array_equal(got, want), (name, texts)


@needs_compiled
def test_the_reference_article_scans_the_same() -> None:
    texts = [line for line in FIXTURE.read_text(encoding="utf-8").split("\n") if line]
    assert_same(texts)
    counts = both(texts)[0][0]
    assert counts.shape == (len(COUNTED), len(texts))
    assert counts[COUNTED.index("letter")].sum() > 1000  # it counted something real


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=40), min_size=1, max_size=12))
def test_any_blocks_scan_the_same(texts: list[str]) -> None:
    assert_same(texts)


@needs_compiled
def test_edges_scan_the_same() -> None:
    # a sign at the very end, a word running to the end, a block as long as 2**16
    assert_same(["#", "@x", "word"])
    assert_same(["x" * 70_000 + " end.", "#tag"])
    assert_same(["漢", "한", "😀", "𠀀x"])


def assert_same_context(own: np.ndarray, p1: np.ndarray) -> None:
    fast = features.context_features(own, p1)
    reference = features._context_features_numpy(own, p1, np.empty((own.shape[0], N_CONTEXT)))
    assert fast.tobytes() == reference.tobytes()  # bit for bit, NaN-free


@needs_compiled
def test_the_context_of_the_reference_article_is_the_same() -> None:
    texts = [line for line in FIXTURE.read_text(encoding="utf-8").split("\n") if line]
    own, _ = document_features(texts, [0.0] * len(texts), stopwords("de"), lexicon("de"))
    p1 = np.linspace(0.05, 0.95, len(texts))[::-1].copy()
    assert_same_context(own, p1)
    assert_same_context(own, np.zeros(len(texts)))  # no good block at all
    assert_same_context(own[:1], p1[:1])


# first-pass scores with ties (the rank is a stable sort), and feature rows whose
# word counts fall on both sides of the headline and strong-prose limits
scores = st.floats(0.0, 1.0, allow_nan=False).map(lambda v: round(v, 1))


@needs_compiled
@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(scores, st.integers(0, 40), st.booleans(), st.integers(0, 3)), min_size=1, max_size=60))
def test_any_context_is_the_same(rows: list[tuple[float, int, bool, int]]) -> None:
    own = np.zeros((len(rows), len(OWN)))
    for i, (_, words, terminal, pointer) in enumerate(rows):
        own[i, features.column("log_words")] = np.log1p(words)
        own[i, features.column("log_chars")] = np.log1p(6 * words)
        own[i, features.column("terminal")] = float(terminal)
        own[i, features.column("lex_related")] = float(pointer == 1)
        own[i, features.column("lex_share")] = float(pointer == 2)
    assert_same_context(own, np.array([p for p, *_ in rows]))


def assert_same_page(own: np.ndarray, p1: np.ndarray) -> None:
    fast = page_features(own, p1)
    reference = np.zeros_like(fast)
    reference[:, 0], reference[:, 3] = fast[:, 0], fast[:, 3]  # numpy's sums on both paths
    _page_features_numpy(own, p1, reference)
    assert fast.tobytes() == reference.tobytes()  # bit for bit


@needs_compiled
def test_the_page_columns_of_the_reference_article_are_the_same() -> None:
    texts = [line for line in FIXTURE.read_text(encoding="utf-8").split("\n") if line]
    own, _ = document_features(texts, [0.0] * len(texts), stopwords("de"), lexicon("de"))
    p1 = np.linspace(0.05, 0.95, len(texts))[::-1].copy()
    assert_same_page(own, p1)
    assert_same_page(own[:1], p1[:1])  # no period fits
    assert_same_page(own[:7], p1[:7])  # only some do


@needs_compiled
@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(scores, st.integers(0, 40), st.booleans(), st.integers(0, 2)), min_size=1, max_size=60))
def test_any_page_columns_are_the_same(rows: list[tuple[float, int, bool, int]]) -> None:
    # few shapes (word buckets, sentence end, digits), so that records repeat
    own = np.zeros((len(rows), len(OWN)))
    for i, (_, words, terminal, digits) in enumerate(rows):
        own[i, features.column("log_words")] = np.log1p(words)
        own[i, features.column("log_chars")] = np.log1p(6 * words)
        own[i, features.column("terminal")] = float(terminal)
        own[i, features.column("digit_ratio")] = 0.1 * digits
    assert_same_page(own, np.array([p for p, *_ in rows]))


# what the segmenter reads at a line's ends: list signs, numbered items (with digits of
# other scripts and beyond the BMP), initials, drop caps, ellipses, closers and openers
LINE_ALPHABET = "aZÖI.…-•*12٣𝟙)]},;:(„“ \t\u00a0\u2003\n😀\ud800"


def assert_same_line_flags(text: str) -> None:
    got, want = segment._line_flags(text), segment._line_flags_numpy(text)
    assert got[0] == want[0], text
    assert np.array_equal(got[1], want[1]), text
    assert got[1].dtype == want[1].dtype


@needs_compiled
def test_the_line_flags_of_the_reference_article_are_the_same() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    assert_same_line_flags(text)
    assert any(segment._line_flags(text)[0])  # it read something real


@needs_compiled
@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=LINE_ALPHABET, max_size=80))
def test_any_line_flags_are_the_same(text: str) -> None:
    assert_same_line_flags(text)


EDGE_LINES = ["1. a", "123) b", "1234. c", "٣. d", "𝟙. e", "1.\u2003f", "1.", "- x", "-", "...", "A.", "x A.", "S"]


@needs_compiled
def test_the_line_flags_of_edge_lines_are_the_same() -> None:
    for text in ["", "\n", "\n\n", *EDGE_LINES, "\n".join(EDGE_LINES), "\n\n".join(EDGE_LINES)]:
        assert_same_line_flags(text)
    flags = segment._line_flags("\n".join(EDGE_LINES))[0]
    numbered = [bool(bits & segment._BULLET_LINE) for bits in flags[:7]]
    # four digits are no item number; a digit beyond the BMP does not start one (its
    # class is read from the BMP table, as everywhere); a digit of another script does
    assert numbered == [True, True, False, True, False, True, False]


def blocks_both_ways(text: str, language: str | None) -> tuple[list[tuple], list[tuple]]:
    lines, function_words = text.split("\n"), stopwords(language)
    flags, lengths = segment._line_flags_numpy(text)
    bits, _ = segment._line_flags(text)
    loop: list = []
    segment._read_stretch(lines, flags, 0, len(lines), function_words, loop, [])
    fast: list = []
    segment._read_compiled(text, lines, np.array(bits, np.uint8), lengths, function_words, fast, [])

    def rows(blocks: list) -> list[tuple]:
        return [(b.index, b.text, b.first_line, b.last_line, b.features) for b in blocks]

    return rows(loop), rows(fast)


@needs_compiled
def test_the_segmenter_loop_of_the_reference_article_is_the_same() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    loop, fast = blocks_both_ways(text, "de")
    assert loop == fast
    assert 0 < len(fast) < text.count("\n")  # some lines were joined


# lines that glue on (",", ")"), go on in lower case, end open or on a function word
# ("der", "the", in capitals or in quotes too), drop caps, list items, initials and blank lines between
SEGMENT_WORDS = ["der", "the", "Haus", "went", ",", ")", "x", "S", "A.", "1.", "-", "…", "„", "(", "and", "Ärger"]
SEGMENT_WORDS += ["(THE)", "„Der“"]


@needs_compiled
@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(st.just(""), st.lists(st.sampled_from(SEGMENT_WORDS), min_size=1, max_size=12).map(" ".join)),
        min_size=1,
        max_size=30,
    ),
    st.sampled_from(["de", "en", None]),
)
def test_any_segmenter_loop_is_the_same(lines: list[str], language: str | None) -> None:
    loop, fast = blocks_both_ways("\n".join(lines), language)
    assert loop == fast


@needs_compiled
def test_glued_lines_and_words_decide_the_same_way() -> None:
    text = "\n".join(
        [
            "Gestern Abend ging er zu der",
            "Schule",
            "x",
            ",",
            ")",
            "",
            "und dann",
            "1. Punkt",
            "S",
            "ie sagte",
            "Garth A.",
            "Smith",
        ]
    )
    loop, fast = blocks_both_ways(text, "de")
    assert loop == fast
    assert [row[1] for row in fast][:2] == ["Gestern Abend ging er zu der Schule x,)", "und dann"]


def phrase_cells_both_ways(texts: list[str], language: str) -> tuple[list[int], list[int], np.ndarray, np.ndarray]:
    lex = lexicon(language)
    folded = fold_lines(texts)
    cps = code_points(folded)
    starts = line_bounds(cps)[0]
    matches = lex._find(folded)
    found = np.array(matches, dtype=np.int64).reshape(-1, 3)
    found = found[found[:, 0] < len(lex._texts)]
    fast_covered, covered = np.zeros(len(texts)), np.zeros(len(texts))
    fast = lex._phrase_cells(matches, cps, starts, fast_covered)
    if not found.size:
        return fast, [], fast_covered, covered
    return fast, lex._phrase_cells_numpy(found, cps, starts, covered), fast_covered, covered


@needs_compiled
def test_the_phrase_cells_of_the_reference_article_are_the_same() -> None:
    texts = [line[:250] for line in FIXTURE.read_text(encoding="utf-8").split("\n")]
    fast, reference, fast_covered, covered = phrase_cells_both_ways(texts, "de")
    assert fast == reference and np.array_equal(fast_covered, covered)
    assert fast  # phrases matched


# phrases inside longer ones ("share" in "share this"), glued to letters ("teilen" in
# "mitteilen"), wildcards, non-BMP word characters beside them
PHRASE_WORDS = ["share", "this", "teilen", "mitteilen", "newsletter", "cookies", "abonnieren", "jetzt", "𝐱", "_", "é"]


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(PHRASE_WORDS), max_size=8).map(" ".join), min_size=1, max_size=10),
    st.sampled_from(["de", "en"]),
)
def test_any_phrase_cells_are_the_same(texts: list[str], language: str) -> None:
    fast, reference, fast_covered, covered = phrase_cells_both_ways(texts, language)
    assert fast == reference
    assert np.array_equal(fast_covered, covered)


def assert_same_words(texts: list[str], language: str) -> None:
    cps = code_points("\n".join(texts))
    starts, ends = line_bounds(cps)
    scanned = compiled.scan_blocks(cps, starts, ends)
    assert scanned is not None
    _, word_starts, word_ends, word_hashes, word_blocks = scanned
    stop_set = hash_set(stopwords(language))
    fast = compiled.stop_words(cps, starts, scanned, stop_set.flat, features.TOPIC_HEAD, features.CONTENT_LETTERS)
    assert fast is not None
    is_stop = stop_set.contains(word_hashes)
    n_stop = np.bincount(word_blocks[is_stop], minlength=starts.size).astype(np.float64)
    content = features._content_words(cps, starts, word_starts, word_ends, word_blocks, is_stop)
    assert np.array_equal(fast[0], n_stop), texts
    assert np.array_equal(fast[1], content), texts
    assert fast[1].dtype == content.dtype


@needs_compiled
def test_the_stopwords_and_content_words_of_the_reference_article_are_the_same() -> None:
    texts = [line for line in FIXTURE.read_text(encoding="utf-8").split("\n") if line]
    assert_same_words(texts, "de")
    assert_same_words(texts, "xx")  # no stoplist: no stopwords, every long word counts


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="derDieundDASaberÄÖü漢😀 .,0", min_size=1, max_size=30), min_size=1, max_size=10),
    st.sampled_from(["de", "en", "xx"]),
)
def test_any_stopwords_and_content_words_are_the_same(texts: list[str], language: str) -> None:
    assert_same_words([t.replace("\n", " ") for t in texts], language)


@needs_compiled
@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET + "\"'”’»)]([„“«&+*", min_size=1, max_size=12), min_size=1, max_size=10))
def test_any_block_ends_are_the_same(texts: list[str]) -> None:
    cps = code_points("\n".join(t.replace("\n", " ") for t in texts))
    starts, ends = line_bounds(cps)
    assert np.array_equal(features.end_bits(cps, starts, ends), features.end_bits_numpy(cps, starts, ends)), texts


@needs_compiled
@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 255), st.integers(0, 7)), min_size=1, max_size=20))
def test_any_own_columns_are_the_same(rows: list[tuple[int, int, int]]) -> None:
    # counts of 0 (denominators of at least 1) and more, any end bits and marks
    n = len(rows)
    sizes = np.array([size for size, _, _ in rows], dtype=np.int64)
    counted = (np.arange(len(COUNTED))[:, None] * 7 + sizes) % (sizes + 1)
    counted = counted.astype(np.int32)
    n_words = counted[COUNTED.index("word_start")] + counted[COUNTED.index("nospace")]
    n_stop = (n_words // 3).astype(np.float64)
    bits = np.array([b for _, b, _ in rows], dtype=np.uint8)
    marked = np.array([m for _, _, m in rows], dtype=np.uint8)
    fast, reference = np.full((n, len(OWN)), 5.0), np.full((n, len(OWN)), 5.0)
    assert compiled.own_columns(counted, sizes, n_words, n_stop, bits, marked, features._own_plan(), fast)
    features._own_columns_numpy(counted, sizes, n_words, n_stop, bits, marked, reference)
    assert np.array_equal(fast, reference), rows


@needs_compiled
def test_the_block_ends_of_the_reference_article_are_the_same() -> None:
    cps = code_points("\n".join(line for line in FIXTURE.read_text(encoding="utf-8").split("\n") if line))
    starts, ends = line_bounds(cps)
    bits = features.end_bits(cps, starts, ends)
    assert np.array_equal(bits, features.end_bits_numpy(cps, starts, ends))
    assert np.count_nonzero(bits & 1) > 10  # sentences end the paragraphs


def marks_both(texts: list[str]) -> tuple[np.ndarray | None, np.ndarray]:
    texts = [t.replace("\n", " ") for t in texts]
    joined = "\n".join(texts)
    cps = code_points(joined)
    starts, ends = line_bounds(cps)
    digits = char_counts_numpy(cps, starts, ends)[0][COUNTED.index("digit")]
    fast = compiled.marks(cps, starts, ends, digits, features._mark_kinds())
    return fast, features.text_marks_patterns(texts, joined, starts, ends, digits)


# what links, times and dates are made of, and what is next to them
_MARK_PIECES = [
    *"0123456789:./-, @hwtp.abé²\u0301_\u00a0\t٣",
    *("http://", "https://", "www.", "2019", "3. ", "März ", "Sept. ", "Mon ", "9:30", "@x.y", "12.03.", "1/2/"),
]


@needs_compiled
@settings(max_examples=1000, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_MARK_PIECES), min_size=1, max_size=12).map("".join), min_size=1, max_size=5))
def test_any_marks_are_the_same(texts: list[str]) -> None:
    fast, reference = marks_both(texts)
    assert fast is not None
    assert np.array_equal(fast, reference), texts


@needs_compiled
def test_marks_of_the_reference_article_and_beyond_the_bmp() -> None:
    texts = [line for line in FIXTURE.read_text(encoding="utf-8").split("\n") if line]
    fast, reference = marks_both(texts)
    assert fast is not None and np.array_equal(fast, reference)
    # a character beyond the BMP: the patterns read the text
    assert marks_both(["am 3. März 2019 um 9:30 \U0001d400"])[0] is None
    assert features.text_marks_patterns(
        ["9:30 x@y.z 3. März 2019"], "9:30 x@y.z 3. März 2019", np.array([0]), np.array([23]), np.array([9])
    ).tolist() == [7]


# characters beyond the BMP: a letter (mathematical, CJK), a digit (\d), an emoji
_BEYOND_BMP = ["\U0001d400", "\U00020000", "\U0001d7ce", "\U0001f600", "\U0001d7cf\U0001d7d0"]


@needs_compiled
@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(_MARK_PIECES + _BEYOND_BMP), min_size=1, max_size=12).map("".join),
        min_size=1,
        max_size=5,
    )
)
@example(["am 3. März 2019 um 9:30\U0001d7ce", "9:30\U0001f600 x@y.\U0001d400", "\U0001d7ce3.12.2019"])
def test_marks_beyond_the_bmp_are_the_same(texts: list[str]) -> None:
    # the compiled loop reads a stand-in of the BMP for each such character
    joined = "\n".join(texts)
    cps = code_points(joined)
    starts, ends = line_bounds(cps)
    digits = char_counts_numpy(cps, starts, ends)[0][COUNTED.index("digit")]
    with mock.patch.object(features, "text_marks_patterns", side_effect=AssertionError("the patterns read it")):
        fast = features.text_marks(texts, joined, cps, starts, ends, digits)
    assert np.array_equal(fast, features.text_marks_patterns(texts, joined, starts, ends, digits)), texts


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 5)), min_size=1, max_size=80),
    st.lists(st.booleans(), min_size=31, max_size=31),
)
def test_any_topic_overlap_is_the_same(pairs: list[tuple[int, int]], core: list[bool]) -> None:
    # a few distinct words (hashes far apart), repeated within and across blocks
    pairs.sort()
    blocks = np.array([b for b, _ in pairs], dtype=np.int32)
    words = np.array([w for _, w in pairs], dtype=np.uint64) * np.uint64(0x9E3779B1)
    is_core = np.array(core)
    shift = is_core.size.bit_length()
    fast = compiled.topic_overlap(blocks, words, is_core, shift)
    assert fast is not None
    assert np.array_equal(fast, features._topic_overlap_numpy(blocks, words, is_core, shift)), pairs


@needs_compiled
def test_topic_overlap_out_of_order_is_left_to_numpy() -> None:
    blocks, words, core = np.array([1, 0]), np.array([7, 7], np.uint64), np.array([True, True])
    assert compiled.topic_overlap(blocks, words, core, 2) is None
    with pytest.raises(ValueError, match="not there"):
        compiled.topic_overlap(np.array([0, 5]), words, core, 2)


# what the whitespace pass reads: every kind of line break (and "\r\n"), invisible and
# control characters, special spaces, plain spaces, letters of each string width
SPACE_ALPHABET = " \t\n\r\x0b\x0c\x1c\x85\u2028\u2029\u200b\ufeff\x00\x7f\x9f\xa0\u2003\u3000aé漢😀"


@needs_compiled
@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=SPACE_ALPHABET, max_size=40))
def test_any_whitespace_is_normalised_the_same(text: str) -> None:
    assert normalize.normalize_whitespace(text) == normalize.normalize_whitespace_python(text)


@needs_compiled
def test_the_whitespace_of_the_reference_article_is_normalised_the_same() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    messy = text.replace("\n", " \r\n\u00a0 ", 40).replace(". ", ".\u200b  ", 40)
    assert normalize.normalize_whitespace(messy) == normalize.normalize_whitespace_python(messy)
    assert normalize.normalize_whitespace(messy) != messy  # there was something to do


# what the mojibake test reads: lead characters of two- and three-byte sequences,
# continuation characters (Latin-1 and cp1252's), C1 controls, a space, and characters
# on either side of those ranges
MOJIBAKE_ALPHABET = " a\x80\x9f\xa0\xbf\xc0\xc1\xc2\xc3\xdf\xe0\xef\xf0€’Ÿ\ud800😀é"


@needs_compiled
@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=MOJIBAKE_ALPHABET, max_size=12))
def test_any_text_looks_garbled_the_same(text: str) -> None:
    assert encoding.looks_garbled(text) == encoding.looks_garbled_python(text)


@needs_compiled
def test_mojibake_is_seen_the_same() -> None:
    for text in ["Ã¤", "Ã ", "â€™", "â€", "\x85", "für", "Ã", "naïve café", "Â©", "Ã©t"]:
        assert encoding.looks_garbled(text) == encoding.looks_garbled_python(text), text
    assert encoding.looks_garbled("GrÃ¶ÃŸe") and not encoding.looks_garbled("Größe")


def run(code: str, **env: str) -> str:
    # the cleantext under test, where it is (the checkout, or an installed wheel)
    src = str(Path(compiled.__file__).resolve().parents[1])
    environ = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", ""), **env}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environ, check=True)
    return out.stdout


@needs_compiled
def test_the_numpy_path_can_be_chosen_and_gives_the_same_body() -> None:
    code = (
        "import sys; from cleantext import compiled, clean; "
        f"print(compiled.available()); sys.stdout.write(clean(open({str(FIXTURE)!r}, encoding='utf-8').read()))"
    )
    numpy_path = run(code, CLEANTEXT_NO_COMPILED="1")
    assert numpy_path.startswith("False\n")
    assert numpy_path.split("\n", 1)[1] == clean(FIXTURE.read_text(encoding="utf-8"))
    assert run(code, CLEANTEXT_NO_COMPILED="0").startswith("True\n")


def test_the_extension_is_built() -> None:
    # the project's own build compiles it (setup.py); only switching it off leaves numpy
    if os.environ.get("CLEANTEXT_NO_COMPILED", "") not in ("", "0"):
        pytest.skip("switched off by CLEANTEXT_NO_COMPILED")
    assert compiled.available()


def test_nothing_is_compiled_or_written_at_run_time() -> None:
    # no JIT: importing and cleaning loads neither numba nor llvmlite
    code = "import sys, cleantext; cleantext.clean('x. ' * 50); print(sorted({'numba', 'llvmlite'} & set(sys.modules)))"
    assert run(code) == "[]\n"


@needs_compiled
def test_wrong_arrays_raise_instead_of_reading_out_of_bounds() -> None:
    cps = code_points("ab\ncd")
    with pytest.raises(ValueError, match="outside the text"):
        compiled.scan_blocks(cps, np.array([0, 3]), np.array([2, 9]))
    core, starts, ends = compiled._core(), np.array([0, 3]), np.array([2, 5])
    assert core is not None and core.count_words(cps, starts, ends, table()) == 2
    short = [np.empty(1, np.int32), np.empty(1, np.int32), np.empty(1, np.uint64), np.empty(1, np.int32)]
    with pytest.raises(ValueError, match="more words than"):  # two words, room for one
        core.scan(cps, starts, ends, table(), lower_table(), np.empty((len(COUNTED), 2), np.int32), *short)
    own, p1 = np.zeros((2, len(OWN))), np.zeros(2)
    with pytest.raises(ValueError, match="mismatched"):
        compiled.context_columns(
            own, p1, p1, np.array([0]), np.array([0]), 0, 0, (0.0, 1.0), 0.0, np.array([1]), np.array([1]), own[:1]
        )
    columns, buckets = np.array([0, 1, 2, 3]), np.array([1.0])
    with pytest.raises(ValueError, match="mismatched"):
        compiled.page_columns(own, p1, columns, buckets, np.array([1]), 1.0, own[:1, :7])
    with pytest.raises(ValueError, match="outside the features"):
        compiled.page_columns(own, p1, np.array([0, 1, 2, len(OWN)]), buckets, np.array([1]), 1.0, own[:, :7])
    with pytest.raises(ValueError, match="period"):
        compiled.page_columns(own, p1, columns, buckets, np.array([0]), 1.0, own[:, :7])
    first, last = segment._char_tables()
    with pytest.raises(ValueError, match="more lines than flags"):
        core.line_flags("a\nb", first, last, table(), np.empty(1, np.uint8), np.empty(1, np.int64))
    with pytest.raises(ValueError, match="mismatched"):
        core.line_flags("a\nb", first[:5], last, table(), np.empty(2, np.uint8), np.empty(2, np.int64))
    verdicts, sets, lengths = segment._pair_verdicts()[1], segment._string_sets(), np.array([1, 1])
    roles = np.zeros(2, np.uint8)
    with pytest.raises(ValueError, match="outside the text"):
        core.segment_lines(
            "a", np.zeros(2, np.uint8), np.array([0, 2]), lengths, verdicts, sets, 0, 2, frozenset(), print, roles
        )
    with pytest.raises(ValueError, match="mismatched"):
        core.segment_lines(
            "a\nb", np.zeros(2, np.uint8), np.array([0, 2]), lengths, verdicts, sets, 0, 3, frozenset(), print, roles
        )
    scanned = compiled.scan_blocks(cps, starts, ends)
    assert scanned is not None
    stop_set = hash_set(stopwords("en"))
    moved = (*scanned[:4], np.array([0, 5], np.int32))  # the second word in a block that is not there
    with pytest.raises(ValueError, match="outside the text or its blocks"):
        compiled.stop_words(cps, starts, moved, stop_set.flat, 10, 2)
    mults, drops, offsets, tables = stop_set.flat
    with pytest.raises(ValueError, match="wrong size"):
        compiled.stop_words(cps, starts, scanned, (mults, drops, offsets, tables[:-1]), 10, 2)
    with pytest.raises(ValueError, match="empty block"):
        compiled.block_ends(cps, np.array([0, 3]), np.array([2, 3]), features._SETS)


@needs_compiled
@given(st.lists(st.text(alphabet=ALPHABET, max_size=12), max_size=30))
@settings(max_examples=200, deadline=None)
def test_lengths_are_those_of_the_strings(strings: list[str]) -> None:
    want = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
    got = compiled.lengths(strings)
    assert got.dtype == want.dtype and np.array_equal(got, want)
    with mock.patch.object(compiled, "_core", return_value=None):
        assert np.array_equal(compiled.lengths(strings), want)


@needs_compiled
@given(st.text(alphabet=ALPHABET + "\U000e0100\udc00\x00", max_size=60))
@settings(max_examples=300, deadline=None)
def test_code_points_are_those_of_the_utf32(text: str) -> None:
    want = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    got = code_points(text)
    assert got.dtype == want.dtype and np.array_equal(got, want)
    with mock.patch.object(compiled, "_core", return_value=None):
        assert np.array_equal(code_points(text), want)
