"""Survey exports as spreadsheets (issue 12, item 1): Excel .xlsx (Microsoft Forms has
nothing else), .ods, and a workbook inside a .zip.  The same respondents read from the
CSV fixture and from a workbook give the same summary (the CSV path is the oracle, with
a hand count beside it); the sheet holding the ranking is found, --sheet picks one;
cells come out as the tool wrote them; errors are one line naming file, sheet and row."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from cx_pillars.errors import CxError, UsageError
from cx_pillars.pillars import builtin_framework
from cx_pillars.survey import workbook
from cx_pillars.survey.importer import import_file

HERE = Path(__file__).resolve().parent
FIX = HERE / "fixtures" / "survey"


def _module(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


mk = _module("make_fixtures", FIX / "make_fixtures.py")
wb = _module("survey_workbooks", FIX / "workbooks.py")
Sheet, Book = wb.Sheet, wb.Book
FW = builtin_framework()
IDS = FW.ids


def numbers(result):
    """Everything a summary counts (its source and import time aside)."""
    s = result.summary
    seg = {
        name: (st.respondents, st.rank_sum, st.rank_sumsq, st.positions, st.pairwise)
        for name, st in s.segments.items()
    }
    a = s.all
    return (
        s.format,
        a.respondents,
        a.rank_sum,
        a.rank_sumsq,
        a.tie_sum,
        a.positions,
        a.unranked,
        a.pairwise,
        a.ratings,
        a.nps,
        a.ces,
        s.skipped,
        s.ignored,
        seg,
    )


def write_csv(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


# The CSV writers of make_fixtures.py, with their delimiter, header rows and respondents.
LAYOUTS = {
    "ms_forms": (mk.ms_forms, ",", 1, mk.RESPONDENTS),
    "ms_forms_lean": (mk.ms_forms_lean, ",", 1, mk.FULL_RANKERS),
    "qualtrics": (mk.qualtrics, ",", 3, mk.RESPONDENTS),
    "surveymonkey": (mk.surveymonkey, ",", 2, mk.RESPONDENTS),
    "wide": (mk.wide, ",", 1, mk.RESPONDENTS),
    "google_forms": (mk.google_forms, ",", 1, mk.RESPONDENTS),
    "limesurvey_full": (mk.limesurvey_full, ";", 1, mk.RESPONDENTS),
}


@pytest.mark.parametrize("inline", [False, True], ids=["shared-strings", "inline-strings"])
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_the_same_respondents_in_a_workbook_give_the_same_summary(tmp_path, layout, inline):
    writer, delimiter, header, respondents = LAYOUTS[layout]
    text = writer()
    from_csv = import_file(write_csv(tmp_path, f"{layout}.csv", text), FW)
    rows = wb.rows_of(text, delimiter, header)
    path = wb.write_xlsx(tmp_path / f"{layout}.xlsx", Book([Sheet("Sheet1", rows)], inline))
    from_xlsx = import_file(path, FW)
    assert numbers(from_xlsx) == numbers(from_csv)
    assert from_xlsx.summary.source == f"{layout}.xlsx › Sheet1"
    assert from_xlsx.plan.format == from_csv.plan.format
    # A skipped row is named by its sheet row: the header rows, then one row per
    # respondent (a CSV's lines differ where a cell holds a line break).
    unranked = [header + i for i, r in enumerate(respondents, 1) if not r["ranks"]]
    assert from_xlsx.skipped_lines == ({"no ranking": unranked} if unranked else {})
    assert from_xlsx.unit == "row"


def test_a_forms_workbook_against_a_hand_count(tmp_path):
    # Each respondent five times over: a generation needs 5 respondents to be shown.
    rows = wb.rows_of(mk.ms_forms(mk.RESPONDENTS * 5))
    path = wb.write_xlsx(tmp_path / "forms.xlsx", [Sheet("Form1", rows)])
    s = import_file(path, FW, birth_year=mk.BIRTH_Q).summary
    ranked = [r for r in mk.RESPONDENTS * 5 if r["ranks"]]
    assert s.respondents == len(ranked) == 25
    # Firsts, counted from the fixture's definitions.
    firsts = {p: sum(1 for r in ranked if mk.order_of(r)[0] == p) for p in IDS}
    assert {p: s.all.positions[i][0] for i, p in enumerate(IDS)} == firsts
    assert firsts["products"] == 10 and firsts["service"] == 5
    # Birth years typed as numbers (1990.0 in the file) read as 1990.
    born = {"1990": "Millennials", "2001": "Gen Z", "1970": "Gen X", "1955": "Boomers"}
    expected: dict[str, int] = {}
    for r in ranked:
        gen = born.get(r["birth"], "unknown")
        expected[gen] = expected.get(gen, 0) + 1
    assert {k: v.respondents for k, v in s.segments.items()} == expected
    assert s.skipped == {"no ranking": 5}


# -- which sheet -----------------------------------------------------------------------------


def forms_book(tmp_path: Path, name: str = "forms.xlsx", **sheet) -> Path:
    """A Forms workbook as Excel re-saves it: an empty first sheet, notes, the responses
    on the third sheet."""
    notes = [["About this survey"], ["Ran in March 2026 with the web shop's customers"]]
    responses = Sheet("Form1", wb.rows_of(mk.ms_forms()), **sheet)
    return wb.write_xlsx(tmp_path / name, [Sheet("Sheet1", []), Sheet("Notes", notes), responses])


def test_the_responses_on_the_third_sheet_are_found(tmp_path):
    plain = import_file(write_csv(tmp_path, "forms.csv", mk.ms_forms()), FW)
    result = import_file(forms_book(tmp_path), FW)
    assert numbers(result) == numbers(plain)
    assert result.summary.source == "forms.xlsx › Form1"
    note = str(result.sheet_note)
    assert "'Form1'" in note and "sheet 3 of 3" in note and "'Sheet1', 'Notes'" in note


def test_a_summary_sheet_that_also_names_the_pillars_loses_to_the_responses(tmp_path):
    # A pivot of firsts per pillar: one row per pillar, a count; not the ranking.
    pivot = [["pillar", "firsts"]] + [[p, 1] for p in IDS]
    wide_rows = wb.rows_of(mk.wide())
    path = wb.write_xlsx(
        tmp_path / "book.xlsx", [Sheet("Summary", pivot), Sheet("Responses", wide_rows)]
    )
    plain = import_file(write_csv(tmp_path, "wide.csv", mk.wide()), FW)
    result = import_file(path, FW)
    assert result.summary.source == "book.xlsx › Responses"
    assert numbers(result) == numbers(plain)


def test_of_two_sheets_with_a_ranking_the_one_with_more_rows_wins(tmp_path, monkeypatch):
    text = mk.ms_forms()
    rows = wb.rows_of(text)
    few = rows[:3]  # the header and two respondents: a test run, say
    loaded: list[str] = []
    load = workbook.Book.load

    def spy(self, name):
        loaded.append(name)
        return load(self, name)

    monkeypatch.setattr(workbook.Book, "load", spy)
    path = wb.write_xlsx(tmp_path / "two.xlsx", [Sheet("Test", few), Sheet("Live", rows)])
    assert import_file(path, FW).summary.source == "two.xlsx › Live"
    assert loaded == ["Test", "Live"]
    loaded.clear()
    path = wb.write_xlsx(tmp_path / "two2.xlsx", [Sheet("Live", rows), Sheet("Test", few)])
    result = import_file(path, FW)
    assert result.summary.source == "two2.xlsx › Live"
    assert result.summary.respondents == 5
    assert loaded == ["Live"]  # the smaller sheet, by its declared size, is not even read


def test_a_hidden_sheet_is_read_when_it_alone_holds_the_ranking(tmp_path):
    rows = wb.rows_of(mk.ms_forms())
    path = wb.write_xlsx(
        tmp_path / "h.xlsx", [Sheet("Cover", [["Survey results"]]), Sheet("Data", rows, True)]
    )
    assert import_file(path, FW).summary.source == "h.xlsx › Data"


@pytest.mark.parametrize("wanted", ["Form1", "form1 ", "3"])
def test_sheet_picks_the_sheet_by_name_or_number(cli, tmp_path, wanted):
    path = forms_book(tmp_path)
    result = cli("survey", "import", path, "--sheet", wanted, "--dir", tmp_path / "s")
    assert result.exit_code == 0, result.output
    assert "Read forms.xlsx › Form1 as Microsoft Forms" in result.output
    assert "sheet 3 of 3, as --sheet asked" in result.output


def test_a_sheet_named_like_a_number_wins_over_the_number(tmp_path):
    rows = wb.rows_of(mk.ms_forms())
    path = wb.write_xlsx(
        tmp_path / "n.xlsx", [Sheet("1", rows), Sheet("2", [["nothing here"]]), Sheet("x", [])]
    )
    with pytest.raises(CxError) as err:
        import_file(path, FW, sheet="2")  # the sheet named "2", not the second sheet
    assert "n.xlsx › 2" in str(err.value)
    assert import_file(path, FW, sheet="1").summary.respondents == 5


def test_an_unknown_sheet_is_a_usage_error_listing_the_sheets(cli, tmp_path):
    path = forms_book(tmp_path)
    result = cli("survey", "import", path, "--sheet", "Responses", "--dir", tmp_path / "s")
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert lines == [
        f"error: {path}: has no sheet 'Responses' (its sheets: 'Sheet1', 'Notes', 'Form1')"
    ]
    assert not (tmp_path / "s" / "surveys").exists()


def test_a_sheet_number_out_of_range_is_unknown(tmp_path):
    with pytest.raises(UsageError) as err:
        import_file(forms_book(tmp_path), FW, sheet="4")
    assert "has no sheet '4'" in str(err.value)


def test_sheet_on_a_csv_file_is_a_usage_error(cli, tmp_path):
    path = write_csv(tmp_path, "forms.csv", mk.ms_forms())
    result = cli("survey", "import", path, "--sheet", "1", "--dir", tmp_path / "s")
    assert result.exit_code == 2, result.output
    assert "--sheet 1 is only for a workbook" in result.output


def test_encoding_on_a_workbook_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError) as err:
        import_file(forms_book(tmp_path), FW, encoding="cp1250")
    assert "--encoding is for CSV files" in str(err.value)


def test_the_import_screen_says_which_sheet(cli, tmp_path):
    result = cli("survey", "import", forms_book(tmp_path), "--dir", tmp_path / "s")
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "Read forms.xlsx › Form1 as Microsoft Forms (1 header row; Excel workbook)." in out
    assert (
        "Read sheet 'Form1' (sheet 3 of 3, the one holding the ranking); the others: "
        "'Sheet1', 'Notes'. --sheet NAME reads another." in out
    )
    assert "1 row skipped: no ranking (row 5)" in out


def test_a_workbook_of_one_sheet_says_no_more(cli, tmp_path):
    path = wb.write_xlsx(tmp_path / "one.xlsx", [Sheet("Form1", wb.rows_of(mk.ms_forms()))])
    result = cli("survey", "import", path, "--dir", tmp_path / "s")
    assert result.exit_code == 0, result.output
    assert "Read sheet" not in result.output


# -- cells as the tool wrote them ----------------------------------------------------------


@pytest.mark.parametrize(
    "value, text",
    [
        (3.0, "3"),
        (-0.0, "0"),
        (2.5, "2.5"),
        (0.1 + 0.2, "0.3"),
        (1e16, "10000000000000000"),
        (7, "7"),
        (True, "TRUE"),
        (False, "FALSE"),
        ("", ""),
        ("  kept as typed\n", "  kept as typed\n"),
        (datetime(2026, 3, 27, 19, 6, 23), "2026-03-27 19:06:23"),
        (datetime(2026, 3, 27, 19, 6, 22, 999_990), "2026-03-27 19:06:23"),  # float noise
        (datetime(2026, 3, 27), "2026-03-27"),
        (date(1990, 5, 1), "1990-05-01"),
        (time(10, 4, 5), "10:04:05"),
        (timedelta(minutes=4, seconds=30), "0:04:30"),
        (None, ""),
        (float("nan"), ""),
    ],
)
def test_a_cell_as_text(value, text):
    assert workbook.cell_text(value) == text


def test_long_text_is_kept_whole():
    text = "x" * 32_767  # Excel's longest cell
    assert workbook.cell_text(text) == text


def test_numbers_dates_and_errors_in_the_file(tmp_path):
    """Through the real reader: what the file holds comes back as the tool's text."""
    long_text = ("a long comment, " * 3000).strip()
    rows = [
        ["n", "f", "when", "day", "clock", "flag", "err", "text"],
        [
            3,
            2.5,
            datetime(2026, 3, 27, 19, 6, 23),
            date(1990, 5, 1),
            time(9, 30),
            True,
            wb.Error("#N/A"),
            long_text,
        ],
    ]
    path = wb.write_xlsx(tmp_path / "cells.xlsx", [Sheet("S", rows)])
    with workbook.open_book(path, "xlsx", path.name) as book:
        sheet = book.load("S")
        got = list(sheet.rows())
    assert got[1] == [
        "3",
        "2.5",
        "2026-03-27 19:06:23",
        "1990-05-01",
        "09:30:00",
        "TRUE",
        "",
        long_text,
    ]


def test_a_formula_error_in_a_rank_cell_is_a_blank(tmp_path):
    text = mk.wide()
    rows = wb.rows_of(text)
    csv_rows = [list(r) for r in rows]
    col = 2 + IDS.index("advertising")
    assert rows[1][col] == 10  # respondent 1 ranked advertising 10th (the one left)
    rows[1][col] = wb.Error("#N/A")
    csv_rows[1][col] = ""
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(csv_rows)
    plain = import_file(write_csv(tmp_path, "w.csv", out.getvalue()), FW)
    result = import_file(wb.write_xlsx(tmp_path / "w.xlsx", [Sheet("S", rows)]), FW)
    assert numbers(result) == numbers(plain)


def test_dates_in_a_workbook_give_the_year_for_ages(tmp_path):
    # Ages answered in 2000: 30 then means born 1970 (Gen X); with this year's date
    # it would be 1996 (Millennials).  The date cell must be read as a date.
    head = ["Completion time", "age"] + IDS
    order = list(range(1, 11))
    rows = [head] + [[datetime(2000, 6, 1, 12, 0, 0), 30] + order for _ in range(5)]
    result = import_file(wb.write_xlsx(tmp_path / "ages.xlsx", [Sheet("S", rows)]), FW, age="age")
    assert {k: v.respondents for k, v in result.summary.segments.items()} == {"Gen X": 5}


def test_row_numbers_are_the_sheets_own(tmp_path, cli):
    # Two blank rows above the header; the fifth respondent's rank cell says "x".
    rows = wb.rows_of(mk.wide())
    rows[5][2] = "x"
    path = wb.write_xlsx(tmp_path / "rows.xlsx", [Sheet("Answers", rows, first_row=3)])
    result = import_file(path, FW)
    # header on row 3, respondents on rows 4..9: the fifth is row 8, the fourth
    # (no ranking at all) row 7.
    assert result.skipped_lines == {"not a rank": [8], "no ranking": [7]}
    out = cli("survey", "import", path, "--dir", tmp_path / "s")
    assert "not a rank: 1 (row 8)" in " ".join(out.output.split())


def test_an_error_names_the_file_the_sheet_and_the_row(cli, tmp_path):
    rows = [["respondent"] + IDS] + [[i] + [1] * 10 for i in range(1, 4)]  # all ranks 1
    path = wb.write_xlsx(tmp_path / "dup.xlsx", [Sheet("Answers", rows, first_row=2)])
    result = cli("survey", "import", path, "--dir", tmp_path / "s")
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"error: {path} › Answers: row 3: no usable ranking"), lines[0]
    polish = cli("survey", "import", path, "--dir", tmp_path / "s", "--lang", "pl")
    assert polish.exit_code == 1
    assert f" {path} › Answers: wiersz 3: " in polish.output, polish.output


def test_no_ranking_in_any_sheet_names_the_largest_sheet(tmp_path):
    rows = [["name", "comment"]] + [[f"p{i}", "fine"] for i in range(20)]
    path = wb.write_xlsx(
        tmp_path / "nr.xlsx", [Sheet("Small", [["a", "b"], ["1", "2"]]), Sheet("Big", rows)]
    )
    with pytest.raises(CxError) as err:
        import_file(path, FW)
    assert str(err.value).startswith(f"{path} › Big: ")


# -- other spreadsheets, a workbook in a zip --------------------------------------------------


def test_an_ods_spreadsheet(tmp_path):
    plain = import_file(write_csv(tmp_path, "forms.csv", mk.ms_forms()), FW)
    path = wb.write_ods(
        tmp_path / "forms.ods", [Sheet("Sheet1", []), Sheet("Form1", wb.rows_of(mk.ms_forms()))]
    )
    result = import_file(path, FW)
    assert numbers(result) == numbers(plain)
    assert result.summary.source == "forms.ods › Form1"
    assert "OpenDocument spreadsheet" in result.plan.format_text


def test_a_workbook_named_otherwise_is_read_by_its_content(tmp_path):
    path = wb.write_xlsx(tmp_path / "download.bin", [Sheet("Form1", wb.rows_of(mk.ms_forms()))])
    assert import_file(path, FW).summary.respondents == 5


def test_a_workbook_inside_a_zip(tmp_path):
    plain = import_file(write_csv(tmp_path, "forms.csv", mk.ms_forms()), FW)
    book = forms_book(tmp_path)
    archive = tmp_path / "Form responses.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(book, "responses/forms.xlsx")
    result = import_file(archive, FW)
    assert numbers(result) == numbers(plain)
    assert result.summary.source == "Form responses.zip › responses/forms.xlsx › Form1"
    assert result.summary.name == "forms"
    with pytest.raises(UsageError) as err:
        import_file(archive, FW, sheet="nope")
    assert str(err.value).startswith("Form responses.zip › responses/forms.xlsx: has no sheet")


def test_a_workbook_is_not_taken_for_an_archive_of_its_embedded_workbooks(tmp_path):
    path = forms_book(tmp_path, "renamed.zip")
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/embeddings/Microsoft_Excel_Worksheet.xlsx", b"PK\x05\x06" + b"\0" * 18)
    assert import_file(path, FW).summary.source == "renamed.zip › Form1"


def test_compare_takes_a_workbook_and_its_sheet(cli, tmp_path, demo):
    path = forms_book(tmp_path)
    result = cli("compare", "--survey", path, "--sheet", "Form1", "--dir", demo, "--json")
    assert result.exit_code == 0, result.output
    assert '"respondents": 5' in result.output or '"respondents":5' in result.output
    saved = cli("compare", "--survey", "customers", "--sheet", "Form1", "--dir", demo)
    assert saved.exit_code == 2, saved.output
    assert "--sheet" in saved.output


# -- bad workbooks: one line each ------------------------------------------------------------


def one_line(cli, tmp_path, path, *extra, code=1) -> str:
    result = cli("survey", "import", path, "--dir", tmp_path / "store", *extra)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1, result.output
    assert not (tmp_path / "store" / "surveys").exists()
    return lines[0]


def test_a_damaged_workbook(cli, tmp_path):
    good = forms_book(tmp_path).read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good[: len(good) // 2])
    line = one_line(cli, tmp_path, path)
    assert line.startswith(f"error: {path}: cannot be read as an Excel workbook: it is damaged")
    assert line.endswith(
        "(open it in Excel or LibreOffice and save it again, or export the responses once more)"
    )


def test_a_workbook_with_broken_xml(cli, tmp_path):
    path = forms_book(tmp_path, "bad.xlsx")
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet3.xml":
                data = data[: len(data) // 2]
            dst.writestr(info, data)
    line = one_line(cli, tmp_path, broken)
    assert "broken.xlsx" in line and "cannot be read as an Excel workbook" in line


def test_a_password_protected_workbook(cli, tmp_path):
    # Excel saves an encrypted workbook as an OLE compound file holding the streams
    # EncryptionInfo and EncryptedPackage (MS-OFFCRYPTO), whatever the name's ending.
    body = bytearray(4096)
    body[:8] = workbook.OLE_MAGIC
    for at, name in ((1024, "EncryptionInfo"), (1152, "EncryptedPackage")):
        raw = name.encode("utf-16-le")
        body[at : at + len(raw)] = raw
    path = tmp_path / "locked.xlsx"
    path.write_bytes(bytes(body))
    line = one_line(cli, tmp_path, path)
    assert line == (
        f"error: {path}: is password-protected; cannot be read (open it in Excel, remove "
        "the password (File › Info › Protect Workbook › Encrypt with Password), save it and "
        "import it again)"
    )


def test_a_workbook_of_empty_sheets(cli, tmp_path):
    path = wb.write_xlsx(tmp_path / "empty.xlsx", [Sheet("Sheet1", []), Sheet("Sheet2", [[None]])])
    line = one_line(cli, tmp_path, path)
    assert line.startswith(f"error: {path}: holds no sheet with data (sheets: 'Sheet1', 'Sheet2')")


def test_a_huge_sheet_is_refused_before_it_is_read(cli, tmp_path):
    # The sheet declares all of Excel's grid; it is refused by that, never loaded.
    path = wb.write_xlsx(
        tmp_path / "huge.xlsx",
        [Sheet("Form1", wb.rows_of(mk.ms_forms()), declared="A1:XFD1048576")],
    )
    line = one_line(cli, tmp_path, path)
    assert line.startswith(
        f"error: {path}: sheet 'Form1' spans 1048576 rows × 16384 columns, more than the 20 "
        "million cells read from a workbook; not read"
    ), line


def test_a_sheet_over_the_limit_by_its_cells(monkeypatch, tmp_path):
    monkeypatch.setattr(workbook, "MAX_CELLS", 30)  # the fixture has 7 rows x 10 columns
    monkeypatch.setattr(workbook, "MIN_CELL_XML", 10**9)  # no bound from the XML's size
    path = wb.write_xlsx(
        tmp_path / "big.xlsx", [Sheet("Form1", wb.rows_of(mk.ms_forms()), dimension=False)]
    )
    with pytest.raises(CxError) as err:
        import_file(path, FW)
    assert "sheet 'Form1' spans 7 rows × 10 columns" in str(err.value)


def test_a_sheet_without_a_declared_size_is_bounded_by_its_bytes(monkeypatch, tmp_path):
    monkeypatch.setattr(workbook, "MAX_CELLS", 30)
    path = wb.write_xlsx(
        tmp_path / "big.xlsx", [Sheet("Form1", wb.rows_of(mk.ms_forms()), dimension=False)]
    )
    with pytest.raises(CxError) as err:
        import_file(path, FW)
    assert "sheet 'Form1' is too large to read" in str(err.value)


def test_an_old_format_xls_without_a_workbook_is_unreadable(cli, tmp_path):
    body = bytearray(2048)
    body[:8] = workbook.OLE_MAGIC
    path = tmp_path / "old.xls"
    path.write_bytes(bytes(body))
    line = one_line(cli, tmp_path, path)
    assert "cannot be read as an Excel 97-2003 workbook" in line


# -- the reader loads only when a workbook is read ----------------------------------------------


def _loaded_after(argv: list[str], cwd: Path) -> str:
    code = (
        "import sys\n"
        "from cx_pillars.cli import main\n"
        f"sys.argv = {['cx-pillars', *argv]!r}\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('LOADED' if 'python_calamine' in sys.modules else 'NOT LOADED', file=sys.stderr)\n"
    )
    env = dict(os.environ, COLUMNS="100")
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, env=env, timeout=120
    )
    return done.stderr.strip().splitlines()[-1]


def test_help_and_a_csv_import_do_not_load_the_workbook_reader(tmp_path):
    assert _loaded_after(["--help"], tmp_path) == "NOT LOADED"
    csv_path = write_csv(tmp_path, "forms.csv", mk.ms_forms())
    argv = ["survey", "import", str(csv_path), "--dir", str(tmp_path / "s")]
    assert _loaded_after(argv, tmp_path) == "NOT LOADED"
    book = forms_book(tmp_path)  # and the check can fail: a workbook does load it
    argv = ["survey", "import", str(book), "--dir", str(tmp_path / "t")]
    assert _loaded_after(argv, tmp_path) == "LOADED"


# -- real exports, as the same rows in a workbook ------------------------------------------------

SHARED = HERE.parent.parent / "shared" / "data"
FRAMEWORKS = FIX / "frameworks"


def as_workbook(csv_path: Path, target: Path) -> Path:
    """The CSV's records (as the CSV reader splits them), cells typed as a spreadsheet
    would hold them, on the second sheet of a workbook whose first is empty."""
    from cx_pillars.survey import read

    with read.Records(read.inspect(csv_path)) as records:
        rows = []
        while (record := records.next_record()) is not None:
            rows.append([wb.typed(c) for c in record[1]])
    return wb.write_xlsx(target, [Sheet("Sheet1", []), Sheet("Data", rows)])


def outcome(path: Path, fw, **options):
    try:
        return numbers(import_file(path, fw, **options))
    except CxError as exc:  # (line or row, message): "f.csv:3: ..." or "f.xlsx › S: row 3: ..."
        m = re.match(r"^(.*?)(?::(\d+))?: (?:row (\d+): )?(.*)$", str(exc))
        assert m is not None
        return m.group(2) or m.group(3), m.group(4)


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data not present")
@pytest.mark.parametrize(
    "name, framework, options",
    [
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
    ],
    ids=lambda v: v if isinstance(v, str) and v.endswith(".csv") else "",
)
def test_a_real_export_in_a_workbook_reads_like_the_csv(tmp_path, name, framework, options):
    from cx_pillars.pillars import load_framework
    from cx_pillars.survey.mapping import load_map

    fw = load_framework(FRAMEWORKS / framework)
    options = dict(options)
    if "map" in options:
        options["cmap"] = load_map(FIX / options.pop("map"), fw)
    csv_path = SHARED / name
    plain = outcome(csv_path, fw, **options)
    book = outcome(as_workbook(csv_path, tmp_path / "export.xlsx"), fw, **options)
    assert book == plain


# -- numbers read as numbers (the typed reading of a sheet) -----------------------------------

NAN = float("nan")
RATED = IDS[0]
GENERATIONS = ["Gen Z", "Millennials", "Gen X", "Boomers"]


def bad_cells_sheet() -> tuple[list[list[object]], dict[str, list[int]], int]:
    """A wide sheet with rank cells of every kind, the reasons its rows are skipped
    (with their sheet rows) and the respondents kept, worked out by hand."""
    head = ["respondent", "generation", *IDS, f"rating_{RATED}"]
    full = [float(r) for r in range(1, 11)]

    def ranks(first: object, rest: list[float] | None = None) -> list[object]:
        return [first, *(rest if rest is not None else full[1:])]

    nine = [*[float(r) for r in range(1, 10)]]  # one pillar left: it can only be 10th
    body: list[tuple[str, list[object], object]] = [
        ("ok", full, 4.0),  # row 2
        ("not a rank", ranks("x"), 3.0),  # text
        ("not a rank", ranks(2.5), 3.0),
        ("rank out of range", ranks(0.0), 3.0),
        ("rank out of range", ranks(11.0), 3.0),
        ("duplicate rank", ranks(2.0), 3.0),  # 2 twice
        ("no ranking", [""] * 10, 3.0),  # row 8: answered no ranking
        ("ok", ["N/A", *nine], 6.0),  # a tool's blank; rating outside 1-5
        ("not a rank", ranks(datetime(2026, 3, 27)), 3.0),  # a date
        ("ok", ["No opinion", *nine], 2.5),  # a word for no answer; rating not a whole number
        ("not a rank", ranks(True), 3.0),  # a boolean
        ("ok", [-99.0, *nine], "good"),  # Qualtrics' blank; rating in words
        ("ok", ["10", *nine], 3.0),  # row 14: the rank typed as text
        ("ok", [NAN, *nine], 5.0),  # a number that is no number: blank
        ("blank", [""] * 10, ""),  # row 16: a row of nothing is not a row
        ("not a rank", ranks(1e20), 3.0),
        ("not a rank", ranks(time(1, 2, 3)), 3.0),
        ("rank out of range", ranks(-1.0), 3.0),
        ("ok", [1.0, 2.0, 3.0, *[""] * 7], True),  # row 20: a top three; rating TRUE
    ]
    rows: list[list[object]] = [head]
    skipped: dict[str, list[int]] = {}
    kept = 0
    for number, (reason, cells, rating) in enumerate(body, start=2):
        if reason == "blank":
            rows.append(["", "", *cells, ""])
            continue
        rows.append([number - 1, GENERATIONS[number % 4], *cells, rating])
        if reason == "ok":
            kept += 1
        else:
            skipped.setdefault(reason, []).append(number)
    rows.append([NAN] * len(head))  # row 21: NaN cells only, blank as its text is
    return rows, skipped, kept


def csv_of(rows: list[list[object]]) -> str:
    """The rows as a CSV holding each cell's text as the workbook shows it."""
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(
        [[workbook.cell_text(c) for c in row] for row in rows]
    )
    return out.getvalue()


def runs_of(path: Path, **options):
    """The engine's result for the chosen sheet, its cells read as they are and as text."""
    from cx_pillars.survey import engine, layout
    from cx_pillars.survey.mapping import ColumnMap

    with workbook.open_book(path, "xlsx", path.name) as book:
        chosen = workbook.choose(
            book, None, lambda src: layout.plan_import(src, FW, ColumnMap(), **options)
        )
        typed = engine.run(chosen.plan, FW, typed=True)
        text = engine.run(chosen.plan, FW, typed=False)
    return typed, text


def same_result(a, b) -> None:
    x, y = a.aggregate, b.aggregate
    for name in ("resp", "dsum", "dsq", "tsum", "pos", "unranked", "pair", "rat", "npsh", "cesh"):
        assert (getattr(x, name) == getattr(y, name)).all(), name
    assert (x.names, x.skipped, x.skipped_lines, x.ignored, x.rows) == (
        y.names,
        y.skipped,
        y.skipped_lines,
        y.ignored,
        y.rows,
    )
    assert (a.no_answer, a.no_answer_words) == (b.no_answer, b.no_answer_words)


def test_a_wide_workbook_with_bad_cells_of_every_kind(tmp_path):
    rows, skipped, kept = bad_cells_sheet()
    path = wb.write_xlsx(tmp_path / "bad.xlsx", [Sheet("S", rows)])
    result = import_file(path, FW, segment="generation")
    s = result.summary
    # The hand count: every reason with its rows; blank rows (16, 21) not counted at all.
    assert s.respondents == kept == 7
    assert s.skipped == {reason: len(at) for reason, at in skipped.items()}
    assert s.skipped == {
        "not a rank": 6,
        "rank out of range": 3,
        "duplicate rank": 1,
        "no ranking": 1,
    }
    assert result.skipped_lines == {reason: at[:5] for reason, at in skipped.items()}
    assert result.skipped_lines["rank out of range"] == [5, 6, 19]
    # Ratings of the kept rows: 3, 4 and 5 counted; 6, 2.5, "good" and TRUE left out.
    assert s.ignored == {"rating outside 1-5": 4}
    assert s.all.ratings[IDS.index(RATED)] == [0, 0, 1, 1, 1]
    assert (result.no_answer, result.no_answer_words) == (1, ["No opinion"])
    # The same cells as the CSV a user would save from the workbook: the same summary.
    plain = import_file(write_csv(tmp_path, "bad.csv", csv_of(rows)), FW, segment="generation")
    assert numbers(result) == numbers(plain)
    assert result.skipped_lines == plain.skipped_lines
    assert (result.no_answer, result.no_answer_words) == (plain.no_answer, plain.no_answer_words)
    # And the engine reading each cell as its text agrees, down to the rows kept.
    same_result(*runs_of(path, segment="generation"))


def test_rank_columns_of_numbers_only_keep_every_reason(tmp_path):
    """Columns holding numbers only are read by their distinct values (a table for
    whole numbers, a sort for the rest): each bad number still gets its reason."""
    full = [float(r) for r in range(1, 11)]

    def row(**at: float) -> list[float]:
        cells = list(full)
        for column, value in at.items():
            cells[int(column[1:])] = value
        return cells

    body = [
        ("ok", full),  # row 2
        ("not a rank", row(c0=2.5)),  # no whole number: column 0 is sorted
        ("not a rank", row(c1=1e20)),  # beyond any table: column 1 is sorted
        ("rank out of range", row(c2=0.0)),  # row 5
        ("rank out of range", row(c2=11.0)),
        ("rank out of range", row(c2=-1.0)),
        ("ok", row(c3=-99.0)),  # Qualtrics' blank: nine ranked, the tenth is last
        ("ok", row(c4=99.0)),  # --missing 99
        ("duplicate rank", row(c5=7.0)),  # row 10: 7 twice
        ("ok", row(c7=NAN)),  # not finite: column 7 is read cell by cell
    ]
    rows: list[list[object]] = [["respondent", *IDS]]
    rows += [[float(i), *cells] for i, (_, cells) in enumerate(body, start=1)]
    path = wb.write_xlsx(tmp_path / "numbers.xlsx", [Sheet("S", rows)])
    result = import_file(path, FW, missing=["99"])
    expected: dict[str, list[int]] = {}
    for number, (reason, _) in enumerate(body, start=2):
        if reason != "ok":
            expected.setdefault(reason, []).append(number)
    assert (
        result.skipped_lines
        == expected
        == {
            "not a rank": [3, 4],
            "rank out of range": [5, 6, 7],
            "duplicate rank": [10],
        }
    )
    s = result.summary
    assert s.respondents == 4
    assert (result.no_answer, result.no_answer_words) == (1, ["99"])
    # 10th: pillar 9 in row 2; the one left out of nine ranks (the gap closed up) in
    # the others: pillar 3 in row 8, 4 in row 9, 7 in row 11.
    last = [s.all.positions[i][9] for i in range(10)]
    assert last == [0, 0, 0, 1, 1, 0, 0, 1, 0, 1]
    plain = import_file(write_csv(tmp_path, "numbers.csv", csv_of(rows)), FW, missing=["99"])
    assert numbers(result) == numbers(plain)
    assert (result.no_answer, result.no_answer_words) == (plain.no_answer, plain.no_answer_words)
    same_result(*runs_of(path, missing=["99"]))


def test_a_boolean_is_read_as_its_text_after_chunks_of_numbers(tmp_path):
    # TRUE equals 1 to Python: after the first chunk of rows has taught the reader the
    # number 1, a TRUE rank cell must still be TRUE (not a rank), not a first place.
    full = [float(r) for r in range(1, 11)]
    rows: list[list[object]] = [["respondent", *IDS]]
    rows += [[float(i), *full] for i in range(1, 5001)]
    rows.append([5001.0, True, *full[1:]])
    path = wb.write_xlsx(tmp_path / "flags.xlsx", [Sheet("S", rows)])
    result = import_file(path, FW)
    assert result.summary.respondents == 5000
    assert result.skipped_lines == {"not a rank": [5002]}


TYPED_LAYOUTS = {
    **{
        name: (writer, delimiter, header)
        for name, (writer, delimiter, header, _) in LAYOUTS.items()
    },
    "typeform_top3": (mk.typeform_top3, ",", 2),  # positions, with "Other" text columns
    "limesurvey6": (mk.limesurvey6, ",", 1),
    "hand_choices": (mk.hand_choices, ",", 1),
    "polish_choices": (mk.polish_choices, ";", 1),
    "chinese_traditional_ranks": (mk.chinese_traditional_ranks, ",", 1),
}


@pytest.mark.parametrize("layout", sorted(TYPED_LAYOUTS))
def test_reading_cells_as_they_are_or_as_text_gives_the_same_result(tmp_path, layout):
    writer, delimiter, header = TYPED_LAYOUTS[layout]
    rows = wb.rows_of(writer(), delimiter, header)
    path = wb.write_xlsx(tmp_path / f"{layout}.xlsx", [Sheet("Sheet1", rows)])
    typed, text = runs_of(path)
    assert typed.aggregate.resp.sum() > 0
    same_result(typed, text)


def test_choices_given_as_numbers_are_read_as_their_text(tmp_path):
    # "1st choice" ... cells holding item codes typed as numbers (3, not "3"), named by
    # the map file's [values]: each code is looked up as the text the workbook shows.
    from cx_pillars.survey.mapping import load_map

    head = ["respondent", "1st choice", "2nd choice", "3rd choice"]
    picks = [[3, 1, 2], [1, 2, 3], [2, 3, 1], [3, 2, 1]]
    rows: list[list[object]] = [head] + [[i, *map(float, p)] for i, p in enumerate(picks, 1)]
    map_path = tmp_path / "codes.toml"
    map_path.write_text(
        "[values]\n" + "".join(f'"{k}" = "{IDS[k - 1]}"\n' for k in (1, 2, 3)), encoding="utf-8"
    )
    cmap = load_map(map_path, FW)
    path = wb.write_xlsx(tmp_path / "codes.xlsx", [Sheet("S", rows)])
    s = import_file(path, FW, cmap=cmap).summary
    assert s.respondents == 4 and s.skipped == {}
    # First choices by hand: code 3 twice, 1 once, 2 once.
    assert [s.all.positions[i][0] for i in range(3)] == [1, 1, 2]
    plain = import_file(write_csv(tmp_path, "codes.csv", csv_of(rows)), FW, cmap=cmap)
    assert numbers(plain) == numbers(import_file(path, FW, cmap=cmap))
