"""The layout step: markdown, text-browser dumps and very long lines become plain lines."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import cleantext
from cleantext.filters.layout import (
    LONG_LINE,
    _holds_box,
    is_markdown,
    read_layout,
    split_long,
    strip_browser,
    strip_markdown,
    wrap_width,
)

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = (FIXTURES / "article_de.txt").read_text(encoding="utf-8")
GOLD = (FIXTURES / "article_de.body.txt").read_text(encoding="utf-8").strip()


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("## Was bedeutet das?", "Was bedeutet das?"),
        ("* [Home](https://example.org/)", "Home"),
        ("1. Erstens kommt es anders", "Erstens kommt es anders"),
        ("[![Logo](https://cdn.example.org/logo.png)](https://example.org/)", ""),
        ("Ein **fetter** und ein _schräger_ Satz mit `code`.", "Ein fetter und ein schräger Satz mit code."),
        ('Siehe [den Bericht](https://example.org/a_(b) "Titel") dazu.', "Siehe den Bericht dazu."),
        ("> zitiert", "zitiert"),
        ("---|---|---", ""),
        ("| Preis | 3 € |", "Preis | 3 €"),
        (r"Ein Sternchen \* und ein \_ Strich", "Ein Sternchen * und ein _ Strich"),
        ("[1]: https://example.org/x", ""),
        ("snake_case_name bleibt", "snake_case_name bleibt"),
        # targets with spaces, as converters leave a data: URI or a search link
        ("![](data:image/svg+xml;charset=utf-8,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22%3E)", ""),
        ("[Alle Artikel](/suche?autor=Jane Doe) lesen", "Alle Artikel lesen"),
        ("[Bericht](https://example.org/a) und (eine Klammer)", "Bericht und (eine Klammer)"),
    ],
)
def test_strip_markdown(line: str, text: str) -> None:
    assert strip_markdown(line) == text


def test_markdown_is_detected_only_with_its_markup() -> None:
    assert is_markdown(["# Titel", "", "* [A](/a)", "* [B](/b)", "Text."])
    assert not is_markdown(ARTICLE.split("\n"))
    assert not is_markdown(["Preis: 3 € (inkl.)", "Kontakt [at] example"] * 5)


def _as_markdown(text: str) -> str:
    """The reference article as a markdown converter would give it: the headline as a
    heading, short unpunctuated lines as links in a list, prose with emphasis."""
    out = []
    for i, line in enumerate(text.split("\n")):
        if not line:
            out.append("")
        elif i <= 1 and not line.endswith("."):
            out.append(f"# {line}")
        elif len(line) < 40 and not line.endswith((".", ":", "?", "!")):
            out.append(f"* [{line}](https://example.org/{i})")
        else:
            out.append(line)
    return "\n\n".join(out)


def test_reference_article_as_markdown() -> None:
    markdown = _as_markdown(ARTICLE)
    doc = cleantext.clean_document(markdown)
    assert doc.body.split("\n")[0] == GOLD.split("\n")[0]
    # every body line of the gold comes back, markup removed
    assert set(GOLD.split("\n")) <= set(doc.body.split("\n"))
    # and with output as markdown, the headline keeps its heading mark
    assert doc.markdown.split("\n")[0] == "# " + GOLD.split("\n")[0]
    assert "](https://" not in doc.body


def test_markdown_output_is_the_input_lines() -> None:
    doc = cleantext.clean_document(_as_markdown(ARTICLE))
    source = set(_as_markdown(ARTICLE).split("\n"))
    assert doc.markdown and all(line in source for line in doc.markdown.split("\n"))


def _wrapped(text: str, width: int = 72, indent: str = "   ") -> str:
    out = []
    for line in text.split("\n"):
        # text browsers break lines at spaces only
        wrapped = textwrap.wrap(line, width, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False)
        out += wrapped or [""]
        out.append("")
    return "\n".join(out)


def test_hard_wrapped_text_is_unwrapped() -> None:
    wrapped = _wrapped(ARTICLE)
    assert wrap_width([line.strip() for line in wrapped.split("\n")]) >= 60
    assert cleantext.clean(wrapped) == GOLD


def test_unwrapped_text_has_no_wrap_width() -> None:
    assert wrap_width(ARTICLE.split("\n")) == 0


def test_box_borders_and_placeholders_go() -> None:
    assert strip_browser("│ Preis │ 3 € │") == "Preis 3 €"
    assert strip_browser("┌──────┬─────┐") == ""
    assert strip_browser("[IMG] [header_logo.png] Nachrichten") == "Nachrichten"
    assert strip_browser("[1] Fußnote") == "[1] Fußnote"


def test_long_line_pieces_give_the_words_back() -> None:
    line = " ".join(ARTICLE.split())
    assert len(line) > LONG_LINE
    pieces = split_long(line)
    assert len(pieces) > 5
    # the separators the line was cut at (a bullet, a bar) are the only words that go
    separators = {"•", "·", "|"}
    assert " ".join(pieces).split() == [w for w in line.split() if w not in separators]
    assert all(len(p) <= LONG_LINE for p in pieces)


def test_one_line_page_is_partly_kept() -> None:
    line = " ".join(ARTICLE.split())
    body = cleantext.clean(line)
    assert body and len(body) < len(line)
    # the article's first paragraph is in the body, rejoined on one line
    second = GOLD.split("\n")[1]
    assert second in body


def test_read_layout_keeps_plain_text_alone() -> None:
    lines = ARTICLE.split("\n")
    text, origin, found = read_layout(lines)
    assert found == [] and text == lines and origin == [(i, i) for i in range(len(lines))]


def test_layout_step_can_be_disabled() -> None:
    markdown = _as_markdown(ARTICLE)
    doc = cleantext.clean_document(markdown, disable=("layout",))
    assert doc.origin is None and "layout" not in [r.step for r in doc.reports]


def test_clean_gives_markdown_on_request() -> None:
    markdown = _as_markdown(ARTICLE)
    as_text = cleantext.clean(markdown)
    as_markdown = cleantext.clean(markdown, output="markdown")
    assert as_markdown.startswith("# ") and not as_text.startswith("# ")
    assert as_markdown == cleantext.clean_document(markdown).markdown
    with pytest.raises(ValueError, match="output"):
        cleantext.clean(markdown, output="html")


def test_command_line_markdown_keeps_markdown_input() -> None:
    from cleantext import cli

    doc = cleantext.clean_document(_as_markdown(ARTICLE))
    assert cli.markdown(doc) == doc.markdown


@pytest.mark.parametrize(
    ("text", "boxes"),
    [("plain", False), ("é ─ x", True), ("┌", True), ("╿", True), ("⓿ ▀", False), ("😀 ╳", True), ("😀", False)],
)
def test_box_characters_are_seen_in_any_text(text: str, boxes: bool) -> None:
    assert _holds_box(text) is boxes
