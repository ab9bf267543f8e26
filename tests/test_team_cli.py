"""`cx-pillars team` through Typer's test runner, on the sample team in assessments/sample.

Expected figures are computed here from the TOML files with plain Python (tomllib,
sums and the textbook formulas), independently of cx_pillars.stats and cx_pillars.team.
"""

from __future__ import annotations

import json
import shutil
import tomllib

import pytest
from conftest import SAMPLE

IDS = [
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
N = len(IDS)


def sample_latest():
    """Each respondent's newest run, by reading the files; the sample's one anonymous
    run is left out (fewer than three people rated anonymously: PRODUCT.md §3)."""
    docs = [tomllib.loads(p.read_text("utf-8")) for p in sorted(SAMPLE.glob("*.toml"))]
    anonymous = [d for d in docs if d["respondent"] == "anonymous"]
    assert len(anonymous) == 1 and "anonymous_key" not in anonymous[0]
    latest = {}
    for d in docs:
        if d["respondent"] == "anonymous":
            continue
        key = d["respondent"]
        if key not in latest or d["created"] > latest[key]["created"]:
            latest[key] = d
    return docs, list(latest.values())


def ranks_of(doc):
    return [doc["ranking"].index(p) + 1 for p in IDS]


@pytest.fixture(scope="module")
def sample_json():
    from typer.testing import CliRunner

    from cx_pillars.cli import app

    result = CliRunner().invoke(app, ["team", "--json", "--dir", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_contract_key_with_its_type(sample_json):
    doc = sample_json
    assert isinstance(doc["respondents"], int) and doc["pillars"] == IDS
    for c in doc["consensus"]:
        assert {"pillar", "position", "mean_rank", "first_places", "rank_min", "rank_max"} <= set(c)
        assert isinstance(c["position"], int) and isinstance(c["first_places"], int)
        assert all(isinstance(c[k], (int, float)) for k in ("mean_rank", "rank_min", "rank_max"))
    assert {"kendall_w", "chi2", "df", "p_value"} <= set(doc["agreement"])
    assert isinstance(doc["agreement"]["df"], int)
    assert [s["pillar"] for s in doc["scores"]] == IDS
    for s in doc["scores"]:
        assert {"pillar", "mean", "min", "max"} <= set(s)
    assert {"mean", "min", "max", "max_possible"} <= set(doc["total"])
    for d in doc["disputed"]:
        assert {"pillar", "rank_min", "rank_max", "spread"} <= set(d)
    p = doc["pairwise_spearman"]
    assert isinstance(p["respondents"], list) and isinstance(p["matrix"], list)
    assert len(p["matrix"]) == len(p["respondents"]) == doc["respondents"]
    assert [c["position"] for c in doc["consensus"]] == list(range(1, N + 1))


def test_numbers_match_an_independent_computation(sample_json):
    _, latest = sample_latest()
    m = len(latest)
    doc = sample_json
    assert doc["respondents"] == m == 5 and doc["runs"] == 8 and doc["skipped_older"] == 2
    assert doc["anonymity"]["left_out"] == 1
    rows = [ranks_of(d) for d in latest]
    sums = [sum(r[i] for r in rows) for i in range(N)]
    means = [s / m for s in sums]
    firsts = [sum(r[i] == 1 for r in rows) for i in range(N)]
    order = sorted(range(N), key=lambda i: (means[i], -firsts[i], i))
    assert [c["pillar"] for c in doc["consensus"]] == [IDS[i] for i in order]
    for c in doc["consensus"]:
        i = IDS.index(c["pillar"])
        assert c["mean_rank"] == pytest.approx(means[i])
        assert c["first_places"] == firsts[i]
        assert c["rank_min"] == min(r[i] for r in rows)
        assert c["rank_max"] == max(r[i] for r in rows)
        assert c["positions"] == [sum(r[i] == k for r in rows) for k in range(1, N + 1)]
    # Kendall's W without ties
    s = sum((x - m * (N + 1) / 2) ** 2 for x in sums)
    w = 12 * s / (m * m * (N**3 - N))
    assert doc["agreement"]["kendall_w"] == pytest.approx(w)
    assert doc["agreement"]["chi2"] == pytest.approx(m * (N - 1) * w)
    assert doc["agreement"]["df"] == N - 1
    # pairwise Spearman: 1 - 6 sum d^2 / (n (n^2 - 1)), respondents as labelled
    by_name = {d["respondent"]: ranks_of(d) for d in latest}
    names = doc["pairwise_spearman"]["respondents"]
    assert sorted(names) == sorted(by_name)
    for a, row in zip(names, doc["pairwise_spearman"]["matrix"], strict=True):
        for b, rho in zip(names, row, strict=True):
            d2 = sum((x - y) ** 2 for x, y in zip(by_name[a], by_name[b], strict=True))
            assert rho == pytest.approx(1 - 6 * d2 / (N * (N * N - 1)))
    # scores and total
    for s in doc["scores"]:
        values = [d["ratings"][s["pillar"]] for d in latest]
        assert s["mean"] == pytest.approx(sum(values) / m)
        assert (s["min"], s["max"]) == (min(values), max(values))
        assert s["histogram"] == [values.count(k) for k in range(1, 6)]
    totals = [sum(d["ratings"].values()) for d in latest]
    assert doc["total"]["mean"] == pytest.approx(sum(totals) / m)
    assert (doc["total"]["min"], doc["total"]["max"]) == (min(totals), max(totals))
    assert doc["total"]["max_possible"] == 50
    # disputed: widest spreads first
    spreads = {IDS[i]: max(r[i] for r in rows) - min(r[i] for r in rows) for i in range(N)}
    assert [d["spread"] for d in doc["disputed"]] == sorted(spreads.values(), reverse=True)[:3]
    assert doc["disputed"][0]["pillar"] == max(spreads, key=spreads.get)


def test_screen_tells_the_story(cli):
    result = cli("team", "--dir", SAMPLE)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Retail CX · 5 respondents, latest run each (2 older runs skipped)" in out
    assert "2026-11-16 to 2026-11-19" in out
    assert "1 anonymous run is left out of Retail CX" in out
    assert "Kendall's W = 0.38" in out and "Moderate agreement" in out
    assert "Non-digital  spread 9  1st for Dorota, 10th for Ben and Chen" in out
    assert "anonymous" not in out.split("Anonymity:")[1].split("\n\n", 1)[1]
    assert "Most alike   Ana and Emre" in out and "Least alike  Ben and Dorota" in out
    assert "|ρ| ≥ 0.65" in out
    assert "Total self-score  30.8/50 (lowest 28, highest 36)" in out
    assert "Strongest Products (4.0)   Weakest Friction (2.4)" in out
    assert "To discuss" in out and "  3. " in out
    assert "ties broken by more first places, then catalog order" in " ".join(out.split())


def test_screen_fits_100_columns(runner, monkeypatch):
    from cx_pillars.cli import app
    from cx_pillars.views import render

    render.console.cache_clear()
    monkeypatch.setenv("COLUMNS", "100")
    try:
        result = runner.invoke(app, ["team", "--dir", str(SAMPLE)])
    finally:
        render.console.cache_clear()
    assert result.exit_code == 0
    widths = [len(line.rstrip()) for line in result.output.splitlines()]
    assert 90 < max(widths) <= 100  # wrapped at 100, not at conftest's 160
    assert "1st for Dorota" in result.output


def test_all_runs_and_trend(cli):
    result = cli("team", "--dir", SAMPLE, "--all-runs", "--trend", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    # eight runs, the anonymous one left out: seven runs from five colleagues
    assert doc["respondents"] == 7 and doc["distinct_respondents"] == 5
    quarters = doc["trend"]["quarters"]
    assert [q["quarter"] for q in quarters] == ["2026-Q2", "2026-Q3", "2026-Q4"]
    assert [q["respondents"] for q in quarters] == [1, 1, 5]
    assert [q["left_out"] for q in quarters] == [0, 0, 1]
    # Q2 is Ben's May run: 4+4+3+3+4+3+4+3+3+4 = 35
    assert quarters[0]["total"]["mean"] == 35
    screen = cli("team", "--dir", SAMPLE, "--trend")
    assert "Trend by quarter" in screen.output and "Total (mean)" in screen.output


def test_trend_with_one_quarter_says_so(cli):
    result = cli("team", "--dir", SAMPLE, "--since", "2026-10-01", "--trend")
    assert result.exit_code == 0
    assert "one quarter (2026-Q4)" in result.output


def test_by_team(cli, folder):
    for p in SAMPLE.glob("*.toml"):
        shutil.copy(p, folder)
    for name, ranking in (("Ola", IDS), ("Piet", IDS[::-1]), ("Quinn", IDS[1:] + IDS[:1])):
        doc = tomllib.loads((SAMPLE / "2026-11-17T151000Z-chen-wei-0be7.toml").read_text())
        text = (SAMPLE / "2026-11-17T151000Z-chen-wei-0be7.toml").read_text()
        text = text.replace('"Chen Wei"', f'"{name}"').replace('"Retail CX"', '"Online"')
        text = text.replace(doc["id"], f"2026-11-21T100000Z-{name.lower()}-0001")
        start = text.index("ranking = [")
        end = text.index("]", start) + 1
        text = (
            text[:start] + "ranking = [" + ", ".join(f'"{r}"' for r in ranking) + "]" + text[end:]
        )
        (folder / f"2026-11-21T100000Z-{name.lower()}-0001.toml").write_text(text)
    result = cli("team", "--dir", folder, "--by", "team", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [t["team"] for t in doc["teams"]] == ["Retail CX", "Online"]
    assert [t["respondents"] for t in doc["teams"]] == [5, 3]
    # Online: ranks per pillar (catalog order) are i+1, 10-i, and (i, with advertising 10)
    online_means = [((i + 1) + (N - i) + (i if i else N)) / 3 for i in range(N)]
    got = {c["pillar"]: c["mean_rank"] for c in doc["teams"][1]["consensus"]}
    assert [got[p] for p in IDS] == pytest.approx(online_means)
    (between,) = doc["between"]
    assert between["teams"] == ["Retail CX", "Online"]
    assert -1 <= between["spearman_rho"] <= 1 and between["method"] == "exact"
    screen = cli("team", "--dir", folder, "--by", "team")
    assert "2 teams side by side" in screen.output
    assert "Retail CX vs Online" in screen.output and "n = 3" in screen.output


def test_anonymity_on_screen_and_in_json(cli, folder):
    # Ana and one anonymous colleague: the anonymous run is left out, so what is shown
    # is Ana's own (a mean of two would be the anonymous answers plus hers)
    shutil.copy(SAMPLE / "2026-11-16T090500Z-ana-kowalska-3f9c.toml", folder)
    shutil.copy(SAMPLE / "2026-11-20T102500Z-anonymous-c6f0.toml", folder)
    screen = cli("team", "--dir", folder)
    assert screen.exit_code == 0, screen.output
    assert "1 respondent" in screen.output and "1 anonymous run is left out" in screen.output
    doc = json.loads(cli("team", "--dir", folder, "--json").stdout)
    assert doc["respondents"] == 1 and doc["anonymity"]["left_out"] == 1
    assert doc["pairwise_spearman"]["respondents"] == ["Ana Kowalska"]
    # the anonymous colleague alone: nothing to show, one line saying why
    (folder / "2026-11-16T090500Z-ana-kowalska-3f9c.toml").unlink()
    alone = cli("team", "--dir", folder, "--json")
    assert alone.exit_code == 1 and alone.stdout == ""
    assert "fewer than 3 colleagues who rated anonymously" in alone.output
    assert "Traceback" not in alone.output


def test_single_respondent_says_agreement_needs_two(cli, folder):
    shutil.copy(SAMPLE / "2026-11-17T151000Z-chen-wei-0be7.toml", folder)
    result = cli("team", "--dir", folder)
    assert result.exit_code == 0, result.output
    assert "Agreement needs at least two respondents" in result.output
    doc = json.loads(cli("team", "--dir", folder, "--json").stdout)
    assert doc["agreement"]["kendall_w"] is None and doc["respondents"] == 1


@pytest.mark.parametrize(
    "args, words",
    [
        (["--team", "Nobody"], "no assessments matching --team Nobody"),
        (
            ["--since", "2030-01-01", "--until", "2030-02-01"],
            "no assessments matching --since 2030-01-01, --until 2030-02-01",
        ),
    ],
)
def test_empty_window_is_one_line_exit_1(cli, args, words):
    result = cli("team", "--dir", SAMPLE, *args)
    assert result.exit_code == 1
    assert words in result.output and str(SAMPLE) in result.output
    assert "Traceback" not in result.output


def test_empty_store_and_bad_by(cli, folder):
    result = cli("team", "--dir", folder)
    assert result.exit_code == 1 and "no assessments" in result.output
    assert cli("team", "--dir", SAMPLE, "--by", "role").exit_code == 2


def test_json_stdout_is_only_json_even_with_bad_files(runner, folder):
    from cx_pillars.cli import app

    shutil.copy(SAMPLE / "2026-11-17T151000Z-chen-wei-0be7.toml", folder)
    (folder / "broken.toml").write_text("schema = 1\nthis is not toml\n")
    result = runner.invoke(app, ["team", "--dir", str(folder), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["respondents"] == 1
    assert "skipped" in result.stderr and "broken.toml" in result.stderr


@pytest.mark.parametrize("team", ["", "(no team)", "  Online  "])
def test_by_team_trend_finds_each_teams_runs(cli, folder, team):
    """Every team's trend is made from that team's runs: a colleague with no team, a
    team that happens to be spelt like the words for no team, a name with spaces."""
    for p in SAMPLE.glob("*.toml"):
        shutil.copy(p, folder)
    chen = folder / "2026-11-17T151000Z-chen-wei-0be7.toml"
    chen.write_text(chen.read_text("utf-8").replace('"Retail CX"', json.dumps(team)), "utf-8")
    result = cli("team", "--dir", folder, "--by", "team", "--trend", "--json")
    assert result.exit_code == 0, result.output
    teams = {t["team"]: t for t in json.loads(result.stdout)["teams"]}
    alone = teams[team.strip() or "(no team)"]
    assert alone["respondents"] == 1
    assert [q["respondents"] for q in alone["trend"]["quarters"]] == [1]
    # Retail CX without Chen: four named colleagues in Q4 (the anonymous run left out)
    assert [q["respondents"] for q in teams["Retail CX"]["trend"]["quarters"]] == [1, 1, 4]
    screen = cli("team", "--dir", folder, "--by", "team", "--trend")
    assert screen.exit_code == 0, screen.output
    assert "No runs in the window" not in screen.output


def test_two_colleagues_are_one_pair_not_most_and_least_alike(cli, folder):
    for name in ("2026-11-16T090500Z-ana-kowalska-3f9c", "2026-11-17T151000Z-chen-wei-0be7"):
        shutil.copy(SAMPLE / f"{name}.toml", folder)
    out = cli("team", "--dir", folder).output
    assert "The two colleagues  Ana and Chen" in out
    assert "Most alike" not in out and "Least alike" not in out
    assert "Furthest from the rest" not in out  # each is the other's "rest"


def test_pooled_teams_are_said_to_be_pooled(cli, folder):
    for p in SAMPLE.glob("*.toml"):
        shutil.copy(p, folder)
    chen = folder / "2026-11-17T151000Z-chen-wei-0be7.toml"
    chen.write_text(chen.read_text("utf-8").replace('"Retail CX"', '"Online"'), "utf-8")
    out = " ".join(cli("team", "--dir", folder).output.split())
    assert "2 teams (Online, Retail CX)" in out
    assert "pooled into one view: --team NAME shows one of them, --by team" in out
    one = " ".join(cli("team", "--dir", folder, "--team", "online").output.split())
    assert "pooled" not in one


def test_by_team_has_self_scores_prompts_and_the_anonymity_note(cli, folder):
    for p in SAMPLE.glob("*.toml"):
        shutil.copy(p, folder)
    for name in ("chen-wei-0be7", "dorota-nowak-e4a1", "emre-yilmaz-92bc"):
        (path,) = folder.glob(f"*{name}.toml")
        path.write_text(path.read_text("utf-8").replace('"Retail CX"', '"Online"'), "utf-8")
    doc = json.loads(cli("team", "--dir", folder, "--by", "team", "--json").stdout)
    teams = {t["team"]: t for t in doc["teams"]}
    # worked from the files: Online's Digital scores are Chen 3, Dorota 2, Emre 3 (2.67);
    # Retail CX's latest named runs (Ana 4, Ben 4) give 4.0: the widest self-score gap
    digital = {
        k: next(s["mean"] for s in v["scores"] if s["pillar"] == "digital")
        for k, v in teams.items()
    }
    assert digital["Retail CX"] == pytest.approx(4.0)
    kinds = {p["kind"]: p for p in doc["prompts"]}
    assert kinds["score_gap"]["pillar"] == "digital"
    assert kinds["score_gap"]["values"]["high"] == "Retail CX"
    split = kinds["team_split"]["values"]
    places = {
        k: next(c["position"] for c in v["consensus"] if c["pillar"] == split["pillar"])
        for k, v in teams.items()
    }
    assert abs(places["Online"] - places["Retail CX"]) == max(
        abs(
            a["position"]
            - next(
                b["position"] for b in teams["Retail CX"]["consensus"] if b["pillar"] == a["pillar"]
            )
        )
        for a in teams["Online"]["consensus"]
    )
    screen = " ".join(cli("team", "--dir", folder, "--by", "team").output.split())
    assert "How each team scores itself" in screen and "To discuss" in screen
    assert "1 anonymous run is left out of Retail CX" in screen


@pytest.mark.parametrize("lang", ["en", "pl", "zh-Hans"])
def test_thousands_of_bad_files_give_the_first_warnings_and_a_count(runner, folder, lang):
    """A store where most files are bad (a computer clock set years ahead, a folder of
    other TOML files) warned once per file: 4,400 lines before the answer. The first
    ones are shown, then one line counting the rest, in the run's language."""
    from cx_pillars.cli import app
    from cx_pillars.cli.common import WARNINGS_SHOWN

    shutil.copy(SAMPLE / "2026-11-17T151000Z-chen-wei-0be7.toml", folder)
    bad = WARNINGS_SHOWN + 23
    for k in range(bad):
        (folder / f"broken-{k:03d}.toml").write_text("schema = 1\nthis is not toml\n")
    result = runner.invoke(app, ["team", "--dir", str(folder), "--json", "--lang", lang])
    assert result.exit_code == 0 and json.loads(result.stdout)["respondents"] == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == WARNINGS_SHOWN + 1
    assert all("broken-" in line for line in lines[:WARNINGS_SHOWN])
    assert "23" in lines[-1] and "broken-" not in lines[-1]
    english = "more files were skipped" in lines[-1]
    assert english == (lang == "en")
