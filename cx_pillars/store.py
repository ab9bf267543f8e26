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
from contextlib import AbstractContextManager, contextmanager
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


def store_path(option: Path | str | None = None, configured: str | None = None) -> Path:
    """``--dir``, else ``$CX_PILLARS_DIR``, else ``configured`` (``dir`` in the user's
    config file, :mod:`cx_pillars.config`), else ``./assessments``."""
    if option:
        return Path(option)
    env = os.environ.get(ENV_DIR, "").strip()
    if env:
        return Path(env)
    return Path(configured).expanduser() if configured else Path(DEFAULT_DIR)


#: Latin letters that Unicode does not decompose into a base letter and a mark (so NFKD
#: would drop them: "Łucja" became "ucja"), spelt as their languages spell them in ASCII.
_NO_DECOMPOSITION = str.maketrans(
    {
        "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h",
        "ß": "ss", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th",
        "ı": "i", "ŀ": "l", "Ŀ": "L",
    }
)  # fmt: skip


def slug(name: str, limit: int = 24) -> str:
    """A file-name-safe ASCII slug of a name; never empty, never a path."""
    ascii_name = (
        unicodedata.normalize("NFKD", name.translate(_NO_DECOMPOSITION))
        .encode("ascii", "ignore")
        .decode()
    )
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


#: A lock file this old is a crash's leftover, whoever left it (a save takes milliseconds).
LOCK_STALE_AFTER = 600.0


def _host() -> str:
    import socket

    try:
        return socket.gethostname()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this host (True when it cannot be told)."""
    if pid <= 0 or os.name == "nt":  # Windows' os.kill(pid, 0) would send Ctrl-C
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's, or not ours to ask about: it exists
        return True
    return True


def _lock_owner() -> bytes:
    """What a lock file says about who holds it: process, host, since when."""
    import json

    since = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f'pid = {os.getpid()}\nhost = {json.dumps(_host())}\nsince = "{since}"\n'
        f'token = "{secrets.token_hex(8)}"\n'
    ).encode()


def _read_lock(lock: Path) -> tuple[os.stat_result, bytes] | None:
    """The lock file's identity and content; None if it is not a plain file (or gone)."""
    import stat

    try:
        fd = os.open(
            lock, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None
        return st, os.read(fd, 4096)
    except OSError:
        return None
    finally:
        os.close(fd)


def _is_stale(st: os.stat_result, content: bytes) -> bool:
    """Left by a crash: older than :data:`LOCK_STALE_AFTER`, or its owner named and dead
    on this host. A fresh lock without an owner is being written: it is not stale."""
    import time as clock

    if clock.time() - st.st_mtime > LOCK_STALE_AFTER:
        return True
    import tomllib

    try:
        owner = tomllib.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    pid, host = owner.get("pid"), owner.get("host")
    return isinstance(pid, int) and host == _host() and not _alive(pid)


def _clear_stale_lock(lock: Path) -> bool:
    """Remove ``lock`` if a crash left it; True when taking it may be tried again.

    It is removed only if it is still the very file judged stale (same inode, size,
    time and content just before the unlink): a lock another process has just taken
    in its place is left alone."""
    seen = _read_lock(lock)
    if seen is None:
        return not os.path.lexists(lock)  # gone meanwhile: try again
    st, content = seen
    if not _is_stale(st, content):
        return False
    again = _read_lock(lock)
    if again is None:
        return not os.path.lexists(lock)
    now, now_content = again
    same = (now.st_dev, now.st_ino, now.st_size, now.st_mtime_ns) == (
        st.st_dev,
        st.st_ino,
        st.st_size,
        st.st_mtime_ns,
    )
    if not same or now_content != content:
        return True  # another lock: judge that one
    try:
        os.unlink(lock)
    except FileNotFoundError:
        pass
    except OSError:
        return False  # not ours to remove (a sticky folder): the name stays blocked
    return True


def _take_lock(lock: Path) -> None:
    """Create ``lock`` exclusively, naming this process in it; a stale one is cleared
    first. ``FileExistsError`` if another save holds it."""
    for attempt in range(3):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            if attempt < 2 and _clear_stale_lock(lock):
                continue
            raise
        try:
            os.write(fd, _lock_owner())
        finally:
            os.close(fd)
        return
    raise FileExistsError(lock)  # pragma: no cover - the loop raises or returns


def _rename_exclusive(tmp: Path, final: Path) -> None:
    """For file systems without hard links (FAT, some network shares): rename ``tmp`` to
    ``final`` unless ``final`` exists.  A lock file created exclusively next to it makes
    the check and the rename one step for every cx-pillars process saving that name.
    The lock names its owner (process, host, time), so that one left by a crash --
    its process dead on this host, or older than :data:`LOCK_STALE_AFTER` -- is
    cleared instead of blocking the name for good."""
    lock = final.with_name(f".{final.name}.lock")
    _take_lock(lock)  # FileExistsError
    try:
        if os.path.lexists(final):
            raise FileExistsError(final)
        os.rename(tmp, final)
    finally:
        try:
            os.unlink(lock)
        except OSError:
            pass


#: os.link never follows a symlink at the temporary name (Linux's link() does not either).
_NO_FOLLOW = {"follow_symlinks": False} if os.link in os.supports_follow_symlinks else {}


def write_new(
    final: Path,
    data: bytes,
    *,
    private: bool = False,
    durable: bool = True,
    mtime: float | None = None,
) -> os.stat_result:
    """Create ``final`` with ``data``, atomically and exclusively: the one way the tool
    creates a file (assessments, summaries, charts, the pack, exports, the demo).

    Raises ``FileExistsError`` if the name is taken: nothing is ever overwritten, and
    the file appears complete or not at all.  The file gets the permissions of any new
    file (``0666`` less the umask), so colleagues sharing the folder can read it, or
    ``0600`` when ``private``; they are set on the open descriptor of the hidden
    temporary file, never through a name another user could swap for a symlink.  The
    temporary file is linked (never following a symlink) to ``final``; if the file
    then at ``final`` is not the one written (someone replaced the temporary file
    meanwhile), the save fails.  ``durable=False`` skips the flushes to disk (files
    in this process's private temporary folder).  Returns the new file's status (its
    device and inode tell it from anything later put at the name: :func:`remove_own`).
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
            if durable:
                os.fsync(fh.fileno())
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), 0o600 if private else 0o666 & ~_umask())
            if mtime is not None and os.utime in os.supports_fd:
                os.utime(fh.fileno(), (mtime, mtime))  # on the open file, like the mode
            written = os.fstat(fh.fileno())
        try:
            os.link(tmp, final, **_NO_FOLLOW)  # fails if final exists: never overwrites
        except FileExistsError:
            raise
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
                raise
            _rename_exclusive(tmp, final)
        _check_created(final, tmp, written)
        if durable:
            _fsync_dir(folder)
        return written
    except FileExistsError:
        raise
    except OSError as exc:
        raise _store_error(exc, folder) from None
    finally:
        try:
            tmp.unlink()
        except OSError:  # gone (renamed), or the folder turned read-only
            pass


def _check_created(final: Path, tmp: Path, written: os.stat_result) -> None:
    """Fail if the file at ``final`` is not the one just written: its temporary file was
    replaced (by a symlink, say) between writing and linking. The name this save linked
    is removed again; nothing else is touched."""
    import stat

    try:
        now = os.lstat(final)
    except FileNotFoundError:
        now = None
    if now is not None and (now.st_dev, now.st_ino) == (written.st_dev, written.st_ino):
        return
    if (  # shares that make up inode numbers per name: the same plain file by its times
        now is not None
        and stat.S_ISREG(now.st_mode)
        and (now.st_size, now.st_mtime_ns) == (written.st_size, written.st_mtime_ns)
    ):
        return
    try:
        planted = os.lstat(tmp)
        if now is not None and (planted.st_dev, planted.st_ino) == (now.st_dev, now.st_ino):
            os.unlink(final)  # the link this save made to what was planted
    except OSError:
        pass
    from cx_pillars.i18n import tr

    raise StoreError(tr("files.replaced"), path=final)


def remove_own(path: Path, made: os.stat_result) -> None:
    """Remove ``path`` if it is still the file :func:`write_new` made (``made``), not
    whatever someone may have put at the name since."""
    try:
        now = os.lstat(path)
        if (now.st_dev, now.st_ino) == (made.st_dev, made.st_ino):
            os.unlink(path)
    except OSError:
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
    """Save under a new, unique name; ``assessment.id`` follows the name chosen. An
    anonymous run's file is dated at the start of its day, as its ``created`` is: its
    modification time would otherwise give away the minute it was saved (the folder's
    own time still changes; see the README's threat model)."""
    folder = Path(folder)
    mtime = assessment.created.timestamp() if assessment.anonymous else None
    for attempt in range(50):
        if attempt:
            assessment.id = new_id(assessment.respondent, assessment.created)
        final = folder / f"{assessment.id}.toml"
        try:
            write_new(final, dumps(assessment.to_dict()), mtime=mtime)
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


# -- this process's private temporary folder ------------------------------------------------

#: ``cx-pillars-<pid>-<random>`` in the system temporary folder (``$TMPDIR``).
SCRATCH_PREFIX = "cx-pillars-"
#: A SIGKILLed run's folder (SIGKILL cannot be handled) is removed by a later run once
#: it is this old, its process is dead and it belongs to the same user.
LEFTOVER_AGE = 86400.0
_SCRATCH_NAME = re.compile(r"cx-pillars-(\d+)-[A-Za-z0-9_]+")
_HANDLED = ("SIGTERM", "SIGHUP")


class _Scratch:
    path: Path | None = None
    pid = 0  # the process that created ``path``: a forked child never removes it
    users = 0
    previous: dict[int, Any] = {}
    children: set[int] = set()  # helpers forked and not yet reaped
    at_exit = False


def _stop(signum: int, frame: object) -> None:
    """SIGTERM/SIGHUP while the private folder exists: leave through the ``finally``
    blocks (exit status 128 + the signal's number, as the shell reports it)."""
    import signal

    if os.getpid() != _Scratch.pid:  # a forked child that kept the handler: as before
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    raise SystemExit(128 + signum)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _install_handlers() -> None:
    """Turn SIGTERM and SIGHUP into an exit that runs the clean-up, where they would
    otherwise end the process on the spot (an ignored signal stays ignored: nohup)."""
    import signal

    _Scratch.previous = {}
    if not _main_thread():
        return
    for name in _HANDLED:
        number = getattr(signal, name, None)
        if number is None:
            continue
        try:
            if signal.getsignal(number) is signal.SIG_DFL:
                _Scratch.previous[number] = signal.signal(number, _stop)
        except (ValueError, OSError):
            pass


def _restore_handlers() -> None:
    import signal

    for number, previous in _Scratch.previous.items():
        try:
            signal.signal(number, previous)
        except (ValueError, OSError, TypeError):
            pass
    _Scratch.previous = {}


def _blocked_signals() -> set[int]:
    import signal

    return {getattr(signal, n) for n in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, n)}


@contextmanager
def _deferred(after: Callable[[], dict[int, Any]] | None = None) -> Iterator[None]:
    """SIGTERM, SIGHUP and SIGINT held back while the block runs, then delivered to the
    handlers that were there before (or to ``after()``'s, when given): a Python-level
    hold, so that it holds in a process with other threads too. A forked child leaving
    the block keeps what it set up for itself and gets nothing delivered."""
    import signal

    if not _main_thread():
        yield
        return
    owner = os.getpid()
    pending: list[int] = []

    def hold(signum: int, frame: object) -> None:
        pending.append(signum)

    saved: dict[int, Any] = {}
    for number in _blocked_signals():
        try:
            saved[number] = signal.signal(number, hold)
        except (ValueError, OSError):
            pass
    try:
        yield
    finally:
        if os.getpid() == owner:
            restore = {**saved, **(after() if after is not None else {})}
            for number, handler in restore.items():
                try:
                    signal.signal(number, handler if handler is not None else signal.SIG_DFL)
                except (ValueError, OSError, TypeError):
                    pass
            for number in dict.fromkeys(pending):
                signal.raise_signal(number)


def signals_held() -> AbstractContextManager[None]:
    """SIGTERM, SIGHUP and SIGINT held back (delivered when the block ends): for steps
    that must not be cut in two, such as forking a helper and noting its pid."""
    return _deferred()


def fork_helper() -> int:
    """``os.fork()`` for a short-lived helper process; call it inside
    :func:`signals_held` and note the pid there, so that no signal handler runs
    before the parent knows its child. The child takes the default action on SIGTERM,
    SIGHUP and SIGINT (it just ends: its parent renders or reads what it did not
    finish) and never removes the parent's private folder."""
    import signal

    pid = os.fork()
    if pid == 0:
        _Scratch.children = set()
        for number in _blocked_signals():
            try:
                signal.signal(number, signal.SIG_DFL)
            except (ValueError, OSError):
                pass
    else:
        _Scratch.children.add(pid)
    return pid


def reap(pid: int, *, kill: bool = False) -> int | None:
    """Wait for the helper ``pid`` (stopped first with SIGKILL when ``kill``); its wait
    status, or None if it was already gone. Every :func:`fork_helper` child is reaped
    here, at the latest when the private folder is removed, so none outlives it."""
    import signal

    try:
        if kill:
            os.kill(pid, signal.SIGKILL)
        return os.waitpid(pid, 0)[1]
    except (ProcessLookupError, ChildProcessError):
        return None
    finally:
        _Scratch.children.discard(pid)


def _sweep_leftovers(base: Path) -> None:
    """Remove what SIGKILLed runs left (never handled): this user's ``cx-pillars-<pid>-*``
    folders older than :data:`LEFTOVER_AGE` whose process is dead."""
    import shutil
    import stat
    import time as clock

    cutoff = clock.time() - LEFTOVER_AGE
    uid = os.getuid() if hasattr(os, "getuid") else None
    try:
        entries = list(os.scandir(base))
    except OSError:
        return
    for entry in entries:
        found = _SCRATCH_NAME.fullmatch(entry.name)
        if not found:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISDIR(st.st_mode) or st.st_mtime > cutoff:
            continue
        if (uid is not None and st.st_uid != uid) or _alive(int(found.group(1))):
            continue
        shutil.rmtree(entry.path, ignore_errors=True)


def _remove_scratch() -> None:
    """Stop any helper still running, remove the folder, put the signal handlers back
    (a signal arriving meanwhile is held until the folder is gone)."""
    import shutil

    def previous() -> dict[int, Any]:
        handlers, _Scratch.previous = _Scratch.previous, {}
        return handlers

    path = _Scratch.path
    with _deferred(after=previous):
        try:
            for pid in list(_Scratch.children):  # none writes on into a removed folder
                reap(pid, kill=True)
            if path is not None:
                shutil.rmtree(path, ignore_errors=True)
        finally:
            _Scratch.path, _Scratch.users = None, 0


def _remove_at_exit() -> None:
    """The last resort at interpreter exit (a folder someone forgot to release)."""
    if _Scratch.path is not None and _Scratch.pid == os.getpid():
        _remove_scratch()


def scratch_acquire() -> Path:
    """This process's private temporary folder (0700, in ``$TMPDIR``), created on first
    use and shared by every user in the process (the wiki's PNG hand-over, a large
    store's load, a zip's export). Each call needs one :func:`scratch_release`; the
    last removes the folder (and an exit handler does, should a release be missed).
    While it exists SIGTERM and SIGHUP end the process through its ``finally`` blocks
    (the handlers are in place before the folder is made), so a killed run leaves
    nothing behind; SIGKILL cannot be handled (see :func:`_sweep_leftovers`). Raises
    ``OSError`` if the folder cannot be made."""
    pid = os.getpid()
    if _Scratch.path is None or _Scratch.pid != pid:  # none yet, or a forked parent's
        _Scratch.path, _Scratch.pid, _Scratch.users = None, pid, 0
        _Scratch.children = set()
        if not _Scratch.at_exit:
            import atexit

            atexit.register(_remove_at_exit)
            _Scratch.at_exit = True
        _install_handlers()  # first: even finding $TMPDIR writes a probe file there
        try:
            base = Path(tempfile.gettempdir())
            _sweep_leftovers(base)
            with _deferred():  # made and noted as one step
                _Scratch.path = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{pid}-", dir=base))
        except BaseException:
            if _Scratch.path is None:
                _restore_handlers()
            raise
    _Scratch.users += 1
    return _Scratch.path


def scratch_release() -> None:
    """One :func:`scratch_acquire` done; the last removes the folder and puts the signal
    handlers back. A forked child's release never touches its parent's folder."""
    if _Scratch.pid != os.getpid() or _Scratch.users <= 0:
        return
    _Scratch.users -= 1
    if _Scratch.users == 0:
        _remove_scratch()


@contextmanager
def scratch() -> Iterator[Path]:
    """:func:`scratch_acquire` for a ``with`` block, released on every way out."""
    path = scratch_acquire()
    try:
        yield path
    finally:
        scratch_release()


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
    hands its results back pickled through a file in this process's private temporary
    folder (:func:`scratch_acquire`), outside the store, removed however the load ends.
    None where the system cannot fork; if the child fails, this process reads its half.
    """
    import pickle
    import sys

    if not hasattr(os, "fork") or not sys.platform.startswith("linux"):
        return None
    if len(os.sched_getaffinity(0)) < 2:
        return None
    half = (len(paths) + 1) // 2
    first, second = paths[:half], paths[half:]
    try:
        folder = scratch_acquire()
    except OSError:  # no room for the hand-over: read them all here
        return None
    name = None
    try:
        try:
            handle, name = tempfile.mkstemp(prefix="load-", suffix=".pickle", dir=folder)
        except OSError:
            return None
        pid = 0
        with signals_held():
            try:
                pid = fork_helper()
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
            status = reap(pid)
            pid = 0
        finally:
            if pid:  # interrupted: stop the child
                reap(pid, kill=True)
        rest: list[Assessment | CxError] | None = None
        if status is not None and os.waitstatus_to_exitcode(status) == 0:
            try:
                with open(name, "rb") as fh:
                    rest = pickle.load(fh)
            except Exception:  # a damaged hand-over: read the half here
                rest = None
        if not isinstance(rest, list) or len(rest) != len(second):
            rest = list(_read_each(second, framework))
        return results + rest
    finally:
        if name is not None and os.getpid() == _Scratch.pid:
            try:
                os.unlink(name)
            except OSError:
                pass
        scratch_release()


class Skipped(str):
    """A file :func:`load_store` skipped: the line in English (``skipped PATH:LINE:
    FIELD: ...``), and the same line in any language with :meth:`text` (the command
    layer knows the run's; the store does not)."""

    error: CxError

    def __new__(cls, error: CxError) -> Skipped:
        self = super().__new__(cls, _skipped_text(error, "en"))
        self.error = error
        return self

    def text(self, lang: str) -> str:
        return _skipped_text(self.error, lang)

    def __reduce__(self) -> tuple[type[Skipped], tuple[CxError]]:
        return (Skipped, (self.error,))


def _skipped_text(error: CxError, lang: str) -> str:
    from cx_pillars.i18n import t

    return t("files.skipped", lang, problem=error.text(lang))


def load_store(
    folder: Path, framework: Framework, warn: Callable[[Skipped], None] | None = None
) -> list[Assessment]:
    """Every valid assessment in ``folder``; bad files are reported to ``warn`` and skipped.

    A large store is read by two processes (:func:`_read_in_two`), each file with every
    check; the warnings and the choice between two files with one id are then made
    here in file-name order, as when one process reads them all.  Each warning is a
    :class:`Skipped`: English as a string, any language with ``.text(lang)``."""
    from cx_pillars.i18n import tr

    out: list[Assessment] = []
    seen: dict[str, Path] = {}
    paths = assessment_files(Path(folder))
    read = _read_in_two(paths, framework) if len(paths) >= PARALLEL_MIN else None
    results = read if read is not None else _read_each(paths, framework)
    for path, a in zip(paths, results, strict=True):
        if isinstance(a, CxError):
            if warn:
                warn(Skipped(a))
            continue
        if a.id in seen:
            if warn:
                used = tr("assessment.id_used", id=repr(a.id), other=seen[a.id].name)
                warn(Skipped(ValidationError(used, path=path, field="id")))
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
    """The draft's name for this user: a readable slug of the login and a hash of the
    exact login and uid, so that two different logins never share a draft (every
    Chinese login slugs to the same word; ``ana.k``, ``ana_k`` and ``Ana-K`` to one)."""
    try:
        name = getpass.getuser()
    except Exception:  # no name in the environment or passwd
        name = ""
    uid = os.getuid() if hasattr(os, "getuid") else None
    exact = f"{uid}\0{name}" if uid is not None else name
    digest = hashlib.sha256(exact.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return f"{slug(name, limit=24)}-{digest}"


def draft_path(folder: Path) -> Path:
    """Where an interrupted ``rate`` keeps its answers: a hidden folder in the store (or
    the user's cache when the store cannot be written), one file per login (see
    :func:`_user`), so that colleagues sharing a store never see, continue or delete
    each other's drafts. Drafts under the names of earlier versions (a slug alone,
    shared by logins that slug alike) are never resumed."""
    return Path(folder) / DRAFTS / f"{_user()}.toml"


def fallback_draft_path(folder: Path) -> Path:
    """The draft in the user's cache: named after the store's full path (a readable
    part and a hash, so that two stores with long, similar paths never share one) and
    the login (:func:`_user`)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    where = str(Path(folder).resolve())
    key = f"{where}\0{_user()}"
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return cache / "cx-pillars" / "drafts" / f"{slug(where, limit=40)}-{digest}.toml"


def _own_draft(path: Path) -> bool:
    """A plain file of this user's (a file or symlink someone else put at the name is
    not resumed)."""
    import stat

    try:
        st = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISREG(st.st_mode):
        return False
    return not hasattr(os, "getuid") or st.st_uid == os.getuid()


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
    found = [p for p in (draft_path(folder), fallback_draft_path(folder)) if _own_draft(p)]
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
