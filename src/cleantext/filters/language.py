"""Detect the document's language (or take the one configured)."""

from __future__ import annotations

from ..document import Document
from ..language import get_backend, prose_sample
from ..pipeline import Step, register


@register("language")
class DetectLanguage(Step):
    """Set ``doc.language`` from a bounded sample of the page's longest lines."""

    name = "language"

    def __call__(self, doc: Document) -> None:
        config = doc.config
        if config.language:
            doc.language, doc.language_confidence = config.language, 1.0
            doc.report(self.name, f"language given: {config.language}")
            return
        sample = prose_sample(doc.lines(), config.language_sample)
        earlier = doc.scratch.get("earlier_language")
        if earlier is not None and earlier[0] == (sample, config.language_backend):
            # a body read again (settle) whose sample is the page's: the same answer
            doc.language, doc.language_confidence = earlier[1]
        else:
            doc.language, doc.language_confidence = get_backend(config.language_backend).detect(sample)
        doc.scratch["language"] = ((sample, config.language_backend), (doc.language, doc.language_confidence))
        doc.report(self.name, f"detected {doc.language} ({doc.language_confidence:.2f}) with {config.language_backend}")
