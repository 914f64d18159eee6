"""The segment step: one block per line, rejoining what a scraper split out of one element."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import cleantext
from cleantext.filters import segment as segment_module
from cleantext.filters.segment import segment


def texts(text: str, language: str | None = None) -> list[str]:
    return [b.text for b in segment(text, language)]


def spans(text: str, language: str | None = None) -> list[tuple[str, int, int]]:
    return [(b.text, b.first_line, b.last_line) for b in segment(text, language)]


def test_link_cut_out_of_its_sentence_is_rejoined() -> None:
    assert spans("Read the\nfull report\nhere.") == [("Read the full report here.", 0, 2)]


@pytest.mark.parametrize("language", [None, "en"])
def test_link_rejoined_between_other_blocks(language: str | None) -> None:
    text = "Home\n\nThe council published its findings on Tuesday. Read the\nfull report\nhere.\n\nContact"
    assert spans(text, language) == [
        ("Home", 0, 0),
        ("The council published its findings on Tuesday. Read the full report here.", 2, 4),
        ("Contact", 6, 6),
    ]


def test_capitalised_link_after_a_function_word_is_rejoined() -> None:
    text = "Die Regierung hat sich mit der\nEuropäischen Kommission\ngeeinigt."
    assert texts(text, "de") == ["Die Regierung hat sich mit der Europäischen Kommission geeinigt."]


def test_punctuation_line_is_glued_without_a_space() -> None:
    assert texts("We met with friends in\nBerlin\n, which was nice.", "en") == [
        "We met with friends in Berlin, which was nice."
    ]
    assert spans("The price rose by 5\n%\nlast year.") == [("The price rose by 5% last year.", 0, 2)]


@pytest.mark.parametrize("title", ["Prof. Dr.", "Dr."])
def test_name_over_two_lines_between_blank_lines_is_joined(title: str) -> None:
    text = f"An intro paragraph that ends here.\n\n{title}\nJane Doe\n\nThe next paragraph starts."
    assert spans(text) == [
        ("An intro paragraph that ends here.", 0, 0),
        (f"{title} Jane Doe", 2, 3),
        ("The next paragraph starts.", 5, 5),
    ]


def test_first_and_last_name_on_two_lines_are_joined() -> None:
    text = "Ihre Experten im Webinar:\n\nDominik\nKettner\n\nDieter\nBohlen\n\nProf. Dr.\nWerner Patzelt\n"
    assert spans(text, "de") == [
        ("Ihre Experten im Webinar:", 0, 0),
        ("Dominik Kettner", 2, 3),
        ("Dieter Bohlen", 5, 6),
        ("Prof. Dr. Werner Patzelt", 8, 9),
    ]


def test_two_capitalised_lines_inside_a_run_are_not_a_name() -> None:
    # a menu: "Home" and "News" are not alone between blank lines
    assert texts("Home\nNews\nSport\nKontakt") == ["Home", "News", "Sport", "Kontakt"]
    assert texts("Intro.\n\nHome\nNews\nSport") == ["Intro.", "Home", "News", "Sport"]


@pytest.mark.parametrize(
    "text",
    [
        "- first item\n- second item\n- third item",
        "* first item\n* second item",
        "• first item\n• second item",
        "1. first item\n2. second item\n3) third item",
        "- an item that goes on and\n- another item",
    ],
)
def test_bullets_stay_apart(text: str) -> None:
    lines = text.split("\n")
    assert spans(text) == [(line, i, i) for i, line in enumerate(lines)]


def test_line_after_a_bullet_is_not_glued_to_it() -> None:
    assert texts("- Themen:\n- #Aktien\nfinanzielle Selbstverteidigung") == [
        "- Themen:",
        "- #Aktien",
        "finanzielle Selbstverteidigung",
    ]


def test_separate_sentences_stay_apart() -> None:
    text = "This is one sentence.\nThis is another sentence!\nIs this a third one?\nYes: it is."
    assert texts(text, "en") == text.split("\n")


def test_headline_and_paragraph_stay_apart() -> None:
    text = "Vom iPhone-Zulieferer zum KI-Kraftwerk\nDie Transformation von Foxconn gleicht einer Revolution."
    assert texts(text, "de") == text.split("\n")


def test_blank_line_stops_a_join_unless_a_long_sentence_goes_on_in_lower_case() -> None:
    # a short line, then a blank: a new block even if lower case follows
    assert texts("Read the\n\nfull report") == ["Read the", "full report"]
    # a long unfinished sentence hard-wrapped over a blank line continues
    long = "This sentence is long enough to be hard-wrapped by the converter and"
    assert spans(f"{long}\n\ngoes on here.") == [(f"{long} goes on here.", 0, 2)]
    # but not after a closed sentence
    assert texts("This sentence is long enough and it is closed properly here.\n\nnew block.") == [
        "This sentence is long enough and it is closed properly here.",
        "new block.",
    ]


def test_line_numbers_count_blank_lines() -> None:
    text = "\n\nFirst block.\n\n\nSecond\nblock continues.\n\nThird."
    assert spans(text) == [
        ("First block.", 2, 2),
        ("Second block continues.", 5, 6),
        ("Third.", 8, 8),
    ]


def test_line_numbers_match_the_input_lines() -> None:
    text = "Home\nNews\n\nA first\nlink\nhere.\n\n- one\n- two\n\nProf. Dr.\nJane Doe\n\nEnd."
    lines = text.split("\n")
    blocks = segment(text)
    assert [b.index for b in blocks] == list(range(len(blocks)))
    for block in blocks:
        assert 0 <= block.first_line <= block.last_line < len(lines)
        covered = [line for line in lines[block.first_line : block.last_line + 1] if line]
        assert " ".join(covered) == block.text
    # blocks are in order and do not overlap
    for a, b in itertools.pairwise(blocks):
        assert a.last_line < b.first_line


def test_empty_and_blank_text_have_no_blocks() -> None:
    assert segment("") == []
    assert segment("\n\n\n") == []


def test_document_blocks_carry_input_line_numbers() -> None:
    # through the whole pipeline, with CRLF and a BOM: the numbers are lines of the input
    raw = "\ufeffHome\r\n\r\nThe council met on Tuesday. Read the\r\nfull report\r\nhere.\r\n"
    doc = cleantext.clean_document(raw)
    spans_ = [(b.text, b.first_line, b.last_line) for b in doc.blocks]
    assert spans_ == [
        ("Home", 0, 0),
        ("The council met on Tuesday. Read the full report here.", 2, 4),
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='aAIZé1 .…-•*,;:)("„»?\n\t\u3002\U0001f600', max_size=40))
def test_line_flags_for_all_lines_at_once_match_the_flags_of_each_line(text: str) -> None:
    # the numpy reading of the first and last characters agrees with the per-line one
    assert segment_module._line_flags(text)[0] == [segment_module._flags_of(line) for line in text.split("\n")]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet='aAI1 .…-•,;:)("„»?', min_size=1, max_size=6), min_size=1, max_size=30))
def test_a_glued_part_has_the_bits_of_its_whole_text(pieces: list[str]) -> None:
    glued = segment_module._Glued(pieces[0])
    for k, piece in enumerate(pieces[1:], start=2):
        glued.add(piece)
        assert glued.flags() == segment_module._flags_of("".join(pieces[:k]))
    assert str(glued) == "".join(pieces)


_LINES = st.sampled_from(
    ["", "", "Home", "News", ",", ")", "...", "- item", "1. first", "the", "and", "Garth A.", "S", "IDAMO: text",
     "Word.", "x", "«", "lower case goes on", "a long sentence that goes on and on and on and on without an end and",
     "Prof.", "Dr.", "Jane Doe", "3", ") item", "…more", "»", "Read more »", "A", ".", ".)", "12", "Next"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINES, max_size=40), st.sampled_from([None, "en", "de"]))
@example(["x", "A", ".", "Word"], None)  # a glued part ("A" + ".") has other bits than its last line
@example(["3", ") item", "lower case goes on"], "en")
def test_long_pages_in_bulk_give_the_blocks_of_the_line_by_line_loop(lines: list[str], language: str | None) -> None:
    # without the compiled loop, pages of BULK_LINES lines or more make their lone lines'
    # blocks at once: the same blocks as the line-by-line loop, and as the compiled loop
    text = "\n".join(lines)
    compiled_path = [(b.text, b.first_line, b.last_line, b.features) for b in segment(text, language)]
    bulk_lines, line_flags = segment_module.BULK_LINES, segment_module.compiled.line_flags
    try:
        segment_module.compiled.line_flags = lambda *args: None  # type: ignore[assignment]
        segment_module.BULK_LINES = 10**9
        by_loop = [(b.text, b.first_line, b.last_line, b.features) for b in segment(text, language)]
        segment_module.BULK_LINES = 0
        in_bulk = [(b.text, b.first_line, b.last_line, b.features) for b in segment(text, language)]
    finally:
        segment_module.BULK_LINES, segment_module.compiled.line_flags = bulk_lines, line_flags
    assert in_bulk == by_loop
    assert compiled_path == by_loop


_LINE = (
    st.lists(st.sampled_from([*'aZx.,;:!?)(-"„“…1*•ÄéS ', "the ", "und ", "A.", "12) ", "- ", "Dr."]), max_size=8)
    .map("".join)
    .map(str.strip)
    .filter(bool)
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINE, min_size=2, max_size=5), st.sampled_from(["en", "de", None]))
def test_joins_says_whether_two_lines_read_as_one_block(lines: list[str], language: str | None) -> None:
    # the body puts a blank line between two blocks exactly where, one under the
    # other, the segmenter would read them as one block
    for prev, line in itertools.pairwise(lines):
        one_block = len(segment(f"{prev}\n{line}", language)) == 1
        assert segment_module.joins(prev, line, language) is one_block
    assert segment_module.joining(lines, language) == [
        segment_module.joins(prev, line, language) for prev, line in itertools.pairwise(lines)
    ]


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINE, min_size=2, max_size=6), st.sampled_from(["en", "de", None]))
@example(["Z", "Dr.", "Dr."], "en")  # two lines of a name between a blank line and the end
@example(["Prof. Dr.", "Jane Doe", "Z"], None)  # at the start: no blank line above, read apart
def test_lines_written_with_their_separations_read_back_as_one_block_each(
    lines: list[str], language: str | None
) -> None:
    # how the body is written: each line a block of its own when read again
    blanks = segment_module.separations(lines, language)
    for b, (prev, line) in zip(blanks, itertools.pairwise(lines), strict=True):
        # a blank line where the lines would go on as one block, two where they would
        # across one, one between two lines of a name (which alone between blank lines
        # read as one); none elsewhere
        name = segment_module._is_name_part(prev, 2) and segment_module._is_name_part(line, 3)
        assert b == 2 or b == int(segment_module.joins(prev, line, language)) or (b == 1 and name)
    text = lines[0] + "".join("\n" * (1 + b) + line for b, line in zip(blanks, lines[1:], strict=True))
    assert [b.text for b in segment(text, language)] == lines


def test_new_blocks_are_the_blocks_block_makes() -> None:
    # _new_blocks sets every field itself (no Block.__init__): a field added to Block
    # and left out there would differ here, or be missing
    from cleantext.document import Block, _new_blocks

    made = _new_blocks(3, ["a", "b c"], [0, 2], [1, 2], [0.0, 1.0])
    assert made == [Block(3, "a", 0, 1, {"blank_before": 0.0}), Block(4, "b c", 2, 2, {"blank_before": 1.0})]
    assert made[0].features is not made[1].features
