"""First contact with the survey commands (issue 17): each test is the mistake a new
user makes, or the leftover a Polish or Chinese user meets."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest

from cx_pillars.pillars import builtin_framework

FW = builtin_framework()
HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "data"
FRAMEWORKS = HERE / "fixtures" / "survey" / "frameworks"
BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def customers(tmp_path_factory) -> Path:
    """The demo's survey export: 420 customers, a birth_year column."""
    from cx_pillars.demo import write_demo

    _, survey = write_demo(tmp_path_factory.mktemp("demo"), FW)
    return survey


def with_ages(source: Path, target: Path) -> Path:
    """The demo export with its birth years turned into ages (an `age` column)."""
    rows = list(csv.reader(io.StringIO(source.read_text("utf-8"))))
    at = rows[0].index("birth_year")
    rows[0][at] = "age"
    for row in rows[1:]:
        row[at] = str(2026 - int(row[at]))
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    target.write_text(buf.getvalue(), "utf-8")
    return target


def saved(store: Path) -> list[Path]:
    folder = store / "surveys"
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


# -- 1. survey import --replace ----------------------------------------------------------------


def test_a_mistaken_import_does_not_use_up_the_name(cli, tmp_path, customers):
    store = tmp_path / "store"
    first = cli("survey", "import", customers, "--name", "spring", "--dir", store)
    assert first.exit_code == 0, first.output
    again = cli("survey", "import", customers, "--name", "spring", "--dir", store)
    assert again.exit_code == 1
    assert "--replace" in again.output  # the way on is named
    before = (store / "surveys" / "spring.toml").read_text("utf-8")
    assert "segments" not in before
    fixed = cli(
        "survey",
        "import",
        customers,
        "--name",
        "spring",
        "--birth-year",
        "birth_year",
        "--replace",
        "--dir",
        store,
    )
    assert fixed.exit_code == 0, fixed.output
    after = (store / "surveys" / "spring.toml").read_text("utf-8")
    assert "[segments." in after and after != before
    assert saved(store) == [store / "surveys" / "spring.toml"]  # no temporary file left
    assert not [p for p in (store / "surveys").iterdir() if p.name.startswith(".")]


def test_replace_with_no_summary_there_just_saves(cli, tmp_path, customers):
    r = cli("survey", "import", customers, "--replace", "--dir", tmp_path)
    assert r.exit_code == 0, r.output
    assert saved(tmp_path) == [tmp_path / "surveys" / "customers.toml"]


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_replace_never_writes_through_a_symlink(cli, tmp_path, customers):
    store = tmp_path / "store"
    assert cli("survey", "import", customers, "--dir", store).exit_code == 0
    outside = tmp_path / "precious.toml"
    outside.write_bytes((store / "surveys" / "customers.toml").read_bytes())  # a real summary
    link = store / "surveys" / "customers.toml"
    link.unlink()
    link.symlink_to(outside)
    before = outside.read_bytes()
    r = cli("survey", "import", customers, "--replace", "--dir", store)
    assert r.exit_code == 1
    assert "symbolic link" in r.output and "nothing was" in r.output
    assert outside.read_bytes() == before and link.is_symlink()


@pytest.mark.parametrize(
    "content",
    [
        'id = "2026-01-01T000000Z-ana-1234"\nrespondent = "Ana"\n[ratings]\nservice = 3\n',
        "just some notes\n",
        'survey = 1\nname = "x"\n',  # says it is a summary, but is not a whole one
    ],
)
def test_replace_refuses_a_file_that_is_not_a_survey_summary(cli, tmp_path, customers, content):
    store = tmp_path / "store"
    target = store / "surveys" / "customers.toml"
    target.parent.mkdir(parents=True)
    target.write_text(content, "utf-8")
    r = cli("survey", "import", customers, "--replace", "--dir", store)
    assert r.exit_code == 1, r.output
    assert "not a survey summary" in r.output and str(target) in r.output
    assert target.read_text("utf-8") == content


def test_replace_refuses_a_folder_at_the_name(cli, tmp_path, customers):
    store = tmp_path / "store"
    (store / "surveys" / "customers.toml").mkdir(parents=True)
    r = cli("survey", "import", customers, "--replace", "--dir", store)
    assert r.exit_code == 1 and "not a survey summary" in r.output
    assert (store / "surveys" / "customers.toml").is_dir()


# -- 2. --age and --birth-year mixed up ------------------------------------------------------


def test_birth_years_given_as_ages_are_refused(cli, tmp_path, customers):
    r = cli("survey", "import", customers, "--age", "birth_year", "--dir", tmp_path)
    assert r.exit_code == 1, r.output
    line = r.output.strip()
    assert len(line.splitlines()) == 1
    assert "--birth-year birth_year" in line and "birth years" in line
    assert saved(tmp_path) == []


def test_ages_given_as_birth_years_are_refused(cli, tmp_path, customers):
    ages = with_ages(customers, tmp_path / "ages.csv")
    r = cli("survey", "import", ages, "--birth-year", "age", "--dir", tmp_path / "s")
    assert r.exit_code == 1, r.output
    assert "--age age" in r.output and "ages" in r.output
    assert saved(tmp_path / "s") == []
    right = cli("survey", "import", ages, "--age", "age", "--dir", tmp_path / "s", "--json")
    assert right.exit_code == 0, right.output
    assert "unknown" not in {s["segment"] for s in json.loads(right.stdout)["segments"]}


def test_a_generation_split_that_is_mostly_unknown_is_refused(cli, tmp_path, customers):
    rows = list(csv.reader(io.StringIO(customers.read_text("utf-8"))))
    at = rows[0].index("birth_year")
    for row in rows[1:300]:
        row[at] = ""  # most customers skipped the question
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    blank = tmp_path / "blank.csv"
    blank.write_text(buf.getvalue(), "utf-8")
    r = cli("survey", "import", blank, "--birth-year", "birth_year", "--dir", tmp_path / "s")
    assert r.exit_code == 1, r.output
    assert "299 of 420" in r.output and "unknown" in r.output
    assert saved(tmp_path / "s") == []


def test_the_mix_up_is_said_in_polish(cli, tmp_path, customers):
    r = cli("survey", "import", customers, "--age", "birth_year", "--dir", tmp_path, "--lang", "pl")
    assert r.exit_code == 1
    assert "--birth-year birth_year" in r.output and "lata urodzenia" in r.output


# -- 3. survey template --out kit.txt -------------------------------------------------------


@pytest.mark.parametrize("name", ["kit.txt", "kit.md"])
def test_template_out_with_a_text_extension_is_one_file(cli, tmp_path, name):
    out = tmp_path / name
    r = cli("survey", "template", "--out", out, "--lang", "en")
    assert r.exit_code == 0, r.output
    assert out.is_file()
    text = out.read_text("utf-8")
    assert "cx-pillars survey import" in text
    assert list(tmp_path.iterdir()) == [out]


def test_template_out_with_another_extension_is_a_usage_error(cli, tmp_path):
    r = cli("survey", "template", "--out", tmp_path / "kit.pdf")
    assert r.exit_code == 2
    assert "--out" in r.output and ".txt" in r.output and "folder" in r.output
    assert list(tmp_path.iterdir()) == []


def test_template_out_folder_still_writes_the_kit(cli, tmp_path):
    r = cli("survey", "template", "--out", tmp_path / "kit", "--lang", "pl")
    assert r.exit_code == 0, r.output
    names = sorted(p.name for p in (tmp_path / "kit").iterdir())
    assert names == ["survey-template.csv", "survey.txt"]


def test_template_csv_opens_in_polish_excel(cli, tmp_path):
    r = cli("survey", "template", "--out", tmp_path / "kit", "--lang", "pl")
    assert r.exit_code == 0, r.output
    data = (tmp_path / "kit" / "survey-template.csv").read_bytes()
    assert data.startswith(BOM)
    header = next(csv.reader(io.StringIO(data[3:].decode("utf-8")), delimiter=";"))
    assert len(header) > 20 and any("ł" in h or "ó" in h or "ś" in h for h in header)


# -- 4. language leftovers -------------------------------------------------------------------

#: English words that mean a message was not put through the catalogues
ENGLISH = re.compile(
    r"\b(no column|columns:|matches|give the|unknown|usable|every row|skipped|"
    r"cannot|must be|is not|not valid|pass --|one of|try |already exists|has the columns|"
    r"not a survey)\b"
)


def english_left(output: str) -> list[str]:
    # the words the user typed, file names and quoted cells are theirs, not ours
    text = re.sub(r"\"[^\"]*\"|'[^']*'|/\S+", "", output)
    return ENGLISH.findall(text)


def bad_inputs(tmp_path: Path, customers: Path) -> list[list[object]]:
    junk = tmp_path / "junk.json"
    junk.write_text("{not json", "utf-8")
    skipped = tmp_path / "skipped.csv"
    skipped.write_text(
        "id,service,friction,products,digital,communications,representatives,reputation,"
        "content,non_digital,advertising\n1,11,12,13,14,15,16,17,18,19,20\n",
        "utf-8",
    )
    empty = tmp_path / "empty.csv"
    empty.write_text(
        "id,service,friction,products,digital,communications,representatives,reputation,"
        "content,non_digital,advertising\n",
        "utf-8",
    )
    badmap = tmp_path / "map.toml"
    badmap.write_text('[columns]\n"service" = "servce"\n', "utf-8")
    not_csv_summary = tmp_path / "summary.csv"
    not_csv_summary.write_text("segment,statistic\nall,respondents\n", "utf-8")
    wrong_schema = tmp_path / "wave.toml"
    wrong_schema.write_text('survey = 2\nname = "wave"\n', "utf-8")
    store = tmp_path / "s"
    return [
        ["survey", "import", not_csv_summary, "--format", "summary", "--dir", store],
        ["survey", "merge", wrong_schema, wrong_schema, "--name", "c", "--dir", store],
        ["survey", "import", customers, "--age", "nope", "--dir", store],
        ["survey", "import", customers, "--segment", "nope", "--dir", store],
        ["survey", "import", customers, "--format", "xml", "--dir", store],
        ["survey", "import", customers, "--delimiter", ";;", "--dir", store],
        ["survey", "import", customers, "--encoding", "klingon", "--dir", store],
        ["survey", "import", junk, "--dir", store],
        ["survey", "import", skipped, "--dir", store],
        ["survey", "import", empty, "--dir", store],
        ["survey", "import", customers, "--map", badmap, "--dir", store],
        ["survey", "merge", "a", "b", "--name", "c", "--dir", store],
    ]


@pytest.mark.parametrize("lang", ["pl", "zh-Hans", "zh-Hant"])
def test_importer_messages_are_in_the_language(cli, tmp_path, customers, lang):
    for args in bad_inputs(tmp_path, customers):
        r = cli(*args, "--lang", lang)
        assert r.exit_code in (1, 2), (args, r.output)
        assert "Traceback" not in r.output
        assert not english_left(r.output), (args, r.output)


def test_the_english_of_those_messages_is_caught(cli, tmp_path, customers):
    # the check above can fail: in English the same runs hold the words it looks for
    found = [
        english_left(cli(*args, "--lang", "en").output) for args in bad_inputs(tmp_path, customers)
    ]
    assert sum(bool(f) for f in found) >= 8, found


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data not present")
@pytest.mark.parametrize("lang", ["pl", "zh-Hans", "zh-Hant"])
def test_real_exports_speak_the_language(cli, tmp_path, lang):
    runs = [
        [
            SHARED / "surveyjs" / "surveyjs_ranking_e2e_fixture.json",
            FRAMEWORKS / "phone_features.toml",
        ],
        [
            SHARED / "limesurvey" / "LimeSurvey192_ExportResultsTest_long_codes.csv",
            FRAMEWORKS / "lime_options.toml",
        ],
    ]
    for export, framework in runs:
        for extra in ([], ["--age", "nope"]):
            r = cli(
                "survey",
                "import",
                export,
                "--framework",
                framework,
                "--dir",
                tmp_path,
                "--lang",
                lang,
                *extra,
            )
            assert "Traceback" not in r.output
            assert not english_left(r.output), r.output
            for path in saved(tmp_path):
                path.unlink()


def test_the_read_as_line_names_the_columns_in_the_language(cli, tmp_path, customers):
    r = cli("survey", "import", customers, "--dir", tmp_path, "--lang", "pl")
    assert r.exit_code == 0, r.output
    assert "pillar-named" not in r.output


@pytest.mark.parametrize(
    "segment, count",
    [("Gen Z", 84), ("Millennials", 3), ("Gen X", 1), ("Boomers", 22)],
)
def test_polish_segment_prompts_agree_with_any_subject(segment, count):
    from cx_pillars.i18n import plural, segment_name, t

    for key in ("segment", "segment_generation", "segment_column", "segment_question"):
        text = t(
            f"compare.prompt.{key}",
            "pl",
            segment=segment_name(segment, "pl"),
            count=plural("compare.customers", count, "pl"),
            pillar="Cyfrowe",
            overall="Obsługa",
            column="region",
        )
        # a verb agreeing with the segment would be right for one subject and wrong for
        # another ("pokolenie Z stawiają", "milenialsi stawia")
        assert "stawiają" not in text and "stawia " not in text, text
        assert "„Cyfrowe”" in text


@pytest.mark.parametrize(
    "count, word", [(1, "respondenta"), (2, "respondentów"), (5, "respondentów")]
)
def test_the_merged_notice_counts_in_polish(count, word):
    from cx_pillars.i18n import plural

    segments = plural("segments.segment_count", 2, "pl")
    text = plural("segments.merged_notice", count, "pl", k=5, segments=segments, other="inne")
    assert f"{count} {word} z 2 segmentów" in text


def test_one_skipped_row_reads_as_a_sentence(cli, tmp_path):
    export = tmp_path / "one.csv"
    header = ",".join(FW.ids)
    good = ",".join(str(k) for k in range(1, 11))
    export.write_text(f"{header}\n" + f"{good}\n" * 30 + "1,1,,,,,,,,\n", "utf-8")
    r = cli("survey", "import", export, "--dir", tmp_path / "s")
    assert r.exit_code == 0, r.output
    assert "1 row skipped: duplicate rank (line 32)" in r.output
    assert "duplicate rank 1" not in r.output


def test_no_message_counts_with_s_in_brackets():
    from importlib import resources

    folder = resources.files("cx_pillars").joinpath("data", "i18n")
    mine = [
        f.name
        for f in folder.iterdir()
        if f.name.endswith((".survey.toml", ".compare.toml", ".segments.toml"))
    ]
    for name in mine:
        text = folder.joinpath(name).read_text("utf-8")
        assert "(s)" not in text and "(es)" not in text, name


# -- 5. --map did you mean --------------------------------------------------------------------


@pytest.mark.parametrize(
    "table, key, given, meant",
    [
        ("values", "Service", "servce", "service"),
        ("columns", "svc", "Customer service", None),  # a label: said which id it is
        ("values", "Price", "frictoin", "friction"),
    ],
)
def test_map_values_that_name_no_pillar_get_a_did_you_mean(
    cli, tmp_path, customers, table, key, given, meant
):
    m = tmp_path / "map.toml"
    m.write_text(f'[{table}]\n"{key}" = "{given}"\n', "utf-8")
    r = cli("survey", "import", customers, "--map", m, "--dir", tmp_path / "s")
    assert r.exit_code == 1, r.output
    assert "did you mean" in r.output
    if meant:
        assert f"'{meant}'" in r.output
    assert saved(tmp_path / "s") == []


def test_map_did_you_mean_in_polish(cli, tmp_path, customers):
    m = tmp_path / "map.toml"
    m.write_text('[values]\n"X" = "obsluga"\n', "utf-8")
    r = cli("survey", "import", customers, "--map", m, "--dir", tmp_path / "s", "--lang", "pl")
    assert r.exit_code == 1
    assert "czy chodziło o" in r.output


# -- 6. CSV for Windows Excel ----------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, delimiter", [("pl", ";"), ("en", ","), ("zh-Hans", ","), ("zh-Hant", ",")]
)
def test_excel_csv_starts_with_the_bom_and_uses_the_locale_delimiter(lang, delimiter):
    from datetime import UTC, datetime

    from cx_pillars.assessment import Assessment
    from cx_pillars.exporting import excel_delimiter, to_csv_bytes

    people = ["Łucja Żółć", "王小明", "陳大文"]
    found = [
        Assessment(
            id=f"2026-01-0{k}T000000Z-x-000{k}",
            created=datetime(2026, 1, k + 1, tzinfo=UTC),
            respondent=name,
            team="Zespół CX",
            role="",
            ratings=dict.fromkeys(FW.ids, 3),
            ranking=list(FW.ids),
        )
        for k, name in enumerate(people)
    ]
    data = to_csv_bytes(found, FW, excel=True, lang=lang)
    assert data.startswith(BOM)
    assert excel_delimiter(lang) == delimiter
    table = list(csv.reader(io.StringIO(data[len(BOM) :].decode("utf-8")), delimiter=delimiter))
    at = table[0].index("respondent")
    assert [row[at] for row in table[1:]] == people
    assert table[1][table[0].index("team")] == "Zespół CX"
    plain = to_csv_bytes(found, FW)
    assert not plain.startswith(BOM) and plain.decode("utf-8").startswith("id,created,")


@pytest.mark.parametrize(
    "lang, count, words",
    [
        ("en", 1, "Only 1 customer answered"),
        ("en", 3, "Only 3 customers answered"),
        ("pl", 1, "Odpowiedział tylko 1 klient:"),
        ("pl", 3, "Odpowiedziało tylko 3 klientów"),
    ],
)
def test_a_small_sample_is_counted_in_proper_forms(lang, count, words):
    from cx_pillars.views.compare import prompt_text

    prompt = {"kind": "small_sample", "values": {"respondents": count, "more_needed": 9}}
    text = prompt_text(prompt, FW, lang)
    assert words in text, text
