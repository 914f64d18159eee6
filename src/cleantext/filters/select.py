"""Body selection: keep the main run of body blocks; stray ones far from it go."""

from __future__ import annotations

import operator
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from itertools import accumulate, compress, pairwise

from ..document import Block, Document
from ..pipeline import Step, register
from .context import heading_like

#: A run whose weight (:func:`_mass`) is at least this share of the main run's stays too.
SECOND_RUN_SHARE = 0.15
#: A run weighs its characters, each by its block's context score to this power: the
#: run the context pass is surest of outweighs a longer one it is less sure of (a
#: privacy policy, a comment thread or a list of teasers beside the article).
MASS_POWER = 4
#: A run above the main one stays from EARLY_SHARE of the main run's weight (instead of
#: :data:`SECOND_RUN_SHARE`) if it holds a paragraph of prose (``features["prose"]``, as
#: for :data:`PROSE_EDGE_MIN`) of at least EARLY_WORDS words: the article above a long
#: comment thread, a list of references or a cookie notice that the context pass scores
#: higher and that, by MASS_POWER, outweighs it many times; a menu or a row of teasers
#: above the body seldom holds a paragraph that long.  0 turns it off.
#: Measured held out (block model fit on train/ only, nine converters' text of the dev
#: and snippet pages): mean of the 18 figures 0.8866 -> 0.8878, snippets pooled micro
#: 0.8753 -> 0.8767 (German 0.8756 -> 0.8767), dev pooled 0.9058 -> 0.9059; fold models
#: on the wcxb pages of train/ (page types), seeds 1/2/3: all 0.8460 -> 0.8463, 0.8442 ->
#: 0.8450, 0.8428 -> 0.8430.  From 20 words snippets gained more (+0.0019) but dev lost
#: 0.0002; from 40 or 50 words less was gained (+0.0010, +0.0008); at a share of 0.03,
#: seed 3 lost 0.00003.  Asking for three strong paragraphs instead (:func:`_strong`,
#: any length) kept mega-menus whose entries carry a line of description each: articles
#: lost up to 0.14 F1 on a page.  The same for runs below the main one lost dev F1 (a
#: list of teasers or a comment thread under the article), and so did keeping the run
#: right above the main one at any weight (up to 12 blocks above it, two strong
#: paragraphs: a lead set off by a byline, a date and share buttons): snippets +0.0016,
#: dev -0.0003 (the dev gold leaves such standfirsts out).  In sample (shipped model):
#: dev 0.927 -> 0.927, snippets 0.901 -> 0.902 (German 0.904 -> 0.906).
EARLY_SHARE, EARLY_WORDS = 0.05, 30


def runs(blocks: list[Block], max_gap: int) -> list[list[Block]]:
    """Group the good blocks into runs that bridge at most ``max_gap`` bad blocks."""
    return [_at(blocks, at) for at in _run_positions(blocks, max_gap)]


def _run_positions(blocks: list[Block], max_gap: int) -> list[list[int]]:
    """The positions of the blocks of each of :func:`runs`, ascending."""
    # in Python: a page has a few dozen good blocks in a few runs, fewer than numpy's
    # calls would cost
    good = [i for i, b in enumerate(blocks) if b.final_class == "good"]
    if not good:
        return []
    # a run ends where more than max_gap bad blocks stand before the next good one
    limit = max_gap + 1
    ends = [k for k in range(1, len(good)) if good[k] - good[k - 1] > limit]
    return [good[lo:hi] for lo, hi in zip([0, *ends], [*ends, len(good)], strict=True)]


def _at(blocks: list[Block], at: list[int]) -> list[Block]:
    """The blocks at the positions ``at`` (ascending): a slice where no block is left out."""
    first, last = at[0], at[-1]
    return blocks[first : last + 1] if last - first + 1 == len(at) else [blocks[i] for i in at]


#: Edge blocks of a run with fewer words than this are trimmed unless they read as body
#: on their own (or are a heading right before such a block).
TRIM_WORDS = 12


def _words(block: Block) -> float:
    return block.features.get("words", 0.0)


def _weak(block: Block) -> bool:
    return block.first_class != "good" and _words(block) < TRIM_WORDS


def _strong(block: Block) -> bool:
    """A block that reads as body alone and has :data:`TRIM_WORDS` words."""
    return block.first_class in _ALONE and _words(block) >= TRIM_WORDS


def _first_strong_marked(blocks: list[Block], mark: bytearray) -> int:
    """Where the first marked block of ``blocks`` stands that is :func:`_strong` (-1: no
    such block): the body's first block of strong prose."""
    return next((i for i in range(max(mark.find(1), 0), len(blocks)) if mark[i] and _strong(blocks[i])), -1)


def _first_strong(run: list[Block]) -> int | None:
    """Where the first block of ``run`` stands that is :func:`_strong` (None: no such
    block); read only up to it."""
    for i, b in enumerate(run):
        # (_strong written out: this loop reads most blocks of a run)
        if b.first_class in _ALONE and b.features.get("words", 0.0) >= TRIM_WORDS:
            return i
    return None


def trim(run: list[Block], bridged: Callable[[Block, Block], int] | None = None) -> list[Block]:
    """Drop blocks at the edges of a run that are body only by context.

    A run starts with a block of prose that stands on its own, or with a heading
    at most two blocks above one: short lines above the article (a teaser, a list
    of names, a section's name over the headline) go.  The blocks counted are those
    of the body to be, the run's own and those it bridged that will join it
    (``bridged(a, b)`` counts the latter between two blocks of the run; without it,
    only the run's own count), so that the body read again starts where it did.

    It ends with a block that reads as body on its own, or a long one, and is not a
    few words that end no sentence (:func:`_label_like`): a trailing tag list, an
    author's name or a section label goes, and so does a heading whose block went
    (it heads nothing).  Unless what would go is a list (:data:`LIST_BLOCKS`): a
    listing's entries below its introduction stay.
    """
    start, end = _trim_bounds(run, bridged)
    return run[start:end]


def _trim_bounds(run: list[Block], bridged: Callable[[Block, Block], int] | None = None) -> tuple[int, int]:
    """Where :func:`trim` cuts ``run``: it keeps ``run[start:end]``."""
    end = len(run)
    first = _first_strong(run)
    if first is None:  # no block strong enough to anchor it: it stays whole, never lose the body
        return 0, end
    # the first strong block, or a heading at most two blocks of the body above it
    start = first
    for i in range(max(0, first - 2), first):
        if not heading_like(run[i]):
            continue
        if bridged is None or first - i + bridged(run[i], run[first]) <= 2:
            start = i
            break
    while end > start:
        last = run[end - 1]
        if last.heading:
            if end == len(run):
                break
            end -= 1  # the block it headed was trimmed: it heads nothing
        elif _weak(last) or _label_like(last):
            end -= 1
        else:
            break
    if len(run) - end >= LIST_BLOCKS and _chars(run[end:]) >= LIST_SHARE * _chars(run[start:end]):
        end = len(run)  # not a few labels but a list of items: the body goes on in it
    return (start, end) if end > start else (0, len(run))


#: The end of a run that :func:`trim` would cut stays if it has at least LIST_BLOCKS
#: blocks and at least LIST_SHARE of the characters of the run before it: the entries
#: of a listing (products with their prices, an index of names, a list of posts) below
#: its few lines of prose, each short and ending no sentence, are no tag list or
#: author's line, which are fewer or lighter than the article above them.  (The same
#: for the start of a run took in menus above the body.)
LIST_BLOCKS, LIST_SHARE = 12, 0.5


def _chars(blocks: list[Block]) -> int:
    return sum(map(len, [b.text for b in blocks]))


#: A run that ends the page keeps its last block, which :func:`trim` would cut alone,
#: where the context pass scores it at least PAGE_END_MIN: the body read again ends
#: with the block that a rule applied after the trim took in last (a short post's line
#: that joined as the run grew over its neighbours, the last item of a list or a series
#: of records), which the context pass, with nothing after it, is sure of there; the
#: trim cut it, and cleaning a body again gave it back shorter by that block.  On a
#: page, a run seldom ends the text: a footer follows it.  0 turns it off.
#: Measured (shipped model): dev and snippet pages whose body changes when cleaned
#: again 17 -> 13 of 445 and 39 -> 36 of 492 (``benchmarks/bench_idempotence.py``);
#: held out (model fit on train/ only, nine converters) mean of 18 +0.000003, dev
#: pooled +0.000007, snippets pooled and German unchanged; page types (fold models
#: base_s1/rule_s2/rule_s3) all 1,246 pages -0.000001/-0.0000004/-0.000001 (a line of
#: copyright or a link ending a few pages).  Keeping a tail of any length there (all
#: its blocks from 0.6) changed 45 pages but let a page's last teasers in (page types
#: -0.0001, forums -0.0003); of two blocks, 47 pages, articles -0.004 on two pages;
#: from 0.7 or 0.8, 52 pages, no better on the page types; keeping any block the
#: trim cut at the end of any run from 0.9, 54 pages (from 0.8, 49 pages but held
#: out -0.0001); trimming the body's end after the rules instead (so that the first
#: reading ends as the second) cost snippets 0.001 to 0.005.
PAGE_END_MIN = 0.6


#: A block at the end of a run with fewer words than this that ends no sentence is
#: trimmed even if it reads as body alone: a name, a place and date, a section label,
#: a teaser's title.  (So is a line of fewer than TRIM_WORDS words ending in a colon:
#: it announces what follows, and nothing does.)
TAIL_WORDS = 7
_CLOSING = "\"'”’»“)]"
_SENTENCE_ENDS = (".", "!", "?", "…", "。", "！", "？")


def _label_like(block: Block) -> bool:
    """A few words that end no sentence, or announce what does not follow (see
    :data:`TAIL_WORDS`)."""
    words = _words(block)
    if words < TRIM_WORDS and block.text.endswith(":"):
        return True
    return words < TAIL_WORDS and not block.text.rstrip(_CLOSING).endswith(_SENTENCE_ENDS)


#: On HTML input, the least context score a block next to a run needs to join it by
#: :func:`extend`, and the least number of words (:func:`prose`).
EXTEND_MIN, EXTEND_WORDS = 0.2, 25
#: On text, the same (:func:`not_ruled_out`): a run grows over its neighbours down to a
#: lower bar than the one that starts it, as hysteresis thresholding does.
EDGE_MIN, EDGE_WORDS = 0.2, 5
#: On text, a paragraph of prose (``features["prose"]``: at least 20 words, at least
#: 0.3 of them stopwords of the page's language, jusText's own test of a good paragraph;
#: :data:`cleantext.filters.classify.PROSE_WORDS`) joins down to PROSE_EDGE_MIN: the
#: context model scores the last paragraphs of an article low where a comment form, an
#: author box or a list of teasers follows them, but boilerplate seldom reads as prose
#: (a list of links, a row of names or a script has few stopwords).  EDGE_MIN turns it
#: off.  Measured held out (block model fit on train/ only, bs4 and html_text text):
#: snippet pages micro F1 0.8805 -> 0.8836 (German 0.8782 -> 0.8826: 17 more must-keep
#: snippets kept, 1 more must-drop), dev 0.9204 -> 0.9204; fold models on the wcxb pages
#: of train/ (page types): all 0.8431 -> 0.8431, no type more than -0.0005.  From 12 or
#: 30 words, or down to 0.1, snippets gained +0.0025 to +0.0028; without the stopword
#: test dev lost 0.0007 (lists of links and scripts of 20 words and more joined).  Over
#: all nine converters' text: snippets pooled 0.8718 -> 0.8733 (German 0.8714 ->
#: 0.8735), dev pooled 0.9046 -> 0.9046 (html2txt's one-line text unchanged: its
#: sentences are no paragraphs).
PROSE_EDGE_MIN = 0.05


def extend(run: list[Block], blocks: list[Block], joins: Callable[[Block], bool] | None = None) -> list[Block]:
    """Add the blocks right next to a run that ``joins`` lets in (:func:`not_ruled_out`
    by default; :func:`prose` on HTML input), as jusText turns a near-good block next
    to a good one good."""
    return list(compress(blocks, _extended_mask([run], blocks, joins)))


def extended(runs: list[list[Block]], blocks: list[Block], joins: Callable[[Block], bool] | None = None) -> list[int]:
    """The positions in ``blocks`` of the blocks of ``runs`` each with :func:`extend`
    applied, in order: the runs' own blocks, and the blocks ``joins`` lets in between
    the first and the last block of a run or in the stretch of them that adjoins it.

    Linear in the blocks however many runs there are, and reading only the blocks
    near the runs: a block's position is its index (or, once a filter dropped blocks,
    comes from one table), and the runs are taken in page order, each walk stopping
    where the ground an earlier run covered begins."""
    return list(compress(range(len(blocks)), _extended_mask(runs, blocks, joins)))


def _extended_mask(
    runs: list[list[Block]], blocks: list[Block], joins: Callable[[Block], bool] | None = None
) -> bytearray:
    """:func:`extended` as a mask over ``blocks``: 1 where a block is taken, else 0."""
    n = len(blocks)
    locate = _locator(blocks)

    def positions(run: list[Block]) -> list[int]:
        at = [b.index for b in run]
        if min(at) >= 0 and max(at) < n and all(map(operator.is_, map(blocks.__getitem__, at), run)):
            return at
        return list(map(locate, run))

    return _mask_at(sorted(positions(run) for run in runs if run), blocks, joins or not_ruled_out)


def _mask_at(owns: list[list[int]], blocks: list[Block], joins: Callable[[Block], bool]) -> bytearray:
    """:func:`_extended_mask` of the runs whose blocks stand at the positions ``owns``
    (in page order).

    A mask rather than a set of positions: a run that is a stretch of the blocks is
    marked as a slice, and the positions its walks and gaps leave to ``joins`` are
    found by searching the mask for zeros."""
    n = len(blocks)
    joinable: list[bool | None] = [None] * n

    def may_join(i: int) -> bool:
        known = joinable[i]
        if known is None:
            known = joinable[i] = joins(blocks[i])
        return known

    mark = bytearray(n)
    covered = -1  # the last position an earlier run's reach took in
    for own in owns:
        lo, hi = own[0], own[-1]
        if hi - lo + 1 == len(own) and own == list(range(lo, hi + 1)):
            mark[lo : hi + 1] = b"\x01" * len(own)  # a stretch of the blocks, as a slice
        else:
            for i in own:
                mark[i] = 1
        while lo > 0 and lo - 1 > covered and may_join(lo - 1):
            lo -= 1
        hi = max(hi, covered)
        while hi + 1 < n and may_join(hi + 1):
            hi += 1
        # the blocks not yet taken from where this run's reach begins to where it ends
        i = mark.find(0, max(lo, covered + 1), hi + 1)
        while i >= 0:
            if may_join(i):
                mark[i] = 1
            i = mark.find(0, i + 1, hi + 1)
        covered = max(covered, hi)
    return mark


def _locator(blocks: list[Block]) -> Callable[[Block], int]:
    """Where a block stands in ``blocks``: its index, or, once a filter dropped blocks,
    its place in one table made when first needed."""
    n = len(blocks)
    table: dict[int, int] = {}

    def position(block: Block) -> int:
        i = block.index
        if 0 <= i < n and blocks[i] is block:
            return i
        if not table:
            table.update((id(b), k) for k, b in enumerate(blocks))
        return table[id(block)]

    return position


def prose(block: Block) -> bool:
    """Long prose with no boilerplate phrase, that reads as body or nearly so on its own
    and that the context model did not rule out: what joins a run on HTML input, where
    the markup step then revises the edges by the HTML."""
    return (
        block.first_class in _ALONE
        and _words(block) >= EXTEND_WORDS
        and block.label in _PLAIN_LABELS
        and block.score >= EXTEND_MIN
    )


def not_ruled_out(block: Block) -> bool:
    """A block of a few words or more with no boilerplate phrase, not a short line
    (first class ``short``), that the context model did not rule out: what joins a run
    on text.  Body on either side of a run scores lower than the run but rarely near
    zero; boilerplate next to it mostly does, or is a short line or a lexicon phrase.

    Measured held out (block model fit on train/ only, nine converters' text of the
    dev and snippet pages): snippet pages +0.005 to +0.015 F1 for every converter,
    dev pages -0.002 to +0.001 (one-line text -0.008); on HTML input the same rule
    cost 0.004 on snippet pages after the markup step, so there :func:`prose` stays."""
    return (
        block.first_class != "short"
        and _words(block) >= EDGE_WORDS
        and block.label in _PLAIN_LABELS
        and (block.score >= EDGE_MIN or (block.score >= PROSE_EDGE_MIN and "prose" in block.features))
    )


#: First-pass classes of blocks that read as body on their own; labels a dropped block
#: gives up for "boilerplate".
_ALONE, _UNLABELLED = frozenset(("good", "near-good")), frozenset(("body", ""))
#: Labels of blocks that matched no lexicon phrase.
_PLAIN_LABELS = frozenset(("body", "boilerplate"))


def _mass(run: list[Block]) -> float:
    """A run's weight: its blocks' characters, each by the context score to :data:`MASS_POWER`."""
    return sum([len(b.text) * b.score**MASS_POWER for b in run])


#: On a thread, a run of prose stays from a lower share of the main run's weight: where
#: at least THREAD_RUNS runs weigh SECOND_RUN_SHARE of the heaviest and hold more than
#: :data:`LIST_STRONG_MAX` strong paragraphs between them (posts, each a run of its own
#: between the names, dates and buttons of its header), a run with THREAD_PROSE of its
#: characters in blocks that read as body alone (:func:`_strong`) stays from THREAD_SHARE:
#: the later replies, which the context pass is less sure of than of the first post (a
#: run's weight goes with its score to the power :data:`MASS_POWER`).  On an article the
#: comments stand as such runs too, but rarely below two more runs of its own; on a shop's
#: page the reviews do, and its items and lines of description read as body alone
#: seldom.  The gate on strong paragraphs leaves a listing's body as it was (more of them
#: would turn off :data:`LIST_RUN`).  0 turns it off.
#: Measured (fold models that never saw the page's sites, wcxb pages of train/, draws
#: base_s1/rule_s2/rule_s3): all 1,246 pages +0.0006/+0.0005/+0.0005 F1 (forums
#: +0.0077/+0.0071/+0.0105, documentation +0.0000/+0.0017/+0.0000, listings
#: -0.0002/+0.0003/+0.0009, products -0.0004/-0.0003/-0.0010, services
#: +0.0003/+0.0000/-0.0017, articles within 0.0002); held out (model fit on train/ only,
#: nine converters) mean of 18 0.88662 -> 0.88668, snippets pooled 0.87528 -> 0.87537
#: (German 0.87557 -> 0.87569), dev pooled 0.90582 -> 0.90583.  From two runs, forums
#: gained more (+0.009/+0.012/+0.010) but collections lost up to 0.0025 and products up
#: to 0.004; without the gate on strong paragraphs a listing or a shop's page lost its
#: list of items (listings -0.004, products -0.004 on one draw); from 0.05 or 0.08 of the
#: weight less was gained.
THREAD_RUNS, THREAD_SHARE, THREAD_PROSE = 3, 0.03, 0.7


def _main(groups: list[list[Block]]) -> list[bool]:
    """Whether each run is the main one (the heaviest, :func:`_mass`) or weighs at
    least :data:`SECOND_RUN_SHARE` of it (on a thread, :data:`THREAD_SHARE` for a run
    of prose; above it and holding long prose, :data:`EARLY_SHARE`)."""
    if len(groups) < 2:  # a lone run is the main one, whatever it weighs
        return [True] * len(groups)
    masses = [_mass(r) for r in groups]
    top = max(masses)
    main = [mass >= SECOND_RUN_SHARE * top for mass in masses]
    if THREAD_RUNS and _thread(groups, main):
        least = THREAD_SHARE * top
        main = [m or (mass >= least and _prose_run(run)) for m, mass, run in zip(main, masses, groups, strict=True)]
    if EARLY_SHARE:
        heaviest, early = masses.index(top), EARLY_SHARE * top
        main = [
            m or (i < heaviest and mass >= early and _long_prose(groups[i]))
            for i, (m, mass) in enumerate(zip(main, masses, strict=True))
        ]
    return main


def _thread(groups: list[list[Block]], main: list[bool]) -> bool:
    """Whether the runs ``main`` takes are a thread's posts (see :data:`THREAD_RUNS`)."""
    if sum(main) < THREAD_RUNS:
        return False
    kept = [b for run in compress(groups, main) for b in run]
    return sum(map(_good_paragraph, kept)) > LIST_STRONG_MAX


def _prose_run(run: list[Block]) -> bool:
    """Whether :data:`THREAD_PROSE` of the run's characters are in blocks that read as
    body alone (:func:`_strong`), and it has one."""
    strong = [b for b in run if _strong(b)]
    return bool(strong) and _chars(strong) >= THREAD_PROSE * _chars(run)


def _long_prose(run: list[Block]) -> bool:
    """Whether ``run`` holds a paragraph of prose of :data:`EARLY_WORDS` words or more."""
    return any("prose" in b.features and _words(b) >= EARLY_WORDS for b in run)


def _parts(blocks: list[Block], mark: bytearray) -> tuple[list[Block], list[Block]]:
    """The blocks ``mark`` takes and the others, each in order: taken a stretch of
    equal marks at a time, as slices (a page has a few)."""
    taken: list[Block] = []
    others: list[Block] = []
    start = 0
    while start < len(blocks):
        value = mark[start]
        end = mark.find(value ^ 1, start)
        if end < 0:
            end = len(blocks)
        (taken if value else others).extend(blocks[start:end])
        start = end
    return taken, others


#: A kept block of at least this many words whose text a kept block above it already
#: has goes, and the body is chosen again without it: a quoted post, a description
#: shown again in a tab or a second layout, a review or a notice repeated down the
#: page.  The reader has the text once.  0 turns it off.
#: Measured (fold models that never saw the page's sites, wcxb pages of train/, three
#: site groups): all 1,246 pages +0.0047 F1 (products +0.018, forums +0.013, collections
#: +0.005, services +0.005, articles +0.003, listings +0.002, documentation -0.0045); held
#: out (model fit on train/ only, bs4 and html_text) dev +0.0008 (scrapinghub +0.0075,
#: L3S -0.0013 and CleanPortalEval -0.0026: pages whose gold holds the text twice),
#: snippets micro +0.0002; snippet pages whose body changes when cleaned again 32 -> 33.
#: (Without choosing again: from 3 words the pages gained +0.0059 and documentation lost
#: 0.006; from 12, +0.0040; only texts that occur twice, +0.0034.)
REPEAT_WORDS = 8


def _repeats(blocks: list[Block], mark: bytearray) -> list[Block]:
    """The marked blocks whose text a marked block above them has (see
    :data:`REPEAT_WORDS`)."""
    seen: set[str] = set()
    out = []
    for block in compress(blocks, mark):
        # (_words of each, looked up here: this runs over every kept block of every page)
        if block.features.get("words", 0.0) < REPEAT_WORDS:
            continue
        # (the normalize step made each run of spaces one space; a str keeps its hash)
        if block.text in seen:
            out.append(block)
        else:
            seen.add(block.text)
    return out


#: On text, a stretch of at least LIST_RUN blocks right next to the body (above or below
#: it), each scored at least LIST_EDGE_MIN by the context pass and matching no lexicon
#: phrase, joins it, on a page whose body holds at most LIST_STRONG_MAX blocks of
#: prose that read as body alone (first class ``good``, :data:`TRIM_WORDS` words or
#: more): the items of a listing or a collection (a name, a line of description, a
#: price) score low one by one, under the bar that lets a block join a run, and the
#: short ones stop a run's growth; but they come many in a row, each above the menu's
#: near-zero scores.  On an article (more strong paragraphs) the stretch after the
#: text is a list of teasers, a sidebar or a selector of names.  0 turns it off.
#: Measured (fold models that never saw the page's sites, wcxb pages of train/, three
#: seeds): all 1,246 pages +0.0020, +0.0005 and +0.0011 F1, listings +0.015, +0.008
#: and +0.011, collections +0.005, +0.0005 and +0.006, no type below -0.001; held out
#: (model fit on train/ only, bs4 and html_text text) dev pooled +0.0014, snippets micro
#: +0.0012.  Without the gate listings gained more (+0.017) but held out dev lost
#: 0.0013 (a list of company names, a sidebar of categories or of the most read
#: stories under a news article); with at most 5 strong paragraphs the pages gained
#: +0.0029/+0.0014/+0.0015 and dev lost 0.0002.
LIST_RUN, LIST_EDGE_MIN, LIST_STRONG_MAX = 10, 0.1, 2
#: On such a page, a gap of at least LIST_GAP blocks between two stretches of the body,
#: below its first block of strong prose (:func:`_strong`; anywhere on a page of none),
#: each block scored at least LIST_GAP_MIN and matching no lexicon phrase, joins it
#: however short the gap: the entries of a listing that the body's own stretches stand
#: around (a name, a price, a line of description, too short to join a run), which a
#: stretch that had to be LIST_RUN long left out.  Gaps of one or two blocks stay out
#: (a date or a byline between a headline and its text), and so do the lines between a
#: headline and the first paragraph (a reviewer's name, count and stars).  0 turns it off.
#: Measured (fold models that never saw the page's sites, wcxb pages of train/, draws
#: base_s1/rule_s2/rule_s3): all 1,246 pages +0.0003/+0.0001/+0.0003 F1 (listings
#: +0.0035/+0.0009/+0.0028, collections +0.0004/-0.0004/+0.0000, products
#: +0.0007/+0.0003/+0.0009, no type below -0.0004); held out (model fit on train/ only,
#: nine converters) mean of 18 0.88661 -> 0.88662, dev pooled 0.90580 -> 0.90582,
#: snippets pooled 0.87527 -> 0.87528 (German 0.87556 -> 0.87557), markdown snippets
#: 0.8905 -> 0.8907.  At LIST_GAP_MIN 0.05 the pages gained more (listings +0.007/
#: +0.000/+0.003) but the snippets lost 0.00002 to 0.00005 (a brand's list of product
#: lines inside a shop's page joined); gaps of one block too cost the snippets 0.0004
#: (bs4 and html_text: a date line under a headline joined).
LIST_GAP, LIST_GAP_MIN = 3, 0.1


def _list_item(block: Block, least: float) -> bool:
    """A block scored at least ``least`` that a stretch of items may hold (see
    :data:`LIST_RUN`, :data:`LIST_EDGE_MIN`; a gap of them between two stretches of the
    body, :data:`LIST_GAP_MIN`)."""
    return block.score >= least and block.label in _PLAIN_LABELS


def _good_paragraph(block: Block) -> bool:
    """A paragraph of :data:`TRIM_WORDS` words that the first pass reads as body (class
    ``good`` only, where :func:`_strong` takes ``near-good`` too): what the list and
    thread rules count, as they were measured."""
    return block.first_class == "good" and _words(block) >= TRIM_WORDS


def _few_strong(blocks: list[Block], mark: bytearray) -> bool:
    """Whether the marked blocks hold at most :data:`LIST_STRONG_MAX` strong paragraphs
    (:func:`_good_paragraph`)."""
    count = 0
    for block in compress(blocks, mark):
        if _good_paragraph(block):
            count += 1
            if count > LIST_STRONG_MAX:
                return False
    return True


def _grow_lists(blocks: list[Block], mark: bytearray) -> None:
    """Mark, in place, each stretch of list items next to the marked body (see
    :data:`LIST_RUN`) and each gap of them inside it (:data:`LIST_GAP`)."""
    n = len(blocks)
    if not n or not _few_strong(blocks, mark):
        return
    # where each marked stretch begins and ends, taken from the mask before it grows
    edges: list[tuple[int, int]] = []
    start = mark.find(1)
    while start >= 0:
        end = mark.find(0, start)
        if end < 0:
            end = n
        edges += [(start - 1, -1), (end, 1)]
        start = mark.find(1, end)
    strong = _first_strong_marked(blocks, mark)  # a gap joins only below it
    for first, step in edges:
        if LIST_GAP:
            # a gap of items that ends at another marked stretch joins whole (walked
            # once: from the other side the gap is marked by then)
            i = first
            while 0 <= i < n and not mark[i] and _list_item(blocks[i], LIST_GAP_MIN):
                i += step
            lo, hi = (first, i) if step > 0 else (i + 1, first + 1)
            if 0 <= i < n and mark[i] and hi - lo >= LIST_GAP and lo > strong:
                mark[lo:hi] = b"\x01" * (hi - lo)
                continue
        items = []
        i = first
        while 0 <= i < n and not mark[i] and _list_item(blocks[i], LIST_EDGE_MIN):
            items.append(i)
            i += step
        if len(items) >= LIST_RUN:
            for i in items:
                mark[i] = 1


#: On text, a line of at most RECORD_WORDS words that stands at least RECORD_TIMES times
#: on the page outside the body, at a steady interval (the median gap between two of
#: its places at least 2 and at most RECORD_GAP blocks, no gap more than RECORD_SPREAD
#: times the median), cuts the page into records: the posts of a thread between their
#: tools ("Reply", "Quote", "Add to quote") or author lines, the items of a grid between
#: their "Add to cart" buttons.  Where the body as chosen holds at least half of its
#: characters in the stretch the records cover (from one median gap before the first
#: place to one past the last) and strong prose (:func:`_strong`) in two records or
#: more, the whole series is the body: each
#: block in the stretch scored at least RECORD_MIN by the context pass, matching no
#: lexicon phrase and not itself a short line that stands twice or more, joins it.  The
#: context pass scores a short post or an item's line low, and the chrome between two
#: posts is longer than the gaps a run bridges, so the body was one post or two.  An
#: article with a byline over it and teasers with bylines below has its body in one
#: record only and stays as it was.  0 turns it off.
#: Measured (fold models that never saw the page's sites, wcxb pages of train/, draws
#: base_s1/rule_s2/rule_s3): all 1,246 pages +0.0026/+0.0039/+0.0036 F1 (forums
#: +0.020/+0.039/+0.030, collections +0.010/+0.007/+0.013, listings +0.005/+0.005/+0.003,
#: articles +0.0004/+0.0004/+0.0007, the others within 0.0001 up or down); held out
#: (model fit on train/ only, nine converters) mean of 18 0.8866 -> 0.8873, snippets
#: pooled 0.8753 -> 0.8762 (German 0.8756 -> 0.8769), dev pooled 0.9058 -> 0.9057.
#: Counting any block of the body in a record, not only strong prose, took a news page's
#: teasers, each under its "By" line, into an article whose body had kept one of them;
#: no gap more than 4 times the median (not 3), services lost 0.0004.
RECORD_TIMES, RECORD_WORDS, RECORD_GAP, RECORD_SPREAD, RECORD_MIN = 4, 8, 20, 3, 0.2


def _grow_records(blocks: list[Block], mark: bytearray) -> None:
    """Mark, in place, the blocks of a series of records the body lies in (see
    :data:`RECORD_TIMES`)."""
    n = len(blocks)
    # (features looked up here and the texts compared as they are: this runs on every page)
    texts = [b.text if b.features.get("words", 0.0) <= RECORD_WORDS else "" for b in blocks]
    times = Counter(texts)
    times.pop("", None)
    if not any(count >= RECORD_TIMES for count in times.values()):
        return  # most pages: no short line stands that often
    places: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        if text and not mark[i] and times[text] >= RECORD_TIMES:
            places.setdefault(text, []).append(i)
    series = [at for at in places.values() if len(at) >= RECORD_TIMES]
    if not series:
        return
    # the body's blocks, the characters before each of them, and its blocks of strong prose
    body = list(compress(range(n), mark))
    chars = list(accumulate((len(blocks[i].text) for i in body), initial=0))
    strong = [i for i in body if _strong(blocks[i])]
    if not chars[-1]:
        return
    # the stretches to grow over, as +1 where one opens and -1 past its end: many series
    # of one page may cover the same blocks, each is written once (linear in the page)
    opens = [0] * (n + 1)
    grown = False
    for at in series:
        gaps = sorted(b - a for a, b in pairwise(at))
        gap = gaps[len(gaps) // 2]
        if not 2 <= gap <= RECORD_GAP or gaps[-1] > RECORD_SPREAD * gap:
            continue
        lo, hi = max(0, at[0] - gap), min(n, at[-1] + gap + 1)
        if 2 * (chars[bisect_left(body, hi)] - chars[bisect_left(body, lo)]) < chars[-1]:
            continue
        # strong prose of the body in two records or more (the stretches between two
        # places, and the ends; a record is told by the places above it): the record of
        # the stretch's first block of strong prose is not that of its last
        first, last = bisect_left(strong, lo), bisect_left(strong, hi) - 1
        if last <= first or bisect_left(at, strong[first]) == bisect_left(at, strong[last]):
            continue
        opens[lo] += 1
        opens[hi] -= 1
        grown = True
    if not grown:
        return
    for i, depth in enumerate(accumulate(opens[:n])):
        if not depth or mark[i]:
            continue
        block = blocks[i]
        if block.score >= RECORD_MIN and block.label in _PLAIN_LABELS and times.get(texts[i], 0) < 2:
            mark[i] = 1


#: A line of at most SECTION_WORDS words that reads as a heading (:func:`heading_like`),
#: whose lexicon phrase names a section of its own (:data:`SECTION_LABELS`: "Related
#: articles", "Leave a comment", "Sign up for our newsletter"), once on the page and below a
#: block of strong prose of the body, opens a section that is no body: it and the blocks
#: of the body after it leave, up to the next block of strong prose (:func:`_strong`) or
#: kept heading, where the body goes on; the teasers, the comment form or the sign-up box
#: between are short lines the context pass kept for their neighbours.  Only where what
#: would go has at most SECTION_SHARE of the characters of the body above it: a list of
#: short items after a few lines of introduction (an index under a letter bar with "See
#: also", a listing) is the body.  A line that stands more than once on the page is a
#: link under each item ("Read more", "Reply"), no section's title.  0 turns it off.
#: Measured (fold models that never saw the page's sites, wcxb pages of train/, seeds
#: 1/2/3): all 1,246 pages +0.0007/+0.0009/+0.0007 F1 (forums +0.0017/+0.0036/+0.0030,
#: products +0.0004/+0.0019/+0.0020, collections +0.0009/+0.0023/+0.0006, articles
#: +0.0006/+0.0007/+0.0007, listings +0.0019/+0.0001/-0.0013, services and documentation
#: within 0.0002); held out (model fit on train/ only, bs4 and html_text) dev pooled
#: 0.9206 -> 0.9215, snippets micro 0.8836 -> 0.8847 (German 0.8826 -> 0.8836).  Ending
#: the run at such a heading instead (all that follows it goes) cost collections 0.010
#: and cut articles whose heading stood over a carousel the text lacks; without the
#: share, an encyclopedia's index lost its list (listings -0.005); more than once on the page
#: too, products and services lost 0.001 to 0.002; with the share phrases as well, or
#: up to the next block that reads as body alone whatever its words, less was gained.
SECTION_LABELS = frozenset(("related", "comments", "newsletter"))
SECTION_WORDS, SECTION_SHARE = 8, 1.0


def _close_sections(blocks: list[Block], mark: bytearray) -> None:
    """Unmark the sections of the body that a boilerplate section heading opens (see
    :data:`SECTION_LABELS`)."""
    # the lines that carry a section's phrase (a few a page), and how often each stands
    named = [i for i, b in enumerate(blocks) if b.label in SECTION_LABELS]
    if not named:
        return
    times = Counter(blocks[i].text.casefold() for i in named)
    first = mark.find(1)
    start = _first_strong_marked(blocks, mark)  # a section opens only below it
    if first < 0 or start < 0:
        return
    end = mark.rfind(1) + 1
    # the body's characters before each block, as marked now: a section closes only
    # after the ones before it, so the characters it took away are subtracted, and the
    # page is summed once, not once per heading (a page of many headings stays linear)
    chars = list(accumulate((len(b.text) if m else 0 for b, m in zip(blocks, mark, strict=True)), initial=0))
    closed = 0  # the characters of the sections closed so far
    done = start  # where the last section closed
    for i in named:
        block = blocks[i]
        if i <= done or i >= end or times[block.text.casefold()] > 1:
            continue
        if _words(block) > SECTION_WORDS or not heading_like(block):
            continue
        j = i + 1
        while j < end and not (mark[j] and (_strong(blocks[j]) or blocks[j].heading)):
            j += 1
        above = chars[i] - chars[first] - closed
        cut = chars[j] - chars[i]
        if cut <= SECTION_SHARE * above:
            mark[i:j] = bytes(j - i)
            closed += cut
        done = j - 1


def _keep(kept: list[Block]) -> None:
    """Put the blocks of the body in it, saying why."""
    for block in kept:
        block.keep = True
        block.final_class = "good"
        if block.heading:
            block.label, block.reason = "heading", "subheading before body"
        else:
            block.label = "body"
            block.reason = "body text" if block.first_class in _ALONE else "body by context"


def _drop(dropped: list[Block]) -> None:
    """Leave the other blocks out, saying why where the earlier steps read them as body."""
    for block in dropped:
        block.keep = False
        if block.final_class == "good":
            block.reason = "outside the main body"
        elif block.first_class in _ALONE:
            block.reason = "boilerplate by context"
        block.final_class = "bad"
        if block.label in _UNLABELLED:
            block.label = "boilerplate"


@register("select")
class SelectBody(Step):
    """Keep the main body run (and runs of a share of its weight); label title and subheadings."""

    name = "select"

    def __call__(self, doc: Document) -> None:
        blocks: list[Block] = [b for b in doc.blocks if not b.vetoed]
        kept_runs, mark = self._select(blocks, doc)
        repeats = _repeats(blocks, mark) if REPEAT_WORDS else []
        if repeats:
            # the body chosen again without them, as cleaning the body again would
            # read it (a heading over a repeat now heads nothing, a run may end sooner)
            for block in repeats:
                block.drop("repeats a block above", "boilerplate", veto=True)
            # a line the context step kept as the heading of a repeat heads nothing now
            for before, block in pairwise(blocks):
                if block.vetoed and not before.vetoed:
                    before.heading = False
            blocks = [b for b in blocks if not b.vetoed]
            kept_runs, mark = self._select(blocks, doc)
        kept, others = _parts(blocks, mark)
        _keep(kept)
        _drop(others)
        # where no filter dropped a block, the body is the blocks kept here but a title
        # left out (else a block a filter dropped may have been kept again: count)
        left_out = self._title(kept, doc)
        count = len(kept) - left_out if len(blocks) == len(doc.blocks) else len(doc.kept)
        doc.report(self.name, f"kept {count} of {len(doc.blocks)} block(s) in {kept_runs} run(s)")

    @staticmethod
    def _select(blocks: list[Block], doc: Document) -> tuple[int, bytearray]:
        """The body among ``blocks`` (none vetoed): how many runs it keeps, and a mask
        over ``blocks`` of its blocks."""
        # on HTML input the markup step revises the edges by the HTML
        joins = prose if doc.markup is not None else not_ruled_out
        locate = _locator(blocks)

        def bridged(a: Block, b: Block) -> int:
            # the blocks a run bridged between two of its blocks that will join it
            between = blocks[locate(a) + 1 : locate(b)]
            return sum(1 for x in between if x.final_class != "good" and joins(x))

        # each run, trimmed, with the positions of its blocks
        spans = []
        last = len(blocks) - 1
        for at in _run_positions(blocks, doc.config.max_gap):
            run = _at(blocks, at)
            start, end = _trim_bounds(run, bridged)
            if PAGE_END_MIN and end == len(run) - 1 and at[-1] == last and run[-1].score >= PAGE_END_MIN:
                end += 1  # the page's last block, sure by context (see PAGE_END_MIN)
            spans.append((at[start:end], run[start:end]))
        kept_runs = list(compress(spans, _main([run for _, run in spans])))
        mark = _mask_at([at for at, _ in kept_runs], blocks, joins)
        if SECTION_SHARE:
            _close_sections(blocks, mark)
        if joins is not_ruled_out:  # on text (on HTML the markup step revises the edges)
            if LIST_RUN:
                _grow_lists(blocks, mark)
            if RECORD_TIMES:
                _grow_records(blocks, mark)
        return len(kept_runs), mark

    @staticmethod
    def _title(kept: list[Block], doc: Document) -> int:
        """Label kept heading-like lines (``kept``: the kept blocks, in order): the first
        one above the body is the title.  Returns how many blocks it left out (the title
        with ``keep_title=False``)."""
        lengths = [len(b.text) for b in kept]
        left_out = 0
        # a candidate is shorter than the kept block after it
        for i in [i for i in range(len(kept) - 1) if lengths[i] < lengths[i + 1]]:
            block = kept[i]
            if not heading_like(block):
                continue
            if i == 0:
                block.label, block.reason = "title", "headline above the body"
                if not doc.config.keep_title:
                    block.drop("headline left out (keep_title=False)", veto=True)
                    left_out = 1
            else:
                block.label, block.reason = "heading", "subheading before body"
        return left_out
