"""Command-line flags generated from :class:`~cleantext.config.Config`, so that the two
cannot drift apart: every field gets a flag, its help comes from the field's line in
the ``Config`` docstring, and the parsed flags become a ``Config``.

``language`` is checked against the languages cleantext supports, ``disable``
against the registered steps.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import typing
from typing import Any

from .config import TOO_LONG, Config
from .language import backends
from .pipeline import registered
from .stopwords import supported_languages

__all__ = ["add_config_flags", "config_from_flags", "field_help", "flag_names"]

_ATTRIBUTE = re.compile(r"^ {8}(\w+): (.*(?:\n {12}.*)*)", re.M)


def field_help() -> dict[str, str]:
    """Each Config field's description, from the ``Attributes:`` section of its docstring
    (the first sentence, with the ``rst`` markup removed)."""
    doc = Config.__doc__ or ""
    out = {}
    for name, text in _ATTRIBUTE.findall(doc):
        flat = " ".join(text.split()).replace("``", "")
        out[name] = flat.split(". ")[0].rstrip(".")
    return out


def flag_names(name: str) -> tuple[str, str | None]:
    """The flag of a field, and for a true-by-default ``keep_X`` field its ``--no-X``."""
    flag = "--" + name.replace("_", "-")
    if name.startswith("keep_"):
        return flag, "--no-" + name[len("keep_") :].replace("_", "-")
    return flag, None


def _language(value: str) -> str:
    code = value.strip().lower()
    known = supported_languages()
    if code not in known:
        raise argparse.ArgumentTypeError(
            f"unsupported language {value!r}: give an ISO 639-1 code, one of {', '.join(sorted(known))}"
        )
    return code


def add_config_flags(parser: argparse.ArgumentParser) -> None:
    """Add one flag per :class:`Config` field to ``parser``, in a "pipeline" group.

    Every flag's default is ``None`` (not given): :func:`config_from_flags` then keeps
    the ``Config`` default.
    """
    group = parser.add_argument_group("pipeline (the fields of cleantext.Config)")
    helps = field_help()
    hints = typing.get_type_hints(Config)
    defaults = Config()
    for field in dataclasses.fields(Config):
        name, hint = field.name, hints[field.name]
        flag, negative = flag_names(name)
        default = getattr(defaults, name)
        text = f"{helps.get(name, name)} (default: {default!r})"
        dest = f"config_{name}"
        if name == "language":
            group.add_argument(flag, dest=dest, type=_language, metavar="CODE", help=text)
        elif name == "language_backend":
            group.add_argument(flag, dest=dest, choices=backends(), help=text)
        elif name == "disable":
            steps = ", ".join(registered())
            group.add_argument(
                flag, dest=dest, action="append", metavar="STEP", help=f"{text}; repeatable or comma-separated: {steps}"
            )
        elif hint is bool and negative is not None:
            group.add_argument(flag, dest=dest, action="store_const", const=True, help=text)
            group.add_argument(negative, dest=dest, action="store_const", const=False, help=f"the opposite of {flag}")
        elif hint is bool:
            group.add_argument(flag, dest=dest, action=argparse.BooleanOptionalAction, help=text)
        elif name == "too_long":
            group.add_argument(flag, dest=dest, choices=TOO_LONG, help=text)
        elif hint in (int, float, int | None):
            kind = int if hint == int | None else hint
            group.add_argument(flag, dest=dest, type=kind, metavar="N", help=text)
        else:  # pragma: no cover - a new kind of field needs a flag written for it
            raise TypeError(f"no flag for Config.{name} of type {hint!r}")


def config_from_flags(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Config:
    """The :class:`Config` the flags ask for; a usage error (exit 2) if it is invalid."""
    options: dict[str, Any] = {}
    for field in dataclasses.fields(Config):
        value = getattr(args, f"config_{field.name}", None)
        if value is not None:
            options[field.name] = value
    if "disable" in options:
        steps = [step for item in options["disable"] for step in item.split(",") if step]
        unknown = sorted(set(steps) - set(registered()))
        if unknown:
            parser.error(f"--disable: unknown step(s) {', '.join(unknown)}; known: {', '.join(registered())}")
        options["disable"] = tuple(steps)
    try:
        return Config().replace(**options)
    except (TypeError, ValueError) as exc:
        parser.error(str(exc))
        raise  # pragma: no cover - parser.error exits
