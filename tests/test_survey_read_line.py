"""The import's first line, "Read FILE as FORMAT (header rows; encoding, delimiter).",
and the one-line note of ``--survey FILE``, in the run's language (issue 12 follow-up).

Every part of the line is checked in Polish and Chinese: no English word is left in it
beyond product and file names, Chinese uses its own punctuation, and the numbers are
right.  The oracles are independent of the importer: the header rows are the records
of the file (counted with the csv module) less the respondents the fixture writer put
in it; encodings and delimiters are the ones the test wrote the file with.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import re
import shutil
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import SAMPLE

from cx_pillars.pillars import builtin_framework
from cx_pillars.survey.importer import import_file

HERE = Path(__file__).resolve().parent
FIX = HERE / "fixtures" / "survey"
FW = builtin_framework()
LANGS = ("pl", "zh-Hans", "zh-Hant")


def _module(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


mk = _module("make_fixtures", FIX / "make_fixtures.py")
wb = _module("survey_workbooks", FIX / "workbooks.py")

# Words of the English line; none may be left in another language's line.
ENGLISH = re.compile(
    r"\b(read|as|header|rows?|group|titles?|above|column|names|plain|wide|with|"
    r"delimited|comma|semicolon|tab|pipe|sheet|workbook|binary|spreadsheet|"
    r"western|central|european|simplified|traditional|chinese|summary)\b",
    re.I,
)
# What may stay in Latin letters in a Chinese line: product, format and encoding names.
NAMES = {
    "Qualtrics",
    "SurveyMonkey",
    "Google",
    "Forms",
    "LimeSurvey",
    "Microsoft",
    "Formbricks",
    "SurveyJS",
    "Typeform",
    "JSON",
    "CSV",
    "UTF",
    "BOM",
    "GBK",
    "Big5",
    "cp950",
    "cp1250",
    "cp1252",
    "Windows",
    "Excel",
    "OpenDocument",
}


def records(path: Path, delimiter: str, encoding: str = "utf-8-sig") -> int:
    """The CSV records of a file, counted by the csv module (cells may hold line breaks)."""
    with open(path, encoding=encoding, newline="") as fh:
        return sum(1 for _ in csv.reader(fh, delimiter=delimiter))


def header_rows(path: Path, delimiter: str, encoding: str = "utf-8-sig") -> int:
    """The oracle: every fixture holds the writer's respondents, one record each, below
    its header rows."""
    return records(path, delimiter, encoding) - len(mk.RESPONDENTS)


def read_line(cli, tmp_path: Path, path: Path, lang: str, *more: str) -> str:
    result = cli("survey", "import", path, "--dir", tmp_path / "s", "--lang", lang, *more)
    assert result.exit_code == 0, result.output
    return result.output.splitlines()[0]


def rest(line: str, file: str) -> str:
    """The line without the file's name (a file name is never translated)."""
    assert file in line, line
    return line.replace(file, "")


def check_words(text: str, lang: str) -> None:
    """No English word left; in Chinese no Latin word beyond names, no ASCII punctuation
    between words (the format names' own, like "97-2003", aside)."""
    assert not ENGLISH.findall(text), text
    if lang.startswith("zh"):
        latin = set(re.findall(r"[A-Za-z][A-Za-z0-9]*", text))
        assert latin <= NAMES, (latin - NAMES, text)
        assert not re.search(r"[(),;:.]", text), text
        assert text.startswith(("已读取", "已讀取")) and text.endswith("。"), text


# -- the words of each layout, and the header rows counted --------------------------------------

ROWS = {  # the words for n header rows, by language (Polish: 1, 2-4, 5+)
    "en": {1: "1 header row", 2: "2 header rows", 3: "3 header rows", 5: "5 header rows"},
    "pl": {
        1: "1 wiersz nagłówka",
        2: "2 wiersze nagłówka",
        3: "3 wiersze nagłówka",
        5: "5 wierszy nagłówka",
    },
    # no space inside "2行表头": a terminal must not break the number from its rows
    "zh-Hans": {1: "（1行表头；", 2: "（2行表头", 3: "（3行表头；", 5: "（5行表头；"},
    "zh-Hant": {1: "（1列標題列；", 2: "（2列標題列", 3: "（3列標題列；", 5: "（5列標題列；"},
}
COMMA = {"en": "comma-delimited", "pl": "separator: przecinek", "zh-Hans": "逗号分隔"}
COMMA["zh-Hant"] = "逗號分隔"
SEMICOLON = {"en": "semicolon-delimited", "pl": "separator: średnik", "zh-Hans": "分号分隔"}
SEMICOLON["zh-Hant"] = "分號分隔"

CSV_FIXTURES = [  # file, delimiter it was written with, product name (None: plain wide)
    ("qualtrics.csv", ",", "Qualtrics"),
    ("qualtrics_legacy.csv", ",", "Qualtrics"),
    ("surveymonkey.csv", ",", "SurveyMonkey"),
    ("google_forms.csv", ",", "Google Forms"),
    ("limesurvey_full.csv", ";", "LimeSurvey"),
    ("ms_forms.csv", ",", "Microsoft Forms"),
    ("formbricks.csv", ",", "Formbricks"),
    ("typeform_top3.csv", ",", "Typeform"),
    ("polish_choices.csv", ";", None),
    ("wide.csv", ",", None),
]


@pytest.mark.parametrize("lang", ("en",) + LANGS)
@pytest.mark.parametrize(("name", "delimiter", "product"), CSV_FIXTURES)
def test_the_read_line_of_each_layout(cli, tmp_path, lang, name, delimiter, product):
    path = FIX / name
    line = read_line(cli, tmp_path, path, lang)
    n = header_rows(path, delimiter)
    assert ROWS[lang][n] in line, (n, line)
    assert (COMMA if delimiter == "," else SEMICOLON)[lang] in line, line
    if product:
        assert product in line, line
    if lang != "en":
        check_words(rest(line, name), lang)


def test_the_header_rows_are_counted_right():
    """The oracle itself, by hand: Qualtrics writes three header rows (names, question
    texts, import ids), SurveyMonkey two, a plain CSV one."""
    assert header_rows(FIX / "qualtrics.csv", ",") == 3
    assert header_rows(FIX / "surveymonkey.csv", ",") == 2
    assert header_rows(FIX / "wide.csv", ",") == 1


@pytest.mark.parametrize("lang", LANGS)
def test_group_titles_are_said_in_the_language(cli, tmp_path, lang):
    """Typeform's first row holds group titles ("Your priorities", "About you")."""
    line = read_line(cli, tmp_path, FIX / "typeform_top3.csv", lang)
    titles = {
        "pl": "tytuły grup nad nazwami kolumn",
        "zh-Hans": "列名上方一行是分组标题",
        "zh-Hant": "欄位名稱上方一列是分組標題",
    }
    assert titles[lang] in line, line


@pytest.mark.parametrize("lang", ("en",) + LANGS)
def test_a_bom_and_json_in_the_language(cli, tmp_path, lang):
    bom = {"en": "UTF-8 with BOM", "pl": "UTF-8 z BOM", "zh-Hans": "带 BOM 的 UTF-8"}
    bom["zh-Hant"] = "含 BOM 的 UTF-8"
    assert (FIX / "polish_choices.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    line = read_line(cli, tmp_path, FIX / "polish_choices.csv", lang)
    assert bom[lang] in line, line
    line = read_line(cli, tmp_path, FIX / "surveyjs.json", lang)
    assert "SurveyJS JSON" in line and "UTF-8" in line, line
    assert not re.search(r"header|wiersz|表头|標題", line), line  # JSON has no header rows
    if lang != "en":
        check_words(rest(line, "surveyjs.json"), lang)


# Files written by the test in a code page and with a delimiter: both must be named.
CODE_PAGES = [
    (
        "chinese_traditional_ranks.csv",
        "cp950",
        {
            "en": "cp950 (Big5, Traditional Chinese)",
            "pl": "cp950 (Big5, chiński tradycyjny)",
            "zh-Hans": "cp950（Big5，繁体中文）",
            "zh-Hant": "cp950（Big5，繁體中文）",
        },
    ),
    (
        "chinese_choices.csv",
        "gbk",
        {
            "en": "GBK (Simplified Chinese)",
            "pl": "GBK (chiński uproszczony)",
            "zh-Hans": "GBK（简体中文）",
            "zh-Hant": "GBK（簡體中文）",
        },
    ),
    (
        "polish_choices.csv",
        "cp1250",
        {
            "en": "cp1250 (Windows Central European)",
            "pl": "cp1250 (Windows, Europa Środkowa)",
            "zh-Hans": "cp1250（Windows 中欧）",
            "zh-Hant": "cp1250（Windows 中歐）",
        },
    ),
]
DELIMITERS = {
    "\t": {"en": "tab-delimited", "pl": "separator: tabulator", "zh-Hans": "制表符分隔"},
    "|": {"en": "pipe-delimited", "pl": "separator: kreska pionowa", "zh-Hans": "竖线分隔"},
}
DELIMITERS["\t"]["zh-Hant"] = "定位字元分隔"
DELIMITERS["|"]["zh-Hant"] = "垂直線分隔"


def rewrite(source: Path, target: Path, encoding: str, delimiter: str) -> Path:
    """The fixture's rows written again in another code page and with another delimiter."""
    written = ";" if source.name == "polish_choices.csv" else ","
    with open(source, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=written))
    assert len(rows) > len(mk.RESPONDENTS) and all(len(r) == len(rows[0]) for r in rows)
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    target.write_bytes(out.getvalue().encode(encoding))
    return target


@pytest.mark.parametrize("lang", ("en",) + LANGS)
@pytest.mark.parametrize(("name", "encoding", "said"), CODE_PAGES, ids=["cp950", "gbk", "cp1250"])
@pytest.mark.parametrize("delimiter", ["\t", "|"], ids=["tab", "pipe"])
def test_code_pages_and_delimiters_in_the_language(
    cli, tmp_path, lang, name, encoding, said, delimiter
):
    path = rewrite(FIX / name, tmp_path / f"export-{encoding}.csv", encoding, delimiter)
    line = read_line(cli, tmp_path, path, lang)
    assert said[lang] in line, line
    assert DELIMITERS[delimiter][lang] in line, line
    assert ROWS[lang][header_rows(path, delimiter, encoding)] in line, line
    if lang != "en":
        check_words(rest(line, path.name), lang)


@pytest.mark.parametrize("lang", LANGS)
def test_a_delimiter_given_by_hand_is_shown_as_it_is(cli, tmp_path, lang):
    path = rewrite(FIX / "wide.csv", tmp_path / "hash.csv", "utf-8", "#")
    line = read_line(cli, tmp_path, path, lang, "--delimiter", "#")
    assert "'#'" in line, line
    check_words(rest(line, path.name), lang)


# -- workbooks: a sheet, never "CSV" ------------------------------------------------------------

WIDE_SHEET = {
    "en": "plain wide sheet",
    "pl": "prosty szeroki arkusz",
    "zh-Hans": "普通宽表工作表",
    "zh-Hant": "一般寬表工作表",
}
KINDS = {
    "xlsx": {
        "en": "Excel workbook",
        "pl": "skoroszyt Excela",
        "zh-Hans": "Excel 工作簿",
        "zh-Hant": "Excel 活頁簿",
    },
    "ods": {
        "en": "OpenDocument spreadsheet",
        "pl": "arkusz kalkulacyjny OpenDocument",
        "zh-Hans": "OpenDocument 电子表格",
        "zh-Hant": "OpenDocument 試算表",
    },
}


def workbook(tmp_path: Path, kind: str, csv_text: str, sheet: str = "Responses") -> Path:
    write = wb.write_xlsx if kind == "xlsx" else wb.write_ods
    return write(tmp_path / f"export.{kind}", [wb.Sheet(sheet, wb.rows_of(csv_text))])


@pytest.mark.parametrize("lang", ("en",) + LANGS)
@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_a_workbook_is_a_sheet_not_a_csv(cli, tmp_path, lang, kind):
    path = workbook(tmp_path, kind, mk.wide())
    line = read_line(cli, tmp_path, path, lang)
    assert f"{path.name} › Responses" in line, line  # the sheet read is named
    assert WIDE_SHEET[lang] in line and KINDS[kind][lang] in line, line
    assert "CSV" not in line and "UTF-8" not in line, line  # cells, not text
    assert ROWS[lang][1] in line, line
    if lang != "en":
        check_words(rest(line, f"{path.name} › Responses"), lang)


@pytest.mark.parametrize("lang", LANGS)
def test_a_tools_workbook_keeps_the_tools_name(cli, tmp_path, lang):
    path = workbook(tmp_path, "xlsx", mk.ms_forms(), sheet="Form1")
    line = read_line(cli, tmp_path, path, lang)
    assert "Microsoft Forms" in line and KINDS["xlsx"][lang] in line, line
    check_words(rest(line, f"{path.name} › Form1"), lang)


@pytest.mark.parametrize("lang", ("en",) + LANGS)
def test_the_layout_error_of_a_workbook_says_sheet(cli, tmp_path, lang):
    rows = [["name", "comment"]] + [[f"p{i}", "fine"] for i in range(5)]
    path = wb.write_xlsx(tmp_path / "notes.xlsx", [wb.Sheet("Responses", rows)])
    result = cli("survey", "import", path, "--dir", tmp_path / "s", "--lang", lang)
    assert result.exit_code == 1, result.output
    assert "CSV" not in result.output.split("(", 2)[1], result.output
    assert WIDE_SHEET[lang] in result.output, result.output
    one_row = {"en": "1 header row", "pl": "1 wiersz nagłówka", "zh-Hans": "1 行表头"}
    one_row["zh-Hant"] = "1 列標題列"
    assert one_row[lang] in result.output, result.output
    plain = tmp_path / "notes.csv"
    plain.write_text("".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    result = cli("survey", "import", plain, "--dir", tmp_path / "s", "--lang", lang)
    assert result.exit_code == 1, result.output
    wide_csv = {"en": "plain wide CSV", "pl": "prosty szeroki CSV", "zh-Hans": "普通宽表 CSV"}
    wide_csv["zh-Hant"] = "一般寬表 CSV"
    assert wide_csv[lang] in result.output, result.output


# -- the words themselves: plural forms beyond the layouts' 1-3 header rows ---------------------


@pytest.mark.parametrize("lang", ("en",) + LANGS)
def test_plural_forms_of_header_rows(lang):
    from cx_pillars.views.survey import read_as

    plan = import_file(FIX / "qualtrics.csv", FW).plan
    assert plan is not None
    for n in (1, 2, 3, 5):
        text = read_as(replace(plan, header_rows=n), lang)
        assert ROWS[lang][n] in text, text
        if lang != "en":
            assert not ENGLISH.findall(text), text


def test_json_keeps_language_neutral_keys(cli, tmp_path):
    out = {}
    for lang in ("en", "pl", "zh-Hant"):
        result = cli(
            "survey", "import", FIX / "typeform_top3.csv", "--dir", tmp_path / lang,
            "--lang", lang, "--json",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        import json

        out[lang] = json.loads(result.stdout)["detected"]
    assert out["en"] == out["pl"] == out["zh-Hant"]
    assert out["en"]["format"] == "typeform" and out["en"]["header_rows"] == 2


# -- the --survey FILE note ---------------------------------------------------------------------


@pytest.fixture
def team(tmp_path):
    store = tmp_path / "team"
    shutil.copytree(SAMPLE, store)
    shutil.rmtree(store / "surveys", ignore_errors=True)
    return store


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("export", ["wide.csv", "qualtrics.csv", "xlsx"])
def test_the_survey_note_is_in_the_language(cli, tmp_path, team, lang, export):
    if export == "xlsx":
        path, file, fmt = workbook(tmp_path, "xlsx", mk.wide()), "export.xlsx", WIDE_SHEET[lang]
    else:
        path, file = FIX / export, export
        wide_csv = {
            "pl": "prosty szeroki CSV",
            "zh-Hans": "普通宽表 CSV",
            "zh-Hant": "一般寬表 CSV",
        }
        fmt = "Qualtrics" if export == "qualtrics.csv" else wide_csv[lang]
    result = cli("compare", "--dir", team, "--survey", path, "--json", "--lang", lang)
    assert result.exit_code == 0, result.output
    note = result.stderr.strip()
    assert len(note.splitlines()) == 1, note
    assert fmt in note, note
    # the respondents who ranked anything, counted from the fixture writer's data
    ranked = sum(1 for r in mk.RESPONDENTS if r["ranks"])
    assert ranked == 5
    assert re.search(rf"(?<!\d){ranked}(?!\d)", note), note
    text = re.sub(r"\S*" + re.escape(file) + r"( › Responses)?", "", note)
    text = text.replace("--save", "").replace(str(team), "")
    assert not ENGLISH.findall(text), note
    if lang.startswith("zh"):
        assert set(re.findall(r"[A-Za-z][A-Za-z0-9]*", text)) <= NAMES | {"NAME"}, note


# -- layout errors that name the layout: a workbook's words, the run's language -----------------


@pytest.mark.parametrize("lang", ("en",) + LANGS)
def test_csv_text_in_one_column_of_a_sheet_is_not_told_to_use_delimiter(cli, tmp_path, lang):
    """CSV text pasted into column A of a workbook: --delimiter is refused for workbooks,
    so the advice is to split the column (or save the sheet as CSV)."""
    rows = [[line] for line in mk.wide().replace(",", ";").splitlines()]
    path = wb.write_xlsx(tmp_path / "pasted.xlsx", [wb.Sheet("Sheet1", rows)])
    result = cli("survey", "import", path, "--dir", tmp_path / "s", "--lang", lang)
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "pasted.xlsx › Sheet1" in lines[0], result.output
    assert "--delimiter" not in result.output, result.output
    split = {"en": "Text to Columns", "pl": "Tekst jako kolumny", "zh-Hans": "分列"}
    split["zh-Hant"] = "資料剖析"
    assert split[lang] in result.output and "';'" in result.output, result.output
    if lang != "en":
        text = result.output.replace(f"{path} › Sheet1", "")
        assert not ENGLISH.findall(text), result.output
    # the advice the same text gets in a CSV file still names --delimiter
    plain = tmp_path / "pasted.csv"
    plain.write_text("".join(f'"{r[0]}"\n' for r in rows), encoding="utf-8")
    result = cli("survey", "import", plain, "--dir", tmp_path / "s", "--lang", lang)
    assert result.exit_code == 1 and "--delimiter ';'" in result.output, result.output


@pytest.mark.parametrize("lang", ("en",) + LANGS)
def test_a_format_that_does_not_fit_the_file_is_said_in_the_language(cli, tmp_path, lang):
    leave_out = {
        "en": "leave out --format",
        "pl": "pomiń --format",
        "zh-Hans": "去掉 --format",
        "zh-Hant": "去掉 --format",
    }
    wide = {"en": "plain wide CSV", "pl": "prosty szeroki CSV", "zh-Hans": "普通宽表 CSV"}
    wide["zh-Hant"] = "一般寬表 CSV"
    result = cli(
        "survey", "import", FIX / "surveyjs.json", "--dir", tmp_path / "s", "--lang", lang,
        "--format", "wide",
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert wide[lang] in result.output and "CSV CSV" not in result.output, result.output
    assert leave_out[lang] in result.output, result.output
    # a workbook's sheet is no JSON
    path = workbook(tmp_path, "xlsx", mk.wide())
    result = cli(
        "survey", "import", path, "--dir", tmp_path / "s", "--lang", lang, "--format", "surveyjs"
    )
    assert result.exit_code == 1, result.output
    assert "SurveyJS" in result.output and leave_out[lang] in result.output, result.output
    # a sheet shorter than the header rows the format has
    short = wb.write_xlsx(tmp_path / "short.xlsx", [wb.Sheet("Sheet1", [["StartDate", "Q1_1"]])])
    result = cli(
        "survey", "import", short, "--dir", tmp_path / "s", "--lang", lang, "--format", "qualtrics"
    )
    assert result.exit_code == 1, result.output
    assert "Qualtrics" in result.output and re.search(r"(?<!\d)1(?!\d)", result.output)
    if lang != "en":
        text = result.output.replace(f"{short} › Sheet1", "")
        assert not re.search(r"\b(has|only|row|rows|export|header)\b", text), result.output


SHARED = HERE.parent.parent / "shared" / "data"


@pytest.mark.parametrize("lang", ("en",) + LANGS)
def test_the_questions_seen_are_counted_in_the_language(cli, tmp_path, lang):
    """A real SurveyMonkey export with no ranking: the error lists six questions and
    says how many there are, in the run's language."""
    path = SHARED / "surveymonkey" / "fivethirtyeight_steak_risk.csv"
    if not path.exists():
        pytest.skip("the shared exports are not here")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        first = next(csv.reader(fh))
    assert first[0] == "RespondentID"  # the tool's own column; every other is a question
    questions = len([c for c in first[1:] if c.strip()])
    result = cli("survey", "import", path, "--dir", tmp_path / "s", "--lang", lang)
    assert result.exit_code == 1, result.output
    counted = {
        "en": f"… ({questions} in all)",
        "pl": f"… (łącznie {questions})",
        "zh-Hans": f"…（共 {questions} 个）",
        "zh-Hant": f"…（共 {questions} 個）",
    }
    assert counted[lang] in result.output, (questions, result.output)
    if lang != "en":
        assert " in all" not in result.output, result.output
