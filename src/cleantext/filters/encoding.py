"""Repair mojibake with ftfy, encoding repairs only, behind a cheap pre-check."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from .. import compiled
from ..document import Document
from ..pipeline import Step, register
from .normalize import plain_spaces

# UTF-8 read as cp1252/latin-1 leaves a lead byte (Â..ï) followed by continuation
# bytes (0x80-0xBF, shown as C1 controls, cp1252 punctuation or ¡..¿), or C1
# controls on their own.  Clean text almost never has these pairs, so it skips ftfy.
_CONT = "\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_SUSPECT = re.compile(f"[\xc2-\xdf][{_CONT}]|[\xe0-\xef][{_CONT}]{{2}}|[\x80-\x9f]|\xc3 ")

if TYPE_CHECKING:
    import ftfy


@lru_cache(maxsize=1)
def _config() -> ftfy.TextFixerConfig:
    """ftfy's settings for encoding repairs only; ftfy is imported on the first page
    that needs a repair (most need none), not with cleantext."""
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=True,
        remove_control_chars=False,
        normalization=None,
        explain=True,
    )


def _utf8_suspect() -> re.Pattern[bytes]:
    """:data:`_SUSPECT` for the UTF-8 bytes of a text: the same matches, found faster.

    UTF-8 is self-synchronising (a lead byte is never a continuation byte), so a
    match that starts at a lead byte reads whole characters.  Every suspect lead
    ("Â".."ï") encodes as C3 xx and every C1 control as C2 xx: the engine only looks
    closer at those two bytes."""
    # U+0080..U+00BF are C2 80..C2 BF; the cp1252 punctuation, one alternative each
    punctuation = sorted(ch.encode() for ch in _CONT[3:])
    cont = b"(?:\xc2[\x80-\xbf]|" + b"|".join(map(re.escape, punctuation)) + b")"
    lead2 = b"\xc3[\x82-\x9f]"  # U+00C2..U+00DF
    lead3 = b"\xc3[\xa0-\xaf]"  # U+00E0..U+00EF
    c1 = b"\xc2[\x80-\x9f]"  # U+0080..U+009F
    return re.compile(b"|".join([lead2 + cont, lead3 + cont + cont, c1, "\xc3 ".encode()]))


_SUSPECT_UTF8 = _utf8_suspect()


def _continuation() -> np.ndarray:
    """1 for the characters of :data:`_CONT` (over the BMP), for the compiled test."""
    table = np.zeros(0x10000, dtype=np.uint8)
    table[[ord(ch) for ch in _CONT[3:]]] = 1
    table[0x80:0xC0] = 1
    table.setflags(write=False)
    return table


_CONTINUATION = _continuation()


def looks_garbled(text: str) -> bool:
    """Cheap test: could ``text`` hold mojibake?  False means ftfy would change nothing.

    One compiled pass where the extension is built (:mod:`cleantext.compiled`), else
    :func:`looks_garbled_python`; both say the same."""
    if text.isascii():
        return False
    found = compiled.garbled(text, _CONTINUATION)
    return found if found is not None else looks_garbled_python(text)


def looks_garbled_python(text: str) -> bool:
    """:func:`looks_garbled` with the pattern engine, on the text's UTF-8."""
    if text.isascii():
        return False
    return _SUSPECT_UTF8.search(text.encode("utf-8", "surrogatepass")) is not None


#: U+0085 (NEL) that cannot be the second byte of UTF-8 read as Latin-1 (it does not
#: follow a lead byte or another continuation byte): a line break, as the normalize step
#: reads it, not the cp1252 "…" that ftfy's C1 repair would make of it.  The look-behind
#: stands after the character, not before it: ``re`` then looks for U+0085 alone, where a
#: pattern that opens with a look-behind is tried at every position (about a hundred
#: times as slow on a page of 18,000 characters)
_LONE_NEL = re.compile("\x85(?<![\xc2-\xf4\x80-\xbf]\x85)")


def _fix_line(line: str, config: ftfy.TextFixerConfig) -> tuple[str, list[tuple[str, str]]]:
    """``ftfy.fix_and_explain(line, config=config)`` (text and plan), reading a repaired
    line once instead of twice.

    With :func:`_config`, ``fix_and_explain`` runs rounds of ``fix_encoding_and_explain``
    (itself repeated until a step changes nothing), the C1 fixer and the surrogate fixer
    until a round changes nothing.  When the repaired text holds no C1 control and no
    surrogate, the fixers leave it as it is, and a second round would only repeat the
    first round's last step (ftfy's badness test over the whole line: most of the cost
    of a long line) and add that step's plan again; the plan of a step that changes
    nothing is empty unless it took ftfy's last resort, the C1 repair, which needs a C1
    control.  So such a line is taken after one round; any other goes through
    ``fix_and_explain`` (tests/test_encoding compares the two, text and plan; so did
    675,000 broken lines, those of the benchmark pages among them, with ftfy 6.3)."""
    import ftfy
    from ftfy.chardata import C1_CONTROL_RE  # what ftfy's C1 fixer looks for
    from ftfy.fixes import fix_surrogates

    fixed, plan = ftfy.fix_encoding_and_explain(line, config)
    if C1_CONTROL_RE.search(fixed) is None and fix_surrogates(fixed) == fixed:
        return fixed, list(plan or [])
    repaired, steps = ftfy.fix_and_explain(line, config=config)
    return repaired, list(steps or [])


def fix_encoding(text: str) -> tuple[str, list[tuple[int, list[tuple[str, str]]]]]:
    """Repair mojibake line by line.

    Returns the repaired text and, for each changed line, its number and the
    ftfy plan that repairs it (replay it with ``ftfy.apply_plan(line, plan)``).
    A line that ftfy leaves broken as it is, but repairs once its spaces are
    plain ones (a no-break space beside the broken characters), is repaired with its
    spaces made plain; its plan replays on ``plain_spaces(line)``
    (:func:`cleantext.filters.normalize.plain_spaces`).
    A lone U+0085 (NEL) is a line break here, not mojibake.
    """
    if not looks_garbled(text):
        return text, []
    config = _config()
    lines = _LONE_NEL.sub("\n", text).split("\n")
    plans: list[tuple[int, list[tuple[str, str]]]] = []
    for i, line in enumerate(lines):
        if not looks_garbled(line):
            continue
        fixed, plan = _fix_line(line, config)
        if fixed == line or looks_garbled(fixed):
            # ftfy reads a no-break space or a tab beside a broken character as part of
            # the text and leaves it broken; the normalize step then turns that space
            # into a plain one, and a second cleaning would repair what the first left.
            # Repair the line with the spaces that step will leave instead.
            spaced = plain_spaces(line)
            if spaced != line:
                respaced, replan = _fix_line(spaced, config)
                if respaced != spaced and (fixed == line or not looks_garbled(respaced)):
                    fixed, plan = respaced, replan
        if fixed != line:
            lines[i] = fixed
            plans.append((i, plan))
    return "\n".join(lines), plans


@register("encoding")
class EncodingRepair(Step):
    """Repair broken encoding (UTF-8 read as cp1252 and the like) with ftfy.

    Only encoding repairs are made: quotes, widths and ligatures stay as they are.
    The report's details hold, per repaired line, the ftfy plan to replay it.
    """

    name = "encoding"

    def __call__(self, doc: Document) -> None:
        if not doc.config.fix_encoding:
            return
        fixed, plans = fix_encoding(doc.text)
        if plans:
            doc.text = fixed
            doc.report(self.name, f"encoding repaired on {len(plans)} line(s)", plans)
        else:
            doc.report(self.name, "no encoding repair needed")
