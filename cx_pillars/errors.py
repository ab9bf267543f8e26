"""One family of errors, each carrying the exit code the CLI turns it into.

The CLI prints :meth:`CxError.text` in the run's language as a single red line;
nothing else.  Messages say what is wrong, where (file, line, field) and, when there
is one, what to do.  A message or hint may be an :class:`~cx_pillars.i18n.Message`
(a catalog key not yet in words), since the code that raises does not know the run's
language; ``str(error)`` gives the English.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cx_pillars.i18n import Message

# C0 and C1 controls, DEL, and the invisible marks that hide or reorder text (zero-width
# marks, line and paragraph separators, bidi overrides, a byte-order mark): the
# characters safetext refuses in text from files, shown as escapes when quoted.
_UNPRINTABLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
MAX_SHOWN = 1000


def printable(text: object, limit: int = MAX_SHOWN) -> str:
    """``text`` made safe for one terminal line: control characters (escape sequences,
    line breaks, bidi overrides) shown as ``\\x1b``-style escapes, and text longer than
    ``limit`` cut in the middle.  Errors quote values from the user's files; a value
    must neither break the one-line message nor drive the terminal."""
    text = str(text)
    if len(text) > limit:
        head = limit * 2 // 3
        text = f"{text[:head]}…{text[len(text) - (limit - head - 1) :]}"
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class CxError(Exception):
    """A problem with the user's data or files (exit code 1)."""

    exit_code = 1

    def __init__(
        self,
        message: str | Message,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | Message | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.field = field
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str) -> str:
        """The one line to show, in ``lang`` where the message is a catalog key."""
        from cx_pillars.i18n import words  # i18n reads its catalogs only when asked

        where = ""
        if self.path is not None:
            where = printable(self.path)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        field = f"{printable(self.field, 200)}: " if self.field else ""
        hint = f" ({printable(words(self.hint, lang))})" if self.hint else ""
        return f"{where}{field}{printable(words(self.message, lang))}{hint}"


class ValidationError(CxError):
    """A file or value that breaks the format rules."""


class StoreError(CxError):
    """The store cannot be read or written."""


class UsageError(CxError):
    """Wrong usage that is only detectable after parsing (exit code 2)."""

    exit_code = 2
