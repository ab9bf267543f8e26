"""``--survey FILE`` with a survey export: compare, chart and report import it on the fly
(issue 12, item 7), give the numbers a saved import gives, and save nothing unless
``--save NAME`` says so."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE

FIXTURES = Path(__file__).parent / "fixtures" / "survey"
QUALTRICS = FIXTURES / "qualtrics.csv"
WIDE = FIXTURES / "wide.csv"


@pytest.fixture
def team(tmp_path):
    """A copy of the sample team, with no surveys folder yet."""
    store = tmp_path / "team"
    shutil.copytree(SAMPLE, store)
    shutil.rmtree(store / "surveys", ignore_errors=True)
    return store


@pytest.fixture
def demo_files(tmp_path):
    """The demo team and its survey export, not imported."""
    from cx_pillars.demo import write_demo
    from cx_pillars.pillars import builtin_framework

    return write_demo(tmp_path / "demo", builtin_framework())


def surveys(store: Path) -> list[str]:
    folder = store / "surveys"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def numbers(output: str) -> dict:
    """compare --json without what names the survey file (name, source, import time)."""
    data = json.loads(output)
    for key in ("name", "source", "imported"):
        data["survey"].pop(key, None)
    return data


@pytest.mark.parametrize("export", [QUALTRICS, WIDE], ids=["qualtrics", "wide"])
def test_compare_reads_an_export_like_a_saved_import(cli, team, export):
    fly = cli("compare", "--dir", team, "--survey", export, "--json")
    assert fly.exit_code == 0, fly.output
    assert surveys(team) == []  # nothing saved without --save
    imported = cli("survey", "import", export, "--dir", team, "--name", "saved")
    assert imported.exit_code == 0, imported.output
    named = cli("compare", "--dir", team, "--survey", "saved", "--json")
    assert named.exit_code == 0, named.output
    assert numbers(fly.stdout) == numbers(named.stdout)


def test_json_stays_pure_and_the_note_goes_to_stderr(cli, team):
    result = cli("compare", "--dir", team, "--survey", QUALTRICS, "--json", "--lang", "en")
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)  # stdout is JSON only
    note = result.stderr.strip()
    assert len(note.splitlines()) == 1
    assert note.startswith("Read qualtrics.csv as Qualtrics")
    assert "respondents" in note and "--save NAME" in note


@pytest.mark.parametrize("lang", ["pl", "zh-Hans", "zh-Hant"])
def test_the_note_is_translated(cli, team, lang):
    result = cli("compare", "--dir", team, "--survey", QUALTRICS, "--json", "--lang", lang)
    assert result.exit_code == 0, result.output
    note = result.stderr.strip()
    assert "qualtrics.csv" in note and "--save" in note and not note.startswith("Read ")


def test_segments_pass_through(cli, demo_files):
    store, export = demo_files
    fly = cli("compare", "--dir", store, "--survey", export, "--birth-year", "birth_year", "--json")
    assert fly.exit_code == 0, fly.output
    assert numbers(fly.stdout)["segments"]
    assert surveys(store) == []
    plain = cli("compare", "--dir", store, "--survey", export, "--json")
    assert not numbers(plain.stdout)["segments"]
    imported = cli("survey", "import", export, "--dir", store, "--birth-year", "birth_year")
    assert imported.exit_code == 0, imported.output
    name = surveys(store)[0].removesuffix(".toml")
    named = cli("compare", "--dir", store, "--survey", name, "--json")
    assert numbers(fly.stdout) == numbers(named.stdout)


def test_only_one_split(cli, demo_files):
    store, export = demo_files
    result = cli("compare", "--dir", store, "--survey", export, "--age", "a", "--birth-year", "b")
    assert result.exit_code == 2
    assert "only one of --segment, --age and --birth-year" in result.output


def test_map_and_question_pass_through(cli, team, tmp_path):
    lime = FIXTURES / "limesurvey_codes.csv"
    lime_map = FIXTURES / "limesurvey_map.toml"
    without = cli("compare", "--dir", team, "--survey", lime)
    assert without.exit_code == 1  # the codes match no pillar without the map
    fly = cli("compare", "--dir", team, "--survey", lime, "--map", lime_map, "--json")
    assert fly.exit_code == 0, fly.output
    cli("survey", "import", lime, "--dir", team, "--map", lime_map, "--name", "lime")
    named = cli("compare", "--dir", team, "--survey", "lime", "--json")
    assert numbers(fly.stdout) == numbers(named.stdout)
    asked = cli("compare", "--dir", team, "--survey", QUALTRICS, "--question", "rank", "--json")
    assert asked.exit_code == 0, asked.output
    wrong = cli("compare", "--dir", team, "--survey", QUALTRICS, "--question", "zzz-no-such")
    assert wrong.exit_code != 0 and "zzz-no-such" in wrong.output


def test_save_keeps_it_once(cli, team):
    first = cli("compare", "--dir", team, "--survey", QUALTRICS, "--save", "wave1", "--json")
    assert first.exit_code == 0, first.output
    assert surveys(team) == ["wave1.toml"]
    saved = (team / "surveys" / "wave1.toml").read_bytes()
    assert "wave1" in first.stderr
    again = cli("compare", "--dir", team, "--survey", QUALTRICS, "--save", "wave1")
    assert again.exit_code == 1
    assert "already exists" in again.output and len(again.output.strip().splitlines()) == 1
    assert (team / "surveys" / "wave1.toml").read_bytes() == saved
    # saved exactly as `survey import --name wave1` would
    other = team.parent / "other"
    shutil.copytree(team, other)
    shutil.rmtree(other / "surveys")
    cli("survey", "import", QUALTRICS, "--dir", other, "--name", "wave1")
    from cx_pillars.survey.summary import load_summary

    a, b = (
        load_summary(team / "surveys" / "wave1.toml"),
        load_summary(other / "surveys" / "wave1.toml"),
    )
    a.imported = b.imported
    assert a.to_dict() == b.to_dict()
    named = cli("compare", "--dir", team, "--survey", "wave1", "--json")
    assert numbers(named.stdout) == numbers(first.stdout)


def test_a_summary_file_still_loads(cli, team, tmp_path):
    cli("survey", "import", QUALTRICS, "--dir", team, "--name", "q")
    copy = tmp_path / "q-copy.toml"
    shutil.copy(team / "surveys" / "q.toml", copy)
    by_file = cli("compare", "--dir", team, "--survey", copy, "--json")
    assert by_file.exit_code == 0, by_file.output
    assert by_file.stderr == ""  # a summary is loaded, not imported
    by_name = cli("compare", "--dir", team, "--survey", "q", "--json")
    assert json.loads(by_file.stdout) == json.loads(by_name.stdout)


@pytest.mark.parametrize("ref", ["nope", "missing/export.csv"])
def test_unknown_name_or_missing_file(cli, team, ref):
    cli("survey", "import", QUALTRICS, "--dir", team, "--name", "wave1")
    result = cli("compare", "--dir", team, "--survey", ref, "--lang", "en")
    assert result.exit_code == 1
    line = result.output.strip()
    assert len(line.splitlines()) == 1
    assert f"no survey summary named {ref!r}" in line
    assert "wave1" in line and "file" in line


def test_import_options_need_an_export(cli, team):
    cli("survey", "import", QUALTRICS, "--dir", team, "--name", "wave1")
    result = cli("compare", "--dir", team, "--survey", "wave1", "--segment", "x")
    assert result.exit_code == 2 and "--segment" in result.output
    result = cli("compare", "--dir", team, "--survey", "wave1", "--save", "again")
    assert result.exit_code == 2 and "--save" in result.output


def test_chart_reads_an_export(cli, team, tmp_path):
    out = tmp_path / "gap.svg"
    fly = cli("chart", "gap", "--dir", team, "--survey", QUALTRICS, "--out", out)
    assert fly.exit_code == 0, fly.output
    assert out.is_file() and surveys(team) == []
    preview = cli("chart", "priorities", "--dir", team, "--survey", QUALTRICS)
    assert preview.exit_code == 0, preview.output
    cli("survey", "import", QUALTRICS, "--dir", team)  # named "qualtrics", as on the fly
    named = cli("chart", "priorities", "--dir", team, "--survey", "qualtrics")
    assert preview.stdout == named.stdout


def test_report_reads_an_export(cli, demo_files, tmp_path):
    store, export = demo_files
    pdf = tmp_path / "pack.pdf"
    result = cli(
        "report", "--dir", store, "--survey", export, "--birth-year", "birth_year", "--out", pdf
    )
    assert result.exit_code == 0, result.output
    assert pdf.is_file() and surveys(store) == []
    assert "--save" in result.stderr
