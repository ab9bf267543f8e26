"""Processes killed (SIGKILL) while saving: the file is complete or absent, never partial,
and what a killed save leaves behind (a hidden temporary file) is never loaded.

Two ways of killing:

* from inside, at chosen points of the save (after the temporary file is created, half
  way through writing it, before its fsync, before and after the hard link, before the
  folder's fsync), in a real ``cx-pillars`` process for each command that saves
  (``rate``, ``survey import``, ``export --out``);
* from outside, at random moments, 40 times into one store, with the save slowed down
  so that the kills land all over it.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cx_pillars import store
from cx_pillars.answers import to_assessment
from cx_pillars.pillars import builtin_framework
from cx_pillars.survey.summary import load_summary

FW = builtin_framework()
IDS = FW.ids
RATINGS = "3,2,4,4,3,3,4,2,2,3"
RANKING = ",".join(reversed(IDS))

# A real cx-pillars process that SIGKILLs itself at one point of the save.
KILLER = r"""
import os, signal, sys, tempfile
from cx_pillars import store
point = sys.argv[1]
def die():
    os.kill(os.getpid(), signal.SIGKILL)
real_mkstemp, real_fdopen, real_fsync, real_link = (tempfile.mkstemp, os.fdopen, os.fsync,
                                                    os.link)
saving = False          # only the save of the final file, not reads or drafts
def mkstemp(*a, **kw):
    global saving
    fd, name = real_mkstemp(*a, **kw)
    saving = True
    if point == "after-mkstemp":
        die()
    return fd, name
class HalfWriter:
    def __init__(self, fh):
        self.fh = fh
    def write(self, data):
        self.fh.write(data[: len(data) // 2])
        self.fh.flush()
        os.fsync(self.fh.fileno())
        die()
    def __getattr__(self, name):
        return getattr(self.fh, name)
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return self.fh.__exit__(*exc)
def fdopen(fd, *a, **kw):
    fh = real_fdopen(fd, *a, **kw)
    return HalfWriter(fh) if saving and point == "mid-write" else fh
def fsync(fd):
    if saving and point == "before-fsync":
        die()
    return real_fsync(fd)
def link(src, dst, *a, **kw):
    if point == "before-link":
        die()
    real_link(src, dst, *a, **kw)
    if point == "after-link":
        die()
def fsync_dir(folder):
    if point == "before-dir-fsync":
        die()
tempfile.mkstemp, os.fdopen, os.fsync, os.link = mkstemp, fdopen, fsync, link
store._fsync_dir = fsync_dir
from cx_pillars.cli import main
sys.argv = ["cx-pillars"] + sys.argv[2:]
main()
"""

BEFORE_LINK = ["after-mkstemp", "mid-write", "before-fsync", "before-link"]
AFTER_LINK = ["after-link", "before-dir-fsync"]


def env(tmp_path: Path) -> dict:
    e = {k: v for k, v in os.environ.items() if k != "CX_PILLARS_DIR"}
    e.update(XDG_CACHE_HOME=str(tmp_path / "cache"), NO_COLOR="1", CX_PILLARS_LANG="en")
    return e


def run_killed(tmp_path: Path, point: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", KILLER, point, *args],
        env=env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )


def seed_store(folder: Path) -> list[str]:
    """Two good assessments already in the store."""
    ids = []
    for k, name in enumerate(("Ben", "Cy")):
        answers = {
            "respondent": name,
            "team": "T",
            "role": "",
            "ratings": dict.fromkeys(IDS, 3),
            "ranking": list(IDS),
        }
        a = to_assessment(answers, FW, when=datetime(2026, 1, 1 + k, tzinfo=UTC))
        ids.append(store.save_assessment(a, folder).stem)
    return ids


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("point", BEFORE_LINK + AFTER_LINK)
def test_rate_killed_while_saving(tmp_path, point, cli):
    folder = tmp_path / "store"
    before = seed_store(folder)
    done = run_killed(
        tmp_path,
        point,
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
        str(folder),
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    warnings: list[str] = []
    loaded = store.load_store(folder, FW, warn=warnings.append)
    assert warnings == []  # nothing partial is loaded
    new = [a for a in loaded if a.id not in before]
    if point in BEFORE_LINK:
        assert new == []  # none ...
    else:
        assert len(new) == 1 and new[0].respondent == "Ana"  # ... or the complete file
        assert new[0].ratings["content"] == 2
    assert all(n.endswith(".tmp") for n in hidden(folder))  # leftovers are hidden temps
    assert hidden(folder), "the kill came before the temporary file was removed"
    if point == "mid-write":  # a half-written file exists...
        [temp] = [folder / n for n in hidden(folder)]
        assert 0 < temp.stat().st_size < (folder / f"{before[0]}.toml").stat().st_size
    # The store goes on working, and list / team ignore the leftovers.
    assert (
        cli(
            "rate",
            "--yes",
            "-r",
            "Dee",
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
    listed = cli("list", "--json", "--dir", folder)
    assert listed.exit_code == 0 and listed.stderr == ""
    assert len(listed.stdout.split('"id"')) - 1 == len(before) + len(new) + 1


@pytest.mark.parametrize("point", ["mid-write", "before-link", "after-link"])
def test_survey_import_killed_while_saving(tmp_path, point, cli):
    folder = tmp_path / "store"
    export = tmp_path / "export.csv"
    export.write_text(
        ",".join(IDS)
        + "\n"
        + "\n".join(
            ",".join(map(str, random.Random(k).sample(range(1, 11), 10))) for k in range(50)
        )
        + "\n"
    )
    done = run_killed(
        tmp_path, point, "survey", "import", str(export), "--name", "wave", "--dir", str(folder)
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    surveys = folder / "surveys"
    visible = sorted(p.name for p in surveys.iterdir() if not p.name.startswith("."))
    if point == "after-link":
        assert visible == ["wave.toml"]
        assert load_summary(surveys / "wave.toml", FW).respondents == 50
        result = cli("compare", "--survey", "wave", "--dir", folder)
        assert "no team assessments" in result.output  # the summary itself loads
    else:
        assert visible == []
        result = cli("compare", "--survey", "wave", "--dir", folder)
        assert result.exit_code == 1 and "no survey summary named 'wave'" in result.output
        assert "available" not in result.output  # the temp is not offered
        again = cli("survey", "import", export, "--name", "wave", "--dir", folder)
        assert again.exit_code == 0, again.output  # the name is still free


@pytest.mark.parametrize("point", ["mid-write", "after-link"])
def test_export_killed_while_saving(tmp_path, point):
    folder = tmp_path / "store"
    seed_store(folder)
    out = tmp_path / "out" / "team.csv"
    done = run_killed(tmp_path, point, "export", "--out", str(out), "--dir", str(folder))
    assert done.returncode == -signal.SIGKILL
    if point == "after-link":
        assert out.read_text().count("\n") == 3  # header and two rows
    else:
        assert not out.exists()


# -- killed from outside at random moments --------------------------------------------------


def _slow_save(folder: str, k: int, started, saved) -> None:
    """Save one assessment, slowly: 16-byte writes and pauses around every step."""
    real_fdopen, real_fsync, real_link = os.fdopen, os.fsync, os.link

    class Slow:
        def __init__(self, fh):
            self.fh = fh

        def write(self, data):
            for i in range(0, len(data), 16):
                self.fh.write(data[i : i + 16])
                self.fh.flush()
                time.sleep(0.0005)

        def __getattr__(self, name):
            return getattr(self.fh, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return self.fh.__exit__(*exc)

    def fsync(fd):
        time.sleep(0.002)
        real_fsync(fd)

    def link(src, dst, *a, **kw):
        time.sleep(0.002)
        real_link(src, dst, *a, **kw)
        time.sleep(0.002)

    os.fdopen = lambda fd, *a, **kw: Slow(real_fdopen(fd, *a, **kw))
    os.fsync, os.link = fsync, link
    answers = {
        "respondent": "Ana",
        "team": "T",
        "role": "",
        "notes": {"friction": f"try {k}"},
        "ratings": dict.fromkeys(IDS, 4),
        "ranking": list(IDS),
    }
    a = to_assessment(answers, FW)
    started.set()
    store.save_assessment(a, Path(folder))
    saved.set()
    time.sleep(10)  # killed by now


def test_random_kills_never_leave_a_partial_file(tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    ctx = mp.get_context("fork")
    rng = random.Random(2026)

    def start(k):
        started, saved = ctx.Event(), ctx.Event()
        p = ctx.Process(target=_slow_save, args=(str(folder), k, started, saved))
        p.start()
        assert started.wait(20)
        return p, saved

    # How long a save takes here (about 25 ms): the kills are spread over 1.5 times that.
    p, saved = start(-1)
    t0 = time.monotonic()
    assert saved.wait(20)
    window = 1.5 * (time.monotonic() - t0)
    os.kill(p.pid, signal.SIGKILL)
    p.join(10)
    for path in store.assessment_files(folder):
        path.unlink()
    kept, lost = [], []
    for k in range(40):
        p, _ = start(k)
        time.sleep(rng.uniform(0, window))
        os.kill(p.pid, signal.SIGKILL)
        p.join(10)
        warnings: list[str] = []
        loaded = store.load_store(folder, FW, warn=warnings.append)
        assert warnings == []  # every visible file is complete
        notes = [a.notes["friction"] for a in loaded]
        assert len(notes) == len(set(notes)) and set(notes) <= {f"try {i}" for i in range(k + 1)}
        (kept if f"try {k}" in notes else lost).append(k)
    assert kept and lost  # the kills landed before and after
    assert all(n.endswith(".tmp") for n in hidden(folder))
    assert len(list(folder.glob("*.toml"))) == len(kept)
