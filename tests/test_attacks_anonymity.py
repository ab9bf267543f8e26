"""Attacks on anonymity, each written as the attack (issue: safe in a shared folder).

The rule (PRODUCT.md §3, cx_pillars.anonymity): no output shows a figure that rests
on fewer than three anonymous people, and a lone anonymous colleague among named ones
cannot be picked out by elimination.  The strongest check of the second half: every
output of a store with one anonymous run beside named colleagues is the output of the
same store without that run (bar the sentence saying it was left out).
"""

from __future__ import annotations

import json
import shutil
import tomllib
from datetime import UTC, datetime

import pytest
import tomli_w
from conftest import RANKING, RATINGS

from cx_pillars.pillars import builtin_framework

FW = builtin_framework()
IDS = list(FW.ids)
TEAM_CHARTS = ["scores", "agreement", "trend"]
SURVEY_CHARTS = ["gap", "priorities"]


def write_run(folder, name, k, *, when, key=None):
    """A run whose ranking and ratings differ by ``k``, written as the store holds it."""
    ranking = IDS[k % 10 :] + IDS[: k % 10]
    anonymous = name == "anonymous"
    ident = (
        f"{when:%Y-%m-%d}-anonymous-{k:04x}"
        if anonymous
        else f"{when:%Y-%m-%dT%H%M%SZ}-{name.lower()}-{k:04x}"
    )
    doc = {
        "schema": 1,
        "framework": FW.id,
        "id": ident,
        "created": when,
        "respondent": name,
        "team": "Retail CX",
        "role": "",
        "ranking": ranking,
        "ratings": {p: 1 + (i * 7 + k * 3) % 5 for i, p in enumerate(IDS)},
    }
    if key:
        doc["anonymous_key"] = key
    (folder / f"{ident}.toml").write_text(tomli_w.dumps(doc), "utf-8")


def with_survey(folder, demo):
    shutil.copytree(demo / "surveys", folder / "surveys")
    return folder


@pytest.fixture
def stores(tmp_path, demo):
    """Three named colleagues; the same with one anonymous run; two anonymous alone."""
    named = tmp_path / "named"
    named.mkdir()
    for k, name in enumerate(("Ana", "Ben", "Chen")):
        write_run(named, name, k, when=datetime(2026, 11, 16 + k, 9, tzinfo=UTC))
    one_more = tmp_path / "one-anonymous"
    shutil.copytree(named, one_more)
    write_run(one_more, "anonymous", 7, when=datetime(2026, 11, 19, tzinfo=UTC))
    two = tmp_path / "two-anonymous"
    two.mkdir()
    write_run(two, "anonymous", 4, when=datetime(2026, 11, 18, tzinfo=UTC))
    write_run(two, "anonymous", 8, when=datetime(2026, 11, 19, tzinfo=UTC))
    return {
        name: with_survey(folder, demo)
        for name, folder in (("named", named), ("one", one_more), ("two", two))
    }


def without_anonymity_note(doc):
    """A JSON output minus what may differ: the note and the run counts."""
    if isinstance(doc, dict):
        return {
            k: without_anonymity_note(v)
            for k, v in doc.items()
            if k not in ("anonymity", "runs", "left_out")
        }
    if isinstance(doc, list):
        return [without_anonymity_note(v) for v in doc]
    return doc


JSON_COMMANDS = [
    ["team", "--json"],
    ["team", "--json", "--all-runs", "--trend"],
    ["team", "--json", "--by", "team", "--trend"],
    ["compare", "--json", "--survey", "customers"],
]


@pytest.mark.parametrize("args", JSON_COMMANDS, ids=" ".join)
def test_a_lone_anonymous_run_changes_no_figure_in_json(cli, stores, args):
    with_it = cli(*args, "--dir", stores["one"])
    without = cli(*args, "--dir", stores["named"])
    assert with_it.exit_code == 0 == without.exit_code, with_it.output
    doc = json.loads(with_it.stdout)
    assert without_anonymity_note(doc) == without_anonymity_note(json.loads(without.stdout))
    assert "left out" in json.dumps(doc)


@pytest.mark.parametrize("kind", TEAM_CHARTS + SURVEY_CHARTS)
def test_a_lone_anonymous_run_changes_no_chart(cli, stores, tmp_path, kind):
    images = []
    for name in ("one", "named"):
        out = tmp_path / f"{kind}-{name}.svg"
        result = cli("chart", kind, "--dir", stores[name], "--survey", "customers", "--out", out)
        assert result.exit_code == 0, result.output
        images.append(out.read_text("utf-8"))
    assert images[0] == images[1]


@pytest.mark.parametrize("lang", ["en", "pl", "zh-Hans"])
def test_a_lone_anonymous_run_is_only_the_note_in_the_screens_and_the_pack(
    cli, stores, tmp_path, lang
):
    for args in (["team"], ["team", "--trend", "--all-runs"], ["compare", "--survey", "customers"]):
        with_it = cli(*args, "--dir", stores["one"], "--lang", lang).output
        without = cli(*args, "--dir", stores["named"], "--lang", lang).output
        note = [line for line in with_it.splitlines() if line not in without.splitlines()]
        assert note, args  # the note is there, in the language asked for ...
        if lang != "en":
            assert "anonymous run" not in " ".join(note), (args, note)
        assert len(note) <= 4, note  # ... and nothing else differs (a wrapped sentence)
    md, pages = {}, {}
    for name in ("one", "named"):
        path, pdf = tmp_path / f"{lang}-{name}.md", tmp_path / f"{lang}-{name}.pdf"
        result = cli(
            "report",
            "--dir",
            stores[name],
            "--survey",
            "customers",
            "--out",
            pdf,
            "--markdown",
            path,
            "--lang",
            lang,
        )
        assert result.exit_code == 0, result.output
        md[name] = path.read_text("utf-8").replace(f"{lang}-{name}-charts", "charts").splitlines()
        pages[name] = pdf.read_bytes().count(b"/Type /Page\n")
    extra = [line for line in md["one"] if line not in md["named"]]
    assert len(extra) == 1 and "3" in extra[0], extra
    assert pages["one"] == pages["named"]


COMMANDS_ON_TWO = [
    ["team"],
    ["team", "--json"],
    ["team", "--trend", "--all-runs"],
    ["team", "--by", "team"],
    ["compare", "--survey", "customers"],
    ["compare", "--survey", "customers", "--json"],
    *[["chart", kind, "--survey", "customers"] for kind in TEAM_CHARTS + SURVEY_CHARTS],
]


@pytest.mark.parametrize("args", COMMANDS_ON_TWO, ids=" ".join)
def test_two_anonymous_colleagues_alone_get_no_figure_anywhere(cli, stores, args):
    # their mean, lowest and highest total would be their own answers
    result = cli(*args, "--dir", stores["two"])
    assert result.exit_code == 1
    assert "fewer than 3 colleagues who rated anonymously" in result.output
    assert result.stdout.count("\n") <= 3 and "Traceback" not in result.output


@pytest.mark.parametrize("kind", TEAM_CHARTS + SURVEY_CHARTS)
def test_two_anonymous_colleagues_get_no_chart_file_and_no_pack(cli, stores, tmp_path, kind):
    out = tmp_path / f"{kind}.png"
    result = cli("chart", kind, "--dir", stores["two"], "--survey", "customers", "--out", out)
    assert result.exit_code == 1 and not out.exists()
    pack = tmp_path / "pack.pdf"
    result = cli("report", "--dir", stores["two"], "--survey", "customers", "--out", pack)
    assert result.exit_code == 1 and not pack.exists()


def test_one_persons_anonymous_runs_every_quarter_stay_one_person(cli, folder):
    # Ana, Ben and Chen named; one colleague rates anonymously in three quarters. Before,
    # three anonymous runs counted as three people and showed them one by one.
    for k, name in enumerate(("Ana", "Ben", "Chen")):
        write_run(folder, name, k, when=datetime(2026, 11, 16 + k, 9, tzinfo=UTC))
    base = ("rate", "--dir", folder, "--anonymous", "--team", "Retail CX", "--yes")
    for _ in range(3):
        assert cli(*base, "--ratings", RATINGS, "--ranking", RANKING).exit_code == 0
    keys = {
        tomllib.loads(p.read_text("utf-8")).get("anonymous_key") for p in folder.glob("*anonymous*")
    }
    assert len(keys) == 1 and None not in keys
    doc = json.loads(cli("team", "--dir", folder, "--all-runs", "--json").stdout)
    assert doc["respondents"] == 3 and doc["anonymity"]["left_out"] == 3
    assert not any("anonymous" in name for name in doc["pairwise_spearman"]["respondents"])


def test_the_key_is_not_in_the_store_and_not_from_the_name(cli, folder, tmp_path, monkeypatch):
    base = ("rate", "--dir", folder, "--anonymous", "--team", "Retail CX", "--yes")
    assert cli(*base, "--ratings", RATINGS, "--ranking", RANKING).exit_code == 0
    (saved,) = folder.glob("*.toml")
    key = tomllib.loads(saved.read_text("utf-8"))["anonymous_key"]
    from cx_pillars import anonymity, config

    kept = (config.folder() / anonymity.SECRET_FILE).read_text().strip()
    assert kept not in saved.read_text("utf-8") and len(kept) == 64
    assert (config.folder() / anonymity.SECRET_FILE).stat().st_mode & 0o077 == 0
    # another user (another configuration folder) gets another key for the same team
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "other-user"))
    assert cli(*base, "--ratings", RATINGS, "--ranking", RANKING).exit_code == 0
    keys = {tomllib.loads(p.read_text("utf-8"))["anonymous_key"] for p in folder.glob("*.toml")}
    assert len(keys) == 2 and key in keys


def test_an_anonymous_run_keeps_only_the_day(cli, folder):
    base = ("rate", "--dir", folder, "--anonymous", "--team", "Retail CX", "--yes")
    assert cli(*base, "--ratings", RATINGS, "--ranking", RANKING).exit_code == 0
    (saved,) = folder.glob("*.toml")
    doc = tomllib.loads(saved.read_text("utf-8"))
    created = doc["created"]
    assert (created.hour, created.minute, created.second) == (0, 0, 0)
    assert saved.name == f"{doc['id']}.toml" and doc["id"].startswith(
        f"{created:%Y-%m-%d}-anonymous-"
    )
    assert "T" not in doc["id"]
    assert saved.stat().st_mtime == created.timestamp()  # the file's time says no more
    # a named run keeps its minute, as before
    named = ("rate", "--dir", folder, "--respondent", "Ana", "--team", "Retail CX", "--yes")
    assert cli(*named, "--ratings", RATINGS, "--ranking", RANKING).exit_code == 0
    ana = next(p for p in folder.glob("*ana*.toml"))
    assert "T" in ana.name


def test_a_key_on_a_named_run_is_refused(cli, folder):
    write_run(folder, "Ana", 1, when=datetime(2026, 11, 16, 9, tzinfo=UTC), key="ab" * 8)
    result = cli("team", "--dir", folder)
    assert result.exit_code == 1 and "anonymous_key" in result.output


def test_keyless_anonymous_runs_over_quarters_are_not_three_people(cli, tmp_path):
    # one colleague's anonymous form answers imported each quarter (no key): counted as
    # three people they switched per-person views back on
    folder = tmp_path / "store"
    folder.mkdir()
    for k, name in enumerate(("Ana", "Ben", "Chen")):
        write_run(folder, name, k, when=datetime(2026, 11, 16 + k, 9, tzinfo=UTC))
    for k, month in enumerate((2, 5, 8)):
        write_run(folder, "anonymous", 5 + k, when=datetime(2026, month, 3, tzinfo=UTC))
    doc = json.loads(cli("team", "--dir", folder, "--all-runs", "--json").stdout)
    assert doc["anonymity"]["left_out"] == 3 and doc["respondents"] == 3
    # three in one quarter are three people
    for k in range(2):
        write_run(folder, "anonymous", 9 + k, when=datetime(2026, 8, 4 + k, tzinfo=UTC))
    doc = json.loads(cli("team", "--dir", folder, "--all-runs", "--json").stdout)
    assert doc["anonymity"]["left_out"] == 0 and doc["respondents"] == 8
