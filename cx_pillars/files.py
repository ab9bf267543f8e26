"""Reading the user's TOML files (assessments, frameworks, maps, summaries) with errors
that name the file, the line and what to do."""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

from cx_pillars.errors import ValidationError
from cx_pillars.i18n import Message, tr

MAX_BYTES = 32 << 20  # a summary of 50 segments < 1 MB; frameworks and maps a few kB
#: An assessment is 1-3 kB (ten ratings, a ranking, notes of at most 2,000 characters
#: each: under 80 kB with every note full and 30 pillars). 1 MB leaves ample room and
#: refuses a hand-made file in a shared store before every command parses it.
MAX_ASSESSMENT_BYTES = 1 << 20
# What a file is, in the messages (other values are shown as they are): as a limit
# says it ("too large for a framework file"), and as a noun ("no such framework file").
_NOUN_KEYS = {
    "file": "files.noun.file",
    "framework file": "files.noun.framework",
    "map file": "files.noun.map",
}
_WHAT_KEYS = {
    "file": "limits.what.file",
    "assessment": "limits.what.assessment",
    "framework file": "limits.what.framework",
    "map file": "limits.what.map",
}


def size_text(size: int) -> str:
    """``1 MB``, ``1.5 MB``, ``100 kB``: a size as the limits messages give it."""
    if size >= 1 << 20:
        return f"{size / 2**20:.1f}".removesuffix(".0") + " MB"
    return f"{max(1, round(size / 1000))} kB"


def _what(what: str) -> str | Message:
    key = _WHAT_KEYS.get(what)
    return tr(key) if key else what


def _noun(what: str) -> str | Message:
    key = _NOUN_KEYS.get(what)
    return tr(key) if key else what


def read_text(
    path: Path, what: str = "file", limit: int = MAX_BYTES, *, kind: str | None = None
) -> str:
    """A UTF-8 text file's contents (a BOM is dropped); errors name the file.

    Only regular files are read, and only up to ``limit`` bytes: a FIFO or a link to
    ``/dev/zero`` dropped into a shared store must not hang or exhaust the reader.
    ``kind`` (default ``what``) is what a file too large is too large for.
    """
    path = Path(path)
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            raise ValidationError(tr("files.not_regular", what=_noun(what)), path=path)
        if info.st_size > limit:  # refused before a byte is read
            raise ValidationError(
                tr(
                    "limits.file_too_large",
                    size=size_text(info.st_size),
                    what=_what(kind or what),
                    limit=size_text(limit),
                ),
                path=path,
            )
        with open(path, "rb") as fh:
            # Ask for the size stat gave (+1 to notice growth): read(limit) would set
            # aside a 32 MB buffer for every few-kB file.
            raw = fh.read(min(info.st_size, limit) + 1)
            if len(raw) > info.st_size:  # it grew since stat
                raw += fh.read(limit + 1 - len(raw))
        if len(raw) > limit:
            raise ValidationError(
                tr("limits.file_grew", what=_what(kind or what), limit=size_text(limit)),
                path=path,
            )
    except FileNotFoundError:
        raise ValidationError(tr("files.no_such", what=_noun(what)), path=path) from None
    except IsADirectoryError:
        raise ValidationError(tr("files.folder", what=_noun(what)), path=path) from None
    except OSError as exc:
        raise ValidationError(
            tr("files.unreadable", reason=str(exc.strerror or exc)), path=path
        ) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw[:4096]:
        raise ValidationError(tr("files.binary"), path=path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ValidationError(
            tr("files.not_utf8"), path=path, line=line, hint=tr("files.not_utf8_hint")
        ) from None


def parse_toml(path: Path | str, text: str) -> dict[str, Any]:
    """Parse TOML; a syntax error names the line and column."""
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise ValidationError(tr("files.toml_nested"), path=path) from None
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        line = int(m.group(1)) if m else None
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg)
        problem: str | Message = _toml_problem(msg)
        if m:
            problem = tr("files.toml_column", problem=problem, column=int(m.group(2)))
        raise ValidationError(
            tr("files.toml_invalid", problem=problem), path=path, line=line
        ) from None


# The TOML parser's messages (tomllib, in English) and their catalogue keys: the ones
# with a value first as patterns, then the fixed ones; a message not here (another
# Python's wording) is shown as the parser gives it.
_TOML_FIXED = {
    "Invalid statement": "statement",
    "Expected newline or end of document after a statement": "line_end",
    "Expected ']' at the end of a table declaration": "table_end",
    "Expected ']]' at the end of an array declaration": "array_table_end",
    "Cannot overwrite a value": "overwrite",
    "Expected '=' after a key in a key/value pair": "equals",
    "Invalid initial character for a key part": "key_start",
    "Unclosed array": "unclosed_array",
    "Unclosed inline table": "unclosed_table",
    "Unescaped '\\' in a string": "backslash",
    "Invalid hex value": "hex",
    "Escaped character is not a Unicode scalar value": "scalar",
    "Unterminated string": "unterminated",
    "Invalid date or datetime": "date",
    "Invalid value": "value",
}
_TOML_PATTERNS = (
    (re.compile(r"Found invalid character (.+)"), "invalid_char"),
    (re.compile(r"Illegal character (.+)"), "illegal_char"),
    (re.compile(r"Cannot declare (.+) twice"), "twice"),
    (re.compile(r"Cannot mutate immutable namespace (.+)"), "immutable"),
    (re.compile(r"Cannot redefine namespace (.+)"), "redefine"),
    (re.compile(r"Duplicate inline table key (.+)"), "inline_key"),
    (re.compile(r"Expected (.+)"), "expected"),
)


def _toml_problem(msg: str) -> str | Message:
    """The parser's message as a catalogue message where it is one we know."""
    end = msg.endswith(" (at end of document)")
    msg = msg.removesuffix(" (at end of document)")
    found: str | Message = msg
    if msg in _TOML_FIXED:
        found = tr(f"files.toml.{_TOML_FIXED[msg]}")
    else:
        for pattern, key in _TOML_PATTERNS:
            m = pattern.fullmatch(msg)
            if m:
                found = tr(f"files.toml.{key}", value=m.group(1))
                break
    return tr("files.toml_end", problem=found) if end else found


def load_toml(path: Path | str, what: str = "file") -> tuple[str, dict[str, Any]]:
    """Read and parse a TOML file: (text, data)."""
    text = read_text(Path(path), what)
    return text, parse_toml(path, text)
