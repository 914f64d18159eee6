"""Block features: each column measures what its name says, whatever the slicing."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import features
from cleantext.features import OWN, column, context_features, document_features
from cleantext.lexicons import lexicon
from cleantext.stopwords import stopwords
from cleantext.uniclass import word

BODY = [
    "The council approved the new budget for the school district on Tuesday evening, after a long "
    "debate about the cost of the new school buildings and the teachers they will need next year.",
    "Parents said the school district had waited too long; the budget for the buildings was first "
    "proposed three years ago, and the council delayed the debate about the school twice since then.",
]
TEASER = "Celebrity chef opens a seaside restaurant with a view of the harbour and lighthouse"


def feats(texts: list[str], language: str = "en") -> np.ndarray:
    x, _ = document_features(texts, [0.0] * len(texts), stopwords(language), lexicon(language))
    return x


def test_columns_say_what_their_names_say() -> None:
    texts = [
        "- Home",
        "Read more at https://example.com/page",
        "#news #politics",
        "Published 12.03.2019 at 10:45",
        "What a day!",
        "It was, he said, the end of an era.",
        "unfinished line with",
    ]
    x = feats(texts)
    assert x[0, column("bullet")] == 1 and x[1, column("bullet")] == 0
    assert x[1, column("url")] == 1 and x[0, column("url")] == 0
    assert x[2, column("tags")] > 0 and x[3, column("tags")] == 0
    assert x[3, column("date")] == 1 and x[3, column("time")] == 1 and x[4, column("date")] == 0
    assert x[4, column("terminal")] == 1 and x[0, column("terminal")] == 0
    assert x[5, column("comma_rate")] > 0 and x[5, column("stop_density")] > 0.3
    assert x[6, column("unfinished")] == 1 and x[5, column("unfinished")] == 0
    # words are runs of letters and digits: "12.03.2019" is three, "https://example.com/page" four
    assert np.allclose(np.expm1(x[:, column("log_words")]), [1, 7, 2, 7, 3, 9, 3])


def test_topic_overlap_is_high_for_body_and_low_for_a_teaser() -> None:
    x = feats([*BODY, TEASER])
    overlap = x[:, column("topic_overlap")]
    assert overlap[0] > 0.3 and overlap[1] > 0.3
    assert overlap[2] == 0.0


def test_slices_give_the_same_features(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [*BODY, TEASER, "Home", "#news", "Published 12.03.2019"] * 20
    whole = feats(texts)
    monkeypatch.setattr(features, "SLICE_CHARS", 300)  # many slices
    assert np.array_equal(whole, feats(texts))


def test_counts_stay_exact_in_blocks_longer_than_16_bits() -> None:
    # per-block counts are summed in 16 bits while every block is shorter than 2**16
    # characters; a longer block must not wrap around
    long_word = "Ab" * 40_000
    x = feats([long_word, "Home"])
    assert x[0, column("mean_word_len")] == pytest.approx(80_000)
    assert x[0, column("upper_ratio")] == pytest.approx(0.5)
    assert x[0, column("title_ratio")] == pytest.approx(1.0)


def test_no_stopword_list_still_gives_features() -> None:
    x = feats([*BODY, TEASER], language="xx-none")
    assert x.shape == (3, len(OWN))
    assert (x[:, column("stop_density")] == 0).all() and (x[:, column("has_stoplist")] == 0).all()


def test_context_features_shape_and_padding() -> None:
    x = feats([*BODY, TEASER])
    ctx = context_features(x, np.array([0.9, 0.8, 0.1]))
    assert ctx.shape == (3, features.N_CONTEXT)
    assert context_features(x[:0], np.zeros(0)).shape == (0, features.N_CONTEXT)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0.0, 1.0), min_size=1, max_size=40))
def test_window_columns_are_the_mean_and_maximum_over_each_window(scores: list[float]) -> None:
    p1 = np.array(scores)
    n = p1.size
    own = np.zeros((n, len(OWN)))
    ctx = context_features(own, p1)
    names = features.context_names()
    for w in features.WINDOWS:
        window = [p1[max(0, i - w) : i + w + 1] for i in range(n)]
        assert np.allclose(ctx[:, names.index(f"p1_mean{w}")], [v.mean() for v in window])
        assert np.array_equal(ctx[:, names.index(f"p1_max{w}")], [v.max() for v in window])


# the link rule as one regular expression (quadratic on a run of "@"): the reference
_URL_REFERENCE = re.compile(rf"https?://|www\.|(?<=\S)@\S+\.{word()}")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="a@. \nwh:/tps1\u00a0", max_size=30))
def test_link_positions_find_the_blocks_the_regular_expression_finds(text: str) -> None:
    for line in text.split("\n"):
        assert bool(features._url_positions(line)) == bool(_URL_REFERENCE.search(line)), line


@pytest.mark.parametrize(
    ("line", "is_link"),
    [
        ("mail jane@example.org today", True),
        ("see www.example.com", True),
        ("@handle said so", False),
        ("a@.b", False),  # nothing between "@" and the dot
        ("x@ab@c.d", True),
        ("price 5 @ 3.50", False),
    ],
)
def test_link_positions_examples(line: str, is_link: bool) -> None:
    assert bool(features._url_positions(line)) is is_link


# dates and times as written first (each from its digits, tried at every digit): a
# block holds one exactly when it holds one of the patterns features finds them with
_LETTER_REF = r"[^\W\d_²³¹¼½¾]"
_WORD_REF = r"(?:[^\W²³¹¼½¾]|[\u0301\u200d])"
_DATE_REF = re.compile(
    r"\d(?:"
    rf"\d{{0,3}}[./-]\d{{1,2}}[./-]\d{{2,4}}(?!{_WORD_REF})"
    rf"|\d?\.?[ ]{_LETTER_REF}{{3,9}}\.?[ ]\d{{4}}(?!{_WORD_REF})"
    rf"|(?:(?<={_LETTER_REF}{{3}}[ ]\d)|(?<={_LETTER_REF}{{3}}\.[ ]\d))\d?,?[ ]\d{{4}}(?!{_WORD_REF})"
    ")"
)
_TIME_REF = re.compile(rf"\d(?<!{_WORD_REF}\d)\d?:\d{{2}}(?!{_WORD_REF})")


@given(st.text(alphabet=st.sampled_from("0123456789 \n.,/-:maérz_²\u0301"), max_size=60))
@settings(max_examples=400, deadline=None)
def test_dates_and_times_are_found_in_the_blocks_that_hold_them(text: str) -> None:
    starts = np.array([0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"])
    n = starts.size
    for found, reference in ((features._dates(), _DATE_REF), (features._times(), _TIME_REF)):
        expected = features._matched((reference,), text, starts, n)
        assert (features._matched(found, text, starts, n) == expected).all(), text
