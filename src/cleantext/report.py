"""The visual report: a self-contained HTML page of what cleaning kept and dropped.

:func:`to_html` (also :meth:`Document.to_html` and ``cleantext --format html``) shows
the language and the step reports on top, then every block of the input in order:
kept blocks on green, dropped blocks on red and struck through, each dropped block
with its label and reason beside it (and, on hover, its score and classes).  The page
has no script and loads nothing: inline CSS only.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .document import Document

__all__ = ["to_html"]

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1a202c; background: #f7fafc; }
header { padding: 16px 24px; background: #fff; border-bottom: 1px solid #cbd5e0; }
h1 { font-size: 20px; margin: 0 0 6px; }
.meta { margin: 4px 0; }
.steps { margin: 6px 0 0; padding-left: 20px; color: #4a5568; font-size: 13px; }
.legend span { display: inline-block; padding: 1px 8px; margin-right: 8px; border-radius: 3px; }
main { padding: 12px 24px 40px; max-width: 1100px; }
.block { display: flex; gap: 12px; margin: 3px 0; padding: 4px 8px; border-left: 4px solid; border-radius: 2px; }
.block .text { flex: 1 1 auto; white-space: pre-wrap; overflow-wrap: anywhere; }
.block .why { flex: 0 0 300px; font-size: 12px; color: #742a2a; }
.kept { background: #e6ffed; border-color: #2f855a; }
.dropped { background: #fff0f0; border-color: #c53030; }
.dropped .text { color: #6b4a4a; text-decoration: line-through; text-decoration-color: #e5a0a0; }
.kept .why { color: #276749; }
.label { font-weight: bold; }
"""


def _block(doc: Document, index: int) -> str:
    block = doc.blocks[index]
    kind = "kept" if block.keep else "dropped"
    label = block.label or ("body" if block.keep else "boilerplate")
    hover = f"{kind}: {label} ({block.reason}); score {block.score:.2f}, {block.first_class} -> {block.final_class}"
    why = f'<span class="label">{escape(label)}</span>: <span class="reason">{escape(block.reason)}</span>'
    return (
        f'<div class="block {kind}" id="b{block.index}" data-label="{escape(label)}" '
        f'data-reason="{escape(block.reason)}" title="{escape(hover)}">'
        f'<div class="text">{escape(block.text)}</div><div class="why">{why}</div></div>'
    )


def to_html(doc: Document, title: str | None = None) -> str:
    """The report of ``doc`` as one HTML page (a ``str``), kept and dropped blocks in colour.

    ``title`` names the page (default: the document's headline, else "cleantext report").
    """
    name = title or doc.title or "cleantext report"
    kept = sum(b.keep for b in doc.blocks)
    language = doc.language or "unknown"
    steps = "".join(f"<li><b>{escape(r.step)}</b>: {escape(r.summary)}</li>" for r in doc.reports)
    blocks = "\n".join(_block(doc, i) for i in range(len(doc.blocks)))
    return f"""<!DOCTYPE html>
<html lang="{escape(doc.language or "und")}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(name)}</title>
<style>{_STYLE}</style>
</head>
<body>
<header>
<h1>{escape(name)}</h1>
<p class="meta" id="language">language: <b>{escape(language)}</b> ({doc.language_confidence:.2f})
 &middot; kept <b>{kept}</b> of {len(doc.blocks)} blocks</p>
<p class="legend"><span class="kept">kept</span><span class="dropped">dropped: label and reason beside it</span></p>
<ol class="steps" id="steps">{steps}</ol>
</header>
<main>
{blocks}
</main>
</body>
</html>
"""
