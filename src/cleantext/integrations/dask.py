"""Clean many pages on Dask: a bag of texts, or a text column of a Dask dataframe.

What is sent to the workers is the small, frozen :class:`~cleantext.Config` (or, for a
custom pipeline, the pipeline itself once per partition), never one pipeline per
text.  Each worker process builds the pipeline for a config on first use and keeps it
(:func:`pipeline_for`), so language models and lexicons are loaded once per process.

```python
import dask.bag as db
from cleantext.integrations.dask import clean_bag

pages = db.from_sequence(["Home | News\\nA headline", "..."], npartitions=2)
bodies = clean_bag(pages, language="en").compute(scheduler="sync")
```

Install with ``pip install 'cleantext-body[dask]'``; :func:`clean_column` also needs
``dask[dataframe]`` (pandas).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from ..config import Config
from ..pipeline import Pipeline

if TYPE_CHECKING:  # pragma: no cover - typing only
    import dask.bag
    import dask.dataframe

__all__ = ["clean_bag", "clean_column", "clean_partition", "pipeline_for"]

Output = Literal["body", "dict"]


@lru_cache(maxsize=16)
def pipeline_for(config: Config, steps: tuple[str, ...] | None = None) -> Pipeline:
    """The pipeline for ``config`` (and registered step names ``steps``) in this process.

    Built on first use and then reused: on a worker, once per process and config.
    With ``steps=None`` it is the default pipeline, the one :func:`cleantext.clean` uses.
    """
    return Pipeline(steps, config=config)


def _resolve(
    config: Config | None,
    pipeline: Pipeline | None,
    steps: Iterable[str] | None,
    options: dict[str, Any],
) -> tuple[Config, Pipeline | None, tuple[str, ...] | None]:
    if pipeline is not None:
        if config is not None or options or steps is not None:
            raise TypeError("pass either a pipeline or config/steps/options, not both")
        if not isinstance(pipeline, Pipeline):
            raise TypeError(f"pipeline must be a cleantext.Pipeline, not {type(pipeline).__name__}")
        return pipeline.config, pipeline, None
    base = config if config is not None else Config()
    cfg = base.replace(**options) if options else base
    names = tuple(steps) if steps is not None else None
    if names is not None and not all(isinstance(n, str) for n in names):
        raise TypeError("steps must be registered step names (str); pass pipeline=... for step objects")
    return cfg, None, names


def _check_output(output: str) -> None:
    if output not in ("body", "dict"):
        raise ValueError(f"output must be 'body' or 'dict', not {output!r}")


def clean_partition(
    texts: Iterable[str],
    config: Config,
    steps: tuple[str, ...] | None = None,
    output: Output = "body",
    pipeline: Pipeline | None = None,
) -> list[Any]:
    """Clean one partition of texts; what :func:`clean_bag` runs on each partition.

    Returns the bodies (``output="body"``), or each document's
    :meth:`~cleantext.Document.as_dict` (``output="dict"``).
    """
    _check_output(output)
    pipe = pipeline if pipeline is not None else pipeline_for(config, steps)
    if output == "body":
        return [pipe.clean(text) for text in texts]
    return [pipe.run(text).as_dict() for text in texts]


def clean_bag(
    texts: dask.bag.Bag,
    config: Config | None = None,
    *,
    steps: Iterable[str] | None = None,
    pipeline: Pipeline | None = None,
    output: Output = "body",
    **options: Any,
) -> dask.bag.Bag:
    """Clean every text of a Dask bag, lazily.

    Args:
        texts: a bag of ``str``, one scraped page each.
        config: settings to clean with; keyword ``options`` (``Config`` fields such as
            ``language="de"``) are applied on top of it.
        steps: names of registered steps, to build a pipeline other than the default.
            The modules that register them must be importable on the workers.
        pipeline: a ready :class:`~cleantext.Pipeline` (for instance with function
            filters) instead of ``config``/``steps``; it is pickled once per partition.
        output: ``"body"`` for the cleaned text (what :func:`cleantext.clean` returns),
            ``"dict"`` for :meth:`~cleantext.Document.as_dict` of each document.
        **options: ``Config`` fields.

    Returns:
        A bag with one result per input text, in the same order.
    """
    _check_output(output)
    cfg, pipe, names = _resolve(config, pipeline, steps, options)
    bag: dask.bag.Bag = texts.map_partitions(clean_partition, cfg, names, output, pipe)  # type: ignore[no-untyped-call]
    return bag


def _clean_series(
    series: Any, config: Config, steps: tuple[str, ...] | None, pipeline: Pipeline | None, name: str
) -> Any:
    import pandas as pd

    pipe = pipeline if pipeline is not None else pipeline_for(config, steps)
    values = [None if not isinstance(v, str) and pd.isna(v) else pipe.clean(v) for v in series]
    return pd.Series(values, index=series.index, name=name, dtype=object)


def clean_column(
    df: dask.dataframe.DataFrame,
    column: str = "text",
    into: str = "body",
    config: Config | None = None,
    *,
    steps: Iterable[str] | None = None,
    pipeline: Pipeline | None = None,
    **options: Any,
) -> dask.dataframe.DataFrame:
    """Add a column ``into`` with the cleaned body of each text in ``column``.

    Missing values (``None``, ``NaN``) give a missing body; other non-text values
    raise :class:`TypeError` when the graph is computed.  The other arguments are as
    for :func:`clean_bag`.
    """
    if column not in df.columns:
        raise KeyError(f"no column {column!r}; columns: {', '.join(map(str, df.columns))}")
    cfg, pipe, names = _resolve(config, pipeline, steps, options)
    cleaned = df[column].map_partitions(_clean_series, cfg, names, pipe, into, meta=(into, "object"))
    assigned: dask.dataframe.DataFrame = df.assign(**{into: cleaned})
    return assigned
