"""Sample pages that ship with the package, so that the quickstart runs anywhere.

``bridge_en`` is a short made-up local news page, written for this project: a
headline and eight body blocks amid a menu, share buttons, a newsletter teaser,
related links, a cookie note and a footer.  It comes as scraped text (``.txt``) and
as HTML (``.html``); both give the same body.

>>> from cleantext import examples
>>> examples.names()
['bridge_en']
>>> examples.text("bridge_en").splitlines()[0]
'Skip to content'
"""

from __future__ import annotations

from importlib.resources import files

__all__ = ["html", "names", "text"]


def names() -> list[str]:
    """The names of the sample pages."""
    return sorted({p.name.split(".")[0] for p in files(__name__).iterdir() if p.name.endswith((".txt", ".html"))})


def _read(name: str, suffix: str) -> str:
    resource = files(__name__) / f"{name}{suffix}"
    if not resource.is_file():
        raise KeyError(f"no sample {name}{suffix}; samples: {', '.join(names())}")
    return resource.read_text(encoding="utf-8")


def text(name: str = "bridge_en") -> str:
    """A sample page's scraped text (one block per line)."""
    return _read(name, ".txt")


def html(name: str = "bridge_en") -> str:
    """A sample page's HTML."""
    return _read(name, ".html")
