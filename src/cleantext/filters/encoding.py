"""Repair mojibake with ftfy, encoding repairs only, behind a cheap pre-check."""

from __future__ import annotations

import re

import ftfy
import numpy as np

from ..charclass import code_points
from ..document import Document
from ..pipeline import Step, register

# UTF-8 read as cp1252/latin-1 leaves a lead byte (Â..ï) followed by continuation
# bytes (0x80-0xBF, shown as C1 controls, cp1252 punctuation or ¡..¿), or C1
# controls on their own.  Clean text almost never has these pairs, so it skips ftfy.
_CONT = "\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_SUSPECT = re.compile(f"[\xc2-\xdf][{_CONT}]|[\xe0-\xef][{_CONT}]{{2}}|[\x80-\x9f]|\xc3 ")
_SUSPECT_SPACE = "\xc3 "

_CONFIG = ftfy.TextFixerConfig(
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


# the same test for long texts, with numpy: a class per code point (below U+2200)
_LEAD2, _LEAD3, _CONT_BIT, _C1 = 1, 2, 4, 8


def _suspect_table() -> np.ndarray:
    table = np.zeros(0x2200, dtype=np.uint8)
    table[0xC2:0xE0] |= _LEAD2
    table[0xE0:0xF0] |= _LEAD3
    table[0x80:0xA0] |= _C1
    for ch in _CONT[3:]:  # after the range \x80-\xbf, the cp1252 punctuation
        table[ord(ch)] |= _CONT_BIT
    table[0x80:0xC0] |= _CONT_BIT
    return table


_TABLE = _suspect_table()
#: Below this many characters the regular expression is faster than numpy.
_NUMPY_FROM = 2000


def looks_garbled(text: str) -> bool:
    """Cheap test: could ``text`` hold mojibake?  False means ftfy would change nothing."""
    if text.isascii():
        return False
    if len(text) < _NUMPY_FROM:
        return _SUSPECT.search(text) is not None
    cls = _TABLE[np.minimum(code_points(text), len(_TABLE) - 1)]
    if (cls & _C1).any():
        return True
    lead2, lead3, cont = (cls & _LEAD2) != 0, (cls & _LEAD3) != 0, (cls & _CONT_BIT) != 0
    if (lead2[:-1] & cont[1:]).any():
        return True
    triple = lead3[:-2] & cont[1:-1] & cont[2:]
    return bool(triple.any()) or _SUSPECT_SPACE in text


def fix_encoding(text: str) -> tuple[str, list[tuple[int, list[tuple[str, str]]]]]:
    """Repair mojibake line by line.

    Returns the repaired text and, for each changed line, its number and the
    ftfy plan that repairs it (replay it with ``ftfy.apply_plan(line, plan)``).
    """
    if not looks_garbled(text):
        return text, []
    lines = text.split("\n")
    plans: list[tuple[int, list[tuple[str, str]]]] = []
    for i, line in enumerate(lines):
        if not looks_garbled(line):
            continue
        fixed, plan = ftfy.fix_and_explain(line, config=_CONFIG)
        if fixed != line:
            lines[i] = fixed
            plans.append((i, list(plan or [])))
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
