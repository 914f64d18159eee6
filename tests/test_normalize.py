"""The normalize step: line endings and whitespace only, nothing cosmetic."""

from __future__ import annotations

import pytest

import cleantext
from cleantext.filters.normalize import normalize_whitespace


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("one\r\ntwo\r\nthree", "one\ntwo\nthree"),
        ("one\rtwo\rthree", "one\ntwo\nthree"),
        ("one\r\n\r\ntwo", "one\n\ntwo"),
        ("mixed\r\nendings\rhere\nand there", "mixed\nendings\nhere\nand there"),
        ("line\u2028separator\u2029paragraph\x85next", "line\nseparator\nparagraph\nnext"),
        ("vertical\x0btab\x0cform feed", "vertical\ntab\nform feed"),
    ],
)
def test_line_endings(raw: str, expected: str) -> None:
    assert normalize_whitespace(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("no\xa0break\xa0space", "no break space"),
        ("10\u202f000 Euro", "10 000 Euro"),  # narrow no-break space
        ("thin\u2009space, en\u2002space, em\u2003space", "thin space, en space, em space"),
        ("ideographic\u3000space", "ideographic space"),
        ("tab\tseparated\t\tcolumns", "tab separated columns"),
        ("many     spaces   here", "many spaces here"),
        ("mixed \xa0\t\u202f run", "mixed run"),
        ("   leading and trailing   ", "leading and trailing"),
        ("\xa0\xa0indented with nbsp", "indented with nbsp"),
    ],
)
def test_spaces(raw: str, expected: str) -> None:
    assert normalize_whitespace(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("zero\u200bwidth", "zerowidth"),
        ("\ufeffBOM at the start", "BOM at the start"),
        ("BOM\ufeff in the middle", "BOM in the middle"),
        ("word\u2060joiner", "wordjoiner"),
        ("null\x00byte and bell\x07", "nullbyte and bell"),
        ("escape\x1b and delete\x7f", "escape and delete"),
        ("C1\x80\x9f controls", "C1 controls"),
    ],
)
def test_invisible_and_control_characters(raw: str, expected: str) -> None:
    assert normalize_whitespace(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "“Curly” and ‘single’ quotes, „German“ and «French» ones.",
        "Soft\xadhyphen stays: Donau\xaddampf\xadschiff.",
        "Ligatures ﬁ ﬂ and full-width ＡＢＣ１２３ stay.",
        "Dashes – — and … ellipsis, € 5, © 2024.",
        "Zero-width non-joiner and joiner stay: می\u200cخواهم, 👨\u200d👩\u200d👧.",
        "Combining marks stay: e\u0301 vs é, n\u0303 vs ñ.",
        "Trailing punctuation stays!?",
        "中文，日本語、한국어。",
    ],
)
def test_nothing_else_changes(text: str) -> None:
    assert normalize_whitespace(text) == text


def test_blank_lines_and_line_count_are_kept() -> None:
    raw = "first\n\n\nsecond\n \n\t\nthird"
    out = normalize_whitespace(raw)
    assert out == "first\n\n\nsecond\n\n\nthird"
    assert out.count("\n") == raw.count("\n")


def test_crlf_keeps_line_numbers() -> None:
    raw = "a\r\nb\r\n\r\nc"
    assert normalize_whitespace(raw).split("\n") == ["a", "b", "", "c"]


def test_idempotent() -> None:
    raw = " \ufeffa\xa0\xa0b\r\n\r\nc\u200b d \t\x00e\u2028 f "
    once = normalize_whitespace(raw)
    assert normalize_whitespace(once) == once


def test_step_in_pipeline_normalises_doc_text() -> None:
    doc = cleantext.clean_document("Headline\r\nSome\xa0text\u200b here.\r\n")
    assert doc.text == "Headline\nSome text here.\n"
    (report,) = [r for r in doc.reports if r.step == "normalize"]
    assert report.summary == "whitespace normalised"


def test_step_reports_nothing_to_do_on_clean_text() -> None:
    doc = cleantext.clean_document("Headline\nSome text here.")
    (report,) = [r for r in doc.reports if r.step == "normalize"]
    assert report.summary == "nothing to normalise"
