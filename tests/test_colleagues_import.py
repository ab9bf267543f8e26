"""Issue 16: colleagues' answers from a form export or answers files, one assessment per
response (`team import`), written as the attacks of its "Bad input" section: a rating
outside 1-5, a ranking missing or repeating a pillar, a row with no team (one line each
with the row's line, the rest imported), re-import (nothing added), a later export
(only the new), anonymous responses (no key, only the day, an identity that does not
depend on the minute), and `team` / `rate` invocations of before still working."""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cx_pillars.colleagues import template
from cx_pillars.colleagues.responses import parse_time
from cx_pillars.pillars import builtin_framework

FW = builtin_framework()
IDS = FW.ids
HERE = Path(__file__).resolve().parent
RANKING = [
    "service",
    "friction",
    "products",
    "digital",
    "communications",
    "representatives",
    "reputation",
    "content",
    "non_digital",
    "advertising",
]


def colleague(name, team="Retail CX", role="Service", *, seed=0, note=""):
    """One row under the template's header: ratings, ranks (per pillar), notes."""
    ratings = [(seed + i) % 5 + 1 for i in range(10)]
    order = RANKING[seed % 10 :] + RANKING[: seed % 10]
    ranks = [order.index(p) + 1 for p in IDS]
    notes = [note if p == "friction" else "" for p in IDS]
    return [name, team, role, *ratings, *ranks, *notes]


def write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def saved(folder):
    return sorted(
        (tomllib.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.toml")),
        key=lambda d: (d["respondent"], d["created"]),
    )


def seven(lang="en"):
    names = ["Ana", "Ben", "Cleo", "Dev", "Ewa", "", ""]
    return [
        colleague(n, seed=i, note="Returns take too long" if i == 0 else "")
        for i, n in enumerate(names)
    ]


# -- the template's header round trip -----------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "pl", "zh-Hans", "zh-Hant"])
def test_the_template_header_imports_as_it_is(cli, folder, tmp_path, lang):
    header = template.build(FW, lang, "generic").header
    assert header == template.header(FW, lang)
    path = write(tmp_path / "answers.csv", header, seven(lang))
    result = cli("team", "import", path, "--dir", folder, "--lang", lang)
    assert result.exit_code == 0, result.output
    docs = saved(folder)
    assert len(docs) == 7
    named = {d["respondent"]: d for d in docs if d["respondent"] != "anonymous"}
    assert sorted(named) == ["Ana", "Ben", "Cleo", "Dev", "Ewa"]
    ana = named["Ana"]
    assert ana["ratings"] == {p: i % 5 + 1 for i, p in enumerate(IDS)}
    assert ana["ranking"] == RANKING
    assert ana["notes"] == {"friction": "Returns take too long"}
    assert ana["team"] == "Retail CX" and ana["role"] == "Service"
    assert named["Ben"]["ranking"] == RANKING[1:] + RANKING[:1]
    anonymous = [d for d in docs if d["respondent"] == "anonymous"]
    assert len(anonymous) == 2
    for doc in anonymous:
        assert "anonymous_key" not in doc
        created = doc["created"]
        assert (created.hour, created.minute, created.second) == (0, 0, 0)


def test_the_same_team_view_as_if_each_had_run_rate(cli, tmp_path):
    """Seven colleagues through a form export give the team view that seven runs of
    `rate` with the same answers give."""
    by_rate, by_form = tmp_path / "rate", tmp_path / "form"
    rows = [
        colleague(n, seed=i)
        for i, n in enumerate(["Ana", "Ben", "Cleo", "Dev", "Ewa", "Fay", "Gus"])
    ]
    for row in rows:
        ratings = ",".join(str(v) for v in row[3:13])
        ranks = row[13:23]
        ranking = ",".join(p for _, p in sorted(zip(ranks, IDS)))
        r = cli(
            "rate",
            "--dir",
            by_rate,
            "-r",
            row[0],
            "--team",
            row[1],
            "--role",
            row[2],
            "--ratings",
            ratings,
            "--ranking",
            ranking,
            "--yes",
        )
        assert r.exit_code == 0, r.output
    path = write(tmp_path / "x.csv", template.header(FW, "en"), rows)
    assert cli("team", "import", path, "--dir", by_form).exit_code == 0

    def view(folder):
        out = json.loads(cli("team", "--dir", folder, "--json").stdout)
        out.pop("pairwise_spearman", None)
        return out

    def spearman(folder):
        return json.loads(cli("team", "--dir", folder, "--json").stdout)["pairwise_spearman"]

    assert view(by_form) == view(by_rate)
    assert spearman(by_form)["matrix"] == spearman(by_rate)["matrix"]
    compare_rate = cli("export", "--dir", by_rate, "--format", "json")
    assert compare_rate.exit_code == 0


# -- bad rows --------------------------------------------------------------------------------


def test_bad_rows_are_named_by_line_and_the_rest_imported(cli, folder, tmp_path):
    rows = seven()
    rows[1][3 + IDS.index("digital")] = "7"  # a rating outside 1-5
    rows[2][13 + IDS.index("content")] = ""  # the ranking leaves out two pillars
    rows[2][13 + IDS.index("digital")] = ""
    rows[3][13 + IDS.index("content")] = rows[3][13 + IDS.index("advertising")]  # repeats
    rows[4][1] = ""  # no team
    path = write(tmp_path / "export.csv", template.header(FW, "en"), rows)
    result = cli("team", "import", path, "--dir", folder, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    skipped = {s["line"]: s["reason"] for s in report["skipped"]}
    assert skipped == {
        3: "the rating of digital is '7', outside 1-5",
        4: "the ranking leaves out content, digital",
        5: "the ranking puts advertising, content in the same place",
        6: "no team (rows without one need --team TEAM)",
    }
    assert report["counts"] == {"added": 3, "already_present": 0, "skipped": 4, "refused": 0}
    assert len(saved(folder)) == 3
    for line in (3, 4, 5, 6):
        assert f"export.csv, line {line}: skipped:" in result.stderr
    # --team fills the team in: the row with none is saved on a second run; nothing else
    again = cli("team", "import", path, "--dir", folder, "--team", "Retail CX", "--json")
    report = json.loads(again.stdout)
    assert report["counts"]["added"] == 1 and report["counts"]["already_present"] == 3


def test_one_missing_rank_is_the_last_place(cli, folder, tmp_path):
    rows = [colleague("Ana")]
    rows[0][13 + IDS.index("advertising")] = ""  # advertising was 10th: all but one given
    path = write(tmp_path / "export.csv", template.header(FW, "en"), rows)
    assert cli("team", "import", path, "--dir", folder).exit_code == 0
    assert saved(folder)[0]["ranking"] == RANKING


def test_every_row_bad_is_exit_1_and_nothing_saved(cli, folder, tmp_path):
    rows = [colleague("Ana", team=""), colleague("Ben", team="")]
    path = write(tmp_path / "export.csv", template.header(FW, "en"), rows)
    result = cli("team", "import", path, "--dir", folder)
    assert result.exit_code == 1
    assert "line 2: skipped: no team" in result.stderr and "Traceback" not in result.output
    assert list(folder.glob("*.toml")) == []


def test_a_text_with_control_characters_is_a_skipped_row(cli, folder, tmp_path):
    rows = [colleague("Ana\x1b[2J"), colleague("Ben")]
    path = write(tmp_path / "export.csv", template.header(FW, "en"), rows)
    result = cli("team", "import", path, "--dir", folder, "--json")
    report = json.loads(result.stdout)
    assert [s["line"] for s in report["skipped"]] == [2]
    assert report["skipped"][0]["reason"].startswith("respondent: ")
    assert [d["respondent"] for d in saved(folder)] == ["Ben"]


def test_an_export_without_rating_columns_is_one_line(cli, folder, tmp_path):
    header = [h for h in template.header(FW, "en") if not h.startswith("Rating")]
    rows = [[c for i, c in enumerate(colleague("Ana")) if not 3 <= i < 13]]
    path = write(tmp_path / "ranks-only.csv", header, rows)
    result = cli("team", "import", path, "--dir", folder)
    assert result.exit_code == 1
    assert "no rating column for advertising" in result.stderr
    assert "Traceback" not in result.output


# -- identity: re-import, a later export, anonymity ----------------------------------------


def ms_forms_rows(people, start=1):
    """Microsoft Forms' own columns (ID, times, Email, Name), the questionnaire's
    questions, the ranking as one `a;b;c;` cell."""
    labels = {p.id: p.label for p in FW.pillars}
    head = ["ID", "Start time", "Completion time", "Email", "Name", "Your team", "Your role"]
    head += [f"Rating [{labels[p]}]" for p in IDS] + [
        "Rank",
        "Note [Friction in the customer journey]",
    ]
    rows = []
    for k, (name, when, seed) in enumerate(people, start=start):
        order = RANKING[seed % 10 :] + RANKING[: seed % 10]
        rows.append(
            [
                str(k),
                when,
                when,
                "anonymous" if name == "anonymous" else f"{name.lower()}@x.org",
                name,
                "Retail CX",
                "Sales",
            ]
            + [str((seed + i) % 5 + 1) for i in range(10)]
            + [";".join(labels[p] for p in order) + ";", ""]
        )
    return head, rows


def test_reimport_adds_nothing_and_a_later_export_only_the_new(cli, folder, tmp_path):
    first = [
        ("Ana", "11/20/26 9:05:11", 0),
        ("Ben", "11/20/26 9:40:00", 1),
        ("anonymous", "11/20/26 10:02:13", 2),
        ("anonymous", "11/20/26 10:30:00", 3),
    ]
    head, rows = ms_forms_rows(first)
    one = write(tmp_path / "responses.csv", head, rows)
    r1 = json.loads(cli("team", "import", one, "--dir", folder, "--json").stdout)
    assert r1["counts"] == {"added": 4, "already_present": 0, "skipped": 0, "refused": 0}
    r2 = json.loads(cli("team", "import", one, "--dir", folder, "--json").stdout)
    assert r2["counts"] == {"added": 0, "already_present": 4, "skipped": 0, "refused": 0}
    later = first + [("Cleo", "11/24/26 16:00:00", 4), ("anonymous", "11/24/26 16:10:00", 5)]
    head, rows = ms_forms_rows(later)
    two = write(tmp_path / "responses-later.csv", head, rows)
    r3 = json.loads(cli("team", "import", two, "--dir", folder, "--json").stdout)
    assert r3["counts"] == {"added": 2, "already_present": 4, "skipped": 0, "refused": 0}
    assert sorted(a["line"] for a in r3["added"]) == [6, 7]
    docs = saved(folder)
    assert len(docs) == 6
    assert len({d["source_id"] for d in docs}) == 6
    ana = next(d for d in docs if d["respondent"] == "Ana")
    # created: the submission time (this computer's local time when the export has no zone)
    local = datetime(2026, 11, 20, 9, 5, 11).astimezone().astimezone(UTC)
    assert ana["created"] == local
    assert all("@" not in d["respondent"] for d in docs)  # the e-mail is never the name


def test_an_anonymous_identity_does_not_depend_on_the_minute(cli, tmp_path):
    """The same anonymous answers submitted at another minute of the day have the same
    source_id: it cannot be matched against the time someone was seen submitting."""
    ids = []
    for k, when in enumerate(["11/20/26 09:05:00", "11/20/26 17:45:59"]):
        head, rows = ms_forms_rows([("anonymous", when, 3)], start=k + 1)
        path = write(tmp_path / f"r{k}.csv", head, rows)
        folder = tmp_path / f"s{k}"
        assert cli("team", "import", path, "--dir", folder).exit_code == 0
        (doc,) = saved(folder)
        assert doc["respondent"] == "anonymous" and "anonymous_key" not in doc
        assert doc["created"] == datetime(2026, 11, 20, tzinfo=UTC).astimezone(UTC) or (
            doc["created"].hour == 0 and doc["created"].minute == 0
        )
        assert "0905" not in doc["id"] and "1745" not in doc["id"]
        ids.append(doc["source_id"])
    assert ids[0] == ids[1]  # neither the minute nor the tool's response id (1, 2) in it


def test_two_identical_anonymous_responses_are_two(cli, folder, tmp_path):
    head, rows = ms_forms_rows([("anonymous", "11/20/26 9:00:00", 1)] * 2)
    path = write(tmp_path / "r.csv", head, rows)
    r = json.loads(cli("team", "import", path, "--dir", folder, "--json").stdout)
    assert r["counts"]["added"] == 2
    r = json.loads(cli("team", "import", path, "--dir", folder, "--json").stdout)
    assert r["counts"] == {"added": 0, "already_present": 2, "skipped": 0, "refused": 0}


def test_anonymous_option_stores_no_names(cli, folder, tmp_path):
    head, rows = ms_forms_rows([("Ana", "11/20/26 9:05:11", 0), ("Ben", "11/20/26 9:40:00", 1)])
    path = write(tmp_path / "r.csv", head, rows)
    assert (
        cli("team", "import", path, "--dir", folder, "--anonymous", "--role", "Field").exit_code
        == 0
    )
    docs = saved(folder)
    assert [d["respondent"] for d in docs] == ["anonymous", "anonymous"]
    assert all(d["role"] == "Field" for d in docs)
    assert "Ana" not in "".join(p.read_text() for p in folder.glob("*.toml"))


def test_a_forms_workbook_with_excel_times(cli, folder, tmp_path):
    spec = importlib.util.spec_from_file_location(
        "survey_workbooks", HERE / "fixtures" / "survey" / "workbooks.py"
    )
    wb = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("survey_workbooks", wb)
    spec.loader.exec_module(wb)
    head, rows = ms_forms_rows([("Ana", "x", 0), ("Ben", "x", 1)])
    for i, row in enumerate(rows):
        row[1] = row[2] = datetime(2026, 11, 20, 9, 30 + i, 0)
        row[0] = i + 1  # a number cell
        row[7:17] = [int(v) for v in row[7:17]]
    path = wb.write_xlsx(tmp_path / "responses.xlsx", wb.Book([wb.Sheet("Form1", [head, *rows])]))
    result = cli("team", "import", path, "--dir", folder, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [a["line"] for a in report["added"]] == [2, 3] and report["added"][0]["unit"] == "row"
    ben = next(d for d in saved(folder) if d["respondent"] == "Ben")
    assert ben["created"] == datetime(2026, 11, 20, 9, 31).astimezone().astimezone(UTC)
    assert ben["ranking"] == RANKING[1:] + RANKING[:1]


def test_a_google_forms_grid_export(cli, folder, tmp_path):
    labels = [p.label for p in FW.pillars]
    head = ["Timestamp", "Your name", "Your team"]
    head += [f"Rating [{x}]" for x in labels] + [f"Rank [{x}]" for x in labels]
    row = ["2025/01/09 9:16:17 PM EST", "Ana", "Retail CX"] + [str(i % 5 + 1) for i in range(10)]
    row += [str(RANKING.index(p) + 1) for p in IDS]
    path = write(tmp_path / "google.csv", head, [row])
    assert cli("team", "import", path, "--dir", folder).exit_code == 0
    (doc,) = saved(folder)
    assert doc["created"] == datetime(2025, 1, 10, 2, 16, 17, tzinfo=UTC)
    assert doc["ranking"] == RANKING and doc["role"] == ""


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-11-22 10:15:00+01:00", datetime(2026, 11, 22, 9, 15, tzinfo=UTC)),
        ("2026-11-22T10:15:00Z", datetime(2026, 11, 22, 10, 15, tzinfo=UTC)),
        ("2025/01/09 9:16:17 PM EST", datetime(2025, 1, 10, 2, 16, 17, tzinfo=UTC)),
        ("22.11.2026 10:15 UTC", datetime(2026, 11, 22, 10, 15, tzinfo=UTC)),
        ("25/11/2026 10:15:00 GMT", datetime(2026, 11, 25, 10, 15, tzinfo=UTC)),
        ("11/25/26 12:05:00 AM Z", datetime(2026, 11, 25, 0, 5, tzinfo=UTC)),
        ("not a time", None),
        ("2026-13-40 10:00", None),
        ("", None),
    ],
)
def test_submission_times(text, expected):
    assert parse_time(text) == expected


def test_a_time_that_is_not_a_time_is_a_skipped_row(cli, folder, tmp_path):
    head, rows = ms_forms_rows([("Ana", "yesterday", 0), ("Ben", "11/20/26 9:40:00", 1)])
    path = write(tmp_path / "r.csv", head, rows)
    report = json.loads(cli("team", "import", path, "--dir", folder, "--json").stdout)
    assert report["skipped"] == [
        {
            "file": str(path),
            "line": 2,
            "unit": "line",
            "reason": "the submission time 'yesterday' is not a date and time",
        }
    ]


# -- files and usage ---------------------------------------------------------------------------


def test_missing_files_and_folders_are_one_line_each(cli, folder, tmp_path):
    result = cli("team", "import", tmp_path / "nope.csv", tmp_path, "--dir", folder)
    assert result.exit_code == 1
    assert "nope.csv: does not exist" in result.stderr
    assert "is a folder; give the files in it" in result.stderr
    assert "Traceback" not in result.output


def test_another_framework_export_is_one_line(cli, folder, tmp_path):
    fw_file = tmp_path / "six.toml"
    fw_file.write_text(
        'id = "six"\nname = "Six"\n'
        + "".join(f'[[pillars]]\nid = "p{i}"\nlabel = "Item {i}"\n' for i in range(6)),
        encoding="utf-8",
    )
    path = write(tmp_path / "export.csv", template.header(FW, "en"), seven())
    result = cli("team", "import", path, "--dir", folder, "--framework", fw_file)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert list(folder.glob("*.toml")) == []


def test_team_and_rate_work_as_before(cli, folder, tmp_path):
    for i, name in enumerate(["Ana", "Ben", "Cleo"]):
        row = colleague(name, seed=i)
        ranking = ",".join(p for _, p in sorted(zip(row[13:23], IDS)))
        r = cli(
            "rate",
            "--dir",
            folder,
            "-r",
            name,
            "--team",
            "Retail CX",
            "--ratings",
            ",".join(str(v) for v in row[3:13]),
            "--ranking",
            ranking,
            "-y",
        )
        assert r.exit_code == 0, r.output
    view = cli("team", "--dir", folder, "--json")
    assert view.exit_code == 0 and json.loads(view.stdout)["respondents"] == 3
    assert cli("team", "--dir", folder, "--by", "team").exit_code == 0
    assert cli("team", "--dir", folder, "--by", "nope").exit_code == 2
    assert cli("team", "nope").exit_code == 2
    assert cli("rate", "--dir", folder, "--ratings", "9").exit_code == 2
    helped = cli("team", "--help").stdout
    assert "import" in helped and "--by" in helped
    assert "template" in cli("rate", "--help").stdout
    assert cli("team", "import", "--help").exit_code == 0
    assert cli("team", "import").exit_code == 2  # FILE is required


def test_team_and_role_options_are_checked_like_rate(cli, folder, tmp_path):
    path = write(tmp_path / "export.csv", template.header(FW, "en"), seven())
    result = cli("team", "import", path, "--dir", folder, "--team", "Retail\x1b]52;c;x\x07")
    assert result.exit_code == 2
    assert list(folder.glob("*.toml")) == []


def test_a_google_forms_zip_and_its_member(cli, folder, tmp_path):
    import zipfile

    path = write(tmp_path / "Colleagues.csv", template.header(FW, "en"), seven())
    archive = tmp_path / "Colleagues.csv.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(path, "Colleagues.csv")
    result = cli("team", "import", archive, "--dir", folder, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["counts"]["added"] == 7
    assert report["added"][0]["file"].endswith("Colleagues.csv.zip › Colleagues.csv")
    assert cli("team", "import", path, "--dir", folder, "--member", "x.csv").exit_code == 2


def test_a_qualtrics_export_with_three_header_rows(cli, folder, tmp_path):
    labels = [p.label for p in FW.pillars]
    meta = ["StartDate", "EndDate", "RecordedDate", "ResponseId", "Q1", "Q2", "Q3"]
    ids = meta + [f"Q4_{i + 1}" for i in range(10)] + [f"Q5_{i + 1}" for i in range(10)]
    texts = ["Start Date", "End Date", "Recorded Date", "Response ID"]
    texts += ["Your name", "Your team", "Your role"]
    texts += [f"Rating - {x}" for x in labels] + [f"Rank - {x}" for x in labels]
    own = ["startDate", "endDate", "recordedDate", "_recordId"]
    imports = [json.dumps({"ImportId": x}) for x in own]
    imports += [json.dumps({"ImportId": f"QID{k}_TEXT"}) for k in (1, 2, 3)]
    imports += [json.dumps({"ImportId": x.replace("Q", "QID")}) for x in ids[7:]]
    rows = [
        [
            "2026-11-20 09:00:00",
            "2026-11-20 09:10:00",
            f"2026-11-20 09:1{k}:00",
            f"R_abc{k}",
            name,
            "Retail CX",
            "Sales",
        ]
        + [str((i + k) % 5 + 1) for i in range(10)]
        + [str(RANKING.index(p) + 1) for p in IDS]
        for k, name in enumerate(["Ana", "", "Ben"])
    ]
    path = tmp_path / "qualtrics.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([ids, texts, imports, *rows])
    result = cli("team", "import", path, "--dir", folder, "--json")
    report = json.loads(result.stdout)
    assert report["counts"]["added"] == 3, result.output
    assert [a["line"] for a in report["added"]] == [4, 5, 6]
    docs = saved(folder)
    assert [d["respondent"] for d in docs] == ["Ana", "Ben", "anonymous"]
    assert all(d["ranking"] == RANKING for d in docs)
    # RecordedDate is the submission time (this computer's zone: the cells have none)
    assert docs[0]["created"] == datetime(2026, 11, 20, 9, 10).astimezone().astimezone(UTC)


def test_columns_named_in_a_map_file(cli, folder, tmp_path):
    labels = {p.id: p.label for p in FW.pillars}
    head = (
        ["Imię", "Zespół"]
        + [f"Jak oceniasz: {p}" for p in IDS]
        + [f"Rank [{labels[p]}]" for p in IDS]
    )
    row = ["Ana", "Sklep"] + [str(i % 5 + 1) for i in range(10)]
    row += [str(RANKING.index(p) + 1) for p in IDS]
    path = write(tmp_path / "odpowiedzi.csv", head, [row])
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        "[ratings]\n" + "".join(f'"Jak oceniasz: {p}" = "{p}"\n' for p in IDS), encoding="utf-8"
    )
    missing = cli("team", "import", path, "--dir", folder)
    assert missing.exit_code == 1 and "no rating column for advertising" in missing.stderr
    result = cli("team", "import", path, "--dir", folder, "--map", mapping)
    assert result.exit_code == 0, result.output
    (doc,) = saved(folder)
    assert doc["respondent"] == "Ana" and doc["team"] == "Sklep"
    assert doc["ratings"] == {p: i % 5 + 1 for i, p in enumerate(IDS)}
