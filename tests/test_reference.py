"""The reference article comes out exactly as its gold body, also when mangled."""

from __future__ import annotations

from pathlib import Path

import pytest

import cleantext

FIXTURES = Path(__file__).parent / "fixtures"
RAW = (FIXTURES / "article_de.txt").read_text(encoding="utf-8")
GOLD_TEXT = (FIXTURES / "article_de.body.txt").read_text(encoding="utf-8")
GOLD = [line.strip() for line in GOLD_TEXT.splitlines() if line.strip()]


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_gold_has_15_lines() -> None:
    assert len(GOLD) == 15


def test_reference_exact() -> None:
    assert lines(cleantext.clean(RAW)) == GOLD


def test_reference_title_and_language() -> None:
    doc = cleantext.clean_document(RAW)
    assert doc.language == "de"
    assert doc.title == GOLD[0]


def _mojibake(text: str) -> str:
    return text.encode("utf-8").decode("cp1252", errors="replace")


def _body_start(text: str) -> int:
    return text.index("- Themen:")


VARIANTS = {
    "cp1252-mojibake": lambda t: t.encode("utf-8").decode("cp1252", errors="ignore"),
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "no-break-spaces": lambda t: t.replace(" ", "\xa0"),
    "blank-lines": lambda t: t.replace("\n", "\n\n"),
    "tail-first": lambda t: t[_body_start(t):] + "\n" + t[: _body_start(t)],
    "all-at-once": lambda t: t.encode("utf-8").decode("cp1252", errors="ignore").replace("\n", "\r\n\r\n"),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_reference_variants(name: str) -> None:
    mangled = VARIANTS[name](RAW)
    assert mangled != RAW
    assert lines(cleantext.clean(mangled)) == GOLD
