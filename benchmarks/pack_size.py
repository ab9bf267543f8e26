"""Time of the meeting pack at size: 60 colleagues × 30 items against the demo.

Run: python benchmarks/pack_size.py [--runs 5] [--profile]

It writes two stores into a temporary folder: the demo's (``cx-pillars demo``: 7
colleagues, the ten pillars) and the stress gallery's largest case (tests/gallery.py
``build_case(Case(60, 30, "latin", "long", "en"))``: 60 colleagues in three quarterly
runs, a 30-item framework, 240 customers). Then it measures in fresh processes,
interleaved (so all four see the same machine load), median of ``--runs`` after one
unmeasured warm-up each:

* ``cx-pillars report --out NEW.pdf`` on the demo and on the 60 × 30 store;
* the same with ``--markdown NEW.md`` (the wiki page and its chart PNGs as well),

and prints the medians and two kinds of ratio (issue 14, item 7):

* 60 × 30 pack / demo pack, PDF alone (target ≤ 1.5);
* PDF and Markdown / PDF alone, for each store (target ≤ 1.3: the Markdown adds at
  most 30%);

and the pages of each PDF with the time per page: the 60 × 30 pack has about twice the
pages of the demo's (long charts and tables go on over 16:9 pages), so its time is
about twice the demo's while a page of it costs no more than a demo page.

``--profile`` also runs the 60 × 30 pack once in this process under cProfile and
prints where its time goes (cumulative, the project's functions and matplotlib's
drawing), for the builders' owners.
"""

from __future__ import annotations

import argparse
import itertools
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import REPO, cx_pillars, run_child

CASE = (60, 30, "latin", "long", "en")


def write_stores(tmp: Path) -> dict[str, list[str]]:
    """The demo's store and the 60 × 30 one; the report arguments that read each."""
    subprocess.run(
        [cx_pillars(), "demo", "--out", str(tmp / "demo")],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    sys.path.insert(0, str(REPO / "tests"))
    from gallery import Case, build_case

    built = build_case(Case(*CASE), tmp / "big")
    assert built.framework is not None
    return {
        "demo": ["--dir", str(tmp / "demo" / "assessments")],
        "60×30": ["--dir", str(built.store), "--framework", str(built.framework)],
    }


def pdf_pages(path: Path) -> int:
    """The number of pages of a PDF matplotlib wrote (its page objects)."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", path.read_bytes()))


def profile(store: list[str], out: Path) -> None:
    import cProfile
    import pstats

    from cx_pillars.cli import main

    argv = ["report", *store, "--survey", "customers", "--out", str(out), "--lang", "en"]
    sys.argv = ["cx-pillars", *argv]
    prof = cProfile.Profile()
    prof.enable()
    try:
        main()
    except SystemExit:
        pass
    finally:
        prof.disable()
    stats = pstats.Stats(prof)
    stats.sort_stats("cumulative")
    keep = ("cx_pillars/", "backend_pdf.py:", "text.py:", "font_manager.py:")
    stats.print_stats("|".join(k.replace(".", r"\.") for k in keep), 45)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="cProfile the 60×30 pack once")
    args = parser.parse_args()
    exe = cx_pillars()
    with tempfile.TemporaryDirectory(prefix="cx-pack-size-") as tmp_name:
        tmp = Path(tmp_name)
        stores = write_stores(tmp)
        counter = itertools.count()

        def command(store: str, markdown: bool) -> list[str]:
            k = next(counter)  # a new name every run: report never overwrites
            argv = [exe, "report", *stores[store], "--survey", "customers"]
            argv += ["--out", str(tmp / f"pack-{k}.pdf"), "--lang", "en"]
            if markdown:
                argv += ["--markdown", str(tmp / f"pack-{k}.md")]
            return argv

        cases = [(store, md) for store in stores for md in (False, True)]
        times: dict[tuple[str, bool], list[float]] = {case: [] for case in cases}
        pages: dict[str, int] = {}
        for case in cases:  # warm-up: file cache, compiled modules, font cache
            argv = command(*case)
            run_child(argv)
            if not case[1]:
                pages[case[0]] = pdf_pages(Path(argv[argv.index("--out") + 1]))
        for _ in range(args.runs):
            for case in cases:
                times[case].append(run_child(command(*case))[0])
        if args.profile:
            profile(stores["60×30"], tmp / "profiled.pdf")
    med = {case: statistics.median(ts) for case, ts in times.items()}
    print(f"cx-pillars report, median of {args.runs} (2 cores: PNGs in a second process)")
    for (store, md), ts in times.items():
        what = "--out pdf --markdown md" if md else "--out pdf"
        print(
            f"  {store:>6} {what:<24} {med[store, md]:6.3f} s "
            f"(min {min(ts):.3f}, max {max(ts):.3f})"
        )
    size = med["60×30", False] / med["demo", False]
    print(f"60×30 / demo, PDF alone: {size:.2f} (target ≤ 1.5)")
    if len(pages) == 2:
        per = {store: med[store, False] / pages[store] for store in pages}
        print(
            f"pages: 60×30 {pages['60×30']}, demo {pages['demo']}; time per page "
            f"{per['60×30'] * 1000:.0f} ms vs {per['demo'] * 1000:.0f} ms: "
            f"{per['60×30'] / per['demo']:.2f}"
        )
    for store in stores:
        extra = med[store, True] / med[store, False]
        print(f"{store}: PDF and Markdown / PDF alone: {extra:.2f} (target ≤ 1.3)")


if __name__ == "__main__":
    main()
