"""The public API: clean / clean_document, Document and Block fields, Config."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path

import pytest

import cleantext
from cleantext import LABELS, Config, Document

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = (FIXTURES / "article_de.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("value", "type_name"),
    [
        (b"some bytes", "bytes"),
        (None, "NoneType"),
        (42, "int"),
        (["a", "list"], "list"),
        (bytearray(b"x"), "bytearray"),
    ],
)
@pytest.mark.parametrize("func", [cleantext.clean, cleantext.clean_document])
def test_non_str_is_a_type_error_naming_the_type(func, value, type_name: str) -> None:
    with pytest.raises(TypeError, match=rf"\b{type_name}\b"):
        func(value)


@pytest.mark.parametrize("text", ["", "  \n\t ", "\n\n\n", "\r\n\xa0\u200b\ufeff"])
def test_empty_and_blank_give_empty(text: str) -> None:
    assert cleantext.clean(text) == ""
    doc = cleantext.clean_document(text)
    assert doc.body == ""
    assert doc.blocks == []
    assert doc.title is None
    assert doc.kept == []


def test_clean_is_the_document_body() -> None:
    doc = cleantext.clean_document(ARTICLE)
    assert cleantext.clean(ARTICLE) == doc.body
    assert doc.body == "\n".join(b.text for b in doc.kept)
    assert isinstance(doc, Document)


def test_document_fields() -> None:
    doc = cleantext.clean_document(ARTICLE)
    assert doc.original == ARTICLE
    assert doc.language == "de"
    assert 0.5 < doc.language_confidence <= 1.0
    # which block is the title is the classifier's call (test_reference checks it);
    # here: the title, if any, is the text of the first kept block labelled "title"
    titles = [b.text for b in doc.kept if b.label == "title"]
    assert doc.title == (titles[0] if titles else None)
    assert doc.blocks and doc.kept and doc.dropped
    assert len(doc.kept) + len(doc.dropped) == len(doc.blocks)
    assert [b.index for b in doc.blocks] == list(range(len(doc.blocks)))
    for block in doc.blocks:
        assert block.text and block.text == block.text.strip()
        assert isinstance(block.keep, bool)
        assert block.label in LABELS
        assert block.reason, f"block {block.index} has no reason"
        assert block.first_class in ("good", "near-good", "short", "bad")
        assert block.final_class in ("good", "bad")
        assert block.first_line <= block.last_line
        assert 0.0 <= block.score <= 1.0
        if block.keep:
            assert block.label in ("body", "heading", "title")
            assert block.final_class == "good"
    # every kept block is a line of the body, in order
    assert [b.text for b in doc.kept] == doc.body.split("\n")


def test_document_reports_every_step() -> None:
    doc = cleantext.clean_document(ARTICLE)
    assert [r.step for r in doc.reports] == cleantext.Pipeline().names
    assert all(r.summary for r in doc.reports)
    explained = doc.explain()
    assert explained.startswith("language: de")
    assert all(f"step {r.step}:" in explained for r in doc.reports)


def test_reasons_counts() -> None:
    doc = cleantext.clean_document(ARTICLE)
    reasons = doc.reasons()
    assert isinstance(reasons, Counter)
    assert sum(reasons.values()) == len(doc.blocks)
    assert reasons == Counter(b.reason for b in doc.blocks)


def test_as_dict_is_json_serialisable() -> None:
    doc = cleantext.clean_document(ARTICLE)
    data = doc.as_dict()
    again = json.loads(json.dumps(data, ensure_ascii=False))
    assert again["body"] == doc.body
    assert again["title"] == doc.title
    assert again["language"] == "de"
    assert [s["step"] for s in again["steps"]] == [r.step for r in doc.reports]
    assert len(again["blocks"]) == len(doc.blocks)
    first = again["blocks"][0]
    assert {"index", "text", "keep", "label", "reason", "first_class", "final_class", "lines"} <= set(first)
    assert [b["text"] for b in again["blocks"] if b["keep"]] == doc.body.split("\n")


def test_as_dict_of_an_empty_document() -> None:
    data = cleantext.clean_document("").as_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["body"] == "" and data["blocks"] == [] and data["title"] is None


def test_config_is_frozen() -> None:
    config = Config()
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.language = "de"  # type: ignore[misc]
    assert hash(config) == hash(Config())


def test_config_replace() -> None:
    config = Config()
    other = config.replace(language="fr", max_gap=3)
    assert (other.language, other.max_gap) == ("fr", 3)
    assert config.language is None  # unchanged
    assert other == Config(language="fr", max_gap=3)
    with pytest.raises(TypeError, match="colour"):
        config.replace(colour="blue")


@pytest.mark.parametrize(
    "options",
    [{"threshold": 1.5}, {"threshold": -0.1}, {"max_gap": -1}, {"language_sample": 0}],
)
def test_config_rejects_out_of_range(options) -> None:
    with pytest.raises(ValueError, match=next(iter(options))):
        Config(**options)


def test_unknown_option_to_clean_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="not_an_option"):
        cleantext.clean("text", not_an_option=True)
    with pytest.raises(TypeError, match="not_an_option"):
        cleantext.clean_document("text", not_an_option=True)


def test_options_reach_the_pipeline() -> None:
    doc = cleantext.clean_document(ARTICLE, language="en")
    assert doc.language == "en"
    assert doc.language_confidence == 1.0
    doc = cleantext.clean_document(ARTICLE, disable=("select",))
    assert "select" not in [r.step for r in doc.reports]


def test_version_and_exports() -> None:
    assert isinstance(cleantext.__version__, str) and cleantext.__version__
    for name in cleantext.__all__:
        assert hasattr(cleantext, name), name


def test_document_properties_on_hand_made_blocks() -> None:
    from cleantext import Block

    blocks = [
        Block(0, "Menu", keep=False, label="navigation", reason="menu"),
        Block(1, "The Headline", keep=True, label="title", reason="title"),
        Block(2, "A paragraph.", keep=True, label="body", reason="prose"),
        Block(3, "Share", keep=False, label="share", reason="menu"),
    ]
    doc = Document(original="x", text="x", config=Config(), blocks=blocks)
    assert doc.title == "The Headline"
    assert doc.body == "The Headline\nA paragraph."
    assert [b.index for b in doc.kept] == [1, 2]
    assert [b.index for b in doc.dropped] == [0, 3]
    assert doc.reasons() == Counter({"menu": 2, "title": 1, "prose": 1})
    blocks[1].drop("not a title after all", "boilerplate")
    assert doc.title is None
    assert (blocks[1].keep, blocks[1].final_class, blocks[1].label) == (False, "bad", "boilerplate")
    assert not blocks[1].vetoed
    blocks[2].drop("vetoed", veto=True)
    assert blocks[2].vetoed and blocks[2].label == "body"
    assert doc.body == ""
