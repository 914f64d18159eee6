"""Revise the body by what the page's HTML says: links, page regions, block tags.

Only for a page that came as HTML (:func:`cleantext.clean_html`, ``--html``): the
text carries, line for line, what :func:`cleantext.markup.html_lines` read from the
HTML (the share of a line inside links, inside ``<nav>``, ``<footer>``, ``<article>``,
inside elements whose class names a boilerplate or a content region, inside headings,
list items, table cells, ...).  A small model (``data/model/markup.json``, fit by
``training/train_markup.py``: small networks, numpy at run time) reads each block's decision so far, its two scores and
these shares, whether the block sits inside the page element that holds most of
the body, its neighbours' decisions and how much of the text around it in the page's
tree is kept (:func:`container_shares`); where it disagrees with the decision, the block is dropped or kept, with the
HTML sign that weighed most as the reason.  It reads the blocks again with the body as
it left it (the main element and what the body is made of move with it), up to
:data:`PASSES` times, and a heading whose section it emptied goes too
(:func:`headings_over_nothing`).  On plain text the step does nothing.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import numpy as np

from ..document import Block, Document
from ..markup import COLUMNS, HtmlText
from ..model import Stage
from ..pipeline import Step, register

#: A block is kept when the model's probability reaches this.
THRESHOLD = 0.5
#: How often the model reads the blocks at most: the rows of a second pass read the body
#: as the first left it (the main element, what the body is made of), and so on until
#: the decisions no longer change.
PASSES = 3
#: The shares of the body's characters the "main element" must hold (the deepest
#: element that holds at least this share of the kept text).
MAIN_SHARES = (0.8, 0.5)
#: The columns of a block's row, in the order the model reads them.
FEATURES: tuple[str, ...] = (
    "kept",
    "logit_score",
    "logit_first_score",
    "log_chars",
    *COLUMNS,
    *(f"kept*{name}" for name in COLUMNS),
    "in_main_80",
    "in_main_50",
    "kept*in_main_80",
    "like_body",
    *(f"body*{name}" for name in COLUMNS),
    "prev_kept",
    "next_kept",
    "up1_kept",
    "up2_kept",
    "up3_kept",
    "up2_log_chars",
    "up2_share",
)
_IN_MAIN = [FEATURES.index(name) for name in ("in_main_80", "in_main_50", "kept*in_main_80")]
_READABLE = {
    "link": "link text",
    "nav": "inside <nav>",
    "header": "inside <header>",
    "footer": "inside <footer>",
    "aside": "inside <aside>",
    "article": "inside <article>/<main>",
    "boilerplate_attr": "in a boilerplate region (class/id)",
    "content_attr": "in a content region (class/id)",
    "comment_attr": "in a comments region (class/id)",
    "heading": "a heading",
    "list_item": "a list item",
    "cell": "a table cell",
    "paragraph": "a paragraph",
    "pre": "preformatted text",
    "quote": "a quotation",
    "form": "a form",
    "figure": "a figure or caption",
    "meta": "a byline or date",
    "densest": "inside the element whose paragraphs weigh most",
    "in_main": "inside the element that holds the body",
}


@lru_cache(maxsize=1)
def load_markup_model() -> Stage:
    """The shipped markup model (read once; it is immutable)."""
    import json

    path = resources.files("cleantext") / "data" / "model" / "markup.json"
    stage = Stage.from_dict(json.loads(path.read_text(encoding="utf-8")))
    if stage.features != FEATURES:
        raise ValueError("data/model/markup.json was fit on other features; refit it with training/train_markup.py")
    return stage


def _logit(p: np.ndarray) -> np.ndarray:
    q = np.clip(p, 1e-4, 1 - 1e-4)
    result: np.ndarray = np.log(q / (1 - q))
    return result


def _main_element(owner: np.ndarray, weight: np.ndarray, ends: np.ndarray, share: float) -> int:
    """The deepest element (preorder number) that holds at least ``share`` of the
    weight of the blocks (``owner``: each block's element), or -1."""
    known = owner >= 0
    total = float(weight[known].sum())
    if total <= 0:
        return -1
    own = np.bincount(owner[known], weight[known], minlength=len(ends))
    # an element's subtree is the preorder range [e, ends[e]): its weight by cumulative sums
    cum = np.concatenate(([0.0], np.cumsum(own)))
    held = cum[ends] - cum[: len(ends)]
    qualifying = np.flatnonzero(held >= share * total - 1e-9)
    return int(qualifying[-1]) if len(qualifying) else -1


#: How many characters of the text around a block, kept and dropped evenly, go into the
#: kept share of its containers (:func:`container_shares`) besides the text they hold.
CONTAINER_PRIOR = 50.0
#: How many containers up from a block's element :func:`container_shares` reads.
CONTAINER_LEVELS = 3


def container_shares(
    parents: np.ndarray, ends: np.ndarray, owner: np.ndarray, kept: np.ndarray, size: np.ndarray
) -> np.ndarray:
    """For each block (its element ``owner``, its decision ``kept``, its ``size`` in
    characters): the kept share of the other blocks' characters inside the parent of its
    element, the grandparent and the one above (:data:`CONTAINER_LEVELS` columns; an even
    :data:`CONTAINER_PRIOR` characters come on top, so an empty container reads 0.5),
    and, for the grandparent, the log of the other blocks' characters in it and the
    block's share of all of them (2 columns more).

    A short line of the article (an ingredient, a list item, a caption) sits with the
    article's kept paragraphs in one container; a teaser or a share bar's line sits
    among lines the text steps dropped.  ``parents`` and ``ends``: the page's elements
    (:class:`cleantext.markup.HtmlText`); a block of no element (-1) has no containers.
    """
    known = owner >= 0
    own = np.where(known, owner, 0)
    chars = np.where(known, size, 0.0)
    kept_chars = chars * kept
    # an element's subtree is the preorder range [e, ends[e]): its characters by cumulative sums
    every = np.concatenate(([0.0], np.cumsum(np.bincount(own, chars, minlength=len(ends)))))
    held = np.concatenate(([0.0], np.cumsum(np.bincount(own, kept_chars, minlength=len(ends)))))
    columns = []
    container = np.where(known, own, -1)
    for level in range(1, CONTAINER_LEVELS + 1):
        container = np.where(container >= 0, parents[np.maximum(container, 0)], -1)
        c = np.maximum(container, 0)
        has = container >= 0
        others = np.where(has, np.maximum(every[ends[c]] - every[c] - chars, 0.0), 0.0)
        others_kept = np.where(has, np.maximum(held[ends[c]] - held[c] - kept_chars, 0.0), 0.0)
        columns.append((others_kept + 0.5 * CONTAINER_PRIOR) / (others + CONTAINER_PRIOR))
        if level == 2:
            grand = others
    columns.append(np.log1p(grand))
    columns.append(size / (grand + size + 1.0))
    return np.column_stack(columns)


def neighbours_kept(kept: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each block's neighbours' decisions: the block before and the block after (0 at the ends)."""
    return np.concatenate(([0.0], kept[:-1])), np.concatenate((kept[1:], [0.0]))


def block_rows(doc: Document, page: HtmlText, blocks: list[Block], first: np.ndarray) -> np.ndarray:
    """The model's rows (:data:`FEATURES`) for ``blocks`` (with first-pass scores
    ``first``): each block's shares are the character-weighted mean over its input lines."""
    source = doc.source_lines if doc.source_lines is not None else doc.lines()
    n = len(source)
    lo = np.fromiter((b.first_line for b in blocks), dtype=np.int64, count=len(blocks))
    hi = np.fromiter((b.last_line for b in blocks), dtype=np.int64, count=len(blocks))
    if doc.origin is not None:
        spans = np.asarray(doc.origin, dtype=np.int64)
        lo, hi = spans[lo, 0], spans[hi, 1]
    hi = np.minimum(hi, n - 1)
    length = np.fromiter(map(len, source), dtype=np.float64, count=n)
    weighted = np.zeros((n + 1, len(COLUMNS)))
    np.cumsum(page.rows[:n] * length[:, None], axis=0, out=weighted[1:])
    chars = np.concatenate(([0.0], np.cumsum(length)))
    total = chars[hi + 1] - chars[lo]
    hints = (weighted[hi + 1] - weighted[lo]) / np.maximum(total, 1.0)[:, None]
    # a block's element: that of its longest line
    owner = page.elements[lo]
    for i in np.flatnonzero(hi > lo).tolist():
        span = slice(int(lo[i]), int(hi[i]) + 1)
        owner[i] = page.elements[span][int(np.argmax(length[span]))]
    kept = np.fromiter((b.keep for b in blocks), dtype=np.float64, count=len(blocks))
    score = np.fromiter((b.score for b in blocks), dtype=np.float64, count=len(blocks))
    size = np.fromiter((len(b.text) for b in blocks), dtype=np.float64, count=len(blocks))
    inside = []
    for share in MAIN_SHARES:
        main = _main_element(owner, size * kept, page.ends, share)
        if main < 0:
            inside.append(np.zeros(len(blocks)))
        else:
            inside.append(((owner >= main) & (owner < page.ends[main])).astype(np.float64))
    # what the body so far is made of: a block like it (a post of a thread, an item of
    # a listing) reads differently from one that only shares a tag with it
    mass = size * kept
    body = mass @ hints / max(float(mass.sum()), 1.0)
    like_body = 1.0 - np.abs(hints - body).mean(axis=1)
    return np.column_stack(
        [
            kept,
            _logit(score),
            _logit(first),
            np.log1p(size),
            hints,
            hints * kept[:, None],
            *inside,
            inside[0] * kept,
            like_body,
            hints * body,
            *neighbours_kept(kept),
            container_shares(page.parents, page.ends, owner, kept, size),
        ]
    )


def markup_rows(doc: Document) -> tuple[list[Block], np.ndarray, str]:
    """The blocks the step reads (classified, not vetoed) and their rows; or no blocks
    and why not: ``no HTML``, ``no blocks``, or lines that do not match the HTML's."""
    none = np.zeros((0, len(FEATURES)))
    page = doc.markup
    if page is None:
        return [], none, "no HTML"
    classified: list[Block] = doc.scratch.get("classified", [])
    blocks = [b for b in classified if not b.vetoed]
    source = doc.source_lines if doc.source_lines is not None else doc.lines()
    if not blocks or len(page.rows) != len(source):
        return [], none, "no blocks" if not blocks else "the HTML's lines do not match the text"
    position = {id(b): i for i, b in enumerate(classified)}
    first_all = doc.scratch["p1"]
    first = np.asarray([first_all[position[id(b)]] for b in blocks], dtype=np.float64)
    return blocks, block_rows(doc, page, blocks, first), ""


#: For each sign :func:`_reasons` can name: the row's columns that carry it.
_SIGNS: dict[str, list[int]] = {
    **{name: [i for i, f in enumerate(FEATURES) if f in (name, f"kept*{name}", f"body*{name}")] for name in COLUMNS},
    "in_main": _IN_MAIN,
}


def _reasons(stage: Stage, rows: np.ndarray, keep: list[bool]) -> list[str]:
    """For each row, the HTML sign that weighed most for its new decision (``keep``):
    a share the block has (``inside <footer>``), or one it lacks (``not inside
    <article>/<main>``).  A sign weighs what the model's probability moves when its
    columns are set to their mean (one call of the model for all rows)."""
    names = list(_SIGNS)
    probe = np.repeat(rows, len(names) + 1, axis=0).reshape(len(rows), len(names) + 1, rows.shape[1])
    for k, name in enumerate(names, start=1):
        probe[:, k, _SIGNS[name]] = stage.mean[_SIGNS[name]]
    p = stage.predict(probe.reshape(-1, rows.shape[1])).reshape(len(rows), len(names) + 1)
    effect = p[:, :1] - p[:, 1:]
    out = []
    for row, now, weigh in zip(rows, keep, effect, strict=True):
        name = names[int(np.argmax(weigh))] if now else names[int(np.argmin(weigh))]
        column = FEATURES.index("in_main_50") if name == "in_main" else FEATURES.index(name)
        if row[column] >= stage.mean[column]:
            out.append(f"its HTML: {_READABLE[name]}")
        elif name == "in_main":
            out.append("its HTML: outside the element that holds the body")
        else:
            out.append(f"its HTML: not {_READABLE[name]}")
    return out


#: A block is a heading of the page when at least this share of its characters sit in
#: ``<h1>``-``<h6>``.
HEADING_SHARE = 0.5
_HEADING = FEATURES.index("heading")
_HEADS_NOTHING = "its HTML: a heading over no kept block"


def headings_over_nothing(keep: list[bool], heading: list[bool]) -> list[int]:
    """The kept headings (``heading``: each block is one) that head nothing: no block of
    the section under them, up to the next heading, is kept (``keep``).  Headings one
    right after another (a headline over its subtitle) head the section under the last.

    A heading goes with its section: a "Related articles" or "More from the region"
    over teasers the model dropped, a comment form's title over its fields.  As
    :func:`cleantext.filters.select.trim` drops a heading at the end of a run whose
    block went, this drops one anywhere in the body once the HTML emptied its section.
    """
    n, out = len(keep), list[int]()
    i = 0
    while i < n:
        if not heading[i]:
            i += 1
            continue
        group_end = i
        while group_end < n and heading[group_end]:
            group_end += 1
        section_end = group_end
        while section_end < n and not heading[section_end]:
            section_end += 1
        if not any(keep[group_end:section_end]):
            out.extend(h for h in range(i, group_end) if keep[h])
        i = group_end
    return out


@register("markup")
class Markup(Step):
    """Keep or drop blocks by what the page's HTML says (on HTML input only)."""

    name = "markup"

    def __call__(self, doc: Document) -> None:
        blocks, rows, unread = markup_rows(doc)
        if unread:
            doc.report(self.name, unread)
            return
        stage = load_markup_model()
        before = [block.keep for block in blocks]
        keep = (stage.predict(rows) >= THRESHOLD).tolist()
        # read again with the body as the step left it: where it was far from select's,
        # the main element and what the body is made of move with it
        for _ in range(PASSES - 1):
            if keep == [block.keep for block in blocks]:
                break
            for block, now in zip(blocks, keep, strict=True):
                block.keep = now
            rows = markup_rows(doc)[1]
            keep = (stage.predict(rows) >= THRESHOLD).tolist()
        for block, was in zip(blocks, before, strict=True):
            block.keep = was
        heads = headings_over_nothing(keep, (rows[:, _HEADING] >= HEADING_SHARE).tolist())
        for i in heads:
            keep[i] = False
        changed = [i for i, (block, now) in enumerate(zip(blocks, keep, strict=True)) if now != block.keep]
        if not changed:
            doc.report(self.name, "0 block(s) dropped and 0 kept by their HTML")
            return
        reasons = _reasons(stage, rows[changed], [keep[i] for i in changed])
        headless = set(heads)
        reasons = [_HEADS_NOTHING if i in headless else r for i, r in zip(changed, reasons, strict=True)]
        dropped = added = 0
        for i, reason in zip(changed, reasons, strict=True):
            block, now = blocks[i], keep[i]
            if now:
                block.keep, block.final_class, block.reason = True, "good", reason
                if block.label not in ("heading", "title"):
                    block.label = "body"
                added += 1
            else:
                block.keep, block.final_class, block.reason = False, "bad", reason
                if block.label in ("body", "heading", "title", ""):
                    block.label = "boilerplate"
                dropped += 1
        doc.report(self.name, f"{dropped} block(s) dropped and {added} kept by their HTML")
