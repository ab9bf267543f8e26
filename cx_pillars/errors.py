"""One family of errors, each carrying the exit code the CLI turns it into.

The CLI prints ``str(error)`` as a single red line; nothing else.  Messages say
what is wrong, where (file, line, field) and, when there is one, what to do.
"""

from __future__ import annotations

from pathlib import Path


class CxError(Exception):
    """A problem with the user's data or files (exit code 1)."""

    exit_code = 1

    def __init__(self, message: str, *, path: Path | str | None = None,
                 line: int | None = None, field: str | None = None,
                 hint: str | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.field = field
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        field = f"{self.field}: " if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{field}{self.message}{hint}"


class ValidationError(CxError):
    """A file or value that breaks the format rules."""


class StoreError(CxError):
    """The store cannot be read or written."""


class UsageError(CxError):
    """Wrong usage that is only detectable after parsing (exit code 2)."""

    exit_code = 2
