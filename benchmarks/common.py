"""Shared by the benchmark scripts: run a command in a fresh process, time it and read
its peak memory; medians of runs interleaved with the reference, so that both see the
same machine load."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def cx_pillars() -> str:
    """The installed `cx-pillars` script (next to this Python, else on PATH)."""
    exe = Path(sys.executable).parent / "cx-pillars"
    if exe.exists():
        return str(exe)
    return shutil.which("cx-pillars") or sys.exit("cx-pillars is not installed (pip install -e .)")


# As installed for a user: compiled modules are cached, so that neither side spends
# its time compiling source (a shell may set PYTHONDONTWRITEBYTECODE).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
subprocess.run(
    [sys.executable, "-m", "compileall", "-q", str(REPO / "cx_pillars")],
    env=ENV,
    check=False,
    stdout=subprocess.DEVNULL,
)


def run_child(argv: list[str], cwd: Path | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak resident MB, stdout) of one run of ``argv`` in a new process."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd or REPO, stdout=out, stderr=err, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(
                f"{' '.join(map(str, argv[:4]))} failed ({proc.returncode}):\n"
                f"{err.read().decode(errors='replace')}"
            )
        return elapsed, usage.ru_maxrss / 1024, out.read().decode(errors="replace")


def median_seconds(argv: list[str], runs: int) -> float:
    return statistics.median(run_child(argv)[0] for _ in range(runs))


def paired(ours, reference, runs: int) -> dict:
    """Both commands ``runs`` times, alternating, after one unmeasured warm-up each:
    the median seconds and the highest peak memory of each. A command is an argv list,
    or a function returning one (for commands that must write a new file each run)."""

    def argv(command) -> list[str]:
        return command() if callable(command) else command

    run_child(argv(ours))
    run_child(argv(reference))
    mine, theirs = [], []
    for _ in range(runs):
        mine.append(run_child(argv(ours))[:2])
        theirs.append(run_child(argv(reference))[:2])
    return {
        "ours": statistics.median(t for t, _ in mine),
        "reference": statistics.median(t for t, _ in theirs),
        "ours_peak_mb": max(m for _, m in mine),
        "reference_peak_mb": max(m for _, m in theirs),
    }
