"""The encoding step: mojibake is repaired, and nothing else about the text changes."""

from __future__ import annotations

import ftfy
import ftfy.bad_codecs  # registers "sloppy-windows-1252"
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleantext
from cleantext.filters.encoding import _SUSPECT, _config, _fix_line, fix_encoding, looks_garbled
from cleantext.filters.normalize import normalize_whitespace, plain_spaces

# Sentences with the letters that mojibake breaks, in the languages we clean most.
SENTENCES = {
    "de": "Die Größe der Straße überrascht: „Schöne Grüße“, sagte Jürgen Weiß am Dienstag.",
    "fr": "Le garçon a mangé une crème brûlée à l’école, où l’été dure très longtemps.",
    "pl": "Zażółć gęślą jaźń, powiedział Łukasz Żółkiewski w Łodzi we wtorek.",
    "es": "El niño comió en la cafetería del señor Muñoz; ¿qué más? ¡Qué día!",
}


def cp1252_mojibake(text: str) -> str:
    """UTF-8 bytes read as Windows-1252, the way browsers do it: the five bytes
    cp1252 leaves undefined (0x81, 0x8d, 0x8f, 0x90, 0x9d) become C1 controls."""
    return text.encode("utf-8").decode("sloppy-windows-1252")


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_cp1252_mojibake_is_repaired(lang: str) -> None:
    clean = SENTENCES[lang]
    broken = cp1252_mojibake(clean)
    assert broken != clean
    assert looks_garbled(broken)
    fixed, plans = fix_encoding(broken)
    assert fixed == clean
    assert [line for line, _ in plans] == [0]


def test_strict_cp1252_mojibake_is_repaired() -> None:
    # Python's own strict cp1252 codec (German has no undefined bytes)
    clean = SENTENCES["de"]
    broken = clean.encode("utf-8").decode("cp1252")
    assert fix_encoding(broken)[0] == clean


def test_only_broken_lines_change_and_are_reported() -> None:
    lines = [
        "A clean English line about the weather.",
        cp1252_mojibake(SENTENCES["de"]),
        "Another clean line — with “curly quotes” and an ﬁ ligature.",
        cp1252_mojibake(SENTENCES["fr"]),
    ]
    fixed, plans = fix_encoding("\n".join(lines))
    out = fixed.split("\n")
    assert out == [lines[0], SENTENCES["de"], lines[2], SENTENCES["fr"]]
    assert [line for line, _ in plans] == [1, 3]


def test_plans_replay_with_ftfy_apply_plan() -> None:
    broken_lines = [cp1252_mojibake(SENTENCES[lang]) for lang in sorted(SENTENCES)]
    broken = "\n".join(["Clean header line", *broken_lines])
    fixed, plans = fix_encoding(broken)
    assert len(plans) == len(broken_lines)
    before, after = broken.split("\n"), fixed.split("\n")
    for number, plan in plans:
        assert plan, "a repaired line must come with a non-empty plan"
        assert ftfy.apply_plan(before[number], plan) == after[number]


def test_document_report_holds_the_replayable_plans() -> None:
    broken = "Headline\n" + cp1252_mojibake(SENTENCES["de"])
    doc = cleantext.clean_document(broken)
    assert doc.text.split("\n")[1] == SENTENCES["de"]
    (report,) = [r for r in doc.reports if r.step == "encoding"]
    assert report.details
    for number, plan in report.details:
        assert ftfy.apply_plan(broken.split("\n")[number], plan) == doc.text.split("\n")[number]


CLEAN_TEXTS = [
    *SENTENCES.values(),
    "“Curly double” and ‘curly single’ quotes, an apostrophe’s tail, «guillemets» and „Gänsefüßchen“.",
    "Full-width: ＡＢＣ　ｄｅｆ　１２３！ and half-width katakana ｶﾀｶﾅ.",
    "Ligatures: ﬁnance, ﬂow, oﬃce, ﬀ, ﬆ.",
    "Dashes – and — and ellipsis … bullets • and € 10, © 2024, ® ™ ° ± µ § ¶.",
    "Größenordnung: 3 × 4 = 12; ½ + ¼ = ¾; 5 ‰; ¿Qué? ¡Sí!",
    "Ελληνικά, русский текст, עברית, العربية, हिन्दी, 中文句子。日本語の文章です。한국어 문장.",
    "Emoji 👍🏽 and 👨‍👩‍👧 with zero-width joiners.",
    "Å, Ä, Ö, à, â, ç, é, è, ê, ë, î, ï, ô, û, ù, ü, ÿ, œ, æ, ø, ß, Ãgua and Âmbito.",
]


@pytest.mark.parametrize("text", CLEAN_TEXTS)
def test_clean_text_passes_untouched(text: str) -> None:
    assert not looks_garbled(text)
    fixed, plans = fix_encoding(text)
    assert fixed == text
    assert plans == []


def test_clean_document_passes_untouched_through_the_step() -> None:
    text = "\n".join(CLEAN_TEXTS)
    doc = cleantext.clean_document(text, disable=("normalize",))
    assert doc.text == text
    (report,) = [r for r in doc.reports if r.step == "encoding"]
    assert not report.details


@pytest.mark.parametrize("text", ["A IRMÃ DELE VIAJOU", "COMI UMA MAÇÃ E UM PÃO", "MANHÃ DE SOL"])
def test_portuguese_capitals_pass_the_gate_but_stay(text: str) -> None:
    # "Ã " is one of the gate's suspects, so ftfy looks at these lines; it must
    # still leave real Portuguese capitals alone
    assert looks_garbled(text)
    assert fix_encoding(text) == (text, [])


@pytest.mark.parametrize(
    "clean",
    [
        "Er sagte: „Das ist „gut“, oder?“ – ‘ja’ – “yes”",
        "ＦＵＬＬ　ＷＩＤＴＨ　ｔｅｘｔ",
        "ﬁne ﬂour, eﬀort",
    ],
)
def test_quotes_widths_and_ligatures_survive_a_repair(clean: str) -> None:
    # the line is broken and repaired, but its curly quotes, full-width letters
    # and ligatures must come back as they were, not "uncurled" or NFKC-folded
    line = f"Größe: {clean}"
    fixed, plans = fix_encoding(cp1252_mojibake(line))
    assert fixed == line
    assert plans


def test_mixed_line_keeps_its_good_characters() -> None:
    # a line with mojibake and intact typography: only the mojibake is touched
    line = "Ã¼ber “quotes” and ﬁ and Ｆ"
    fixed, _ = fix_encoding(line)
    assert fixed == "über “quotes” and ﬁ and Ｆ"


def test_fix_encoding_option_off_skips_repair() -> None:
    broken = cp1252_mojibake(SENTENCES["de"])
    doc = cleantext.clean_document(broken, fix_encoding=False)
    assert doc.text == broken


def test_fix_encoding_is_idempotent() -> None:
    broken = "\n".join(cp1252_mojibake(s) for s in SENTENCES.values())
    once, _ = fix_encoding(broken)
    twice, plans = fix_encoding(once)
    assert twice == once
    assert plans == []


@given(
    st.lists(
        st.sampled_from(
            ["ä", "é", "Ã", "Â", "â", "€", "™", "\x81", "\x9d", " ", "a", "©", "ï", "»", "—", "\ud800", "😀"]
        ),
        min_size=0,
        max_size=40,
    ),
    st.booleans(),
)
@settings(max_examples=300, deadline=None)
def test_gate_on_utf8_bytes_agrees_with_the_pattern_on_characters(pieces: list[str], long: bool) -> None:
    # the gate searches the UTF-8 bytes; _SUSPECT says the same on the characters
    text = ("ö" * 2100 if long else "") + "".join(pieces)
    assert looks_garbled(text) == (_SUSPECT.search(text) is not None)
    assert looks_garbled(text[::-1]) == (_SUSPECT.search(text[::-1]) is not None)


def test_a_lone_nel_is_a_line_break_not_an_ellipsis() -> None:
    first = "First line of prose that is long enough to read as a sentence, with words."
    second = "Second line of prose that is long enough to read as a sentence, with words."
    for fix in (True, False):
        doc = cleantext.clean_document(f"{first}\x85{second}", fix_encoding=fix)
        assert [b.text for b in doc.blocks] == [first, second], fix
        assert "…" not in doc.body
    # next to mojibake it is still a line break, and the mojibake is repaired
    doc = cleantext.clean_document("Die Stadt M\xc3\xbcnchen und \xc3\x85land.\x85Zweite Zeile.")
    assert doc.text == "Die Stadt München und Åland.\nZweite Zeile."


@pytest.mark.parametrize("space", ["\xa0", "\u202f", "\u2007"])
@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_broken_characters_beside_a_fixed_width_space_are_repaired_once(space: str, lang: str) -> None:
    # ftfy leaves "\xa0Â¡" broken; the normalize step turns the no-break space into a
    # plain one, and a second cleaning would then repair what the first one left
    words = SENTENCES[lang].split(" ")
    line = space.join(cp1252_mojibake(word) for word in words)
    fixed, plans = fix_encoding(line)
    assert normalize_whitespace(fixed) == SENTENCES[lang]
    ((_number, plan),) = plans
    # the plan replays on the line, or on the line with plain spaces where ftfy could
    # repair only that
    source = line if fixed.count(space) == line.count(space) else plain_spaces(line)
    assert ftfy.apply_plan(source, plan) == fixed
    once = cleantext.clean(line)
    assert cleantext.clean(once) == once


# the ways text is broken: UTF-8 read as each single-byte encoding ftfy knows, with
# what is left around it (a C1 control, a surrogate, a no-break space, a clean half)
_CODECS = ["latin-1", "sloppy-windows-1252", "windows-1252", "windows-1251", "windows-1250", "cp437", "macroman"]


@given(
    st.lists(
        st.sampled_from([*SENTENCES.values(), "½ € ™ — “x” ‘y’", "Ελληνικά русский 日本語"]), min_size=1, max_size=3
    ),
    st.sampled_from(_CODECS),
    st.sampled_from(["", "\x92", "\x81", "\x85", "\ud83d", "\xa0", " Größe"]),
    st.booleans(),
)
@settings(max_examples=400, deadline=None)
def test_a_line_is_repaired_as_fix_and_explain_repairs_it(
    pieces: list[str], codec: str, extra: str, clean_half: bool
) -> None:
    # _fix_line skips fix_and_explain's second reading where it finds nothing: the text
    # and the plan must be those of fix_and_explain
    text = " ".join(pieces)
    try:
        broken = text.encode("utf-8").decode(codec)
    except UnicodeDecodeError:
        broken = cp1252_mojibake(text)
    half = len(broken) // 2
    line = (text[:half] if clean_half else broken[:half]) + extra + broken[half:]
    config = _config()
    expected, steps = ftfy.fix_and_explain(line, config=config)
    assert _fix_line(line, config) == (expected, list(steps or []))
