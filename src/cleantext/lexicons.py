"""Phrase lexicons for boilerplate (navigation, cookie notes, newsletters, ...).

The phrases live in data files, one per language, under ``cleantext/data/lexicons``:
``[category]`` headers, then one phrase per line (``#`` starts a comment).  A
phrase matches at word boundaries, case-insensitively; a trailing ``*`` matches
any word ending.  A line ``re:<pattern>`` is a regular expression in Python's
:mod:`re` syntax, matched against the casefolded blocks (see :func:`pattern_text`
for how its ``\\w`` and ``\\b`` read word characters).  ``xx.txt`` holds
language-neutral patterns and applies to every language, as does English, which
boilerplate on non-English pages often uses.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from importlib import resources
from itertools import compress, pairwise

import numpy as np

from . import compiled
from .charclass import WORD, code_points, line_bounds, table
from .literals import one_line, required, requires_digit, split_class
from .uniclass import other_number_spans, word_extra_spans

#: The categories a lexicon may use, each named after the label it gives a block.
CATEGORIES: tuple[str, ...] = (
    "navigation",
    "advertising",
    "event",
    "newsletter",
    "cookie",
    "share",
    "related",
    "legal",
    "comments",
    "byline",
    "form",
    "metadata",
)


def available() -> list[str]:
    """Languages that have a lexicon file (``xx`` is the language-neutral one)."""
    root = resources.files("cleantext") / "data" / "lexicons"
    return sorted(p.name[:-4] for p in root.iterdir() if p.name.endswith(".txt"))


@lru_cache(maxsize=64)
def load(language: str) -> dict[str, tuple[str, ...]]:
    """The phrases of one language's file, by category (empty if there is no file)."""
    path = resources.files("cleantext") / "data" / "lexicons" / f"{language}.txt"
    if not path.is_file():
        return {}
    out: dict[str, list[str]] = {}
    category = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            category = line[1:-1].strip()
            if category not in CATEGORIES:
                raise ValueError(f"{path}: unknown lexicon category {category!r}")
            out.setdefault(category, [])
        elif category is None:
            raise ValueError(f"{path}: phrase {line!r} before any [category]")
        elif line.startswith("re:"):
            out[category].append(line)  # a pattern keeps its case: \S is not \s
        elif line.endswith(" *"):
            raise ValueError(f"{path}: {line!r}: a wildcard must follow a word, not a space")
        else:
            out[category].append(fold(line))
    return {k: tuple(v) for k, v in out.items()}


_TOKEN = re.compile(r"\w+|[^\w\s]")


def fold(text: str) -> str:
    """Casefold, with typographic apostrophes made plain (as lexicons match text)."""
    return text.casefold().replace("’", "'")


def _fold_lines(texts: list[str]) -> str:
    """:func:`fold` of the texts joined by newlines.  Casefolding maps each character
    on its own, so the texts are folded one by one: a text of ASCII alone then takes
    ``str.casefold``'s fast path, which the joined text would lose to a single other
    character anywhere on the page."""
    return "\n".join(map(str.casefold, texts)).replace("’", "'")


def tokenize(text: str) -> list[str]:
    """Casefolded tokens as lexicons see them: words, and each other symbol alone."""
    return _TOKEN.findall(fold(text))


_SURROGATE = re.compile("[\ud800-\udfff]")
# spaces next to a symbol: "marked *" is also written "marked*"
_SYMBOL_SPACE = re.compile(r" (?=[^\w\s])|(?<=[^\w\s]) ")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


# characters on which re's \w and Unicode's word characters differ: combining marks,
# joiners and connector punctuation other than "_" are word characters for Unicode
# only, other numbers ("²", "½") for re only; in the text the patterns read they stand
# as a letter and as a symbol that no pattern names
_AS_LETTER, _AS_SYMBOL = "\ua000", "\ufffd"


@lru_cache(maxsize=1)
def _stand_ins() -> tuple[dict[int, str], np.ndarray]:
    """The stand-in of each of those characters, and each character of the Basic
    Multilingual Plane as the patterns read it (its stand-in's code point, else its
    own; uint32).  Made on first use, not at import."""
    extra, numbers = word_extra_spans(), other_number_spans()
    stand_in = {
        **{code: _AS_LETTER for low, high in extra for code in range(low, high + 1)},
        **{code: _AS_SYMBOL for low, high in numbers for code in range(low, high + 1)},
    }
    as_read = np.arange(0x10000, dtype=np.uint32)
    in_bmp = [code for code in stand_in if code <= 0xFFFF]
    as_read[in_bmp] = [ord(stand_in[code]) for code in in_bmp]
    as_read.setflags(write=False)
    return stand_in, as_read


@lru_cache(maxsize=1)
def _first_stand_in() -> int:
    """The lowest code point that has a stand-in ("²", U+00B2)."""
    return min(_stand_ins()[0])


def pattern_text(folded: str, cps: np.ndarray | None = None) -> str:
    """The text the ``re:`` patterns read: ``folded`` with combining marks, joiners
    and connector punctuation replaced by a letter, and other numbers by a symbol, one
    for one.  So a pattern's ``\\w`` and ``\\b`` see Unicode's word characters
    (letters, marks, decimal digits, connector punctuation), not ``re``'s
    ``str.isalnum()``: a word with an accent written as a combining mark stays one
    word.  (A pattern may not name these characters.)  ``cps``, the code points of
    ``folded`` if at hand, tell at once whether it holds any: most texts hold none and
    come back as they are; the others are read through the table of the BMP (a search
    for the characters with re would test a class at every position)."""
    if folded.isascii():
        return folded
    stand_in, as_read = _stand_ins()
    if cps is None:
        cps = code_points(folded)
    # the characters that may be stand-ins: most texts hold few
    at = (cps >= _first_stand_in()).nonzero()[0]
    if not at.size:
        return folded
    wide = cps[at]
    if int(wide.max()) <= 0xFFFF:
        as_wide = as_read[wide]
    else:  # beyond the BMP, character by character (few)
        as_wide = as_read[np.minimum(wide, 0xFFFF)]
        for k in (wide > 0xFFFF).nonzero()[0].tolist():
            code = int(wide[k])
            as_wide[k] = ord(stand_in[code]) if code in stand_in else code
    if not (as_wide != wide).any():
        return folded
    read = cps.copy()
    read[at] = as_wide
    text: str = read.tobytes().decode("utf-32-le", "surrogatepass")
    return text


# a repetition count after a leading \b\d: {m}, {m,} or {m,n}, greedy
_DIGIT_COUNT = re.compile(r"\{(\d+)(,\d*)?\}(?![?+])")


def _literal_first(source: str) -> str:
    """``source`` with a leading ``\\b`` before plain letters and digits moved behind
    them as a lookbehind (``\\bcopyright`` reads ``copyright(?<=\\bcopyright)``), and
    one before a digit read as no word character before it (``\\b\\d{1,6}`` reads
    ``\\d(?<!\\w\\d)\\d{0,5}``): the same matches, but ``re`` then looks for the
    letters or digits instead of trying the pattern at every position."""
    if not source.startswith("\\b"):
        return source
    if source.startswith("\\b\\d"):
        rest = source[4:]
        count = _DIGIT_COUNT.match(rest)
        if count is not None and int(count.group(1)) >= 1:
            low, high = int(count.group(1)) - 1, count.group(2)
            if high is not None and high != ",":
                high = f",{int(high[1:]) - 1}"
            return f"\\d(?<!\\w\\d)\\d{{{low}{high or ''}}}{rest[count.end() :]}"
        if rest.startswith("+") and not rest.startswith(("+?", "++")):
            return f"\\d(?<!\\w\\d)\\d*{rest[1:]}"
        if not rest.startswith(("{", "*", "+", "?")):
            return f"\\d(?<!\\w\\d){rest}"
        return source
    end = 2
    while end < len(source) and source[end].isalnum():
        end += 1
    if end < len(source) and source[end] in "?*+{":
        end -= 1  # the last letter is repeated: it stays behind
    word = source[2:end]
    return f"{word}(?<=\\b{word}){source[end:]}" if word else source


# a phrase's category column, tokens covered, wildcard, starts with a word character, ends with one
_Entry = tuple[int, int, bool, bool, bool]
# a pattern's category column, the compiled pattern, strings one of which it needs,
# whether it needs a digit, whether it reads one line at a time (literals.one_line),
# and its parts, one per character of the class it starts with (literals.split_class)
_Pattern = tuple[int, re.Pattern[str], tuple[str, ...] | None, bool, bool, tuple[re.Pattern[str], ...] | None]


@lru_cache(maxsize=64)
def _prepared(code: str) -> tuple[tuple[tuple[str, _Entry], ...], tuple[_Pattern, ...]]:
    """One lexicon file made ready for matching (once per process): each phrase's
    texts with what a match means, and each pattern compiled with its required text."""
    phrases: list[tuple[str, _Entry]] = []
    patterns: list[_Pattern] = []
    for category, entries in load(code).items():
        column = _COLUMN[category]
        for phrase in entries:
            if phrase.startswith("re:"):
                source = phrase[3:]
                if any(ord(ch) in _stand_ins()[0] for ch in source) or _AS_LETTER in source or _AS_SYMBOL in source:
                    raise ValueError(f"{code}.txt: {phrase!r}: a pattern may not name a mark, joiner or other number")
                fast = _literal_first(source)
                compiled = re.compile(fast, re.M)
                # _literal_first keeps the matches, so a source that reads one line at a
                # time still does: its lines that hold its strings (mostly few) are read
                # faster than re looks for its first letters or digit in the whole text
                by_line = one_line(fast) or one_line(source)
                split = split_class(fast)
                parts = None if split is None else tuple(re.compile(part, re.M) for part in split)
                patterns.append((column, compiled, required(source), requires_digit(source), by_line, parts))
                continue
            wild = phrase.endswith("*") and len(phrase) > 1
            body = phrase[:-1] if wild else phrase
            n_tokens = len(tokenize(body))
            if not n_tokens:
                continue
            for variant in dict.fromkeys([body, _SYMBOL_SPACE.sub("", body)]):
                edges = _is_word_char(variant[0]), _is_word_char(variant[-1])
                phrases.append((variant, (column, n_tokens, wild, *edges)))
    return tuple(phrases), tuple(patterns)


class Lexicon:
    """All phrase categories for one language, matched in one pass.

    The phrases go into one Aho-Corasick automaton (``ahocorasick_rs``), which finds
    every occurrence of every phrase in a single scan of the text, whatever the size
    of the lexicon, and never backtracks.  A match counts only at word boundaries
    (a wildcard phrase needs one only at its start).  The ``re:`` patterns run one
    by one: a single alternation would defeat the engine's literal scanning.
    """

    def __init__(self, language: str | None) -> None:
        import ahocorasick_rs

        self.language = language
        # pattern text -> (category column, tokens covered, wildcard, starts with a word
        # character, ends with one); the first file (neutral, English, the language) wins
        entries: dict[str, _Entry] = {}
        patterns: dict[tuple[int, str], _Pattern] = {}
        for code in dict.fromkeys(["xx", "en", language or "xx"]):
            phrases, file_patterns = _prepared(code)
            for variant, entry in phrases:
                old = entries.get(variant)
                if old is None:
                    entries[variant] = entry
                elif entry[2] and not old[2]:
                    # the same text as a whole phrase and as a prefix: the prefix covers both
                    entries[variant] = (old[0], old[1], True, old[3], old[4])
            for pattern in file_patterns:
                patterns.setdefault((pattern[0], pattern[1].pattern), pattern)
        self._texts = tuple(entries)
        info = list(entries.values())
        # what a match of each phrase means, as arrays indexed by the phrase
        self._column = np.array([e[0] for e in info], dtype=np.int64)
        self._tokens = np.array([e[1] for e in info], dtype=np.float64)
        self._word_start = np.array([e[3] for e in info], dtype=bool)
        # a wildcard phrase may go on with more word characters
        self._word_end = np.array([e[4] and not e[2] for e in info], dtype=bool)
        # the strings a pattern needs go into the automaton too, so that one scan says
        # which are present; a pattern whose strings are all absent is not run
        # (patterns that need a digit read only the blocks with one: tested there)
        searched = list(self._texts)
        index = {text: i for i, text in enumerate(searched)}
        guarded: list[tuple[_Pattern, frozenset[int] | None]] = []
        for pattern in patterns.values():
            needs, needs_digit = pattern[2], pattern[3]
            guards = None
            if needs is not None and all(needs) and not needs_digit:
                for text in needs:
                    if text not in index:
                        index[text] = len(searched)
                        searched.append(text)
                guards = frozenset(index[text] for text in needs)
            guarded.append((pattern, guards))
        self._patterns = tuple(guarded)
        self._automaton = ahocorasick_rs.AhoCorasick(searched) if searched else None

    def scan_blocks(self, texts: list[str], digits: list[bool] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Match the blocks of a document (an empty text is not looked at; a text
        must not hold a newline).

        Returns a matrix of match counts (one row per block, one column per
        category of :data:`CATEGORIES`) and, per block, how many tokens the matches
        cover.  ``digits`` says which blocks hold a digit, if known: patterns that
        need one (``\\d``) then read only those blocks.
        """
        n_blocks = len(texts)
        if digits is not None and len(digits) != n_blocks:
            raise ValueError(f"{len(digits)} digit flags for {n_blocks} blocks")
        counts = np.zeros((n_blocks, len(CATEGORIES)))
        covered = np.zeros(n_blocks)
        folded = _fold_lines(texts)
        if not folded.strip("\n"):
            return counts, covered
        cps = code_points(folded)
        line_starts = line_bounds(cps)[0]
        present: set[int] = set()
        # one cell (block * len(CATEGORIES) + column) per match: phrases, then patterns
        cells: list[int] = []
        if self._automaton is not None:
            matches = self._find(folded)
            if matches:
                present = {match[0] for match in matches}
                cells = self._phrase_cells(matches, cps, line_starts, covered)
        matched = self._pattern_cells(folded, cps, line_starts, present, digits)
        if matched:
            # a pattern's match covers one token (counts are whole numbers: exact in any order)
            covered += np.bincount(np.array(matched) // len(CATEGORIES), minlength=n_blocks)
            cells += matched
        if cells:
            counts += np.bincount(cells, minlength=counts.size).reshape(counts.shape)
        return counts, covered

    def _pattern_cells(
        self, folded: str, cps: np.ndarray, line_starts: np.ndarray, present: set[int], digits: list[bool] | None
    ) -> list[int]:
        """The count cell (block * len(CATEGORIES) + column) of each match of the ``re:``
        patterns in ``folded`` (code points ``cps``, lines starting at ``line_starts``),
        a pattern whose strings are all absent from ``present`` (the automaton's finds)
        not run; as :meth:`scan_blocks` reads them."""
        cells: list[int] = []
        starts: list[int] | None = None
        digit_text: tuple[str, list[int], list[int]] | None = None
        readable: str | None = None  # what the patterns read (same length, same lines)
        for (column, pattern, needs, needs_digit, by_line, parts), guards in self._patterns:
            if guards is not None and present.isdisjoint(guards):
                continue
            if readable is None:
                readable = pattern_text(folded, cps)
            text, text_starts, text_rows = readable, None, None
            if needs_digit and digits is not None:
                if digit_text is None:
                    if starts is None:
                        starts = line_starts.tolist()
                    digit_text = _digit_lines(readable, digits, starts)
                text, text_starts, text_rows = digit_text
                if not text:  # no block holds a digit: nothing for such a pattern to match
                    continue
            if guards is None and needs is not None:
                for need in needs:
                    if need in text:
                        break
                else:
                    continue
            if text_starts is None:
                if starts is None:
                    starts = line_starts.tolist()
                text_starts = starts
            rows = _lines_holding(text, needs, text_starts) if by_line and needs is not None else None
            if rows is not None:
                # a pattern that re would try at every position reads only the lines
                # that hold one of its strings (the line's newline in view, as in the text)
                for row in rows:
                    end = text_starts[row + 1] if row + 1 < len(text_starts) else len(text)
                    # findall finds the matches finditer would, without a match object each
                    n = len(pattern.findall(text, text_starts[row], end))
                    if n:
                        b = row if text_rows is None else text_rows[row]
                        cells += [b * len(CATEGORIES) + column] * n
                continue
            at = _match_starts(pattern, parts, text)
            if at:
                rows = [bisect_right(text_starts, i) - 1 for i in at]
                if text_rows is not None:
                    rows = [text_rows[row] for row in rows]
                cells += [row * len(CATEGORIES) + column for row in rows]
        return cells

    def _phrase_cells(
        self, matches: list[tuple[int, int, int]], cps: np.ndarray, line_starts: np.ndarray, covered: np.ndarray
    ) -> list[int]:
        """The count cell (block * len(CATEGORIES) + column) of each phrase match of
        ``matches`` (the automaton's (index, start, end) in the text of code points
        ``cps``; the strings patterns need are passed over) that counts; the tokens the
        matches cover are added to ``covered``.  One compiled loop
        (:func:`cleantext.compiled.phrase_cells`) where the extension is built, else
        :meth:`_phrase_cells_numpy`."""
        cells = compiled.phrase_cells(
            matches,
            self._column,
            self._tokens,
            self._word_start,
            self._word_end,
            cps,
            line_starts,
            len(CATEGORIES),
            covered,
        )
        if cells is not None:
            return cells
        found = np.array(matches, dtype=np.int64).reshape(-1, 3)
        found = found[found[:, 0] < len(self._texts)]
        return self._phrase_cells_numpy(found, cps, line_starts, covered) if found.size else []

    def _phrase_cells_numpy(
        self, found: np.ndarray, cps: np.ndarray, line_starts: np.ndarray, covered: np.ndarray
    ) -> list[int]:
        """:meth:`_phrase_cells` with numpy alone (``found`` not empty)."""
        index, start, end = found[:, 0], found[:, 1], found[:, 2]
        column, n_tokens = self._column[index], self._tokens[index]
        # a match counts only at word boundaries (a wildcard phrase needs one only at its start)
        size = cps.size
        glued = self._word_start[index] & (start > 0) & _is_word(cps, np.maximum(start - 1, 0))
        glued |= self._word_end[index] & (end < size) & _is_word(cps, np.minimum(end, size - 1))
        ok = (~glued).nonzero()[0]
        if not ok.size:
            return []
        start, end, column, n_tokens = start[ok], end[ok], column[ok], n_tokens[ok]
        # a phrase inside a longer one that matched ("subscribe" in "subscribe now") counts
        # once: in order of start (the longest first), a match that ends no later than one
        # before it is inside that one
        order = np.lexsort((n_tokens, column, -end, start))
        ends = end[order]
        outside = np.ones(ends.size, dtype=bool)
        np.greater(ends[1:], np.maximum.accumulate(ends)[:-1], out=outside[1:])
        kept = order[outside]
        block = line_starts.searchsorted(start[kept], side="right") - 1
        covered += np.bincount(block, weights=n_tokens[kept], minlength=covered.size)
        hits: list[int] = (block * len(CATEGORIES) + column[kept]).tolist()
        return hits

    def _find(self, folded: str) -> list[tuple[int, int, int]]:
        try:
            return self._automaton.find_matches_as_indexes(folded, overlapping=True)  # type: ignore[union-attr]
        except UnicodeEncodeError:  # lone surrogates: the automaton reads UTF-8
            return self._automaton.find_matches_as_indexes(  # type: ignore[union-attr]
                _SURROGATE.sub("\ufffd", folded), overlapping=True
            )

    def scan(self, text: str) -> tuple[Counter[str], int]:
        """Count the matches per category in ``text``; also return how many of
        its tokens the matches cover."""
        counts, covered = self.scan_blocks([text.replace("\n", " ")])
        found = Counter({c: int(v) for c, v in zip(CATEGORIES, counts[0].tolist(), strict=True) if v})
        return found, min(int(covered[0]), len(tokenize(text)))

    def hits(self, text: str) -> Counter[str]:
        """How often each category matches in ``text``."""
        return self.scan(text)[0]


_COLUMN = {c: i for i, c in enumerate(CATEGORIES)}


def _is_word(cps: np.ndarray, at: np.ndarray) -> np.ndarray:
    """:func:`_is_word_char` for the characters at ``at``: from the class table, and
    one by one beyond the BMP."""
    chars = cps[at]
    word: np.ndarray = (table()[np.minimum(chars, 0xFFFF)] & WORD) != 0
    for i in (chars > 0xFFFF).nonzero()[0].tolist():
        word[i] = _is_word_char(chr(int(chars[i])))
    return word


#: A pattern read line by line (:func:`cleantext.literals.one_line`) reads at most one
#: line per this many characters of the text; with more lines to read, it reads the
#: whole text in one search.
LINE_SHARE = 100


def _match_starts(pattern: re.Pattern[str], parts: tuple[re.Pattern[str], ...] | None, text: str) -> list[int]:
    """Where the matches of ``pattern.finditer(text)`` start.  A pattern that starts
    with a class of a few characters runs as its ``parts`` (one per character, each
    found as fast as a plain string): their matches are the pattern's when no two of
    them overlap (the pattern then finds each where its part does, and skips none);
    else the pattern itself runs."""
    if parts is not None:
        spans = sorted(m.span() for part in parts for m in part.finditer(text))
        if all(a[1] <= b[0] for a, b in pairwise(spans)):
            return [start for start, _ in spans]
    return [match.start() for match in pattern.finditer(text)]


def _lines_holding(text: str, needs: tuple[str, ...], starts: list[int]) -> list[int] | None:
    """The lines of ``text`` (starting at ``starts``) that hold one of ``needs``, in
    order, or ``None`` if there are more than one per :data:`LINE_SHARE` characters."""
    limit = len(text) // LINE_SHARE + 1
    rows: set[int] = set()
    for needle in needs:
        at = text.find(needle)
        while at >= 0:
            row = bisect_right(starts, at) - 1
            rows.add(row)
            if len(rows) > limit:
                return None
            at = text.find(needle, starts[row + 1]) if row + 1 < len(starts) else -1
    return sorted(rows)


def _digit_lines(text: str, digits: list[bool], starts: list[int]) -> tuple[str, list[int], list[int]]:
    """The lines of ``text`` (one per block, starting at ``starts``) that hold a digit
    (``digits``) and are not empty, joined by newlines; where each starts in the joined
    text; and their blocks.  Only those lines are cut out (most blocks hold no digit)."""
    # casefolding keeps the lines: the folded text's lines are the blocks'
    n_blocks = len(digits)
    if len(starts) != n_blocks:
        raise ValueError("a block holds a newline")
    ends = starts[1:]  # one past each line's newline
    ends.append(len(text) + 1)
    picked = [i for i in compress(range(n_blocks), digits) if ends[i] - 1 > starts[i]]
    chosen = [text[starts[i] : ends[i] - 1] for i in picked]
    joined_starts = [0] * len(chosen)
    at = 0
    for k, line in enumerate(chosen[:-1], 1):
        at += len(line) + 1
        joined_starts[k] = at
    return "\n".join(chosen), joined_starts or [0], picked


def lexicon(language: str | None) -> Lexicon:
    """The compiled lexicon of ``language`` (with the neutral and English phrases).
    Languages without a lexicon file share the neutral-and-English one."""
    return _lexicon(language if language in _files() else None)


@lru_cache(maxsize=1)
def _files() -> frozenset[str]:
    return frozenset(available())


@lru_cache(maxsize=64)
def _lexicon(language: str | None) -> Lexicon:
    return Lexicon(language)
