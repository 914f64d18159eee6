"""Detect the document's language (or take the one configured)."""

from __future__ import annotations

from ..document import Document
from ..language import detect_language
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
        doc.language, doc.language_confidence = detect_language(
            doc.text, config.language_backend, config.language_sample, lines=doc.lines()
        )
        doc.report(self.name, f"detected {doc.language} ({doc.language_confidence:.2f}) with {config.language_backend}")
