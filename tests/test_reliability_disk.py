"""A full disk or a read-only store: one clear line, exit 1, no partial file, and the
answers of ``rate`` kept as a draft elsewhere (the user's cache) that ``--resume`` saves
once the store can be written again.

The faults are injected at the operating-system calls the store makes (creating the
temporary file, writing it, fsync, the hard link, creating the folder), only for paths
inside the store -- the cache is on another, healthy disk.  (Running as root, chmod
would not stop a write, so it is not used.)  One test uses a real kernel limit instead:
``RLIMIT_FSIZE`` makes every write beyond a few bytes fail with EFBIG.
"""

from __future__ import annotations

import errno
import os
import pathlib
import resource
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import pytest

from cx_pillars import store
from cx_pillars.pillars import builtin_framework

FW = builtin_framework()
IDS = FW.ids
RATINGS = "3,2,4,4,3,3,4,2,2,3"
RANKING = ",".join(reversed(IDS))


def fd_path(fd: int) -> str:
    return os.readlink(f"/proc/self/fd/{fd}")


class Faults:
    """Make one OS-level operation fail with ``code`` for paths under ``root``."""

    def __init__(self, monkeypatch, root: Path, op: str, code: int) -> None:
        self.root, self.code = str(root), code
        real_mkstemp, real_fdopen = tempfile.mkstemp, os.fdopen
        real_fsync, real_link, real_mkdir = os.fsync, os.link, pathlib.Path.mkdir
        error = OSError(code, os.strerror(code))

        def inside(path) -> bool:
            return str(path) == self.root or str(path).startswith(self.root + os.sep)

        def mkstemp(*a, dir=None, **kw):
            if inside(dir):
                raise error
            return real_mkstemp(*a, dir=dir, **kw)

        class Full:
            def __init__(self, fh):
                self.fh = fh

            def write(self, data):
                self.fh.write(data[: len(data) // 3])  # part of it reaches the disk
                self.fh.flush()
                raise error

            def __getattr__(self, name):
                return getattr(self.fh, name)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return self.fh.__exit__(*exc)

        def fdopen(fd, *a, **kw):
            fh = real_fdopen(fd, *a, **kw)
            return Full(fh) if inside(fd_path(fd)) else fh

        def fsync(fd):
            if inside(fd_path(fd)) and not os.path.isdir(fd_path(fd)):
                raise error
            return real_fsync(fd)

        def link(src, dst, *a, **kw):
            if inside(dst):
                raise error
            return real_link(src, dst, *a, **kw)

        def mkdir(path, *a, **kw):
            if inside(path) and not path.exists():
                raise error
            return real_mkdir(path, *a, **kw)

        patch = {
            "mkstemp": (tempfile, "mkstemp", mkstemp),
            "write": (os, "fdopen", fdopen),
            "fsync": (os, "fsync", fsync),
            "link": (os, "link", link),
            "mkdir": (pathlib.Path, "mkdir", mkdir),
        }[op]
        monkeypatch.setattr(*patch)


# (what, the failing call, errno, the words of the error).  Where only the hard link
# fails, the draft can still go to the store's hidden .drafts folder; everywhere else
# the store takes nothing and the draft goes to the cache.
SCENARIOS = [
    ("read-only store", "mkstemp", errno.EROFS, "the store is not writable"),
    ("no permission", "mkstemp", errno.EACCES, "the store is not writable"),
    ("disk full while writing", "write", errno.ENOSPC, "the disk is full"),
    ("disk full at fsync", "fsync", errno.ENOSPC, "the disk is full"),
    ("quota used up at fsync", "fsync", errno.EDQUOT, "the disk quota is used up"),
    ("I/O error at fsync", "fsync", errno.EIO, "cannot write: Input/output error"),
    ("I/O error at the link", "link", errno.EIO, "cannot write: Input/output error"),
    ("read-only, store missing", "mkdir", errno.EROFS, "the store is not writable"),
]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    path = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(path))
    return path


def error_lines(output: str) -> list[str]:
    return [ln for ln in output.splitlines() if ln.startswith("error: ")]


def no_trace_of_a_save(folder: Path) -> None:
    """No assessment, no temporary file, no draft inside the failing store."""
    if not folder.exists():
        return
    for path in folder.rglob("*"):
        assert path.is_dir(), f"left behind: {path}"


@pytest.mark.parametrize("what,op,code,words", SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_rate_keeps_the_answers_elsewhere(cli, tmp_path, cache, monkeypatch, what, op, code, words):
    folder = tmp_path / "store"
    if op != "mkdir":
        folder.mkdir()
    with monkeypatch.context() as m:
        Faults(m, folder, op, code)
        result = cli(
            "rate",
            "--yes",
            "-r",
            "Ana",
            "--team",
            "Retail CX",
            "--ratings",
            RATINGS,
            "--ranking",
            RANKING,
            "--note",
            "friction=Returns take too long",
            "--dir",
            folder,
        )
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "unexpected" not in result.output
    [line] = error_lines(result.output)
    assert f"{folder}: {words}" in line
    draft = store.draft_path(folder) if op == "link" else store.fallback_draft_path(folder)
    assert str(draft) in line and "--resume" in line
    assert store.load_draft(folder)[0] == draft
    if op != "link":
        no_trace_of_a_save(folder)
    assert store.assessment_files(folder) == []
    assert [p.name for p in folder.glob(".*.tmp")] == []  # temporary files removed
    kept = tomllib.loads(draft.read_text("utf-8"))
    assert kept["respondent"] == "Ana" and kept["notes"] == {"friction": "Returns take too long"}
    # The disk has room again: --resume saves exactly those answers, then drops the draft.
    again = cli("rate", "--resume", "--dir", folder)
    assert again.exit_code == 0, again.output
    [saved] = store.load_store(folder, FW)
    assert [saved.ratings[p] for p in IDS] == [int(x) for x in RATINGS.split(",")]
    assert saved.ranking == list(reversed(IDS)) and saved.team == "Retail CX"
    assert saved.notes == {"friction": "Returns take too long"}
    assert not draft.exists()


@pytest.mark.parametrize("what,op,code,words", SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_survey_import_and_export_fail_cleanly(
    cli, tmp_path, cache, monkeypatch, what, op, code, words
):
    folder = tmp_path / "store"
    export = tmp_path / "export.csv"
    export.write_text(",".join(IDS) + "\n" + ",".join(map(str, range(1, 11))) + "\n")
    if op != "mkdir":
        folder.mkdir()
        assert (
            cli(
                "rate",
                "--yes",
                "-r",
                "Ana",
                "--team",
                "T",
                "--ratings",
                RATINGS,
                "--ranking",
                RANKING,
                "--dir",
                folder,
            ).exit_code
            == 0
        )
    before = sorted(p.name for p in folder.rglob("*")) if folder.exists() else []
    with monkeypatch.context() as m:
        Faults(m, folder, op, code)
        results = [cli("survey", "import", export, "--dir", folder)]
        if op != "mkdir":
            results.append(cli("export", "--out", folder / "team.csv", "--dir", folder))
    for result in results:
        assert result.exit_code == 1, result.output
        lines = [ln for ln in result.output.splitlines() if ln.strip()]
        assert len(lines) == 1 and lines[0].startswith("error: "), result.output
        assert words in lines[0] and str(folder) in lines[0]
    after = sorted(p.name for p in folder.rglob("*")) if folder.exists() else []
    assert [n for n in after if n not in before] in ([], ["surveys"])  # an empty folder at most


def test_store_and_cache_both_failing_prints_the_answers(cli, tmp_path, cache, monkeypatch):
    """Nowhere to keep a draft: the answers are printed (an answers file for --from) and
    the error says both what failed and what to do."""
    folder = tmp_path / "store"
    folder.mkdir()
    with monkeypatch.context() as m:
        Faults(m, tmp_path, "mkstemp", errno.ENOSPC)  # the whole disk is full
        result = cli(
            "rate",
            "--yes",
            "-r",
            "Ana",
            "--team",
            "T",
            "--ratings",
            RATINGS,
            "--ranking",
            RANKING,
            "--dir",
            folder,
        )
    assert result.exit_code == 1
    [line] = error_lines(result.stderr)
    assert "the disk is full" in line and "could not be kept as a draft" in line
    assert "--from" in line
    printed = tomllib.loads(result.stdout[result.stdout.index("respondent =") :])
    answers = tmp_path / "answers.toml"
    answers.write_text(result.stdout[result.stdout.index("respondent =") :])
    assert printed["ratings"]["content"] == 2
    ok = cli("rate", "--yes", "--from", answers, "--dir", folder)
    assert ok.exit_code == 0, ok.output
    [saved] = store.load_store(folder, FW)
    assert saved.respondent == "Ana" and saved.ranking == list(reversed(IDS))


def test_a_damaged_draft_does_not_block_a_new_run(cli, folder):
    store.draft_path(folder).parent.mkdir()
    store.draft_path(folder).write_text("respondent = \n")
    ok = cli(
        "rate",
        "--yes",
        "-r",
        "Ana",
        "--team",
        "T",
        "--ratings",
        RATINGS,
        "--ranking",
        RANKING,
        "--dir",
        folder,
    )
    assert ok.exit_code == 0, ok.output
    resume = cli("rate", "--resume", "--dir", folder)
    assert resume.exit_code == 1 and "the draft is damaged" in resume.output


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))  # bytes per file


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="no RLIMIT_FSIZE")
def test_a_real_write_failure_from_the_kernel(tmp_path):
    """RLIMIT_FSIZE: the kernel refuses writes past 200 bytes (EFBIG)."""
    folder = tmp_path / "store"
    export = tmp_path / "export.csv"
    export.write_text(",".join(IDS) + "\n" + ",".join(map(str, range(1, 11))) + "\n")
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "NO_COLOR": "1",
        "CX_PILLARS_LANG": "en",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("CX_PILLARS_DIR", None)
    for args in (["survey", "import", str(export)], ["export", "--out", str(folder / "x.csv")]):
        done = subprocess.run(
            [sys.executable, "-m", "cx_pillars", *args, "--dir", str(folder)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            preexec_fn=_limit_file_size,
        )
        assert done.returncode == 1, done.stderr
        lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1 and "File too large" in lines[0], done.stderr
    no_trace_of_a_save(folder)
