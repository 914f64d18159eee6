"""The command line's front door: a flag for every Config field, --language checked,
HTML input (given or detected), --into/--force, outputs never cleaned again, -v and
the HTML report."""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import sys
from pathlib import Path

import pytest

import cleantext
from cleantext import cli
from cleantext.cliflags import flag_names
from test_html import article_page

FIXTURES = Path(__file__).parent / "fixtures"
RAW = (FIXTURES / "article_de.txt").read_text(encoding="utf-8")
GOLD = (FIXTURES / "article_de.body.txt").read_text(encoding="utf-8")


def main(args: list[str], capsysbinary: pytest.CaptureFixture[bytes], stdin: str = "") -> tuple[int, str, str]:
    """The command in this process: exit code, stdout and stderr text."""
    old = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    try:
        code = cli.main(args)
    finally:
        sys.stdin = old
    out, err = capsysbinary.readouterr()
    return code, out.decode("utf-8"), err.decode("utf-8")


def parsed_config(args: list[str]) -> cleantext.Config:
    parser = cli.build_parser()
    return cli.config_from(parser.parse_args(args), parser)


#: a value other than the default for each field, as flags
NON_DEFAULT = {
    "language": ["--language", "fr"],
    "language_backend": ["--language-backend", "py3langid"],
    "language_sample": ["--language-sample", "99"],
    "fix_encoding": ["--no-fix-encoding"],
    "threshold": ["--threshold", "0.7"],
    "keep_headings": ["--no-headings"],
    "keep_title": ["--no-title"],
    "max_gap": ["--max-gap", "2"],
    "disable": ["--disable", "select,context"],
    "settle": ["--settle"],
    "max_chars": ["--max-chars", "5000"],
    "too_long": ["--too-long", "truncate"],
}


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(cleantext.Config)])
def test_every_config_field_has_a_flag(field: str) -> None:
    assert field in NON_DEFAULT, f"Config.{field} has no flag test"
    config = parsed_config(NON_DEFAULT[field])
    changed = {
        f.name for f in dataclasses.fields(config) if getattr(config, f.name) != getattr(cleantext.Config(), f.name)
    }
    assert changed == {field}
    assert parsed_config([]) == cleantext.Config()


def test_keep_flags_go_both_ways() -> None:
    assert flag_names("keep_title") == ("--keep-title", "--no-title")
    assert parsed_config(["--no-title", "--keep-title"]).keep_title is True
    assert parsed_config(["--no-settle"]).settle is False


@pytest.mark.parametrize("value", ["german", "zz", "d"])
def test_unsupported_language_is_a_usage_error(value: str, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--language", value])
    assert exit_info.value.code == 2
    err = capsysbinary.readouterr().err.decode()
    assert f"unsupported language {value!r}" in err and "de, " in err


def test_language_code_is_normalised() -> None:
    assert parsed_config(["--language", "DE"]).language == "de"


def test_html_is_detected_and_converted_with_a_message(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    page = tmp_path / "page.html"
    page.write_text(article_page(), encoding="utf-8")
    code, out, err = main([str(page)], capsysbinary)
    assert code == 0 and out == GOLD
    assert "looks like HTML" in err and "SCRIPT" not in out


def test_no_html_cleans_html_as_text(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    code, out, err = main(["--no-html", "--format", "json"], capsysbinary, stdin=article_page())
    assert code == 0 and "looks like HTML" not in err
    assert any("<p>" in block["text"] for block in json.loads(out)["dropped"])


def test_html_flag_on_stdin_says_nothing(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    code, out, err = main(["--html"], capsysbinary, stdin=article_page())
    assert (code, out, err) == (0, GOLD, "")


def test_jsonl_html_field(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": 1, "html": article_page()}) + "\n", encoding="utf-8")
    code, _, _ = main(
        ["--jsonl", "--html", "--field", "html", str(source), "-o", str(tmp_path / "out.jsonl")], capsysbinary
    )
    record = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert code == 0 and record["body"] + "\n" == GOLD and record["language"] == "de"


def test_into_refuses_to_overwrite_unless_forced(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": RAW, "body": "mine"}) + "\n" + json.dumps({"text": RAW}) + "\n")
    out = tmp_path / "out.jsonl"
    code, _, err = main(["--jsonl", str(source), "-o", str(out)], capsysbinary)
    assert code == 1 and "1 error(s)" in err
    errors = [json.loads(line) for line in (tmp_path / "out.errors.jsonl").read_text().splitlines()]
    assert [e["line"] for e in errors] == [1] and "--force" in errors[0]["error"]
    assert [json.loads(line)["body"] + "\n" for line in out.read_text().splitlines()] == [GOLD]
    code, _, _ = main(["--jsonl", "--force", str(source), "-o", str(out)], capsysbinary)
    assert code == 0
    assert [json.loads(line)["body"] + "\n" for line in out.read_text().splitlines()] == [GOLD, GOLD]


def test_outputs_are_never_taken_as_inputs(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    (tmp_path / "p0.txt").write_text(RAW, encoding="utf-8")
    (tmp_path / "p1.txt").write_text(RAW, encoding="utf-8")
    for _ in range(2):  # a second `cleantext dir/*` sees the outputs of the first
        paths = sorted(str(p) for p in tmp_path.iterdir())
        code, _, err = main(paths, capsysbinary)
        assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p0.body.txt", "p0.txt", "p1.body.txt", "p1.txt"]
    assert f"skipping {tmp_path / 'p0.body.txt'}: it is an output of cleantext" in err
    with pytest.raises(SystemExit) as exit_info:
        cli.main([str(tmp_path / "p0.body.txt")])
    assert exit_info.value.code == 2


def test_verbose_reports_each_page(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    (tmp_path / "a.txt").write_text(RAW, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Home | News\n", encoding="utf-8")
    code, _, err = main(["-v", "-j", "1", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], capsysbinary)
    assert code == 0
    assert f"{tmp_path / 'a.txt'}: language de (" in err and "kept 15 of" in err
    assert f"{tmp_path / 'b.txt'}: language" in err and "  select: " in err


def test_format_html_writes_the_report(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    (tmp_path / "a.txt").write_text(RAW, encoding="utf-8")
    code, _, _ = main(["--format", "html", "--out-dir", str(tmp_path / "out"), str(tmp_path / "a.txt")], capsysbinary)
    report = (tmp_path / "out" / "a.report.html").read_text(encoding="utf-8")
    assert code == 0 and report.startswith("<!DOCTYPE html>")
    assert report.count('class="block kept"') == 15 and 'class="block dropped"' in report


def test_help_lists_every_flag() -> None:
    text = cli.build_parser().format_help()
    for field in dataclasses.fields(cleantext.Config):
        assert flag_names(field.name)[0] in text
    assert isinstance(cli.build_parser(), argparse.ArgumentParser)
