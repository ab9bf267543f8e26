"""`cx-pillars survey template`: the lean customer survey, worded for the customer, with
steps for each survey tool, and answers that import back in every language.

The items a customer ranks read "The customer service you receive", not the team's
"Customer service they receive"; each such wording is an alias of its pillar, so an
export whose items are worded exactly as the template has them imports with no map
file, whatever the tool's layout (a `Question [item]` grid, a Forms `a;b;c;` cell).
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from cx_pillars import i18n
from cx_pillars.pillars import builtin_framework, normalise_name
from cx_pillars.survey.importer import import_file

HERE = Path(__file__).resolve().parent
FIX = HERE / "fixtures" / "survey"
FW = builtin_framework()
IDS = FW.ids
LANGS = i18n.LANGUAGES  # en, pl, zh-Hans, zh-Hant
TOOLS = ("ms-forms", "google-forms", "qualtrics", "surveymonkey", "limesurvey", "typeform")


def texts(lang: str) -> dict:
    return tomllib.loads(
        resources.files("cx_pillars")
        .joinpath("data", f"survey-template.{lang}.toml")
        .read_text("utf-8")
    )


def catalog() -> dict:
    return tomllib.loads(
        resources.files("cx_pillars").joinpath("data", "ten-pillars.toml").read_text("utf-8")
    )


def keys(table: dict, prefix: str = "") -> set[str]:
    out = set()
    for key, value in table.items():
        out |= keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key}
    return out


def wording(lang: str) -> dict[str, str]:
    return texts(lang)["wording"]


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


# Five respondents, worked by hand: three complete orders, a top 3 and a top 1.
ORDERS = [
    IDS,
    list(reversed(IDS)),
    ["service", "friction", "products", "digital", "communications", "representatives"]
    + ["reputation", "content", "non_digital", "advertising"],
    ["friction", "service", "reputation"],
    ["service"],
]


def firsts_by_hand() -> Counter:
    return Counter(order[0] for order in ORDERS)


def check_counts(summary) -> None:
    """Every pillar recognised, each with the positions counted by hand."""
    assert summary.all.respondents == len(ORDERS)
    n = len(IDS)
    for i, pid in enumerate(IDS):
        expected = [0] * n
        for order in ORDERS:
            if pid in order:
                expected[order.index(pid)] += 1
            elif len(order) == n - 1:
                expected[n - 1] += 1
        assert summary.all.positions[i] == expected, pid
        unranked = sum(1 for order in ORDERS if pid not in order and len(order) < n - 1)
        assert summary.all.unranked[i] == unranked, pid
    assert summary.all.positions[IDS.index("service")][0] == firsts_by_hand()["service"] == 2


# -- the wording: customer-facing, and an alias of its pillar in every language -----------


@pytest.mark.parametrize("lang", LANGS)
def test_every_wording_is_an_alias_of_its_pillar(lang):
    words = wording(lang)
    assert set(words) == set(IDS)
    for pid, text in words.items():
        assert FW.match(text) == pid, (lang, pid, text)
        assert FW.match(f"  {text.upper()} ") == pid  # case and spaces do not matter


def test_the_wording_speaks_to_the_customer():
    words = wording("en")
    assert words["service"] == "The customer service you receive"
    assert words["advertising"] == "Advertising you see from us"
    for lang in LANGS:
        for pid, text in wording(lang).items():
            p = FW.get(pid)
            assert normalise_name(text) != normalise_name(p.text("label", lang)), (lang, pid)
    # Each language words its items in its own script and words.
    for a, b in (("en", "pl"), ("pl", "zh-Hans"), ("zh-Hans", "zh-Hant")):
        same = [p for p in IDS if wording(a)[p] == wording(b)[p]]
        assert not same, (a, b, same)


def test_every_wording_is_listed_among_the_pillars_aliases():
    """The aliases in ten-pillars.toml carry the template's wording, in all four languages."""
    aliases = {p["id"]: set(p.get("aliases", [])) for p in catalog()["pillars"]}
    for lang in LANGS:
        for pid, text in wording(lang).items():
            assert text in aliases[pid], (lang, pid)


def test_no_name_matches_two_pillars():
    """Over every language's labels, short labels, aliases and wordings, a name (as the
    import compares names) belongs to one pillar only."""
    owners: dict[str, set[str]] = {}
    for p in catalog()["pillars"]:
        names = [p["id"], p["label"], p.get("short", ""), *p.get("aliases", [])]
        for tr in p.get("text", {}).values():
            names += [tr.get("label", ""), tr.get("short", "")]
        for lang in LANGS:
            names.append(wording(lang)[p["id"]])
        for name in names:
            if name:
                owners.setdefault(normalise_name(name), set()).add(p["id"])
    shared = {name: ids for name, ids in owners.items() if len(ids) > 1}
    assert not shared
    assert len(owners) > 10 * 8  # the check saw the wordings and translations


def test_the_wording_survives_every_export_layout():
    """No wording holds what a tool or the importer would split or read otherwise: the
    Forms list separator, the brackets of `Question [item]`, Qualtrics' ` - `, a
    missing-answer word, or the words that mark a ranking, rating, NPS or CES column."""
    from cx_pillars.survey import cells
    from cx_pillars.survey.layout import CES_WORDS, NPS_WORDS, RANK_WORDS, RATING_WORDS

    for lang in LANGS:
        for pid, text in wording(lang).items():
            assert text == text.strip() and "  " not in text
            for bad in (";", "[", "]", " - ", '"', "\n"):
                assert bad not in text, (lang, pid, bad)
            for words in (RANK_WORDS, RATING_WORDS, NPS_WORDS, CES_WORDS):
                assert not words.search(text), (lang, pid, words.pattern)
            assert not cells.is_missing(text)
            assert len(text) <= 60


# -- the printed survey ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_survey_shows_the_customer_wording(cli, lang):
    r = cli("survey", "template", "--lang", lang)
    assert r.exit_code == 0, r.output
    items = [line[6:] for line in r.stdout.splitlines() if line.startswith("  [ ] ")]
    assert items == [wording(lang)[p] for p in IDS]
    rows = [line.split(":  1  2")[0].strip() for line in r.stdout.splitlines() if ":  1  2" in line]
    assert rows == [wording(lang)[p] for p in IDS]
    assert FW.get("service").text("label", lang) not in items  # not the team's words


def test_template_prints_the_lean_survey(cli):
    r = cli("survey", "template")
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "The customer service you receive" in out and "Advertising you see from us" in out
    assert "Customer service they receive" not in out
    assert "from the most important to you (1) to the least important (10)" in out
    assert "How likely are you to recommend us" in out
    assert "How easy was it" in out and "1 = very difficult ... 7 = very easy" in out
    assert "In which year were you born?" in out
    assert "Question 1 of 5" in out and "385 responses" in out


def test_template_in_polish(cli):
    r = cli("survey", "template", "--lang", "pl")
    assert r.exit_code == 0 and "yet; using" not in r.output
    assert r.stdout.startswith("Co jest dla Ciebie najważniejsze")
    assert "Pytanie 1 z 5" in r.stdout and wording("pl")["advertising"] in r.stdout
    assert "Reklama dla konsumentów" not in r.stdout  # the team's label, not the customer's


def test_template_for_another_framework_keeps_its_labels(cli):
    r = cli("survey", "template", "--framework", FIX / "frameworks" / "fruits.toml")
    assert r.exit_code == 0
    assert "Snozzberries" in r.stdout and "(1) to the least important (4)" in r.stdout


@pytest.mark.parametrize("lang", LANGS[1:])
def test_survey_template_translated(lang):
    english, other = texts("en"), texts(lang)
    assert keys(other) == keys(english)
    assert other["lang"] == lang and other["title"] != english["title"]
    assert len(other["send"]["tips"]) == len(english["send"]["tips"])
    assert set(other["items"]) == set(english["items"]) == set(IDS)
    for tool in TOOLS:
        assert len(other["tools"][tool]["steps"]) == len(english["tools"][tool]["steps"])
        assert other["tools"][tool]["name"] == english["tools"][tool]["name"]


def test_survey_template_language_like_every_command(cli, monkeypatch):
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("CX_PILLARS_LANG", "pl")
    assert cli("survey", "template").stdout.startswith(texts("pl")["title"])
    monkeypatch.delenv("CX_PILLARS_LANG")
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")
    assert cli("survey", "template").stdout.startswith(texts("zh-Hant")["title"])
    assert cli("survey", "template", "--lang", "en").stdout.startswith(texts("en")["title"])
    bad = cli("survey", "template", "--lang", "fr")
    assert bad.exit_code == 2 and "not a supported language" in bad.output


# -- answers worded as the template has them import back, in every language ---------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_kit_csv_filled_in_imports_back(cli, tmp_path, lang):
    """survey-template.csv, filled in as a spreadsheet would be, imports with nothing
    mapped, by the command the survey prints."""
    t = texts(lang)
    kit = tmp_path / "kit"
    r = cli("survey", "template", "--lang", lang, "--out", kit)
    assert r.exit_code == 0, r.output
    survey = (kit / "survey.txt").read_text(encoding="utf-8")
    assert survey.startswith(t["title"])
    assert all(wording(lang)[p] in survey for p in IDS)
    from cx_pillars.exporting import excel_delimiter

    # as Excel opens it: the BOM, and ; where the locale writes 2,5 (Polish)
    kit_csv = (kit / "survey-template.csv").read_text("utf-8-sig")
    header = next(csv.reader(io.StringIO(kit_csv), delimiter=excel_delimiter(lang)))
    assert header[:2] == [t["csv"]["respondent"], t["birth_year"]["question"]]
    assert header[2:12] == [t["csv"]["rank"].format(label=wording(lang)[p]) for p in IDS]
    assert header[12:22] == [t["csv"]["rating"].format(label=wording(lang)[p]) for p in IDS]
    assert len(header) == 2 + 10 + 10 + 2
    rows = [header]
    for _ in range(5):  # five of each: a generation needs 5 respondents to be shown
        rows.append(["r1", "1990"] + [str(i) for i in range(1, 11)] + ["4"] * 10 + ["9", "6"])
        rows.append(["r2", "2001"] + [str(i) for i in range(10, 0, -1)] + [""] * 10 + ["3", "2"])
        rows.append(["r3", "1960"] + ["1", "2", "3"] + [""] * 7 + ["5"] * 10 + ["10", "7"])
    filled = write_csv(tmp_path / "filled.csv", rows)
    # The import line the survey ends with names the birth-year column as the tools do.
    assert f'--birth-year "{t["birth_year"]["question"]}"' in survey
    r = cli(
        "survey",
        "import",
        filled,
        "--birth-year",
        t["birth_year"]["question"],
        "--dir",
        tmp_path / "s",
        "--json",
    )
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["respondents"] == 15
    assert {s["segment"]: s["respondents"] for s in doc["segments"]} == {
        "Millennials": 5,
        "Gen Z": 5,
        "Boomers": 5,
    }
    from cx_pillars.survey.summary import load_summary

    s = load_summary(tmp_path / "s" / "surveys" / "filled.toml", FW)
    assert s.all.mean_ratings()[0] == pytest.approx(4.5)
    assert s.all.nps_score() == pytest.approx(100 * (2 - 1) / 3)
    assert s.all.ces_score() == pytest.approx(5.0)
    again = cli("survey", "template", "--out", kit)
    assert again.exit_code == 1 and "already exists" in again.output


@pytest.mark.parametrize("lang", LANGS)
def test_a_wide_export_of_the_items_imports_back(tmp_path, lang):
    """`Rank [item]` columns holding ranks, the items worded exactly as in the template."""
    words = wording(lang)
    rank = texts(lang)["csv"]["rank"]
    rows: list[list[object]] = [["id"] + [rank.format(label=words[p]) for p in IDS]]
    for i, order in enumerate(ORDERS, 1):
        rows.append([i] + [order.index(p) + 1 if p in order else "" for p in IDS])
    summary = import_file(write_csv(tmp_path / "wide.csv", rows), FW).summary
    check_counts(summary)


@pytest.mark.parametrize("lang", LANGS)
def test_a_grid_export_of_the_whole_survey_imports_back(tmp_path, lang):
    """Google-Forms style: every question's text as its header, `Question [item]` for the
    grids; ranking, ratings, NPS, CES and birth year all found with no map file."""
    t = texts(lang)
    words = wording(lang)
    ranking_q = t["ranking"]["question"].format(n=10)
    rating_q = t["rating"]["question"]
    header = (
        ["Timestamp"]
        + [f"{ranking_q} [{words[p]}]" for p in IDS]
        + [f"{rating_q} [{words[p]}]" for p in IDS]
        + [t["nps"]["question"], t["ces"]["question"], t["birth_year"]["question"]]
    )
    rows: list[list[object]] = [header]
    for i, order in enumerate(ORDERS):
        ranks = [order.index(p) + 1 if p in order else "" for p in IDS]
        ratings = [(i + k) % 5 + 1 for k in range(10)]
        rows.append([f"2026/11/0{i + 1} 9:16:17 AM EST", *ranks, *ratings, 9, 6, 1950 + 20 * i])
    path = write_csv(tmp_path / "grid.csv", rows)
    summary = import_file(path, FW, birth_year=t["birth_year"]["question"]).summary
    check_counts(summary)
    assert summary.all.nps_score() == pytest.approx(100.0)  # five 9s: all promoters
    assert summary.all.ces_score() == pytest.approx(6.0)
    service = IDS.index("service")
    by_hand = [(i + service) % 5 + 1 for i in range(len(ORDERS))]
    assert summary.all.mean_ratings()[service] == pytest.approx(sum(by_hand) / len(by_hand))
    # The birth-year column was found; one respondent per generation is too few to show
    # (segments of fewer than 5 are merged, and "other" alone says nothing).
    assert summary.segment_by == "generation"
    assert summary.guard is not None and summary.guard.merged_respondents == len(ORDERS)


@pytest.mark.parametrize("lang", LANGS)
def test_a_forms_ranking_cell_of_the_items_imports_back(tmp_path, lang):
    """Microsoft-Forms style: one column, the items in order joined by `;`, trailing `;`."""
    words = wording(lang)
    question = texts(lang)["ranking"]["question"].format(n=10)
    rows: list[list[object]] = [["ID", "Start time", "Completion time", "Email", "Name", question]]
    for i, order in enumerate(ORDERS, 1):
        cell = "".join(f"{words[p]};" for p in order)
        rows.append([i, "11/2/26 9:16:17", "11/2/26 9:19:02", "anonymous", "", cell])
    summary = import_file(write_csv(tmp_path / "forms.csv", rows), FW).summary
    check_counts(summary)


# -- steps per survey tool --------------------------------------------------------------------


def test_every_tool_is_described_in_every_language():
    english = texts("en")["tools"]
    assert [k for k, v in english.items() if isinstance(v, dict)] == list(TOOLS)
    for lang in LANGS:
        tools = texts(lang)["tools"]
        assert [k for k, v in tools.items() if isinstance(v, dict)] == list(TOOLS), lang
        for tool in TOOLS:
            entry = tools[tool]
            assert set(entry) == {"name", "line", "file", "steps"}, (lang, tool)
            assert entry["line"] and all(step.strip() for step in entry["steps"])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("tool", TOOLS)
def test_each_tool_prints_its_steps(cli, lang, tool):
    t = texts(lang)
    entry = t["tools"][tool]
    r = cli("survey", "template", "--lang", lang, "--tool", tool)
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert out.startswith(t["title"])  # the survey itself, then the steps
    assert entry["name"] in out
    for step in entry["steps"]:
        assert step.format(n=10) in out
    imports = t["tools"]["import"].format(
        file=entry["file"], birth_year=t["birth_year"]["question"]
    )
    assert imports in out
    for other in TOOLS:  # one tool's steps only: no other tool's export step
        if other != tool:
            assert t["tools"][other]["steps"][-1].format(n=10) not in out


@pytest.mark.parametrize("lang", LANGS)
def test_without_tool_the_tools_are_listed_one_line_each(cli, lang):
    t = texts(lang)
    r = cli("survey", "template", "--lang", lang)
    assert r.exit_code == 0, r.output
    for tool in TOOLS:
        entry = t["tools"][tool]
        [line] = [ln for ln in r.stdout.splitlines() if ln.strip().startswith(f"{tool} ")]
        assert entry["name"] in line and entry["line"] in line
        assert entry["steps"][-1].format(n=10) not in r.stdout
    assert "--tool" in r.stdout


# What the brief for each tool must say (the tools' own English menu names, which the
# steps quote in every language), and how the file is exported.
FACTS = {
    "ms-forms": ["Ranking", "Open in Excel", ".xlsx"],
    "google-forms": [
        "Multiple choice grid",
        "Limit to one response per column",
        "Require a response in each row",
        "Download responses (.csv)",
        ".zip",
    ],
    "qualtrics": ["Rank Order", "Drag and drop", "Export Data", "CSV", "Use choice text", ".zip"],
    "surveymonkey": ["Ranking", "All individual responses", "CSV", "Expanded"],
    "limesurvey": ["Ranking", "Full question text", "Full answers", "Answer codes", "[values]"],
    "typeform": ["Ranking", "Results", "CSV"],
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("tool", TOOLS)
def test_each_tools_steps_name_the_question_type_and_the_export(lang, tool):
    steps = " ".join(texts(lang)["tools"][tool]["steps"])
    for fact in FACTS[tool]:
        assert fact in steps, (lang, tool, fact)


def test_the_steps_go_into_survey_txt_too(cli, tmp_path):
    r = cli("survey", "template", "--tool", "google-forms", "--out", tmp_path / "kit")
    assert r.exit_code == 0, r.output
    text = (tmp_path / "kit" / "survey.txt").read_text(encoding="utf-8")
    assert "Limit to one response per column" in text


@pytest.mark.parametrize("spelling", ["Google Forms", "GOOGLE-FORMS", "google_forms"])
def test_a_tool_may_be_named_as_people_write_it(cli, spelling):
    r = cli("survey", "template", "--tool", spelling)
    assert r.exit_code == 0, r.output
    assert "Multiple choice grid" in r.stdout


@pytest.mark.parametrize("lang", LANGS)
def test_an_unknown_tool_is_wrong_usage_listing_the_names(cli, lang):
    r = cli("survey", "template", "--tool", "surveyjs", "--lang", lang)
    assert r.exit_code == 2
    assert "surveyjs" in r.output
    for tool in TOOLS:
        assert tool in r.output
    assert "Traceback" not in r.output
