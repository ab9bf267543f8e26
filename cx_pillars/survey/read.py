"""Bytes to text: how an export file is encoded and delimited, read as a stream.

Everything here reads the file in bounded pieces; nothing holds the whole file.

* Encoding: a byte-order mark decides (UTF-8, UTF-16); otherwise the file must
  decode as strict UTF-8, and if it does not, the most plausible of cp1252,
  cp1250, Mac Roman, GBK and cp950 (Big5) is chosen by scoring the words that hold
  non-ASCII bytes (letters of the language score, symbols and mid-word case breaks
  such as ``cafÈ`` cost; for GBK and cp950 the common level of the national standard
  scores more than its rare level).  ``--encoding`` overrides; the whole file is
  checked once either way, so a wrong encoding fails with the line where it
  breaks, before any work.
* Delimiter: ``,`` ``;`` tab or ``|``; one that splits the header row into as many
  columns as the data rows wins, then the most consistent number of columns
  (``--delimiter`` overrides).  So a comma file whose cells hold ``a;b;c;`` lists
  (a Microsoft Forms ranking) stays a comma file.
* Line endings: LF, CRLF and CR-only (Excel for Mac) alike; quoted cells may hold
  line breaks.  Line numbers are physical lines of the file, 1-based.
* JSON: a top-level array of responses, an object holding one (``results``,
  ``responses``, ``data``), or one response object per line; streamed value by value.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from cx_pillars.errors import CxError, UsageError
from cx_pillars.i18n import Message, tr

if TYPE_CHECKING:
    from cx_pillars.survey.workbook import Sheet

CHUNK = 1 << 20
# Limits on the pieces of one export, checked as it is read, so that a hand-made file
# fails with a clear line before memory grows (a 2.1 GB line used 4.3 GB before its
# error; 1,000,000 columns took 110 s). The largest real exports seen (the Qualtrics,
# SurveyMonkey, LimeSurvey and SurveyJS files in /work/shared/data) have lines of
# 22,000 characters, 371 columns, cells of a few thousand characters and a 74 kB survey
# definition: each limit is 10 times or more above what a survey of hundreds of
# questions with long open answers needs.
MAX_RECORD = 1 << 20  # characters in one record: its line, or its lines (quoted breaks)
MAX_COLUMNS = 5000  # cells in one record
MAX_CELL = 100_000  # characters in one cell (the csv module's own limit is 131,072)
MAX_JSON_VALUE = 8 << 20  # characters of one JSON response or survey definition
WORD_MAX = 64  # bytes of a word kept for guessing the code page
# Ties go to the earlier code page; cp950 comes last, after gbk.
FALLBACK_ENCODINGS = ("cp1252", "cp1250", "mac_roman", "gbk", "cp950")
DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16": "UTF-16",
    "cp1252": "cp1252 (Windows Western European)",
    "cp1250": "cp1250 (Windows Central European)",
    "mac-roman": "Mac Roman",
    "gbk": "GBK (Simplified Chinese)",
    "cp950": "cp950 (Big5, Traditional Chinese)",
}
# Encodings whose name is followed by words (in the run's language); the others are
# names only (UTF-8, UTF-16, Mac Roman).
ENCODING_KEYS = {
    "utf-8-sig": "utf_8_bom",
    "cp1252": "cp1252",
    "cp1250": "cp1250",
    "gbk": "gbk",
    "cp950": "cp950",
}
WORKBOOK_KINDS = ("xlsx", "xlsb", "xls", "ods")
RESULT_KEYS = ("results", "responses", "data", "items", "records")
WRAPPER_KEYS = RESULT_KEYS + ("survey", "_source", "definition", "questions", "pages", "meta")

# How often each accented letter occurs in running text of the Latin-script languages
# the single-byte code pages serve, in classes: 3 = about 0.4 % of letters or more,
# 2 = about 0.1 % or more, 1 = rarer (rounded from published letter-frequency tables).
# A decoding is plausible when its accented letters are the frequent ones of one
# language: Mac Roman "für" holds German's frequent ü, the same bytes read as cp1250
# give Polish's rare ź ("fźr").
_LETTERS: dict[str, dict[str, int]] = {
    "de": {"ä": 3, "ö": 3, "ü": 3, "ß": 2},
    "fr": {"é": 3, "è": 2, "à": 3, "ê": 2, "ç": 1, "â": 1, "î": 1, "ô": 1, "ù": 1, "û": 1}
    | {"ë": 1, "ï": 1, "œ": 1, "ÿ": 1, "æ": 1},
    "es": {"á": 3, "é": 3, "í": 3, "ó": 3, "ú": 2, "ñ": 2, "ü": 1},
    "pt": {"ã": 3, "ç": 3, "ê": 3, "â": 3, "é": 2, "á": 2, "ó": 2, "ô": 2, "í": 2, "ú": 2}
    | {"à": 1, "õ": 1},
    "it": {"à": 3, "è": 2, "ù": 2, "ò": 2, "ì": 1, "é": 1},
    "pl": {"ł": 3, "ę": 3, "ą": 3, "ó": 3, "ż": 3, "ś": 3, "ć": 2, "ń": 2, "ź": 1},
    "cs": {"í": 3, "ě": 3, "ý": 3, "á": 3, "ž": 3, "š": 3, "é": 3, "č": 3, "ř": 2, "ů": 2}
    | {"ú": 1, "ó": 1, "ď": 1, "ť": 1, "ň": 1},
    "sk": {"á": 3, "í": 3, "é": 3, "ý": 3, "č": 2, "ž": 2, "š": 2, "ú": 2, "ô": 1, "ľ": 1}
    | {"ď": 1, "ť": 1, "ň": 1, "ä": 1, "ĺ": 1, "ŕ": 1, "ó": 1},
    "hu": {"á": 3, "é": 3, "ö": 3, "ő": 3, "ó": 3, "í": 3, "ü": 2, "ú": 2, "ű": 1},
    "ro": {"ă": 3, "î": 3, "ș": 3, "ş": 3, "ț": 3, "ţ": 3, "â": 2},
    "hr": {"š": 3, "ž": 3, "č": 2, "ć": 2, "đ": 2},
    "sv": {"ä": 3, "å": 3, "ö": 3, "é": 1},
    "da": {"æ": 3, "ø": 3, "å": 3, "é": 1},
    "nl": {"ë": 1, "é": 1, "ï": 1, "ö": 1, "ü": 1, "è": 1},
}
_ANY_LETTER = 0.5  # a letter none of these languages uses
# Accented consonants that stand between two other consonants in almost no word of
# their languages ("fźr", "aprčs": a wrong code page's reading of "für", "après").
_CLUSTERED = set("čćšśžźżňńďťđ")
_CONSONANTS = set("bcdfghjklmnpqrstvwxzBCDFGHJKLMNPQRSTVWXZ")
_OTHER_LANGUAGE = 0.25  # share a letter of another language than the main one scores


@dataclass
class Source:
    """How to read one export file."""

    path: Path
    kind: str  # "csv" or "json"
    encoding: str  # a Python codec name
    bom: int = 0  # bytes of byte-order mark at the start
    delimiter: str = ","
    detected_encoding: bool = True
    detected_delimiter: bool = True
    sheet: Sheet | None = None  # a workbook's sheet: rows, not bytes (survey.workbook)

    @property
    def ascii_compatible(self) -> bool:
        """Whether delimiters, quotes and line breaks are the ASCII bytes themselves (so
        byte offsets can be used); not for UTF-16, nor for a workbook's sheet."""
        return self.sheet is None and self.encoding not in ("utf-16",)

    def describe(self) -> str:
        """How the file was read, in English (see :meth:`description`)."""
        return str(self.description())

    def description(self) -> Message:
        """How the file was read, put into words in the run's language by the command
        layer: encoding and delimiter ("UTF-8, comma-delimited"), or for a workbook's
        sheet the kind of workbook (its cells are read as they are, not as text)."""
        if self.sheet is not None:
            kind = self.sheet.kind if self.sheet.kind in WORKBOOK_KINDS else "other"
            return tr(f"survey.read_as.workbook.{kind}")
        codec = codecs.lookup(self.encoding).name
        if self.bom and self.encoding.startswith("utf-8"):
            codec = "utf-8-sig"
        key = ENCODING_KEYS.get(codec)
        enc: str | Message = ENCODING_NAMES.get(codec, self.encoding)
        if key:
            enc = tr(f"survey.read_as.encoding.{key}")
        if self.kind == "json":
            return tr("survey.read_as.json", encoding=enc)
        name = DELIMITER_NAMES.get(self.delimiter)
        delimiter = tr(f"survey.read_as.delimiter.{name}") if name else repr(self.delimiter)
        return tr("survey.read_as.delimited", encoding=enc, delimiter=delimiter)

    def open_text(self, offset: int | None = None) -> io.TextIOWrapper:
        """The file as text from ``offset`` (default: after any BOM), newlines kept."""
        fh = open(self.path, "rb")
        fh.seek(self.bom if offset is None else offset)
        return io.TextIOWrapper(fh, encoding=self.encoding, errors="strict", newline="")


def _line_breaks(data: bytes) -> int:
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def _read_head(path: Path, size: int = 1 << 16) -> bytes:
    try:
        if not stat.S_ISREG(os.stat(path).st_mode) and not path.is_dir():
            raise CxError(
                tr("survey.error.not_regular"),
                path=path,
                hint=tr("survey.error.not_regular_hint"),
            )
        with open(path, "rb") as fh:
            return fh.read(size)
    except FileNotFoundError:
        raise CxError(tr("survey.error.no_file"), path=path) from None
    except IsADirectoryError:
        raise CxError(tr("survey.error.folder"), path=path) from None
    except PermissionError:
        raise CxError(tr("survey.error.permission"), path=path) from None
    except OSError as exc:
        raise CxError(
            tr("survey.error.cannot_read", reason=exc.strerror or str(exc)), path=path
        ) from None


def _check_binary(path: Path, head: bytes, bom: int) -> None:
    if head[:4] == b"PK\x03\x04":
        raise CxError(tr("survey.error.excel"), path=path, hint=tr("survey.error.save_as_csv"))
    if head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise CxError(tr("survey.error.xls"), path=path, hint=tr("survey.error.save_as_csv"))
    if head[:5] == b"%PDF-":
        raise CxError(tr("survey.error.pdf"), path=path)
    body = head[bom:]
    nuls = body.count(b"\x00")
    controls = sum(1 for b in body if b < 9 or 13 < b < 32 and b != 26)
    if nuls and (controls - nuls) / len(body) <= 0.01 and nuls <= max(3, len(body) // 1000):
        # Text apart from a stray zero byte or a few (a copy cut short, an editor's
        # slip): say where, rather than call it binary. The NUL is not read as a blank,
        # since it may stand where a letter or a digit was lost.
        raise CxError(
            tr("survey.error.nul"),
            path=path,
            line=_line_breaks(body[: body.index(0)]) + 1,
            hint=tr("survey.error.nul_hint"),
        )
    if nuls or (body and controls / len(body) > 0.01):
        raise CxError(tr("survey.error.binary"), path=path, hint=tr("survey.error.export_csv"))


# -- survey definitions instead of responses -------------------------------------------------

_LIME_DOC = re.compile(rb"<LimeSurveyDocType>\s*(\w+)\s*</LimeSurveyDocType>")
_LIME_KEYS = {b"Survey": "lss", b"Group": "lsg", b"Question": "lsq"}
_LIME_ARCHIVE = (".lsa", ".lss", ".lsr", ".lst", ".lsi")
_SCHEMA_KEYS = ("pages", "elements")


class _TopKeys:
    """The keys of a JSON text's top-level object, fed in pieces; stops when it closes."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.depth = 0
        self.done = False
        self.is_object = False
        self._string: list[str] | None = None
        self._escape = False
        self._expect_key = False

    def feed(self, text: str) -> None:
        i, n = 0, len(text)
        while i < n and not self.done:
            if self._string is not None:
                if self._escape:
                    self._escape = False
                    self._string.append(text[i])
                    i += 1
                    continue
                j = i
                while j < n and text[j] not in '"\\':
                    j += 1
                self._string.append(text[i:j])
                if j == n:
                    return
                if text[j] == "\\":
                    self._escape = True
                else:
                    if self._expect_key and self.depth == 1:
                        self.keys.append("".join(self._string))
                        self._expect_key = False
                    self._string = None
                i = j + 1
                continue
            ch = text[i]
            if ch == '"':
                self._string = []
            elif ch in "{[":
                if self.depth == 0:
                    self.is_object = ch == "{"
                self.depth += 1
                self._expect_key = self.depth == 1 and ch == "{"
            elif ch in "}]":
                self.depth -= 1
                self.done = self.depth <= 0
            elif ch == "," and self.depth == 1:
                self._expect_key = self.is_object
            elif self.depth == 0 and not ch.isspace() and ch != "\ufeff":
                self.done = True  # not an object or array
            i += 1


def _definition_keys(path: Path, head: bytes) -> _TopKeys:
    scan = _TopKeys()
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    scan.feed(decoder.decode(head))
    schema = scan.is_object and any(k in _SCHEMA_KEYS for k in scan.keys)
    if scan.done or not schema or any(k in RESULT_KEYS for k in scan.keys):
        return scan
    # A schema that starts the file but is longer than the head: read on (in pieces)
    # until its object closes or responses turn up after it.
    with open(path, "rb") as fh:
        fh.seek(len(head))
        while not scan.done and not any(k in RESULT_KEYS for k in scan.keys):
            data = fh.read(CHUNK)
            if not data:
                break
            scan.feed(decoder.decode(data))
    return scan


def _check_definition(path: Path, head: bytes) -> None:
    """Refuse a survey definition (Qualtrics .qsf, SurveyJS schema, LimeSurvey
    .lss/.lsg/.lsq/.lsa) passed instead of the responses, from the head of the file."""
    if head[:4] == b"PK\x03\x04":
        name_len = int.from_bytes(head[26:28], "little")
        name = head[30 : 30 + name_len].decode("utf-8", "replace").lower()
        if path.suffix.lower() == ".lsa" or name.endswith(_LIME_ARCHIVE):
            raise CxError(
                tr("survey.error.limesurvey_lsa"),
                path=path,
                hint=tr("survey.error.limesurvey_export"),
            )
        return
    body = head.lstrip(codecs.BOM_UTF8 + b" \t\r\n")
    if body[:1] == b"<":
        match = _LIME_DOC.search(head)
        if match:
            key = _LIME_KEYS.get(match.group(1), "xml")
            raise CxError(
                tr(f"survey.error.limesurvey_{key}"),
                path=path,
                hint=tr("survey.error.limesurvey_export"),
            )
        return
    if body[:1] != b"{":
        return
    scan = _definition_keys(path, head)
    if "SurveyEntry" in scan.keys or "SurveyElements" in scan.keys:
        raise CxError(
            tr("survey.error.qualtrics_qsf"), path=path, hint=tr("survey.error.qualtrics_export")
        )
    if any(k in _SCHEMA_KEYS for k in scan.keys) and not any(k in RESULT_KEYS for k in scan.keys):
        if re.search(rb'"type"\s*:\s*"', head) and re.search(rb'"name"\s*:\s*"', head):
            raise CxError(
                tr("survey.error.surveyjs_schema"),
                path=path,
                hint=tr("survey.error.surveyjs_export"),
            )


def check_decodes(path: Path, codec: str, start: int = 0) -> tuple[int, int] | None:
    """Decode the whole file strictly; None if fine, else (byte offset, line) of the error."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    ascii_ok = codec not in ("utf-16", "utf_16")
    offset = start
    with open(path, "rb") as fh:
        fh.seek(start)
        while True:
            chunk = fh.read(CHUNK)
            final = not chunk
            if chunk and ascii_ok and chunk.isascii() and not decoder.getstate()[0]:
                offset += len(chunk)
                continue
            try:
                decoder.decode(chunk, final)
            except UnicodeDecodeError as exc:
                # exc.start counts from the decoder's pending bytes (an incomplete
                # character from the previous piece) plus this chunk.
                pending = len(exc.object) - len(chunk)
                bad = offset + max(0, exc.start - pending)
                return bad, (_line_of(path, start, bad) if ascii_ok else 0)
            if final:
                return None
            offset += len(chunk)


def _line_of(path: Path, start: int, offset: int) -> int:
    """The physical line (1-based) holding byte ``offset``."""
    with open(path, "rb") as fh:
        fh.seek(start)
        data = fh.read(offset - start)
    return _line_breaks(data) + 1


def _high_byte_words(path: Path, start: int, limit: int = 4000) -> list[bytes]:
    """Distinct words of the file that hold non-ASCII bytes (for guessing the code page)."""
    # A word starts where a run of non-blank bytes starts (the look-behind): without it
    # the search restarted inside every run and took quadratic time on long lines.
    pattern = re.compile(rb"(?<![\x21-\xff])[\x21-\xff]*[\x80-\xff][\x21-\xff]*")
    words: dict[bytes, None] = {}
    with open(path, "rb") as fh:
        fh.seek(start)
        tail = b""
        while len(words) < limit:
            chunk = fh.read(CHUNK)
            if not chunk:
                data, tail = tail, b""
            else:
                data = tail + chunk
                cut = max(data.rfind(b" "), data.rfind(b"\n"), data.rfind(b","))
                if cut < 0:
                    tail = data
                    continue
                data, tail = data[:cut], data[cut:]
            for m in pattern.finditer(data):
                words.setdefault(m.group(0)[:WORD_MAX])
                if len(words) >= limit:
                    break
            if not chunk:
                break
    return list(words)


def _score_single_byte(text: str) -> float:
    """How plausible ``text`` is as the decoding of single-byte bytes (higher is better).

    Accented letters score by how frequent they are in the one language that explains
    most of them (a word's language); letters of other languages score a quarter.
    Symbols, controls and capitals inside a word cost: they are what a wrong code page
    makes of the letters of the right one.
    """
    score = 0.0
    prev_cat = ""
    letters: dict[str, int] = {}
    for i, ch in enumerate(text):
        if ch < "\x80":
            if "A" <= ch <= "Z" and prev_cat == "Ll" and text[i - 1] >= "\x80":
                score -= 4  # "żQué": a capital after an accented small letter
            prev_cat = unicodedata.category(ch)
            continue
        cat = unicodedata.category(ch)
        if cat[0] == "L":
            lower = ch.lower()
            letters[lower] = letters.get(lower, 0) + 1
            if cat == "Lu" and prev_cat == "Ll":
                score -= 4  # "cafÈ": a capital in the middle of a word
            if (
                lower in _CLUSTERED
                and 0 < i < len(text) - 1
                and text[i - 1] in _CONSONANTS
                and text[i + 1] in _CONSONANTS
            ):
                score -= 3
        elif cat in ("Zs", "Pd", "Pi", "Pf"):
            score += 0  # no-break space, dashes and curly quotes are plausible
        elif cat[0] == "P" or cat == "Sc":
            score -= 0.5
        elif cat[0] in "SN":
            score -= 2  # ¹ ³ ¬ ∑ ◊: rarely in survey text
        else:
            score -= 4  # controls, unassigned
        prev_cat = cat
    if not letters:
        return score
    main = max(
        _LETTERS.values(),
        key=lambda table: sum(n * table.get(ch, 0) for ch, n in letters.items()),
    )
    for ch, n in letters.items():
        if ch in main:
            score += n * main[ch]
        else:
            weight = max(table.get(ch, 0) for table in _LETTERS.values())
            score += n * (weight * _OTHER_LANGUAGE if weight else _ANY_LETTER)
    return score


def _score_gbk(text: str) -> float:
    score = 0.0
    for ch in text:
        if ch < "\x80":
            continue
        code = ord(ch)
        if 0x4E00 <= code <= 0x9FFF:
            try:
                lead = ch.encode("gb2312")[0]
            except UnicodeEncodeError:
                score -= 1  # GBK extension: rare characters
                continue
            score += 4 if lead <= 0xD7 else 2  # GB2312 level 1 holds the common 3,755
        elif 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF:
            score += 2  # CJK punctuation, full-width forms
        else:
            score -= 2
    return score


def _score_cp950(text: str) -> float:
    """Like ``_score_gbk`` for Big5: level 1 (the common 5,401) scores more than level 2.

    A Big5 character's second byte may be an ASCII letter, so a Latin-1 accent and the
    letter after it (``Ålesund``) also decode as one ideograph; a lone ideograph with a
    letter on either side is what that looks like, and it costs instead.
    """
    score = 0.0
    prev = " "
    n = len(text)
    for i, ch in enumerate(text):
        if ch < "\x80":
            prev = ch
            continue
        code = ord(ch)
        if 0x4E00 <= code <= 0x9FFF:
            nxt = text[i + 1] if i + 1 < n else " "
            if prev.isascii() and prev.isalpha() and nxt.isascii() and nxt.isalpha():
                score -= 2  # "M" + "á" "l" + "aga": an accent swallowed with its letter
            else:
                try:
                    lead = ch.encode("big5")[0]
                except UnicodeEncodeError:
                    score -= 1  # cp950 extension: rare characters
                else:
                    score += 4 if lead <= 0xC6 else 2  # Big5 level 1: A440-C67E
        elif 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF:
            score += 2  # CJK punctuation, full-width forms
        else:
            score -= 2
        prev = ch
    return score


def _score(text: str, codec: str) -> float:
    if codec == "gbk":
        return _score_gbk(text)
    if codec == "cp950":
        return _score_cp950(text)
    return _score_single_byte(text)


def _decode_word(word: bytes, codec: str) -> str:
    """The word as text; a word cut at ``WORD_MAX`` bytes may end inside a character
    of a double-byte code page (a Chinese line holds no spaces), and that is no error."""
    try:
        return word.decode(codec)
    except UnicodeDecodeError as exc:
        if len(word) < WORD_MAX or exc.end < len(word) or "incomplete" not in exc.reason:
            raise
        return word[: exc.start].decode(codec)


def guess_encoding(words: list[bytes]) -> str | None:
    """The most plausible legacy code page for these words, or None if none decodes them."""
    best, best_score = None, float("-inf")
    for codec in FALLBACK_ENCODINGS:
        try:
            texts = [_decode_word(word, codec) for word in words]
        except UnicodeDecodeError:
            continue
        total = sum(_score(text, codec) for text in texts)
        if total > best_score:
            best, best_score = codec, total
    return best


def _encoding(path: Path, head: bytes, given: str | None) -> tuple[str, int, bool]:
    """(codec, BOM length, detected?) for the file; fails with the line of a bad byte."""
    bom = 0
    if head.startswith(codecs.BOM_UTF8):
        codec, bom = "utf-8", 3
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec, bom = "utf-16", 0  # the utf-16 codec reads the mark itself
    else:
        codec = None
    if given:
        try:
            info = codecs.lookup(given)
        except LookupError:
            info = None
        # base64, hex, zlib, rot13 are codecs too, but not of text into characters;
        # idna and punycode encode host names, not files.
        if (
            info is None
            or not getattr(info, "_is_text_encoding", True)
            or info.name in ("idna", "punycode")
        ):
            raise UsageError(
                tr("survey.error.unknown_encoding", encoding=given),
                hint=tr("survey.error.unknown_encoding_hint"),
            ) from None
        name = info.name
        if name == "utf-8-sig" or (name == "utf-8" and bom):
            name, bom = "utf-8", 3 if head.startswith(codecs.BOM_UTF8) else 0
        elif name.startswith("utf-16"):
            bom = 0
        else:
            bom = 3 if (name == "utf-8" and head.startswith(codecs.BOM_UTF8)) else 0
        bad = check_decodes(path, name, bom)
        if bad:
            raise CxError(
                tr("survey.error.not_valid_text", encoding=given, byte=bad[0]),
                path=path,
                line=bad[1] or None,
                hint=tr("survey.error.not_valid_hint"),
            )
        return name, bom, False
    if codec:
        bad = check_decodes(path, codec, bom)
        if bad:
            raise CxError(
                tr("survey.error.bom_not_valid", codec=codec.upper()),
                path=path,
                line=bad[1] or None,
                hint=tr("survey.error.pass_encoding_short"),
            )
        return codec, bom, True
    if check_decodes(path, "utf-8") is None:
        return "utf-8", 0, True
    words = _high_byte_words(path, 0)
    for _ in FALLBACK_ENCODINGS:
        guess = guess_encoding(words)
        if guess is None:
            break
        if check_decodes(path, guess) is None:
            return guess, 0, True
        words = [w for w in words if _decodes(w, guess)]  # pragma: no cover - rare
    raise CxError(
        tr("survey.error.unknown_code_page"), path=path, hint=tr("survey.error.pass_encoding")
    )


def _decodes(word: bytes, codec: str) -> bool:
    try:
        _decode_word(word, codec)
    except UnicodeDecodeError:
        return False
    return True


def _head_text(path: Path, encoding: str, bom: int, size: int = 1 << 18) -> str:
    with open(path, "rb") as fh:
        fh.seek(bom)
        data = fh.read(size)
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(data, False)


def sniff_delimiter(text: str) -> str | None:
    """The delimiter that splits the first rows into the most consistent column count.

    A delimiter that gives the header row (the first non-blank one) the width most
    data rows have comes first: a comma export whose every ranking cell holds a
    ``a;b;c;`` list splits into more, equally many, fields on ``;``, but its header
    does not.
    """
    lines = text.splitlines(keepends=True)
    if len(lines) > 1 and not text.endswith(("\n", "\r")):
        lines = lines[:-1]  # the last line may be cut short
    sample = "".join(lines[:200])
    best, best_key = None, None
    for delim in DELIMITERS:
        try:
            rows = [
                r
                for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delim)
                if any(c.strip() for c in r)
            ][:60]
        except csv.Error:
            continue
        if not rows:
            continue
        widths = [len(r) for r in rows]
        mode = max(set(widths), key=lambda w: (widths.count(w), w))
        if mode < 2:
            continue
        consistency = widths.count(mode) / len(widths)
        data = widths[1:]
        header_fits = not data or (widths[0] == mode and data.count(mode) * 2 > len(data))
        key = (header_fits, round(consistency * 20), mode)
        if best_key is None or key > best_key:
            best, best_key = delim, key
    return best


def looks_like_json(path: Path, text: str) -> bool:
    """JSON by its name (``.json``, ``.jsonl``), or text that opens an object or an array
    of objects; a CSV whose first header starts with ``[`` (``[Q1] Rank…``) stays CSV."""
    if path.suffix.lower() in (".json", ".jsonl", ".ndjson"):
        return True
    start = text.lstrip()
    if start[:1] == "{":
        return True
    return start[:1] == "[" and start[1:].lstrip()[:1] in ("{", "[", "]")


def inspect(
    path: Path | str,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    kind: str | None = None,
) -> Source:
    """Decide how to read ``path``: CSV or JSON, its encoding and delimiter."""
    path = Path(path)
    head = _read_head(path)
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise CxError(tr("survey.error.empty"), path=path, hint=tr("survey.error.export_again"))
    bom_guess = 3 if head.startswith(codecs.BOM_UTF8) else 0
    _check_definition(path, head)
    if not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        _check_binary(path, head, bom_guess)
    codec, bom, detected = _encoding(path, head, encoding)
    text = _head_text(path, codec, bom)
    if codec == "utf-16":
        text = text.lstrip("\ufeff")
    if kind is None:
        kind = "json" if looks_like_json(path, text) else "csv"
    if kind == "json":
        return Source(path, "json", codec, bom, detected_encoding=detected)
    if delimiter:
        delim = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";"}.get(delimiter, delimiter)
        if len(delim) != 1:
            raise UsageError(tr("survey.error.delimiter_one", delimiter=delimiter))
        return Source(path, "csv", codec, bom, delim, detected, False)
    sniffed = sniff_delimiter(text)
    return Source(path, "csv", codec, bom, sniffed or ",", detected, True)


# -- CSV records ----------------------------------------------------------------------------


def _breaks(cell: str) -> int:
    return cell.count("\n") + cell.count("\r") - cell.count("\r\n")


def _size(chars: int) -> str:
    from cx_pillars.files import size_text

    return size_text(chars)


def too_many_columns(path: Path, line: int | None, count: int) -> CxError:
    return CxError(
        tr("limits.columns", count=f"{count:,}", limit=f"{MAX_COLUMNS:,}"),
        path=path,
        line=line,
        hint=tr("limits.columns_hint"),
    )


def _lines(text: io.TextIOWrapper, path: Path, base: int, state: list[int]) -> Iterator[str]:
    """The text's physical lines for ``csv.reader``, a record at most
    :data:`MAX_RECORD` characters: a longer line is refused after reading that much
    of it, never whole (``readline`` with a size), and so is a record whose quoted
    line breaks run on (an unclosed quote reaches the end of the file).

    ``state`` is ``[characters of the current record, lines before it]``; the reader of
    the rows sets the first to 0 after each row. The csv reader asks for a line only
    when its record needs one, so the count between two rows is one record's."""
    readline = text.readline
    fed = 0
    while True:
        line = readline(MAX_RECORD + 3)
        if not line:
            return
        if not state[0]:  # the first line of a record
            state[1] = fed
        fed += 1
        state[0] += len(line)
        if state[0] > MAX_RECORD + 2:  # + the line break
            raise CxError(
                tr("limits.record", limit=_size(MAX_RECORD)),
                path=path,
                line=base + state[1] + 1,
                hint=tr("limits.record_hint"),
            )
        yield line


class RowReader(Protocol):
    """What :class:`Records` reads: ``csv.reader`` or a workbook sheet's rows."""

    @property
    def line_num(self) -> int: ...

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...


class Records:
    """CSV records with the physical line each starts on; blank records are skipped.

    A workbook's sheet (``source.sheet``) is read the same way, a line being a row."""

    def __init__(
        self,
        source: Source,
        strip_quote_prefix: bool = False,
        offset: int | None = None,
        line_base: int = 0,
    ) -> None:
        self.source = source
        self.text: io.TextIOWrapper | None = None
        self.reader: RowReader
        # [characters of the record being read, lines before it] (see _lines)
        self.record: list[int] | None = None
        if source.sheet is not None:
            self.reader = source.sheet.rows()
        else:
            self.text = source.open_text(offset)
            self.record = [0, 0]
            csv.field_size_limit(MAX_CELL)  # the module's limit, for every reader
            lines = _lines(self.text, source.path, line_base, self.record)
            self.reader = csv.reader(lines, delimiter=source.delimiter)
        self.defang = strip_quote_prefix
        self.base = line_base

    def close(self) -> None:
        if self.text is not None:
            self.text.close()

    def __enter__(self) -> Records:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _error(self, exc: Exception) -> CxError:
        if isinstance(exc, csv.Error) and "field larger than field limit" in str(exc):
            return CxError(
                tr("limits.cell", limit=_size(MAX_CELL)),
                path=self.source.path,
                line=self.base + self.record[1] + 1 if self.record is not None else None,
                hint=tr("limits.record_hint"),
            )
        if isinstance(exc, UnicodeDecodeError):
            return CxError(
                tr("survey.error.not_valid_encoding", encoding=self.source.encoding),
                path=self.source.path,
                hint=tr("survey.error.pass_encoding_short"),
            )
        return CxError(
            tr("survey.error.not_csv", reason=str(exc)),
            path=self.source.path,
            line=self.reader.line_num or None,
        )

    def next_record(self) -> tuple[int, list[str]] | None:
        """The next non-blank record and its first line, or None at the end."""
        try:
            while True:
                before = self.reader.line_num
                row = next(self.reader, None)
                if row is None:
                    return None
                if self.record is not None:
                    start = self.base + self.record[1] + 1
                    self.record[0] = 0
                else:
                    start = self.base + before + 1
                if len(row) > MAX_COLUMNS:
                    raise too_many_columns(self.source.path, start, len(row))
                if any(row):
                    if self.defang:
                        row = [defang(c) for c in row]
                    last = self.reader.line_num
                    first = last - sum(map(_breaks, row)) if last - before > 1 else last
                    return self.base + max(first, before + 1), row
        except (csv.Error, UnicodeDecodeError) as exc:
            raise self._error(exc) from None

    def chunks(self, size: int) -> Iterator[tuple[list[list[str]], list[int] | int]]:
        """Lists of up to ``size`` records with their first lines.

        The lines are an int (the first line of a chunk whose records are one line
        each, the common case) or a list with one line per record.  Blank records
        are kept (as ``[]``) so that the caller skips them cheaply.
        """
        from itertools import islice

        reader, record = self.reader, self.record
        try:
            while True:
                start = reader.line_num
                if record is None:
                    rows = list(islice(reader, size))
                else:  # one record at a time: the record limit counts from each
                    rows = []
                    append = rows.append
                    for row in islice(reader, size):
                        append(row)
                        record[0] = 0
                if not rows:
                    return
                if max(map(len, rows)) > MAX_COLUMNS:
                    self._columns(rows, start)
                if reader.line_num - start == len(rows):
                    lines: list[int] | int = self.base + start + 1
                else:
                    lines, at = [], self.base + start
                    for row in rows:
                        lines.append(at + 1)
                        at += 1 + sum(map(_breaks, row))
                if self.defang:
                    rows = [[defang(c) for c in row] for row in rows]
                yield rows, lines
        except (csv.Error, UnicodeDecodeError) as exc:
            raise self._error(exc) from None

    def _columns(self, rows: list[list[str]], start: int) -> None:
        """Refuse the first of ``rows`` with too many cells, naming its line."""
        at = self.base + start
        for row in rows:
            if len(row) > MAX_COLUMNS:
                raise too_many_columns(self.source.path, at + 1, len(row))
            at += 1 + sum(map(_breaks, row))


def defang(cell: str) -> str:
    """Undo Formbricks' formula defanging: ``'=x`` -> ``=x`` (also + - @ tab CR)."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@\t\r":
        return cell[1:]
    return cell


def offset_after_lines(source: Source, lines: int) -> int:
    """Byte offset just after the first ``lines`` physical lines (after the BOM)."""
    if lines <= 0:
        return source.bom
    pattern = re.compile(rb"\r\n|\r|\n")
    seen = 0
    with open(source.path, "rb") as fh:
        fh.seek(source.bom)
        base = source.bom
        carry = b""
        while True:
            chunk = fh.read(CHUNK)
            data = carry + chunk
            if not chunk:
                return base + len(data)
            # Keep a trailing CR back: it may be the first half of CRLF.
            usable = data[:-1] if data.endswith(b"\r") else data
            for m in pattern.finditer(usable):
                seen += 1
                if seen == lines:
                    return base + m.end()
            carry = data[len(usable) :]
            base += len(usable)


# -- JSON records ---------------------------------------------------------------------------


class JsonRecords:
    """Response objects of a JSON export, one at a time, and any survey definition."""

    _ws = re.compile(r"[ \t\r\n]*")

    def __init__(self, source: Source) -> None:
        self.source = source
        self.fh = source.open_text()
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.definition: dict[str, Any] | None = None
        self.decoder = json.JSONDecoder()

    def close(self) -> None:
        self.fh.close()

    def __enter__(self) -> JsonRecords:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _fill(self) -> bool:
        if self.eof:
            return False
        data = self.fh.read(CHUNK)
        if not data:
            self.eof = True
            return False
        self.buf = self.buf[self.pos :] + data
        self.pos = 0
        return True

    def _peek(self) -> str:
        while True:
            blank = self._ws.match(self.buf, self.pos)  # matches, if only ""
            if blank is not None:
                self.pos = blank.end()
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._fill():
                return ""

    def _expect(self, chars: str) -> str:
        ch = self._peek()
        if not ch or ch not in chars:
            raise self._error(
                f"expected {' or '.join(repr(c) for c in chars)}, found "
                f"{ch or 'the end of the file'!r}"
            )
        self.pos += 1
        return ch

    def _value(self) -> Any:
        self._peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if len(self.buf) - self.pos > MAX_JSON_VALUE:  # one value, never whole
                    raise self._too_long() from None
                if self._fill():
                    continue
                raise self._error(exc.msg) from None
            except RecursionError:
                raise self._error("arrays or objects nested too deeply") from None
            if end >= len(self.buf) and not self.eof and isinstance(value, (int, float)):
                if self._fill():  # a number may continue in the next piece
                    continue
            if end - self.pos > MAX_JSON_VALUE:
                raise self._too_long()
            self.pos = end
            return value

    def _too_long(self) -> CxError:
        return CxError(
            tr("limits.json_value", limit=_size(MAX_JSON_VALUE)),
            path=self.source.path,
            hint=tr("limits.json_value_hint"),
        )

    def _error(self, message: str) -> CxError:
        return CxError(
            tr("survey.error.not_json", reason=message),
            path=self.source.path,
            hint=tr("survey.error.export_json_or_csv"),
        )

    def _array(self) -> Iterator[dict[str, Any]]:
        self._expect("[")
        if self._peek() == "]":
            self.pos += 1
            return
        while True:
            value = self._value()
            if isinstance(value, dict):
                yield value
            if self._expect(",]") == "]":
                return

    def __iter__(self) -> Iterator[dict[str, Any]]:
        """Each response object, unwrapped from ``{"data": {...}}`` when so wrapped."""
        for record in self._records():
            if isinstance(record.get("data"), dict) and len(record) <= 8:
                record = record["data"]
            yield record

    def _records(self) -> Iterator[dict[str, Any]]:
        first = self._peek()
        if first == "[":
            yield from self._array()
            return
        if first != "{":
            raise self._error("expected an array or an object")
        start = self.pos
        self.pos += 1
        key = self._value() if self._peek() == '"' else None
        if key in WRAPPER_KEYS:
            while True:
                self._expect(":")
                if key in RESULT_KEYS and self._peek() == "[":
                    yield from self._array()
                elif key in ("survey", "definition"):
                    value = self._value()
                    if isinstance(value, dict):
                        self.definition = value
                else:
                    self._value()
                if self._expect(",}") == "}":
                    break
                key = self._value()
            return
        # One response object after another (JSON Lines), or a single one.
        self.pos = start
        while self._peek():
            value = self._value()
            if isinstance(value, dict):
                yield value
            elif isinstance(value, list):
                yield from (v for v in value if isinstance(v, dict))
