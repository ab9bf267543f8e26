"""Terminal cell widths: CJK characters take two cells, so wrapping counts cells."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# A "word" is a run of non-space characters, except that wide characters
# (CJK) stand alone, since Chinese text breaks between any two characters.  Opening
# brackets and quotes stick to what follows them and closing punctuation to what
# precedes it (also after Latin text or digits: "0.12），"), so no line starts with
# "，" or "）" and none ends with "（".
_WIDE = ("\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f"
         "\uff00-\uff60\uffe0-\uffe6")
_OPEN = "（「『《〈【〔［｛“‘"
_CLOSE = "、。，．：；？！）」』》〉】〕］｝”’…"
_ASCII_TOKEN = re.compile(r"\S+|\s+")


@cache
def _token() -> re.Pattern:
    """The CJK-aware word pattern, compiled on first use (a few ms): plain ASCII text,
    the common case, never needs it."""
    return re.compile(rf"[{_OPEN}]*(?:[{_WIDE}]|[^\s{_WIDE}{_OPEN}]+)[{_CLOSE}]*|\s+|\S")


def cell_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int, indent: str = "", subsequent: str | None = None) -> str:
    """Wrap ``text`` to ``width`` terminal cells with a first and a hanging indent."""
    subsequent = indent if subsequent is None else subsequent
    lines, line = [], indent
    tokens = (_ASCII_TOKEN if text.isascii() else _token()).findall(text)
    for token in tokens:
        if token.isspace():
            if line.strip():
                line += " "
            continue
        if cell_width(line) + cell_width(token) > width and line.strip():
            lines.append(line.rstrip())
            line = subsequent
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines)
