"""What a newcomer trips on (issue: first contact), each as the mistake a user makes."""

from __future__ import annotations

import json

import pytest
from conftest import SAMPLE


@pytest.mark.parametrize("command", [["list"], ["export"], ["show", "anything"]])
def test_a_store_folder_that_does_not_exist_is_said(cli, tmp_path, command):
    missing = tmp_path / "nope"
    result = cli(*command, "--dir", missing)
    assert result.exit_code == 1
    assert "the folder does not exist" in result.output and str(missing) in result.output
    assert not missing.exists()


@pytest.mark.parametrize(
    "args, written",
    [(["--out", "x.json"], "json"), (["--out", "x.csv"], "csv"), (["--out", "x.txt"], "csv")],
)
def test_export_writes_what_the_file_name_says(cli, tmp_path, args, written):
    out = tmp_path / args[1]
    result = cli("export", "--dir", SAMPLE, "--out", out)
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    if written == "json":
        assert len(json.loads(text)) == 8
    else:
        assert text.startswith("id,created,respondent")


@pytest.mark.parametrize(
    "args, words",
    [
        (["--out", "x.xlsx"], ".xlsx is not a format export writes"),
        (["--format", "csv", "--out", "x.json"], "--format csv and a .json file disagree"),
        (["--format", "xml"], "'xml' is not csv or json"),
    ],
)
def test_export_refuses_a_format_the_name_does_not_say(cli, tmp_path, args, words):
    args = [str(tmp_path / a) if a.startswith("x.") else a for a in args]
    result = cli("export", "--dir", SAMPLE, *args)
    assert result.exit_code == 2 and words in " ".join(result.output.split())
    assert list(tmp_path.iterdir()) == []


def test_show_a_file_that_does_not_exist_says_so(cli, tmp_path):
    result = cli("show", "--dir", SAMPLE, tmp_path / "missing.toml")
    assert result.exit_code == 1 and "no such file" in result.output


def test_show_a_name_lists_that_persons_runs(cli):
    result = cli("show", "--dir", SAMPLE, "ana")
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "'ana' is not an id; 2 runs are by someone of that name" in out
    assert "2026-11-16T090500Z-ana-kowalska-3f9c" in out and "2026-08-14T092000Z" in out


def test_show_a_mistyped_id_offers_the_closest(cli):
    result = cli("show", "--dir", SAMPLE, "2026-11-17T151000Z-chen-wei-0bf7")
    assert result.exit_code == 1
    assert "2026-11-17T151000Z-chen-wei-0be7" in result.output


@pytest.mark.parametrize("option", ["--ranking", "--ratings"])
def test_a_mistyped_pillar_gets_a_did_you_mean(cli, folder, option):
    from conftest import RANKING, RATINGS

    ranking = RANKING.replace("service", "servce") if option == "--ranking" else RANKING
    ratings = "servce=3" if option == "--ratings" else RATINGS
    base = ("rate", "--dir", folder, "--respondent", "Ana", "--team", "T", "--yes")
    result = cli(*base, "--ratings", ratings, "--ranking", ranking)
    assert result.exit_code == 2
    assert f"{option}: unknown pillar 'servce'; did you mean 'service'?" in " ".join(
        result.output.split()
    )
    assert list(folder.iterdir()) == []


def test_a_superscript_digit_is_not_a_score(cli, folder):
    # '²' is a digit to str.isdigit() but not to int(): it ended in an internal error
    from conftest import RANKING

    base = ("rate", "--dir", folder, "--respondent", "Ana", "--team", "T", "--yes")
    result = cli(*base, "--ratings", "3,3,3,3,3,3,3,3,3,²", "--ranking", RANKING)
    assert result.exit_code == 2 and "'²' is not a whole number 1-5" in result.output


@pytest.mark.parametrize(
    "command", [["team"], ["list"], ["export"], ["chart", "scores"], ["compare", "--survey", "x"]]
)
def test_a_team_that_is_not_there_names_the_teams_that_are(cli, command):
    result = cli(*command, "--dir", SAMPLE, "--team", "retail")
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "no assessments matching --team retail" in out
    assert "did you mean --team 'Retail CX'? Teams here: Retail CX" in out


def test_dates_that_match_nothing_say_what_the_runs_span(cli):
    result = cli("team", "--dir", SAMPLE, "--since", "2030-01-01")
    assert result.exit_code == 1
    assert "the runs here are from 2026-05-20 to 2026-11-20" in result.output


def test_an_unknown_language_in_the_environment_is_said_once(cli, monkeypatch):
    monkeypatch.setenv("CX_PILLARS_LANG", "de")
    result = cli("list", "--dir", SAMPLE)
    assert result.exit_code == 0
    assert result.output.count("CX_PILLARS_LANG='de' is not a language cx-pillars speaks") == 1


@pytest.mark.parametrize(
    "name, start",
    [("Łucja Żółć", "lucja-zolc"), ("Søren Æbelø", "soren-aebelo"), ("Weiß", "weiss")],
)
def test_names_keep_their_letters_in_the_file_name(cli, folder, name, start):
    from conftest import RANKING, RATINGS

    base = ("rate", "--dir", folder, "--respondent", name, "--team", "T", "--yes")
    assert cli(*base, "--ratings", RATINGS, "--ranking", RANKING).exit_code == 0
    (saved,) = folder.glob("*.toml")
    assert f"Z-{start}-" in saved.name


def test_quiet_gives_scripts_the_results_and_errors_only(runner, folder, tmp_path):
    from conftest import RANKING, RATINGS

    from cx_pillars.cli import app

    def run(*args):
        return runner.invoke(app, [str(a) for a in args])

    base = ("-q", "rate", "--dir", folder, "-r", "Ana", "-t", "T", "--yes")
    saved = run(*base, "--ratings", RATINGS, "--ranking", RANKING)
    assert saved.exit_code == 0
    (path,) = folder.glob("*.toml")
    assert saved.stdout == f"{path}\n" and saved.stderr == ""
    out = tmp_path / "runs.csv"
    exported = run("--quiet", "export", "--dir", folder, "--out", out)
    assert exported.exit_code == 0 and exported.stdout == exported.stderr == "" and out.exists()
    loud = run("export", "--dir", folder, "--out", tmp_path / "again.csv")
    assert "Wrote 1 assessment" in loud.stderr
    failed = run("-q", "team", "--dir", tmp_path / "nope")
    assert failed.exit_code == 1 and "error:" in failed.stderr  # errors still said


def test_the_readme_framework_example_works_as_copied(cli, tmp_path):
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    section = readme.split("### Other frameworks", 1)[1]
    block = re.search(r"```toml\n(.*?)```", section, re.S).group(1)
    fw = tmp_path / "fw.toml"
    fw.write_text(block, "utf-8")
    result = cli("pillars", "--framework", fw, "--json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["pillars"]) >= 2


@pytest.mark.parametrize("lang, sep", [("pl", ";"), ("en", ","), ("zh-Hans", ",")])
def test_export_excel_reads_right_in_windows_excel(cli, tmp_path, lang, sep):
    import csv
    import io
    import shutil

    folder = tmp_path / "store"
    shutil.copytree(SAMPLE, folder)
    name = "Łucja Żółć 张伟"
    path = folder / "2026-11-17T151000Z-chen-wei-0be7.toml"
    path.write_text(path.read_text("utf-8").replace('"Chen Wei"', f'"{name}"'), "utf-8")
    out = tmp_path / "runs.csv"
    result = cli("export", "--dir", folder, "--excel", "--lang", lang, "--out", out)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=sep))
    assert rows[0][:3] == ["id", "created", "respondent"]
    assert name in [r[2] for r in rows[1:]]
    again = cli("export", "--dir", folder, "--excel", "--lang", lang, "--out", out, "--force")
    assert again.exit_code == 0, again.output  # it is an export cx-pillars wrote
    bad = cli("export", "--dir", folder, "--excel", "--out", tmp_path / "x.json")
    assert bad.exit_code == 2 and "--excel is for CSV" in bad.output
