"""Tests of cx_pillars.team on small hand-made teams whose every figure is worked out
by hand in the comments (never taken from the module's own output)."""

from __future__ import annotations

import itertools
import json
import math
import random
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from cx_pillars import team
from cx_pillars.assessment import ANONYMOUS, Assessment
from cx_pillars.errors import CxError
from cx_pillars.pillars import framework_from_dict

ABCD = framework_from_dict(
    {
        "id": "abcd",
        "name": "Four items",
        "pillars": [{"id": i, "label": i.upper()} for i in "abcd"],
    },
    source="test",
)


def run(name, ranking, ratings, *, team_name="X", when="2026-11-16T09:00", role=""):
    created = datetime.fromisoformat(when).replace(tzinfo=UTC)
    slug = name.lower().replace(" ", "-")
    return Assessment(
        id=f"{created:%Y-%m-%dT%H%M%SZ}-{slug}-{abs(hash((name, when))) % 9999:04d}",
        created=created,
        respondent=name,
        team=team_name,
        role=role,
        ratings=dict(zip("abcd", ratings, strict=True)),
        ranking=list(ranking),
        framework="abcd",
    )


# Team X, hand-worked throughout:
#   Ann ranks a b c d -> ranks (a, b, c, d) = (1, 2, 3, 4); ratings 5 4 3 2 (total 14)
#   Bob ranks a c b d -> (1, 3, 2, 4);                      ratings 4 2 3 1 (total 10)
#   Cy  ranks d b c a -> (4, 2, 3, 1);                      ratings 3 3 2 4 (total 12)
def team_x(**kw):
    return [
        run("Ann", "abcd", (5, 4, 3, 2), role="Service", **kw),
        run("Bob", "acbd", (4, 2, 3, 1), role="Sales", **kw),
        run("Cy", "dbca", (3, 3, 2, 4), role="Shops", **kw),
    ]


@pytest.fixture
def view():
    return team.team_view(team_x(), ABCD)


def test_consensus_by_hand(view):
    # rank sums a 1+1+4 = 6, b 2+3+2 = 7, c 3+2+3 = 8, d 4+4+1 = 9; divided by m = 3
    doc = view.to_json()
    assert [c["pillar"] for c in doc["consensus"]] == ["a", "b", "c", "d"]
    assert [c["position"] for c in doc["consensus"]] == [1, 2, 3, 4]
    assert [c["mean_rank"] for c in doc["consensus"]] == pytest.approx([2, 7 / 3, 8 / 3, 3])
    assert [c["first_places"] for c in doc["consensus"]] == [2, 0, 0, 1]
    assert [(c["rank_min"], c["rank_max"]) for c in doc["consensus"]] == [
        (1, 4),
        (2, 3),
        (2, 3),
        (1, 4),
    ]
    # position distribution: a was put 1st twice and 4th once
    assert doc["consensus"][0]["positions"] == [2, 0, 0, 1]
    assert doc["consensus"][3]["positions"] == [1, 0, 0, 2]  # d
    assert doc["pillars"] == ["a", "b", "c", "d"]


def test_kendall_w_by_hand(view):
    # R-bar = m(n + 1)/2 = 7.5; S = 1.5^2 + 0.5^2 + 0.5^2 + 1.5^2 = 5
    # W = 12 S / (m^2 (n^3 - n)) = 60 / (9 * 60) = 1/9; chi2 = m (n - 1) W = 1.0, df 3
    # (P(chi2_3 >= 1) = 0.80125 from tables). Three raters of four items are tested
    # exactly: p = the share of the 24^3 tuples of orderings with S >= 5, counted here
    # in plain Python. 0.111 lies in 0.1-0.3: weak
    rows = [(1, 2, 3, 4), (1, 3, 2, 4), (4, 2, 3, 1)]
    orders = list(itertools.permutations(rows[0]))
    hits = sum(
        sum((x + y + z - 7.5) ** 2 for x, y, z in zip(a, b, c, strict=True)) >= 5 - 1e-9
        for a in orders
        for b in orders
        for c in orders
    )
    a = view.agreement
    assert a["kendall_w"] == pytest.approx(1 / 9)
    assert a["chi2"] == pytest.approx(1.0)
    assert a["df"] == 3
    assert a["method"] == "exact permutation"
    assert a["p_value"] == pytest.approx(hits / 24**3, rel=1e-12)
    assert a["strength"] == "weak agreement" and a["significant"] is False
    assert "not distinguishable from chance" in a["reading"]
    assert "3 people" in a["reading"] and "p = 0.91" in a["reading"]


def test_disputed_by_hand(view):
    # spreads: a 4-1 = 3, b 1, c 1, d 3; a and d tie on spread and on sd (both sqrt 2),
    # so catalog order; then b before c likewise. At most three.
    d = view.to_json()["disputed"]
    assert [x["pillar"] for x in d] == ["a", "d", "b"]
    assert [x["spread"] for x in d] == [3, 3, 1]
    assert d[0]["sd"] == pytest.approx(math.sqrt(2))
    assert d[0]["ranked_min_by"] == ["Ann", "Bob"] and d[0]["ranked_max_by"] == ["Cy"]
    assert d[1]["ranked_min_by"] == ["Cy"] and d[1]["ranked_max_by"] == ["Ann", "Bob"]


def test_pairwise_by_hand(view):
    # rho = 1 - 6 sum d^2 / (n (n^2 - 1)) = 1 - sum d^2 / 10 with n = 4:
    # Ann-Bob d = (0, -1, 1, 0): 0.8; Ann-Cy d = (-3, 0, 0, 3): -0.8;
    # Bob-Cy d = (-3, 1, -1, 3): -1.0
    p = view.to_json()["pairwise_spearman"]
    assert p["respondents"] == ["Ann", "Bob", "Cy"]
    expected = [[1, 0.8, -0.8], [0.8, 1, -1], [-0.8, -1, 1]]
    for row, want in zip(p["matrix"], expected, strict=True):
        assert row == pytest.approx(want)
    assert (p["most"]["a"], p["most"]["b"]) == ("Ann", "Bob")
    assert p["most"]["rho"] == pytest.approx(0.8)
    assert {p["least"]["a"], p["least"]["b"]} == {"Bob", "Cy"}
    assert p["least"]["rho"] == pytest.approx(-1.0)
    # exactly reversed: 2 of the 4! = 24 orderings are as extreme -> p = 1/12
    assert p["least"]["p_value"] == pytest.approx(1 / 12)
    # with four items nothing reaches 5% two-sided (the smallest p is 1/12)
    assert p["threshold"]["rho"] is None
    assert "no correlation reaches significance" in view.method["pairwise"]


def test_alignment_by_hand(view):
    # Ann vs the mean of Bob and Cy = (2.5, 2.5, 2.5, 2.5): constant, rho undefined.
    # Bob vs mean(Ann, Cy) = (2.5, 2, 3, 2.5) -> ranks (2.5, 1, 4, 2.5);
    #   centred Bob (-1.5, .5, -.5, 1.5), rest (0, -1.5, 1.5, 0): -1.5 / sqrt(5 * 4.5)
    # Cy vs mean(Ann, Bob) = (1, 2.5, 2.5, 4): -4.5 / sqrt(22.5)
    al = {a["respondent"]: a["rho_vs_rest"] for a in view.alignment}
    assert al["Ann"] is None
    assert al["Bob"] == pytest.approx(-1.5 / math.sqrt(22.5))
    assert al["Cy"] == pytest.approx(-4.5 / math.sqrt(22.5))


def test_scores_by_hand(view):
    # a 5 4 3 -> 4.0; b 4 2 3 -> 3.0; c 3 3 2 -> 8/3; d 2 1 4 -> 7/3
    doc = view.to_json()
    s = doc["scores"]
    assert [x["pillar"] for x in s] == ["a", "b", "c", "d"]
    assert [x["mean"] for x in s] == pytest.approx([4, 3, 8 / 3, 7 / 3])
    assert [(x["min"], x["max"]) for x in s] == [(3, 5), (2, 4), (2, 3), (1, 4)]
    assert s[3]["histogram"] == [1, 1, 0, 1, 0]
    # totals 14, 10, 12 out of 4 * 5
    assert doc["total"] == {"mean": 12, "min": 10, "max": 14, "max_possible": 20, "respondents": 3}
    assert doc["strongest"] == ["a"] and doc["weakest"] == ["d"]


def test_prompts_come_from_the_data(view):
    # 1. the widest spread: a, 1st for Ann and Bob, 4th for Cy.
    # 2. top two (a 4.0, b 3.0) are not below the average of means (3.0): no prompt.
    # 3. furthest from the rest: Cy (rho -0.95 < 0, no threshold with four items).
    # 4. highest score a is ranked 1st: no "strength customers may not care about".
    # 5. W not significant: the low-agreement prompt fills the third place.
    kinds = [p["kind"] for p in view.prompts]
    assert kinds == ["disagreement", "outlier", "low_agreement"]
    assert view.prompts[0]["text"].startswith("A: 1st for Ann and Bob, 4th for Cy.")
    assert "Cy (Shops)" in view.prompts[1]["text"] and "D, B, C" in view.prompts[1]["text"]
    assert "W = 0.11" in view.prompts[2]["text"]


def test_different_data_gives_different_prompts():
    # Everyone ranks a b c d (W = 1; exact p = 1/24^2: the second and third colleague
    # each take the first one's order, one of 4! orderings each): nothing disputed,
    # nobody apart. a is 1st but scored 2, 2, 2 (team average (2 + 3 + 3 + 4.67)/4 =
    # 3.17): important but weak. d, last, has the highest mean 4.67: a strength
    # customers may not care about.
    same = [
        run(n, "abcd", r)
        for n, r in (("Ann", (2, 3, 3, 5)), ("Bob", (2, 3, 3, 4)), ("Cy", (2, 3, 3, 5)))
    ]
    v = team.team_view(same, ABCD)
    assert v.agreement["kendall_w"] == pytest.approx(1.0)
    # chi2 = m (n - 1) W = 9 on 3 df would give Q(9) = 0.029; the exact test is sharper
    assert v.agreement["chi2"] == pytest.approx(9.0)
    assert v.agreement["p_value"] == pytest.approx(1 / 576, rel=1e-12)
    assert v.agreement["significant"] is True
    assert v.disputed == []
    assert [p["kind"] for p in v.prompts] == ["important_but_weak", "strength_low_priority"]
    assert "A 1st for customers but scores itself 2.0/5" in v.prompts[0]["text"]
    assert "highest on D (4.7/5) but rank it 4th of 4" in v.prompts[1]["text"]
    texts_x = {p["text"] for p in team.team_view(team_x(), ABCD).prompts}
    assert texts_x.isdisjoint(p["text"] for p in v.prompts)


def test_independent_of_file_order():
    runs = team_x() + [run("Ann", "dcba", (1, 1, 1, 1), when="2026-08-01T10:00")]
    want = json.dumps(team.team_view(runs, ABCD).to_json(), sort_keys=True)
    rng = random.Random(3)
    for _ in range(5):
        rng.shuffle(runs)
        assert json.dumps(team.team_view(runs, ABCD).to_json(), sort_keys=True) == want


def test_latest_run_per_respondent_and_all_runs():
    older = run("Ann", "dcba", (1, 1, 1, 1), when="2026-08-01T10:00")
    runs = team_x() + [older]
    latest = team.team_view(runs, ABCD)
    assert latest.respondents == 3 and latest.runs == 4 and latest.skipped_older == 1
    assert latest.to_json() == team.team_view(team_x(), ABCD).to_json() | {
        "runs": 4,
        "skipped_older": 1,
    }
    every = team.team_view(runs, ABCD, all_runs=True)
    assert every.respondents == 4 and every.distinct_respondents == 3
    assert every.skipped_older == 0 and every.first == "2026-08-01"
    # Ann's runs are told apart by date; rank sums now a 6 + 4 = 10, b 7 + 3 = 10,
    # c 8 + 2 = 10, d 9 + 1 = 10: every mean rank 2.5, so W = 0
    assert every.pairwise["respondents"] == ["Ann 2026-08-01", "Ann 2026-11-16", "Bob", "Cy"]
    assert [c["mean_rank"] for c in every.consensus] == pytest.approx([2.5] * 4)
    assert every.agreement["kendall_w"] == pytest.approx(0.0)
    # ties on mean rank: more first places first (d: Ann's old run and Cy), then catalog
    assert [c["pillar"] for c in every.consensus] == ["a", "d", "b", "c"]


def test_a_lone_anonymous_run_is_left_out_of_every_figure():
    # Ann, Bob, Cy named and one anonymous run: with its answers in the means, the
    # mean rank minus the three named rankings shown person by person would be the
    # anonymous ranking; so it is left out, and the figures are team X's own.
    runs = team_x() + [run("anonymous", "dcba", (1, 1, 1, 1))]
    doc = team.team_view(runs, ABCD).to_json()
    assert doc["respondents"] == 3 and doc["runs"] == 4 and doc["skipped_older"] == 0
    assert [c["mean_rank"] for c in doc["consensus"]] == pytest.approx([2, 7 / 3, 8 / 3, 3])
    assert doc["total"]["min"] == 10 and doc["total"]["max"] == 14
    assert doc["anonymity"]["left_out"] == 1 and doc["anonymity"]["per_person_hidden"] is False
    assert "1 anonymous run is left out of X" in doc["anonymity"]["reason"]
    assert "anonymous" not in json.dumps(doc["pairwise_spearman"]["respondents"])
    assert all("anonymous" not in (d["ranked_max_by"] or []) for d in doc["disputed"])


def test_two_anonymous_alone_show_nothing():
    # two anonymous colleagues: "lowest 28, highest 32" would be each one's total
    runs = [
        run("anonymous", "abcd", (1, 1, 1, 1)),
        run("anonymous", "dcba", (2, 2, 2, 2), when="2026-11-17T09:00"),
    ]
    with pytest.raises(CxError, match="fewer than 3 colleagues who rated anonymously"):
        team.team_view(runs, ABCD)


def test_three_anonymous_people_count_and_are_told_apart_only_by_number():
    three = [
        run("anonymous", "abcd", (1, 1, 1, 1), when="2026-11-16T09:00"),
        run("anonymous", "dcba", (2, 2, 2, 2), when="2026-11-17T09:00"),
        run("anonymous", "badc", (3, 3, 3, 3), when="2026-11-18T09:00"),
    ]
    v = team.team_view(team_x()[:1] + three, ABCD)
    assert v.respondents == 4 and v.anonymity["left_out"] == 0 and v.anonymity["reason"] is None
    assert v.labels == ["Ann", "anonymous 1", "anonymous 2", "anonymous 3"]


def test_one_persons_anonymous_runs_are_one_person():
    # the same key every quarter: one person, however many runs; their latest run counts
    # and, fewer than three, is left out, even with --all-runs
    mine = [
        replace(
            run("anonymous", "abcd", (k, k, k, k), when=f"2026-{m:02d}-01T00:00"),
            anonymous_key="ab" * 8,
        )
        for k, m in ((1, 2), (2, 5), (3, 8))
    ]
    for all_runs in (False, True):
        v = team.team_view(team_x() + mine, ABCD, all_runs=all_runs)
        assert v.respondents == 3 and v.anonymity["left_out"] == 3
    # three different keys: three people, each their latest run
    keys = ["ab" * 8, "cd" * 8, "ef" * 8]
    others = [
        replace(
            run("anonymous", "dcba", (4, 4, 4, 4), when="2026-11-02T00:00"), anonymous_key=keys[1]
        ),
        replace(
            run("anonymous", "dcba", (5, 5, 5, 5), when="2026-11-03T00:00"), anonymous_key=keys[2]
        ),
    ]
    v = team.team_view(team_x() + mine + others, ABCD)
    assert v.respondents == 6 and v.skipped_older == 2 and v.anonymity["left_out"] == 0
    every = team.team_view(team_x() + mine + others, ABCD, all_runs=True)
    assert every.distinct_respondents == 6
    assert "anonymous 1 2026-02-01" in every.labels and "anonymous 3" in every.labels


def test_a_small_anonymous_team_beside_others_is_left_out_of_its_team_only():
    mixed = team_x() + [run("anonymous", "dcba", (1, 2, 3, 4), team_name="Y")]
    v = team.team_view(mixed, ABCD)
    assert v.respondents == 3 and v.teams == ["X"] and "left out of Y" in v.anonymity["reason"]
    # beside three anonymous people in Z, who count
    z = [
        run("anonymous", "dcba", (1, 2, 3, 4), team_name="Z", when=f"2026-11-1{k}T09:00")
        for k in range(3)
    ]
    v = team.team_view(mixed + z, ABCD)
    assert v.respondents == 6 and v.teams == ["X", "Z"]


def test_single_respondent():
    v = team.team_view([run("Ann", "abcd", (5, 4, 3, 2))], ABCD)
    doc = v.to_json()
    assert doc["respondents"] == 1
    assert doc["agreement"]["kendall_w"] is None and doc["agreement"]["p_value"] is None
    assert "at least two" in doc["agreement"]["reading"]
    assert doc["pairwise_spearman"]["least"] is None
    assert doc["disputed"] == []
    assert [p["kind"] for p in doc["prompts"]][-1] == "few_respondents"
    assert [c["pillar"] for c in doc["consensus"]] == ["a", "b", "c", "d"]


def test_json_has_no_nan_and_round_trips(view):
    text = json.dumps(view.to_json(), allow_nan=False)  # raises on NaN
    assert json.loads(text)["alignment"][0]["rho_vs_rest"] is None


def test_empty_window_is_an_error():
    with pytest.raises(ValueError):
        team.team_view([], ABCD)


def test_by_team_by_hand():
    # Team Y: d c b a and d c a b -> a (4 + 3)/2 = 3.5, b 3.5, c 2, d 1.
    # Team X mean ranks (2, 7/3, 8/3, 3) have ranks (1, 2, 3, 4); Y's (3.5, 3.5, 2, 1)
    # have average ranks (3.5, 3.5, 2, 1). Centred: (-1.5, -.5, .5, 1.5) and
    # (1, 1, -.5, -1.5): rho = -4.5 / sqrt(5 * 4.5) = -0.9487.
    y = [
        run("Dee", "dcba", (2, 2, 2, 2), team_name="Y"),
        run("Eve", "dcab", (3, 3, 3, 3), team_name="Y"),
    ]
    cmp = team.by_team(team_x() + y, ABCD)
    doc = cmp.to_json()
    assert [t["team"] for t in doc["teams"]] == ["X", "Y"]  # larger team first
    assert [t["respondents"] for t in doc["teams"]] == [3, 2]
    # Y's tie a/b at 3.5: neither has a first place, so catalog order
    assert [c["pillar"] for c in doc["teams"][1]["consensus"]] == ["d", "c", "a", "b"]
    assert doc["teams"][1]["total"]["mean"] == pytest.approx(10)  # (8 + 12) / 2
    (between,) = doc["between"]
    assert between["teams"] == ["X", "Y"]
    assert between["spearman_rho"] == pytest.approx(-4.5 / math.sqrt(22.5))
    assert between["method"] == "exact" and between["significant"] is False
    assert doc["pillars"] == ["a", "b", "c", "d"]
    assert json.dumps(doc, allow_nan=False)


def test_by_team_matches_team_case_insensitively():
    runs = team_x() + [run("Dee", "dcba", (2, 2, 2, 2), team_name="x ")]
    cmp = team.by_team(runs, ABCD)
    assert len(cmp.views) == 1 and cmp.views[0].respondents == 4 and cmp.between == []


def test_trend_by_quarter_by_hand():
    # Q3: Ann's older run (total 4) and Bob's (total 8); Ann rated twice in Q3, only the
    # later run (total 8) counts. Q4: team X (14, 10, 12 -> mean 12).
    runs = team_x() + [
        run("Ann", "dcba", (1, 1, 1, 1), when="2026-08-01T10:00"),
        run("Ann", "dcba", (2, 2, 2, 2), when="2026-09-30T23:00"),
        run("Bob", "dcba", (2, 2, 2, 2), when="2026-07-01T00:00"),
        run("Cy", "dcba", (3, 3, 3, 3), when="2026-08-02T00:00"),
    ]
    t = team.trend(runs, ABCD)
    assert [q["quarter"] for q in t["quarters"]] == ["2026-Q3", "2026-Q4"]
    q3, q4 = t["quarters"]
    assert (q3["respondents"], q3["runs"]) == (3, 4)
    assert q3["total"]["mean"] == pytest.approx((8 + 8 + 12) / 3)
    assert [s["mean"] for s in q3["scores"]] == pytest.approx([7 / 3] * 4)
    assert q4["total"]["mean"] == pytest.approx(12)
    assert [s["mean"] for s in q4["scores"]] == pytest.approx([4, 3, 8 / 3, 7 / 3])
    assert t["change"]["total_mean"] == pytest.approx(12 - 28 / 3)
    assert t["change"]["scores"][0]["change"] == pytest.approx(4 - 7 / 3)
    assert t["note"] is None


def test_trend_pairs_the_colleagues_who_rated_in_both_quarters():
    # Q3: Ann 8, Bob 8. Q4: Ann 14, Bob 10, Cy 12, Dee 20 and an anonymous 16, left out
    # (one anonymous person). The mean total goes 8 -> 14 only because two people
    # joined; Ann and Bob, the two who rated both times, went 8 -> 12 (+6 and +2: +4).
    runs = team_x() + [
        run("Ann", "dcba", (2, 2, 2, 2), when="2026-09-30T23:00"),
        run("Bob", "dcba", (2, 2, 2, 2), when="2026-07-01T00:00"),
        run("Dee", "abcd", (5, 5, 5, 5)),
        run(ANONYMOUS, "abcd", (4, 4, 4, 4)),
    ]
    assert runs[-1].anonymous
    t = team.trend(runs, ABCD)
    assert t["change"]["total_mean"] == pytest.approx((14 + 10 + 12 + 20) / 4 - 8)
    paired = t["change"]["paired"]
    assert (paired["respondents"], paired["joined"], paired["left"]) == (2, 2, 0)
    assert paired["anonymous"] is False
    assert paired["from_mean"] == pytest.approx(8) and paired["to_mean"] == pytest.approx(12)
    assert paired["total_mean"] == pytest.approx(4)
    # pillar a: Ann 2 -> 5, Bob 2 -> 4: mean +2.5; d: Ann 2 -> 2, Bob 2 -> 1: -0.5
    changes = {s["pillar"]: s["change"] for s in paired["scores"]}
    assert changes["a"] == pytest.approx(2.5) and changes["d"] == pytest.approx(-0.5)


def test_trend_pairing_with_nobody_in_both_quarters_has_no_paired_means():
    runs = [run("Ann", "abcd", (1, 1, 1, 1), when="2026-08-01T10:00")] + team_x()[1:]
    paired = team.trend(runs, ABCD)["change"]["paired"]
    assert (paired["respondents"], paired["joined"], paired["left"]) == (0, 2, 1)
    assert paired["total_mean"] is None and paired["from_mean"] is None


def test_trend_one_quarter_says_so():
    t = team.trend(team_x(), ABCD)
    assert len(t["quarters"]) == 1 and t["change"] is None
    assert "one quarter (2026-Q4)" in t["note"]


def test_trend_withholds_small_anonymous_quarters():
    runs = team_x() + [run("anonymous", "abcd", (1, 1, 1, 1), when="2026-05-01T10:00")]
    q2 = team.trend(runs, ABCD)["quarters"][0]
    assert q2["quarter"] == "2026-Q2" and q2["withheld"] == "anonymity"
    assert q2["total"]["mean"] is None and q2["scores"][0]["mean"] is None
    assert q2["respondents"] == 0 and q2["left_out"] == 1
    # a quarter of named colleagues and one anonymous run: the run is left out of it
    runs = team_x() + [run("anonymous", "abcd", (1, 1, 1, 1))]
    q4 = team.trend(runs, ABCD)["quarters"][0]
    assert q4["respondents"] == 3 and q4["left_out"] == 1
    assert q4["total"]["mean"] == pytest.approx(12)


@pytest.mark.parametrize(
    "w, words",
    [
        (0.0, "no real agreement"),
        (0.099, "no real agreement"),
        (0.1, "weak agreement"),
        (0.35, "moderate agreement"),
        (0.5, "strong agreement"),
        (0.7, "very strong agreement"),
        (1.0, "very strong agreement"),
        (None, None),
    ],
)
def test_agreement_strength_thresholds(w, words):
    assert team.agreement_strength(w) == words


def test_ordinal():
    assert [team.ordinal(k) for k in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "23rd",
        "101st",
    ]
    assert team.ordinal(4.0) == "4th" and team.ordinal(5.5) == "5.5th"


def test_same_name_in_two_teams_and_two_anonymous_are_told_apart():
    runs = [
        run("Ann", "abcd", (1, 1, 1, 1), team_name="X"),
        run("Ann", "dcba", (2, 2, 2, 2), team_name="Y"),
        run("anonymous", "abcd", (3, 3, 3, 3), when="2026-11-17T09:00"),
        run("anonymous", "badc", (3, 3, 3, 3), when="2026-11-18T09:00"),
        run("anonymous", "cdab", (3, 3, 3, 3), when="2026-11-19T09:00"),
    ]
    v = team.team_view(runs, ABCD)
    assert v.labels == ["Ann (X)", "Ann (Y)", "anonymous 1", "anonymous 2", "anonymous 3"]
    assert v.team is None and v.teams == ["X", "Y"]


def test_large_teams_skip_the_pairwise_matrix(monkeypatch):
    monkeypatch.setattr(team, "PAIRWISE_MAX", 2)
    v = team.team_view(team_x(), ABCD)
    assert v.pairwise["matrix"] is None and v.pairwise["withheld"] == "more than 2 rankings"
    assert v.alignment is None
    assert v.agreement["kendall_w"] == pytest.approx(1 / 9)  # the rest is unchanged
