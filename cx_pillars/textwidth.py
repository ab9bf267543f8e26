"""Terminal cell widths: CJK characters take two cells, so wrapping counts cells."""

from __future__ import annotations

import re
import unicodedata

# A "word" is a run of non-space characters, except that wide characters
# (CJK) stand alone, since Chinese text breaks between any two characters.
_TOKEN = re.compile(r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f"
                    r"\uff00-\uff60\uffe0-\uffe6][\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]*"
                    r"|\S+?(?=[\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]|\s|$)|\s+")


def cell_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int, indent: str = "", subsequent: str | None = None) -> str:
    """Wrap ``text`` to ``width`` terminal cells with a first and a hanging indent."""
    subsequent = indent if subsequent is None else subsequent
    lines, line = [], indent
    for token in _TOKEN.findall(text):
        if token.isspace():
            if line.strip():
                line += " "
            continue
        if cell_width(line.rstrip()) + cell_width(token) > width and line.strip():
            lines.append(line.rstrip())
            line = subsequent
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines)
