"""Honest statistics on the customer side (issue 13): full precision, a stable variance,
which customer positions are real, segment tests, readings and preference shares.

Every expected number is computed here independently: by hand, with exact fractions,
with numpy on the raw ranks, or with scipy (test-only dependency)."""

from __future__ import annotations

import csv
import json
import math
import random
from fractions import Fraction

import numpy as np
import pytest
from conftest import RATINGS

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
TEAM_ORDER = [
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


def write_wide(path, rows, extra=None):
    """A wide CSV: one column per pillar id holding its rank; ``rows`` are rankings
    (lists of ids, most important first). ``extra`` = (header, values) adds a column."""
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(IDS + ([extra[0]] if extra else []))
        for k, ranking in enumerate(rows):
            cells = [str(ranking.index(i) + 1) if i in ranking else "" for i in IDS]
            w.writerow(cells + ([extra[1][k]] if extra else []))
    return path


@pytest.fixture
def team_store(cli, tmp_path):
    """Three colleagues who all rank the pillars in TEAM_ORDER."""
    store = tmp_path / "store"
    for name in ("Ana", "Bo", "Cy"):
        result = cli(
            "rate", "--dir", store, "-r", name, "--team", "T", "--ratings", RATINGS,
            "--ranking", ",".join(TEAM_ORDER),
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    return store


def import_and_compare(cli, store, csv_path, *extra, name="wave"):
    result = cli("survey", "import", csv_path, "--dir", store, "--name", name, *extra)
    assert result.exit_code == 0, result.output
    result = cli("compare", "--dir", store, "--survey", name, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ------------------------------------------------------------------ 1. full precision


def test_order_equal_to_the_team_s_is_rho_one_with_its_exact_p(cli, team_store, tmp_path):
    """100,001 customers: 50,000 rankings each with its reverse (every pillar's mean 5.5)
    and one customer in the team's order. The means differ by at most 4.5e-5, so the
    consensus order is the team's: rho = tau = 1, exact p = 2/10! (the two orderings
    with |rho| = 1 among the 10! permutations). Rounded to 4 decimals the means were all
    5.5 and rho was null."""
    rnd = random.Random(13)
    rows = []
    for _ in range(50_000):
        r = rnd.sample(IDS, len(IDS))
        rows += [r, r[::-1]]
    rows.append(TEAM_ORDER)
    data = import_and_compare(cli, team_store, write_wide(tmp_path / "same.csv", rows))
    assert data["customers"]["respondents"] == 100_001
    assert [r["pillar"] for r in data["customers"]["ranking"]] == TEAM_ORDER
    corr = data["correlation"]
    assert corr["spearman_rho"] == 1.0 and corr["kendall_tau"] == 1.0
    assert corr["spearman_p"] == pytest.approx(2 / math.factorial(10), rel=1e-12)
    assert corr["kendall_tau_p"] == pytest.approx(2 / math.factorial(10), rel=1e-12)
    assert data["readings"]["significant"] is True
    # the unrounded means themselves: 5.5 + (position - 5.5) / 100001
    for pos, r in enumerate(data["customers"]["ranking"], start=1):
        assert r["mean_rank"] == pytest.approx(5.5 + (pos - 5.5) / 100_001, abs=1e-13)


# Six complete rankings (ranks of IDS in catalog order) in which non_digital's mean rank
# is exactly 5.5, the mean of every pillar's mean, so its importance sits exactly at the
# axis mean: "a value equal to the mean counts as high". With means rounded to 4 decimals
# the axis mean moved to 5.50001 and the pillar fell into the low half.
AXIS_ROWS = [
    [10, 2, 8, 7, 3, 1, 5, 4, 9, 6],
    [6, 1, 5, 4, 2, 7, 9, 8, 10, 3],
    [7, 6, 2, 3, 4, 10, 9, 5, 1, 8],
    [5, 2, 1, 10, 9, 3, 4, 8, 7, 6],
    [4, 7, 5, 3, 8, 1, 6, 9, 10, 2],
    [10, 5, 9, 6, 2, 4, 8, 1, 3, 7],
]


def test_pillar_exactly_at_the_axis_mean_is_in_the_high_half(cli, team_store, tmp_path):
    rows = [sorted(IDS, key=lambda i: ranks[IDS.index(i)]) for ranks in AXIS_ROWS]
    data = import_and_compare(cli, team_store, write_wide(tmp_path / "axis.csv", rows))
    # oracle: exact fractions
    means = {p: Fraction(sum(r[i] for r in AXIS_ROWS), 6) for i, p in enumerate(IDS)}
    assert means["non_digital"] == Fraction(11, 2)
    importance = {p: 11 - m for p, m in means.items()}
    axis = sum(importance.values()) / 10
    scores = dict(zip(IDS, (int(x) for x in RATINGS.split(","))))
    perf_axis = Fraction(sum(scores.values()), 10)
    quadrant = {q["pillar"]: q["quadrant"] for q in data["importance_performance"]}
    names = {
        (True, False): "concentrate_here",
        (True, True): "keep_up_the_good_work",
        (False, False): "low_priority",
        (False, True): "possible_overkill",
    }
    for p in IDS:
        assert quadrant[p] == names[(importance[p] >= axis, scores[p] >= perf_axis)], p
    for r in data["customers"]["ranking"]:
        assert r["mean_rank"] == float(means[r["pillar"]])


def test_json_numbers_are_unrounded(cli, team_store, tmp_path):
    """Mean ranks, intervals, shares and the margin of error in `survey import --json`
    and `compare --json` equal the oracle on the raw ranks to 1e-12 (7 respondents:
    sevenths have no short decimal form)."""
    rnd = random.Random(7)
    rows = [rnd.sample(IDS, 10) for _ in range(7)]
    path = write_wide(tmp_path / "seven.csv", rows)
    result = cli("survey", "import", path, "--dir", team_store, "--name", "seven", "--json")
    assert result.exit_code == 0, result.output
    imported = json.loads(result.stdout)
    result = cli("compare", "--dir", team_store, "--survey", "seven", "--json")
    compared = json.loads(result.stdout)
    raw = np.array([[r.index(p) + 1 for p in IDS] for r in rows], dtype=float)
    moe = 1.96 * math.sqrt(0.25 / 7)
    for doc in (imported, compared["customers"]):
        assert doc["margin_of_error"] == pytest.approx(moe, rel=1e-15)
        for rec in doc["ranking"]:
            col = raw[:, IDS.index(rec["pillar"])]
            half = 1.96 * col.std(ddof=1) / math.sqrt(7)
            assert rec["mean_rank"] == pytest.approx(col.mean(), rel=1e-14)
            assert rec["ci_low"] == pytest.approx(col.mean() - half, rel=1e-12)
            assert rec["ci_high"] == pytest.approx(col.mean() + half, rel=1e-12)
            assert rec["first_place_share"] == pytest.approx(np.mean(col == 1), rel=1e-15)
            assert rec["top3_share"] == pytest.approx(np.mean(col <= 3), rel=1e-15)
    # the correlation comes from the unrounded means (oracle: scipy)
    scipy_stats = pytest.importorskip("scipy.stats")
    kendalltau, spearmanr = scipy_stats.kendalltau, scipy_stats.spearmanr
    team = [TEAM_ORDER.index(p) + 1 for p in IDS]
    means = raw.mean(axis=0)
    assert compared["correlation"]["spearman_rho"] == pytest.approx(
        spearmanr(team, means).statistic, abs=1e-12
    )
    assert compared["correlation"]["kendall_tau"] == pytest.approx(
        kendalltau(team, means).statistic, abs=1e-12
    )


# ------------------------------------------------------------------ 2. stable variance


def test_sd_at_a_million_respondents_keeps_its_digits():
    """A pillar that 999,999 customers put 10th and one put 9th: sd = sqrt(0.999999/999999)
    = 0.001 exactly. The float formula (Σx² − (Σx)²/N)/(N − 1) gave it to 8e-10
    relative; now it is exact to rounding. Oracle: numpy's two-pass sd on the raw ranks."""
    from cx_pillars import stats

    N = 10**6
    ranks = np.full(N, 10.0)
    ranks[12345] = 9.0
    iv = stats.mean_rank_interval(float(ranks.sum()), float((ranks**2).sum()), N)
    assert iv.sd == pytest.approx(0.001, rel=1e-13)
    assert iv.sd == pytest.approx(float(np.std(ranks, ddof=1)), rel=1e-12)
    # a random pillar with half-integer ranks (partial rankings), against exact fractions
    rng = np.random.default_rng(8)
    ranks = rng.choice([1.0, 2.0, 6.5, 9.0, 10.0], size=N, p=[0.001, 0.001, 0.002, 0.006, 0.99])
    total, total_sq = float(ranks.sum()), float((ranks**2).sum())
    exact = Fraction(total_sq) - Fraction(total) ** 2 / N
    iv = stats.mean_rank_interval(total, total_sq, N)
    assert iv.sd == pytest.approx(math.sqrt(exact / (N - 1)), rel=1e-14)
    assert iv.sd == pytest.approx(float(np.std(ranks, ddof=1)), rel=1e-12)


def test_merged_summaries_give_the_sd_of_the_union():
    """Merging two waves adds their sums; the sd read from the merged sums equals the sd
    of the union's raw ranks (the summaries stay additive, the reading is exact)."""
    from cx_pillars.survey.summary import SegmentStats

    rng = np.random.default_rng(3)
    n = 4

    def wave(size):
        perms = np.array([rng.permutation(n) + 1 for _ in range(size)], dtype=float)
        seg = SegmentStats.empty(n)
        seg.respondents = size
        seg.rank_sum = [float(x) for x in perms.sum(axis=0)]
        seg.rank_sumsq = [float(x) for x in (perms**2).sum(axis=0)]
        return seg, perms

    (a, ra), (b, rb) = wave(700), wave(1300)
    merged = a + b
    union = np.vstack([ra, rb])
    from cx_pillars import stats

    for i in range(n):
        iv = stats.mean_rank_interval(merged.rank_sum[i], merged.rank_sumsq[i], 2000)
        assert iv.sd == pytest.approx(float(np.std(union[:, i], ddof=1)), rel=1e-13)
        assert iv.mean == pytest.approx(float(union[:, i].mean()), rel=1e-15)


# ------------------------------------------------------- 3. head-to-head sign tests


def brute_sign_p(a, b):
    """Two-sided sign test by enumerating every outcome's probability (exact fractions):
    the probability of all outcomes no more likely than the one observed."""
    n = a + b
    probs = [Fraction(math.comb(n, i), 2**n) for i in range(n + 1)]
    return sum(p for p in probs if p <= probs[a])


@pytest.mark.parametrize(
    "a,b", [(0, 0), (1, 0), (5, 5), (9, 1), (1, 9), (14, 6), (6, 14), (30, 20), (0, 12)]
)
def test_sign_test_against_enumeration(a, b):
    from cx_pillars.stats import sign_test

    assert sign_test(a, b) == pytest.approx(float(min(1, brute_sign_p(a, b))), rel=1e-14)


def test_sign_test_hand_worked():
    """9 of 10 put A above B: P(X <= 1) = (1 + 10)/1024, two-sided 22/1024 = 0.021484375."""
    from cx_pillars.stats import sign_test

    assert sign_test(9, 1) == 22 / 1024
    assert sign_test(1, 9) == 22 / 1024
    assert sign_test(3, 3) == 1.0 and sign_test(0, 0) == 1.0


@pytest.mark.parametrize(
    "a,b",
    [(600, 400), (500, 501), (999, 2), (1000, 1), (5500, 4500), (50_400, 49_600),
     (503_000, 497_000), (2_000_000, 1_990_000), (10, 3_000_000)],
)  # fmt: skip
def test_sign_test_against_scipy_binomtest(a, b):
    scipy_stats = pytest.importorskip("scipy.stats")
    from cx_pillars.stats import sign_test

    expected = scipy_stats.binomtest(a, a + b, 0.5).pvalue
    if expected < 1e-300:
        assert sign_test(a, b) < 1e-300
    else:
        assert sign_test(a, b) == pytest.approx(expected, rel=1e-9)


def test_sign_test_exact_and_saddle_point_paths_meet():
    """At 1000 comparing respondents the exact integer sum, above it the Loader form:
    both against the exact fraction on either side of the switch."""
    from cx_pillars.stats import sign_test

    for a, b in ((530, 470), (531, 470), (520, 481), (560, 442)):
        assert sign_test(a, b) == pytest.approx(float(brute_sign_p(a, b)), rel=1e-12)


def test_holm_hand_worked():
    """p = 0.01, 0.04, 0.03, 0.005 (m = 4): sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1
    = 0.02, 0.03, 0.06, 0.04 -> running max 0.02, 0.03, 0.06, 0.06."""
    from cx_pillars.stats import holm

    adjusted = holm([0.01, 0.04, 0.03, 0.005])
    assert adjusted == pytest.approx([0.03, 0.06, 0.06, 0.02])
    # m = 2 (None is no test): 0.5 * 2 = 1.0, then max(1.0, 0.9 * 1) = 1.0
    assert holm([0.5, None, 0.9]) == [1.0, None, 1.0]
    assert holm([]) == []


def test_tie_groups_and_ranges_hand_worked():
    """Order A B C D E; adjacent adjusted p: A-B 0.2, B-C 0.01, C-D 0.04, D-E 0.3 ->
    groups {A, B}, {C}, {D, E}: A and B 1-2, C 3, D and E 4-5."""
    from cx_pillars.stats import position_ranges, tie_groups

    order = list("ABCDE")
    tests = [{"p_adjusted": p} for p in (0.2, 0.01, 0.04, 0.3)]
    assert tie_groups(order, tests) == [["A", "B"], ["C"], ["D", "E"]]
    ranges = position_ranges(order, tests)
    assert ranges["A"] == {"position_low": 1, "position_high": 2, "tied_with": ["B"]}
    assert ranges["C"] == {"position_low": 3, "position_high": 3, "tied_with": []}
    assert ranges["E"]["position_low"] == 4 and ranges["E"]["tied_with"] == ["D"]
    # exactly 0.05 is not below the level: tied
    assert tie_groups(["A", "B"], [{"p_adjusted": 0.05}]) == [["A", "B"]]


def test_responses_to_separate_hand_worked():
    """60 of 100 comparing customers put A above B (p = 0.057, not yet below 0.05). At
    the same shares: the continuous binomial tail 2 I_1/2(0.6 m, 0.4 m + 1) (oracle:
    scipy's betainc) first drops below 0.05 at some N, and the exact sign test with
    the counts rounded down passes there or a few respondents on."""
    from cx_pillars.stats import responses_to_separate, sign_test

    assert sign_test(60, 40) > 0.05
    needed = responses_to_separate(60, 40, 100)
    special = pytest.importorskip("scipy.special")
    first = next(
        n for n in range(100, 1000) if 2 * special.betainc(0.6 * n, 0.4 * n + 1, 0.5) < 0.05
    )
    assert first <= needed <= first + 10
    k = math.floor(needed * 0.6 + 1e-9)
    assert sign_test(k, needed - k) < 0.05
    k = math.floor((needed - 1) * 0.6 + 1e-9)
    assert needed == first or sign_test(k, needed - 1 - k) >= 0.05
    # half of the customers compare the pair: twice the respondents
    half = responses_to_separate(60, 40, 200)
    assert 2 * needed - 4 <= half <= 2 * needed + 4
    assert responses_to_separate(50, 50, 100) is None
    assert responses_to_separate(0, 0, 100) is None
    assert responses_to_separate(9, 1, 10) == 10  # already passes
    assert responses_to_separate(5001, 4999, 10_000) is None  # beyond ten million


def test_responses_to_separate_tail_falls_with_n():
    """The continuous tail the search bisects is monotone in N (checked on a grid)."""
    from cx_pillars.stats import beta_inc

    for share in (0.51, 0.55, 0.6, 0.8):
        tails = [2 * beta_inc(share * m, (1 - share) * m + 1, 0.5) for m in range(2, 3000, 7)]
        assert all(a >= b for a, b in zip(tails, tails[1:]))


# ------------------------------------------------------------------ 4. segment tests


def test_anova_from_sums_against_scipy_f_oneway():
    scipy_stats = pytest.importorskip("scipy.stats")
    from cx_pillars.stats import anova_from_sums

    rng = np.random.default_rng(4)
    for k in (2, 3, 5):
        groups = [rng.choice([1, 2, 3, 5.5, 7, 10], size=rng.integers(3, 60)) for _ in range(k)]
        groups[0] = groups[0] + 0.5 * (k - 2)  # some difference to find
        test = anova_from_sums([(len(g), float(g.sum()), float((g**2).sum())) for g in groups])
        oracle = scipy_stats.f_oneway(*groups)
        assert test.f == pytest.approx(oracle.statistic, rel=1e-12)
        assert test.p_value == pytest.approx(oracle.pvalue, rel=1e-9)
        assert test.df_between == k - 1 and test.df_within == sum(map(len, groups)) - k


def test_anova_hand_worked_with_closed_form_p():
    """Groups {1, 2, 3}, {4, 5, 6}, {7, 8, 9}: grand mean 5; SS_between = 3 (9 + 0 + 9) = 54,
    SS_within = 3 x 2 = 6; F = (54/2) / (6/6) = 27. With df1 = 2 the F tail is
    (1 + 2F/df2)^(-df2/2) = (1 + 9)^-3 = 0.001."""
    from cx_pillars.stats import anova_from_sums

    test = anova_from_sums([(3, 6, 14), (3, 15, 77), (3, 24, 194)])
    assert test.f == pytest.approx(27.0, rel=1e-14)
    assert (test.df_between, test.df_within) == (2, 6)
    assert test.p_value == pytest.approx(0.001, rel=1e-12)
    # constant groups: no within-group spread
    assert anova_from_sums([(3, 3, 3), (3, 6, 12)]).p_value == 0.0
    assert anova_from_sums([(3, 3, 3), (2, 2, 2)]).p_value is None
    assert anova_from_sums([(3, 6, 14)]).f is None  # one group


SEGMENTED = "segment"


def segmented_rows(rnd, sizes, prefer):
    """Rankings per segment: each customer sorts the pillars by a segment's preference
    plus noise (a few rank only their top 3)."""
    rows, labels = [], []
    for name, size in sizes.items():
        for _ in range(size):
            score = {p: prefer[name].get(p, 0) + rnd.gauss(0, 2.5) for p in IDS}
            ranking = sorted(IDS, key=lambda p: -score[p])
            if rnd.random() < 0.15:
                ranking = ranking[:3]
            rows.append(ranking)
            labels.append(name)
    return rows, labels


def full_ranks(ranking):
    k, n = len(ranking), len(IDS)
    fill = (k + 1 + n) / 2
    return [ranking.index(p) + 1 if p in ranking else fill for p in IDS]


def holm_oracle(ps):
    """Holm by its definition: reject in order while p_(i) <= alpha / (m - i + 1); the
    adjusted p is the running max of (m - i + 1) p_(i), capped at 1."""
    order = sorted(range(len(ps)), key=lambda i: ps[i])
    out, running = [0.0] * len(ps), 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(ps) - rank) * ps[i]))
        out[i] = running
    return out


def test_compare_segment_tests_against_f_oneway_on_the_raw_ranks(cli, team_store, tmp_path):
    scipy_stats = pytest.importorskip("scipy.stats")
    rnd = random.Random(21)
    sizes = {"North": 80, "South": 60, "East": 40}
    prefer = {"North": {"digital": 3}, "South": {"service": 3}, "East": {}}
    rows, labels = segmented_rows(rnd, sizes, prefer)
    path = write_wide(tmp_path / "seg.csv", rows, extra=(SEGMENTED, labels))
    data = import_and_compare(cli, team_store, path, "--segment", SEGMENTED)
    tests = {t["pillar"]: t for t in data["segment_tests"]}
    assert set(tests) == set(IDS)
    raw = {name: [full_ranks(r) for r, s in zip(rows, labels) if s == name] for name in sizes}
    oracle_p = []
    for i, p in enumerate(IDS):
        oracle = scipy_stats.f_oneway(*[np.array(raw[s])[:, i] for s in sizes])
        assert tests[p]["f"] == pytest.approx(oracle.statistic, rel=1e-9)
        assert tests[p]["p_value"] == pytest.approx(oracle.pvalue, rel=1e-9, abs=1e-300)
        assert (tests[p]["df_between"], tests[p]["df_within"]) == (2, 177)
        oracle_p.append(oracle.pvalue)
    for p, adjusted in zip(IDS, holm_oracle(oracle_p)):
        assert tests[p]["p_adjusted"] == pytest.approx(adjusted, rel=1e-9, abs=1e-300)
    # the planted differences are found
    assert tests["digital"]["p_adjusted"] < 0.05 and tests["service"]["p_adjusted"] < 0.05
    # region segments are not called a generation
    result = cli("compare", "--dir", team_store, "--survey", "wave")
    assert "that generation" not in result.output


# ------------------------------------------------------------- 6. share of preference


def test_bradley_terry_hand_worked_three_items():
    """A above B 2-1, A above C 4-1, B above C 2-1. Try w = (4, 2, 1)/7: expected wins of
    A = 3 x 4/6 + 5 x 4/5 = 6 = its wins; of B = 3 x 2/6 + 3 x 2/3 = 3; of C = 1 + 1 = 2.
    The likelihood equations hold, so the shares are 4/7, 2/7, 1/7."""
    from cx_pillars.stats import bradley_terry

    shares = bradley_terry([[0, 2, 4], [1, 0, 2], [1, 1, 0]])
    assert shares == pytest.approx([4 / 7, 2 / 7, 1 / 7], rel=1e-10)
    assert sum(shares) == pytest.approx(1.0, abs=1e-15)
    assert bradley_terry([[0, 0], [0, 0]]) == [0.5, 0.5]
    assert bradley_terry([[0, 3], [0, 0]]) == pytest.approx([1.0, 0.0])  # B never won


def test_bradley_terry_solves_its_likelihood_equations():
    """On random pairwise counts from real rankings: each item's wins equal its expected
    wins sum_b n_ab w_a / (w_a + w_b) to 1e-9, and the shares follow the order of wins."""
    from cx_pillars.stats import bradley_terry, preference_matrix

    rnd = random.Random(5)
    rankings = [rnd.sample(IDS, 10)[: rnd.choice([3, 10])] for _ in range(300)]
    counts = preference_matrix(rankings, IDS)
    w = np.array(bradley_terry(counts))
    games = counts + counts.T
    expected = (games * w[:, None] / (w[:, None] + w[None, :])).sum(axis=1)
    assert np.allclose(expected, counts.sum(axis=1), rtol=1e-9)
    assert w.sum() == pytest.approx(1.0, abs=1e-12)


# ------------------------------------------------------------------------ 5. readings


def test_p_is_shown_with_digits_that_keep_it_off_the_threshold():
    from cx_pillars.views.compare import _p

    assert _p(0.048, "en") == "= 0.048"
    assert _p(0.0496, "en") == "= 0.0496"
    assert _p(0.0504, "en") == "= 0.0504"
    assert _p(0.051, "en") == "= 0.051"
    assert _p(0.05, "en") == "= 0.05"
    assert _p(0.23, "en") == "= 0.23"
    assert _p(0.0042, "en") == "= 0.004"
    assert _p(0.0004, "en") == "< 0.001"
    assert _p(0.048, "pl") == "= 0,048"


def test_enough_to_rely_on_only_when_the_top_is_told_apart(cli, team_store, tmp_path):
    """400 customers answering at random (N >= 385): the top three cannot be told apart,
    so the screen does not call the ranking one to rely on."""
    rnd = random.Random(400)
    rows = [rnd.sample(IDS, 10) for _ in range(400)]
    data = import_and_compare(cli, team_store, write_wide(tmp_path / "random.csv", rows))
    assert data["sample"]["more_needed"] == 0 and not data["sample"]["top_distinguishable"]
    screen = cli("compare", "--dir", team_store, "--survey", "wave").output
    assert "enough for a ranking to rely on" not in screen
    assert "cannot yet tell their top 3 apart" in screen or "split so evenly" in screen


def test_customers_put_last_only_when_it_is_last(cli, team_store, tmp_path):
    """Customers who reverse the team's order, except that they put the team's first 9th:
    the correlation is significantly negative, but the sentence must not say "last"."""
    reverse = TEAM_ORDER[::-1]
    nearly = reverse[:8] + [reverse[9], reverse[8]]  # the team's first is 9th
    data = import_and_compare(cli, team_store, write_wide(tmp_path / "rev.csv", [nearly] * 40))
    assert data["correlation"]["spearman_rho"] < 0 and data["readings"]["significant"]
    assert data["readings"]["team_first_customer_position"] == 9
    screen = cli("compare", "--dir", team_store, "--survey", "wave").output
    assert "customers put last" not in screen and "is the customers' 9th" in screen
    data = import_and_compare(
        cli, team_store, write_wide(tmp_path / "rev2.csv", [reverse] * 40), name="w2"
    )
    screen = cli("compare", "--dir", team_store, "--survey", "w2").output
    assert "customers put last" in screen


def _independent_ranges(rankings, order):
    """Position ranges by hand: scipy's binomtest on the adjacent pairs, Holm by its
    definition, tie groups joined where the adjusted p is not below 0.05."""
    scipy_stats = pytest.importorskip("scipy.stats")
    ranks = [dict(zip(IDS, full_ranks(r))) for r in rankings]
    ps = []
    for a, b in zip(order, order[1:]):
        above = sum(r[a] < r[b] for r in ranks)
        below = sum(r[b] < r[a] for r in ranks)
        ps.append(scipy_stats.binomtest(above, above + below).pvalue if above + below else 1.0)
    adjusted = holm_oracle(ps)
    groups = [[order[0]]]
    for item, p in zip(order[1:], adjusted):
        if p < 0.05:
            groups.append([item])
        else:
            groups[-1].append(item)
    out, start = {}, 1
    for g in groups:
        for item in g:
            out[item] = (start, start + len(g) - 1)
        start += len(g)
    return out, adjusted


@pytest.mark.parametrize("seed", range(16))
def test_every_reading_and_prompt_is_backed_by_its_own_test(seed, fw, tmp_path):
    """Random surveys (sizes, segments, strength of agreement) and random teams: every
    reading and prompt compare gives is checked against the statistic it cites,
    recomputed here from the raw rankings with scipy."""
    scipy_stats = pytest.importorskip("scipy.stats")
    from datetime import UTC, datetime

    from cx_pillars.assessment import Assessment
    from cx_pillars.compare import compare
    from cx_pillars.survey.importer import import_file
    from cx_pillars.team import team_view
    from cx_pillars.views.compare import (
        correlation_reading,
        prompt_text,
        sample_sentence,
        segment_tests_line,
    )

    rnd = random.Random(seed)
    strength = [0.0, 2.0, 8.0, 20.0][seed % 4]
    base = {p: strength * rnd.random() for p in IDS}
    names = ["Gen Z", "Millennials", "Gen X"] if seed % 2 else ["North", "South"]
    sizes = {name: rnd.choice([8, 40, 150, 400]) for name in names}
    prefer = {
        name: {p: base[p] + (4 * rnd.random() if rnd.random() < 0.3 else 0) for p in IDS}
        for name in names
    }
    rows, labels = segmented_rows(rnd, sizes, prefer)
    path = write_wide(tmp_path / "walk.csv", rows, extra=(SEGMENTED, labels))
    summary = import_file(path, fw, segment=SEGMENTED, name="walk").summary
    if seed % 2:
        summary.segment_by = "generation"
    align = [1, -1, 0][seed % 3]  # the team with the customers, against them, or neither
    team_rankings = [
        sorted(IDS, key=lambda p: -(align * base[p] + rnd.gauss(0, 1 if align else 5)))
        for _ in range(rnd.choice([3, 5]))
    ]
    team = team_view(
        [
            Assessment(
                id=f"a{k}", created=datetime(2026, 11, 20, tzinfo=UTC), respondent=f"P{k}",
                team="T", role="", ratings={p: rnd.randint(1, 5) for p in IDS}, ranking=r,
            )
            for k, r in enumerate(team_rankings)
        ],
        fw,
    )  # fmt: skip
    c = compare(team, summary, fw)
    order = [r["pillar"] for r in c.customers["ranking"]]
    ranges, adjusted = _independent_ranges(rows, order)
    n = len(IDS)

    # the ranges and the head-to-head p-values
    for r in c.customers["ranking"]:
        assert (r["position_low"], r["position_high"]) == ranges[r["pillar"]]
    for h, p in zip(c.customers["head_to_head"], adjusted):
        assert h["p_adjusted"] == pytest.approx(p, rel=1e-9, abs=1e-300)

    # the correlation sentence follows the exact p and the one rule p < 0.05
    sentence, _ = correlation_reading(c, "en")
    p = c.correlation["spearman_p"]
    assert ("beyond chance" in sentence) == (p is not None and p < 0.05)
    if "customers put last" in sentence:
        first = team.consensus[0]["pillar"]
        assert ranges[first] == (n, n)

    # "enough to rely on" only when the top k are told apart
    text = sample_sentence(c.sample, "en", fw)
    if "rely on" in text or "would bring it to" in text:
        assert all(a < 0.05 for a in adjusted[: c.sample["top"]])
    if "more responses would separate them" in text:
        assert not all(a < 0.05 for a in adjusted[: c.sample["top"]])

    # segment differences named on the screen pass their Holm-adjusted ANOVA
    raw = {s: [full_ranks(r) for r, lab in zip(rows, labels) if lab == s] for s in sizes}
    anova_p = [
        scipy_stats.f_oneway(*[np.array(raw[s])[:, i] for s in sizes]).pvalue for i in range(n)
    ]
    anova_adj = dict(zip(IDS, holm_oracle(anova_p)))
    line = segment_tests_line(c, "en") or ""
    for p_id in IDS:
        label = fw.label(p_id, "en", short=True)
        if f"{label} (F =" in line:
            assert anova_adj[p_id] < 0.05

    # every prompt's cited statistic passes its own test
    for prompt in c.prompts:
        v, kind = prompt["values"], prompt["kind"]
        words = prompt_text(prompt, fw, "en")
        if kind in ("underrated", "overrated"):
            low, high = ranges[v["pillar"]]
            assert not low <= v["team_position"] <= high, words
        if kind == "weak_priority":
            low, high = ranges[v["pillar"]]
            assert (v["customer_position_low"], v["customer_position_high"]) == (low, high)
            assert high <= len(c.priorities), words  # surely within the customers' top k
        if kind == "segment":
            seg_rows = [full_ranks(r) for r, lab in zip(rows, labels) if lab == v["segment"]]
            a, b = IDS.index(v["pillar"]), IDS.index(v["overall_pillar"])
            above = sum(r[a] < r[b] for r in seg_rows)
            below = sum(r[b] < r[a] for r in seg_rows)
            assert scipy_stats.binomtest(above, above + below).pvalue < 0.05, words
            assert min(anova_adj[v["pillar"]], anova_adj[v["overall_pillar"]]) < 0.05, words
            assert len(seg_rows) >= 30
            assert ("generation" in words) == (summary.segment_by == "generation")


# ------------------------------------------------------- order and merge invariance


def _figures(c):
    doc = c.to_json()
    return {k: doc[k] for k in ("customers", "gaps", "correlation", "segment_tests", "sample")}


def test_every_figure_is_invariant_to_row_order_and_to_merging(fw, tmp_path):
    """The same customers in another row order, or imported as two files and merged,
    give exactly the same JSON figures (the sums are exact, and every reading comes
    from them)."""
    from cx_pillars.compare import compare
    from cx_pillars.survey.importer import import_file
    from cx_pillars.team import team_view

    rnd = random.Random(99)
    sizes = {"North": 70, "South": 50}
    prefer = {"North": {"digital": 2}, "South": {"service": 2}}
    rows, labels = segmented_rows(rnd, sizes, prefer)
    pairs = list(zip(rows, labels))
    shuffled = pairs[:]
    rnd.shuffle(shuffled)

    def summary(items, name):
        path = write_wide(
            tmp_path / f"{name}.csv",
            [r for r, _ in items],
            extra=(SEGMENTED, [s for _, s in items]),
        )
        return import_file(path, fw, segment=SEGMENTED, name="s").summary

    from datetime import UTC, datetime

    from cx_pillars.assessment import Assessment

    team = team_view(
        [
            Assessment(
                id=f"a{k}", created=datetime(2026, 11, 20, tzinfo=UTC), respondent=f"P{k}",
                team="T", role="", ratings={p: 3 for p in IDS}, ranking=rnd.sample(IDS, 10),
            )
            for k in range(3)
        ],
        fw,
    )  # fmt: skip
    whole = _figures(compare(team, summary(pairs, "whole"), fw))
    assert _figures(compare(team, summary(shuffled, "shuffled"), fw)) == whole
    merged = summary(shuffled[:37], "first").merge(summary(shuffled[37:], "second"))
    assert _figures(compare(team, merged, fw)) == whole


def test_no_segment_prompt_for_unknown_or_other(cli, team_store, tmp_path):
    """Customers without a segment value ("unknown") who put another pillar first: not
    a group anyone plans for, so no segment prompt names them."""
    rnd = random.Random(2)
    known = [sorted(IDS, key=lambda p: -(p == "service") * 5 - rnd.random()) for _ in range(120)]
    blank = [sorted(IDS, key=lambda p: -(p == "content") * 5 - rnd.random()) for _ in range(40)]
    labels = ["North"] * 60 + ["South"] * 60 + [""] * 40
    path = write_wide(tmp_path / "unknown.csv", known + blank, extra=(SEGMENTED, labels))
    data = import_and_compare(cli, team_store, path, "--segment", SEGMENTED)
    names = {s["segment"] for s in data["segments"]}
    unknown = next(s for s in data["segments"] if s["segment"] == "unknown")
    # the unknown customers put content first, everyone together service
    assert unknown["ranking"][0]["pillar"] == "content" and not unknown["small"]
    assert data["customers"]["ranking"][0]["pillar"] == "service"
    tests = {t["pillar"]: t for t in data["segment_tests"]}
    assert tests["content"]["p_adjusted"] < 0.05  # the difference is there
    assert not any(
        p["kind"] == "segment" and p["values"]["segment"] in ("unknown", "other")
        for p in data["prompts"]
    ), (names, data["prompts"])
