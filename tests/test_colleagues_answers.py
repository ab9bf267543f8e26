"""Issue 16, the rating page's answers files brought in by `team import answers/*.toml`:
saved once (re-import adds nothing), checked as `rate --from` checks its file, and the
attacks of "Bad input": a tampered or hand-edited file is refused with the field named,
a file from another framework with one line saying which framework it is for, and the
other files of the same run are still imported."""

from __future__ import annotations

import json
import tomllib

from cx_pillars.colleagues.answers import check_of
from cx_pillars.pillars import builtin_framework

FW = builtin_framework()
IDS = FW.ids
RANKING = list(reversed(IDS))


def toml_string(text):
    return json.dumps(text, ensure_ascii=False)


def answers_text(
    *,
    name="Ana",
    anonymous=False,
    team="Retail CX",
    role="Service",
    created="2026-11-20T09:05:11Z",
    response_id="0123456789abcdef0123456789abcdef",
    ratings=None,
    ranking=None,
    notes=None,
    framework="ten-pillars",
    check=True,
):
    """An answers file as the page writes it (the check computed as the page does)."""
    ratings = ratings or {p: i % 5 + 1 for i, p in enumerate(IDS)}
    ranking = RANKING if ranking is None else ranking
    notes = notes or {}
    data = {
        "form": 1,
        "framework": framework,
        "response_id": response_id,
        "created": created,
        "team": team,
        "role": role,
        "ranking": ranking,
        "ratings": ratings,
        "notes": notes,
    }
    if anonymous:
        data["anonymous"] = True
    else:
        data["respondent"] = name
    lines = [
        "# An answers file of the cx-pillars rating page.",
        "form = 1",
        f"framework = {toml_string(framework)}",
        f"response_id = {toml_string(response_id)}",
        f"created = {created}",
        "anonymous = true" if anonymous else f"respondent = {toml_string(name)}",
        f"team = {toml_string(team)}",
        f"role = {toml_string(role)}",
        "ranking = [" + ", ".join(toml_string(p) for p in ranking) + "]",
    ]
    if check:
        lines.append(f"check = {toml_string(check_of(data, FW))}")
    lines += ["", "[ratings]", *(f"{p} = {v}" for p, v in ratings.items())]
    if notes:
        lines += ["", "[notes]", *(f"{p} = {toml_string(v)}" for p, v in notes.items())]
    return "\n".join(lines) + "\n"


def put(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def docs(store):
    return [tomllib.loads(p.read_text(encoding="utf-8")) for p in sorted(store.glob("*.toml"))]


def test_answers_files_are_saved_once(cli, folder, tmp_path):
    answers = tmp_path / "answers"
    put(answers, "ana.toml", answers_text(notes={"friction": "Three screens\ttoo many.\nReally."}))
    put(
        answers,
        "anon.toml",
        answers_text(anonymous=True, created="2026-11-20T00:00:00Z", response_id="f" * 32),
    )
    result = cli("team", "import", *sorted(answers.glob("*.toml")), "--dir", folder, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["counts"] == {"added": 2, "already_present": 0, "skipped": 0, "refused": 0}
    saved = {d["respondent"]: d for d in docs(folder)}
    ana = saved["Ana"]
    assert ana["ranking"] == RANKING and ana["team"] == "Retail CX"
    assert ana["notes"] == {"friction": "Three screens\ttoo many.\nReally."}
    assert ana["created"].isoformat() == "2026-11-20T09:05:11+00:00"
    anon = saved["anonymous"]
    assert "anonymous_key" not in anon and anon["created"].hour == 0
    again = json.loads(
        cli("team", "import", *answers.glob("*.toml"), "--dir", folder, "--json").stdout
    )
    assert again["counts"] == {"added": 0, "already_present": 2, "skipped": 0, "refused": 0}
    assert len(docs(folder)) == 2


def test_a_tampered_score_is_refused_naming_check(cli, folder, tmp_path):
    text = answers_text()
    tampered = text.replace("content = 2", "content = 5")
    assert tampered != text
    path = put(tmp_path, "ana.toml", tampered)
    result = cli("team", "import", path, "--dir", folder)
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert "ana.toml:10: check: does not match the answers" in line
    assert "delete the check line" in line
    assert list(folder.glob("*.toml")) == []
    # whoever keeps the store may accept the edit on purpose: without the check line
    put(
        tmp_path,
        "ana.toml",
        "\n".join(x for x in tampered.splitlines() if not x.startswith("check")),
    )
    assert cli("team", "import", path, "--dir", folder).exit_code == 0
    assert docs(folder)[0]["ratings"]["content"] == 5


def test_hand_edited_fields_are_refused_with_the_field(cli, folder, tmp_path):
    cases = {
        "rating.toml": (answers_text().replace("digital = 3", "digital = 7"), "ratings.digital"),
        "ranking.toml": (answers_text(ranking=RANKING[:8] + RANKING[:1]), "ranking"),
        "name.toml": (answers_text(name="Ana\u202eevil"), "respondent"),
        "pillar.toml": (answers_text() + "nonsense = 3\n", "ratings.nonsense"),
        "key.toml": (answers_text().replace("role =", "salary = 3\nrole ="), "salary"),
        "id.toml": (answers_text(response_id="../../etc/passwd"), "response_id"),
        "short.toml": (answers_text(ranking=RANKING[:5]), "ranking"),
        "team.toml": (answers_text(team=""), "team"),
        "when.toml": (answers_text(created="9999-12-31T00:00:00Z"), "created"),
    }
    for name, (text, _) in cases.items():
        put(tmp_path / "in", name, text)
    put(tmp_path / "in", "good.toml", answers_text(name="Ben", response_id="b" * 32))
    result = cli("team", "import", *sorted((tmp_path / "in").glob("*.toml")), "--dir", folder)
    assert result.exit_code == 1 and "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error")]
    assert len(errors) == len(cases)
    for name, (_, fld) in cases.items():
        (line,) = [e for e in errors if f"{name}" in e]
        assert f": {fld}: " in line or f": {fld} " in line, line
    # the good file of the same run is saved; nothing else
    assert [d["respondent"] for d in docs(folder)] == ["Ben"]


def test_another_framework_is_one_line_naming_it(cli, folder, tmp_path):
    path = put(tmp_path, "six.toml", answers_text(framework="kpmg-six"))
    result = cli("team", "import", path, "--dir", folder)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "framework: is an answers file for the framework 'kpmg-six'" in result.stderr
    assert "pass --framework FILE with that framework" in result.stderr


def test_a_toml_that_is_no_answers_file(cli, folder, tmp_path):
    assessment = tmp_path / "a.toml"
    assessment.write_text('schema = 1\nframework = "ten-pillars"\n', encoding="utf-8")
    broken = put(tmp_path, "b.toml", "form = 1\nframework = \n")
    result = cli("team", "import", assessment, broken, "--dir", folder, "--lang", "pl")
    assert result.exit_code == 1
    assert "a.toml: nie jest plikiem odpowiedzi strony oceny" in result.stderr
    assert "b.toml:2: niepoprawny TOML" in result.stderr  # Polish, as the run
    assert list(folder.glob("*.toml")) == []


def test_the_json_report_names_every_outcome(cli, folder, tmp_path):
    good = put(tmp_path, "good.toml", answers_text())
    bad = put(
        tmp_path,
        "bad.toml",
        answers_text(response_id="c" * 32).replace("content = 2", "content = 4"),
    )
    result = cli("team", "import", good, bad, "--dir", folder, "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [a["file"] for a in report["added"]] == [str(good)]
    assert report["added"][0]["respondent"] == "Ana" and report["added"][0]["path"].endswith(
        ".toml"
    )
    assert report["refused"][0]["file"] == str(bad)
    assert "check: does not match" in report["refused"][0]["error"]
