"""The phrase lexicons: files parse, cover every category, hit typical boilerplate,
leave plain prose alone, and stay fast on hostile input."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext.lexicons import CATEGORIES, _literal_first, available, lexicon, load, tokenize

LANGUAGES = ("de", "en", "fr", "es", "it", "nl", "pt", "pl")

# (language, category, boilerplate text that must hit that category)
TYPICAL = [
    ("en", "cookie", "We use cookies to improve your experience on our site."),
    ("en", "newsletter", "Get our best stories delivered straight to your inbox every week."),
    ("en", "form", "Your email address will not be published. Required fields are marked *"),
    ("en", "comments", "Leave a Reply"),
    ("en", "byline", "6 min read"),
    ("en", "legal", "This article was originally published on The Example Review."),
    ("en", "related", "You might also like"),
    ("en", "navigation", "Skip to main content"),
    ("en", "share", "Share this article"),
    ("en", "event", "Save your seat for our upcoming webinar"),
    ("en", "advertising", "We may earn a commission when you buy through links on our site."),
    ("en", "metadata", "Filed under: Science"),
    ("de", "cookie", "Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten."),
    ("de", "newsletter", "Melden Sie sich für unseren Newsletter an und bleiben Sie auf dem Laufenden."),
    ("de", "form", "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert."),
    ("de", "related", "Das könnte dich auch interessieren"),
    ("de", "related", "Mehr zum Thema"),
    ("de", "comments", "Schreibe einen Kommentar"),
    ("de", "legal", "Impressum"),
    ("de", "navigation", "Zum Inhalt springen"),
    ("fr", "cookie", "Nous utilisons des cookies pour améliorer votre expérience."),
    ("fr", "newsletter", "Abonnez-vous à notre newsletter pour recevoir l'essentiel de l'actualité."),
    ("fr", "form", "Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *"),
    ("fr", "related", "À lire aussi"),
    ("fr", "comments", "Laisser un commentaire"),
    ("fr", "legal", "Mentions légales"),
    ("fr", "byline", "À propos de l’auteur"),
    ("es", "cookie", "Utilizamos cookies propias y de terceros para mejorar tu experiencia."),
    ("es", "newsletter", "Suscríbete a nuestro boletín y recibe las últimas noticias en tu correo."),
    (
        "es",
        "form",
        "Tu dirección de correo electrónico no será publicada. Los campos obligatorios están marcados con *",
    ),
    ("es", "related", "Te puede interesar"),
    ("es", "comments", "Deja un comentario"),
    ("it", "cookie", "Questo sito utilizza cookie tecnici e di profilazione."),
    ("it", "newsletter", "Iscriviti alla nostra newsletter per ricevere gli aggiornamenti."),
    ("it", "form", "Il tuo indirizzo email non sarà pubblicato. I campi obbligatori sono contrassegnati *"),
    ("it", "related", "Leggi anche"),
    ("it", "comments", "Lascia un commento"),
    ("nl", "cookie", "Wij gebruiken cookies om je surfervaring te verbeteren."),
    ("nl", "newsletter", "Schrijf je in voor onze nieuwsbrief en blijf op de hoogte."),
    ("nl", "form", "Je e-mailadres wordt niet gepubliceerd. Vereiste velden zijn gemarkeerd met *"),
    ("nl", "related", "Lees ook"),
    ("nl", "comments", "Geef een reactie"),
    ("pt", "cookie", "Utilizamos cookies para melhorar a sua experiência de navegação."),
    ("pt", "newsletter", "Assine a nossa newsletter e receba as principais notícias no seu e-mail."),
    ("pt", "form", "O seu endereço de e-mail não será publicado. Campos obrigatórios são marcados com *"),
    ("pt", "related", "Leia também"),
    ("pt", "comments", "Deixe um comentário"),
    ("pl", "cookie", "Ta strona używa plików cookie w celu świadczenia usług."),
    ("pl", "newsletter", "Zapisz się do newslettera i bądź na bieżąco."),
    ("pl", "form", "Twój adres e-mail nie zostanie opublikowany. Wymagane pola są oznaczone *"),
    ("pl", "related", "Czytaj także"),
    ("pl", "comments", "Dodaj komentarz"),
]

# one plain editorial sentence per language: no category may hit
NEUTRAL = {
    "en": "The river rose sharply after three days of heavy rain, and farmers in the valley "
    "moved their cattle to higher ground before the bridge was closed.",
    "de": "Nach drei Tagen mit starkem Regen stieg der Fluss weiter an; die Bauern von der Alb "
    "brachten ihr Vieh zurück auf höher gelegene Weiden.",
    "fr": "Comment expliquer une crue aussi rapide ? Après trois jours de fortes pluies, les "
    "agriculteurs ont déplacé leur bétail, « par prudence », a expliqué le maire.",
    "es": "Tras tres días de lluvias intensas, el río creció de forma repentina y los "
    "agricultores del valle trasladaron su ganado a zonas más altas.",
    "it": "Dopo tre giorni di piogge intense il fiume è salito rapidamente, e il sindaco cerca "
    "di rassicurare gli agricoltori che hanno spostato il bestiame più in alto.",
    "nl": "Na drie dagen zware regen steeg de rivier snel, en de boeren in het dal zoeken nu "
    "naar hoger gelegen weiden voor hun vee.",
    "pt": "Depois de três dias de chuva forte, o rio subiu rapidamente e os agricultores do "
    "vale levaram o gado para terrenos mais altos, segundo a prefeitura.",
    "pl": "Po trzech dniach ulewnych deszczy rzeka gwałtownie wezbrała, a rolnicy z doliny "
    "przenieśli bydło na wyżej położone pastwiska.",
}

HOSTILE = {
    "letters": "a" * 200_000,
    "hashes": "#" * 200_000,
    "pipes": " |" * 100_000,
    "copyright": "©" * 200_000,
    "dotted": "a." * 100_000,
    "numbers": "1," * 100_000,
    "phone": "+1" * 100_000,
    "email": ("a." * 40 + "@") * 2_400,
    "quotes": " »" * 100_000,
    "spaces": "*" + " " * 199_999,
}


def test_every_language_has_all_categories() -> None:
    langs = set(available())
    for lang in LANGUAGES:
        assert lang in langs, lang
        phrases = load(lang)
        for category in CATEGORIES:
            assert phrases.get(category), (lang, category)


@pytest.mark.parametrize("lang", sorted(set(available())))
def test_file_parses_and_is_clean(lang: str) -> None:
    phrases = load(lang)
    assert phrases
    seen: dict[tuple[str, ...], str] = {}
    for category, entries in phrases.items():
        assert category in CATEGORIES
        for phrase in entries:
            if phrase.startswith("re:"):
                re.compile(phrase[3:])
                continue
            # "name *" would turn "name" into a prefix of any word
            assert not phrase.endswith(" *"), phrase
            key = (*tokenize(phrase.rstrip("*")), "*" if phrase.endswith("*") else "")
            assert key[:-1], phrase
            assert key not in seen, f"{phrase!r} in {category} and {seen[key]}"
            seen[key] = category
    lexicon(lang)  # compiles


@pytest.mark.parametrize(("lang", "category", "text"), TYPICAL)
def test_typical_phrase_is_hit(lang: str, category: str, text: str) -> None:
    assert lexicon(lang).hits(text)[category] >= 1, lexicon(lang).hits(text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_neutral_sentence_has_no_hit(lang: str) -> None:
    assert not lexicon(lang).hits(NEUTRAL[lang])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_hostile_input_is_fast(lang: str) -> None:
    lx = lexicon(lang)
    for name, text in HOSTILE.items():
        start = time.perf_counter()
        lx.hits(text)
        assert time.perf_counter() - start < 2.0, name


def test_phrase_inside_a_longer_match_counts_once() -> None:
    # "subscribe" and "subscribe now" both match; the longer one wins
    assert sum(lexicon("en").hits("Subscribe now").values()) == 1


def test_phrases_match_at_word_boundaries_only() -> None:
    lx = lexicon("en")
    assert not lx.hits("The homely menus were unsharable")  # "home", "menu", "share" inside words
    assert lx.hits("Cookies help us")["cookie"] == 1  # a wildcard phrase matches word endings


@pytest.mark.parametrize(
    ("before", "hit"),
    [("", True), ("ñ", False), ("_", False), ("\U00020000", False), ("\U0001f600", True), ("« ", True)],
)
def test_word_boundaries_follow_str_isalnum_beyond_ascii(before: str, hit: bool) -> None:
    # a letter of any script (also beyond the BMP, as U+20000) or "_" glues to the phrase;
    # an emoji or a quote does not
    assert (lexicon("en").hits(before + "Share this")["share"] > 0) is hit


def test_lone_surrogates_do_not_break_matching() -> None:
    assert lexicon("en").hits("Share this article \ud800")["share"] >= 1


# patterns of xx.txt as first written, and as the file holds them so that re finds
# them from a character instead of trying every position: the same matches per line
REWRITTEN = [
    (r"(?<![^ \t\xa0\u202f\n])[‹›](?![^ \t\xa0\u202f\n])", r"[‹›](?<![^ \t\xa0\u202f\n][‹›])(?![^ \t\xa0\u202f\n])"),
    (r"(?<=[ \t\xa0\u202f])>(?![^ \t\xa0\u202f\n])", r">(?<=[ \t\xa0\u202f]>)(?![^ \t\xa0\u202f\n])"),
    (
        r"(?<=[ \t\xa0\u202f])»[ \t\xa0\u202f][^«»\n]{1,60}[ \t\xa0\u202f]»(?=[ \t\xa0\u202f])",
        r"»(?<=[ \t\xa0\u202f]»)[ \t\xa0\u202f][^«»\n]{1,60}[ \t\xa0\u202f]»(?=[ \t\xa0\u202f])",
    ),
    (r"(?<=[ \t\xa0\u202f])\|(?=[ \t\xa0\u202f])", r"\|(?<=[ \t\xa0\u202f]\|)(?=[ \t\xa0\u202f])"),
    (
        r"(?<![\w+])\+\d{1,3}[ ./-]?\(?\d{1,4}\)?[ ./-]?\d{2}",
        r"\+(?<![\w+]\+)\d{1,3}[ ./-]?\(?\d{1,4}\)?[ ./-]?\d{2}",
    ),
    (
        r"\b\d{1,2}[.:]\d{2}[ \t\xa0\u202f]*(?:uhr|am|pm|h)\b",
        r"[.:](?:(?<=\d[.:])(?<!\w\d[.:])|(?<=\d\d[.:])(?<!\w\d\d[.:]))\d{2}[ \t\xa0\u202f]*(?:uhr|am|pm|h)\b",
    ),
    (r"\b\d{4}-\d{2}-\d{2}\b", r"-(?<=\d{4}-)(?<!\w\d{4}-)\d{2}-\d{2}\b"),
    (
        r"\b\d{1,2}[./]\d{1,2}[./]\d{4}\b",
        r"[./](?:(?<=\d[./])(?<!\w\d[./])|(?<=\d\d[./])(?<!\w\d\d[./]))\d{1,2}[./]\d{4}\b",
    ),
]


def _lines_of_matches(pattern: re.Pattern[str], text: str) -> list[int]:
    return [text.count("\n", 0, m.start()) for m in pattern.finditer(text)]


def test_rewritten_patterns_are_in_the_file() -> None:
    held = {p[3:] for entries in load("xx").values() for p in entries if p.startswith("re:")}
    for _first, rewritten in REWRITTEN:
        assert rewritten in held, rewritten


@given(st.text(alphabet=st.sampled_from("0123456789 \n:./-+()|»«›‹>xamphuré_²\u0301"), max_size=60))
@settings(max_examples=400, deadline=None)
def test_rewritten_patterns_match_as_first_written(text: str) -> None:
    for first, rewritten in REWRITTEN:
        expected = _lines_of_matches(re.compile(first, re.M), text)
        assert _lines_of_matches(re.compile(rewritten, re.M), text) == expected, (first, text)


@pytest.mark.parametrize(
    "source",
    [
        r"\b\d{1,6}[ ]+comments?\b",
        r"\b\d{4}x",
        r"\b\d{2,}x",
        r"\b\d+x",
        r"\b\d[\d,.]{0,3}k?x",
        r"\b\d*x",
        r"\b\d{1,2}?x",
        r"\bcopyright\b",
        r"\bis an? x",
    ],
)
@given(text=st.text(alphabet=st.sampled_from("0123456789 ,.kx_écopyrightisan\n²"), max_size=40))
@settings(max_examples=150, deadline=None)
def test_literal_first_keeps_every_match(source: str, text: str) -> None:
    moved = _literal_first(source)
    assert [m.span() for m in re.finditer(moved, text, re.M)] == [m.span() for m in re.finditer(source, text, re.M)]


def test_literal_first_starts_with_a_character() -> None:
    assert _literal_first(r"\b\d{1,6} x") == r"\d(?<!\w\d)\d{0,5} x"
    assert _literal_first(r"\bcopyright\b") == r"copyright(?<=\bcopyright)\b"
    assert _literal_first(r"\b\d*x") == r"\b\d*x"  # the digit may be absent: as it is


@given(
    st.lists(
        st.text(alphabet=st.sampled_from("0123456789 :.-+@#»«a-zmintagsx•\xa0é\u0301"), max_size=30),
        min_size=1,
        max_size=12,
    )
)
@settings(max_examples=150, deadline=None)
def test_lines_alone_give_the_counts_of_the_whole_text(blocks: list[str]) -> None:
    import cleantext.lexicons as lexicons

    lx = lexicon("en")
    digits = [any(ch.isdigit() for ch in block) for block in blocks]
    saved = lexicons.LINE_SHARE
    try:
        lexicons.LINE_SHARE = 1  # every pattern that may reads its lines alone
        by_line = lx.scan_blocks(blocks, digits)
        lexicons.LINE_SHARE = 10**9  # only when one line holds its strings
        whole = lx.scan_blocks(blocks, digits)
    finally:
        lexicons.LINE_SHARE = saved
    assert (by_line[0] == whole[0]).all() and (by_line[1] == whole[1]).all()
