"""The batch API: clean_many and clean_jsonl, in order, lazily, on a pool or in-process."""

from __future__ import annotations

import json
import os
import pickle
from collections.abc import Iterator
from itertools import count, islice
from pathlib import Path

import pytest

import cleantext
from cleantext import batch
from cleantext.batch import LineResult, clean_jsonl, clean_many, map_ordered, resolve_jobs
from pages import page

RAW = (Path(__file__).parent / "fixtures" / "article_de.txt").read_text(encoding="utf-8")


TEXTS = [page(i) for i in range(24)] + ["", "   \n ", RAW]


def test_clean_many_is_exported() -> None:
    assert cleantext.clean_many is clean_many
    assert cleantext.clean_jsonl is clean_jsonl
    assert {"clean_many", "clean_jsonl"} <= set(cleantext.__all__)


def test_clean_many_in_process_equals_clean_one_by_one() -> None:
    assert list(clean_many(TEXTS, jobs=1)) == [cleantext.clean(t) for t in TEXTS]


def test_clean_many_on_two_processes_equals_clean_one_by_one() -> None:
    expected = [cleantext.clean(t, language="en") for t in TEXTS]
    assert list(clean_many(TEXTS, jobs=2, chunk_size=3, language="en")) == expected


def test_options_reach_the_pipeline() -> None:
    # with every step after segmentation disabled nothing is kept: the options are used
    assert set(clean_many(TEXTS[:4], jobs=1, disable=("classify", "context", "select"))) == {""}


def test_jobs_1_never_starts_a_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a process pool was started")

    monkeypatch.setattr(batch, "ProcessPoolExecutor", no_pool)
    assert list(clean_many(TEXTS[:5], jobs=1, chunk_size=1)) == [cleantext.clean(t) for t in TEXTS[:5]]
    # with several jobs but a single chunk of input, a pool would only cost start-up time
    assert list(clean_many(TEXTS[:5], jobs=2, chunk_size=10)) == [cleantext.clean(t) for t in TEXTS[:5]]


def test_input_is_read_lazily_in_a_bounded_window() -> None:
    pulled = 0

    def endless() -> Iterator[str]:
        nonlocal pulled
        for i in count():
            pulled += 1
            if pulled > 1000:
                raise AssertionError("the input is read ahead without bound")
            yield page(i % 24)

    taken = list(islice(clean_many(endless(), jobs=2, chunk_size=2), 5))
    assert len(taken) == 5
    # at most a window of 2 jobs * 4 chunks of 2 in flight, beyond what was taken
    assert pulled <= 2 * batch.WINDOW_PER_JOB * 2 + len(taken) + 2

    pulled = 0
    list(islice(clean_many(endless(), jobs=1), 3))
    assert pulled == 3


def test_chunks_are_cut_by_count_and_by_bytes() -> None:
    items = ["a" * 10] * 7
    assert [len(c) for c in batch._chunks(items, len, chunk_size=3, chunk_bytes=1000)] == [3, 3, 1]
    assert [len(c) for c in batch._chunks(items, len, chunk_size=100, chunk_bytes=25)] == [3, 3, 1]
    assert [len(c) for c in batch._chunks(["x" * 99], len, chunk_size=5, chunk_bytes=1)] == [1]


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_error_is_raised_in_its_turn(jobs: int) -> None:
    texts: list[object] = [page(1), page(2), 42, page(3)]
    results = clean_many(texts, jobs=jobs, chunk_size=1)  # type: ignore[arg-type]
    assert next(results) == cleantext.clean(page(1))
    assert next(results) == cleantext.clean(page(2))
    with pytest.raises(TypeError, match="expects str"):
        next(results)


def test_resolve_jobs() -> None:
    assert resolve_jobs(None) == resolve_jobs(0) == batch.available_cores() >= 1
    assert resolve_jobs(3) == 3
    with pytest.raises(ValueError):
        resolve_jobs(-1)


def test_pipeline_and_options_do_not_mix() -> None:
    with pytest.raises(TypeError):
        list(clean_many(["x"], pipeline=cleantext.Pipeline(), language="en"))
    with pytest.raises(TypeError):
        list(clean_many(["x"], language="xx-unknown-option", nonsense=1))


# -- clean_jsonl ---------------------------------------------------------------------------------
def records(n: int) -> list[str]:
    return [json.dumps({"id": i, "text": page(i), "meta": {"n": i}}) for i in range(n)]


def test_jsonl_record_gets_body_and_language_and_keeps_its_fields_in_order() -> None:
    [result] = clean_jsonl([records(1)[0]])
    doc = cleantext.clean_document(page(0))
    assert (result.line, result.kind, result.error) == (1, "record", "")
    assert (result.blocks, result.kept) == (len(doc.blocks), len(doc.kept)) and result.kept < result.blocks
    assert sum(n for _, n in result.dropped) == len(doc.dropped)
    out = json.loads(result.json)
    assert list(out) == ["id", "text", "meta", "body", "language"]
    assert out["body"] == cleantext.clean(page(0))
    assert out["language"] == cleantext.clean_document(page(0)).language
    assert out["meta"] == {"n": 0}


def test_jsonl_field_names_and_no_language() -> None:
    line = json.dumps({"content": page(3), "body": "gold", "x": 1})
    [result] = clean_jsonl([line], field="content", into="body", language_field=None)
    out = json.loads(result.json)
    assert list(out) == ["content", "body", "x"]  # "body" replaced in place
    assert out["body"] == cleantext.clean(page(3))


def test_jsonl_broken_lines_become_errors_with_their_number_and_input() -> None:
    lines: list[bytes | str] = [
        records(1)[0],
        "{not json\n",
        "",
        "   ",
        "[1, 2]",
        json.dumps({"id": 5}),
        json.dumps({"text": 5}),
        b'{"text": "caf\xe9"}',  # latin-1 byte: not UTF-8
        json.dumps({"text": page(8)}).encode("utf-8"),
    ]
    results = list(clean_jsonl(lines, jobs=1))
    assert [r.line for r in results] == list(range(1, 10))
    assert [r.kind for r in results] == [
        "record",
        "error",
        "blank",
        "blank",
        "error",
        "error",
        "error",
        "error",
        "record",
    ]
    errors = {r.line: json.loads(r.json) for r in results if r.kind == "error"}
    assert errors[2] == {"line": 2, "error": errors[2]["error"], "input": "{not json"}
    assert errors[2]["error"].startswith("invalid JSON: Expecting property name")
    assert errors[2]["error"].endswith("line 1 column 2 (char 1)")  # the line's own position
    assert "not a JSON object" in errors[5]["error"]
    assert "missing field 'text'" in errors[6]["error"]
    assert "not a string" in errors[7]["error"]
    assert "invalid UTF-8" in errors[8]["error"] and errors[8]["input"] == '{"text": "caf\\xe9"}'
    assert all(r.error for r in results if r.kind == "error")


def test_jsonl_a_failing_filter_is_an_error_and_the_run_goes_on() -> None:
    pipeline = cleantext.Pipeline().insert_after("segment", _explode_on_boom, name="boom")
    lines = [json.dumps({"text": "BOOM here\nand more"}), records(1)[0]]
    results = list(clean_jsonl(lines, pipeline=pipeline))
    assert [r.kind for r in results] == ["error", "record"]
    assert "cleaning failed: RuntimeError: boom" in results[0].error


def _explode_on_boom(block: cleantext.Block) -> None:
    if "BOOM" in block.text:
        raise RuntimeError("boom")


def _die_on_kill(block: cleantext.Block) -> None:
    if "KILL" in block.text:
        os._exit(3)


def test_jsonl_a_dead_worker_loses_no_line_and_only_its_line_fails() -> None:
    pipeline = cleantext.Pipeline().insert_after("segment", _die_on_kill, name="die")
    lines = records(60)
    lines[5] = json.dumps({"id": 5, "text": "KILL the worker"})
    results = list(clean_jsonl(lines, jobs=2, chunk_size=2, pipeline=pipeline))
    assert [r.line for r in results] == list(range(1, 61))
    # the other lines in flight are run again alone: only the guilty one is an error
    [dead] = [r for r in results if r.kind == "error"]
    assert dead.line == 6
    assert "WorkerDied: the worker process died while running this item alone" in dead.error
    bodies = [json.loads(r.json)["body"] for r in results if r.kind == "record"]
    assert bodies == [cleantext.clean(page(i)) for i in range(60) if i != 5]


def test_jsonl_on_two_processes_equals_in_process() -> None:
    lines = records(40)
    lines[7] = "{broken"
    one = list(clean_jsonl(lines, jobs=1))
    two = list(clean_jsonl(lines, jobs=2, chunk_size=4))
    assert one == two
    assert [r.line for r in two] == list(range(1, 41))


def test_jsonl_lone_surrogates_stay_escaped() -> None:
    [result] = clean_jsonl(['{"text": "Caf\\ud800 and a paragraph of text.", "t": "\\udc00"}'])
    assert result.kind == "record"
    result.json.encode("utf-8")  # writable as UTF-8
    assert json.loads(result.json)["t"] == "\udc00"


def test_map_ordered_with_a_custom_task() -> None:
    class Length:
        def run(self, pipeline: cleantext.Pipeline, item: str) -> int:
            return len(pipeline.run(item).blocks)

        def lost(self, item: str, error: BaseException) -> int:
            raise error

        def size(self, item: str) -> int:
            return len(item)

    texts = [page(i) for i in range(6)]
    assert list(map_ordered(Length(), texts, jobs=1)) == [len(cleantext.clean_document(t).blocks) for t in texts]


def test_what_crosses_process_boundaries_pickles() -> None:
    # with the spawn or forkserver start methods the task and config are pickled too
    from cleantext.cli import DocumentTask, Outcome, Renderer, Source

    things: list[object] = [
        LineResult(3, "error", "{}", "bad"),
        batch.JsonlTask("text", "body", None, Renderer("json")),
        DocumentTask(Renderer("explain", color=True)),
        Source("-", "text"),
        Outcome("a.txt", error="bad"),
        cleantext.Config(language="de", disable=("select",)),
        batch._Raised(ValueError("x")),
    ]
    for thing in things:
        copy = pickle.loads(pickle.dumps(thing))
        assert type(copy) is type(thing)
        if not isinstance(thing, batch._Raised):
            assert copy == thing
