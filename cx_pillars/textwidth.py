"""Terminal cell widths: CJK characters take two cells, so wrapping counts cells."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

# A "word" is a run of non-space characters, except that wide characters
# (CJK) stand alone, since Chinese text breaks between any two characters.  Opening
# brackets and quotes stick to what follows them and closing punctuation to what
# precedes it (also after Latin text or digits: "0.12），"), so no line starts with
# "，" or "）" and none ends with "（".
_WIDE = (
    "\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
)
_OPEN = "（「『《〈【〔［｛“‘"
_CLOSE = "、。，．：；？！）」』》〉】〕］｝”’…"
_ASCII_PIECE = re.compile(r"\S+\s*|\s+")


@cache
def _piece_pattern() -> re.Pattern:
    """The CJK-aware pattern, compiled on first use (a few ms): plain ASCII text, the
    common case, never needs it."""
    return re.compile(
        rf"[{_OPEN}]*(?:(?![{_OPEN}{_CLOSE}])[{_WIDE}]"
        rf"|[^\s{_WIDE}{_OPEN}{_CLOSE}]+)[{_CLOSE}]*\s*|\s+|."
    )


def pieces(text: str) -> list[str]:
    """The pieces a line may break between, each with the spaces that follow it: a word,
    or one Chinese character with its brackets and punctuation. Terminal, chart and
    report wrapping all break text here, each measuring in its own unit."""
    return (_ASCII_PIECE if text.isascii() else _piece_pattern()).findall(text)


def cell_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def break_lines(
    text: str, width: float, measure: Callable[[str], float] = cell_width
) -> list[str]:
    """The one line breaker: ``text`` greedily in lines no wider than ``width``, each
    paragraph (``\\n``) on new lines, breaking only between :func:`pieces`.

    ``measure`` gives a piece's width in the caller's unit (terminal cells, typographic
    points); a line's width is the sum of its pieces' widths, so each piece is measured
    once. A piece wider than ``width`` gets a line of its own rather than being cut."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for piece in pieces(paragraph):
            word = piece.rstrip()
            if line.strip() and word and used + measure(word) > width:
                out.append(line.rstrip())
                piece = piece.lstrip()
                line, used = piece, measure(piece)
            else:
                line, used = line + piece, used + measure(piece)
        out.append(line.rstrip())
    return out


def wrap(text: str, width: int, indent: str = "", subsequent: str | None = None) -> str:
    """Wrap ``text`` to ``width`` terminal cells with a first and a hanging indent."""
    subsequent = indent if subsequent is None else subsequent
    lines, line = [], indent
    for piece in pieces(text):
        word = piece.rstrip()
        if word:
            if cell_width(line) + cell_width(word) > width and line.strip():
                lines.append(line.rstrip())
                line = subsequent
            line += word
        if piece != word and line.strip():  # the spaces after it, as one
            line += " "
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines)
