"""Pipeline editing by step name, custom filters with vetoes, the step registry, reuse."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

import cleantext
from cleantext import Block, BlockFilter, Document, FunctionFilter, Pipeline, Step
from cleantext.pipeline import DEFAULT_STEPS

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = (FIXTURES / "article_de.txt").read_text(encoding="utf-8")
DEFAULT = list(DEFAULT_STEPS)


class Marker(Step):
    """A step that records that it ran, in order."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Document) -> None:
        doc.report(self.name, "ran")


def ran(doc: Document) -> list[str]:
    return [r.step for r in doc.reports]


def test_default_steps_in_order() -> None:
    p = Pipeline()
    expected = ["encoding", "normalize", "layout", "language", "segment", "classify", "context", "select", "markup"]
    assert p.names == DEFAULT == expected
    assert len(p) == 9
    assert "segment" in p and "nope" not in p
    assert [name for name, _ in p] == DEFAULT
    assert ran(p.run("Some text here.")) == DEFAULT


def test_insert_before_and_after() -> None:
    p = Pipeline()
    assert p.insert_before("segment", Marker("before_segment")) is p
    p.insert_after("segment", Marker("after_segment"))
    p.insert_before("encoding", Marker("first"))
    p.insert_after("select", Marker("last"))
    assert p.names == [
        "first", "encoding", "normalize", "layout", "language", "before_segment",
        "segment", "after_segment", "classify", "context", "select", "last", "markup",
    ]  # fmt: skip
    assert ran(p.run("Some text here.")) == p.names


def test_append_remove_replace() -> None:
    p = Pipeline().append(Marker("tail"))
    assert p.names[-1] == "tail"
    p.remove("context")
    assert "context" not in p.names
    assert ran(p.run("x")) == [n for n in DEFAULT if n != "context"] + ["tail"]
    replacement = Marker("whatever")
    p.replace("classify", replacement)
    # the name stays, the step is the new one
    assert p.names.index("classify") == DEFAULT.index("classify")
    assert p["classify"] is replacement
    assert "whatever" in ran(p.run("x"))


def test_explicit_name_overrides_step_name() -> None:
    p = Pipeline().append(Marker("a"), name="custom_name")
    assert p.names[-1] == "custom_name"
    assert isinstance(p["custom_name"], Marker)


def test_steps_by_registered_name_and_tuple() -> None:
    p = Pipeline(steps=["normalize", ("splitter", "segment")])
    assert p.names == ["normalize", "splitter"]
    doc = p.run("a.\r\nb.")
    assert [b.text for b in doc.blocks] == ["a.", "b."]


def test_duplicate_name_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="segment"):
        Pipeline().append("segment")
    with pytest.raises(ValueError, match="select"):
        Pipeline().insert_before("encoding", Marker("x"), name="select")
    with pytest.raises(ValueError, match="normalize"):
        Pipeline(steps=["normalize", "segment", "normalize"])
    p = Pipeline()
    p.append(Marker("mine"))
    with pytest.raises(ValueError, match="mine"):
        p.append(Marker("mine"))
    assert p.names.count("mine") == 1


@pytest.mark.parametrize(
    "edit",
    [
        lambda p: p.insert_before("nope", Marker("x")),
        lambda p: p.insert_after("nope", Marker("x")),
        lambda p: p.remove("nope"),
        lambda p: p.replace("nope", Marker("x")),
        lambda p: p["nope"],
    ],
)
def test_unknown_anchor_is_a_key_error(edit) -> None:
    p = Pipeline()
    with pytest.raises(KeyError, match="nope"):
        edit(p)
    assert p.names == DEFAULT


def test_unknown_registered_name_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="no_such_step"):
        Pipeline(steps=["no_such_step"])


def test_a_step_must_be_a_step_callable_or_name() -> None:
    with pytest.raises(TypeError, match="int"):
        Pipeline(steps=[42])


def test_repr_names_the_steps() -> None:
    p = Pipeline().append(lambda block: None, name="my_filter")
    text = repr(p)
    assert text.startswith("Pipeline(")
    steps, _, config = text.partition("config=")
    for name in [*DEFAULT, "my_filter"]:
        assert re.search(rf"\b{name}\b", steps), name
    # in pipeline order
    positions = [re.search(rf"\b{name}\b", steps).start() for name in [*DEFAULT, "my_filter"]]
    assert positions == sorted(positions)
    assert config.startswith("Config(")


# -- custom filters ----------------------------------------------------------------


def _foxconn_lines(body: str) -> list[str]:
    return [line for line in body.split("\n") if "Foxconn" in line]


def test_function_filter_drops_with_reason_and_veto() -> None:
    p = Pipeline().insert_after(
        "segment", lambda block: "mentions Foxconn" if "Foxconn" in block.text else None, name="no_foxconn"
    )
    assert isinstance(p["no_foxconn"], FunctionFilter)
    assert _foxconn_lines(Pipeline().clean(ARTICLE)), "precondition: the article body mentions Foxconn"
    doc = p.run(ARTICLE)
    hit = [b for b in doc.blocks if "Foxconn" in b.text]
    assert hit
    for block in hit:
        assert not block.keep
        assert block.vetoed
        assert block.reason == "mentions Foxconn"
        assert block.label == "custom"
        assert block.final_class == "bad"
    assert _foxconn_lines(doc.body) == []
    assert doc.reasons()["mentions Foxconn"] == len(hit)


class NoWebinar(BlockFilter):
    name = "no_webinar"

    def filter(self, block: Block, doc: Document):
        return False if "Webinar" in block.text else None


def test_block_filter_subclass_drops_with_default_reason() -> None:
    doc = Pipeline().insert_after("segment", NoWebinar()).run(ARTICLE)
    hit = [b for b in doc.blocks if "Webinar" in b.text]
    assert hit
    assert all(b.reason == "dropped by no_webinar" and b.vetoed and not b.keep for b in hit)
    assert "Webinar" not in doc.body
    (report,) = [r for r in doc.reports if r.step == "no_webinar"]
    assert report.summary == f"dropped {len(hit)} block(s)"


def test_filter_with_doc_argument_sees_the_document() -> None:
    seen: list[str | None] = []

    def by_language(block: Block, doc: Document):
        seen.append(doc.language)
        return True

    Pipeline().insert_after("segment", by_language).run(ARTICLE)
    assert seen and set(seen) == {"de"}


def test_veto_drop_everything_leaves_an_empty_body() -> None:
    # a vetoed block is never kept again by classify, context or select
    doc = Pipeline().insert_after("segment", lambda block: "all gone", name="drop_all").run(ARTICLE)
    assert doc.blocks
    assert doc.body == ""
    assert doc.title is None
    assert doc.reasons() == {"all gone": len(doc.blocks)}


def test_vetoed_blocks_are_not_shown_to_later_filters() -> None:
    seen: list[str] = []

    def second(block: Block):
        seen.append(block.text)

    p = Pipeline().insert_after("segment", NoWebinar()).insert_after("no_webinar", second)
    doc = p.run(ARTICLE)
    assert seen == [b.text for b in doc.blocks if not b.vetoed]
    assert not any("Webinar" in text for text in seen)


def test_filter_after_select_removes_kept_blocks() -> None:
    body = Pipeline().clean(ARTICLE)
    first = body.split("\n")[0]
    p = Pipeline().append(lambda block: "late drop" if block.text == first else None, name="late")
    doc = p.run(ARTICLE)
    assert doc.body.split("\n") == body.split("\n")[1:]
    assert doc.reasons()["late drop"] == 1


# -- options and reuse ------------------------------------------------------------


def test_disable_skips_a_step() -> None:
    broken = "Die Größe der Straße ist schön.".encode().decode("cp1252")
    doc = cleantext.clean_document(broken, disable=("encoding",))
    assert "encoding" not in ran(doc)
    assert doc.text == broken
    assert cleantext.clean_document(broken).text == "Die Größe der Straße ist schön."
    doc = Pipeline(disable=("encoding", "language")).run(broken)
    assert ran(doc) == [n for n in DEFAULT if n not in ("encoding", "language")]
    assert doc.language is None


def test_disable_accepts_a_single_name_and_lists() -> None:
    assert cleantext.Config(disable="encoding").disable == ("encoding",)
    assert cleantext.Config(disable=["select", "encoding"]).disable == ("encoding", "select")


DOCS = [
    ARTICLE,
    "Home | News\nA headline\n" + "This is the article and it reads like prose to the classifier. " * 3,
    "",
    "Accept all cookies\nWe use cookies.\n\n\nShare on Facebook",
    "Le gouvernement a décidé mercredi que les nouvelles règles s’appliqueront dès l’année prochaine.",
    "- a\n- b\n- c",
    ARTICLE.replace("\n", "\r\n"),
]


def test_reused_pipeline_matches_fresh_ones() -> None:
    reused = Pipeline()
    reused_docs = [reused.run(text) for text in itertools.chain(DOCS, reversed(DOCS), DOCS)]
    fresh_docs = [Pipeline().run(text) for text in itertools.chain(DOCS, reversed(DOCS), DOCS)]
    assert [d.as_dict() for d in reused_docs] == [d.as_dict() for d in fresh_docs]
    # and clean() with the cached default pipeline agrees too
    assert [cleantext.clean(t) for t in DOCS] == [d.body for d in fresh_docs[: len(DOCS)]]


def test_pipeline_call_and_clean_are_the_body() -> None:
    p = Pipeline()
    assert p(ARTICLE) == p.clean(ARTICLE) == p.run(ARTICLE).body


def test_pipeline_options_make_its_config() -> None:
    p = Pipeline(language="de", max_gap=2)
    assert p.config.language == "de" and p.config.max_gap == 2
    with pytest.raises(TypeError, match="bogus"):
        Pipeline(bogus=1)


def test_run_rejects_non_str() -> None:
    with pytest.raises(TypeError, match="bytes"):
        Pipeline().run(b"bytes")  # type: ignore[arg-type]


# -- registry ------------------------------------------------------------------------


def test_register_a_step_and_build_by_name() -> None:
    @cleantext.register("test_pipeline_shouting")
    class NoShouting(BlockFilter):
        name = "test_pipeline_shouting"

        def filter(self, block: Block, doc: Document):
            return "shouting" if block.text.isupper() else None

    assert "test_pipeline_shouting" in cleantext.registered()
    assert {"encoding", "normalize", "layout", "language", "segment", "classify", "context", "select"} <= set(
        cleantext.registered()
    )
    p = Pipeline(steps=[*DEFAULT, "test_pipeline_shouting"])
    assert p.names[-1] == "test_pipeline_shouting"
    assert isinstance(p["test_pipeline_shouting"], NoShouting)
    doc = p.run("THIS IS SHOUTED AT YOU!\nThis is a calm sentence.")
    shouted = [b for b in doc.blocks if b.text.isupper()]
    assert shouted and all(b.reason == "shouting" and not b.keep for b in shouted)
    # a registered name can be inserted into an existing pipeline too
    p2 = Pipeline().insert_after("segment", "test_pipeline_shouting")
    assert p2.names[p2.names.index("segment") + 1] == "test_pipeline_shouting"


def test_register_a_factory_function() -> None:
    calls = []

    @cleantext.register("test_pipeline_factory")
    def factory() -> Step:
        calls.append(1)
        return Marker("made")

    p = Pipeline(steps=["normalize", "test_pipeline_factory"])
    assert p.names == ["normalize", "test_pipeline_factory"]
    Pipeline(steps=["test_pipeline_factory"])
    assert len(calls) == 2  # a fresh step for each pipeline
    assert ran(p.run("x")) == ["normalize", "made"]


def test_document_lines_follow_its_text() -> None:
    # steps share one split of the text; a step that changes the text gets a fresh one
    doc = Document(original="a\nb", text="a\nb", config=cleantext.Config())
    assert doc.lines() == ["a", "b"]
    assert doc.lines() is doc.lines()
    doc.text = "c\n\nd"
    assert doc.lines() == ["c", "", "d"]


class ReplaceMenu(Step):
    name = "replace_menu"

    def __call__(self, doc: Document) -> None:
        doc.lines()  # read before the change: the shared split must not outlive it
        doc.text = doc.text.replace("menu", "The council approved the new budget on Tuesday evening.")


def test_a_text_step_before_segment_changes_the_lines_segment_reads() -> None:
    pipe = Pipeline().insert_after("language", ReplaceMenu())
    assert "council" in pipe.run("menu\nHome").blocks[0].text
