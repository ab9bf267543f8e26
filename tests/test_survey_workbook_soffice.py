"""Workbooks written by a spreadsheet program rather than by our own fixture writer
(issue 12: ".xls/.ods too if the same reader does them", "expect to be tested on real
exports"): the real exports in ../shared/data, opened by LibreOffice Calc as a user
would open the CSV and saved as Excel 97-2003 (.xls), OpenDocument (.ods) and Excel
(.xlsx), import to the same figures as the CSV itself.  Calc types the cells its own
way (numbers, dates from "7/10/14 18:37", text), writes its own XML (row and cell
attributes our writer never writes) and its own BIFF8.  LibreOffice cannot write .xlsb,
so no .xlsb is made here.

Skipped, with the reason, where LibreOffice is not installed (Debian:
``apt-get install libreoffice-calc-nogui``) or ../shared/data is absent."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cx_pillars.errors import CxError
from cx_pillars.pillars import builtin_framework, load_framework
from cx_pillars.survey import workbook
from cx_pillars.survey.importer import import_file
from cx_pillars.survey.mapping import load_map

HERE = Path(__file__).resolve().parent
FIX = HERE / "fixtures" / "survey"
FRAMEWORKS = FIX / "frameworks"
SHARED = HERE.parent.parent / "shared" / "data"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui)",
)

CASES = [
    (
        "qualtrics/QualtricsTools_legacy2016_rankorder_DND_RB.csv",
        "qualtrics_items.toml",
        {"question": "drag and drop"},
    ),
    (
        "qualtrics/QualtricsTools_legacy2016_rankorder_DND_RB.csv",
        "qualtrics_items.toml",
        {"question": "radio button"},
    ),
    ("limesurvey/LimeSurvey192_ExportResultsTest_long_codes.csv", "lime_options.toml", {}),
    (
        "limesurvey/LimeSurvey192_ExportResultsTest_short_codes.csv",
        "lime_options.toml",
        {"map": "lime_codes_map.toml"},
    ),
    ("surveymonkey/fivethirtyeight_sleeping_alone_dates.csv", "sleep_reasons.toml", {}),
    ("qualtrics/QualtricsTools_datatable2021_long_exhaustive_matrix.csv", "fruits.toml", {}),
]
FORMATS = ("xls", "ods", "xlsx")


def convert(sources: list[Path], fmt: str, out: Path, profile: Path) -> None:
    """Open each CSV in LibreOffice Calc (comma, double quotes, UTF-8) and save it as
    ``fmt`` into ``out``; a profile of its own, so that test processes do not share one."""
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            fmt,
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def saved_by_calc(tmp_path_factory):
    """{(csv name, format): the workbook Calc saved}."""
    if not SHARED.is_dir():
        pytest.skip("../shared/data not present")
    root = tmp_path_factory.mktemp("calc")
    sources = []
    for name in sorted({c[0] for c in CASES}):
        copy = root / Path(name).name
        copy.write_bytes((SHARED / name).read_bytes())
        sources.append(copy)
    made = {}
    for fmt in FORMATS:
        convert(sources, fmt, root / fmt, root / "profile")
        for name in {c[0] for c in CASES}:
            path = root / fmt / f"{Path(name).stem}.{fmt}"
            assert path.is_file(), f"LibreOffice did not write {path.name}"
            made[name, fmt] = path
    return made


def outcome(path: Path, fw, **options):
    """Everything the summary counts, or (row, message) of the error."""
    try:
        r = import_file(path, fw, **options)
    except CxError as exc:
        m = re.match(r"^(.*?)(?::(\d+))?: (?:row (\d+): )?(.*)$", str(exc))
        assert m is not None
        return m.group(2) or m.group(3), m.group(4)
    s, a = r.summary, r.summary.all
    segments = {n: (st.respondents, st.rank_sum, st.positions) for n, st in s.segments.items()}
    return (s.format, a.respondents, a.rank_sum, a.positions, a.pairwise, s.skipped, segments)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "name, framework, options",
    CASES,
    ids=lambda v: Path(v).stem if isinstance(v, str) and v.endswith(".csv") else "",
)
def test_a_real_export_saved_by_calc_imports_like_the_csv(
    saved_by_calc, name, framework, options, fmt
):
    fw = load_framework(FRAMEWORKS / framework)
    options = dict(options)
    if "map" in options:
        options["cmap"] = load_map(FIX / options.pop("map"), fw)
    plain = outcome(SHARED / name, fw, **options)
    book = saved_by_calc[name, fmt]
    kind = workbook.kind_of(book)
    assert kind == fmt  # read by what it is: BIFF8, OpenDocument, Office Open XML
    assert outcome(book, fw, **options) == plain


def test_calcs_own_xlsx_reads_the_same_in_pieces(tmp_path, monkeypatch):
    # Calc writes rows and cells with attributes of its own (spans, customFormat,
    # s="0" t="n"); the pieces must still be cut and read as the whole sheet.
    spec = importlib.util.spec_from_file_location("make_fixtures", FIX / "make_fixtures.py")
    mk = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_fixtures", mk)
    spec.loader.exec_module(mk)
    csv_path = tmp_path / "wide.csv"
    csv_path.write_text(mk.wide(mk.RESPONDENTS * 60), encoding="utf-8", newline="")
    convert([csv_path], "xlsx", tmp_path / "out", tmp_path / "profile")
    book = tmp_path / "out" / "wide.xlsx"
    fw = builtin_framework()
    monkeypatch.setattr(workbook, "PIECE_MIN_BYTES", 500)
    monkeypatch.setattr(workbook, "PIECE_CARRIES", 0)
    monkeypatch.setattr(workbook, "piece_workers", lambda: 3)
    with workbook.open_book(book, "xlsx", book.name) as opened:
        sheet = opened.load(opened.names[0])
        assert isinstance(sheet.data, workbook.Pieces)
        pieced = list(sheet.rows())
    in_pieces = outcome(book, fw)
    monkeypatch.setattr(workbook, "piece_workers", lambda: 1)
    with workbook.open_book(book, "xlsx", book.name) as opened:
        whole = list(opened.load(opened.names[0]).rows())
    assert pieced == whole
    assert in_pieces == outcome(book, fw) == outcome(csv_path, fw)
