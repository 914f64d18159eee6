"""Detect the document's language (or take the one configured)."""

from __future__ import annotations

from ..document import Document
from ..language import detect_in_lines
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
        # a body read again (settle) takes the page's answer where its sample is the page's
        reading = detect_in_lines(
            doc.lines(), config.language_backend, config.language_sample, doc.scratch.get("earlier_language")
        )
        doc.language, doc.language_confidence = reading[1]
        doc.scratch["language"] = reading
        doc.report(self.name, f"detected {doc.language} ({doc.language_confidence:.2f}) with {config.language_backend}")
