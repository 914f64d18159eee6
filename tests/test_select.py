"""Body selection: runs of good blocks, extended by the prose right next to them."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import Block, Config, Document
from cleantext.filters.select import SelectBody, extend, extended, not_ruled_out, prose, runs, trim

PROSE = " ".join(["word"] * 30)


def _blocks(first: int, classes: list[str]) -> list[Block]:
    return [
        Block(first + i, PROSE, first_class=cls, label="body", score=0.9, features={"words": 30.0})
        for i, cls in enumerate(classes)
    ]


@pytest.mark.parametrize("first", [0, 7])  # numbered from their position, or not (a filter dropped some)
def test_extend_adds_the_prose_next_to_a_run(first: int) -> None:
    blocks = _blocks(first, ["bad", "good", "good", "good", "near-good", "bad", "good"])
    run = blocks[2:4]
    assert extend(run, blocks, prose) == blocks[1:5]
    assert extend(blocks[6:], blocks, prose) == blocks[6:]


@pytest.mark.parametrize("first", [0, 7])
def test_on_text_a_run_grows_over_what_the_context_model_did_not_rule_out(first: int) -> None:
    blocks = _blocks(first, ["bad", "bad", "good", "bad", "short", "near-good"])
    for block, score, words in zip(blocks, [0.1, 0.3, 0.9, 0.25, 0.3, 0.3], [30, 6, 30, 5, 5, 30], strict=True):
        block.score, block.features["words"] = score, float(words)
    # below the context bar (0.1), a short line, and what comes after it stay out
    assert extend(blocks[2:3], blocks) == blocks[1:4]
    assert extend(blocks[2:3], blocks, not_ruled_out) == blocks[1:4]
    # HTML input: only long prose that reads as body (nearly) alone joins
    assert extend(blocks[2:3], blocks, prose) == blocks[2:3]
    blocks[3].features["words"] = 4.0  # fewer words than a sentence: out
    assert extend(blocks[2:3], blocks) == blocks[1:3]
    blocks[1].label = "share"  # a boilerplate phrase: out
    assert extend(blocks[2:3], blocks) == blocks[2:3]


@pytest.mark.parametrize(
    ("prose", "score", "joins"),
    [
        (True, 0.08, True),  # a paragraph of prose the context model scored low joins
        (True, 0.03, False),  # ... not below PROSE_EDGE_MIN
        (False, 0.08, False),  # another block needs EDGE_MIN
    ],
)
def test_on_text_a_paragraph_of_prose_joins_a_run_down_to_a_lower_bar(prose: bool, score: float, joins: bool) -> None:
    blocks = _blocks(0, ["good", "good", "bad", "bad"])
    tail = blocks[2]
    tail.score, tail.features["words"] = score, 30.0
    if prose:
        tail.features["prose"] = 1.0
    blocks[3].score = 0.0  # the form below it stays out
    assert extend(blocks[:2], blocks) == (blocks[:3] if joins else blocks[:2])


@pytest.mark.parametrize(
    ("text", "language", "prose"),
    [
        ("The cat sat on the mat and it was not at all happy with the weather of the day or with us.", "en", True),
        ("The cat sat on the mat and it was not at all happy with the weather of the day or with us.", "xx", False),
        ("The cat sat on the mat and it was not happy.", "en", False),  # fewer than 20 words
        (
            "Anna Berg Carl Dahl Emil Falk Greta Holm Ida Jung Karl Lind Maria Nord Olof Paul Rita Stern Tom Ulf",
            "en",
            False,
        ),
    ],
)
def test_classify_marks_paragraphs_of_prose_by_their_words_and_stopwords(text: str, language: str, prose: bool) -> None:
    doc = cleantext.clean_document(text + "\nHome", language=language)
    assert ("prose" in doc.blocks[0].features) is prose


def test_a_sentence_cut_from_a_long_line_is_no_paragraph_of_prose() -> None:
    # text with few line breaks (one line a page): the layout step cuts it into
    # sentences, which are pieces of a paragraph, not paragraphs
    sentence = "The cat sat on the mat and it was not at all happy with the weather of the day or with us."
    whole = " ".join(sentence.replace("cat", f"cat {i}") for i in range(40))
    doc = cleantext.clean_document(whole, language="en")
    assert len(doc.blocks) > 1
    assert not any("prose" in b.features for b in doc.blocks)
    # the same sentences as paragraphs
    doc = cleantext.clean_document("\n\n".join(sentence.replace("cat", f"cat {i}") for i in range(40)), language="en")
    assert len(doc.blocks) == 40 and all("prose" in b.features for b in doc.blocks)


def _reference_extended(runs: list[list[Block]], blocks: list[Block], joins: Callable[[Block], bool]) -> list[int]:
    """extend() as first written: each run walks out over the blocks next to it."""
    keep: set[int] = set()
    for run in runs:
        start, end = blocks.index(run[0]), blocks.index(run[-1])
        while start > 0 and joins(blocks[start - 1]):
            start -= 1
        while end + 1 < len(blocks) and joins(blocks[end + 1]):
            end += 1
        keep.update(i for i in range(start, end + 1) if blocks[i] in run or joins(blocks[i]))
    return sorted(keep)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["good", "near-good", "bad", "short"]), min_size=1, max_size=40),
    st.lists(st.integers(0, 39), max_size=12),
    st.integers(0, 3),
    st.randoms(use_true_random=False),
    st.sampled_from([prose, not_ruled_out]),
)
def test_extended_is_the_union_of_each_run_extended(
    classes: list[str], cuts: list[int], first: int, rnd: random.Random, joins: Callable[[Block], bool]
) -> None:
    blocks = _blocks(first, classes)
    for b in blocks:  # short blocks and blocks the context ruled out do not join
        if rnd.random() < 0.3:
            b.features["words"] = 3.0
        if rnd.random() < 0.2:
            b.score = 0.1
    # runs: disjoint slices of the page, some overlapping others' reach
    bounds = sorted({c % len(blocks) for c in cuts})
    runs = [blocks[a : b + 1] for a, b in zip(bounds[::2], bounds[1::2], strict=False)]
    assert extended(runs, blocks, joins) == _reference_extended(runs, blocks, joins)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.booleans(), max_size=40), st.integers(0, 4))
def test_runs_bridge_at_most_max_gap_bad_blocks(good: list[bool], max_gap: int) -> None:
    blocks = [Block(i, "x", final_class="good" if g else "bad") for i, g in enumerate(good)]
    expected: list[list[int]] = []
    gap = max_gap + 1
    for i, g in enumerate(good):  # the definition, block by block
        if g:
            if expected and gap <= max_gap:
                expected[-1].append(i)
            else:
                expected.append([i])
            gap = 0
        else:
            gap += 1
    assert [[b.index for b in run] for run in runs(blocks, max_gap)] == expected


def _block(i: int, text: str, first_class: str = "good", *, heading: bool = False) -> Block:
    return Block(i, text, first_class=first_class, heading=heading, features={"words": float(len(text.split()))})


def test_trim_drops_a_heading_whose_block_it_headed_was_trimmed() -> None:
    # a line kept as a subheading over a block that the trim then cuts heads nothing:
    # left last, the body read again would cut it (it would head nothing there either)
    run = [_block(0, PROSE), _block(1, "Have your say", "short", heading=True), _block(2, "Log in to reply", "short")]
    assert trim(run) == run[:1]
    # over a block that stays, it stays
    run = [_block(0, PROSE), _block(1, "What happened next", "short", heading=True), _block(2, PROSE)]
    assert trim(run) == run


@pytest.mark.parametrize(("joining", "kept"), [(0, True), (1, False)])
def test_trim_counts_the_bridged_blocks_that_will_join_the_body(joining: int, kept: bool) -> None:
    # a section's name two blocks of the run above the prose is a heading over it, unless
    # a block the run bridged between them will join the body (the extension takes it
    # in): read again, the body would hold it, and the name would be three blocks above
    name = _block(0, "Weather", "short", heading=True)
    headline = _block(2, "Storm warning for the coast", "short", heading=True)
    prose = _block(3, PROSE)
    run = [name, headline, prose]

    def bridged(a: Block, b: Block) -> int:
        return joining if a is name and b is prose else 0

    assert trim(run, bridged) == (run if kept else run[1:])
    assert trim(run) == run  # without the page, the run's own blocks count


def test_select_counts_only_the_bridged_blocks_that_join() -> None:
    # a headline over a byline, a date and a share line (all dropped), then the article:
    # read again the headline stands right above the article, so it stays the first time
    page = "\n".join(
        [
            "Home",
            "News",
            "Sport",
            "Council votes to rebuild the old iron bridge",
            "By Jane Doe",
            "14 March 2024",
            "Share on Facebook",
            "The town council voted on Tuesday evening to rebuild the iron footbridge that has "
            "linked the market square with the east bank since 1887, ending two years of argument.",
            "Seven councillors backed the plan, which keeps the original railings but puts them "
            "on a new steel deck, while five wanted a cheaper concrete crossing downstream.",
            "Work is due to start in the spring and to take about eighteen months, the council said.",
            "Contact us",
            "Privacy policy",
        ]
    )
    body = cleantext.clean(page)
    assert body.splitlines()[0] == "Council votes to rebuild the old iron bridge"
    assert cleantext.clean(body) == body


@pytest.mark.parametrize(
    ("last", "trimmed"),
    [
        ("Jane Doe", True),  # a name
        ("Berlin, 2 March 2024", True),  # a place and a date
        ("Related stories", True),  # a section label
        ("Watch the whole interview with her here:", True),  # it announces what is not there
        ("See you soon!", False),  # a sentence ends it
        ("Thanks for reading.", False),
        ("«Wir machen weiter.»", False),  # closing quotes after the full stop
        ("The last item of the list goes here", False),  # seven words or more: as before
    ],
)
def test_trim_cuts_a_few_words_that_end_no_sentence_at_the_end_of_a_run(last: str, trimmed: bool) -> None:
    # even when it reads as body on its own (first class "good")
    run = [_block(0, PROSE), _block(1, PROSE), _block(2, last)]
    assert trim(run) == (run[:2] if trimmed else run)


@pytest.mark.parametrize(("items", "kept"), [(3, False), (11, False), (12, True), (30, True)])
def test_trim_keeps_a_list_of_items_below_the_prose(items: int, kept: bool) -> None:
    # a listing: a paragraph of introduction, then its entries, each a few words that end
    # no sentence; a dozen or more that weigh half the prose above are the list the page
    # is about, not a tag list or an author's line
    entries = [_block(i + 1, f"Course {i}: Basic pottery, 6 weeks, 120 EUR", "short") for i in range(items)]
    run = [_block(0, PROSE), *entries]
    assert trim(run) == (run if kept else run[:1])
    light = [_block(i + 1, "Tag", "short") for i in range(12)]  # a dozen, but light: still cut
    assert trim([run[0], *light]) == run[:1]


def _page(runs: list[tuple[int, float]]) -> Document:
    """A page of runs of good blocks (``(blocks, score)`` each, each block's text its own),
    menus of eight lines between them."""
    blocks: list[Block] = []
    for n, score in runs:
        if blocks:
            menu = {"first_class": "bad", "final_class": "bad", "label": "navigation", "score": 0.01}
            blocks += [Block(len(blocks) + k, "Home", features={"words": 1.0}, **menu) for k in range(8)]  # type: ignore[arg-type]
        good = {"first_class": "good", "final_class": "good", "label": "body", "score": score}
        blocks += [
            Block(len(blocks) + k, f"{PROSE} ({len(blocks) + k})", features={"words": 30.0}, **good)  # type: ignore[arg-type]
            for k in range(n)
        ]
    return _numbered(blocks)


def _numbered(blocks: list[Block]) -> Document:
    """A document of ``blocks``, each numbered by its place, for the select step."""
    for i, block in enumerate(blocks):
        block.index = i
    doc = Document(original="", text="", config=Config())
    doc.blocks = blocks
    return doc


@pytest.mark.parametrize(
    ("runs", "kept"),
    [
        # an article the context pass is sure of beside a longer run of blocks it barely
        # took for body (a teaser list, a menu read as prose): the article alone is the body
        ([(5, 0.95), (6, 0.45)], [True, False]),
        ([(6, 0.45), (5, 0.95)], [False, True]),
        # a short run it is as sure of as of the article (the thread's next post, the
        # article's end after an advertisement) stays
        ([(5, 0.95), (1, 0.95)], [True, True]),
        ([(10, 0.95), (1, 0.95)], [True, False]),
    ],
)
def test_the_run_the_context_pass_is_surest_of_is_the_body(runs: list[tuple[int, float]], kept: list[bool]) -> None:
    doc = _page(runs)
    SelectBody()(doc)
    good = [b for b in doc.blocks if b.label != "navigation"]
    firsts = [0, runs[0][0]]
    assert [good[i].keep for i in firsts] == kept


@pytest.mark.parametrize(
    ("runs", "kept"),
    [
        # a thread: three posts the context pass is sure of, a later reply it is less
        # sure of (a twentieth of their weight) stays
        ([(3, 0.95), (3, 0.95), (3, 0.95), (2, 0.5)], True),
        # beside an article and one more run (an article's comments): it goes
        ([(4, 0.95), (3, 0.95), (2, 0.5)], False),
        # under a twentieth of the first post's weight: it goes on a thread too
        ([(3, 0.95), (3, 0.95), (3, 0.95), (1, 0.35)], False),
    ],
)
def test_on_a_thread_a_run_of_prose_stays_from_a_lower_share(runs: list[tuple[int, float]], kept: bool) -> None:
    doc = _page(runs)
    SelectBody()(doc)
    good = [b for b in doc.blocks if b.label != "navigation"]
    assert all(b.keep for b in good[: -runs[-1][0]])
    assert [b.keep for b in good[-runs[-1][0] :]] == [kept] * runs[-1][0]


@pytest.mark.parametrize(
    ("above", "long_prose", "kept"), [(True, True, True), (True, False, False), (False, True, False)]
)
def test_a_light_run_above_the_body_stays_if_it_holds_a_paragraph_of_prose(
    above: bool, long_prose: bool, kept: bool
) -> None:
    # an article above a comment thread that outweighs it ten times: with a paragraph of
    # prose it stays; without (a row of teasers) or below the body (more teasers) it goes
    doc = _page([(1, 0.95), (10, 0.95)] if above else [(10, 0.95), (1, 0.95)])
    light = doc.blocks[0] if above else doc.blocks[-1]
    if long_prose:
        light.features["prose"] = 1.0
    SelectBody()(doc)
    assert light.keep is kept


def test_a_block_that_repeats_a_kept_one_goes() -> None:
    # a quoted post, a description shown again in a tab: the body has the text once,
    # where it first stands; short lines (a label under each item) may repeat
    doc = _page([(6, 0.95)])
    doc.blocks[4].text = doc.blocks[1].text
    doc.blocks[5].text = doc.blocks[2].text
    SelectBody()(doc)
    assert [b.keep for b in doc.blocks] == [True] * 4 + [False] * 2
    doc = _page([(6, 0.95)])
    for b in doc.blocks[3:]:
        b.text, b.features["words"] = "Add to cart and save", 5.0
    SelectBody()(doc)
    assert all(b.keep for b in doc.blocks)


def _listing(items: int, item_score: float, paragraphs: int = 1) -> Document:
    """A menu, ``paragraphs`` of introduction, ``items`` list items (a name and a line
    of description in turn, each scored ``item_score`` by the context pass), a footer."""
    menu = {"first_class": "bad", "final_class": "bad", "label": "navigation", "score": 0.01}
    good = {"first_class": "good", "final_class": "good", "label": "body", "score": 0.9}
    item = {"final_class": "bad", "label": "body", "score": item_score}
    blocks = [Block(0, "Home", features={"words": 1.0}, **menu)]  # type: ignore[arg-type]
    blocks += [Block(1 + k, f"{PROSE} ({k})", features={"words": 30.0}, **good) for k in range(paragraphs)]  # type: ignore[arg-type]
    for k in range(items):
        text, first, words = (f"A line that describes item {k}", "bad", 7.0) if k % 2 else (f"Item {k}", "short", 2.0)
        blocks.append(Block(0, text, first_class=first, features={"words": words}, **item))  # type: ignore[arg-type]
    blocks += [Block(0, "Contact", features={"words": 1.0}, **menu)]  # type: ignore[arg-type]
    return _numbered(blocks)


@pytest.mark.parametrize(
    ("items", "item_score", "paragraphs", "kept"),
    [
        (12, 0.15, 1, True),  # a listing's entries below its introduction join it
        (12, 0.15, 2, True),
        (9, 0.15, 1, False),  # fewer than LIST_RUN: a few labels, not a list
        (12, 0.05, 1, False),  # scored as low as a menu
        (12, 0.15, 3, False),  # below an article: teasers, a sidebar
    ],
)
def test_on_text_a_long_stretch_of_list_items_joins_the_body(
    items: int, item_score: float, paragraphs: int, kept: bool
) -> None:
    doc = _listing(items, item_score, paragraphs)
    SelectBody()(doc)
    assert [b.keep for b in doc.blocks[1 : 1 + paragraphs]] == [True] * paragraphs
    assert [b.keep for b in doc.blocks[1 + paragraphs : -1]] == [kept] * items
    assert not doc.blocks[0].keep and not doc.blocks[-1].keep


def _gapped_listing(gap: int, item_score: float, paragraphs: int = 2) -> Document:
    """A menu, a paragraph of introduction, three entries the context pass kept, each
    after a gap of ``gap`` entries it scored ``item_score``, ``paragraphs - 1`` closing
    paragraphs, a footer."""
    menu = {"first_class": "bad", "final_class": "bad", "label": "navigation", "score": 0.01}
    good = {"first_class": "good", "final_class": "good", "label": "body", "score": 0.9}
    kept = {"first_class": "near-good", "final_class": "good", "label": "body", "score": 0.6}
    item = {"first_class": "short", "final_class": "bad", "label": "body", "score": item_score}
    blocks = [Block(0, "Home", features={"words": 1.0}, **menu)]  # type: ignore[arg-type]
    blocks.append(Block(0, f"{PROSE} (intro)", features={"words": 30.0}, **good))  # type: ignore[arg-type]
    for k in range(3):
        blocks += [Block(0, f"Item {k}.{j}", features={"words": 2.0}, **item) for j in range(gap)]  # type: ignore[arg-type]
        blocks.append(Block(0, f"An entry the page shows first, number {k}.", features={"words": 8.0}, **kept))  # type: ignore[arg-type]
    blocks += [Block(0, f"{PROSE} ({k})", features={"words": 30.0}, **good) for k in range(paragraphs - 1)]  # type: ignore[arg-type]
    blocks.append(Block(0, "Contact", features={"words": 1.0}, **menu))  # type: ignore[arg-type]
    return _numbered(blocks)


@pytest.mark.parametrize(
    ("gap", "item_score", "paragraphs", "joined"),
    [
        (3, 0.15, 2, True),  # the entries between the ones the context pass kept join
        (2, 0.15, 2, False),  # one or two lines between: a date, a byline
        (3, 0.05, 2, False),  # scored as low as a menu
        (3, 0.15, 3, False),  # an article (more strong prose): no listing
    ],
)
def test_on_text_a_gap_of_list_items_inside_the_body_joins_it(
    gap: int, item_score: float, paragraphs: int, joined: bool
) -> None:
    doc = _gapped_listing(gap, item_score, paragraphs)
    SelectBody()(doc)
    items = [b for b in doc.blocks if b.text.startswith("Item")]
    assert [b.keep for b in items] == [joined] * len(items)
    assert all(b.keep for b in doc.blocks if b.text.startswith(("An entry", "word")))
    assert not doc.blocks[0].keep and not doc.blocks[-1].keep


@pytest.mark.parametrize(
    ("heading", "label", "teasers", "closed"),
    [
        # a related-articles box or a comment form inside the article's run: the heading
        # and the short lines under it go, the paragraph of prose after them stays
        ("Related articles", "related", 3, True),
        ("Leave a comment", "comments", 3, True),
        # a line that stands under every item ("Read more") is no section's title
        ("Read more", "related", 3, False),
        # what would go outweighs the body above it: a list below its introduction
        ("Related articles", "related", 12, False),
    ],
)
def test_a_boilerplate_section_heading_closes_the_body_up_to_the_next_prose(
    heading: str, label: str, teasers: int, closed: bool
) -> None:
    doc = _page([(3, 0.95)])

    def block(text: str, first_class: str, words: float, label: str = "body") -> Block:
        good = {"first_class": first_class, "final_class": "good", "label": label, "score": 0.6}
        return Block(0, text, features={"words": words}, **good)  # type: ignore[arg-type]

    section = [block(heading, "short", len(heading.split()), label)]
    section += [block(f"Teaser number {k}: " + " ".join(["title"] * 8), "near-good", 6.0) for k in range(teasers)]
    last = block(f"{PROSE} (last)", "good", 30.0)
    if heading == "Read more":  # under an item of the article too
        doc.blocks.insert(2, block(heading, "short", 2.0, label))
    doc.blocks += [*section, last]
    for i, b in enumerate(doc.blocks):
        b.index = i
    SelectBody()(doc)
    assert all(b.keep for b in doc.blocks[:3]) and last.keep
    assert [b.keep for b in section] == [not closed] * len(section)


def _thread(strong_posts: tuple[int, ...], posts: int = 6) -> Document:
    """A menu, then ``posts`` posts of a thread, each between the same tools and its own
    author lines (scored low by the context pass): the posts at ``strong_posts`` are
    paragraphs of prose it is sure of, the others a few words it scored 0.35."""
    menu = Block(0, "Home", first_class="short", label="navigation", score=0.01, features={"words": 1.0})
    blocks: list[Block] = [menu]

    def line(text: str, score: float, first_class: str = "short", final_class: str = "bad") -> Block:
        classes = {"first_class": first_class, "final_class": final_class}
        return Block(0, text, label="body", score=score, features={"words": float(len(text.split()))}, **classes)

    for k in range(posts):
        blocks += [line(f"Member{k}", 0.05), line("Add to quote", 0.05), line(f"#{k} · Jan {k + 1}", 0.3)]
        if k in strong_posts:
            blocks.append(line(f"{PROSE} ({k})", 0.95, "good", "good"))
            blocks[-1].features["words"] = 30.0
        else:
            blocks.append(line(f"A short post, number {k}.", 0.35, "near-good"))
        blocks += [line(f"Reactions: member{k + 1}", 0.05), line("Save Share", 0.02), line("Reply Quote Like", 0.02)]
        blocks.append(line(f"{k + 1} posts · Joined 20{k + 10}", 0.03))
    return _numbered(blocks)


@pytest.mark.parametrize(
    ("strong_posts", "grown"),
    [
        # the body holds two posts far apart: the short posts between the same tools join it
        ((0, 3), True),
        # the body is one record (an article under a byline, teasers with bylines below)
        ((0,), False),
    ],
)
def test_on_text_the_posts_of_a_thread_between_repeated_tools_join_the_body(
    strong_posts: tuple[int, ...], grown: bool
) -> None:
    doc = _thread(strong_posts)
    SelectBody()(doc)
    posts = [b for b in doc.blocks if b.text.startswith("A short post")]
    assert [b.keep for b in posts] == [grown] * len(posts)
    assert all(b.keep for b in doc.blocks if b.text.startswith(PROSE))
    # the tools, the author lines and the menu stay out
    assert not any(b.keep for b in doc.blocks if b.score < 0.2)


@pytest.mark.parametrize(
    ("score", "page_ends", "kept"),
    [
        (0.8, True, True),  # the page's last block, sure by context: a body read again ends so
        (0.5, True, False),  # less sure: trimmed as before
        (0.8, False, False),  # a footer follows: trimmed as before
    ],
)
def test_a_run_that_ends_the_page_keeps_a_last_line_the_context_pass_is_sure_of(
    score: float, page_ends: bool, kept: bool
) -> None:
    doc = _page([(3, 0.95)])
    good = {"first_class": "good", "final_class": "good", "label": "body"}
    last = Block(0, "Posted by Anna Example", features={"words": 4.0}, score=score, **good)  # type: ignore[arg-type]
    footer = Block(0, "Imprint", first_class="bad", final_class="bad", label="navigation", score=0.01)
    doc = _numbered([*doc.blocks, last, *([] if page_ends else [footer])])
    SelectBody()(doc)
    assert all(b.keep for b in doc.blocks[:3])
    assert last.keep is kept
