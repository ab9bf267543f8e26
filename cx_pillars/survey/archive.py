"""Survey exports that arrive as a ``.zip`` (Qualtrics, Google Forms; issue 12, item 2).

The reader (:mod:`cx_pillars.survey.read`) seeks and re-reads a real file to detect the
encoding and delimiter, so the one member is copied, as a stream, into a private
temporary file (a fresh folder in the process's private 0700 folder,
:func:`cx_pillars.store.scratch_acquire`; the file 0600, named ``export`` plus a known
suffix: no member name ever reaches the file system), which is removed when the
import ends, on error, Ctrl-C, SIGTERM or SIGHUP too.  Hostile archives are refused
with one line: members declaring or expanding to more than :data:`MAX_BYTES`, or
compressed beyond :data:`MAX_RATIO`; encrypted members; corrupt archives.

A workbook inside (a download holding one ``.xlsx``) is read like one given directly; a
workbook or document that is itself a zip is never taken for an archive.  A LimeSurvey
survey archive (``.lsa``, a zip of ``.lss``/``.lsr`` XML files) is named for what it is.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from cx_pillars.errors import CxError, UsageError
from cx_pillars.i18n import tr

MAX_BYTES = 2 << 30  # 2 GiB, expanded, per member
MAX_RATIO = 200  # expanded / compressed, for members over RATIO_FLOOR
RATIO_FLOOR = 64 << 20  # small members may compress as well as they like
CHUNK = 1 << 20
TEXT_SUFFIXES = (".csv", ".tsv", ".txt", ".json", ".jsonl", ".ndjson")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")  # read by survey.workbook
EXPORT_SUFFIXES = TEXT_SUFFIXES + WORKBOOK_SUFFIXES
# Workbooks and documents are zip files too: never opened as archives here.
OFFICE_SUFFIXES = (
    ".xlsx",
    ".xlsm",
    ".xltx",
    ".xltm",
    ".xlsb",
    ".docx",
    ".pptx",
    ".ods",
    ".odt",
    ".numbers",
)
#: LimeSurvey's survey archive and the files it holds (survey structure, responses,
#: tokens, timings as XML): a survey definition, refused by the reader's message.
LIMESURVEY_SUFFIXES = (".lsa", ".lss", ".lsr", ".lst", ".lsi")
SEP = " › "


@dataclass(frozen=True)
class Member:
    """The export read from inside an archive."""

    path: Path  # the private temporary copy
    name: str  # the member's name in the archive
    label: str  # "responses.zip › Survey.csv", for messages and the summary's source

    @property
    def stem(self) -> str:
        """The member's file name without folder and suffix (a default summary name)."""
        base = self.name.replace("\\", "/").rsplit("/", 1)[-1]
        return PurePosixPath(base).stem or "survey"


def is_archive(path: Path) -> bool:
    """Whether ``path`` is a zip file to look inside (not a workbook, not a LimeSurvey
    ``.lsa`` archive: the reader names that one)."""
    if path.suffix.lower() in OFFICE_SUFFIXES or path.suffix.lower() == ".lsa":
        return False
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False  # a folder, pipe or device: never opened here (a pipe would block)
    except OSError:
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
    except OSError:
        return False  # the reader says what is wrong
    if path.suffix.lower() == ".zip":
        return not is_office_zip(path)
    if head not in (b"PK\x03\x04", b"PK\x05\x06"):
        return False
    try:  # another name: only a readable zip holding an export (else the reader's message)
        with zipfile.ZipFile(path) as zf:
            return bool(candidates(zf)) and not _is_office(zf.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return False


def _base(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1]


def _is_candidate(info: zipfile.ZipInfo, suffixes: tuple[str, ...] = EXPORT_SUFFIXES) -> bool:
    name = info.filename.replace("\\", "/")
    base = name.rsplit("/", 1)[-1]
    if info.is_dir() or not base or name.startswith("__MACOSX/") or "/__MACOSX/" in name:
        return False
    if any(part.startswith(".") and part not in (".", "..") for part in name.split("/")):
        return False
    return PurePosixPath(base).suffix.lower() in suffixes


def _is_office(names: list[str]) -> bool:
    return "[Content_Types].xml" in names or "mimetype" in names


def candidates(
    zf: zipfile.ZipFile, suffixes: tuple[str, ...] = EXPORT_SUFFIXES
) -> list[zipfile.ZipInfo]:
    """The members that may be the export: CSV, TSV, TXT, JSON files and workbooks,
    without folders, ``__MACOSX/`` and dot-files."""
    return [info for info in zf.infolist() if _is_candidate(info, suffixes)]


def _is_limesurvey(zf: zipfile.ZipFile) -> bool:
    return any(
        PurePosixPath(_base(info.filename)).suffix.lower() in LIMESURVEY_SUFFIXES
        for info in zf.infolist()
    )


def _choose(zf: zipfile.ZipFile, path: Path, member: str | None) -> zipfile.ZipInfo:
    found = candidates(zf)
    listed = ", ".join(info.filename for info in found[:20]) + (", …" if len(found) > 20 else "")
    if member is not None:
        files = [info for info in zf.infolist() if not info.is_dir()]
        exact = [info for info in files if info.filename == member]
        by_base = [info for info in files if _base(info.filename) == member]
        picked = exact or by_base
        if len(picked) == 1:
            return picked[0]
        if picked:
            raise UsageError(
                tr("survey.zip.member_ambiguous", member=member, members=listed),
                path=path,
            )
        raise UsageError(
            tr("survey.zip.no_such_member", member=member, members=listed or "-"), path=path
        )
    if not found:
        if _is_limesurvey(zf):  # a LimeSurvey .lsa renamed .zip: a survey definition
            raise CxError(
                tr("survey.error.limesurvey_lsa"),
                path=path,
                hint=tr("survey.error.limesurvey_export"),
            )
        held = ", ".join(info.filename for info in zf.infolist()[:10]) or "-"
        raise CxError(tr("survey.zip.no_export", members=held), path=path)
    if len(found) > 1:
        raise CxError(
            tr("survey.zip.several", members=listed),
            path=path,
            hint=tr("survey.zip.several_hint"),
        )
    return found[0]


def _check_sizes(info: zipfile.ZipInfo, label: str) -> None:
    if info.flag_bits & 0x1:
        raise CxError(tr("survey.zip.encrypted"), path=label, hint=tr("survey.zip.unzip_hint"))
    too_big = info.file_size > MAX_BYTES
    ratio = info.file_size / max(info.compress_size, 1)
    if too_big or (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
        raise CxError(tr("survey.zip.bomb", limit=f"{MAX_BYTES / (1 << 30):g} GB"), path=label)


def _copy(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, label: str) -> None:
    """Stream the member into ``target`` (created 0600), stopping at the limits."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    written = 0
    limit = min(MAX_BYTES, max(info.file_size, 0))
    workbook = PurePosixPath(_base(info.filename)).suffix.lower() in WORKBOOK_SUFFIXES
    with os.fdopen(fd, "wb") as out, zf.open(info) as src:
        while chunk := src.read(CHUNK):
            if not written and not workbook and chunk[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
                raise CxError(tr("survey.zip.nested"), path=label, hint=tr("survey.zip.unzip_hint"))
            written += len(chunk)
            if written > limit:  # expands beyond what it declared, or beyond the limit
                raise CxError(
                    tr("survey.zip.bomb", limit=f"{MAX_BYTES / (1 << 30):g} GB"), path=label
                )
            if written > RATIO_FLOOR and written / max(info.compress_size, 1) > MAX_RATIO:
                raise CxError(
                    tr("survey.zip.bomb", limit=f"{MAX_BYTES / (1 << 30):g} GB"), path=label
                )
            out.write(chunk)


@contextmanager
def open_member(path: Path, member: str | None = None) -> Iterator[Member]:
    """The export inside the zip ``path`` as a private temporary file, removed on exit.

    Errors raised inside the ``with`` that name the temporary file are made to name
    ``archive.zip › member`` instead.
    """
    from cx_pillars import store

    folder: str | None = None
    scratch: Path | None = None
    try:
        try:
            zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
            raise CxError(tr("survey.zip.corrupt", reason=str(exc)), path=path) from None
        except OSError as exc:
            raise CxError(
                tr("survey.error.cannot_read", reason=exc.strerror or str(exc)), path=path
            ) from None
        with zf:
            info = _choose(zf, path, member)
            label = f"{path.name}{SEP}{info.filename}"
            _check_sizes(info, label)
            suffix = PurePosixPath(_base(info.filename)).suffix.lower()
            scratch = store.scratch_acquire()  # private, removed even when killed
            folder = tempfile.mkdtemp(prefix="zip-", dir=scratch)
            target = Path(folder) / ("export" + (suffix if suffix in EXPORT_SUFFIXES else ""))
            try:
                _copy(zf, info, target, label)
            except RuntimeError as exc:  # zipfile: "File ... is encrypted, password required"
                raise CxError(
                    tr("survey.zip.encrypted"), path=label, hint=tr("survey.zip.unzip_hint")
                ) from exc
            except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
                raise CxError(tr("survey.zip.corrupt", reason=str(exc)), path=label) from None
            except NotImplementedError as exc:
                raise CxError(tr("survey.zip.corrupt", reason=str(exc)), path=label) from None
        try:
            yield Member(target, info.filename, label)
        except CxError as exc:
            if exc.path is not None and Path(exc.path) == target:
                exc.path = label
            raise
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        if scratch is not None:
            store.scratch_release()


def is_office_zip(path: Path) -> bool:
    """A zip that is a workbook or document (read as a workbook, or left to the reader's
    message), not an archive: a workbook may embed other workbooks."""
    try:
        with zipfile.ZipFile(path) as zf:
            return _is_office(zf.namelist()) and not candidates(zf, TEXT_SUFFIXES)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return False
