"""Terminal tables at 60, 80, 100 and 200 columns, in all four languages: every number
the JSON output holds for the table is in the text whole, none ends in "…", and no line
is wider than the terminal (issue 14, item 1).

The oracle is the command's own ``--json`` output, formatted here with plain Python
(``f"{x:.1f}"``, a decimal comma in Polish), and the table's numbers are read back from
the text as whole tokens, in the table's order.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from rich.text import Text

from cx_pillars.textwidth import cell_width
from cx_pillars.views import render
from cx_pillars.views.widths import Column, render_table

SAMPLE = Path(__file__).resolve().parents[1] / "assessments" / "sample"
LANGS = ["en", "pl", "zh-Hans", "zh-Hant"]
WIDTHS = [60, 80, 100, 200]
TOKEN = re.compile(r"\d+(?:[.,]\d+)?(?:–\d+(?:[.,]\d+)?)?%?")
WORDS = (
    "alpha bravo charlie delta echo foxtrot golf hotel india juliett kilo lima mike "
    "november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee "
    "zulu amber basalt cobalt dune"
).split()


# ------------------------------------------------------------------ the oracle


def dec(x: float, digits: int, lang: str) -> str:
    text = f"{x:.{digits}f}"
    return text.replace(".", ",") if lang == "pl" else text


def place(x: float, lang: str) -> str:
    return str(int(x)) if x == int(x) else dec(x, 1, lang)


def check_screen(out: str, width: int, title: str, rows: list[list[str]]) -> None:
    """Every line fits; no number is cut; each row's numbers follow one another, the
    rows in order, in the block from the table's title to the first empty line."""
    for line in out.splitlines():
        assert cell_width(line) <= width, f"{cell_width(line)} > {width}: {line!r}"
    # the only "…" next to a digit the catalogs write: the Chinese note's "第1、第2……位";
    # any other is a cut number (scales and headers use a dash: "1–5", "1st–10th")
    legit = re.sub(r"第\d+……", "", out)
    assert not re.search(r"\d…|…\d", legit), out
    lines = out.splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith(title[:12]))
    end = next((k for k in range(start + 1, len(lines)) if not lines[k].strip()), len(lines))
    found = TOKEN.findall("\n".join(lines[start + 1 : end]))
    at = 0
    for row in rows:
        for token in row:
            while at < len(found) and found[at] != token:
                at += 1
            assert at < len(found), f"{token!r} of {row} missing at {width} columns:\n{out}"
            at += 1


def run(cli, monkeypatch, width: int, *args) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    render.console.cache_clear()
    try:
        result = cli(*args)
    finally:
        render.console.cache_clear()
    assert result.exit_code == 0, result.output
    return result.output


def as_json(cli, *args) -> dict:
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


# ------------------------------------------------------------------ data


def framework_file(folder: Path, n: int) -> Path:
    """A framework of ``n`` items with long labels and, for every other item, a short."""
    path = folder / f"fw{n}.toml"
    parts = [f'id = "fw-{n}"\nname = "Items {n}"\n']
    for k in range(n):
        word = WORDS[k]
        parts.append(f'[[pillars]]\nid = "{word}"\nlabel = "{word.title()} experience quality"\n')
        if k % 2 == 0:
            parts.append(f'short = "{word.title()}"\n')
    path.write_text("".join(parts), encoding="utf-8")
    return path


def team_folder(folder: Path, n: int, people: int, fw_id: str, seed: int) -> Path:
    """``people`` colleagues with random rankings and ratings; names of 60 characters
    and Chinese names among them."""
    rng = random.Random(seed)
    store = folder / f"team{people}x{n}"
    store.mkdir()
    ids = WORDS[:n]
    for k in range(people):
        name = (
            "王小明" + chr(0x4E00 + k)
            if k % 3 == 1
            else (f"Colleague {k} " + "with a very long double-barrelled name")[:60].ljust(60, "x")
            if k % 3 == 2
            else f"Colleague {k}"
        )
        ranking = rng.sample(ids, n)
        ratings = "\n".join(f"{i} = {rng.randint(1, 5)}" for i in ids)
        order = ",\n".join(f'    "{i}"' for i in ranking)
        aid = f"2026-05-{1 + k % 28:02d}T10{k // 28:02d}00Z-p{k}-{k:04x}"
        (store / f"{aid}.toml").write_text(
            f'schema = 1\nframework = "{fw_id}"\nid = "{aid}"\n'
            f"created = 2026-05-{1 + k % 28:02d} 10:{k // 28:02d}:00+00:00\n"
            f'respondent = "{name}"\nteam = "Stores"\nranking = [\n{order},\n]\n\n'
            f"[ratings]\n{ratings}\n",
            encoding="utf-8",
        )
    return store


def team_rows(doc: dict, lang: str) -> list[list[str]]:
    n = len(doc["pillars"]) if isinstance(doc["pillars"], list) else doc["pillars"]
    scores = {s["pillar"]: s for s in doc["scores"]}
    whole = all(
        c.get("position_low", c["position"]) == 1 and c.get("position_high", c["position"]) == n
        for c in doc["consensus"]
    )
    rows = []
    for c in doc["consensus"]:
        low, high = c.get("position_low", c["position"]), c.get("position_high", c["position"])
        pos = str(c["position"]) if whole or low == high else f"{low}–{high}"
        s = scores[c["pillar"]]
        row = [pos, dec(c["mean_rank"], 1, lang)]
        if c["first_places"]:
            row.append(str(c["first_places"]))
        row.append(f"{place(c['rank_min'], lang)}–{place(c['rank_max'], lang)}")
        if s["mean"] is not None:
            row += [dec(s["mean"], 1, lang), f"{s['min']}–{s['max']}"]
        rows.append(row)
    return rows


def team_title(lang: str) -> str:
    from cx_pillars.i18n import t

    return t("team.table.title", lang)


# ------------------------------------------------------------------ team


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
def test_team_sample_store_shows_every_number(cli, monkeypatch, lang, width):
    doc = as_json(cli, "team", "--dir", SAMPLE)
    out = run(cli, monkeypatch, width, "team", "--dir", SAMPLE, "--lang", lang)
    check_screen(out, width, team_title(lang), team_rows(doc, lang))


TEAMS = [(2, 2), (7, 6), (7, 10), (40, 10), (2, 25), (40, 30)]


@pytest.mark.parametrize("people,n", TEAMS, ids=[f"{p}x{n}" for p, n in TEAMS])
def test_generated_teams_show_every_number(cli, monkeypatch, tmp_path, people, n):
    fw = framework_file(tmp_path, n)
    store = team_folder(tmp_path, n, people, f"fw-{n}", seed=people * 100 + n)
    base = ("team", "--dir", store, "--framework", fw)
    doc = as_json(cli, *base)
    assert doc["respondents"] == people
    for width in WIDTHS:
        for lang in LANGS:
            out = run(cli, monkeypatch, width, *base, "--lang", lang)
            check_screen(out, width, team_title(lang), team_rows(doc, lang))


def test_team_positions_are_places_when_every_range_is_whole(cli, monkeypatch):
    """Five colleagues tell no two neighbours apart: each range would read 1–10, so the
    column shows the consensus place 1..10 instead, and the sentence says why."""
    doc = as_json(cli, "team", "--dir", SAMPLE)
    assert all((c["position_low"], c["position_high"]) == (1, 10) for c in doc["consensus"])
    out = run(cli, monkeypatch, 80, "team", "--dir", SAMPLE, "--lang", "en")
    table = out[out.index("What the team believes") :]
    firsts = [line.split()[0] for line in table.splitlines()[3:13]]
    assert firsts == [str(k) for k in range(1, 11)]
    assert "1–10  " not in table.splitlines()[3]
    assert "the order is the team's average" in " ".join(out.split())


def test_team_at_80_columns_keeps_the_distribution_and_drops_the_bar(cli, monkeypatch):
    out = run(cli, monkeypatch, 80, "team", "--dir", SAMPLE, "--lang", "en")
    assert "▂▂▄▂······" in out  # Products' position distribution, kept
    assert "░" not in out.split("What the team believes")[1].split("\n\n")[0]  # bar dropped
    wide = run(cli, monkeypatch, 100, "team", "--dir", SAMPLE, "--lang", "en")
    assert "████████▍░" in wide  # the self-score bar at full width


# ------------------------------------------------------------------ survey import


def survey_rows(doc: dict) -> list[list[str]]:
    rows = []
    for r in doc["ranking"]:
        low, high = r.get("position_low", r["position"]), r.get("position_high", r["position"])
        rows.append(
            [
                str(low) if low == high else f"{low}–{high}",
                f"{r['mean_rank']:.2f}",
                f"{r['ci_low']:.2f}–{r['ci_high']:.2f}",
                f"{round(r['first_place_share'] * 100)}%",
                f"{round(r['top3_share'] * 100)}%",
            ]
        )
    return rows


def polish(rows: list[list[str]], lang: str) -> list[list[str]]:
    return [[x.replace(".", ",") for x in row] if lang == "pl" else row for row in rows]


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory):
    from cx_pillars.demo import write_demo
    from cx_pillars.pillars import builtin_framework

    return write_demo(tmp_path_factory.mktemp("demo-export"), builtin_framework())[1]


def six_item_export(folder: Path) -> tuple[Path, Path]:
    """A wide CSV over a 6-item framework: 12 customers, one of them puts alpha first
    in every answer so a share reaches 100%."""
    fw = framework_file(folder, 6)
    ids = WORDS[:6]
    rng = random.Random(6)
    lines = [",".join(["id", *ids])]
    for k in range(12):
        order = ["alpha", *rng.sample(ids[1:], 5)]
        lines.append(",".join([str(k), *(str(order.index(i) + 1) for i in ids)]))
    csv = folder / "six.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return fw, csv


@pytest.mark.parametrize("lang", LANGS)
def test_survey_import_shows_every_number(cli, monkeypatch, tmp_path, demo_export, lang):
    from cx_pillars.i18n import t

    doc = as_json(cli, "survey", "import", demo_export, "--dir", tmp_path / "j")
    for width in WIDTHS:
        store = tmp_path / f"s{width}"
        out = run(cli, monkeypatch, width, "survey", "import", demo_export, "--dir", store,
                  "--lang", lang)  # fmt: skip
        check_screen(out, width, t("survey.table_title", lang), polish(survey_rows(doc), lang))


@pytest.mark.parametrize("lang", LANGS)
def test_survey_import_six_items_keeps_the_place_and_100_percent(cli, monkeypatch, tmp_path, lang):
    from cx_pillars.i18n import t

    fw, csv = six_item_export(tmp_path)
    doc = as_json(cli, "survey", "import", csv, "--framework", fw, "--dir", tmp_path / "j")
    assert doc["ranking"][0]["first_place_share"] == 1.0
    for width in WIDTHS:
        out = run(cli, monkeypatch, width, "survey", "import", csv, "--framework", fw,
                  "--dir", tmp_path / f"s{width}", "--lang", lang)  # fmt: skip
        rows = polish(survey_rows(doc), lang)
        assert rows[0][3] == "100%"
        check_screen(out, width, t("survey.table_title", lang), rows)


# ------------------------------------------------------------------ compare


def compare_rows(doc: dict, lang: str) -> list[list[str]]:
    gaps = {g["pillar"]: g for g in doc["gaps"]}
    scores = {s["pillar"]: s["mean"] for s in doc["team"]["scores"]}
    rows = []
    for r in doc["customers"]["ranking"]:
        low, high = r.get("position_low", r["position"]), r.get("position_high", r["position"])
        g = gaps[r["pillar"]]
        row = [
            str(low) if low == high else f"{low}–{high}",
            dec(r["mean_rank"], 1, lang),
            f"{dec(r['ci_low'], 1, lang)}–{dec(r['ci_high'], 1, lang)}",
            f"{round(r['first_place_share'] * 100)}%",
            f"{round(r['top3_share'] * 100)}%",
            str(g["team_position"]),
            str(abs(g["gap"])),
        ]
        if scores[r["pillar"]] is not None:
            row.append(dec(scores[r["pillar"]], 1, lang))
        rows.append(row)
    return rows


@pytest.mark.parametrize("lang", LANGS)
def test_compare_shows_every_number(cli, monkeypatch, demo, lang):
    from cx_pillars.i18n import t

    base = ("compare", "--dir", demo, "--survey", "customers")
    doc = as_json(cli, *base)
    for width in WIDTHS:
        out = run(cli, monkeypatch, width, *base, "--lang", lang)
        check_screen(out, width, t("compare.table_title", lang), compare_rows(doc, lang))


# ------------------------------------------------------------------ the plan itself


def columns() -> list[Column]:
    return [
        Column("#", ["1", "10"]),
        Column("Pillar", ["Products", "Representatives"], kind="label", justify="left"),
        Column("Mean\nrank", ["2.3", "10.0"]),
        Column("", [Text("████"), Text("██")], kind="decoration", justify="left"),
        Column("Range", ["1–4", "3–10"]),
    ]


def test_plan_worked_by_hand():
    """Widths 2 + 15 + 4 + 4 + 5 and four gaps of 2: 38 columns in all."""
    text, plan = render_table(columns(), 38)
    assert text.plain.splitlines() == [
        "                     Mean",
        " #  Pillar           rank        Range",
        " 1  Products          2.3  ████    1–4",
        "10  Representatives  10.0  ██     3–10",
    ]
    assert not plan.stacked and plan.dropped == []
    # one column fewer: the decoration goes, nothing else changes
    text, plan = render_table(columns(), 37)
    assert text.plain.splitlines()[-1] == "10  Representatives  10.0   3–10"
    assert plan.dropped == [""]
    # the label is shortened before the rows are stacked, never a number
    text, plan = render_table(columns(), 30)
    assert text.plain.splitlines()[-1] == "10  Representati…  10.0   3–10"
    assert plan.label_width == 30 - (2 + 4 + 5 + 3 * 2)
    # too little room for a 10-cell label with two spaces between columns: one space
    text, plan = render_table(columns(), 26)
    assert plan.gap == 1 and not plan.stacked
    assert text.plain.splitlines()[-1] == "10 Representat… 10.0  3–10"
    # stacked: the label on its own line, the numbers under their headers below it
    text, plan = render_table(columns(), 22)
    assert plan.stacked
    lines = text.plain.splitlines()
    assert lines[-2:] == ["10  Representatives", "    10.0   3–10"]
    assert all(cell_width(x) <= 22 for x in lines)


def test_chinese_cells_count_two_columns():
    cols = [
        Column("#", ["1"]),
        Column("支柱", ["产品与服务体验"], kind="label", justify="left"),
        Column("平均\n排名", ["2.3"]),
    ]
    text, _ = render_table(cols, 40)
    last = text.plain.splitlines()[-1]
    assert last == "1  产品与服务体验   2.3"
    assert cell_width(last) == 1 + 2 + 14 + 2 + 4


def trend_rows(doc: dict, lang: str) -> list[list[str]]:
    """The trend table's numbers row by row: respondents, mean total, each pillar."""
    quarters = doc["trend"]["quarters"][-8:]
    change = doc["trend"]["change"]
    rows = [[str(q["respondents"]) for q in quarters]]
    total = [dec(q["total"]["mean"], 1, lang) for q in quarters]
    rows.append(total + ([dec(change["total_mean"], 1, lang)] if change else []))
    for k in range(len(doc["pillars"])):
        rows.append([dec(q["scores"][k]["mean"], 1, lang) for q in quarters])
    return rows


@pytest.mark.parametrize("lang", LANGS)
def test_team_trend_shows_every_number(cli, monkeypatch, demo, lang):
    from cx_pillars.i18n import t

    base = ("team", "--dir", demo, "--trend", "--all-runs")
    doc = as_json(cli, *base)
    assert len(doc["trend"]["quarters"]) >= 2
    for width in [40, *WIDTHS]:
        out = run(cli, monkeypatch, width, *base, "--lang", lang)
        check_screen(out, width, t("team.trend.title", lang), trend_rows(doc, lang))


def test_teams_side_by_side_never_cut(cli, monkeypatch, tmp_path):
    """Five teams (one named in 60 Polish characters, one in Chinese) side by side: at
    every width each team's mean ranks and W are whole, in blocks of as many teams as fit."""
    fw = framework_file(tmp_path, 10)
    store = tmp_path / "all"
    store.mkdir()
    names = ["North", "Obsługa klienta i sprzedaż detaliczna w regionie północnym", "客服团队"]
    for k, name in enumerate([*names, "South", "East"]):
        one = team_folder(tmp_path, 10, 3, "fw-10", seed=k)
        for f in one.glob("*.toml"):
            aid = f"{f.stem}{k}"
            text = f.read_text(encoding="utf-8").replace(f'id = "{f.stem}"', f'id = "{aid}"')
            text = text.replace('team = "Stores"', f'team = "{name}"')
            (store / f"{aid}.toml").write_text(text, encoding="utf-8")
        one.rename(tmp_path / f"done{k}")
    base = ("team", "--dir", store, "--framework", fw)
    docs = [as_json(cli, *base, "--team", name) for name in [*names, "South", "East"]]
    for width in WIDTHS:
        for lang in LANGS:
            out = run(cli, monkeypatch, width, *base, "--by", "team", "--lang", lang)
            for line in out.splitlines():
                assert cell_width(line) <= width, line
            tokens = TOKEN.findall(out)
            for doc in docs:
                for c in doc["consensus"]:
                    assert dec(c["mean_rank"], 1, lang) in tokens
                assert dec(doc["agreement"]["kendall_w"], 2, lang) in tokens
            assert not re.search(r"\d…|…\d", out)


def test_abbreviated_headers_come_with_a_legend_before_rows_stack(cli, monkeypatch, demo):
    """Polish compare at 60 columns: the headers shorten ("Śr. poz."), a legend line
    says what they stand for, and each pillar keeps one line with all its numbers."""
    base = ("compare", "--dir", demo, "--survey", "customers", "--lang", "pl")
    out = run(cli, monkeypatch, 60, *base)
    flat = " ".join(out.split())
    assert "Śr. poz. = Średnia pozycja" in flat and "Samoc. = Samoocena" in flat
    row = next(line for line in out.splitlines() if " Obsługa " in line)
    assert TOKEN.findall(row)[:4] == ["1–3", "3,1", "2,9–3,3", "23%"]
    wide = run(cli, monkeypatch, 100, *base)
    assert "Śr. poz." not in wide and "Średnia pozycja" in wide  # full headers at 100


def test_chinese_headers_never_break_inside_a_word():
    cols = [
        Column("客户", ["1–3"]),
        Column("支柱", ["客服"], kind="label", justify="left"),
        Column("平均名次", ["3.1"], abbr="平均"),
    ]
    text, plan = render_table(cols, 16)
    assert plan.legend("；") == "平均 = 平均名次"
    assert text.plain.splitlines()[0].split() == ["客户", "支柱", "平均"]


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_chinese_prompts_break_between_characters_not_only_at_spaces(cli, demo, monkeypatch, lang):
    # "Z世代（96 位受访者）把…": Rich moved the whole run after the space to the next line,
    # leaving "Z世代（96" alone on one
    out = run(
        cli, monkeypatch, 80, "compare", "--dir", demo, "--survey", "customers", "--lang", lang
    )
    prompts = out.split("\n\n")[-1].splitlines()
    gen_z = next(k for k, line in enumerate(prompts) if "（96" in line)
    assert cell_width(prompts[gen_z].rstrip()) > 60, prompts[gen_z]


def _block(out: str, title: str) -> list[str]:
    """The lines of the section that starts with ``title``, to the next empty line."""
    lines = out.splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith(title))
    end = next((k for k in range(start + 1, len(lines)) if not lines[k].strip()), len(lines))
    return lines[start:end]


@pytest.mark.parametrize("width", [60, 80])
@pytest.mark.parametrize("lang", ["en", "pl"])
def test_disputed_and_pairs_wrap_under_their_text_not_at_the_margin(
    cli, monkeypatch, tmp_path, lang, width
):
    """At 80 columns a disputed pillar's "1st for A and B, 29th for C and D" and a pair's
    "ρ = +0.86 (p < 0.001, beyond chance)" ran on at the left margin, under the section
    title, where they read as a new line of their own. Each entry's lines stay indented."""
    from cx_pillars.i18n import t

    fw = framework_file(tmp_path, 12)
    store = team_folder(tmp_path, 12, 40, "fw-12", seed=5)
    out = run(cli, monkeypatch, width, "team", "--dir", store, "--framework", fw, "--lang", lang)
    for key in ("team.disputed.title", "team.pairwise.title"):
        lines = _block(out, t(key, lang))
        entries = next(k for k, line in enumerate(lines) if line.startswith("  "))
        assert entries < len(lines) - 1, lines  # entries, and at least one wrapped
        assert all(line.startswith("  ") for line in lines[entries:]), "\n".join(lines)
        assert all(cell_width(line) <= width for line in lines)
