"""A survey definition passed instead of the responses is named for what it is, and
the line says what to export instead (Qualtrics .qsf, SurveyJS schema, LimeSurvey
.lss/.lsg/.lsq/.lsa); real responses files are never taken for one."""

import io
import json
import zipfile
from pathlib import Path

import pytest

from cx_pillars.errors import CxError
from cx_pillars.survey import read

FIX = Path(__file__).resolve().parent / "fixtures" / "survey"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
QSF = sorted((SHARED / "qualtrics").glob("*.qsf.json")) if SHARED.is_dir() else []
LANGS = ("en", "pl", "zh-Hans", "zh-Hant")

SCHEMA = {
    "title": "Features",
    "pages": [
        {
            "name": "page1",
            "elements": [
                {"type": "ranking", "name": "features", "choices": ["price", "speed", "design"]}
            ],
        }
    ],
}
LSS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<document>\n'
    " <LimeSurveyDocType>{doc}</LimeSurveyDocType>\n <DBVersion>366</DBVersion>\n"
    " <languages><language>en</language></languages>\n</document>\n"
)


def fails(cli, tmp_path, path, *extra):
    result = cli("survey", "import", path, "--dir", tmp_path / "store", *extra)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1, result.output
    assert not (tmp_path / "store" / "surveys").exists() or not any(
        (tmp_path / "store" / "surveys").iterdir()
    )
    return lines[0]


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def zipped(names: list[str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in names:
            zf.writestr(name, "<document></document>")
    return buf.getvalue()


@pytest.mark.skipif(not QSF, reason="no shared Qualtrics .qsf files")
@pytest.mark.parametrize("path", QSF, ids=lambda p: p.name)
def test_a_real_qualtrics_qsf(cli, tmp_path, path):
    line = fails(cli, tmp_path, path)
    assert line == (
        f"error: {path}: is a Qualtrics survey definition (.qsf), not the responses "
        "(export the responses: Data & Analysis › Export & Import › Export data › CSV)"
    )


def test_a_qsf_named_qsf(cli, tmp_path):
    text = json.dumps({"SurveyEntry": {"SurveyID": "SV_1"}, "SurveyElements": []})
    line = fails(cli, tmp_path, write(tmp_path, "survey.qsf", text))
    assert "is a Qualtrics survey definition (.qsf)" in line


def test_a_surveyjs_schema(cli, tmp_path):
    path = write(tmp_path, "survey.json", json.dumps(SCHEMA, indent=2))
    line = fails(cli, tmp_path, path)
    assert line == (
        f"error: {path}: is a SurveyJS survey schema, not the results "
        "(export the results as JSON or CSV)"
    )


def test_a_single_page_surveyjs_schema(cli, tmp_path):
    schema = {"elements": SCHEMA["pages"][0]["elements"]}  # type: ignore[index]
    line = fails(cli, tmp_path, write(tmp_path, "s.json", json.dumps(schema)))
    assert "is a SurveyJS survey schema" in line


def test_a_schema_longer_than_the_head(cli, tmp_path):
    long = dict(SCHEMA, description="x" * 200_000, completedHtml='<p>"done"</p>')
    line = fails(cli, tmp_path, write(tmp_path, "s.json", json.dumps(long)))
    assert "is a SurveyJS survey schema" in line


def test_a_schema_with_the_results_after_it_is_not_refused(tmp_path):
    data = dict(SCHEMA, description="x" * 200_000, results=[{"features": ["speed", "price"]}])
    path = write(tmp_path, "s.json", json.dumps(data))
    assert read.inspect(path).kind == "json"


@pytest.mark.parametrize(
    "doc, name, words",
    [
        ("Survey", "s.lss", "is a LimeSurvey survey structure (.lss), not the responses"),
        ("Group", "g.lsg", "is a LimeSurvey question group (.lsg), not the responses"),
        ("Question", "q.lsq", "is a LimeSurvey question (.lsq), not the responses"),
        ("Tokens", "t.lst", "is a LimeSurvey XML file, not a responses export"),
    ],
)
def test_limesurvey_xml(cli, tmp_path, doc, name, words):
    path = write(tmp_path, name, "\ufeff" + LSS.format(doc=doc))
    line = fails(cli, tmp_path, path)
    assert line == f"error: {path}: {words} (Responses › Export › CSV)"


@pytest.mark.parametrize(
    "name, members",
    [
        ("survey_archive_1.lsa", ["survey_archive_1.lss", "survey_archive_1.lsr"]),
        ("archive.zip", ["survey_archive_1.lss", "survey_archive_1.lsr"]),
        ("archive.lsa", ["notes.txt"]),
    ],
)
def test_a_limesurvey_archive(tmp_path, name, members):
    # The reader's own refusal (a .zip may be opened before it, by the import).
    with pytest.raises(CxError) as err:
        read.inspect(write(tmp_path, name, zipped(members)))
    assert str(err.value).endswith(
        "is a LimeSurvey survey archive (.lsa), not a responses export (Responses › Export › CSV)"
    )


@pytest.mark.parametrize(
    "name, members",
    [
        ("survey_archive_1.lsa", ["survey_archive_1.lss", "survey_archive_1.lsr"]),
        ("archive.zip", ["survey_archive_1.lss", "survey_archive_1.lsr"]),  # renamed
        ("archive.lsa", ["notes.txt"]),
        ("survey_2.lsa", ["survey_2_responses.lsr", "survey_2.lss", "readme.txt"]),
    ],
)
def test_a_limesurvey_archive_given_to_the_import(cli, tmp_path, name, members):
    # A .lsa is a zip: the import must not open it as a download holding an export.
    path = write(tmp_path, name, zipped(members))
    assert fails(cli, tmp_path, path) == (
        f"error: {path}: is a LimeSurvey survey archive (.lsa), not a responses export "
        "(Responses › Export › CSV)"
    )


def test_an_excel_workbook_is_still_excel(tmp_path):
    data = zipped(["[Content_Types].xml", "xl/workbook.xml"])
    with pytest.raises(CxError) as err:
        read.inspect(write(tmp_path, "book.xlsx", data))
    assert "is an Excel workbook" in str(err.value)


@pytest.mark.parametrize("lang", LANGS)
def test_the_refusals_speak_the_language(cli, tmp_path, lang):
    files = [
        write(tmp_path, "q.qsf", json.dumps({"SurveyEntry": {}, "SurveyElements": []})),
        write(tmp_path, "s.json", json.dumps(SCHEMA)),
        write(tmp_path, "s.lss", LSS.format(doc="Survey")),
    ]
    english = ("survey definition", "survey schema", "survey structure")
    for path, words in zip(files, english, strict=True):
        line = fails(cli, tmp_path, path, "--lang", lang)
        assert str(path) in line
        assert (words in line) == (lang == "en"), (lang, line)


def _responses() -> list[Path]:
    files = [p for p in FIX.rglob("*") if p.suffix.lower() in (".csv", ".json", ".jsonl")]
    if SHARED.is_dir():
        files += sorted(SHARED.rglob("*.csv"))
        files += [p for p in SHARED.rglob("*.json") if not p.name.endswith(".qsf.json")]
    return sorted(files)


@pytest.mark.parametrize("path", _responses(), ids=lambda p: p.name)
def test_real_responses_are_not_taken_for_a_definition(path):
    head = path.read_bytes()[: 1 << 16]
    read._check_definition(path, head)  # raises if taken for one
    try:
        read.inspect(path)
    except CxError as exc:
        words = str(exc)
        assert "LimeSurvey" not in words and "SurveyJS" not in words and ".qsf" not in words
