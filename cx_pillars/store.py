"""The store: one TOML file per assessment in one folder, never overwritten.

Saving writes a hidden temporary file in the store, flushes it to disk and then
hard-links it to its final name, which fails if that name exists: the file
appears complete or not at all, and nothing saved is ever replaced.  Loading a
folder reads its top-level ``*.toml`` files only and skips bad ones with a warning.
"""

from __future__ import annotations

import errno
import getpass
import hashlib
import os
import re
import secrets
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from cx_pillars.assessment import ANONYMOUS, Assessment, assessment_from_dict
from cx_pillars.errors import CxError, StoreError, ValidationError
from cx_pillars.files import MAX_ASSESSMENT_BYTES, parse_toml, read_text
from cx_pillars.pillars import Framework

ENV_DIR = "CX_PILLARS_DIR"
DEFAULT_DIR = "assessments"
DRAFTS = ".drafts"


def store_path(option: Path | str | None = None) -> Path:
    """``--dir``, else ``$CX_PILLARS_DIR``, else ``./assessments``."""
    if option:
        return Path(option)
    env = os.environ.get(ENV_DIR)
    return Path(env) if env else Path(DEFAULT_DIR)


def slug(name: str, limit: int = 24) -> str:
    """A file-name-safe ASCII slug of a name; never empty, never a path."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_name.lower())
    text = "-".join(words)[:limit].strip("-")
    return text or "respondent"


def new_id(respondent: str, when: datetime | None = None) -> str:
    """``2026-11-22T101500Z-ana-3f9c``: time, slug of the name, a random part.  An
    anonymous run keeps only the day: ``2026-11-22-anonymous-3f9c``."""
    when = (when or datetime.now(UTC)).astimezone(UTC)
    if respondent == ANONYMOUS:
        return f"{when:%Y-%m-%d}-anonymous-{secrets.token_hex(2)}"
    return f"{when:%Y-%m-%dT%H%M%SZ}-{slug(respondent)}-{secrets.token_hex(2)}"


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _store_error(exc: OSError, folder: Path) -> StoreError:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StoreError(
            "the store is not writable",
            path=folder,
            hint="choose another folder with --dir or CX_PILLARS_DIR",
        )
    if exc.errno == errno.ENOSPC:
        return StoreError("the disk is full", path=folder)
    if exc.errno == errno.EDQUOT:
        return StoreError("the disk quota is used up", path=folder)
    return StoreError(f"cannot write: {exc.strerror or exc}", path=folder)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _rename_exclusive(tmp: Path, final: Path) -> None:
    """For file systems without hard links (FAT, some network shares): rename ``tmp`` to
    ``final`` unless ``final`` exists.  A lock file created exclusively next to it makes
    the check and the rename one step for every cx-pillars process saving that name."""
    lock = final.with_name(f".{final.name}.lock")
    os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))  # FileExistsError
    try:
        if os.path.lexists(final):
            raise FileExistsError(final)
        os.rename(tmp, final)
    finally:
        try:
            os.unlink(lock)
        except OSError:
            pass


def write_new(final: Path, data: bytes) -> None:
    """Create ``final`` with ``data``, atomically and exclusively.

    Raises ``FileExistsError`` if the name is taken: nothing is ever overwritten,
    and the file appears complete or not at all.  The file gets the permissions of
    any new file (``0666`` less the umask), so colleagues sharing the folder can read
    it; the hidden temporary file is private until it is complete.
    """
    folder = final.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise StoreError("is not a folder", path=folder) from None
    except OSError as exc:
        raise _store_error(exc, folder) from None
    if not folder.is_dir():
        raise StoreError("is not a folder", path=folder)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _store_error(exc, folder) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), 0o666 & ~_umask())
        try:
            os.link(tmp, final)  # fails if final exists: never overwrites
        except FileExistsError:
            raise
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
                raise
            _rename_exclusive(tmp, final)
        _fsync_dir(folder)
    except FileExistsError:
        raise
    except OSError as exc:
        raise _store_error(exc, folder) from None
    finally:
        try:
            tmp.unlink()
        except OSError:  # gone (renamed), or the folder turned read-only
            pass


def write_replace(path: Path, data: bytes) -> None:
    """Replace ``path`` atomically (drafts, not assessments)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise


def dumps(doc: Mapping[str, Any]) -> bytes:
    import tomli_w

    return tomli_w.dumps(doc).encode("utf-8")


def save_assessment(assessment: Assessment, folder: Path) -> Path:
    """Save under a new, unique name; ``assessment.id`` follows the name chosen."""
    folder = Path(folder)
    for attempt in range(50):
        if attempt:
            assessment.id = new_id(assessment.respondent, assessment.created)
        final = folder / f"{assessment.id}.toml"
        try:
            write_new(final, dumps(assessment.to_dict()))
        except FileExistsError:
            continue
        assessment.path = final
        return final
    raise StoreError("could not find a free file name after 50 tries", path=folder)


def read_assessment(path: Path | str, framework: Framework) -> Assessment:
    path = Path(path)
    text = read_text(path, limit=MAX_ASSESSMENT_BYTES, kind="assessment")  # before parsing
    return assessment_from_dict(parse_toml(path, text), framework, source=path, text=text)


def assessment_files(folder: Path) -> list[Path]:
    """The store's assessment files: top-level ``*.toml``, hidden files excluded."""
    if not folder.exists():
        if os.path.lexists(folder):  # a link to nowhere, or to itself
            raise StoreError("is a broken or looping symbolic link, not a folder", path=folder)
        return []
    if not folder.is_dir():
        raise StoreError("is not a folder", path=folder)
    try:
        names = sorted(
            e.name
            for e in os.scandir(folder)
            if e.name.endswith(".toml") and not e.name.startswith(".")
        )
    except OSError as exc:
        raise StoreError(f"cannot be read: {exc.strerror or exc}", path=folder) from None
    return [folder / n for n in names]


#: From this many files on, a second process reads half of them (where it can fork).
PARALLEL_MIN = 2000


def _read_each(paths: Iterable[Path], framework: Framework) -> Iterator[Assessment | CxError]:
    """Each file read and checked, or the error that says why it cannot be used."""
    for path in paths:
        try:
            yield read_assessment(path, framework)
        except CxError as exc:
            yield exc


def _read_in_two(paths: list[Path], framework: Framework) -> list[Assessment | CxError] | None:
    """:func:`_read_each` of every path, the second half read by a child process while
    this one reads the first (on two cores, a store of 10,000 files loads in little
    more than half the time). Each file gets exactly the checks it gets here; the child
    hands its results back pickled through a private temporary file, outside the store.
    None where the system cannot fork; if the child fails, this process reads its half.
    """
    import pickle
    import signal
    import sys
    import tempfile

    if not hasattr(os, "fork") or not sys.platform.startswith("linux"):
        return None
    if len(os.sched_getaffinity(0)) < 2:
        return None
    half = (len(paths) + 1) // 2
    first, second = paths[:half], paths[half:]
    try:
        handle, name = tempfile.mkstemp(prefix=".cx-pillars-load-", suffix=".pickle")
    except OSError:  # no room for the hand-over: read them all here
        return None
    try:
        try:
            pid = os.fork()
        except OSError:
            os.close(handle)
            return None
        if pid == 0:  # the child: read the second half, hand it over, leave
            code = 1
            try:
                with os.fdopen(handle, "wb") as fh:
                    pickle.dump(list(_read_each(second, framework)), fh, pickle.HIGHEST_PROTOCOL)
                code = 0
            finally:
                os._exit(code)
        os.close(handle)
        try:
            results = list(_read_each(first, framework))
            _, status = os.waitpid(pid, 0)
            pid = 0
        finally:
            if pid:  # interrupted: stop the child
                try:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                except (ProcessLookupError, ChildProcessError):
                    pass
        rest: list[Assessment | CxError] | None = None
        if os.waitstatus_to_exitcode(status) == 0:
            try:
                with open(name, "rb") as fh:
                    rest = pickle.load(fh)
            except Exception:  # a damaged hand-over: read the half here
                rest = None
        if not isinstance(rest, list) or len(rest) != len(second):
            rest = list(_read_each(second, framework))
        return results + rest
    finally:
        try:
            os.unlink(name)
        except OSError:
            pass


def load_store(
    folder: Path, framework: Framework, warn: Callable[[str], None] | None = None
) -> list[Assessment]:
    """Every valid assessment in ``folder``; bad files are reported to ``warn`` and skipped.

    A large store is read by two processes (:func:`_read_in_two`), each file with every
    check; the warnings and the choice between two files with one id are then made
    here in file-name order, as when one process reads them all."""
    out: list[Assessment] = []
    seen: dict[str, Path] = {}
    paths = assessment_files(Path(folder))
    read = _read_in_two(paths, framework) if len(paths) >= PARALLEL_MIN else None
    results = read if read is not None else _read_each(paths, framework)
    for path, a in zip(paths, results, strict=True):
        if isinstance(a, CxError):
            if warn:
                warn(f"skipped {a}")
            continue
        if a.id in seen:
            if warn:
                warn(f"skipped {path}: id: {a.id!r} is also used by {seen[a.id].name}")
            continue
        seen[a.id] = path
        out.append(a)
    return out


# -- selection ------------------------------------------------------------------------------


def parse_when(text: str, *, end: bool = False) -> datetime:
    """``2026-11-22`` or an ISO date-time; a bare date as ``--until`` means its whole day."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            d = date.fromisoformat(text)
            return datetime.combine(d, time.max if end else time.min, tzinfo=UTC)
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{text!r} is not a date (use YYYY-MM-DD)") from None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def select(
    assessments: Iterable[Assessment],
    *,
    team: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[Assessment]:
    """Filter by team (case-insensitive) and time window; newest first."""
    want = team.casefold().strip() if team else None
    chosen = [
        a
        for a in assessments
        if (want is None or a.team.casefold() == want)
        and (since is None or a.created >= since)
        and (until is None or a.created <= until)
    ]
    return sorted(chosen, key=lambda a: (a.created, a.id), reverse=True)


def latest_per_respondent(assessments: Iterable[Assessment]) -> list[Assessment]:
    """Each named respondent's newest run (per team); anonymous runs all count."""
    latest: dict[tuple[str, str], Assessment] = {}
    for a in assessments:
        key = ("anon", a.id) if a.anonymous else (a.team.casefold(), a.respondent.casefold())
        if key not in latest or (a.created, a.id) > (latest[key].created, latest[key].id):
            latest[key] = a
    return sorted(latest.values(), key=lambda a: (a.created, a.id), reverse=True)


def find(assessments: list[Assessment], query: str) -> Assessment:
    """An assessment by id, file name, unique start of the id, or its short id
    (the part after the time, as ``list`` shows it)."""
    q = query.strip()
    if q.endswith(".toml"):
        q = Path(q).stem
    exact = [a for a in assessments if a.id == q or (a.path and a.path.stem == q)]
    if exact:
        return exact[0]
    pre = [a for a in assessments if a.id.startswith(q) or a.id.endswith("-" + q)]
    if len(pre) == 1:
        return pre[0]
    if not pre:
        raise CxError(f"no assessment with id {query!r}", hint="see `cx-pillars list`")
    raise CxError(
        f"{query!r} matches {len(pre)} assessments; give more of the id",
        hint=", ".join(a.id for a in pre[:3]),
    )


# -- drafts ---------------------------------------------------------------------------------


def _user() -> str:
    try:
        name = getpass.getuser()
    except Exception:  # no name in the environment or passwd
        name = str(os.getuid()) if hasattr(os, "getuid") else ""
    return slug(name, limit=40)


def draft_path(folder: Path) -> Path:
    """Where an interrupted ``rate`` keeps its answers: a hidden folder in the store (or
    the user's cache when the store cannot be written), one file per user, so that
    colleagues sharing a store never see, continue or delete each other's drafts."""
    return Path(folder) / DRAFTS / f"{_user()}.toml"


def fallback_draft_path(folder: Path) -> Path:
    """The draft in the user's cache: named after the store's full path (a readable
    part and a hash, so that two stores with long, similar paths never share one)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    where = str(Path(folder).resolve())
    digest = hashlib.sha256(where.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return cache / "cx-pillars" / "drafts" / f"{slug(where, limit=40)}-{digest}.toml"


def save_draft(folder: Path, answers: Mapping[str, Any]) -> Path:
    """Keep the answers in the store's hidden drafts folder, else in the user's cache."""
    data = dumps(answers)
    tried = []
    for path in (draft_path(folder), fallback_draft_path(folder)):
        try:
            write_replace(path, data)
            return path
        except OSError as exc:
            tried.append(f"{path}: {exc.strerror or exc}")
    raise StoreError("cannot keep a draft anywhere (" + "; ".join(tried) + ")")


def load_draft(folder: Path) -> tuple[Path, dict[str, Any]] | None:
    """The newest draft for this store, if any."""
    found = [p for p in (draft_path(folder), fallback_draft_path(folder)) if p.is_file()]
    if not found:
        return None
    path = max(found, key=lambda p: p.stat().st_mtime)
    try:
        return path, parse_toml(path, read_text(path))
    except CxError:
        raise ValidationError(
            "the draft is damaged; start afresh without --resume", path=path
        ) from None


def discard_draft(folder: Path) -> None:
    for path in (draft_path(folder), fallback_draft_path(folder)):
        try:
            path.unlink()
        except (FileNotFoundError, NotADirectoryError):
            pass
        except OSError:
            pass
