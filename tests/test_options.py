"""Typed options: ``Options`` mirrors ``Config``, and a strict type check catches a
misspelt option or a wrong type in a user's script."""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import subprocess
import sys
import types
import typing
from pathlib import Path

import pytest

import cleantext
from cleantext.options import Options

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() == "true"


def test_options_name_every_config_field() -> None:
    assert list(Options.__annotations__) == [f.name for f in dataclasses.fields(cleantext.Config)]
    assert Options.__required_keys__ == frozenset()


def _members(hint: object) -> set[object]:
    """The types of a union, or the one type."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return set(typing.get_args(hint))
    return {hint}


def test_option_types_accept_the_config_types() -> None:
    hints = typing.get_type_hints(Options)
    for name, hint in typing.get_type_hints(cleantext.Config).items():
        assert _members(hint) <= _members(hints[name]), name


#: a user's script: the first block is right, each line of the second has one mistake
SCRIPT = """\
import cleantext

body: str = cleantext.clean("text", language="de", threshold=0.6, disable=("select",))
doc = cleantext.clean_document(html="<p>x</p>", keep_title=False)
pipeline = cleantext.Pipeline(max_gap=3, settle=True)
bodies = list(cleantext.clean_many(["a"], language_sample=200))
html_body: str = cleantext.clean_html("<p>x</p>", fix_encoding=False)

cleantext.clean("text", langauge="de")
cleantext.clean("text", threshold="high")
cleantext.clean_html("<p>x</p>", keep_titel=False)
cleantext.Pipeline(max_gap="3")
list(cleantext.clean_many(["a"], settel=True))
"""
MISTAKES = {
    9: 'Unexpected keyword argument "langauge"',
    10: 'Argument "threshold" to "clean" has incompatible type "str"',
    11: 'Unexpected keyword argument "keep_titel"',
    12: 'Argument "max_gap" to "Pipeline" has incompatible type "str"',
    13: 'Unexpected keyword argument "settel"',
}


def test_strict_type_check_of_a_user_script(tmp_path: Path) -> None:
    """mypy --strict passes the right calls and reports each wrong option, on its line."""
    if importlib.util.find_spec("mypy") is None:
        if IN_CI:
            pytest.fail("CI=true but mypy is not installed: it comes with the test extra")
        pytest.skip("mypy is not installed (pip install -e '.[test]')")
    (tmp_path / "user_script.py").write_text(SCRIPT, encoding="utf-8")
    # the user's own settings: strict for their script; cleantext is checked by .ci/run
    (tmp_path / "mypy.ini").write_text("[mypy]\nstrict = True\n[mypy-cleantext.*]\nignore_errors = True\n")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", "mypy.ini", "--cache-dir", str(tmp_path / "cache"),
         "user_script.py"],
        capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "MYPYPATH": str(ROOT / "src")}, check=False,
    )  # fmt: skip
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    lines = {int(line.split(":")[1]) for line in errors}
    assert lines == set(MISTAKES), result.stdout + result.stderr
    for number, message in MISTAKES.items():
        assert any(line.startswith(f"user_script.py:{number}:") and message in line for line in errors), message


def test_as_dict_has_exactly_the_keys_of_its_typeddict() -> None:
    from cleantext.document import BlockDict, DocumentDict, StepDict

    data = cleantext.clean_document("Home | News\nA sentence of body text that reads like prose, with words.").as_dict()
    assert list(data) == list(DocumentDict.__annotations__)
    assert all(list(step) == list(StepDict.__annotations__) for step in data["steps"])
    assert data["blocks"] and all(list(block) == list(BlockDict.__annotations__) for block in data["blocks"])
