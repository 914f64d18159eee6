"""HTML input: clean_html, clean_document(html=...), the converter and the sniffing."""

from __future__ import annotations

import html
from itertools import groupby
from pathlib import Path

import pytest

import cleantext
from cleantext.fromhtml import html_to_text, looks_like_html

FIXTURES = Path(__file__).parent / "fixtures"
RAW = (FIXTURES / "article_de.txt").read_text(encoding="utf-8")
GOLD = [line.strip() for line in (FIXTURES / "article_de.body.txt").read_text(encoding="utf-8").splitlines()]
GOLD = [line for line in GOLD if line]


def article_page(text: str = RAW) -> str:
    """The reference article as an HTML page: each line a paragraph, the gold body's
    lines in an ``<article>`` and the others in sidebars, with a script, a style and a
    head the text must not show."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    gold = set(GOLD)
    regions = []
    for is_body, group in groupby(lines, key=gold.__contains__):
        paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in group)
        regions.append(f"<article>{paragraphs}</article>" if is_body else f"<div class='sidebar'>{paragraphs}</div>")
    return (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><style>p { color: red }</style>"
        "<script>var tracker = 'SCRIPTTEXT';</script></head>\n"
        f"<body>\n{chr(10).join(regions)}\n<noscript>NOSCRIPTTEXT</noscript></body></html>"
    )


def flat_page(text: str = RAW) -> str:
    """The reference article as a page of paragraphs and nothing else: no regions."""
    paragraphs = "\n".join(f"<p>{html.escape(line.strip())}</p>" for line in text.splitlines() if line.strip())
    return f"<!DOCTYPE html>\n<html><body>\n{paragraphs}\n</body></html>"


def test_converter_puts_blocks_on_lines_and_leaves_scripts_out() -> None:
    text = html_to_text(
        "<html><head><script>alert('x')</script><style>b{}</style></head><body>"
        "<h1>Title</h1><p>One <a href='/'>link</a> inside.</p><ul><li>first</li><li>second</li></ul>"
        "<table><tr><td>cell</td></tr></table></body></html>"
    )
    lines = [line for line in text.split("\n") if line]
    assert lines == ["Title", "One link inside.", "first", "second", "cell"]
    assert "alert" not in text and "b{}" not in text
    assert "\n\n\n" not in text and not any(line != line.rstrip() for line in text.split("\n"))


def test_control_characters_in_the_page_are_taken_out_not_fatal() -> None:
    # lxml cannot hold them: a page with one after a comment stopped the cleaner halfway
    page = "<p>0</p><!-- c -->\x1b<p>one\x00two\ufffe</p>"
    assert html_to_text(page) == "0\n\nonetwo"
    assert "onetwo" in cleantext.clean_document(html=page).text


def test_converter_empty_and_wrong_type() -> None:
    assert html_to_text("") == "" and html_to_text("  \n ") == ""
    with pytest.raises(TypeError):
        html_to_text(b"<p>x</p>")  # type: ignore[arg-type]


def test_clean_html_gives_the_reference_body() -> None:
    page = article_page()
    body = cleantext.clean_html(page)
    assert body.split("\n") == GOLD
    assert "SCRIPTTEXT" not in body and "color" not in body


def test_a_page_of_bare_paragraphs_keeps_the_whole_body() -> None:
    # with no regions to read, the HTML can only add: every gold line is kept
    body = cleantext.clean_html(flat_page()).split("\n")
    assert [line for line in body if line in GOLD] == GOLD
    assert len(body) <= len(GOLD) + 3


def test_clean_document_html_keyword() -> None:
    doc = cleantext.clean_document(html=article_page())
    assert doc.body.split("\n") == GOLD
    assert doc.language == "de"
    assert cleantext.clean_document(html=article_page(), keep_title=False).body.split("\n") == GOLD[1:]


def test_clean_document_takes_exactly_one_input() -> None:
    with pytest.raises(TypeError, match="exactly one"):
        cleantext.clean_document(RAW, html="<p>x</p>")
    with pytest.raises(TypeError, match="got NoneType"):
        cleantext.clean_document()


@pytest.mark.parametrize(
    "text",
    [
        "<!DOCTYPE html><html><body>x</body></html>",
        "  <!doctype HTML>\n<title>t</title>",
        "<html lang='de'><p>x</p></html>",
        "<?xml version='1.0'?>\n<!-- saved -->\n<html><body></body></html>",
        "<div><p>a</p><p>b</p><a href='/'>c</a></div>",
    ],
)
def test_looks_like_html(text: str) -> None:
    assert looks_like_html(text)


@pytest.mark.parametrize(
    "text",
    [
        RAW,
        "Use the <p> tag for paragraphs and <br> for a line break.",
        "a < b and b > c\nHome | News",
        "",
        # scraped text that quotes an ad's markup among its lines
        "Weather and news\n<script language='JavaScript' src='http://ads.example/a.js'></script>\n"
        "<a href='http://ads.example/click' target='_blank'><img src='http://ads.example/i.gif'></a>\n" + RAW,
    ],
)
def test_plain_text_is_not_html(text: str) -> None:
    assert not looks_like_html(text)


def test_packaged_sample_gives_the_same_body_from_text_and_html() -> None:
    from cleantext import examples

    body = cleantext.clean(examples.text())
    assert cleantext.clean_html(examples.html()) == body
    lines = body.split("\n")
    assert lines[0] == "Riverside council votes to rebuild the old iron bridge" and len(lines) == 8
    assert not any(word in body for word in ("Subscribe", "Share on", "newsletter", "cookies", "©"))
    with pytest.raises(KeyError, match="bridge_en"):
        examples.text("nope")
