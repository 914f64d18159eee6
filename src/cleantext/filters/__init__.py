"""The built-in pipeline steps, one module each; importing this package registers them."""

from . import classify, context, encoding, language, layout, markup, normalize, segment, select

__all__ = ["classify", "context", "encoding", "language", "layout", "markup", "normalize", "segment", "select"]
