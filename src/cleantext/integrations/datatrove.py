"""A datatrove pipeline step that replaces each document's text by its editorial body.

```python
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import WarcReader   # or JsonlReader, ...
from datatrove.pipeline.writers import JsonlWriter
from cleantext.integrations.datatrove import CleanText

LocalPipelineExecutor(
    pipeline=[JsonlReader("pages/"), CleanText(language="en"), JsonlWriter("cleaned/")],
    tasks=4,
).run()
```

The step is a datatrove formatter: ``doc.text`` becomes the body, the detected language
goes into ``doc.metadata["language"]``, and documents whose body is empty are dropped
(``drop_empty=False`` keeps them).  What travels to the workers is the small frozen
:class:`~cleantext.Config`; each worker process builds the pipeline once, on its first
document.  Its stats (in the executor's ``stats.json``) count documents, errors,
blocks, kept blocks and each drop reason, like datatrove's own filters.

Install with ``pip install 'cleantext-body[datatrove]'``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.formatters.base import BaseFormatter
from datatrove.utils.typeshelper import StatHints

from ..config import Config
from ..pipeline import Pipeline
from .dask import pipeline_for

__all__ = ["CleanText"]


class CleanText(BaseFormatter):  # type: ignore[misc]  # datatrove has no types: its BaseFormatter is Any
    """Replace each document's text with its body (see the module).

    Args:
        config: the :class:`~cleantext.Config` to use (or give its fields as options).
        pipeline: a ready :class:`~cleantext.Pipeline` instead (it must pickle).
        drop_empty: drop documents whose body is empty (counted as ``dropped``).
        language_key: metadata key for the detected language (``None``: not set).
        keep_original: metadata key to keep the text as it was under (``None``: not kept).
        **options: :class:`~cleantext.Config` fields, e.g. ``language="de"``.
    """

    name = "🧹 cleantext"

    def __init__(
        self,
        config: Config | None = None,
        pipeline: Pipeline | None = None,
        drop_empty: bool = True,
        language_key: str | None = "language",
        keep_original: str | None = None,
        **options: Any,
    ) -> None:
        super().__init__()
        if pipeline is not None and (config is not None or options):
            raise TypeError("pass a pipeline, or a config or options, not both")
        if config is not None and options:
            raise TypeError("pass a config or options, not both")
        self.config = config if config is not None else Config.from_options(**options)
        self.custom = pipeline
        self.drop_empty = drop_empty
        self.language_key = language_key
        self.keep_original = keep_original

    def _pipeline(self) -> Pipeline:
        return self.custom if self.custom is not None else pipeline_for(self.config)

    def format(self, text: str) -> str:
        """The body of ``text`` (what datatrove's formatter interface asks for)."""
        return self._pipeline().clean(text)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        """Clean each document; count blocks, kept blocks, drop reasons and errors."""
        pipeline = self._pipeline()
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                try:
                    result = pipeline.run(doc.text)
                except Exception as exc:  # a bad document is counted and dropped, the run goes on
                    self.stat_update("errors", f"error: {type(exc).__name__}")
                    continue
            kept = sum(1 for block in result.blocks if block.keep)
            self.stat_update("blocks", value=len(result.blocks))
            self.stat_update("kept_blocks", value=kept)
            for reason, count in Counter(b.reason for b in result.blocks if not b.keep).items():
                self.stat_update(f"dropped: {reason}", value=count)
            if self.keep_original:
                doc.metadata[self.keep_original] = doc.text
            doc.text = result.body
            if self.language_key:
                doc.metadata[self.language_key] = result.language
            if self.drop_empty and not doc.text:
                self.stat_update(StatHints.dropped)
                continue
            self.stat_update(StatHints.forwarded)
            yield doc
