"""Linear time on inputs that were once quadratic (found by fuzzing).

Each test times the same work on an input and on one twice as large, in CPU time
(the least of a few runs, against the noise of a shared machine), and requires
the larger to cost at most :data:`MAX_GROWTH` times as much: a quadratic path costs
about four times as much, a linear one about twice.  No wall-clock limit: only
the ratio is tested.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from cleantext import Block, Config, Document
from cleantext.features import column, document_features
from cleantext.filters.segment import segment
from cleantext.filters.select import SelectBody
from cleantext.lexicons import lexicon
from cleantext.stopwords import stopwords

#: How much more the doubled input may cost.
MAX_GROWTH = 2.5
REPEATS = 5


def cpu_time(work: Callable[[], object]) -> float:
    """The CPU time of one run of ``work``, with the cyclic garbage collector paused
    (its passes come at points that depend on everything allocated before)."""
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        work()
        return time.process_time() - start
    finally:
        gc.enable()


#: While the ratio is over MAX_GROWTH, up to this many more rounds of runs are taken: a
#: burst of load on a shared machine can slow every run of one size in a round, and a
#: quadratic path stays near 4 however many runs are taken.
MORE_ROUNDS = 3


def growth(make: Callable[[int], Callable[[], object]], size: int, repeats: int = REPEATS) -> float:
    """How much more the work costs at twice ``size`` than at ``size``: the least time
    of each over a few runs, taken in turns, so that a change in the machine's load
    weighs on both (and over more rounds while the ratio is over the limit)."""
    small, large = make(size), make(2 * size)
    small()  # loads what the first call loads
    best_small = best_large = float("inf")
    for _ in range(MORE_ROUNDS + 1):
        for _ in range(repeats):
            best_small = min(best_small, cpu_time(small))
            best_large = min(best_large, cpu_time(large))
        if best_large / best_small < MAX_GROWTH:
            break
    return best_large / best_small


def test_a_long_run_of_closing_brackets_after_many_blocks_is_linear() -> None:
    # every block's last visible character is looked for behind the closers at its end
    stops, lex = stopwords("en"), lexicon("en")

    def make(n: int) -> Callable[[], object]:
        texts = ["Word."] * n + ["x" + ")" * n]
        return lambda: document_features(texts, [0.0] * len(texts), stops, lex)

    own = make(3)  # "x)))" ends on "x": no sentence end; "Word." has one, behind closers too
    texts = ["Word.", "x)))", "Word.)", "Word.”))))))", ")))))))"]
    terminal = document_features(texts, [0.0] * 5, stops, lex)[0][:, column("terminal")]
    assert terminal.tolist() == [1.0, 0.0, 1.0, 1.0, 0.0] and own() is not None
    assert growth(make, 40_000) < MAX_GROWTH


def test_many_lines_glued_to_the_one_before_are_linear() -> None:
    # each line that starts with "," is glued to the block without a space
    def make(n: int) -> Callable[[], object]:
        text = "x\n" + ",\n" * n
        return lambda: segment(text)

    blocks = segment("x\n" + ",\n" * 5)
    assert [b.text for b in blocks] == ["x,,,,,"]
    assert growth(make, 150_000, repeats=3) < MAX_GROWTH


def test_many_short_stretches_of_lines_are_linear() -> None:
    # a page of short lines and blank lines: the segmenter reads it in many short
    # stretches, each of which must cost its own lines only
    def make(n: int) -> Callable[[], object]:
        text = "\n".join(("Home", "News item", "A short line here.", "")[i % 4] for i in range(n))
        return lambda: segment(text)

    assert [b.text for b in segment("Home\nNews item\nA short line here.\n\nHome")] == [
        "Home",
        "News item",
        "A short line here.",
        "Home",
    ]
    assert growth(make, 40_000, repeats=3) < MAX_GROWTH


def _paragraph(blocks: list[Block], i: int) -> None:
    """Add a paragraph of its own text (the ``i``-th) that reads as body to ``blocks``."""
    good = {"first_class": "good", "final_class": "good", "label": "body", "score": 0.9}
    blocks.append(Block(len(blocks), " ".join(["word"] * 30) + f" {i}", features={"words": 30.0}, **good))  # type: ignore[arg-type]


def _page_of(blocks: list[Block]) -> Document:
    """A document of the blocks ``blocks``, for the select step."""
    doc = Document(original="", text="", config=Config())
    doc.blocks = blocks
    return doc


def _runs_after_a_dropped_block(runs: int) -> Document:
    """A page of ``runs`` runs of one good block each (each its own text), whose first
    block a filter dropped."""
    blocks = [Block(0, "dropped by a filter", label="custom", vetoed=True)]
    for i in range(runs):
        _paragraph(blocks, i)
        bad = {"first_class": "bad", "final_class": "bad", "label": "navigation", "score": 0.01}
        blocks += [Block(len(blocks) + k, "Home", features={"words": 1.0}, **bad) for k in range(8)]  # type: ignore[arg-type]
    return _page_of(blocks)


def test_selecting_many_runs_after_a_dropped_block_is_linear() -> None:
    doc = _runs_after_a_dropped_block(3)
    SelectBody()(doc)
    assert [b.keep for b in doc.blocks[:11]] == [False, True, *[False] * 8, True]

    def make(n: int) -> Callable[[], object]:
        page = _runs_after_a_dropped_block(n)
        return lambda: SelectBody()(page)

    assert growth(make, 6_000) < MAX_GROWTH


def _sections_between_paragraphs(n: int) -> Document:
    """A page of ``n`` paragraphs, each followed by a section heading of its own text
    (a related-items phrase): each heading asks whether a section closes there."""
    blocks: list[Block] = []
    for i in range(n):
        _paragraph(blocks, i)
        heading = {"first_class": "short", "final_class": "good", "label": "related", "score": 0.6}
        blocks.append(Block(len(blocks), f"Related stories {i}", features={"words": 3.0}, **heading))  # type: ignore[arg-type]
    return _page_of(blocks)


def test_closing_many_sections_is_linear() -> None:
    # the body's characters above each heading are summed once for the page; each
    # heading goes (the section it opens ends at the next paragraph)
    doc = _sections_between_paragraphs(3)
    SelectBody()(doc)
    assert [b.keep for b in doc.blocks] == [True, False] * 3

    def make(n: int) -> Callable[[], object]:
        page = _sections_between_paragraphs(n)
        return lambda: SelectBody()(page)

    assert growth(make, 6_000) < MAX_GROWTH


def _records(n: int) -> Document:
    """A page of ``n`` paragraphs, each followed by a low-scored tool line and one of
    six short lines of chrome that each stand every eighteenth block: six series
    of records that cover the whole page."""
    blocks: list[Block] = []
    low = {"first_class": "short", "final_class": "bad", "label": "body"}
    for i in range(n):
        _paragraph(blocks, i)
        blocks.append(Block(len(blocks), f"Tool {i}", features={"words": 2.0}, score=0.3, **low))  # type: ignore[arg-type]
        blocks.append(Block(len(blocks), f"Chrome {i % 6}", features={"words": 2.0}, score=0.01, **low))  # type: ignore[arg-type]
    return _page_of(blocks)


def test_growing_many_series_of_records_is_linear() -> None:
    # each series covers the page: each block is looked at once, however many cover it
    doc = _records(100)
    SelectBody()(doc)
    assert [b.keep for b in doc.blocks[:6]] == [True, True, False] * 2

    def make(n: int) -> Callable[[], object]:
        page = _records(n)
        return lambda: SelectBody()(page)

    assert growth(make, 6_000) < MAX_GROWTH


def test_markdown_of_a_long_one_line_page_is_linear() -> None:
    # the body as markdown counts each input line's kept pieces once, not once per block
    from cleantext import clean_document

    def make(n: int) -> Callable[[], object]:
        sentence = "The council met on Tuesday and agreed to keep the library open for {}. "
        doc = clean_document("".join(sentence.format(i) for i in range(n)))
        assert len(doc.kept) > n // 10
        return lambda: doc.markdown

    assert growth(make, 6_000) <= MAX_GROWTH
