"""Load time of the team view: `cx-pillars team --json` on 1,000 and 10,000 files.

Run: python benchmarks/team_load.py [--sizes 1000 10000] [--runs 5]

For each size it writes that many valid assessment files (a fictional team of
colleagues with quarterly runs, ten pillars) into a temporary folder, then measures
in fresh processes, median of ``--runs``:

* ours: ``cx-pillars team --json --dir FOLDER`` (import, load and validate every
  file, select each respondent's latest run, analyse, print JSON);
* bare: a ``python -c`` loop that only reads and parses the same files with tomllib.

and prints both medians and their ratio. Target (issue 3): 1,000 files in under one
second on the 2-core development machine. ``--all-runs`` analyses every run instead
of the latest per respondent (``--mode all-runs``), the heavier case.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import median_seconds

IDS = [
    "advertising",
    "content",
    "digital",
    "non_digital",
    "communications",
    "representatives",
    "products",
    "service",
    "friction",
    "reputation",
]
TEAMS = ["Retail CX", "Online", "B2B", "Contact centre"]

BARE = """
import sys, tomllib
from pathlib import Path
for p in sorted(Path(sys.argv[1]).glob("*.toml")):
    tomllib.loads(p.read_text("utf-8"))
"""


def write_store(folder: Path, count: int, seed: int = 7) -> None:
    """``count`` valid assessment files: 50 colleagues per team, one run a quarter.

    Every run is dated in the past (10,000 files are 50 quarters: 2008 to 2020): a run
    dated ahead is skipped with a warning, and would make the store measure warnings
    instead of analysis."""
    rng = random.Random(seed)
    start = datetime(2008, 1, 15, 9, 0, tzinfo=UTC)
    people = [(f"Colleague {k:03d}", TEAMS[k % len(TEAMS)]) for k in range(200)]
    for i in range(count):
        name, team = people[i % len(people)]
        created = start + timedelta(days=91 * (i // len(people)), minutes=i)
        ranking = IDS[:]
        rng.shuffle(ranking)
        ratings = "\n".join(f"{p} = {rng.randint(1, 5)}" for p in IDS)
        stamp = created.strftime("%Y-%m-%dT%H%M%SZ")
        aid = f"{stamp}-{name.lower().replace(' ', '-')}-{i:04x}"
        text = (
            f'schema = 1\nframework = "ten-pillars"\nid = "{aid}"\n'
            f"created = {created.isoformat().replace('+00:00', 'Z')}\n"
            f'respondent = "{name}"\nteam = "{team}"\nrole = "Analyst"\n'
            f"ranking = [{', '.join(repr(r).replace(chr(39), chr(34)) for r in ranking)}]\n"
            f"\n[ratings]\n{ratings}\n"
        )
        if i % 5 == 0:
            text += f'\n[notes]\nfriction = "Note number {i}: returns take too long."\n'
        (folder / f"{aid}.toml").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--mode", choices=["latest", "all-runs"], default="latest")
    args = parser.parse_args()
    exe = str(Path(sys.executable).parent / "cx-pillars")
    if not Path(exe).exists():
        exe = shutil.which("cx-pillars") or sys.exit("cx-pillars is not installed")
    print(f"{'files':>6} {'ours (median)':>14} {'bare tomllib':>13} {'ratio':>6}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="cx-bench-") as tmp:
            folder = Path(tmp)
            write_store(folder, size)
            ours = [exe, "team", "--json", "--dir", str(folder)]
            if args.mode == "all-runs":
                ours.append("--all-runs")
            bare = [sys.executable, "-c", BARE, str(folder)]
            median_seconds(bare, 1)  # warm the file cache
            median_seconds(ours, 1)
            t_ours = median_seconds(ours, args.runs)
            t_bare = median_seconds(bare, args.runs)
            print(
                f"{size:>6} {t_ours * 1000:>12.0f}ms {t_bare * 1000:>11.0f}ms "
                f"{t_ours / t_bare:>6.2f}"
            )


if __name__ == "__main__":
    main()
