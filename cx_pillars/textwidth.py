"""Text measurement and line breaking, once for the whole tool.

:func:`cell_width` is a string's width in terminal cells; :func:`pieces` are the places
a line may break; :func:`break_lines` is the one line breaker (terminal, charts and
report wrap through it, each measuring in its own unit); :func:`wrap` is the terminal's
wrap, with indents, over it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

__all__ = ["break_lines", "cell_width", "pieces", "wrap", "wrap_items"]

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
# No-break spaces (U+00A0, U+2007 figure space, U+202F narrow no-break space) join what
# they stand between, as Unicode's line breaking (class GL) has it: "6.\u00a0Stores"
# is one piece. Every other space is a place to break.
_GLUE = "\u00a0\u2007\u202f"
_SPACE = rf"[^\S{_GLUE}]"
_SPACES = re.compile(rf"{_SPACE}+")


@cache
def _after_hyphen() -> re.Pattern[str]:
    """Where a hyphenated word may break: after a hyphen with two letters either side
    ("Non-|digital", "self-|assessment", not "e-mail"), as textwrap's break_on_hyphens."""
    return re.compile(r"(?<=[^\W\d_]{2}-)(?=[^\W\d_]{2})")


@cache
def _piece_pattern() -> re.Pattern[str]:
    """The CJK-aware pattern, compiled on first use (a few ms): plain ASCII text, the
    common case, never needs it."""
    return re.compile(
        rf"[{_OPEN}]*(?:(?![{_OPEN}{_CLOSE}])[{_WIDE}]"
        rf"|(?:[{_GLUE}]|[^\s{_WIDE}{_OPEN}{_CLOSE}])+)[{_CLOSE}]*{_SPACE}*"
        # brackets and marks with nothing to hold on to ("（、", "」。" after a space)
        # stay together all the same
        rf"|[{_OPEN}]*[{_CLOSE}]+{_SPACE}*|[{_OPEN}]+{_SPACE}*|{_SPACE}+|."
    )


def pieces(text: str, *, hyphens: bool = False) -> list[str]:
    """The pieces a line may break between, each with the spaces that follow it: a word,
    or one Chinese character with its brackets and punctuation. Terminal, chart and
    report wrapping all break text here, each measuring in its own unit. With
    ``hyphens`` a hyphenated word is pieces too, each ending in its hyphen (charts)."""
    found: list[str] = (_ASCII_PIECE if text.isascii() else _piece_pattern()).findall(text)
    if not text.isascii() and any(g in text for g in _GLUE):  # glue holds across a piece
        joined: list[str] = []
        for piece in found:
            if joined and (joined[-1][-1] in _GLUE or piece[0] in _GLUE):
                joined[-1] += piece
            else:
                joined.append(piece)
        found = joined
    if hyphens and "-" in text:
        return [part for piece in found for part in _after_hyphen().split(piece)]
    return found


@cache
def _rich_cell_len() -> Callable[[str], int]:
    """Rich's measure, imported on first use: ASCII text (``pillars`` in English) never
    needs it, and that command does not load Rich."""
    from rich.cells import cell_len

    return cell_len


def cell_width(text: str) -> int:
    """Width of ``text`` in terminal cells: a CJK character or an emoji takes two, an
    accent (a combining mark) none, an emoji sequence (ZWJ family, flag, skin tone,
    VS16) two in all.

    This is Rich's own measure (:func:`rich.cells.cell_len`), the one it lays tables
    out by: text padded or wrapped here lines up with the columns Rich draws around it.
    """
    if text.isascii() and text.isprintable():
        return len(text)
    return _rich_cell_len()(text)


def break_lines(
    text: str,
    width: float,
    measure: Callable[[str], float] = cell_width,
    *,
    hyphens: bool = False,
) -> list[str]:
    """The one line breaker: ``text`` greedily in lines no wider than ``width``, each
    paragraph (``\\n``) on new lines, breaking only between :func:`pieces`.

    ``measure`` gives a piece's width in the caller's unit (terminal cells, typographic
    points); a line's width is the sum of its pieces' widths, so each piece is measured
    once. A piece wider than ``width`` gets a line of its own rather than being cut.
    With ``hyphens``, a hyphenated word may break after a hyphen (see :func:`pieces`)."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for piece in pieces(paragraph, hyphens=hyphens):
            word = piece.rstrip()
            if line.strip() and word and used + measure(word) > width:
                out.append(line.rstrip())
                piece = piece.lstrip()
                line, used = piece, measure(piece)
            else:
                line, used = line + piece, used + measure(piece)
        out.append(line.rstrip())
    return out


def wrap_items(items: list[str], width: int, indent: str = "", subsequent: str = "") -> str:
    """``items`` one after another, wrapped to ``width`` cells with a first and a hanging
    indent, breaking only between items: a list ("1. Service, 2. Friction, …") whose
    entries never part, also in Chinese, which :func:`wrap` breaks between characters.
    Each item holds its own separator; an item wider than a whole line is wrapped
    itself."""
    lines: list[str] = []
    line = indent
    for item in items:
        if line.strip() and cell_width((line + item).rstrip()) > width:
            lines.append(line.rstrip())
            line, item = subsequent, item.lstrip()
        if cell_width((line + item).rstrip()) <= width:
            line += item
            continue
        # wider than a whole line: the item itself is wrapped, its last line continued
        room = max(1, width - max(cell_width(line), cell_width(subsequent)))
        parts = break_lines(item, room)
        lines.append((line + parts[0]).rstrip())
        lines += [subsequent + part for part in parts[1:-1]]
        line = subsequent + (parts[-1] if len(parts) > 1 else "")
        line += " " if len(parts) > 1 and item.endswith(" ") else ""
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines)


def wrap(text: str, width: int, indent: str = "", subsequent: str | None = None) -> str:
    """Wrap ``text`` to ``width`` terminal cells with a first and a hanging indent.

    Runs of white space (new lines too) count as one space; the lines are
    :func:`break_lines`'s, the first in the room ``indent`` leaves, the others in the
    room ``subsequent`` (default: ``indent``) leaves."""
    subsequent = indent if subsequent is None else subsequent
    flat = " ".join(word for word in _SPACES.split(text) if word)
    if not flat:
        return ""
    room, more = width - cell_width(indent), width - cell_width(subsequent)
    lines = break_lines(flat, room)
    if len(lines) > 1 and more != room:
        # the first line is a prefix of the text: break the rest again in the other room
        lines[1:] = break_lines(flat[len(lines[0]) :].lstrip(), more)
    return "\n".join([indent + lines[0], *(subsequent + line for line in lines[1:])])
