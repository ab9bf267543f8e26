"""Privacy: customers' personal data never reaches a file the tool writes; exported
cells never run as spreadsheet formulas; hostile names never escape the store.

The survey exports of every supported tool are written with respondents whose names,
e-mails, IP addresses, locations and free-text answers are unmistakable; they are
imported, merged, compared, exported, charted and reported, a draft is left behind --
and then every file under the working folder (PDF streams inflated) and everything
printed is searched for every one of those values.
"""

from __future__ import annotations

import copy
import csv
import importlib.util
import io
import json
import os
import re
import zlib
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

import cx_pillars.cli as cli_module
from cx_pillars import store
from cx_pillars.pillars import builtin_framework

FIX = Path(__file__).resolve().parent / "fixtures" / "survey"
_spec = importlib.util.spec_from_file_location("make_fixtures_privacy", FIX / "make_fixtures.py")
mk = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mk)
FW = builtin_framework()
IDS = FW.ids
RATINGS = "3,2,4,4,3,3,4,2,2,3"
RANKING = ",".join(reversed(IDS))

PEOPLE = [
    (
        "Zofia Quillfeather",
        "zofia.quillfeather@privacy-probe.example",
        "203.0.113.177",
        "My parcel 88123 never arrived and nobody called back",
    ),
    (
        "Bartholomew Xylander",
        "bx-7731@privacy-probe.example",
        "198.51.100.241",
        "The hold music made me cry, honestly",
    ),
    (
        "Ingrid Vasquez-Oyelaran",
        "ingrid.vo@privacy-probe.example",
        "192.0.2.163",
        "Refund for order KX-5521 took forty days",
    ),
    (
        "Tomasz Wierzbiński",
        "t.wierzbinski@privacy-probe.example",
        "203.0.113.209",
        "Chatbot kept asking for my PESEL 90010112345",
    ),
    (
        "Mei-Lin Harrowgate",
        "meilin.h@privacy-probe.example",
        "198.51.100.77",
        "Installer Dariusz left mud on the carpet",
    ),
    ("Olusegun Brightwater", "o.brightwater@privacy-probe.example", "192.0.2.91", ""),
]
LATITUDE, LONGITUDE = "52.2297131", "21.0122287"


def respondents() -> list[dict]:
    out = []
    for base, (name, email, ip, comment) in zip(copy.deepcopy(mk.RESPONDENTS), PEOPLE):
        base.update(name=name, email=email, ip=ip, comment=comment)
        out.append(base)
    return out


def secrets() -> list[str]:
    values = [LATITUDE, LONGITUDE]
    for name, email, ip, comment in PEOPLE:
        values += [name, email, ip, *(w for w in name.replace("-", " ").split() if len(w) > 5)]
        values += [email.split("@")[0]]
        if comment:
            values += [comment] + [
                w
                for w in re.findall(r"[\w-]{5,}", comment)
                if w.lower()
                not in {
                    "never",
                    "arrived",
                    "called",
                    "music",
                    "honestly",
                    "refund",
                    "order",
                    "forty",
                    "chatbot",
                    "asking",
                    "installer",
                    "carpet",
                    "nobody",
                }
            ]
    return sorted(set(values), key=len, reverse=True)


def exports(folder: Path) -> dict[str, list[str]]:
    """Every layout, written with the respondents above; name -> extra import options."""
    folder.mkdir()
    people = respondents()
    opts = {
        "limesurvey_codes.csv": ["--map", str(FIX / "limesurvey_map.toml")],
        "wide.csv": ["--birth-year", "birth_year"],
        "surveyjs.json": ["--birth-year", "birth_year"],
    }
    made = {}
    for name, writer in mk.WRITERS.items():
        # wide.csv five times over: its generations have the 5 a segment needs to be shown
        text = writer(people * 5 if name == "wide.csv" else people)
        if name == "qualtrics_legacy.csv":  # where Qualtrics keeps locations
            text = text.replace("42.40", LATITUDE).replace("-71.11", LONGITUDE)
        (folder / name).write_text(text, encoding="utf-8")
        made[name] = opts.get(name, [])
    assert LATITUDE in (folder / "qualtrics_legacy.csv").read_text(encoding="utf-8")
    return made


def readable(path: Path) -> bytes:
    """The file's bytes, with every Flate stream of a PDF inflated."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
            try:
                data += zlib.decompress(m.group(1))
            except zlib.error:
                pass
    return data


def find_secrets(data: bytes, where: str) -> None:
    low = data.lower()
    for value in secrets():
        for form in {value, value.lower()}:
            assert form.encode("utf-8") not in low and form.encode("utf-8") not in data, (
                f"{value!r} found in {where}"
            )


def test_personal_data_reaches_no_file_the_tool_writes(cli, runner, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    made = exports(tmp_path / "in")
    folder = tmp_path / "store"
    printed = []

    def run(*args):
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
        printed.append(result.output)
        return result

    for colleague in ("Ana", "Ben", "Cy"):
        run(
            "rate",
            "--yes",
            "-r",
            colleague,
            "--team",
            "Retail CX",
            "--ratings",
            RATINGS,
            "--ranking",
            RANKING,
            "--dir",
            folder,
        )
    for name, opts in made.items():
        run("survey", "import", tmp_path / "in" / name, "--dir", folder, "--json", *opts)
        run(
            "survey",
            "import",
            tmp_path / "in" / name,
            "--dir",
            folder,
            "--name",
            Path(name).stem + " text",
            *opts,
        )
    # A second wave (the same people in another export would be one wave twice: refused).
    wave = tmp_path / "in" / "wave-two.csv"
    wave.write_text(mk.wide(respondents()[1:]), encoding="utf-8")
    run("survey", "import", wave, "--dir", folder, "--birth-year", "birth_year")
    run("survey", "merge", "wide", "wave-two", "--name", "both", "--dir", folder)
    for survey in ("wide", "qualtrics-legacy", "surveyjs", "both"):
        run("compare", "--survey", survey, "--dir", folder, "--json")
        run("compare", "--survey", survey, "--dir", folder)
    out = tmp_path / "out"
    run("export", "--format", "csv", "--out", out / "team.csv", "--dir", folder)
    run("export", "--format", "json", "--out", out / "team.json", "--dir", folder)
    run("survey", "template", "--out", out / "template")
    report = cli(
        "report",
        "--out",
        out / "pack.pdf",
        "--markdown",
        out / "pack.md",
        "--survey",
        "wide",
        "--dir",
        folder,
    )
    if report.exit_code != 2:  # the report command exists
        assert report.exit_code == 0, report.output
        printed.append(report.output)
        for kind in ("gap", "priorities", "segments"):
            run("chart", kind, "--survey", "wide", "--out", out / f"{kind}.svg", "--dir", folder)
    # An interrupted rate leaves a draft.
    monkeypatch.setattr(cli_module.rate, "stdin_is_terminal", lambda: True)
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        inp.send_text("Dee\rRetail CX\r\r34\x03")
        assert runner.invoke(cli_module.app, ["rate", "--dir", str(folder)]).exit_code == 130
    assert store.load_draft(folder) is not None

    inputs = b"".join(p.read_bytes() for p in (tmp_path / "in").iterdir())
    for value in secrets():  # the inputs do hold every value
        assert value.encode("utf-8") in inputs, value
    written = [
        p for p in tmp_path.rglob("*") if p.is_file() and not p.is_relative_to(tmp_path / "in")
    ]
    kinds = {p.suffix for p in written}
    assert {".toml", ".csv", ".json", ".txt"} <= kinds
    assert len(list((folder / "surveys").glob("*.toml"))) == 2 * len(made) + 2
    for path in written:
        find_secrets(readable(path), str(path))
    for n, text in enumerate(printed):
        find_secrets(text.encode("utf-8"), f"the output of command {n}")


@pytest.mark.parametrize(
    "column,words",
    [
        ("email", "holds e-mail or IP addresses"),
        # the comments hold a PESEL (11 digits): refused before anyone is counted alone
        ("comment", "holds phone or ID numbers"),
        ("respondent", "a segment of their own"),
    ],
)
def test_a_personal_column_is_refused_as_a_segment(cli, tmp_path, column, words):
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "wide.csv"
    path.write_text(mk.wide(respondents()), encoding="utf-8")
    if column == "respondent":  # the first column holds 1, 2, 3...
        path.write_text(path.read_text().replace("respondent,", "customer,"))
        column = "customer"
    result = cli("survey", "import", path, "--segment", column, "--dir", tmp_path / "store")
    assert result.exit_code == 1
    assert words in result.output and "nothing was saved" in result.output
    assert not (tmp_path / "store" / "surveys").exists()


# -- formulas in exported cells -------------------------------------------------------------

FORMULAS = [
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "=cmd|' /C calc'!A0",
]


def test_exported_csv_cells_never_run_as_formulas(cli, folder):
    for k, text in enumerate(FORMULAS):
        team = FORMULAS[(k + 1) % len(FORMULAS)]
        result = cli(
            "rate",
            "--yes",
            "-r",
            text,
            "--team",
            team,
            "--role",
            text,
            "--ratings",
            RATINGS,
            "--ranking",
            RANKING,
            "--note",
            f"friction={text}",
            "--note",
            f"service=\t{text}",
            "--dir",
            folder,
        )
        assert result.exit_code == 0, result.output
    out = cli("export", "--format", "csv", "--dir", folder)
    assert out.exit_code == 0
    rows = list(csv.reader(io.StringIO(out.stdout)))
    header, body = rows[0], rows[1:]
    assert len(body) == len(FORMULAS)
    for row in body:
        for name, cell in zip(header, row):
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)
    texts = {row[header.index("respondent")] for row in body}
    assert texts == {"'" + f for f in FORMULAS}  # kept, behind an apostrophe
    # JSON is for programs: the text stays as written.
    doc = json.loads(cli("export", "--format", "json", "--dir", folder).stdout)
    assert {a["respondent"] for a in doc} == set(FORMULAS)


def test_a_leading_tab_or_carriage_return_cannot_reach_a_cell(cli, folder):
    """Text is trimmed, and a carriage return is a control character: refused."""
    ok = cli(
        "rate",
        "--yes",
        "-r",
        "\tAna",
        "--team",
        "T",
        "--ratings",
        RATINGS,
        "--ranking",
        RANKING,
        "--dir",
        folder,
    )
    assert ok.exit_code == 0
    bad = cli(
        "rate",
        "--yes",
        "-r",
        "\rAna\r=1",
        "--team",
        "T",
        "--ratings",
        RATINGS,
        "--ranking",
        RANKING,
        "--dir",
        folder,
    )
    assert bad.exit_code == 2 and "--respondent: holds the invisible or control" in bad.output
    [a] = store.load_store(folder, FW)
    assert a.respondent == "Ana"


# -- hostile names ---------------------------------------------------------------------------

HOSTILE = [
    "../../etc/passwd",
    "..",
    ".",
    "CON",
    "NUL",
    "com1",
    "a/b",
    "a\\b",
    "/abs/path",
    "~root",
    "名字",
    "Zoë Ærø",
    "x" * 200,
    " .hidden",
    "-rf",
    "$(rm -rf ~)",
    "Robert'); DROP TABLE--",
    "[/x]",
    "[bold]Ana[/bold]",
]
REFUSED = {
    "x" * 10_000: "is 10000 characters long",
    "a\x00b": "holds the invisible or control character U+0000",
    "Ana\nBob": "holds the invisible or control character U+000A",
    "Ana\x1b[2J": "holds the invisible or control character U+001B",
    "\u202eevil": "holds the invisible or control character U+202E",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_name_lands_inside_the_store_with_a_safe_file_name(cli, tmp_path, name):
    folder = tmp_path / "deep" / "store"
    result = cli(
        "rate",
        "--yes",
        "-r",
        name,
        "--team",
        name,
        "--ratings",
        RATINGS,
        "--ranking",
        RANKING,
        "--dir",
        folder,
    )
    assert result.exit_code == 0, result.output
    everything = [p for p in tmp_path.rglob("*") if p.is_file()]
    [path] = everything
    assert path.parent == folder
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d{6}Z-[a-z0-9-]{1,24}-[0-9a-f]{4}\.toml", path.name)
    [a] = store.load_store(folder, FW)
    assert a.respondent == name.strip() and a.team == name.strip()
    listed = cli("list", "--dir", folder)
    assert listed.exit_code == 0 and name.strip()[:20] in listed.output.replace("\n", "")
    shown = cli("show", a.id, "--dir", folder)
    assert shown.exit_code == 0


@pytest.mark.parametrize("name,words", REFUSED.items(), ids=list(map(repr, REFUSED)))
def test_a_name_that_cannot_be_stored_is_refused_clearly(cli, tmp_path, name, words):
    folder = tmp_path / "store"
    result = cli(
        "rate",
        "--yes",
        "-r",
        name,
        "--team",
        "T",
        "--ratings",
        RATINGS,
        "--ranking",
        RANKING,
        "--dir",
        folder,
    )
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    if "control character" in words:  # refused as the flag's value: wrong usage
        assert result.exit_code == 2
        assert f"--respondent: {words}" in lines[-1], result.output
    else:
        assert result.exit_code == 1
        assert lines == [f"error: your answers: respondent: {words}"] or (
            len(lines) == 1 and words in lines[0]
        ), result.output
    assert not folder.exists() or store.assessment_files(folder) == []


@pytest.mark.parametrize("name", ["../../etc/passwd", "CON", "a/b", "..", "x" * 500])
def test_a_hostile_survey_name_stays_in_the_surveys_folder(cli, tmp_path, name):
    path = tmp_path / "w.csv"
    path.write_text(",".join(IDS) + "\n" + ",".join(map(str, range(1, 11))) + "\n")
    folder = tmp_path / "store"
    result = cli("survey", "import", path, "--name", name, "--dir", folder)
    assert result.exit_code == 0, result.output
    [saved] = [p for p in tmp_path.rglob("*.toml")]
    assert saved.parent == folder / "surveys"
    assert re.fullmatch(r"[a-z0-9-]{1,60}\.toml", saved.name)


def test_saved_files_follow_the_umask_and_drafts_are_private(cli, folder, tmp_path):
    """Colleagues sharing a store can read each other's files (0666 less the umask);
    a draft stays readable by its owner only."""
    old = os.umask(0o027)
    try:
        assert (
            cli(
                "rate",
                "--yes",
                "-r",
                "Ana",
                "--team",
                "T",
                "--ratings",
                RATINGS,
                "--ranking",
                RANKING,
                "--dir",
                folder,
            ).exit_code
            == 0
        )
        export = tmp_path / "w.csv"
        export.write_text(",".join(IDS) + "\n" + ",".join(map(str, range(1, 11))) + "\n")
        assert cli("survey", "import", export, "--dir", folder).exit_code == 0
        draft = store.save_draft(folder, {"respondent": "Ana"})
    finally:
        os.umask(old)
    [saved] = store.assessment_files(folder)
    assert saved.stat().st_mode & 0o777 == 0o640
    assert (folder / "surveys" / "w.toml").stat().st_mode & 0o777 == 0o640
    assert draft.stat().st_mode & 0o777 == 0o600
