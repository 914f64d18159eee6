"""Very long pages are cleaned a window of whole lines at a time (cleantext.windows)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import Pipeline
from cleantext import windows as windows_module
from cleantext.windows import needs_windows, windows


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab \n", max_size=80), st.integers(1, 6), st.integers(1, 15))
def test_windows_are_whole_lines_that_rebuild_the_text(text: str, lines: int, chars: int) -> None:
    spans = list(windows(text, lines, chars))
    assert "\n".join(text[a:b] for a, b in spans) == text  # one newline between two windows
    for a, b in spans:
        window = text[a:b]
        assert a == 0 or text[a - 1] == "\n"
        assert b == len(text) or text[b] == "\n"
        # within both limits, unless it is one longer line (after an empty one, perhaps)
        single = "\n" not in window.lstrip("\n")
        assert single or (window.count("\n") < lines and len(window) <= chars)


def test_a_window_ends_at_a_blank_line_in_its_second_half() -> None:
    text = "one\ntwo\nthree\n\nfour\nfive\nsix\nseven"
    assert next(windows(text, lines=6, chars=1000)) == (0, text.index("\n\n"))


def test_the_search_reads_the_text_a_few_times_only() -> None:
    counted: list[int] = []

    class Counting(str):
        def count(self, sub: str, start: int = 0, end: int = 2**62) -> int:  # type: ignore[override]
            counted.append(min(end, len(self)) - start)
            return str.count(self, sub, start, end)

    text = Counting("Home\nNews\n" * 200_000)
    spans = list(windows(text, lines=1000, chars=1_000_000))
    assert 400 <= len(spans) <= 800  # windows of 500 to 1000 lines
    assert sum(counted) < 5 * len(text)  # linear: not the whole rest of the text per window


def test_bad_limits_raise() -> None:
    with pytest.raises(ValueError):
        list(windows("a", lines=0))


def test_a_long_page_is_cleaned_window_by_window(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(windows_module, "WINDOW_LINES", 50)
    monkeypatch.setattr("cleantext.pipeline.needs_windows", lambda text: needs_windows(text, lines=50))
    monkeypatch.setattr("cleantext.pipeline.windows", lambda text: windows(text, lines=50))
    prose = (
        "The council met on Tuesday evening and agreed, after a long debate, to rebuild the old "
        "bridge by spring with money from the regional fund."
    )
    # (each paragraph its own: the body keeps a text once)
    page = "\n".join(
        line
        for year in range(2000, 2030)
        for line in [
            "Home",
            "News",
            "Sport",
            prose.replace("spring", f"spring {year}"),
            prose.replace("Tuesday", "Friday").replace("spring", f"spring {year}"),
            "Contact",
        ]
    )
    pipeline = Pipeline()
    seen: list[int] = []
    run_once = pipeline._run_once

    def recording(text: str, markup: object = None) -> cleantext.Document:
        seen.append(text.count("\n") + 1)
        return run_once(text)

    monkeypatch.setattr(pipeline, "_run_once", recording)
    body = pipeline.clean(page)
    assert len(seen) >= 4 and max(seen) <= 50  # windows of at most 50 lines
    # each window a page of its own: the body is the windows' bodies, in order
    assert body.count("The council met on Tuesday") == 30
    lines = page.split("\n")
    by_window = [Pipeline().run("\n".join(lines[a : a + n])).body for a, n in _starts(seen)]
    assert body == "\n".join(b for b in by_window if b)


def _starts(sizes: list[int]) -> list[tuple[int, int]]:
    out, at = [], 0
    for size in sizes:
        out.append((at, size))
        at += size
    return out


def test_a_short_page_is_read_whole() -> None:
    page = "Home\nThe council met on Tuesday and agreed to rebuild the old bridge by spring.\n"
    assert not needs_windows(page)
    assert cleantext.clean(page) == cleantext.clean_document(page).body


def test_windows_keep_the_options_of_a_whole_page(monkeypatch: pytest.MonkeyPatch) -> None:
    # markdown output, settle and max_chars act on a long page as on a short one
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    sections = []
    for i in range(20):
        prose = (
            f"The council met on {days[i % 5]} evening, for the {i + 1}th time this year, and agreed after "
            f"a long debate to rebuild bridge number {i + 1} by spring with money from the regional fund."
        )
        sections += [f"# Town news {i + 1}", "", "* [Home](/)", "", f"**{prose}**", ""]
    page = "\n".join(sections)
    whole = Pipeline().clean(page, output="markdown")
    monkeypatch.setattr("cleantext.pipeline.needs_windows", lambda text: needs_windows(text, lines=40))
    monkeypatch.setattr("cleantext.pipeline.windows", lambda text: windows(text, lines=40))
    markdown = Pipeline().clean(page, output="markdown")
    assert markdown.count("**The council met on") == whole.count("**The council met on") >= 15
    # the markdown body is the input lines that hold it, markup intact
    assert set(markdown.split("\n")) <= set(sections)
    settled = Pipeline(settle=True).clean(page)  # each window read again until stable
    assert all(f"bridge number {i + 1} " in settled for i in range(20))
    with pytest.raises(cleantext.PageTooLong):
        Pipeline(max_chars=1000).clean(page)
    cut = Pipeline(max_chars=1000, too_long="truncate").clean(page)
    assert 0 < len(cut) <= 1000
    with pytest.raises(ValueError, match="output"):
        Pipeline().clean(page, output="html")  # type: ignore[arg-type]
