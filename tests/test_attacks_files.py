"""Attacks on the files the tool creates (issue 15, items 1, 9, 11, 13, part of 14).

Written as the attacks: someone else with write access to the shared folder swaps a
symlink to a victim's private file in at an output name while ``chart`` runs, or at the
hidden temporary file while a file is saved, or plants one at ``demo``'s
``customers.csv``; ``report --markdown``, a large store's load and a zip import are
killed (SIGTERM, SIGINT, SIGHUP) while their temporary files exist; a crash leaves a
lock file on a file system without hard links; colleagues whose logins slug alike
resume each other's drafts; ``--dir ""``; one file named twice as outputs.
"""

from __future__ import annotations

import ast
import errno
import getpass
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cx_pillars import store
from cx_pillars.answers import to_assessment
from cx_pillars.pillars import builtin_framework

FW = builtin_framework()
IDS = FW.ids
REPO = Path(__file__).resolve().parents[1]


def make_store(folder: Path, colleagues: int) -> Path:
    import random

    rng = random.Random(colleagues)
    for k in range(colleagues):
        ranking = list(IDS)
        rng.shuffle(ranking)
        answers = {
            "respondent": f"Colleague {k:02d}",
            "team": "Retail CX",
            "role": "",
            "notes": {},
            "ratings": {i: rng.randint(1, 5) for i in IDS},
            "ranking": ranking,
        }
        when = datetime(2026, 11, 2, 9, k % 60, tzinfo=UTC)
        store.save_assessment(to_assessment(answers, FW, when=when), folder)
    return folder


@pytest.fixture(scope="module")
def team(tmp_path_factory) -> Path:
    return make_store(tmp_path_factory.mktemp("team") / "store", 6)


@pytest.fixture(scope="module")
def big_team(tmp_path_factory) -> Path:
    return make_store(tmp_path_factory.mktemp("big") / "store", 40)


def victim_file(folder: Path) -> Path:
    victim = folder / "victim-private.txt"
    victim.write_bytes(b"the victim's own words\n")
    victim.chmod(0o600)
    return victim


def unchanged(victim: Path) -> bool:
    return (
        stat.S_IMODE(victim.stat().st_mode) == 0o600
        and victim.read_bytes() == b"the victim's own words\n"
    )


def env(**extra: str) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if k != "CX_PILLARS_DIR"}
    e.update(NO_COLOR="1", COLUMNS="160", CX_PILLARS_LANG="en", **extra)
    return e


# -- 1. permissions only ever set on the open descriptor ------------------------------------


def test_a_symlink_swapped_in_after_the_create_keeps_the_victim_private(
    cli, team, tmp_path, monkeypatch
):
    """The worst moment, every time: right after the output is created, the name is
    replaced by a symlink to a victim's 0600 file. Nothing may chmod through it."""
    victim = victim_file(tmp_path)
    real = store.write_new

    def then_swap(final, data, **kw):
        made = real(final, data, **kw)
        link = final.with_name(".swap")
        os.symlink(victim, link)
        os.replace(link, final)  # the racer's rename over the new output
        return made

    monkeypatch.setattr(store, "write_new", then_swap)
    for out in ("scores.png", "scores.svg", "scores.pdf"):
        result = cli("chart", "scores", "--dir", team, "--out", tmp_path / out)
        assert result.exit_code == 0, result.output
        assert unchanged(victim), f"{out}: the victim's file became {victim.stat().st_mode:o}"
    result = cli("report", "--dir", team, "--out", tmp_path / "r.pdf", "-m", tmp_path / "r.md")
    assert result.exit_code == 0, result.output
    assert unchanged(victim)


RACER_RUNS = 4


def test_a_racer_swapping_symlinks_during_chart_never_loosens_a_victim(team, tmp_path):
    """A real racer: a thread that replaces the output with a symlink to a 0600 file the
    moment it appears, while ``cx-pillars chart`` runs in its own process."""
    victim = victim_file(tmp_path)
    hits = 0
    for run in range(RACER_RUNS):
        out = tmp_path / f"chart-{run}.png"
        stop = threading.Event()
        swapped = threading.Event()

        def race(out: Path = out, stop: threading.Event = stop, swapped=swapped) -> None:
            link = out.with_name(f".racer-{out.name}")
            while not stop.is_set():
                try:
                    st = os.lstat(out)
                except FileNotFoundError:
                    continue
                if not stat.S_ISLNK(st.st_mode):
                    os.symlink(victim, link)
                    os.replace(link, out)
                    swapped.set()

        racer = threading.Thread(target=race, daemon=True)
        racer.start()
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "cx_pillars", "chart", "scores", "--dir", str(team)]
                + ["--out", str(out)],
                env=env(),
                capture_output=True,
                text=True,
                timeout=120,
            )
        finally:
            stop.set()
            racer.join(10)
        assert "Traceback" not in proc.stderr, proc.stderr
        hits += swapped.is_set()
        assert unchanged(victim), (
            f"run {run}: the victim's 0600 file became {stat.S_IMODE(victim.stat().st_mode):o}"
        )
    assert hits, "the racer never got its symlink in: the test proved nothing"


def test_a_temporary_file_swapped_for_a_symlink_is_never_followed(tmp_path, monkeypatch):
    """The racer replaces write_new's hidden temporary file by a symlink to the victim
    between writing and linking: the victim is neither written nor chmodded, and the
    save does not claim a file it did not create."""
    victim = victim_file(tmp_path)
    out_dir = tmp_path / "shared"
    out_dir.mkdir()
    real_fsync = os.fsync

    def fsync_then_swap(fd):
        real_fsync(fd)
        for tmp in out_dir.glob(".*.tmp"):
            tmp.unlink()
            os.symlink(victim, tmp)

    monkeypatch.setattr(store.os, "fsync", fsync_then_swap)
    final = out_dir / "out.png"
    with pytest.raises(store.StoreError):
        store.write_new(final, b"PNG data")
    monkeypatch.undo()
    assert unchanged(victim)
    assert not final.exists() or os.path.samefile(final, victim) is False
    assert not os.path.lexists(final) or not final.is_symlink()


def test_a_symlink_planted_at_the_name_is_refused_and_not_followed(tmp_path):
    victim = victim_file(tmp_path)
    final = tmp_path / "out.png"
    os.symlink(victim, final)
    with pytest.raises(FileExistsError):
        store.write_new(final, b"PNG data")
    assert unchanged(victim)


def test_demo_never_writes_through_a_planted_customers_csv(cli, tmp_path, monkeypatch):
    """demo creates its store first; the racer plants customers.csv -> victim meanwhile."""
    import cx_pillars.demo as demo_mod

    victim = victim_file(tmp_path)
    out = tmp_path / "demo"
    real = demo_mod.write_team

    def then_plant(store_dir, fw, rng):
        paths = real(store_dir, fw, rng)
        os.symlink(victim, out / "customers.csv")
        return paths

    monkeypatch.setattr(demo_mod, "write_team", then_plant)
    result = cli("demo", "--out", out)
    assert unchanged(victim)
    assert result.exit_code == 1, result.output
    assert "customers.csv" in result.output and "Traceback" not in result.output
    assert "already exists" in result.output


WRITE_METHODS = {"write_text", "write_bytes", "chmod", "lchmod", "touch"}


def _writes(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in WRITE_METHODS:
            found.append((node.lineno, name))
        receiver = getattr(func.value, "id", "") if isinstance(func, ast.Attribute) else ""
        # open(...) and io.open(...); a zip member's .open(..., "w") writes to memory
        if (name == "open" and receiver in ("", "io")) or (name == "fdopen" and receiver != "os"):
            mode = node.args[1] if len(node.args) > 1 else None
            for kw in node.keywords:
                if kw.arg == "mode":
                    mode = kw.value
            text = mode.value if isinstance(mode, ast.Constant) else "r"
            if any(c in str(text) for c in "wax+"):
                found.append((node.lineno, f"open(..., {text!r})"))
        if name == "open" and receiver == "os":
            flags = ast.unparse(node.args[1]) if len(node.args) > 1 else ""
            if "O_CREAT" in flags and "O_EXCL" not in flags:
                found.append((node.lineno, f"os.open({flags})"))
    return found


def test_every_file_the_tool_creates_goes_through_the_store():
    """No open(..., 'w'), write_text, write_bytes or chmod outside cx_pillars/store.py: every
    file is created exclusively there, its mode set on the open descriptor."""
    offenders = []
    for path in sorted((REPO / "cx_pillars").rglob("*.py")):
        if path.name == "store.py" and path.parent.name == "cx_pillars":
            continue
        for line, what in _writes(ast.parse(path.read_text("utf-8"))):
            offenders.append(f"{path.relative_to(REPO)}:{line}: {what}")
    assert offenders == []


# -- 2. temporary files: one private folder, removed on every exit path ---------------------

SLOW_PNG = """
import sys, time
from cx_pillars.report import output
real = output.png_bytes
def slow(fig, lang):
    time.sleep(0.5)
    return real(fig, lang)
output.png_bytes = slow
from cx_pillars.cli import main
sys.argv = ["cx-pillars"] + sys.argv[1:]
main()
"""

SLOW_LOAD = """
import sys, time
from cx_pillars import store
store.PARALLEL_MIN = 2
real = store._read_each
def slow(paths, framework):
    for a in real(paths, framework):
        time.sleep(0.03)
        yield a
store._read_each = slow
from cx_pillars.cli import main
sys.argv = ["cx-pillars"] + sys.argv[1:]
main()
"""

SLOW_ZIP = """
import sys, time
from cx_pillars.survey import archive
real = archive._copy
def slow(*args):
    real(*args)
    time.sleep(3)
archive._copy = slow
from cx_pillars.cli import main
sys.argv = ["cx-pillars"] + sys.argv[1:]
main()
"""


def _default_sigint() -> None:  # the child must be interruptible whatever the runner does
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_and_kill(script: str, args: list[str], tmpdir: Path, sig: int, after: float) -> int:
    """Start the command with TMPDIR=tmpdir; once its temporary files exist, wait
    ``after`` seconds and send ``sig``. Returns its exit code; asserts it did create
    temporary files (else the test proves nothing)."""
    tmpdir.mkdir(exist_ok=True)
    proc = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        env=env(TMPDIR=str(tmpdir)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_sigint,
    )
    seen = False
    deadline = time.monotonic() + 90
    while proc.poll() is None and time.monotonic() < deadline:
        if any(tmpdir.iterdir()):
            seen = True
            break
        time.sleep(0.002)
    time.sleep(after)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=90)
    assert seen, f"no temporary file appeared: {err}"
    assert "Traceback" not in err, err
    return proc.returncode


def assert_empty(tmpdir: Path) -> None:
    left = sorted(p.name for p in tmpdir.iterdir())
    assert left == [], f"left in the temporary folder: {left}"


@pytest.mark.parametrize(
    "sig, after",
    [
        (signal.SIGTERM, 0.0),
        (signal.SIGTERM, 0.1),
        (signal.SIGTERM, 0.35),
        (signal.SIGINT, 0.05),
        (signal.SIGINT, 0.3),
        (signal.SIGHUP, 0.2),
    ],
)
def test_killing_report_markdown_leaves_no_chart_images_behind(big_team, tmp_path, sig, after):
    out = tmp_path / "out"
    out.mkdir()
    args = ["report", "--dir", str(big_team), "--out", str(out / "r.pdf")]
    code = run_and_kill(
        SLOW_PNG, args + ["--markdown", str(out / "r.md")], tmp_path / "t", sig, after
    )
    assert_empty(tmp_path / "t")
    assert code != 0  # it was stopped, not finished
    assert sorted(p.name for p in out.iterdir()) == []  # and wrote nothing half


@pytest.mark.parametrize("moment", [0.3, 0.6, 0.9, 1.2])
def test_report_markdown_killed_at_any_moment_leaves_the_temporary_folder_empty(
    big_team, tmp_path, moment
):
    """The real command, unslowed, killed by SIGTERM at fixed moments after its start."""
    tmpdir = tmp_path / "t"
    tmpdir.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cx_pillars", "report", "--dir", str(big_team)]
        + ["--out", str(out / "r.pdf"), "--markdown", str(out / "r.md")],
        env=env(TMPDIR=str(tmpdir)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(moment)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=90)
    assert "Traceback" not in err, err
    assert_empty(tmpdir)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_killing_a_large_load_leaves_no_hand_over_file(big_team, tmp_path, sig):
    code = run_and_kill(
        SLOW_LOAD,
        ["team", "--all-runs", "--json", "--dir", str(big_team)],
        tmp_path / "t",
        sig,
        0.2,
    )
    assert_empty(tmp_path / "t")
    assert code != 0


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_killing_a_zip_import_leaves_no_copy_of_the_export(tmp_path, sig):
    export = tmp_path / "responses.zip"
    rows = [",".join(IDS)] + [",".join(map(str, range(1, 11)))] * 5
    with zipfile.ZipFile(export, "w") as zf:
        zf.writestr("Survey.csv", "\n".join(rows) + "\n")
    folder = tmp_path / "store"
    code = run_and_kill(
        SLOW_ZIP, ["survey", "import", str(export), "--dir", str(folder)], tmp_path / "t", sig, 0.2
    )
    assert_empty(tmp_path / "t")
    assert code != 0


def test_the_private_folder_is_0700_and_gone_after_an_exception(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    with pytest.raises(KeyboardInterrupt), store.scratch() as folder:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert folder.parent == tmp_path
        with store.scratch() as inner:
            assert inner == folder  # one folder per process
        (folder / "secret.png").write_bytes(b"Ana's chart")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the handler was restored


FORK = """
import os, sys
from pathlib import Path
from cx_pillars import store
with store.scratch() as mine:
    (mine / "parent.txt").write_text("mine")
    pid = os.fork()
    if pid == 0:  # a child leaving through its own scratch, an exception and sys.exit
        try:
            with store.scratch() as theirs:
                assert theirs != mine
                raise RuntimeError("child failed")
        finally:
            sys.exit(0)
    os.waitpid(pid, 0)
    print("alive" if (mine / "parent.txt").is_file() else "removed by the child")
print("gone" if not mine.exists() else "left")
"""


def test_a_forked_child_never_removes_the_parents_folder(tmp_path):
    tmpdir = tmp_path / "t"
    tmpdir.mkdir()
    proc = subprocess.run(
        [sys.executable, "-c", FORK], env=env(TMPDIR=str(tmpdir)), capture_output=True, text=True
    )
    assert proc.stdout.split() == ["alive", "gone"], proc.stdout + proc.stderr
    assert_empty(tmpdir)


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_sigkilled_runs_leftovers_are_removed_by_the_next_run(tmp_path, monkeypatch):
    """SIGKILL cannot be handled; the next run removes this user's folders older than a
    day whose process is dead, and nothing else."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    old = time.time() - 2 * 86400
    dead = tmp_path / f"cx-pillars-{_dead_pid()}-abcd1234"
    alive = tmp_path / f"cx-pillars-{os.getpid()}-abcd1234"
    fresh = tmp_path / f"cx-pillars-{_dead_pid()}-ffff0000"
    other = tmp_path / "someone-elses-folder"
    for folder in (dead, alive, fresh, other):
        folder.mkdir()
        (folder / "0.png").write_bytes(b"x")
    for folder in (dead, alive, other):
        os.utime(folder, (old, old))
    with store.scratch():
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [alive.name, fresh.name, other.name]
    )


# -- 3. stale lock files (file systems without hard links) ----------------------------------


@pytest.fixture
def no_links(monkeypatch):
    def refuse(src, dst, *a, **kw):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(store.os, "link", refuse)


def plant_lock(final: Path, pid: int, host: str, age: float = 0.0) -> Path:
    lock = final.with_name(f".{final.name}.lock")
    lock.write_text(f'pid = {pid}\nhost = "{host}"\nsince = "2026-12-01T00:00:00Z"\n')
    if age:
        then = time.time() - age
        os.utime(lock, (then, then))
    return lock


def test_a_lock_left_by_a_dead_process_on_this_host_is_cleared(tmp_path, no_links):
    final = tmp_path / "wave.toml"
    lock = plant_lock(final, _dead_pid(), socket.gethostname())
    store.write_new(final, b"mine")
    assert final.read_bytes() == b"mine" and not os.path.lexists(lock)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wave.toml"]


def test_an_old_lock_is_cleared_whoever_left_it(tmp_path, no_links):
    final = tmp_path / "wave.toml"
    plant_lock(final, 1, "another-host", age=3600)
    store.write_new(final, b"mine")
    assert final.read_bytes() == b"mine"
    empty = tmp_path / ".w2.toml.lock"  # a crash before the owner was written
    empty.touch()
    old = time.time() - 3600
    os.utime(empty, (old, old))
    store.write_new(tmp_path / "w2.toml", b"mine too")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w2.toml", "wave.toml"]


@pytest.mark.parametrize(
    "owner", ["this live process", "another host, fresh", "no owner yet, fresh"]
)
def test_a_live_lock_still_blocks(tmp_path, no_links, owner):
    final = tmp_path / "wave.toml"
    if owner == "this live process":
        lock = plant_lock(final, os.getpid(), socket.gethostname())
    elif owner == "another host, fresh":
        lock = plant_lock(final, _dead_pid(), "another-host")
    else:
        lock = final.with_name(".wave.toml.lock")
        lock.touch()
    with pytest.raises(FileExistsError):
        store.write_new(final, b"mine")
    assert lock.exists() and not final.exists()


def test_the_lock_names_its_owner_while_held(tmp_path, no_links, monkeypatch):
    import tomllib

    seen = {}
    real = os.rename

    def look(src, dst, *a, **kw):
        seen.update(tomllib.loads((tmp_path / ".wave.toml.lock").read_text()))
        return real(src, dst, *a, **kw)

    monkeypatch.setattr(store.os, "rename", look)
    store.write_new(tmp_path / "wave.toml", b"mine")
    assert seen["pid"] == os.getpid() and seen["host"] == socket.gethostname()
    assert seen["since"].endswith("Z")


def test_a_survey_name_is_not_blocked_for_good_by_a_crashed_import(cli, tmp_path, no_links):
    folder = tmp_path / "store"
    (folder / "surveys").mkdir(parents=True)
    plant_lock(folder / "surveys" / "wave.toml", _dead_pid(), socket.gethostname())
    export = tmp_path / "wave.csv"
    export.write_text(",".join(IDS) + "\n" + ",".join(map(str, range(1, 11))) + "\n")
    result = cli("survey", "import", export, "--dir", folder)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (folder / "surveys").iterdir()) == ["wave.toml"]


# -- 4. drafts keyed by the exact login -----------------------------------------------------

LOGINS = ["张伟", "李娜", "ana.k", "ana_k", "Ana-K"]


@pytest.fixture
def login(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    def as_user(name: str) -> None:
        monkeypatch.setattr(getpass, "getuser", lambda: name)

    return as_user


def test_colleagues_whose_logins_slug_alike_keep_their_own_drafts(folder, login):
    paths = {}
    for name in LOGINS:
        login(name)
        assert store.load_draft(folder) is None, f"{name} is offered someone's draft"
        paths[name] = store.save_draft(folder, {"respondent": name})
    assert len(set(paths.values())) == len(LOGINS)
    for name in LOGINS:
        login(name)
        assert store.load_draft(folder)[1] == {"respondent": name}
    login("ana.k")
    store.discard_draft(folder)
    assert store.load_draft(folder) is None
    for name in LOGINS:
        login(name)
        assert (store.load_draft(folder) is None) == (name == "ana.k")


def test_their_cached_drafts_are_apart_too(folder, login):
    (folder / ".drafts").write_text("not a folder: drafts go to the user's cache")
    for name in LOGINS:
        login(name)
        store.save_draft(folder, {"respondent": name})
    for name in LOGINS:
        login(name)
        path, answers = store.load_draft(folder)
        assert answers == {"respondent": name} and "cache" in path.parts


def test_an_old_slug_named_draft_is_not_resumed(folder, login):
    """Drafts under the old name (shared by every login with that slug) are ignored."""
    (folder / ".drafts").mkdir()
    (folder / ".drafts" / "ana-k.toml").write_text('respondent = "someone"\n')
    (folder / ".drafts" / "respondent.toml").write_text('respondent = "someone"\n')
    for name in LOGINS:
        login(name)
        assert store.load_draft(folder) is None


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs chown")
def test_a_draft_planted_under_my_name_by_someone_else_is_not_resumed(folder, login):
    login("ana.k")
    path = store.save_draft(folder, {"respondent": "ana.k"})
    os.chown(path, 65534, -1)
    assert store.load_draft(folder) is None


# -- 5, 6. usage: --dir "", one file named twice ------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["team"],
        ["rate", "--yes", "-r", "Ana", "--team", "T"]
        + ["--ratings", "3,2,4,4,3,3,4,2,2,3", "--ranking", ",".join(IDS)],
        ["survey", "import", "EXPORT"],
    ],
    ids=["list", "team", "rate", "survey import"],
)
def test_an_empty_dir_is_a_usage_error(cli, tmp_path, monkeypatch, args):
    export = tmp_path / "wave.csv"
    export.write_text(",".join(IDS) + "\n" + ",".join(map(str, range(1, 11))) + "\n")
    here = tmp_path / "cwd"
    here.mkdir()
    monkeypatch.chdir(here)
    args = [str(export) if a == "EXPORT" else a for a in args]
    for empty in ("", "  "):
        result = cli(*args, "--dir", empty)
        assert result.exit_code == 2, result.output
        assert "--dir" in result.output and "current folder" in result.output
        assert list(here.iterdir()) == []  # nothing saved into the current folder


def test_an_empty_environment_variable_means_unset(monkeypatch):
    monkeypatch.setenv(store.ENV_DIR, "")
    assert store.store_path(None) == Path(store.DEFAULT_DIR)


@pytest.mark.parametrize(
    "pdf, markdown",
    [
        ("r.pdf", "r.pdf"),
        ("r.pdf", "./sub/../r.pdf"),
        ("a/r.pdf", "b/r.pdf"),  # b is a link to a
    ],
)
def test_one_file_named_twice_is_a_usage_error(cli, team, tmp_path, monkeypatch, pdf, markdown):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a").mkdir()
    (tmp_path / "sub").mkdir()
    os.symlink("a", tmp_path / "b")
    result = cli("report", "--dir", team, "--out", pdf, "--markdown", markdown)
    assert result.exit_code == 2, result.output
    assert "same file" in result.output
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == []


def test_write_report_refuses_one_file_named_twice(team, tmp_path):
    from cx_pillars import report
    from cx_pillars.errors import UsageError

    a = report.analyse(store.load_store(team, FW), FW, None, generated="2026-11-23")
    with pytest.raises(UsageError):
        report.write_report(a, tmp_path / "r.pdf", tmp_path / "r.pdf")
    assert list(tmp_path.iterdir()) == []
