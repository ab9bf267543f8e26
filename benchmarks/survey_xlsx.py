"""Benchmark: `cx-pillars survey import` of a 100,000-row Excel workbook against the same
rows as CSV.

    python benchmarks/survey_xlsx.py [--rows 100000] [--runs 3] [--layout forms|wide|both]
                                     [--profile] [--peaks 100000,300000,1000000]

Writes, in a temporary folder, the same respondents twice: as a CSV and as an .xlsx
(shared strings and a <dimension>, as Excel writes it; dates as date-formatted serial
numbers, numbers as numbers), with the test suite's workbook writer
(tests/fixtures/survey/workbooks.py).  Two layouts:

* forms (the case workbooks exist for): Microsoft Forms' columns -- ID, Start time,
  Completion time, Email, Name, the ranking as one ``A;B;C;`` cell (seven in ten rank
  all ten pillars, the rest their top three), NPS, CES, birth year;
* wide: one column per pillar holding its rank, a generation, five ratings (for the
  CSV this is the numpy fast reader's case, so the ratio is the harshest).

Then, in fresh processes, alternating, median of --runs: ``survey import`` of each
file, and the ratio xlsx / CSV with the workbook's peak memory (the child's ru_maxrss).
Targets (issue 12): xlsx within 3x the CSV, peak under 150 MB.  Before and after: the
same import with the sheet read whole on one thread (as before the sheet was read in
pieces, cx_pillars.survey.workbook.Pieces), against the same CSV import in the same
run.  Beside them, the floor of the whole read: a fresh process that only loads the
sheet with python-calamine (which holds the whole sheet and has no lazy API).

The files are written in a child process: a child's peak (ru_maxrss) starts from its
parent's resident memory when it is forked, and the workbook writer keeps every
distinct text for the shared-strings table (a Forms export's e-mails, names and
ranking cells: 75 MB at 100,000 rows, 185 MB at 300,000), which then showed as the
CSV import's peak growing with rows.  The benchmark's own peak is printed at the end.

--profile runs each xlsx import once in this process under cProfile (top functions by
own time).  --peaks N,N,...: only the peak memory (and time) of the CSV import at each
number of rows, and of the xlsx import up to 300,000 rows: the streaming CSV import
should be flat in rows; the workbook's grows with the sheet.

Also, when openpyxl is installed (pip install openpyxl; not a dependency), the bare
read of the workbook's rows as text by python-calamine (what the import uses) and by
openpyxl in read-only mode, to compare the two readers on time and peak memory.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from common import REPO, paired, run_child

spec = importlib.util.spec_from_file_location(
    "survey_workbooks", REPO / "tests" / "fixtures" / "survey" / "workbooks.py"
)
assert spec is not None and spec.loader is not None
wb = importlib.util.module_from_spec(spec)
sys.modules["survey_workbooks"] = wb  # dataclasses look their module up
spec.loader.exec_module(wb)

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
LABELS = [
    "Advertising to consumers",
    "Content they consume",
    "Digital experiences",
    "Non-digital experiences",
    "Communications from the company",
    "Company representatives",
    "Products and services they buy",
    "Customer service they receive",
    "Friction in the customer journey",
    "Brand reputation and expectations",
]
GENERATIONS = ["Gen Z", "Millennials", "Gen X", "Boomers"]
RATED = IDS[:5]
FORMS_HEAD = [
    "ID",
    "Start time",
    "Completion time",
    "Email",
    "Name",
    "Rank these parts of your experience",
    "How likely are you to recommend us to a friend or colleague?",
    "How easy was it to get what you needed from us?",
    "In which year were you born?",
]

#: ``survey import`` with the sheet read whole, on one thread (the import before pieces).
WHOLE_IMPORT = """
import sys
from cx_pillars.survey import workbook
workbook.piece_workers = lambda: 1
from cx_pillars.cli import main
sys.argv = ["cx-pillars", *sys.argv[1:]]
main()
"""
BARE_CALAMINE = """
import sys
from cx_pillars.survey import workbook
from pathlib import Path
path = Path(sys.argv[1])
with workbook.open_book(path, "xlsx", path.name) as book:
    sheet = book.load(book.names[0])
    n = sum(1 for _ in sheet.rows())
print(n)
"""
LOAD_ONLY = """
import sys
import python_calamine
book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])
sheet = book.get_sheet_by_name(book.sheet_names[0])
print(sheet.height)
"""
BARE_OPENPYXL = """
import sys
import openpyxl
book = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
n = 0
for row in book.worksheets[0].iter_rows(values_only=True):
    [("" if c is None else str(c)) for c in row]
    n += 1
print(n)
"""


def forms_rows(rows: int, seed: int = 12):
    """(typed row for the workbook, text row for the CSV) per respondent, header first."""
    rng = random.Random(seed)
    yield FORMS_HEAD, FORMS_HEAD
    start = datetime(2026, 3, 2, 9, 0, 0)
    order = list(range(10))
    for i in range(1, rows + 1):
        rng.shuffle(order)
        k = 10 if rng.random() < 0.7 else 3
        ranking = "".join(f"{LABELS[j]};" for j in order[:k])
        began = start + timedelta(seconds=37 * i)
        done = began + timedelta(seconds=60 + rng.randrange(600))
        nps, ces = rng.randrange(11), rng.randint(1, 7)
        born = rng.randint(1946, 2010)
        typed = [i, began, done, f"person{i}@example.com", f"Person {i}", ranking, nps, ces, born]
        text = [
            str(i),
            f"{began.month}/{began.day}/{began.year % 100} {began:%H:%M:%S}",
            f"{done.month}/{done.day}/{done.year % 100} {done:%H:%M:%S}",
            typed[3],
            typed[4],
            ranking,
            str(nps),
            str(ces),
            str(born),
        ]
        yield typed, text


def wide_rows(rows: int, seed: int = 7):
    rng = random.Random(seed)
    head = ["respondent", "generation", *IDS, *(f"rating_{p}" for p in RATED)]
    yield head, head
    perm = list(range(1, 11))
    for r in range(1, rows + 1):
        rng.shuffle(perm)
        typed = [r, GENERATIONS[rng.randrange(4)], *perm, *(rng.randint(1, 5) for _ in RATED)]
        yield typed, [str(c) for c in typed]


def write_both(folder: Path, layout: str, rows: int, xlsx: bool = True) -> tuple[Path, Path]:
    """The same rows as ``LAYOUT.csv`` and ``LAYOUT.xlsx``, written by a child process
    (so that this one stays small: see the module's notes)."""
    subprocess.run(
        [sys.executable, __file__, "--write", str(folder), layout, str(rows), str(int(xlsx))],
        check=True,
    )
    return folder / f"{layout}.csv", folder / f"{layout}.xlsx"


def _write_both(folder: Path, layout: str, rows: int, xlsx: bool) -> None:
    """The CSV is written while the workbook's rows are (one pass)."""
    maker = forms_rows if layout == "forms" else wide_rows
    csv_path, xlsx_path = folder / f"{layout}.csv", folder / f"{layout}.xlsx"
    if not xlsx:
        with open(csv_path, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(text for _, text in maker(rows))
        return
    width = len(FORMS_HEAD) if layout == "forms" else 2 + len(IDS) + len(RATED)
    with open(csv_path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")

        def typed_rows():
            for typed, text in maker(rows):
                out.writerow(text)
                yield typed

        last = wb.column_name(width - 1)
        sheet = wb.Sheet("Form1", typed_rows(), declared=f"A1:{last}{rows + 1}")
        wb.write_xlsx(xlsx_path, [sheet])


def import_argv(path: Path, store: Path, counter, layout: str, whole: bool = False):
    def argv() -> list[str]:  # a new summary name every run: import never overwrites
        extra = ["--segment", "generation"] if layout == "wide" else []
        runner = ["-c", WHOLE_IMPORT] if whole else ["-m", "cx_pillars"]
        return [
            sys.executable,
            *runner,
            "survey",
            "import",
            str(path),
            *extra,
            "--dir",
            str(store),
            "--name",
            f"run-{next(counter)}",
            "--json",
        ]

    return argv


def measure(folder: Path, layout: str, rows: int, runs: int, profile: bool = False) -> dict:
    t0 = time.perf_counter()
    csv_path, xlsx_path = write_both(folder, layout, rows)
    print(
        f"\n{layout}: {rows:,} rows; CSV {csv_path.stat().st_size / 1e6:.1f} MB, xlsx "
        f"{xlsx_path.stat().st_size / 1e6:.1f} MB, written in {time.perf_counter() - t0:.1f} s"
    )
    counter = iter(range(100_000))
    store = folder / f"store-{layout}"
    result = paired(
        import_argv(xlsx_path, store, counter, layout),
        import_argv(csv_path, store, counter, layout),
        runs,
    )
    # The two imports agree (the summary of one run of each, compared).
    _, _, a = run_child(import_argv(xlsx_path, store, counter, layout)())
    _, _, b = run_child(import_argv(csv_path, store, counter, layout)())
    import json

    ja, jb = json.loads(a), json.loads(b)
    for doc in (ja, jb):
        for key in ("name", "source", "imported", "path"):
            doc.pop(key, None)
    same = ja == jb
    ratio = result["ours"] / result["reference"]
    before = paired(
        import_argv(xlsx_path, store, counter, layout, whole=True),
        import_argv(csv_path, store, counter, layout),
        runs,
    )
    before_ratio = before["ours"] / before["reference"]
    print(
        f"  import xlsx {result['ours']:6.2f} s  peak {result['ours_peak_mb']:6.1f} MB\n"
        f"  import CSV  {result['reference']:6.2f} s  peak {result['reference_peak_mb']:6.1f} MB\n"
        f"  xlsx / CSV  {ratio:.2f}x (target <= 3): {'met' if ratio <= 3 else 'NOT met'}; "
        f"xlsx peak < 150 MB: {'met' if result['ours_peak_mb'] < 150 else 'NOT met'}; "
        f"same summary: {'yes' if same else 'NO'} ({ja.get('respondents')} respondents)\n"
        f"  before (the sheet read whole, on one thread): xlsx {before['ours']:.2f} s, "
        f"peak {before['ours_peak_mb']:.1f} MB; CSV {before['reference']:.2f} s; "
        f"xlsx / CSV {before_ratio:.2f}x"
    )
    result["before_ratio"] = before_ratio
    floor = paired([sys.executable, "-c", LOAD_ONLY, str(xlsx_path)], [sys.executable], runs)
    print(
        f"  python-calamine's load of the sheet alone, in a fresh process: "
        f"{floor['ours']:.2f} s = {floor['ours'] / result['reference']:.2f}x the CSV import "
        f"(peak {floor['ours_peak_mb']:.1f} MB)"
    )
    if profile:
        profile_import(xlsx_path, layout)
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        print("  (openpyxl is not installed: no reader comparison; pip install openpyxl)")
        return result
    cal = [sys.executable, "-c", BARE_CALAMINE, str(xlsx_path)]
    opx = [sys.executable, "-c", BARE_OPENPYXL, str(xlsx_path)]
    readers = paired(cal, opx, max(1, runs))
    print(
        f"  rows as text, python-calamine {readers['ours']:6.2f} s  peak "
        f"{readers['ours_peak_mb']:6.1f} MB\n"
        f"  rows as text, openpyxl        {readers['reference']:6.2f} s  peak "
        f"{readers['reference_peak_mb']:6.1f} MB  "
        f"(openpyxl / calamine {readers['reference'] / readers['ours']:.1f}x time)"
    )
    return result


def profile_import(path: Path, layout: str) -> None:
    """One import of ``path`` in this process under cProfile: the top functions."""
    import cProfile
    import pstats

    from cx_pillars.pillars import builtin_framework
    from cx_pillars.survey.importer import import_file

    fw = builtin_framework()
    segment = "generation" if layout == "wide" else None
    prof = cProfile.Profile()
    prof.runcall(import_file, path, fw, segment=segment)
    print(f"  profile of one import of {path.name} (own time):")
    pstats.Stats(prof, stream=sys.stdout).sort_stats("tottime").print_stats(15)


def peaks(folder: Path, layout: str, sizes: list[int]) -> None:
    """Peak memory of the imports at each number of rows (one run each, after a warm-up)."""
    print(f"\n{layout}: peak memory by rows (one run each, fresh processes)")
    counter = iter(range(100_000))
    for rows in sizes:
        sub = folder / f"peaks-{rows}"
        sub.mkdir()
        with_xlsx = rows <= 300_000
        csv_path, xlsx_path = write_both(sub, layout, rows, xlsx=with_xlsx)
        store = sub / "store"
        run_child(import_argv(csv_path, store, counter, layout)())
        seconds, peak, _ = run_child(import_argv(csv_path, store, counter, layout)())
        line = f"  {rows:>9,} rows: CSV {seconds:6.2f} s  peak {peak:6.1f} MB"
        if with_xlsx:
            seconds, peak, _ = run_child(import_argv(xlsx_path, store, counter, layout)())
            line += f"   xlsx {seconds:6.2f} s  peak {peak:6.1f} MB"
        print(line)
        shutil.rmtree(sub, ignore_errors=True)


def main() -> None:
    if sys.argv[1:2] == ["--write"]:  # the child that writes the files
        folder, layout, rows, xlsx = sys.argv[2:6]
        _write_both(Path(folder), layout, int(rows), xlsx == "1")
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--layout", choices=("forms", "wide", "both"), default="both")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--profile", action="store_true", help="profile one xlsx import")
    ap.add_argument("--peaks", help="only peak memory, at these numbers of rows (100000,...)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="cx-xlsx-bench-"))
    try:
        layouts = ("forms", "wide") if args.layout == "both" else (args.layout,)
        if args.peaks:
            for layout in layouts:
                peaks(tmp, layout, [int(n) for n in args.peaks.split(",")])
            print(f"\nthis process peaked at {own_peak():.1f} MB (a child's peak starts there)")
            return
        results = {
            layout: measure(tmp, layout, args.rows, args.runs, args.profile) for layout in layouts
        }
        worst = max(r["ours"] / r["reference"] for r in results.values())
        worst_before = max(r["before_ratio"] for r in results.values())
        peak = max(r["ours_peak_mb"] for r in results.values())
        print(
            f"\nworst xlsx/CSV {worst:.2f}x (before: {worst_before:.2f}x), highest xlsx peak "
            f"{peak:.0f} MB (medians of {args.runs} runs; {statistics.__name__} of fresh "
            f"processes; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} processors)"
        )
        print(f"this process peaked at {own_peak():.1f} MB (a child's peak starts there)")
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def own_peak() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
