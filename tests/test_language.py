"""Language detection: backends, determinism, the ``language`` option, a bounded sample."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import language as lang_mod
from cleantext.language import (
    _CLD2_INVALID,
    Cld2Backend,
    LangdetectBackend,
    Py3LangidBackend,
    backends,
    detect_language,
    get_backend,
    prose_sample,
    register_backend,
)

SENTENCES = {
    "de": (
        "Die Bundesregierung hat am Mittwoch beschlossen, dass die neuen Regeln für den "
        "Wohnungsbau ab dem nächsten Jahr gelten sollen. Kritiker halten das für zu spät."
    ),
    "en": (
        "The government decided on Wednesday that the new rules for housing construction "
        "will apply from next year. Critics say that this is far too late."
    ),
    "fr": (
        "Le gouvernement a décidé mercredi que les nouvelles règles pour la construction de "
        "logements s’appliqueront dès l’année prochaine. Les critiques jugent cela trop tard."
    ),
    "es": (
        "El gobierno decidió el miércoles que las nuevas normas para la construcción de "
        "viviendas se aplicarán a partir del próximo año. Los críticos dicen que es tarde."
    ),
    "pl": (
        "Rząd zdecydował w środę, że nowe przepisy dotyczące budownictwa mieszkaniowego będą "
        "obowiązywać od przyszłego roku. Krytycy uważają, że to zdecydowanie za późno."
    ),
    "zh": "政府星期三决定，关于住房建设的新规定将从明年开始实施。批评者认为这已经太晚了，应该早点行动。",
}


@pytest.fixture(scope="module")
def cld2() -> Cld2Backend:
    return Cld2Backend()


def test_cld2_survives_what_it_calls_invalid_utf8(cld2: Cld2Backend) -> None:
    # C1 controls and lone surrogates make CLD2 raise; they are blanked out first
    text = SENTENCES["de"] + "\x97 \ud800 \x85"
    assert cld2.detect(text)[0] == "de"


def test_cld2_survives_every_noncharacter(cld2: Cld2Backend) -> None:
    # U+FDD0..U+FDEF and the last two code points of every plane (U+4FFFE made it raise)
    nonchars = [*range(0xFDD0, 0xFDF0), *(plane << 16 | low for plane in range(17) for low in (0xFFFE, 0xFFFF))]
    for cp in nonchars:
        assert cld2.detect(SENTENCES["de"] + " " + chr(cp))[0] == "de", hex(cp)


def test_cld2_reads_every_character_it_refuses_as_a_space(cld2: Cld2Backend) -> None:
    # controls, surrogates and non-characters: CLD2 raises on all but form feed and
    # carriage return; each is blanked, so the answer is that for a space
    refused = [chr(cp) for cp in range(0x110000) if _CLD2_INVALID.match(chr(cp))]
    # C0 controls but tab and newline, DEL and the C1 controls, surrogates, non-characters
    assert len(refused) == 9 + 21 + 33 + 2048 + 32 + 34
    expected = cld2.detect(SENTENCES["de"] + " " + SENTENCES["fr"])
    for ch in refused:
        assert cld2.detect(SENTENCES["de"] + ch + SENTENCES["fr"]) == expected, hex(ord(ch))


def test_default_backend_is_cld2() -> None:
    assert cleantext.Config().language_backend == "cld2"
    reports = {r.step: r.summary for r in cleantext.clean_document(SENTENCES["de"]).reports}
    assert "detected de" in reports["language"]


@pytest.fixture(scope="module")
def py3langid() -> Py3LangidBackend:
    return Py3LangidBackend()


@pytest.fixture(scope="module")
def langdetect() -> LangdetectBackend:
    return LangdetectBackend()


@pytest.mark.parametrize("code", sorted(SENTENCES))
@pytest.mark.parametrize("backend", ["cld2", "py3langid", "langdetect"])
def test_backend_detects(backend: str, code: str, request: pytest.FixtureRequest) -> None:
    found, confidence = request.getfixturevalue(backend).detect(SENTENCES[code])
    assert found == code  # "zh-Hant" (cld2) and "zh-cn" (langdetect) are reported as "zh"
    assert 0.5 < confidence <= 1.0


@pytest.mark.parametrize("backend", ["cld2", "py3langid", "langdetect"])
def test_detection_through_the_pipeline(backend: str) -> None:
    for code, sentence in SENTENCES.items():
        doc = cleantext.clean_document(f"Home\nNews\n{sentence}\nContact", language_backend=backend)
        assert doc.language == code, backend
        assert 0.5 < doc.language_confidence <= 1.0


AMBIGUOUS = [
    "Home News Sport Kontakt Impressum Datenschutz",
    "Paris Berlin London Madrid Warszawa",
    "OK ok ok 123 456",
    "Die the le el w 的",
    "Tag: #KI #AI #Tech #Börse",
]


@pytest.mark.parametrize("factory", [Cld2Backend, Py3LangidBackend, LangdetectBackend])
def test_backends_are_deterministic_across_fresh_instances(factory) -> None:
    texts = list(SENTENCES.values()) + AMBIGUOUS
    first, second = factory(), factory()
    a = [first.detect(t) for t in texts]
    b = [second.detect(t) for t in texts]
    assert a == b
    # and stable on repeated calls of the same instance
    assert [first.detect(t) for t in texts] == a


def test_langdetect_ignores_the_global_seed() -> None:
    from langdetect import DetectorFactory

    old = DetectorFactory.seed
    try:
        DetectorFactory.seed = 12345
        changed = LangdetectBackend().detect(AMBIGUOUS[3])
    finally:
        DetectorFactory.seed = old
    assert changed == LangdetectBackend().detect(AMBIGUOUS[3])


def test_empty_sample_gives_no_language(cld2, py3langid: Py3LangidBackend, langdetect) -> None:
    assert cld2.detect("") == (None, 0.0)
    assert cld2.detect(" \n\x00 ") == (None, 0.0)
    assert py3langid.detect("") == (None, 0.0)
    assert py3langid.detect("  \n ") == (None, 0.0)
    assert langdetect.detect("") == (None, 0.0)
    assert langdetect.detect("12345 !!! ???") == (None, 0.0)
    assert cleantext.clean_document("").language is None


def test_known_backends() -> None:
    assert {"cld2", "py3langid", "langdetect"} <= set(backends())


def test_unknown_backend_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="no-such-backend"):
        get_backend("no-such-backend")
    with pytest.raises(ValueError, match="no-such-backend"):
        cleantext.clean(SENTENCES["en"], language_backend="no-such-backend")


def test_backends_only_answer_languages_with_stopwords(py3langid, cld2) -> None:
    from cleantext.stopwords import supported_languages

    # Latin-script boilerplate that a full detector might call an exotic language
    for text in [*AMBIGUOUS, "Lorem ipsum dolor sit amet consectetur adipiscing elit"]:
        assert py3langid.detect(text)[0] in supported_languages()
        assert cld2.detect(text)[0] in (*supported_languages(), None)


class _Recorder:
    """A backend that records what it is given and always answers Swedish."""

    def __init__(self) -> None:
        self.samples: list[str] = []

    def detect(self, text: str) -> tuple[str | None, float]:
        self.samples.append(text)
        return "sv", 0.75


@pytest.fixture
def recorder():
    rec = _Recorder()
    register_backend("test-recorder", lambda: rec)
    yield rec
    lang_mod._BACKENDS.pop("test-recorder", None)
    get_backend.cache_clear()


def test_language_option_skips_detection(recorder: _Recorder) -> None:
    doc = cleantext.clean_document(SENTENCES["fr"], language="de", language_backend="test-recorder")
    assert doc.language == "de"
    assert doc.language_confidence == 1.0
    assert recorder.samples == []


def test_registered_backend_is_used(recorder: _Recorder) -> None:
    doc = cleantext.clean_document(SENTENCES["fr"], language_backend="test-recorder")
    assert (doc.language, doc.language_confidence) == ("sv", 0.75)
    assert recorder.samples == [SENTENCES["fr"]]


def _big_text(size: int) -> str:
    lines = [SENTENCES[c] for c in ("de", "en", "fr")] + ["Home", "News", ""]
    out, n, i = [], 0, 0
    while n < size:
        line = lines[i % len(lines)] + f" ({i})"
        out.append(line)
        n += len(line) + 1
        i += 1
    return "\n".join(out)


@pytest.mark.parametrize("limit", [1, 100, 2000, 7777])
def test_prose_sample_is_bounded(limit: int) -> None:
    text = _big_text(5_000_000)
    sample = prose_sample(text.split("\n"), limit)
    assert 0 < len(sample) <= limit


def test_prose_sample_on_one_huge_line() -> None:
    line = SENTENCES["en"] * (5_000_000 // len(SENTENCES["en"]))
    assert len(prose_sample([line], 2000)) == 2000


def test_prose_sample_prefers_long_lines() -> None:
    lines = ["Home", "News", SENTENCES["de"], "Contact us today", SENTENCES["en"]]
    sample = prose_sample(lines, 10_000)
    assert "Home" not in sample.split("\n")
    assert SENTENCES["de"] in sample and SENTENCES["en"] in sample


def test_prose_sample_prefers_sentences_to_tag_clouds_and_markup() -> None:
    cloud = "Berlin Hamburg Fotografie Film Design Linux Kultur Reisen Musik Politik Sport " * 3
    markup = '<script type="text/javascript">document.write("<a href=x>Home</a>");</script>' * 3
    sentence = "Der Fluss stieg nach drei Tagen Regen weiter an."
    sample = prose_sample([cloud, markup, sentence], 60)
    assert sample.startswith(sentence)
    # with nothing else, markup is still read rather than nothing
    assert prose_sample([markup], 60) == markup[:60]


def test_prose_sample_falls_back_to_short_lines_with_letters() -> None:
    sample = prose_sample(["Home", "1234", "", "Kontakt"], 2000)
    assert sample.split("\n") == ["Home", "Kontakt"]


def test_fallback_sample_is_bounded_too() -> None:
    # only short lines (a menu page): the fallback sample obeys the limit as well
    lines = [f"Menu item {i}" for i in range(10_000)]
    sample = prose_sample(lines, 100)
    assert 0 < len(sample) <= 100
    assert sample.startswith("Menu item 0")


def test_detection_reads_a_bounded_sample_of_a_5mb_text(recorder: _Recorder) -> None:
    text = _big_text(5_000_000)
    assert len(text) >= 5_000_000
    for limit in (300, 2000):
        recorder.samples.clear()
        cleantext.clean_document(
            text, language_backend="test-recorder", language_sample=limit, disable=("classify", "context", "select")
        )
        (sample,) = recorder.samples
        assert 0 < len(sample) <= limit


def test_detect_language_function_bounded_default(recorder: _Recorder) -> None:
    detect_language(_big_text(1_000_000), backend="test-recorder")
    (sample,) = recorder.samples
    assert len(sample) <= 2000


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=",. 1aé\u4e00\u0301", max_size=5), max_size=8))
def test_lines_with_letters_are_found_in_one_search_of_the_page(lines: list[str]) -> None:
    # the language sample's last resort: the lines that hold a letter, in order
    from cleantext.language import _lines_with_letters, _prose

    assert list(_lines_with_letters(lines)) == [line for line in lines if _prose().search(line)]
