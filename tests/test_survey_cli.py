"""`cx-pillars survey import | merge | template` through the real Typer app."""

import importlib.util
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from cx_pillars.pillars import builtin_framework

HERE = Path(__file__).resolve().parent
FIX = HERE / "fixtures" / "survey"
spec = importlib.util.spec_from_file_location("make_fixtures", FIX / "make_fixtures.py")
mk = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mk)
FW = builtin_framework()

RANKING_KEYS = {
    "pillar",
    "position",
    "mean_rank",
    "ci_low",
    "ci_high",
    "first_place_share",
    "top3_share",
    "position_low",
    "position_high",
    "tied_with",
    "preference_share",
}


def test_json_has_exactly_the_documented_keys(cli, tmp_path):
    # each respondent five times over: every generation has the 5 a segment needs
    five = tmp_path / "in" / "qualtrics.csv"
    five.parent.mkdir()
    five.write_text(mk.qualtrics(mk.RESPONDENTS * 5), encoding="utf-8")
    r = cli(
        "survey",
        "import",
        five,
        "--birth-year",
        "born",
        "--dir",
        tmp_path,
        "--json",
    )
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert set(doc) == {
        "name",
        "format",
        "respondents",
        "skipped",
        "margin_of_error",
        "ranking",
        "segments",
        "detected",
    }
    assert doc["name"] == "qualtrics" and doc["format"] == "qualtrics"
    assert doc["respondents"] == 25 and doc["skipped"] == {"no ranking": 5}
    assert doc["margin_of_error"] == pytest.approx(1.96 * math.sqrt(0.25 / 25), abs=1e-6)
    assert [set(r) for r in doc["ranking"]] == [RANKING_KEYS] * 10
    assert [r["position"] for r in doc["ranking"]] == list(range(1, 11))
    means = [r["mean_rank"] for r in doc["ranking"]]
    assert means == sorted(means)
    assert {s["segment"] for s in doc["segments"]} == {
        "Gen Z",
        "Millennials",
        "Gen X",
        "Boomers",
        "unknown",
    }
    assert [s["segment"] for s in doc["segments"]][:4] == [
        "Gen Z",
        "Millennials",
        "Gen X",
        "Boomers",
    ]
    for s in doc["segments"]:
        assert set(s) == {"segment", "respondents", "ranking"}
        assert s["respondents"] == 5 and [set(r) for r in s["ranking"]] == [RANKING_KEYS] * 10


def test_ties_are_broken_by_first_places_then_catalog_order(cli, tmp_path):
    header = ",".join(FW.ids)
    path = tmp_path / "t.csv"
    # content and digital both average 2.5, digital with a first place; products and
    # service both average 7.5 with none: catalog order.
    path.write_text(f"{header}\n3,2,1,4,5,6,7,8,9,10\n1,3,4,2,5,6,8,7,9,10\n")
    r = cli("survey", "import", path, "--dir", tmp_path / "s", "--json")
    assert r.exit_code == 0, r.output
    order = [x["pillar"] for x in json.loads(r.stdout)["ranking"]]
    assert order[:4] == ["advertising", "digital", "content", "non_digital"]
    assert order.index("products") == order.index("service") - 1


def test_text_output_shows_mapping_reading_and_where_it_saved(cli, tmp_path):
    r = cli(
        "survey", "import", FIX / "surveymonkey.csv", "--dir", tmp_path, "--name", "Wave 1 (March)"
    )
    assert r.exit_code == 0, r.output
    out = r.output
    assert "Read surveymonkey.csv as SurveyMonkey (2 header rows; UTF-8, comma-delimited)." in out
    assert "Customer service they receive" in out and "service" in out  # the mapping
    assert "ratings 1-5: 10 columns" in out and "NPS 0-10" in out and "CES 1-7" in out
    assert "5 respondents; 1 row skipped: no ranking (line 6)." in out
    assert "the ranking is anecdotal" in out and "380 more" in out
    assert "Mean rank = the average position" in out
    saved = tmp_path / "surveys" / "wave-1-march.toml"
    assert f"Saved {saved}" in out.replace("\n", "")
    assert saved.is_file()


def test_sample_size_reading_between_30_and_385(cli, tmp_path):
    path = tmp_path / "w.csv"
    rows = [",".join(FW.ids)] + [
        ",".join(str((i + j) % 10 + 1) for j in range(10)) for i in range(100)
    ]
    path.write_text("\n".join(rows) + "\n")
    r = cli("survey", "import", path, "--dir", tmp_path / "s")
    assert r.exit_code == 0, r.output
    assert (
        "Margin of error ±9.8 percentage points with 100 respondents; 285 more responses "
        "give ±5%." in " ".join(r.output.split())
    )


@pytest.mark.parametrize(
    "name,opts",
    [
        ("wide.csv", []),
        ("qualtrics.csv", []),
        ("qualtrics_legacy.csv", []),
        ("surveymonkey.csv", []),
        ("google_forms.csv", []),
        ("limesurvey_codes.csv", ["--map", FIX / "limesurvey_map.toml"]),
        ("limesurvey_full.csv", []),
        ("ms_forms.csv", []),
        ("formbricks.csv", []),
        ("surveyjs.json", []),
    ],
)
def test_no_personal_data_reaches_the_summary(cli, tmp_path, name, opts):
    r = cli("survey", "import", FIX / name, "--dir", tmp_path, *opts)
    assert r.exit_code == 0, r.output
    text = next((tmp_path / "surveys").glob("*.toml")).read_text(encoding="utf-8")
    for secret in mk.PERSONAL:
        assert secret not in text
        for word in secret.replace(",", " ").split():
            if len(word) > 4 and "@" not in word:
                assert word.casefold() not in text.casefold(), word
    assert "@" not in text
    assert "HYPERLINK" not in text
    for needle in ("203.0.113", "198.51.100", "192.0.2."):
        assert needle not in text


def test_merge_needs_two(cli, tmp_path):
    r = cli("survey", "merge", "one", "--name", "x", "--dir", tmp_path)
    assert r.exit_code == 2


def test_merge_of_unknown_name(cli, tmp_path):
    r = cli("survey", "merge", "a", "b", "--name", "x", "--dir", tmp_path)
    assert r.exit_code == 1 and "no survey summary named 'a'" in r.output


# -- the template: tests/test_survey_template.py ------------------------------------------


# -- fast start ------------------------------------------------------------------------------


def test_survey_help_does_not_import_numpy_or_rich():
    code = (
        "import sys\n"
        "sys.argv = ['cx-pillars', 'survey', 'import', '--help']\n"
        "from cx_pillars.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print([m for m in ('numpy', 'rich', 'cx_pillars.survey.engine') "
        "if m in sys.modules])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "--birth-year" in out and "--question" in out
    assert out.strip().splitlines()[-1] == "[]"


# -- segments --------------------------------------------------------------------------------


def test_ages_become_generations_with_the_year_of_each_response(cli, tmp_path):
    header = ",".join(FW.ids)
    ranks = "1,2,3,4,5,6,7,8,9,10"
    rows = [
        ("2025/01/09 9:16:17 PM EST", "28"),  # born 1997: Gen Z
        ("2025/01/09 9:20:00 PM EST", "45"),  # 1980: Gen X
        ("7/10/14 18:37", "45"),  # 2014 - 45 = 1969: Gen X
        ("2025-03-01 10:00:00", "25-34"),  # midpoint 29.5: 1995, Millennials
        ("2025-03-01 10:00:00", "65+"),  # open-ended: unknown
        ("2025-03-01 10:00:00", ""),
    ]  # blank: unknown
    path = tmp_path / "ages.csv"
    # each row five times: a segment needs 5 respondents to be shown
    body = "".join(f"{d},{a},{ranks}\n" for d, a in rows for _ in range(5))
    path.write_text(f"Timestamp,Age,{header}\n" + body)
    r = cli("survey", "import", path, "--age", "age", "--dir", tmp_path / "s", "--json")
    assert r.exit_code == 0, r.output
    got = {s["segment"]: s["respondents"] for s in json.loads(r.stdout)["segments"]}
    assert got == {"Gen Z": 5, "Gen X": 10, "Millennials": 5, "unknown": 10}
    text = cli("survey", "import", path, "--age", "Age", "--dir", tmp_path / "s", "--name", "again")
    assert (
        'generations from the ages in "Age", with the year of each response (Timestamp)'
        in " ".join(text.output.split())
    )


def test_ages_without_a_date_use_this_year(cli, tmp_path):
    from datetime import date

    year = date.today().year
    path = tmp_path / "a.csv"
    path.write_text(
        "age,"
        + ",".join(FW.ids)
        + "\n"
        + f"{year - 2000},1,2,3,4,5,6,7,8,9,10\n" * 5  # born 2000: Gen Z
        + f"{year - 1950},1,2,3,4,5,6,7,8,9,10\n" * 5
    )  # born 1950: Boomers
    r = cli("survey", "import", path, "--age", "age", "--dir", tmp_path / "s", "--json")
    got = {s["segment"]: s["respondents"] for s in json.loads(r.stdout)["segments"]}
    assert got == {"Gen Z": 5, "Boomers": 5}


def test_segment_values_as_given(cli, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(
        "region,"
        + ",".join(FW.ids)
        + "\n"
        + "North,1,2,3,4,5,6,7,8,9,10\n  North ,10,9,8,7,6,5,4,3,2,1\n" * 5
        + "South,1,2,3,4,5,6,7,8,9,10\n,1,2,3,4,5,6,7,8,9,10\n" * 5
    )  # five times over: a segment needs 5 respondents
    r = cli("survey", "import", path, "--segment", "region", "--dir", tmp_path / "s", "--json")
    got = {s["segment"]: s["respondents"] for s in json.loads(r.stdout)["segments"]}
    assert got == {"North": 10, "South": 5, "unknown": 5}
    assert [s["segment"] for s in json.loads(r.stdout)["segments"]] == ["North", "South", "unknown"]


def test_a_summary_toml_imports_under_a_new_name(cli, tmp_path):
    first = cli("survey", "import", FIX / "wide.csv", "--dir", tmp_path / "a")
    assert first.exit_code == 0
    r = cli(
        "survey",
        "import",
        tmp_path / "a" / "surveys" / "wide.toml",
        "--dir",
        tmp_path / "b",
        "--name",
        "copy",
        "--json",
    )
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["respondents"] == 5
    assert (tmp_path / "b" / "surveys" / "copy.toml").is_file()


def test_nps_and_ces_columns_from_the_map(cli, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text(
        "q9,q10," + ",".join(FW.ids) + "\n10,7,1,2,3,4,5,6,7,8,9,10\n0,1,10,9,8,7,6,5,4,3,2,1\n"
    )
    mapfile = tmp_path / "map.toml"
    mapfile.write_text('nps = "q9"\nces = "Q10"\n')
    r = cli("survey", "import", path, "--map", mapfile, "--dir", tmp_path / "s")
    assert r.exit_code == 0, r.output
    assert "NPS +0 (2 answers" in r.output and "CES 4.00 of 7" in r.output


def test_tiny_sample_shows_places_not_a_whole_span_on_every_row(cli, tmp_path):
    """Two customers cannot separate any neighbouring pair: every span is 1..10, which
    says nothing on each row; the # column gives the place (as `team` does) and the
    line under the table says no pair can be told apart."""
    header = ",".join(FW.ids)
    path = tmp_path / "t.csv"
    path.write_text(f"{header}\n1,2,3,4,5,6,7,8,9,10\n2,1,3,4,5,6,7,8,9,10\n")
    data = json.loads(cli("survey", "import", path, "--dir", tmp_path / "j", "--json").stdout)
    spans = {(r["position_low"], r["position_high"]) for r in data["ranking"]}
    assert spans == {(1, 10)}  # the premise: no position is supported
    r = cli("survey", "import", path, "--dir", tmp_path / "s")
    assert r.exit_code == 0, r.output
    assert "1–10" not in r.output
    import re

    places = [int(m[1]) for m in re.finditer(r"^\s*(\d+)\s+[A-Z]", r.output, re.M)]
    assert places == list(range(1, 11)), r.output
    assert "cannot tell any pillar from the next" in r.output.replace("\n", " ")
