"""What the HTML says about each line (cleantext.markup) and the step that reads it."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleantext
from cleantext.filters.markup import (
    FEATURES,
    container_shares,
    headings_over_nothing,
    load_markup_model,
    neighbours_kept,
)
from cleantext.fromhtml import html_to_text
from cleantext.markup import COLUMNS, element_weights, html_lines
from test_linear import growth

FIXTURES = Path(__file__).parent / "fixtures"
RAW = (FIXTURES / "article_de.txt").read_text(encoding="utf-8")
EXAMPLE = Path(cleantext.__file__).parent / "examples" / "bridge_en.html"


def col(name: str) -> int:
    return COLUMNS.index(name)


def row_of(page: cleantext.markup.HtmlText, text: str) -> np.ndarray:
    lines = page.text.split("\n")
    return page.rows[lines.index(text)]


PAGE = (
    "<html><head><title>t</title><script>var x = 1;</script></head><body>"
    "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
    "<div class='site-footer__links'><span>Imprint and privacy</span></div>"
    "<div role='navigation'><span>Sections</span></div>"
    "<article><h1>A bridge for the town</h1>"
    "<p>The council met on Tuesday, and <a href='/x'>the mayor</a> spoke.</p>"
    "<ul><li>first point</li></ul><table><tr><td>a cell</td></tr></table>"
    "<pre>x = 1</pre><blockquote>a quote</blockquote></article>"
    "<div id='main-content'><p>More prose here.</p></div>"
    "<footer><p>(c) 2026 The Town</p></footer></body></html>"
)


def test_text_is_what_html_to_text_gives() -> None:
    for page in (PAGE, EXAMPLE.read_text(encoding="utf-8"), "<p>one</p>\n\n<p>two, <b>bold</b>.</p>"):
        converted = html_lines(page)
        assert converted.text == html_to_text(page)
        assert converted.rows.shape == (len(converted.text.split("\n")), len(COLUMNS))
        assert converted.rows.dtype == np.float32
        assert ((converted.rows >= 0) & (converted.rows <= 1)).all()


def test_rows_say_where_each_line_sits() -> None:
    page = html_lines(PAGE)
    nav = row_of(page, "Home News")
    assert nav[col("nav")] == 1 and nav[col("link")] == 1
    assert row_of(page, "Imprint and privacy")[col("boilerplate_attr")] == 1  # "footer" in a class
    assert row_of(page, "Sections")[col("nav")] == 1  # by its ARIA role
    heading = row_of(page, "A bridge for the town")
    assert heading[col("heading")] == 1 and heading[col("article")] == 1 and heading[col("link")] == 0
    prose = row_of(page, "The council met on Tuesday, and the mayor spoke.")
    # "the mayor" is 8 of the line's 41 non-space characters
    assert prose[col("link")] == pytest.approx(8 / 40, abs=1e-6)
    assert prose[col("paragraph")] == 1 and prose[col("nav")] == 0
    assert row_of(page, "first point")[col("list_item")] == 1
    assert row_of(page, "a cell")[col("cell")] == 1
    assert row_of(page, "x = 1")[col("pre")] == 1
    assert row_of(page, "a quote")[col("quote")] == 1
    assert row_of(page, "More prose here.")[col("content_attr")] == 1
    assert row_of(page, "(c) 2026 The Town")[col("footer")] == 1
    # blank lines say nothing
    blank = [i for i, line in enumerate(page.text.split("\n")) if not line]
    assert blank and not page.rows[blank].any()


def test_captions_credits_bylines_and_dates() -> None:
    page = html_lines(
        "<article><figure><img src='b.jpg'><figcaption>The old bridge</figcaption></figure>"
        "<div class='photo-credit'>Picture: the town</div><p class='byline'>By the desk</p>"
        "<time datetime='2026-12-06'>6 December</time><p>Prose.</p></article>"
    )
    assert row_of(page, "The old bridge")[col("figure")] == 1
    assert row_of(page, "Picture: the town")[col("figure")] == 1
    assert row_of(page, "By the desk")[col("meta")] == 1
    assert row_of(page, "6 December")[col("meta")] == 1
    prose = row_of(page, "Prose.")
    assert prose[col("figure")] == prose[col("meta")] == 0 and prose[col("article")] == 1


def test_each_line_knows_its_element_and_elements_their_descendants() -> None:
    page = html_lines(PAGE)
    lines = page.text.split("\n")
    heading = page.elements[lines.index("A bridge for the town")]
    prose = page.elements[lines.index("The council met on Tuesday, and the mayor spoke.")]
    footer = page.elements[lines.index("(c) 2026 The Town")]
    # the <article> holds the heading and the paragraph, not the footer: some element
    # before the heading ends after the paragraph and before the footer
    holders = [e for e in range(heading) if page.ends[e] > prose and page.ends[e] <= footer]
    assert holders
    assert all(page.ends[e] > e for e in range(len(page.ends)))


def test_each_element_knows_its_parent() -> None:
    page = html_lines(PAGE)
    assert page.parents[0] == -1 and len(page.parents) == len(page.ends)
    for e in range(1, len(page.ends)):
        p = int(page.parents[e])
        # the parent holds the element, and no element between them does
        assert 0 <= p < e < page.ends[p]
        assert not any(page.ends[a] > e for a in range(p + 1, e))
    assert (page.head(2).parents == page.parents).all()


def test_container_shares_read_the_decisions_around_a_block() -> None:
    # elements: 0 <body>, 1 <div> (holds 2-6), 2 <ul> (holds 3-5), 3-5 <li>, 6 <p>, 7 <aside>, 8 <p>
    ends = np.array([9, 7, 6, 4, 5, 6, 7, 9, 9])
    parents = np.array([-1, 0, 1, 2, 2, 2, 1, 0, 7])
    owner = np.array([3, 4, 5, 6, 8, -1])
    kept = np.array([0.0, 1.0, 1.0, 1.0, 0.0, 0.0])
    size = np.array([20.0, 20.0, 20.0, 400.0, 300.0, 10.0])
    got = container_shares(parents, ends, owner, kept, size)
    assert got.shape == (6, 5)
    # the first list item: its siblings are kept (parent), and so is the paragraph beside the list (grandparent)
    assert got[0, 0] == pytest.approx((40 + 25) / (40 + 50))
    assert got[0, 1] == pytest.approx((440 + 25) / (440 + 50))
    # up to <body>, the aside's dropped paragraph counts too
    assert got[0, 2] == pytest.approx((440 + 25) / (740 + 50))
    assert got[0, 3] == pytest.approx(np.log1p(440)) and got[0, 4] == pytest.approx(20 / 461)
    # the aside's paragraph: alone in its parent (an even share), its grandparent mostly kept
    assert got[4, 0] == 0.5 and got[4, 1] > 0.8
    # a block of no element has no containers
    assert list(got[5]) == [0.5, 0.5, 0.5, 0.0, pytest.approx(10 / 11)]
    before, after = neighbours_kept(kept)
    assert before.tolist() == [0, 0, 1, 1, 1, 0] and after.tolist() == [1, 1, 1, 0, 0, 0]


def test_marker_characters_in_the_page_and_odd_input() -> None:
    # private-use characters of the page itself are taken out, not read as markers
    page = html_lines("<p>a\U000f0001b and \U00100002c</p>")
    assert page.text == "ab and c"
    assert html_lines("").text == "" and html_lines(" \n ").rows.shape == (0, len(COLUMNS))
    with pytest.raises(TypeError, match="bytes"):
        html_lines(b"<p>x</p>")  # type: ignore[arg-type]
    # line breaks the normalize step would make are spaces, so rows stay line for line
    odd = html_lines("<p>one\u2028two\x85three</p><p>four</p>")
    assert odd.text.split("\n")[0] == "one two three"
    # nesting is walked without recursion: as deep as the HTML parser goes
    deep = "<div>" * 200 + "<p>deep text</p>" + "</div>" * 200
    assert html_lines(deep).text == "deep text"
    deeper = "<div>" * 3000 + "<p>deep text</p>" + "</div>" * 3000
    assert html_lines(deeper).text == html_to_text(deeper)


def test_references_to_control_characters_are_left_out() -> None:
    # "&#26;" decodes to a character XML refuses: lxml would not set a text with it
    html = "<p>The council met &#26;on Tuesday&#x1f;.</p><p>&#65535;Second paragraph.</p>"
    page = html_lines(html)
    assert page.text == html_to_text(html) == "The council met on Tuesday.\n\nSecond paragraph."
    assert page.rows.shape == (3, len(COLUMNS))  # the blank line between the paragraphs too
    assert "council" in cleantext.clean_html(html)


def test_page_class_names_are_not_regions() -> None:
    # the class of <body> names the page's template ("has-sidebar"), not a region of it
    html = "<body class='single-post has-sidebar'><p>A paragraph of the article.</p></body>"
    inside_class = "<div class='sidebar'><p>A paragraph of the article.</p></div>"
    boilerplate = COLUMNS.index("boilerplate_attr")
    assert html_lines(html).rows[0, boilerplate] == 0.0
    assert html_lines(inside_class).rows[0, boilerplate] == 1.0


def test_the_densest_element_grades_its_lines() -> None:
    prose = "<p>A long sentence of the article, with commas, clauses, and more words in it.</p>"
    page = (
        "<html><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav>"
        f"<div class='story'>{prose * 4}</div>"
        "<div class='comments'><p>A reader writes a comment that is long enough to count.</p></div>"
        "<footer><p>(c) 2026 The Town, all rights reserved by the publisher.</p></footer></body></html>"
    )
    converted = html_lines(page)
    grade = converted.rows[:, col("densest")]
    lines = converted.text.split("\n")
    article = lines.index(prose[3:-4])
    assert grade[article] == 1.0
    assert grade[lines.index("Home About")] == 0.0
    comment = grade[lines.index("A reader writes a comment that is long enough to count.")]
    assert 0.0 <= comment < 0.5
    # the page with no paragraph has no densest element
    assert not html_lines("<ul><li>one</li><li>two</li></ul>").rows[:, col("densest")].any()


def test_element_weights_read_paragraphs_and_links() -> None:
    import html_text

    prose = "Words of a paragraph, long enough, with two commas."
    tree = html_text.parse_html(f"<div id='a'><p>{prose}</p></div><div id='b'><p><a href='/'>{prose}</a></p></div>")
    weights = {el.get("id"): w for el, w in element_weights(tree).items() if el.get("id")}
    # 1 + 2 commas, and a div's 5; the paragraph inside a link weighs nothing
    assert weights["a"] == pytest.approx(8.0)
    assert weights["b"] == pytest.approx(0.0)


def test_the_shipped_model_reads_the_step_features() -> None:
    stage = load_markup_model()
    assert stage.features == FEATURES
    assert stage.mean.shape == stage.scale.shape == (len(FEATURES),)


def test_text_input_is_left_alone() -> None:
    doc = cleantext.clean_document(RAW)
    report = {r.step: r.summary for r in doc.reports}
    assert report["markup"] == "no HTML"


def article_page(related: bool) -> str:
    paragraphs = "\n".join(f"<p>{html.escape(line.strip())}</p>" for line in RAW.splitlines() if line.strip())
    teasers = (
        "<aside class='related'><h2>More from the region</h2><ul>"
        + "".join(
            f"<li><a href='/story{i}'>A long teaser headline about story number {i}, which readers "
            f"were also shown on this page, told in a full sentence.</a></li>"
            for i in range(6)
        )
        + "</ul></aside>"
    )
    return f"<html><body><article>{paragraphs}</article>{teasers if related else ''}</body></html>"


def test_html_report_and_teasers_of_a_related_region() -> None:
    doc = cleantext.clean_document(html=article_page(related=True))
    report = {r.step: r.summary for r in doc.reports}
    assert "by their HTML" in report["markup"]
    teasers = [b for b in doc.blocks if "teaser headline" in b.text]
    assert len(teasers) == 6
    assert not any(b.keep for b in teasers)
    # the article itself is all there
    assert cleantext.clean_html(article_page(related=False)) in doc.body or all(
        line in doc.body for line in cleantext.clean_html(article_page(related=False)).split("\n")
    )


def test_markup_of_another_text_is_refused_and_a_cut_page_keeps_its_rows() -> None:
    page = html_lines(article_page(related=True))
    with pytest.raises(ValueError, match="another text"):
        cleantext.Pipeline().run("some other text", markup=page)
    limit = len(page.text) // 2
    cut = cleantext.Pipeline(max_chars=limit, too_long="truncate").run(page.text, markup=page)
    assert cut.markup is not None and len(cut.markup.rows) == len(cut.text.split("\n"))
    assert "markup" in {r.step for r in cut.reports}


def test_same_page_same_result() -> None:
    page = article_page(related=True)
    first = cleantext.clean_document(html=page)
    again = cleantext.clean_document(html=page)
    assert first.body == again.body
    assert [b.reason for b in first.blocks] == [b.reason for b in again.blocks]


def test_conversion_grows_linearly_with_the_page() -> None:
    item = "<li><a href='/x'>a link</a> and some words around it</li>"

    def make(n: int) -> Callable[[], object]:
        page = "<html><body><ul>" + item * n + "</ul></body></html>"
        return lambda: html_lines(page)

    assert growth(make, 4000) < 2.6


_TAGS = st.sampled_from(["p", "div", "a", "nav", "li", "ul", "span", "footer", "article", "h2", "td", "script", "b"])
_PIECES = st.one_of(
    st.text(max_size=30),
    _TAGS.map(lambda tag: f"<{tag} class='x-footer main'>"),
    _TAGS.map(lambda tag: f"</{tag}>"),
    st.sampled_from(["<br>", "<!-- c -->", "&amp;", "\U000f0001", "\x00", "\u2028", "\r\n", "<![CDATA[x]]>"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_any_markup_gives_rows_line_for_line_and_a_body(html_text: str) -> None:
    page = html_lines(html_text)
    # the page's own private-use characters of planes 15-16 are taken out (markers)
    assert page.text == html_to_text(re.sub("[\U000f0000-\U0010ffff]", "", html_text))
    lines = page.text.split("\n") if page.text else []
    assert page.rows.shape == (len(lines), len(COLUMNS)) and len(page.elements) == len(lines)
    assert np.isfinite(page.rows).all()
    doc = cleantext.clean_document(html=html_text)
    assert isinstance(doc.body, str)
    # nothing invented: every body line is in the text (as the text steps leave it;
    # the segmenter may join a line to the one before it)
    text = "".join(doc.text.split())
    assert all("".join(line.split()) in text for line in doc.body.split("\n"))


def test_the_page_title_is_not_page_text() -> None:
    # the <title> shows in the browser's tab, not on the page: it would repeat the headline
    page = (
        "<html><head><title>Bridge to be rebuilt | The Town Courier</title></head>"
        "<body><h1>Bridge to be rebuilt</h1><p>The council met on Tuesday.</p></body></html>"
    )
    for text in (html_lines(page).text, html_to_text(page)):
        assert text.split("\n") == ["Bridge to be rebuilt", "", "The council met on Tuesday."]
    assert "Courier" not in cleantext.clean_html(page)


def test_a_heading_over_an_emptied_section_heads_nothing() -> None:
    # headline + subtitle over kept text stay; "Related" over dropped teasers goes;
    # a heading over a dropped caption and then kept text stays; the last heading
    # heads nothing below it
    heading = [True, True, False, False, True, False, False, True, False, False, True]
    keep = [True, True, True, True, True, False, False, True, False, True, True]
    assert headings_over_nothing(keep, heading) == [4, 10]
    assert headings_over_nothing([False] * 3, [True, False, False]) == []
    assert headings_over_nothing([], []) == []


def test_density_grades_say_nothing_when_the_body_itself_is_heaviest() -> None:
    """Bare paragraphs in the body: every line would be inside the heaviest element, so
    no element is graded; with the paragraphs in an element of their own, that one is."""
    import lxml.html

    from cleantext.markup import density_grades

    paragraph = "<p>" + "The council approved the new budget, after a long debate, for the schools. " * 3 + "</p>"
    flat = lxml.html.fromstring(f"<html><body>{paragraph * 4}<p>Home</p></body></html>")
    assert density_grades(flat) == {}
    nested = lxml.html.fromstring(f"<html><body><nav><p>Home</p></nav><article>{paragraph * 4}</article></body></html>")
    grades = density_grades(nested)
    (article,) = nested.iter("article")
    assert grades[article] == 1.0
