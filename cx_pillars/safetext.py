"""One gate for text read from files: checked once, then made safe for where it goes.

* :func:`bad_character` finds what text from a file must never hold: control
  characters (C0, DEL, C1 — terminal escapes such as OSC 52 and ``ESC[2J``) and the
  invisible format characters that hide or reorder text (zero-width marks, line and
  paragraph separators, bidi embeddings, overrides and isolates, a byte-order mark
  inside text).  :func:`check` raises the one-line error naming file and field.
* :func:`markdown` escapes text for a Markdown page (title, prompts, table cells):
  HTML, links, emphasis, code, headings and table pipes all become plain text.
* :func:`csv_cell` neutralises a CSV cell a spreadsheet could run as a formula,
  whatever separator the spreadsheet splits on (``, ; tab |``).
"""

from __future__ import annotations

import re
from pathlib import Path

from cx_pillars.errors import ValidationError, printable
from cx_pillars.i18n import tr

# C0 controls except tab (tab is refused too: names never hold one), DEL, C1, and the
# invisible format characters.
_BAD = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def bad_character(text: str) -> str | None:
    """The first character ``text`` must not hold, or None."""
    found = _BAD.search(text)
    return found.group() if found else None


def check(text: str, *, path: Path | str | None, field: str) -> str:
    """``text`` back when it is clean; otherwise the one-line error naming ``field``."""
    bad = bad_character(text)
    if bad is not None:
        raise ValidationError(
            tr("safetext.control", char=f"U+{ord(bad):04X}", text=printable(text, 60)),
            path=path,
            field=field,
            hint=tr("safetext.control_hint"),
        )
    return text


# Characters that mean something to Markdown (or to the HTML a page may hold)
# anywhere in a line; line starts are handled apart (headings, lists, quotes). A "<"
# starts HTML or an autolink only before a letter, "/", "!" or "?" (CommonMark), so
# "p < 0.05" is left as it is.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]>|~&!]|<(?=[A-Za-z/!?]))")
_LINE_START = re.compile(r"^(\s*)(?:([#>+\-=])|(\d+)([.)]))")


def markdown(text: object, *, line_start: bool = True) -> str:
    """``text`` as literal Markdown: no HTML, link, emphasis, code span, heading or
    table cell boundary can come from it; line breaks become spaces.

    ``line_start=False`` for a table cell, where nothing starts a block (``2.7`` stays
    ``2.7``, not ``2\\.7``); a line, a list item or a heading keeps the default."""
    plain = printable(text).replace("\r", " ").replace("\n", " ")
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", plain)
    return _LINE_START.sub(_escape_line_start, escaped) if line_start else escaped


def _escape_line_start(m: re.Match[str]) -> str:
    if m.group(2):  # heading, quote, list item or setext underline
        return f"{m.group(1)}\\{m.group(2)}"
    return f"{m.group(1)}{m.group(3)}\\{m.group(4)}"  # ordered list item: 1\.


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Separators a spreadsheet may split a line on (comma, semicolon in Polish, German and
# French settings, tab, pipe).
SEPARATORS = (",", ";", "\t", "|")
_AFTER_SEPARATOR = re.compile(r"([,;\t|])(?=[=+\-@\t\r])")


def csv_cell(cell: object) -> object:
    """A cell no spreadsheet runs as a formula.  A cell starting with ``= + - @``, tab
    or carriage return gets the usual leading apostrophe; a cell where such a
    character follows one of ``, ; tab |`` (so a spreadsheet splitting on that
    separator would see a cell starting with it) has each of those characters
    preceded by an apostrophe too, so every piece starts with ``'``."""
    if not isinstance(cell, str):
        return cell
    text = _AFTER_SEPARATOR.sub(r"\1'", cell)
    if text.startswith(FORMULA_START):
        text = "'" + text
    return text
