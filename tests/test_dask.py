"""The Dask integration gives exactly what cleantext.clean() gives, page by page.

Runs on a real ``distributed.LocalCluster`` with two worker processes over the whole
dev set ``../shared/bench/dev.jsonl`` when it is there (it must be when ``CI=true``),
else over pages built from ``tests/fixtures``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import cleantext

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")
import dask.bag as db  # noqa: E402

from cleantext.integrations.dask import (  # noqa: E402
    clean_bag,
    clean_column,
    clean_partition,
    pipeline_for,
)

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "bench" / "dev.jsonl"
FIXTURES = Path(__file__).parent / "fixtures"
IN_CI = os.environ.get("CI", "").lower() == "true"


def _fixture_pages() -> list[str]:
    raw = (FIXTURES / "article_de.txt").read_text(encoding="utf-8")
    lines = raw.split("\n")
    return [
        raw,
        raw.replace("\n", "\r\n"),
        raw.replace("\n", "\n\n"),
        "\n".join(reversed(lines)),
        "\n".join(lines[: len(lines) // 2]),
        "\n".join(lines[len(lines) // 2 :]),
        raw.encode("utf-8").decode("cp1252", errors="ignore"),
        "",
        "Home | News | Contact",
    ]


def _pages() -> list[str]:
    if DEV.is_file():
        with open(DEV, encoding="utf-8") as fh:
            return [json.loads(line)["text"] for line in fh]
    if IN_CI:
        pytest.fail(f"CI=true but the dev set is missing: {DEV}")
    return _fixture_pages()


PAGES = _pages()


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def _pipelines_built() -> int:
    from cleantext.integrations.dask import pipeline_for

    return pipeline_for.cache_info().misses


def test_dev_set_is_used_when_present() -> None:
    if DEV.is_file():
        assert len(PAGES) >= 400
    else:
        assert len(PAGES) == len(_fixture_pages())


def test_bag_matches_clean_on_every_page(client) -> None:
    bag = db.from_sequence(PAGES, npartitions=8)
    got = clean_bag(bag).compute()
    want = [cleantext.clean(text) for text in PAGES]
    assert len(got) == len(PAGES)
    mismatched = [i for i, (g, w) in enumerate(zip(got, want, strict=True)) if g != w]
    assert not mismatched, f"{len(mismatched)} page(s) differ, first at index {mismatched[:5]}"
    # the pipeline was built once per worker process and config, not per page or partition
    misses = client.run(_pipelines_built)
    assert len(misses) == 2
    assert all(m <= 1 for m in misses.values()) and sum(misses.values()) >= 1


def test_options_and_dict_output_on_cluster(client) -> None:
    pages = PAGES[:20]
    bag = db.from_sequence(pages, npartitions=4)
    got = clean_bag(bag, language="de", output="dict").compute()
    want = [cleantext.clean_document(text, language="de").as_dict() for text in pages]
    assert got == want
    assert all(d["language"] == "de" for d in got)


def test_custom_pipeline_with_function_filter(client) -> None:
    pipeline = cleantext.Pipeline()
    pipeline.insert_after(
        "select",
        lambda block: "has a digit" if any(c.isdigit() for c in block.text) else None,
        name="no_digits",
    )
    pages = PAGES[:30]
    got = clean_bag(db.from_sequence(pages, npartitions=3), pipeline=pipeline).compute()
    assert got == [pipeline.clean(text) for text in pages]
    assert not any(ch.isdigit() for body in got for ch in body)


def test_steps_by_name_skip_context() -> None:
    pages = _fixture_pages()[:3]
    steps = ("encoding", "normalize", "language", "segment", "classify", "select")
    got = clean_bag(db.from_sequence(pages, npartitions=1), steps=steps).compute(scheduler="sync")
    assert got == [cleantext.Pipeline(steps).clean(text) for text in pages]


def test_partition_function_and_cache() -> None:
    config = cleantext.Config(language="de")
    pipeline_for.cache_clear()
    out = clean_partition(iter(_fixture_pages()[:2]), config)
    assert out == [cleantext.clean(t, language="de") for t in _fixture_pages()[:2]]
    clean_partition(_fixture_pages()[2:4], cleantext.Config(language="de"))
    assert pipeline_for.cache_info().misses == 1  # equal configs share one pipeline


def test_argument_errors() -> None:
    bag = db.from_sequence(["x"], npartitions=1)
    with pytest.raises(TypeError):
        clean_bag(bag, pipeline=cleantext.Pipeline(), language="de")
    with pytest.raises(ValueError):
        clean_bag(bag, output="html")
    with pytest.raises(TypeError):
        clean_bag(bag, not_an_option=1)
    with pytest.raises(TypeError):
        clean_bag(db.from_sequence([b"bytes"], npartitions=1)).compute(scheduler="sync")


def test_dataframe_column() -> None:
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    pages = _fixture_pages()
    frame = pd.DataFrame({"id": range(len(pages) + 1), "text": [*pages, None]})
    ddf = dd.from_pandas(frame, npartitions=3)
    out = clean_column(ddf, "text", into="body").compute(scheduler="sync")
    assert list(out["body"][: len(pages)]) == [cleantext.clean(t) for t in pages]
    assert out["body"].iloc[-1] is None or pd.isna(out["body"].iloc[-1])
    assert list(out["id"]) == list(range(len(pages) + 1))
    with pytest.raises(KeyError):
        clean_column(ddf, "html")
