"""Startup time: `cx-pillars --help` and `cx-pillars pillars` against `python -c "import typer"`.

Run: python benchmarks/startup.py [--runs 21]
Prints the median wall time of each command (fresh process each run, interleaved with
the reference) and the ratio to the reference. Targets: 1.5x (issue 2), 1.3x (issue 7).
"""

from __future__ import annotations

import argparse
import sys

from common import cx_pillars, paired

REFERENCE = [sys.executable, "-c", "import typer"]


def cases(runs: int) -> list[dict]:
    exe = cx_pillars()
    out = []
    for name, argv in (
        ("cx-pillars --help", [exe, "--help"]),
        ("cx-pillars pillars", [exe, "pillars"]),
    ):
        out.append(
            {
                "case": name,
                "reference_name": "python -c 'import typer'",
                "target": 1.3,
                **paired(argv, REFERENCE, runs),
            }
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    print(f"{'case':<22} {'median':>9} {'reference':>10} {'ratio':>6}")
    for c in cases(args.runs):
        print(
            f"{c['case']:<22} {c['ours'] * 1000:>7.0f}ms {c['reference'] * 1000:>8.0f}ms "
            f"{c['ours'] / c['reference']:>6.2f}"
        )


if __name__ == "__main__":
    main()
