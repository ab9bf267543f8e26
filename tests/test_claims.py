"""Chart titles, subtitles and the report claim only what their own tests support
(issue 13): a crisp customer position only where customers tell it apart, a gap as a
finding only where the team's position lies outside the customers' span, a segment
difference only where its segment test passes, W's reading with "could be chance"
when W's own test does not pass.

The walk test reads every title back against the English templates of the catalog
(so it checks the sentence shown, not an internal flag) and checks each claim against
the compare JSON's own test results, recomputed here where they can be."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime

import pytest
from test_stats_customers import IDS, SEGMENTED, segmented_rows, write_wide

ALPHA = 0.05


# ------------------------------------------------------------------ helpers


PILLAR_FIELDS = ("pillar", "first", "second", "top")
PLACE_FIELDS = ("customer", "team", "best", "worst")
PLACE = r"\d+(?:st|nd|rd|th)(?:–\d+(?:st|nd|rd|th))?"


def english_templates(prefix: str) -> dict[str, re.Pattern]:
    """Each English ``charts.<prefix>*`` template as a regex with one named group per
    placeholder: a pillar's short name, a place ("2nd", "1st–3rd"), a number, or text."""
    from cx_pillars.i18n import catalog
    from cx_pillars.pillars import builtin_framework

    fw = builtin_framework()
    names = "|".join(re.escape(fw.label(p, "en", short=True)) for p in IDS)

    def group(m: re.Match) -> str:
        name = m.group(1)
        if name in PILLAR_FIELDS:
            return f"(?P<{name}>{names})"
        if name in PLACE_FIELDS:
            return f"(?P<{name}>{PLACE})"
        if name == "k":
            return r"(?P<k>\d+)"
        return f"(?P<{name}>[^;]+?)"  # a list of names: no clause break in it

    out = {}
    for key, text in catalog("en").items():
        if not key.startswith("charts." + prefix):
            continue
        pattern = re.sub(r"\\\{(\w+)\\\}", group, re.escape(text))
        out[key.removeprefix("charts.")] = re.compile(pattern)
    return out


def read_back(sentence: str, prefix: str) -> tuple[str, dict[str, str]]:
    """Which template ``sentence`` was made from, and the values filled in (of two
    that fit, "All segments put X 1st" over "{segments} put X 1st", the one with
    fewer blanks)."""
    hits = [
        (key, m.groupdict())
        for key, rx in english_templates(prefix).items()
        if (m := rx.fullmatch(sentence))
    ]
    assert hits, f"no {prefix}* template makes {sentence!r}"
    return min(hits, key=lambda h: len(h[1]))


def ordinal(k: int) -> str:
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"


def span_text(low: int, high: int) -> str:
    return ordinal(low) if low == high else f"{ordinal(low)}–{ordinal(high)}"


def make_analysis(fw, tmp_path, seed: int):
    """A random survey (sizes, segments, strength of agreement) and a random team of
    three to seven colleagues, analysed as the report analyses them."""
    from cx_pillars.assessment import Assessment
    from cx_pillars.report.content import analyse
    from cx_pillars.survey.importer import import_file

    rnd = random.Random(1000 + seed)
    strength = [0.0, 1.0, 4.0, 12.0][seed % 4]
    base = {p: strength * rnd.random() for p in IDS}
    names = ["Gen Z", "Millennials", "Gen X"] if seed % 2 else ["North", "South", "West"]
    sizes = {name: rnd.choice([6, 40, 150, 400]) for name in names}
    prefer = {
        name: {p: base[p] + (5 * rnd.random() if rnd.random() < 0.3 else 0) for p in IDS}
        for name in names
    }
    if seed % 5 == 0:  # segments that share one preference: no difference to claim
        prefer = {name: dict(base) for name in names}
    elif seed % 5 == 1:  # each segment with a clear favourite of its own, and big
        sizes = {name: rnd.choice([150, 400]) for name in names}
        prefer = {name: {**base, IDS[k]: 20.0} for k, name in enumerate(names)}
    rows, labels = segmented_rows(rnd, sizes, prefer)
    path = write_wide(tmp_path / f"claims{seed}.csv", rows, extra=(SEGMENTED, labels))
    summary = import_file(path, fw, segment=SEGMENTED, name="claims").summary
    if seed % 2:
        summary.segment_by = "generation"
    align = [1, -1, 0][seed % 3]
    noise = rnd.choice([0.5, 2.0, 6.0])
    runs = [
        Assessment(
            id=f"a{k}", created=datetime(2026, 11, 20, tzinfo=UTC), respondent=f"P{k}",
            team="T", role="", ratings={p: rnd.randint(1, 5) for p in IDS},
            ranking=sorted(IDS, key=lambda p: -(align * base[p] + rnd.gauss(0, noise))),
        )
        for k in range(rnd.choice([3, 4, 7]))
    ]  # fmt: skip
    return analyse(runs, fw, summary)


# ------------------------------------------------------------------ the walk


def check_gap(title: str, subtitle: str, doc: dict, by_short: dict[str, str]) -> None:
    ranking = {r["pillar"]: r for r in doc["customers"]["ranking"]}
    gaps = {g["pillar"]: g for g in doc["gaps"]}
    for g in doc["gaps"]:  # the finding flag is what the issue defines
        r = ranking[g["pillar"]]
        outside = not r["position_low"] <= g["team_position"] <= r["position_high"]
        assert g["finding"] == outside
    key, v = read_back(title, "gap_title")
    if key in ("gap_title_customers_higher", "gap_title_team_higher", "gap_title_customers_top"):
        pid = by_short[v["pillar"]]
        g, r = gaps[pid], ranking[pid]
        assert g["finding"] and abs(g["gap"]) >= 2, title
        assert (g["gap"] > 0) == (key != "gap_title_team_higher"), title
        assert v["team"] == ordinal(g["team_position"]), title
        if key == "gap_title_customers_top":
            assert r["position_low"] == 1 and v["k"] == str(r["position_high"]), title
        else:  # a crisp place only where customers tell it apart
            assert v["customer"] == span_text(r["position_low"], r["position_high"]), title
        # and it is the largest gap that is a finding
        assert abs(g["gap"]) == max(abs(x["gap"]) for x in doc["gaps"] if x["finding"])
    elif key == "gap_title_agree_top3":
        cust = doc["customers"]["ranking"][:3]
        team = [c["pillar"] for c in doc["team"]["consensus"][:3]]
        assert all(r["position_high"] <= 3 for r in cust), title
        assert {r["pillar"] for r in cust} == set(team)
    elif key == "gap_title_agree_top1":
        first = doc["customers"]["ranking"][0]
        assert first["position_high"] == 1, title
        assert by_short[v["pillar"]] == first["pillar"] == doc["team"]["consensus"][0]["pillar"]
    elif key == "gap_title_close":
        assert max(abs(g["gap"]) for g in doc["gaps"]) <= 1
    elif key == "gap_title_within_ties":
        assert not any(g["finding"] and abs(g["gap"]) >= 2 for g in doc["gaps"]), title
    else:
        pytest.fail(f"unexpected gap title {key}: {title}")

    p = doc["correlation"]["spearman_p"]
    if doc["correlation"]["spearman_rho"] is not None:
        assert ("no better than chance" in subtitle) == (p is not None and p >= ALPHA), subtitle
    spans = sorted(
        {(r["position_low"], r["position_high"]) for r in ranking.values()}
        - {(r["position"], r["position"]) for r in ranking.values()}
    )
    if spans:
        for low, high in spans:
            assert span_text(low, high) in subtitle, subtitle
        assert "cannot tell apart" in subtitle
    else:
        assert "tell every neighbouring pair" in subtitle, subtitle


def check_priorities(title: str, doc: dict, by_short: dict[str, str]) -> None:
    k = len(doc["priorities"])
    ranking = {r["pillar"]: r for r in doc["customers"]["ranking"]}
    perf = {s["pillar"]: s["mean"] for s in doc["team"]["scores"] if s["mean"] is not None}
    top = [p["pillar"] for p in doc["priorities"]]
    mean = sum(perf.values()) / len(perf)
    key, v = read_back(title, "priorities_title")
    if "pillar" in v:
        pid = by_short[v["pillar"]]
        assert pid in top and ranking[pid]["position_high"] <= k, title  # surely a top k
        if key.startswith("priorities_title_lowest"):
            assert perf[pid] == pytest.approx(min(perf.values()))
        elif key.startswith("priorities_title_below"):
            assert perf[pid] < mean
        elif key.startswith("priorities_title_average"):
            assert perf[pid] == pytest.approx(mean)
    elif key.startswith("priorities_title_fine"):
        assert all(ranking[p]["position_high"] <= k and perf[p] > mean for p in top), title
    elif key == "priorities_title_unclear":
        assert any(ranking[p]["position_high"] > k for p in top), title
    else:
        pytest.fail(f"unexpected priorities title {key}: {title}")


def check_segments(title: str, doc: dict, by_short: dict[str, str]) -> None:
    p_adj = {s["pillar"]: s["p_adjusted"] for s in doc["segment_tests"]}
    passes = {p for p, q in p_adj.items() if q is not None and q < ALPHA}
    segs = {s["segment"]: s["ranking"] for s in doc["segments"]}
    key, v = read_back(title, "segments_title")

    def crisp_first(name: str, pid: str) -> bool:
        first = segs[name][0]
        return first["pillar"] == pid and first["position_high"] == 1

    if key == "segments_title_no_difference":
        assert not passes, title
    elif key == "segments_title_differ":
        a, b = by_short[v["first"]], by_short[v["second"]]
        assert {a, b} & passes, title  # the difference passes its segment test
        for name in segs:
            if name in v["first_segments"]:
                assert crisp_first(name, a), title
            if name in v["second_segments"]:
                assert crisp_first(name, b), title
    elif key in ("segments_title_swing", "segments_title_same_swing"):
        pid = by_short[v["pillar"]]
        assert pid in passes, title
        spans = [
            next((r["position_low"], r["position_high"]) for r in rk if r["pillar"] == pid)
            for rk in segs.values()
        ]
        assert v["best"] in {span_text(*s) for s in spans}
        assert v["worst"] in {span_text(*s) for s in spans}
        best = next(s for s in spans if span_text(*s) == v["best"])
        worst = next(s for s in spans if span_text(*s) == v["worst"])
        assert best[1] < worst[0], title  # the spans do not overlap
        if key == "segments_title_same_swing":
            top = by_short[v["top"]]
            assert all(crisp_first(name, top) for name in segs), title
    elif key == "segments_title_same":
        top = by_short[v["top"]]
        assert all(crisp_first(name, top) for name in segs), title
    elif key == "segments_title_differ_on":
        for short, pid in by_short.items():
            if short in v["pillars"]:
                assert pid in passes, title
    elif key in ("segments_title_one", "segments_title_one_tied"):
        assert len(segs) == 1
    else:
        pytest.fail(f"unexpected segments title {key}: {title}")


@pytest.mark.parametrize("seed", range(30))
def test_every_title_claims_only_what_its_test_supports(seed, fw, tmp_path):
    from cx_pillars.charts import titles
    from cx_pillars.report.content import chart_input, findings, report_kinds

    a = make_analysis(fw, tmp_path, seed)
    doc = a.comparison.to_json()
    by_short = {fw.label(p, "en", short=True): p for p in IDS}
    kinds = report_kinds(a)
    inputs = {k: chart_input(a, k) for k in kinds}
    check_gap(titles.gap_title(inputs["gap"]), titles.gap_subtitle(inputs["gap"]), doc, by_short)
    check_priorities(titles.priorities_title(inputs["priorities"]), doc, by_short)
    if "segments" in inputs:
        check_segments(titles.segments_title(inputs["segments"]), doc, by_short)
    if "agreement" in inputs:
        sub = titles.agreement_subtitle(inputs["agreement"])
        assert ("could be chance" in sub) == (not a.view.agreement["significant"]), sub
    # the report's findings are the same sentences
    said = [s for _, lines in findings(a, inputs) for s in lines]
    assert titles.gap_title(inputs["gap"]).rstrip(".") in said
    # every language fills every placeholder
    for lang in ("pl", "zh-Hans", "zh-Hant"):
        b = a.in_language(lang)
        for k in kinds:
            data = chart_input(b, k)
            title_fn = getattr(titles, f"{k}_title")
            subtitle_fn = getattr(titles, f"{k}_subtitle")
            for text in (title_fn(data, lang), subtitle_fn(data, lang)):
                assert "{" not in text and "}" not in text, text


# ------------------------------------------------------------------ hand-worked


def _gap_data(rows, **kw):
    from cx_pillars.charts.inputs import Footnote, GapData, GapRow

    return GapData(
        pillars=[r[0] for r in rows],
        labels={r[0]: r[0].capitalize() for r in rows},
        footnote=Footnote(source="test"),
        gaps=[
            GapRow(
                pillar=p, team_position=team, customer_position=cust,
                position_low=low, position_high=high, finding=not low <= team <= high,
            )
            for p, team, cust, low, high in rows
        ],
        **kw,
    )  # fmt: skip


# The demo's shape: customers' 1st-3rd cannot be told apart; the team put the
# customers' 2nd 7th, and their 3rd 1st (inside 1-3: no finding).
DEMO_LIKE = [
    ("service", 2, 1, 1, 3),
    ("friction", 7, 2, 1, 3),
    ("products", 1, 3, 1, 3),
    ("digital", 5, 4, 4, 4),
    ("content", 6, 5, 5, 7),
    ("reputation", 3, 6, 5, 7),
    ("advertising", 4, 7, 5, 7),
]


def test_gap_title_names_the_customers_span_not_a_crisp_place():
    from cx_pillars.charts import titles

    data = _gap_data(DEMO_LIKE)
    assert titles.gap_title(data) == "Customers put Friction in their top 3; the team put it 7th"
    assert "1.–3." not in titles.gap_title(data, "pl")  # "among the 3 most important"
    assert "前 3" in titles.gap_title(data, "zh-Hans")
    # the largest gap is a finding, not the −2 of products inside the customers' 1st-3rd
    assert [r.pillar for r in titles.largest_gaps(data)] == ["friction"]


def test_gap_title_gives_a_range_where_the_team_ranks_it_higher():
    from cx_pillars.charts import titles

    rows = [
        ("service", 1, 1, 1, 1),
        ("friction", 2, 2, 2, 2),
        ("products", 3, 3, 3, 3),
        ("content", 6, 4, 4, 6),
        ("reputation", 7, 5, 4, 6),
        ("advertising", 4, 6, 4, 6),
        ("digital", 5, 7, 7, 7),
    ]
    # reputation: team 7th, customers 4th-6th (+2); digital: team 5th, customers 7th (−2)
    assert titles.gap_title(_gap_data(rows)) == (
        "Customers rank Reputation 4th–6th; the team put it 7th"
    )
    rows[-1] = ("digital", 7, 7, 7, 7)
    rows[4] = ("reputation", 2, 5, 4, 6)
    rows[1] = ("friction", 4, 2, 2, 2)
    assert titles.gap_title(_gap_data(rows)) == (
        "The team ranks Reputation 2nd; customers put it 4th–6th"
    )


def test_gap_title_when_every_big_gap_lies_inside_the_customers_span():
    from cx_pillars.charts import titles

    rows = [
        ("service", 3, 1, 1, 4),
        ("friction", 4, 2, 1, 4),
        ("products", 1, 3, 1, 4),
        ("digital", 2, 4, 1, 4),
        ("content", 5, 5, 5, 5),
    ]
    assert titles.gap_title(_gap_data(rows)) == (
        "Every gap of two places or more lies among positions customers cannot tell apart"
    )
    sub = titles.gap_subtitle(_gap_data(rows))
    assert "customers cannot tell apart the pillars at 1st–4th" in sub
    # the same pillars with the customers' 1st told apart: they agree on the first
    rows = [("service", 1, 1, 1, 1), ("friction", 3, 2, 2, 3), ("products", 2, 3, 2, 3)]
    rows.append(("digital", 4, 4, 4, 4))
    assert titles.gap_title(_gap_data(rows)) == "Team and customers agree on the top three"


def test_gap_chart_draws_the_spans_and_no_arrow_inside_them():
    pytest.importorskip("matplotlib")
    from cx_pillars.charts.gap import build_gap

    (fig,) = build_gap(_gap_data(DEMO_LIKE))
    ax = fig.axes[0]
    spans = [line for line in ax.get_lines() if line.get_gid() == "gap-span"]
    # one bar per pillar customers cannot tell apart from a neighbour: 6 of 7
    assert len(spans) == 6
    assert sorted(tuple(line.get_xdata()) for line in spans) == sorted([(1, 3)] * 3 + [(5, 7)] * 3)
    arrows = [c for c in ax.get_children() if getattr(c, "get_gid", lambda: None)() == "gap-arrow"]
    findings = [r for r in DEMO_LIKE if not r[3] <= r[1] <= r[4] and r[1] != r[2]]
    assert len(arrows) == len(findings) == 4  # friction, digital, reputation, advertising
    grey = [
        t.get_text() for t in ax.texts if t.get_gid() == "gap-value" and t.get_color() == "#9A9A9A"
    ]
    # service +1, products −2, content +1 lie inside the customers' span
    assert sorted(grey) == sorted(["+1", "+1", "\u22122"])


def _segments(differ_p, ranges=None, ranges_b=None):
    from cx_pillars.charts.inputs import Footnote, Segment, SegmentsData

    order_a = ["digital", "service", "friction", "products"]
    order_b = ["service", "friction", "products", "digital"]
    return SegmentsData(
        pillars=["service", "friction", "products", "digital"],
        labels={},
        footnote=Footnote(source="test"),
        segments=[
            Segment(name="Gen Z", respondents=200, ranking=order_a, ranges=ranges),
            Segment(name="Boomers", respondents=200, ranking=order_b, ranges=ranges_b),
        ],
        differ_p=differ_p,
    )


def test_segments_title_claims_a_difference_only_where_its_test_passes():
    from cx_pillars.charts import titles

    none_pass = dict.fromkeys(["service", "friction", "products", "digital"], 0.4)
    assert titles.segments_title(_segments(none_pass)) == (
        "The segments rank the pillars alike: no pillar's mean rank differs beyond chance"
    )
    digital = {**none_pass, "digital": 0.001}
    assert titles.segments_title(_segments(digital)) == (
        "Gen Z put Digital 1st; Boomers put Service 1st"
    )
    # each segment cannot tell its first from its second: no "1st" claimed
    tied = {"digital": (1, 2), "service": (1, 2), "friction": (3, 3), "products": (4, 4)}
    tied_b = {"service": (1, 2), "friction": (1, 2), "products": (3, 3), "digital": (4, 4)}
    assert titles.segments_title(_segments(digital, tied, tied_b)) == (
        "The segments differ most on Digital: from 1st–2nd to 4th"
    )
    # their spans overlap: only that the segments differ on it
    overlap = {**tied_b, "digital": (2, 4)}
    assert titles.segments_title(_segments(digital, tied, overlap)) == (
        "The segments differ beyond chance on Digital"
    )


def test_priorities_title_names_only_a_surely_top_pillar():
    from cx_pillars.charts import titles
    from cx_pillars.charts.inputs import Footnote, PrioritiesData, PriorityPoint

    def data(spans):
        perf = {"service": 2.0, "friction": 4.0, "products": 4.5, "digital": 3.0}
        return PrioritiesData(
            pillars=list(perf),
            labels={},
            footnote=Footnote(source="test"),
            points=[
                PriorityPoint(
                    pillar=p, customer_mean_rank=i + 1.0, performance=perf[p],
                    position_low=spans[p][0], position_high=spans[p][1],
                )
                for i, p in enumerate(perf)
            ],
            top=["service", "friction"],
        )  # fmt: skip

    clear = {"service": (1, 1), "friction": (2, 2), "products": (3, 4), "digital": (3, 4)}
    assert titles.priorities_title(data(clear)) == (
        "Service is a top customer priority where the team scores itself lowest"
    )
    # service could be 3rd: only friction is surely in the top 2, and it scores well
    fuzzy = {"service": (1, 3), "friction": (1, 3), "products": (1, 3), "digital": (4, 4)}
    assert titles.priorities_title(data(fuzzy)) == (
        "Customers do not yet tell their top 2 apart from the pillars below"
    )


def test_agreement_subtitle_says_chance_when_w_does_not_pass(fw):
    from cx_pillars.assessment import Assessment
    from cx_pillars.charts import titles
    from cx_pillars.report.content import analyse, chart_input

    def runs(rankings):
        return [
            Assessment(
                id=f"a{k}", created=datetime(2026, 11, 20, tzinfo=UTC), respondent=f"P{k}",
                team="T", role="", ratings=dict.fromkeys(IDS, 3), ranking=r,
            )
            for k, r in enumerate(rankings)
        ]  # fmt: skip

    # three colleagues, the second and third each reversing half of the first: W small
    first = list(IDS)
    rankings = [first, first[5:] + first[:5], first[::-1]]
    a = analyse(runs(rankings), fw)
    assert not a.view.agreement["significant"]
    sub = titles.agreement_subtitle(chart_input(a, "agreement"))
    assert "could be chance" in sub, sub
    assert "agreement" in sub
    pl = titles.agreement_subtitle(chart_input(a.in_language("pl"), "agreement"), "pl")
    assert "przypadek" in pl
    # identical rankings of five colleagues: W = 1, significant, no "chance"
    b = analyse(runs([first] * 5), fw)
    assert b.view.agreement["significant"]
    assert "chance" not in titles.agreement_subtitle(chart_input(b, "agreement"))


# ------------------------------------------------------------------ the segment's word


def _regional_csv(tmp_path, header):
    rnd = random.Random(7)
    prefer = {
        "North": {"service": 9.0, "friction": 4.0},
        "South": {"digital": 9.0, "friction": 4.0},
    }
    rows, labels = segmented_rows(rnd, {"North": 220, "South": 120}, prefer)
    return write_wide(tmp_path / "regions.csv", rows, extra=(header, labels))


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Region", "Do plans for that region need their own priorities?"),
        (
            "Which region are you in?",
            "Do plans for the customers who answered “South” to “Which region are you in?”"
            " need their own priorities?",
        ),
    ],
)
def test_segment_prompt_names_the_segment_column(cli, tmp_path, header, expected):
    import json
    import tomllib

    from conftest import RATINGS
    from test_stats_customers import TEAM_ORDER

    store = tmp_path / "store"
    for name in ("Ana", "Bo", "Cy"):
        result = cli(
            "rate", "--dir", store, "-r", name, "--team", "T", "--ratings", RATINGS,
            "--ranking", ",".join(TEAM_ORDER),
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    path = _regional_csv(tmp_path, header)
    result = cli("survey", "import", path, "--dir", store, "--name", "w", "--segment", header)
    assert result.exit_code == 0, result.output
    assert f"By “{header}”" in result.output  # the import's segment table, by its column
    saved = tomllib.loads((store / "surveys" / "w.toml").read_text(encoding="utf-8"))
    assert saved["segment_by"] == "column" and saved["segment_column"] == header
    doc = json.loads(cli("compare", "--dir", store, "--survey", "w", "--json").stdout)
    prompt = next(p for p in doc["prompts"] if p["kind"] == "segment")
    assert prompt["values"]["segment"] == "South"
    assert prompt["values"]["segment_column"] == header
    screen = cli("compare", "--dir", store, "--survey", "w").output
    flat = " ".join(screen.split())
    assert expected in flat, flat
    assert "that segment" not in flat and "that generation" not in flat
    for lang in ("pl", "zh-Hans", "zh-Hant"):
        words = " ".join(
            cli("compare", "--dir", store, "--survey", "w", "--lang", lang).output.split()
        )
        assert header in words or header.lower() in words, (lang, words)


def test_segment_column_kept_when_equal_dropped_when_not_and_old_summaries_load(fw, tmp_path):
    from cx_pillars.survey.importer import import_file
    from cx_pillars.survey.summary import SurveySummary

    path = _regional_csv(tmp_path, "Region")
    a = import_file(path, fw, segment="Region", name="a").summary
    assert a.segment_column == "Region"
    # a second wave split by the same column (a wave merged with itself is refused)
    (tmp_path / "b").mkdir()
    lines = path.read_text().splitlines()
    (tmp_path / "b" / "regions.csv").write_text("\n".join(lines[:-3]) + "\n")
    b = import_file(tmp_path / "b" / "regions.csv", fw, segment="Region", name="b").summary
    assert a.merge(b).segment_column == "Region"
    other = SurveySummary.from_dict({**b.to_dict(), "segment_column": "Country"})
    assert other.segment_column == "Country"
    assert a.merge(other).segment_column == ""
    # a wave not split at all keeps the split one's column
    whole = import_file(path, fw, name="whole").summary
    assert whole.segment_column == "" and a.merge(whole).segment_column == "Region"
    # a summary written before the key existed still loads, without a column name
    old = a.to_dict()
    del old["segment_column"]
    assert SurveySummary.from_dict(old).segment_column == ""
    # and one with no segments writes no key
    assert "segment_column" not in whole.to_dict()


# ------------------------------------------------------------------ survey import's screen


def test_survey_import_shows_the_span_of_positions_and_the_ties(cli, tmp_path):
    """The demo's customers cannot tell their 1st–3rd apart (checked here by the sign
    tests on the raw rows): the import's own table reads "1–3" for them and names the
    tie, as compare does; a pillar told apart from both neighbours keeps its place."""
    import csv

    scipy_stats = pytest.importorskip("scipy.stats")
    from test_stats_customers import full_ranks

    from cx_pillars.demo import write_demo
    from cx_pillars.pillars import builtin_framework

    _, survey = write_demo(tmp_path / "demo", builtin_framework())
    with open(survey, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    ranks = [{p: float(r[p]) for p in IDS if r.get(p)} for r in rows]
    ranks = [full_ranks(sorted(r, key=r.get)) for r in ranks if r]
    means = {p: sum(r[i] for r in ranks) / len(ranks) for i, p in enumerate(IDS)}
    order = sorted(IDS, key=means.get)

    def sign_p(a, b):
        i, j = IDS.index(a), IDS.index(b)
        above = sum(r[i] < r[j] for r in ranks)
        below = sum(r[j] < r[i] for r in ranks)
        return scipy_stats.binomtest(above, above + below).pvalue

    # raw p of the first two adjacent pairs: far from 0.05, so Holm cannot split them
    assert sign_p(order[0], order[1]) > 0.2 and sign_p(order[1], order[2]) > 0.2
    # ... and below 0.05 / 9, so even the strictest Holm step splits them
    assert sign_p(order[2], order[3]) < 0.05 / 9 and sign_p(order[3], order[4]) < 0.05 / 9

    result = cli("survey", "import", survey, "--dir", tmp_path / "s", "--birth-year", "birth_year")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    label = {p: builtin_framework().label(p, "en", short=True) for p in IDS}
    for p in order[:3]:
        row = next(x for x in lines if f" {label[p]} " in x and "%" in x)
        assert row.split()[0] == "1–3", row
    fourth = next(x for x in lines if f" {label[order[3]]} " in x and "%" in x)
    assert fourth.split()[0] == "4", fourth
    flat = " ".join(result.output.split())
    names = ", ".join(label[p] for p in order[:3])
    assert f"Customers cannot tell apart: {names} (1st–3rd)" in flat
