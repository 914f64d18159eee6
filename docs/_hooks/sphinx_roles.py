"""A griffe extension: Sphinx roles in docstrings become links on the API pages.

The docstrings use Sphinx roles (``:class:`Config```, ``:meth:`~cleantext.Document.as_dict```),
which Markdown would show as they are.  When mkdocstrings loads the package, this
turns each role into a cross-reference to the object's entry on the API pages
(``[`Config`][cleantext.Config]``) where the object has one, and into plain code
otherwise, so a role can never break the strict build.  The source is not changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?(?:class|meth|func|data|attr|mod|obj|exc|const):`(~?)([\w.]+)(\(\))?`")
API = Path(__file__).resolve().parents[1] / "api"
PACKAGE = "cleantext"


def _rendered_roots() -> list[str]:
    """The identifiers the API pages render with ``::: identifier``."""
    roots: list[str] = []
    for page in sorted(API.glob("*.md")):
        roots += re.findall(r"^:::\s+([\w.]+)", page.read_text(encoding="utf-8"), re.M)
    return roots


def _walk(obj: griffe.Object) -> Iterator[griffe.Object]:
    yield obj
    for member in obj.members.values():
        if not member.is_alias:
            yield from _walk(member)  # type: ignore[arg-type]


class SphinxRoles(griffe.Extension):
    """Rewrite Sphinx roles in the package's docstrings as mkdocstrings cross-references."""

    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        if pkg.path != PACKAGE:
            return
        self._collection = loader.modules_collection
        # canonical path -> the identifier its entry has on the API pages
        self._canonical: dict[str, str] = {}
        for ident in _rendered_roots():
            found = self._lookup(ident)
            if found is not None:
                target = found.target_path if found.is_alias else found.path
                self._canonical[target] = ident
        for obj in _walk(pkg):
            if obj.docstring is not None and ":`" in obj.docstring.value:
                obj.docstring.value = ROLE.sub(lambda m, o=obj: self._replace(m, o), obj.docstring.value)

    def _lookup(self, path: str) -> Any:
        try:
            return self._collection[path]
        except Exception:  # not loaded, or an alias that does not resolve
            return None

    def _full_path(self, name: str, scope: griffe.Object) -> str | None:
        if name.startswith(PACKAGE + "."):
            return name
        head, _, rest = name.partition(".")
        for candidate in (scope, scope.parent):
            if candidate is None:
                continue
            try:
                base = candidate.resolve(head)
            except Exception:  # not a name in that scope
                continue
            return f"{base}.{rest}" if rest else base
        return None

    def _anchor(self, full: str) -> str | None:
        """The API-page identifier for ``full``, if that object has an entry there."""
        found = self._lookup(full)
        if found is None:
            return None
        if found.is_alias:
            full = found.target_path
            found = self._lookup(full)
        if full in self._canonical:
            return self._canonical[full]
        if found is None or found.docstring is None or full.rsplit(".", 1)[-1].startswith("_"):
            return None  # members without a docstring get no entry
        for root in sorted(self._canonical, key=len, reverse=True):
            if full.startswith(root + "."):
                return self._canonical[root] + full[len(root) :]
        return None

    def _replace(self, match: re.Match[str], scope: griffe.Object) -> str:
        tilde, name, call = match.group(1), match.group(2), match.group(3) or ""
        text = (name.rsplit(".", 1)[-1] if tilde else name) + call
        full = self._full_path(name, scope)
        anchor = self._anchor(full) if full else None
        return f"[`{text}`][{anchor}]" if anchor else f"`{text}`"
