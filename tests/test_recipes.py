"""Integrations against the real libraries: a datatrove step under its local executor, the
datasets.map and pandas recipes of docs/scaling-out.md, and Spark when it is there."""

from __future__ import annotations

import gzip
import importlib.util
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import cleantext
from pages import page

ARTICLE = (Path(__file__).parent / "fixtures" / "article_de.txt").read_text(encoding="utf-8")
TEXTS = [ARTICLE] + [page(i) for i in range(100)]


def clean_batch(batch: dict[str, list[Any]]) -> dict[str, list[str]]:
    """The datasets recipe: a batch of texts in, their bodies out (one pipeline per process)."""
    return {"body": [cleantext.clean(text) for text in batch["text"]]}


@pytest.mark.slow
def test_datatrove_step_under_the_local_executor(tmp_path: Path) -> None:
    pytest.importorskip("datatrove")
    from datatrove.data import Document
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.writers import JsonlWriter

    from cleantext.integrations.datatrove import CleanText

    documents = [Document(text=text, id=str(i)) for i, text in enumerate(TEXTS)]
    documents.append(Document(text=" \n \n", id="blank"))  # an empty body: dropped
    executor = LocalPipelineExecutor(
        pipeline=[documents, CleanText(), JsonlWriter(str(tmp_path / "out"))],
        tasks=1,
        logging_dir=str(tmp_path / "logs"),
    )
    executor.run()
    [written] = list((tmp_path / "out").glob("*.jsonl.gz"))
    out = [json.loads(line) for line in gzip.decompress(written.read_bytes()).splitlines()]
    assert [r["id"] for r in out] == [str(i) for i in range(len(TEXTS))]
    assert [r["text"] for r in out] == [cleantext.clean(t) for t in TEXTS]
    assert out[0]["metadata"]["language"] == "de"
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    step = next(s for s in stats if "cleantext" in s["name"])["stats"]
    assert step["total"] == len(TEXTS) + 1 and step["dropped"] == 1 and step["forwarded"] == len(TEXTS)
    docs = [cleantext.clean_document(t) for t in TEXTS]
    assert step["kept_blocks"]["total"] == sum(len(d.kept) for d in docs)


def test_datatrove_step_pickles_without_its_pipeline() -> None:
    pytest.importorskip("datatrove")
    import pickle

    from cleantext.integrations.datatrove import CleanText

    step = CleanText(language="en")
    copy = pickle.loads(pickle.dumps(step))
    assert copy.config == cleantext.Config(language="en")
    assert copy.format(page(3)) == cleantext.clean(page(3), language="en")
    with pytest.raises(TypeError):
        CleanText(cleantext.Config(), language="en")


@pytest.mark.slow
def test_datasets_map_batched_on_two_processes(tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    ds = datasets.Dataset.from_dict({"id": list(range(len(TEXTS))), "text": TEXTS})
    cleaned = ds.map(clean_batch, batched=True, batch_size=16, num_proc=2, cache_file_name=str(tmp_path / "c.arrow"))
    assert cleaned["body"] == [cleantext.clean(t) for t in TEXTS]
    assert cleaned["id"] == list(range(len(TEXTS)))


def test_pandas_recipes() -> None:
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"id": range(len(TEXTS)), "text": TEXTS})
    df["body"] = df["text"].map(cleantext.clean)  # small frames
    expected = [cleantext.clean(t) for t in TEXTS]
    assert df["body"].tolist() == expected
    df["body2"] = list(cleantext.clean_many(df["text"], jobs=2))  # all cores, in order
    assert df["body2"].tolist() == expected


def _spark_ready() -> bool:
    return importlib.util.find_spec("pyspark") is not None and shutil.which("java") is not None


@pytest.mark.slow
@pytest.mark.skipif(not _spark_ready(), reason="pyspark or java is not installed")
def test_spark_map_partitions() -> None:  # pragma: no cover - needs pyspark and java
    from pyspark.sql import SparkSession

    def clean_partition(rows: Any) -> Any:  # the recipe: one pipeline per partition
        pipeline = cleantext.Pipeline()
        for row in rows:
            yield (row["id"], pipeline.clean(row["text"]))

    builder = SparkSession.builder.master("local[2]").appName("cleantext-test")
    spark = builder.config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate()
    try:
        df = spark.createDataFrame([(i, t) for i, t in enumerate(TEXTS)], ["id", "text"])
        bodies = dict(df.rdd.mapPartitions(clean_partition).collect())
    finally:
        spark.stop()
    assert [bodies[i] for i in range(len(TEXTS))] == [cleantext.clean(t) for t in TEXTS]
