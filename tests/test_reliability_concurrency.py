"""Many processes writing into one store at once.

* 20 real ``cx-pillars rate --yes`` processes started together: 20 distinct, valid files.
* 20 processes that all want the very same file name (same second, same random part):
  every one still gets its own file -- with hard links, and on a file system without
  them (the rename fallback, which must not let two processes take one name).
* Two ``survey import`` runs of the same survey name at once: one wins, the other fails
  with one clear line (exit 1), and the file that exists is complete.
"""

from __future__ import annotations

import errno
import json
import multiprocessing as mp
import os
import shutil
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
EXE = shutil.which("cx-pillars")


def env(tmp_path: Path) -> dict:
    e = {k: v for k, v in os.environ.items() if k != "CX_PILLARS_DIR"}
    e.update(
        XDG_CACHE_HOME=str(tmp_path / "cache"), NO_COLOR="1", COLUMNS="160", CX_PILLARS_LANG="en"
    )
    return e


def check_store(folder: Path, count: int) -> list:
    """``count`` valid assessments with distinct ids, and nothing left behind."""
    warnings: list[str] = []
    loaded = store.load_store(folder, FW, warn=warnings.append)
    assert warnings == []
    assert len(loaded) == count
    assert len({a.id for a in loaded}) == count
    assert all(a.path.stem == a.id for a in loaded)
    leftovers = [p.name for p in folder.iterdir() if p.name.startswith(".") and p.name != ".drafts"]
    assert leftovers == []  # no temporary or lock files
    return loaded


@pytest.mark.skipif(EXE is None, reason="cx-pillars is not installed")
def test_twenty_rate_processes_at_once(tmp_path):
    folder = tmp_path / "store"  # not there yet: 20 processes create it
    go = tmp_path / "go"
    # Each process waits for the go file, then execs the installed cx-pillars: all
    # twenty start the real command within a few milliseconds of each other.
    wait_then_exec = (
        "import os, sys, time\n"
        "while not os.path.exists(sys.argv[1]): time.sleep(0.002)\n"
        "os.execv(sys.argv[2], sys.argv[2:])\n"
    )
    procs = []
    for i in range(20):
        name = "Ana" if i % 2 else f"Colleague {i}"  # half of them share a name
        args = [
            sys.executable,
            "-c",
            wait_then_exec,
            str(go),
            EXE,
            "rate",
            "--yes",
            "--respondent",
            name,
            "--team",
            "Retail CX",
            "--ratings",
            RATINGS,
            "--ranking",
            RANKING,
            "--note",
            f"friction=run {i}",
            "--dir",
            str(folder),
        ]
        procs.append(
            subprocess.Popen(
                args, env=env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
        )
    time.sleep(0.3)  # let every interpreter start
    go.touch()
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert "Saved" in out
    loaded = check_store(folder, 20)
    assert sorted(a.notes["friction"] for a in loaded) == sorted(f"run {i}" for i in range(20))
    assert all(a.ratings["content"] == 2 and a.ranking == list(reversed(IDS)) for a in loaded)


# -- every process wants the same name -----------------------------------------------------

SAME = datetime(2026, 11, 22, 10, 15, tzinfo=UTC)


def _save_same_name(folder: str, barrier, results, no_links: bool, k: int) -> None:
    if no_links:  # a file system without hard links

        def refuse(src, dst, *a, **kw):
            raise OSError(errno.EPERM, "Operation not permitted")

        os.link = refuse
    answers = {
        "respondent": "Ana",
        "team": "T",
        "role": "",
        "notes": {"friction": f"#{k}"},
        "ratings": dict(zip(IDS, [3] * 10)),
        "ranking": list(IDS),
    }
    a = to_assessment(answers, FW, when=SAME)
    a.id = "2026-11-22T101500Z-ana-0000"  # everyone's first choice
    barrier.wait()
    try:
        results.put((k, str(store.save_assessment(a, Path(folder)))))
    except Exception as exc:  # pragma: no cover - reported below
        results.put((k, f"failed: {exc!r}"))


@pytest.mark.parametrize("no_links", [False, True], ids=["hard links", "rename fallback"])
def test_twenty_processes_wanting_one_name(tmp_path, no_links):
    folder = tmp_path / "store"
    folder.mkdir()
    ctx = mp.get_context("fork")
    barrier, results = ctx.Barrier(20), ctx.Queue()
    procs = [
        ctx.Process(target=_save_same_name, args=(str(folder), barrier, results, no_links, k))
        for k in range(20)
    ]
    for p in procs:
        p.start()
    got = dict(results.get(timeout=60) for _ in procs)
    for p in procs:
        p.join(30)
        assert p.exitcode == 0
    assert not any(v.startswith("failed") for v in got.values()), got
    assert len(set(got.values())) == 20
    loaded = check_store(folder, 20)
    # Each file holds its own writer's answers: nobody's file was replaced by another's.
    by_path = {str(a.path): a for a in loaded}
    assert all(by_path[path].notes["friction"] == f"#{k}" for k, path in got.items())


def test_the_rename_fallback_never_replaces_a_file(tmp_path, monkeypatch):
    """Without hard links, a name that exists -- or is being saved by another process
    (its lock file exists) -- is refused, and the temporary file is cleaned up."""

    def refuse(src, dst, *a, **kw):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(store.os, "link", refuse)
    final = tmp_path / "a.toml"
    store.write_new(final, b"first")
    with pytest.raises(FileExistsError):
        store.write_new(final, b"second")
    assert final.read_bytes() == b"first"
    (tmp_path / ".b.toml.lock").touch()  # somebody else is saving b.toml
    with pytest.raises(FileExistsError):
        store.write_new(tmp_path / "b.toml", b"mine")
    assert not (tmp_path / "b.toml").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".b.toml.lock", "a.toml"]


# -- two imports of one survey name --------------------------------------------------------


def export_csv(path: Path, rows: int = 400) -> Path:
    import random

    rng = random.Random(7)
    lines = [",".join(IDS)]
    for _ in range(rows):
        order = rng.sample(range(1, 11), 10)
        lines.append(",".join(map(str, order)))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GATED_IMPORT = """
import os, sys, time
from pathlib import Path
from cx_pillars import store
go = sys.argv[1]
real = store.write_new
def gated(final, data):
    Path(go + ".ready." + str(os.getpid())).touch()
    while not os.path.exists(go):
        time.sleep(0.001)
    return real(final, data)
store.write_new = gated                  # both processes write at the same moment
from cx_pillars.cli import main
sys.argv = ["cx-pillars"] + sys.argv[2:]
main()
"""


def _one_winner(procs, folder: Path, source: Path) -> None:
    outcomes = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        outcomes.append((p.returncode, out, err))
    codes = sorted(code for code, _, _ in outcomes)
    assert codes == [0, 1], outcomes
    _, _, err = next(o for o in outcomes if o[0] == 1)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith("error: ") and "a survey named 'wave' already exists" in lines[0]
    assert "nothing was overwritten" in lines[0]
    files = sorted((folder / "surveys").iterdir())
    assert [f.name for f in files] == ["wave.toml"]  # no temporary or lock files
    summary = load_summary(files[0], FW)  # complete and valid
    from cx_pillars.survey.importer import import_file

    fresh = import_file(source, FW, name="wave").summary
    assert summary.all == fresh.all and summary.respondents == 400
    winner = next(o for o in outcomes if o[0] == 0)
    assert json.loads(winner[1])["respondents"] == 400


def test_two_imports_of_one_name_at_the_same_moment(tmp_path):
    folder = tmp_path / "store"
    source = export_csv(tmp_path / "export.csv")
    go = tmp_path / "go"
    args = ["survey", "import", str(source), "--name", "wave", "--json", "--dir", str(folder)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", GATED_IMPORT, str(go), *args],
            env=env(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    deadline = time.time() + 60
    try:
        while len(list(tmp_path.glob("go.ready.*"))) < 2:  # both are about to write
            assert time.time() < deadline and all(p.poll() is None for p in procs)
            time.sleep(0.005)
    except AssertionError:
        for p in procs:
            p.kill()
        raise
    go.touch()
    _one_winner(procs, folder, source)


@pytest.mark.skipif(EXE is None, reason="cx-pillars is not installed")
def test_two_installed_imports_started_together(tmp_path):
    folder = tmp_path / "store"
    source = export_csv(tmp_path / "export.csv")
    args = [EXE, "survey", "import", str(source), "--name", "wave", "--json", "--dir", str(folder)]
    procs = [
        subprocess.Popen(
            args, env=env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    _one_winner(procs, folder, source)
