"""A large .xlsx sheet is read in pieces of whole rows on several threads (issue 12: a
100,000-row workbook within 3x the CSV; python-calamine alone took 2.6x, on one
thread).  The oracle is python-calamine's own read of the whole sheet: the pieces must
give the same rows (cells, types, row numbers, first and last column), the same import,
and the same error; a sheet the pieces cannot read as the whole read would (comments,
CDATA, rows without numbers or out of order, a large shared-strings table) is read
whole.  The pieces are made small here so that a small sheet is cut many times, at
every kind of place."""

from __future__ import annotations

import importlib.util
import io
import re
import sys
import threading
import time as time_module
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import pytest

from cx_pillars.errors import CxError
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


@pytest.fixture
def small_pieces(monkeypatch):
    """Pieces of a few hundred bytes, inflated a few hundred bytes at a time, on three
    threads (whatever the machine has)."""
    monkeypatch.setattr(workbook, "PIECE_MIN_BYTES", 300)
    monkeypatch.setattr(workbook, "_INFLATE", 211)
    monkeypatch.setattr(workbook, "piece_workers", lambda: 3)


def read(path: Path, name: str | None = None, pieces: bool = True, monkeypatch=None):
    """(what read the sheet, its start, height, width, [(row number, cells)]) as the
    import sees them."""
    with workbook.open_book(path, "xlsx", path.name) as book:
        if not pieces:
            old = workbook.piece_workers
            workbook.piece_workers = lambda: 1
            try:
                sheet = book.load(name or book.names[0])
            finally:
                workbook.piece_workers = old
        else:
            sheet = book.load(name or book.names[0])
        rows = sheet.rows()
        got = [(rows.line_num, row) for row in rows]
        again = [row for row in sheet.rows()]  # each time afresh
        assert again == [r for _, r in got]
        start = tuple(sheet.data.start) if sheet.data.start is not None else None
        return type(sheet.data).__name__, start, sheet.height, sheet.width, got


def same_as_whole(path: Path, name: str | None = None) -> str:
    """Read in pieces and whole: the same; and which read the pieces path used."""
    kind, *pieced = read(path, name)
    whole_kind, *whole = read(path, name, pieces=False)
    assert whole_kind == "CalamineSheet"
    assert pieced == whole
    return kind


def numbers(result):
    s = result.summary
    seg = {n: (st.respondents, st.rank_sum, st.positions) for n, st in s.segments.items()}
    a = s.all
    return (
        s.format,
        a.respondents,
        a.rank_sum,
        a.rank_sumsq,
        a.positions,
        a.pairwise,
        a.ratings,
        a.nps,
        a.ces,
        s.skipped,
        seg,
        result.skipped_lines,
        result.no_answer,
    )


def whole_import(path: Path, **options):
    old = workbook.piece_workers
    workbook.piece_workers = lambda: 1
    try:
        return import_file(path, FW, **options)
    finally:
        workbook.piece_workers = old


def rebuilt(path: Path, sheet_xml: str, workbook_xml: str | None = None) -> Path:
    """The workbook at ``path`` with its first sheet's XML (and its workbook part)
    replaced: for sheets the fixture writer does not write."""
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members["xl/worksheets/sheet1.xml"] = sheet_xml.encode("utf-8")
    if workbook_xml is not None:
        members["xl/workbook.xml"] = workbook_xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def sheet_xml(rows: str, head: str = "", prefix: str = "") -> str:
    p = f"{prefix}:" if prefix else ""
    ns = f"xmlns:{prefix}" if prefix else "xmlns"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<{p}worksheet {ns}="{wb.MAIN}">{head}<{p}sheetData>{rows}</{p}sheetData>'
        f'<{p}pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
        f'footer="0.3"/></{p}worksheet>'
    )


def wide_rows(n: int, prefix: str = "", first: int = 2) -> str:
    """``n`` rows of a rank per pillar, as numbers."""
    p = f"{prefix}:" if prefix else ""
    out = []
    for r in range(first, first + n):
        ranks = [(r + k) % 10 + 1 for k in range(10)]
        cells = "".join(
            f'<{p}c r="{wb.column_name(j)}{r}"><{p}v>{v}</{p}v></{p}c>' for j, v in enumerate(ranks)
        )
        out.append(f'<{p}row r="{r}">{cells}</{p}row>')
    return "".join(out)


def header_row(prefix: str = "") -> str:
    p = f"{prefix}:" if prefix else ""
    cells = "".join(
        f'<{p}c r="{wb.column_name(j)}1" t="inlineStr"><{p}is><{p}t>{i}</{p}t></{p}is></{p}c>'
        for j, i in enumerate(IDS)
    )
    return f'<{p}row r="1">{cells}</{p}row>'


def placeholder(tmp_path: Path, name: str = "raw.xlsx") -> Path:
    return wb.write_xlsx(tmp_path / name, [Sheet("S", [["x"]])])


# -- the attack: the whole sheet on one thread ------------------------------------------------


def test_a_large_sheet_is_parsed_in_pieces_on_several_threads(tmp_path, small_pieces):
    rows = wb.rows_of(mk.wide(mk.RESPONDENTS * 40))
    path = wb.write_xlsx(tmp_path / "wide.xlsx", [Sheet("Form1", rows)])
    threads: set[str] = set()
    calamine = workbook._import_calamine()
    real = calamine.CalamineWorkbook.from_filelike

    class Spy:
        from_path = calamine.CalamineWorkbook.from_path

        @staticmethod
        def from_filelike(fh):
            threads.add(threading.current_thread().name)
            time_module.sleep(0.05)  # slow enough that every thread takes a piece
            return real(fh)

    original = calamine.CalamineWorkbook
    calamine.CalamineWorkbook = Spy
    try:
        with workbook.open_book(path, "xlsx", path.name) as book:
            sheet = book.load("Form1")
    finally:
        calamine.CalamineWorkbook = original
    assert isinstance(sheet.data, workbook.Pieces)
    assert len(sheet.data._pieces) >= 3
    assert len(threads) >= 2 and all(t.startswith("cx-xlsx-piece") for t in threads)
    assert sheet.height == len(rows) and sheet.width == len(rows[0])


def test_the_threads_are_gone_after_the_read(tmp_path, small_pieces):
    path = wb.write_xlsx(
        tmp_path / "w.xlsx", [Sheet("S", wb.rows_of(mk.wide(mk.RESPONDENTS * 40)))]
    )
    before = {t.ident for t in threading.enumerate()}
    assert same_as_whole(path) == "Pieces"
    assert {t.ident for t in threading.enumerate()} <= before


def test_the_last_pass_lets_go_of_each_piece(tmp_path, small_pieces):
    # The import's pass over the rows (chunks) is its last: a piece read is let go of,
    # so that the cells held shrink while the engine reads (the peak stays the load's).
    rows = wb.rows_of(mk.wide(mk.RESPONDENTS * 40))
    path = wb.write_xlsx(tmp_path / "wide.xlsx", [Sheet("Form1", rows)])
    with workbook.open_book(path, "xlsx", path.name) as book:
        sheet = book.load("Form1")
        pieces = sheet.data
        assert isinstance(pieces, workbook.Pieces)
        planned = sheet.rows()
        head = next(planned)  # planning reads the first rows, then stops
        held = []
        reader = sheet.rows()
        next(reader)  # the header, as the engine skips it
        got = [head]
        for chunk, first in reader.chunks(7):
            assert first == len(got) + 1
            got.extend(chunk)
            held.append(sum(p is not None for p in pieces._pieces))
        assert all(p is None for p in pieces._pieces)
        again = [r for r in sheet.rows()]  # another pass reads the pieces again
        assert all(p is not None for p in pieces._pieces)
    assert held[0] == len(pieces._pieces) and held[-1] <= 1 and held == sorted(held, reverse=True)
    _, *whole = read(path, pieces=False)
    assert [workbook.texts(r) for r in got] == [r for _, r in whole[3]] == again


def test_ctrl_c_while_the_pieces_are_parsed_leaves_no_thread_behind(
    tmp_path, small_pieces, monkeypatch
):
    path = wb.write_xlsx(
        tmp_path / "w.xlsx", [Sheet("S", wb.rows_of(mk.wide(mk.RESPONDENTS * 40)))]
    )
    before = {t.ident for t in threading.enumerate()}

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(workbook, "_warm_up", interrupted)
    with workbook.open_book(path, "xlsx", path.name) as book, pytest.raises(KeyboardInterrupt):
        book.load("S")
    left = [t.name for t in threading.enumerate() if t.ident not in before]
    assert left == []


# -- the same rows as the whole read ----------------------------------------------------------

LAYOUTS = {
    "ms_forms": (mk.ms_forms, ",", 1, {"birth_year": mk.BIRTH_Q}),
    "qualtrics": (mk.qualtrics, ",", 3, {}),
    "surveymonkey": (mk.surveymonkey, ",", 2, {}),
    "wide": (mk.wide, ",", 1, {}),
    "google_forms": (mk.google_forms, ",", 1, {}),
    "limesurvey_full": (mk.limesurvey_full, ";", 1, {}),
    "typeform_top3": (mk.typeform_top3, ",", 2, {}),
}


@pytest.mark.parametrize("inline", [False, True], ids=["shared-strings", "inline-strings"])
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_layout_imports_the_same_read_in_pieces(tmp_path, small_pieces, layout, inline):
    writer, delimiter, header, options = LAYOUTS[layout]
    rows = wb.rows_of(writer(mk.RESPONDENTS * 12), delimiter, header)
    path = wb.write_xlsx(tmp_path / f"{layout}.xlsx", Book([Sheet("Sheet1", rows)], inline))
    kind = same_as_whole(path)
    if inline:  # shared strings as large as the sheet are read whole (each piece rereads them)
        assert kind == "Pieces"
    assert numbers(import_file(path, FW, **options)) == numbers(whole_import(path, **options))


def test_cells_of_every_kind_come_out_the_same(tmp_path, small_pieces):
    kinds = [
        3,
        2.5,
        -0.1,
        1e20,
        datetime(2026, 3, 27, 19, 6, 23),
        date(1990, 5, 1),
        time(9, 30),
        True,
        False,
        wb.Error("#N/A"),
        (wb.Formula("=1+1"), 2),
        "  spaced  ",
        "line\nbreak",
        "a < b & c > d </row> ]]>",
        "zażółć 中文 ✓",
        "",
        None,
    ]
    rows = [[f"c{j}" for j in range(len(kinds))]]
    for r in range(300):  # each row shifted by one: every kind in every column
        rows.append([kinds[(r + j) % len(kinds)] for j in range(len(kinds))])
    for inline in (False, True):
        path = wb.write_xlsx(tmp_path / f"k{inline}.xlsx", Book([Sheet("S", rows)], inline))
        assert same_as_whole(path) == "Pieces"


def test_blank_rows_offsets_and_widths_across_pieces(tmp_path, small_pieces):
    # Data from row 5, column C; a piece further on reaches column A, and another
    # column Q; blank rows (omitted from the XML) between pieces and within them.
    parts = []
    for r in range(5, 400):
        if r % 37 in (0, 1, 2):
            continue  # rows the sheet never mentions
        cells = f'<c r="C{r}"><v>{r}</v></c><c r="D{r}" t="inlineStr"><is><t>x{r}</t></is></c>'
        if r == 251:
            cells = f'<c r="A{r}"><v>1</v></c>' + cells
        if r == 340:
            cells += f'<c r="Q{r}" t="b"><v>1</v></c>'
        if r % 50 == 0:
            cells = f'<c r="E{r}" s="1"/>'  # a styled empty cell: no data
        parts.append(f'<row r="{r}">{cells}</row>')
    path = rebuilt(placeholder(tmp_path), sheet_xml("".join(parts), '<dimension ref="C5:D399"/>'))
    kind, start, height, width, got = read(path)
    assert kind == "Pieces"
    assert (start, width) == ((4, 0), 17)  # column A to Q, as the whole read says
    assert got[0] == (1, [""] * 17)  # the blank rows above the data are rows too
    assert same_as_whole(path) == "Pieces"


def test_a_namespace_prefix_and_rows_without_numbers_inside_a_piece(tmp_path, small_pieces):
    # x: prefixed elements (some exporters); a row without r= takes the next number.
    rows = header_row("x") + wide_rows(120, "x")
    rows = rows.replace('<x:row r="7">', "<x:row>").replace('r="A7"', 'r="A7"')
    path = rebuilt(placeholder(tmp_path), sheet_xml(rows, prefix="x"))
    assert same_as_whole(path) in ("Pieces", "CalamineSheet")
    assert numbers(import_file(path, FW)) == numbers(whole_import(path))


def test_the_1904_date_system(tmp_path, small_pieces):
    rows = [["when", "n"], *[[datetime(2026, 1, 1 + r % 28, r % 24), r] for r in range(400)]]
    path = wb.write_xlsx(tmp_path / "d.xlsx", [Sheet("S", rows)])
    book_xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{wb.MAIN}" xmlns:r="{wb.REL}"><workbookPr date1904="1"/>'
        '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml").decode("utf-8")
    rebuilt(path, xml, book_xml)
    kind, _, _, _, got = read(path)
    assert kind == "Pieces"
    assert got[1][1][0] == "2030-01-02"  # 4 years and a day later, as Excel shows it
    assert same_as_whole(path) == "Pieces"


# -- what is read whole --------------------------------------------------------------------------


def rows_reversed(rows: str) -> str:
    """The same rows, the last first (out of order, as no tool writes them)."""
    parts = rows.split("</row>")[:-1]
    return "".join(f"{p}</row>" for p in reversed(parts))


@pytest.mark.parametrize(
    "change",
    [
        lambda rows: rows.replace('<row r="90">', '<!-- </row> --><row r="90">'),  # a comment
        lambda rows: rows.replace('<row r="90">', '<?pi </row>?><row r="90">'),
        lambda rows: rows.replace("<v>5</v>", "<v><![CDATA[5]]></v>"),
        # rows without their number from row 50 on: some piece starts with one
        lambda rows: re.sub(
            r'<row r="(\d+)">', lambda m: "<row>" if int(m[1]) >= 50 else m[0], rows
        ),
        lambda rows: header_row() + rows_reversed(rows[len(header_row()) :]),
    ],
    ids=["comment", "processing-instruction", "cdata", "no-row-numbers", "out-of-order"],
)
def test_what_the_pieces_cannot_read_alike_is_read_whole(tmp_path, small_pieces, change):
    rows = header_row() + wide_rows(1000)
    changed = change(rows)
    assert changed != rows
    path = rebuilt(placeholder(tmp_path), sheet_xml(changed))
    assert same_as_whole(path) == "CalamineSheet"
    assert numbers(import_file(path, FW)) == numbers(whole_import(path))


def test_rows_without_numbers_inside_a_piece_are_read_in_pieces(tmp_path, small_pieces):
    rows = header_row() + wide_rows(1000)
    rows = rows.replace('<row r="77">', "<row>").replace('<c r="A77">', "<c>")
    path = rebuilt(placeholder(tmp_path), sheet_xml(rows))
    assert same_as_whole(path) in ("Pieces", "CalamineSheet")
    assert numbers(import_file(path, FW)) == numbers(whole_import(path))


def test_a_sheet_of_distinct_strings_is_read_whole(tmp_path, small_pieces):
    # Each piece rereads the shared strings: as large as the sheet, they cost more
    # than the threads win.
    rows = [["a", "b"], *[[f"text {r}", f"more text {r}"] for r in range(400)]]
    path = wb.write_xlsx(tmp_path / "s.xlsx", [Sheet("S", rows)])
    assert same_as_whole(path) == "CalamineSheet"


def test_one_processor_reads_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(workbook, "PIECE_MIN_BYTES", 300)
    monkeypatch.setattr(workbook, "piece_workers", lambda: 1)
    path = wb.write_xlsx(tmp_path / "w.xlsx", [Sheet("S", wb.rows_of(mk.wide()))])
    kind, *_ = read(path)
    assert kind == "CalamineSheet"


def test_a_small_sheet_is_read_whole(tmp_path):
    path = wb.write_xlsx(tmp_path / "w.xlsx", [Sheet("S", wb.rows_of(mk.wide()))])
    kind, *_ = read(path)
    assert kind == "CalamineSheet"


@pytest.mark.parametrize(
    "bad",
    ['<c r="B150"><v>5</x></c>', '<c r="B150" t="s"><v>999</v></c>', '<c r="B150"><v>1</v><c>'],
    ids=["wrong-end-tag", "no-such-shared-string", "unclosed-cell"],
)
def test_a_damaged_later_piece_gives_the_whole_reads_error(tmp_path, small_pieces, bad):
    rows = header_row() + wide_rows(1000)
    rows = re.sub(r'<c r="B150"><v>\d+</v></c>', bad, rows)
    assert bad in rows
    path = rebuilt(placeholder(tmp_path), sheet_xml(rows))
    errors = []
    for pieces in (True, False):
        with pytest.raises(CxError) as err:
            import_file(path, FW) if pieces else whole_import(path)
        errors.append(str(err.value))
    assert errors[0] == errors[1]
    assert "cannot be read as an Excel workbook" in errors[0]


def test_a_piece_that_fails_is_read_whole(tmp_path, small_pieces, monkeypatch):
    # Whatever goes wrong in the pieces (here: python-calamine refusing one), the
    # whole read is what answers.
    path = wb.write_xlsx(
        tmp_path / "w.xlsx", [Sheet("S", wb.rows_of(mk.wide(mk.RESPONDENTS * 40)))]
    )
    calamine = workbook._import_calamine()
    real = calamine.CalamineWorkbook.from_filelike
    calls = []

    class Flaky:
        from_path = calamine.CalamineWorkbook.from_path

        @staticmethod
        def from_filelike(fh):
            calls.append(1)
            if len(calls) == 3:
                raise ValueError("refused")
            return real(fh)

    monkeypatch.setattr(calamine, "CalamineWorkbook", Flaky)
    kind, *_ = read(path)
    assert calls and kind == "CalamineSheet"


def test_the_split_keeps_every_byte_of_the_rows(small_pieces):
    # The pieces, put back together, are the sheet's rows exactly, each piece whole rows
    # between the sheet's own start tags and its end tags.
    rows = header_row() + wide_rows(150)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("s.xml", sheet_xml(rows, '<dimension ref="A1:J151"/>'))
    got: list[list[bytes]] = []
    with zipfile.ZipFile(buf) as zf:
        workbook._split(zf, "s.xml", 300, got.append)
    assert len(got) > 20
    heads = {p[0] for p in got}
    tails = {p[-1] for p in got}
    assert len(heads) == 1 and b"dimension" not in next(iter(heads))
    assert tails == {b"</sheetData></worksheet>"}
    body = b"".join(b"".join(p[1:-1]) for p in got)
    assert body == rows.encode()
    for p in got:
        piece = b"".join(p[1:-1])
        assert piece.startswith(b"<row r=") and piece.endswith(b"</row>")
