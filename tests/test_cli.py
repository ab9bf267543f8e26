"""The commands of issue 2 through Typer's test runner: rate by flags, pillars, list,
show, export, exit codes and error lines."""

import csv
import io
import json
import tomllib

import pytest
from conftest import RANKING, RATINGS, SAMPLE


def rate(cli, folder, *extra):
    return cli(
        "rate",
        "--dir",
        folder,
        "--respondent",
        "Ana",
        "--team",
        "Retail CX",
        "--role",
        "Service",
        "--ratings",
        RATINGS,
        "--ranking",
        RANKING,
        "--yes",
        *extra,
    )


def only_file(folder):
    files = list(folder.glob("*.toml"))
    assert len(files) == 1
    return files[0]


def test_rate_with_flags_saves_a_valid_file(cli, folder):
    result = rate(cli, folder, "--note", "friction=Returns take too long")
    assert result.exit_code == 0, result.output
    doc = tomllib.loads(only_file(folder).read_text())
    assert doc["respondent"] == "Ana" and doc["team"] == "Retail CX"
    assert doc["ratings"]["digital"] == 4 and sum(doc["ratings"].values()) == 30
    assert doc["ranking"][:2] == ["service", "friction"]
    assert doc["notes"] == {"friction": "Returns take too long"}
    assert "Total 30/50" in result.output
    assert "Strongest: Digital, Non-digital, Products (4/5)" in result.output
    assert "Nobody honestly scores 50/50" in result.output


def test_rate_named_ratings_and_last_place_filled_in(cli, folder):
    named = ",".join(
        f"{k}={v}"
        for k, v in zip(
            [
                "advertising",
                "content",
                "digital",
                "non_digital",
                "communications",
                "representatives",
                "products",
                "service",
                "friction",
                "reputation",
            ],
            RATINGS.split(","),
        )
    )
    nine = ",".join(RANKING.split(",")[:9])
    result = cli(
        "rate", "--dir", folder, "--anonymous", "--team", "T", "--ratings", named, "--ranking", nine
    )
    assert result.exit_code == 0, result.output
    doc = tomllib.loads(only_file(folder).read_text())
    assert doc["respondent"] == "anonymous"
    assert doc["ranking"][-1] == "advertising"
    assert "anonymous" in only_file(folder).name


def test_rate_from_answers_file(cli, folder, tmp_path):
    answers = tmp_path / "answers.toml"
    answers.write_text(
        'respondent = "Chen"\nteam = "Online"\nranking = ['
        + ",".join(f'"{r}"' for r in RANKING.split(","))
        + "]\n[ratings]\n"
        + "\n".join(f"{k} = 3" for k in RANKING.split(","))
        + "\n"
    )
    result = cli("rate", "--dir", folder, "--from", answers, "--team", "Retail CX")
    assert result.exit_code == 0, result.output
    doc = tomllib.loads(only_file(folder).read_text())
    assert doc["respondent"] == "Chen" and doc["team"] == "Retail CX"  # flag wins


def test_rate_from_bad_answers_file_names_field(cli, folder, tmp_path):
    answers = tmp_path / "answers.toml"
    answers.write_text('respondent = "Chen"\n[ratings]\ncontent = 7\n')
    result = cli("rate", "--dir", folder, "--from", answers)
    assert result.exit_code == 1
    assert f"{answers}:3: ratings.content: 7 is not a whole number 1-5" in result.output


def test_rate_without_terminal_names_the_missing_flags(cli, folder):
    result = cli("rate", "--dir", folder, "--team", "Retail CX")
    assert result.exit_code == 2
    assert "--respondent NAME (or --anonymous)" in result.output
    assert "--ratings" in result.output and "--ranking" in result.output
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    "flag,value,words",
    [
        ("--ratings", "3,2,4", "3 scores given without names"),
        ("--ratings", "advertising=6", "not a whole number 1-5"),
        ("--ratings", "branding=3", "unknown pillar 'branding'"),
        ("--ranking", "service,service", "service appears twice"),
        ("--ranking", "service,speed", "unknown pillar 'speed'"),
    ],
)
def test_rate_bad_flags_are_usage_errors(cli, folder, flag, value, words):
    args = [
        "rate",
        "--dir",
        folder,
        "-r",
        "Ana",
        "--team",
        "T",
        "--ratings",
        RATINGS,
        "--ranking",
        RANKING,
    ]
    args[args.index(flag) + 1] = value
    result = cli(*args)
    assert result.exit_code == 2
    assert words in result.output
    assert list(folder.iterdir()) == []


def test_pillars_json_lists_the_ten_ids(cli):
    result = cli("pillars", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [p["id"] for p in data["pillars"]] == [
        "advertising",
        "content",
        "digital",
        "non_digital",
        "communications",
        "representatives",
        "products",
        "service",
        "friction",
        "reputation",
    ]
    assert data["pillars"][7]["label"] == "Customer service they receive"
    assert all(p["question"] and p["low"] and p["high"] for p in data["pillars"])


def test_pillars_table(cli):
    result = cli("pillars")
    assert result.exit_code == 0
    assert "non_digital" in result.output and "Friction in the customer journey" in result.output


def test_list_sample_newest_first_with_filters(cli):
    result = cli("list", "--dir", SAMPLE, "--json")
    data = json.loads(result.stdout)
    assert len(data) == 8
    assert [d["created"] for d in data] == sorted((d["created"] for d in data), reverse=True)
    assert data[0]["respondent"] == "anonymous"
    since = json.loads(cli("list", "--dir", SAMPLE, "--since", "2026-11-01", "--json").stdout)
    assert len(since) == 6
    until = json.loads(cli("list", "--dir", SAMPLE, "--until", "2026-08-14", "--json").stdout)
    assert [d["respondent"] for d in until] == ["Ana Kowalska", "Ben Okafor"]
    none = json.loads(cli("list", "--dir", SAMPLE, "--team", "Online", "--json").stdout)
    assert none == []
    table = cli("list", "--dir", SAMPLE)
    assert "ana-kowalska-3f9c" in table.output and "30/50" in table.output


def test_list_bad_date_is_usage_error(cli):
    result = cli("list", "--dir", SAMPLE, "--since", "22/11/2026")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_list_warns_about_bad_files_and_goes_on(cli, folder):
    rate(cli, folder)
    (folder / "broken.toml").write_text('schema = 1\nframework = "ten-pillars"\n')
    result = cli("list", "--dir", folder)
    assert result.exit_code == 0
    assert "broken.toml" in result.output and "warning" in result.output
    assert "1 assessment in" in result.output


def test_show_by_short_id_and_json(cli):
    result = cli("show", "--dir", SAMPLE, "chen-wei-0be7")
    assert result.exit_code == 0, result.output
    assert "Chen Wei" in result.output and "Checkout drop-off" in result.output
    data = json.loads(cli("show", "--dir", SAMPLE, "chen-wei-0be7", "--json").stdout)
    assert data["ratings"]["representatives"] == 2
    assert data["total"] == sum(data["ratings"].values())
    assert data["created"] == "2026-11-17T15:10:00Z"


def test_show_unknown_id_is_one_line_exit_1(cli):
    result = cli("show", "--dir", SAMPLE, "nobody")
    assert result.exit_code == 1
    assert "no assessment with id 'nobody'" in result.output
    assert "Traceback" not in result.output


def test_show_file_with_bad_value_names_line_and_field(cli, tmp_path):
    src = next(SAMPLE.glob("*chen-wei*.toml")).read_text()
    bad = tmp_path / "bad.toml"
    bad.write_text(src.replace("digital = 3", "digital = 11"))
    result = cli("show", bad)
    assert result.exit_code == 1
    assert "ratings.digital: 11 is outside 1-5" in result.output
    assert f"{bad}:" in result.output


def test_export_csv_neutralises_formulas(cli, folder):
    rate(cli, folder, "--note", 'service==HYPERLINK("http://x")')
    cli(
        "rate",
        "--dir",
        folder,
        "-r",
        "@Bob",
        "--team",
        "+Team",
        "--role",
        "-1",
        "--ratings",
        RATINGS,
        "--ranking",
        RANKING,
    )
    result = cli("export", "--dir", folder)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 2
    bob = next(r for r in rows if "Bob" in r["respondent"])
    assert bob["respondent"] == "'@Bob" and bob["team"] == "'+Team" and bob["role"] == "'-1"
    ana = next(r for r in rows if r["respondent"] == "Ana")
    assert ana["note_service"].startswith("'=")
    assert ana["rating_digital"] == "4" and ana["rank_service"] == "1" and ana["total"] == "30"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@"))


def test_export_json_and_out_never_overwrites(cli, folder, tmp_path):
    rate(cli, folder)
    out = tmp_path / "export.json"
    assert cli("export", "--dir", folder, "--format", "json", "--out", out).exit_code == 0
    data = json.loads(out.read_text())
    assert data[0]["ratings"]["content"] == 2
    before = out.read_bytes()
    again = cli("export", "--dir", folder, "--format", "json", "--out", out)
    assert again.exit_code == 1 and "already exists" in again.output
    assert out.read_bytes() == before


def test_export_unknown_format_is_usage_error(cli, folder):
    assert cli("export", "--dir", folder, "--format", "xlsx").exit_code == 2


def test_env_var_chooses_the_store(runner, folder, monkeypatch):
    from cx_pillars.cli import app

    monkeypatch.setenv("CX_PILLARS_DIR", str(folder))
    runner.invoke(
        app, ["rate", "-r", "Ana", "--team", "T", "--ratings", RATINGS, "--ranking", RANKING]
    )
    assert len(list(folder.glob("*.toml"))) == 1


def test_other_framework(cli, folder, tmp_path):
    fw = tmp_path / "six.toml"
    fw.write_text(
        'id = "six-pillars"\nname = "KPMG Six Pillars"\n'
        + "".join(
            f'[[pillars]]\nid = "{i}"\nlabel = "{i.title()}"\n'
            for i in [
                "personalisation",
                "integrity",
                "expectations",
                "resolution",
                "time_effort",
                "empathy",
            ]
        )
    )
    result = cli(
        "rate",
        "--dir",
        folder,
        "--framework",
        fw,
        "-r",
        "Ana",
        "--team",
        "T",
        "--ratings",
        "1,2,3,4,5,3",
        "--ranking",
        "empathy,integrity,resolution,time_effort,expectations",
    )
    assert result.exit_code == 0, result.output
    assert "Total 18/30" in result.output
    doc = tomllib.loads(only_file(folder).read_text())
    assert doc["framework"] == "six-pillars" and doc["ranking"][-1] == "personalisation"
    # The ten-pillar view skips it with a warning naming the framework.
    result = cli("list", "--dir", folder)
    assert "six-pillars" in result.output and "--framework" in result.output


@pytest.mark.parametrize(
    "body,words",
    [
        ('id = "x"\nname = "X"\n[[pillars]]\nid = "a"\nlabel = "A"\n', "needs 2 to 30"),
        (
            'id = "x"\nname = "X"\n[[pillars]]\nid = "a"\nlabel = "A"\n[[pillars]]\nid = "a"\n'
            'label = "B"\n',
            "duplicate pillar id",
        ),
        (
            'id = "x"\nname = "X"\n[[pillars]]\nid = "A b"\nlabel = "A"\n[[pillars]]\nid = "c"\n'
            'label = "C"\n',
            "not a valid id",
        ),
        ('id = "x"\n', "name: must be a non-empty string"),
        ("id = ", "not valid TOML"),
    ],
)
def test_bad_framework_files(cli, tmp_path, body, words):
    fw = tmp_path / "fw.toml"
    fw.write_text(body)
    result = cli("pillars", "--framework", fw)
    assert result.exit_code == 1
    assert words in result.output and str(fw) in result.output


def test_debug_shows_traceback_and_plain_run_does_not(cli, tmp_path):
    missing = tmp_path / "nope.toml"
    plain = cli("pillars", "--framework", missing)
    assert plain.exit_code == 1 and "no such framework file" in plain.output
    debug = cli("--debug", "pillars", "--framework", missing)
    assert debug.exception is not None and type(debug.exception).__name__ == "ValidationError"
