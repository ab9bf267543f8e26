"""Tests of cx_pillars.stats: hand-worked examples, published values, brute force, properties.

Expected numbers come from the worked arithmetic in the comments, from published
sources (cited where used), from closed-form formulas, or from brute-force
enumeration written independently here, never from the module's own output.
"""

from __future__ import annotations

import itertools
import math
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st_

from cx_pillars import stats

ITEMS4 = ["a", "b", "c", "d"]
TEN = [
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

FAST = settings(max_examples=40, deadline=None)


# ---------------------------------------------------------------- independent helpers


def naive_average_ranks(values):
    """Textbook definition: 1 + #smaller + (#equal - 1) / 2."""
    return [1 + sum(v < x for v in values) + (sum(v == x for v in values) - 1) / 2 for x in values]


def naive_pearson(x, y):
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy)


def naive_s(x, y):
    """Concordant minus discordant pairs, pair by pair."""
    s = 0
    for i, j in itertools.combinations(range(len(x)), 2):
        dx, dy = x[i] - x[j], y[i] - y[j]
        s += (dx * dy > 0) - (dx * dy < 0)
    return s


def brute_spearman_p(x, y):
    """P(|rho| >= |rho_obs|) over all n! permutations of y."""
    rx, ry = naive_average_ranks(x), naive_average_ranks(y)
    observed = abs(naive_pearson(rx, ry))
    hits = total = 0
    for perm in itertools.permutations(ry):
        total += 1
        hits += abs(naive_pearson(rx, list(perm))) >= observed - 1e-9
    return hits / total


def brute_kendall_p(x, y):
    observed = abs(naive_s(x, y))
    hits = total = 0
    for perm in itertools.permutations(y):
        total += 1
        hits += abs(naive_s(x, perm)) >= observed
    return hits / total


# ------------------------------------------------------------------- partial rankings


def test_partial_ranking_k3_of_10_gives_seven_to_every_unranked_item():
    # k = 3 of n = 10: ranked items get 1, 2, 3; the seven others share positions
    # 4..10, mean (4 + 10) / 2 = 7.0 = (k + 1 + n) / 2 = (3 + 1 + 10) / 2.
    ranks = stats.complete_ranks(["service", "friction", "products"], TEN)
    assert ranks[TEN.index("service")] == 1.0
    assert ranks[TEN.index("friction")] == 2.0
    assert ranks[TEN.index("products")] == 3.0
    ranked = {"service", "friction", "products"}
    others = [r for item, r in zip(TEN, ranks, strict=True) if item not in ranked]
    assert others == [7.0] * 7
    assert sum(ranks) == 55  # still n (n + 1) / 2


def test_complete_and_almost_complete_rankings():
    assert stats.complete_ranks(["d", "c", "b", "a"], ITEMS4) == [4.0, 3.0, 2.0, 1.0]
    # n - 1 ranked: the one left out gets (3 + 1 + 4) / 2 = 4, i.e. last.
    assert stats.complete_ranks(["b", "a", "d"], ITEMS4) == [2.0, 1.0, 4.0, 3.0]
    # nothing ranked: everyone (0 + 1 + 4) / 2 = 2.5
    assert stats.complete_ranks([], ITEMS4) == [2.5] * 4


@pytest.mark.parametrize("ranking", [["a", "a"], ["a", "zzz"]])
def test_complete_ranks_rejects_duplicates_and_unknown_ids(ranking):
    with pytest.raises(ValueError):
        stats.complete_ranks(ranking, ITEMS4)


def test_duplicate_items_rejected():
    with pytest.raises(ValueError):
        stats.complete_ranks(["a"], ["a", "a", "b"])


def test_rank_matrix_rows_are_respondents():
    m = stats.rank_matrix([["a", "b", "c", "d"], ["c"]], ITEMS4)
    # second: c first, others (1 + 1 + 4) / 2 = 3
    assert m.shape == (2, 4)
    assert m.tolist() == [[1, 2, 3, 4], [3, 3, 1, 3]]
    assert stats.rank_matrix([], ITEMS4).shape == (0, 4)


def test_average_ranks_ties_share_the_mean():
    # sorted: 5 (1), 10 (2), 20 20 (3, 4 -> 3.5)
    assert stats.average_ranks([10, 20, 20, 5]).tolist() == [2, 3.5, 3.5, 1]
    assert stats.average_ranks([7, 7, 7]).tolist() == [2, 2, 2]


@FAST
@given(st_.lists(st_.integers(0, 5), min_size=1, max_size=12))
def test_average_ranks_match_definition(values):
    assert stats.average_ranks(values).tolist() == pytest.approx(naive_average_ranks(values))


def test_tie_correction():
    # unranked group of 10 - 3 = 7: 7^3 - 7 = 336
    partial = stats.complete_ranks(["service", "friction", "products"], TEN)
    assert stats.tie_correction(partial) == 336
    assert stats.tie_correction([1, 2, 3, 4]) == 0
    # one pair: 2^3 - 2 = 6; a pair and a triple: 6 + 24 = 30
    assert stats.tie_correction([1, 2.5, 2.5, 4]) == 6
    assert stats.tie_correction([1.5, 1.5, 4, 4, 4]) == 30


# ----------------------------------------------------------- counts and consensus

# Three respondents, four items:
#   r1: a b c d       -> ranks a1 b2 c3 d4
#   r2: b a d c       -> a2 b1 c4 d3
#   r3: b (only)      -> b1, others (1 + 1 + 4)/2 = 3
# mean ranks: a (1+2+3)/3 = 2, b (2+1+1)/3 = 4/3, c (3+4+3)/3 = 10/3, d (4+3+3)/3 = 10/3
# first places: a 1, b 2, c 0, d 0
RANKINGS = [["a", "b", "c", "d"], ["b", "a", "d", "c"], ["b"]]


def test_mean_ranks_hand_worked():
    m = stats.rank_matrix(RANKINGS, ITEMS4)
    assert stats.mean_ranks(m).tolist() == pytest.approx([2, 4 / 3, 10 / 3, 10 / 3])
    lo, hi = stats.rank_range(m)
    assert lo.tolist() == [1, 1, 3, 3]
    assert hi.tolist() == [3, 2, 4, 4]
    with pytest.raises(ValueError):
        stats.mean_ranks(np.zeros((0, 4)))


def test_position_counts_hand_worked():
    pc = stats.position_counts(RANKINGS, ITEMS4)
    #                 pos1 pos2 pos3 pos4
    assert pc.counts.tolist() == [
        [1, 1, 0, 0],  # a: 1st (r1), 2nd (r2)
        [2, 1, 0, 0],  # b: 2nd (r1), 1st (r2, r3)
        [0, 0, 1, 1],  # c: 3rd (r1), 4th (r2)
        [0, 0, 1, 1],
    ]  # d: 4th (r1), 3rd (r2)
    assert pc.unranked.tolist() == [1, 0, 1, 1]  # r3 ranked only b
    assert pc.first_places.tolist() == [1, 2, 0, 0]
    assert pc.top(2).tolist() == [2, 3, 0, 0]
    # n - 1 ranked counts the last item as 4th, not unranked
    pc = stats.position_counts([["a", "b", "c"]], ITEMS4)
    assert pc.counts[3].tolist() == [0, 0, 0, 1] and pc.unranked.sum() == 0


def test_position_shares():
    shares = stats.position_shares(stats.position_counts(RANKINGS, ITEMS4), 3, top=2)
    assert shares[1] == {"first_place_share": pytest.approx(2 / 3), "top2_share": 1.0}
    nobody = stats.position_shares(stats.position_counts([], ITEMS4), 0)
    assert nobody[0]["first_place_share"] is None


def test_preference_matrix_hand_worked():
    p = stats.preference_matrix(RANKINGS, ITEMS4)
    # a above b: r1 only. b above a: r2 and r3 (b 1 vs a 3). c vs d: r1 c above d,
    # r2 d above c, r3 tied (both 3) -> neither.
    assert p[0, 1] == 1 and p[1, 0] == 2
    assert p[2, 3] == 1 and p[3, 2] == 1
    assert p[0, 2] == 2  # r1, r2 (r3: a 3 vs c 3 tied)
    assert np.all(np.diag(p) == 0)


def test_consensus_order_sorted_by_mean_rank_then_first_places_then_catalog():
    # b 4/3 first; a 2 second; c and d tie on 10/3 with 0 first places -> catalog order
    m = stats.rank_matrix(RANKINGS, ITEMS4)
    lo, hi = stats.rank_range(m)
    pc = stats.position_counts(RANKINGS, ITEMS4)
    order = stats.consensus_order(ITEMS4, stats.mean_ranks(m), pc.first_places, lo, hi)
    assert [r["pillar"] for r in order] == ["b", "a", "c", "d"]
    assert [r["position"] for r in order] == [1, 2, 3, 4]
    assert order[0] == {
        "pillar": "b",
        "position": 1,
        "mean_rank": pytest.approx(4 / 3),
        "first_places": 2,
        "rank_min": 1.0,
        "rank_max": 2.0,
    }
    # equal mean ranks: more first places wins even against catalog order
    order = stats.consensus_order(["x", "y", "z"], [2.0, 2.0, 2.0], [0, 3, 3])
    assert [r["pillar"] for r in order] == ["y", "z", "x"]


def test_disputed_by_spread():
    # rows: a always 1; b 2,4; c 3,2; d 4,3 -> spreads a0 b2 c1 d1; c and d also tie on sd
    m = np.array([[1, 2, 3, 4], [1, 4, 2, 3]], dtype=float)
    d = stats.disputed(ITEMS4, m)
    assert [r["pillar"] for r in d] == ["b", "c", "d", "a"]
    assert d[0] == {"pillar": "b", "rank_min": 2.0, "rank_max": 4.0, "spread": 2.0, "sd": 1.0}
    assert len(stats.disputed(ITEMS4, m, limit=2)) == 2


# ------------------------------------------------------------------- Kendall's W


def test_kendall_w_hand_worked_no_ties():
    # 3 raters x 4 items:
    #   r1: 1 2 3 4 / r2: 2 1 3 4 / r3: 1 3 2 4
    # column sums R = 4, 6, 8, 12; mean m(n+1)/2 = 7.5
    # S = 3.5^2 + 1.5^2 + 0.5^2 + 4.5^2 = 12.25 + 2.25 + 0.25 + 20.25 = 35
    # W = 12 * 35 / (3^2 (4^3 - 4)) = 420 / 540 = 7/9
    # chi2 = m (n - 1) W = 3 * 3 * 7/9 = 7, df 3;
    # P(chi2_3 >= 7) = erfc(sqrt(3.5)) + sqrt(14/pi) e^-3.5 (closed form for 3 df)
    m = np.array([[1, 2, 3, 4], [2, 1, 3, 4], [1, 3, 2, 4]], dtype=float)
    a = stats.kendall_w(m)
    assert a.kendall_w == pytest.approx(7 / 9)
    assert a.chi2 == pytest.approx(7.0)
    assert a.df == 3
    expected_p = math.erfc(math.sqrt(3.5)) + math.sqrt(14 / math.pi) * math.exp(-3.5)
    assert a.p_value == pytest.approx(expected_p, rel=1e-12)
    assert (a.raters, a.items) == (3, 4)
    assert set(a.as_dict()) >= {"kendall_w", "chi2", "df", "p_value"}


def test_kendall_w_hand_worked_with_ties():
    # r1: 1 2 3 4 / r2: 1.5 1.5 3 4 / r3: 1 2 3.5 3.5
    # R = 3.5, 5.5, 9.5, 11.5; S = 16 + 4 + 4 + 16 = 40
    # T: r2 one pair 2^3 - 2 = 6, r3 one pair 6 -> sum T = 12
    # W = 12 * 40 / (9 * 60 - 3 * 12) = 480 / 504 = 20/21; uncorrected 480/540 = 8/9
    m = np.array([[1, 2, 3, 4], [1.5, 1.5, 3, 4], [1, 2, 3.5, 3.5]])
    assert stats.kendall_w(m).kendall_w == pytest.approx(20 / 21)
    assert stats.kendall_w(m).chi2 == pytest.approx(9 * 20 / 21)
    assert stats.kendall_w(m, correct_ties=False).kendall_w == pytest.approx(8 / 9)


def test_kendall_w_partial_rankings_and_sufficient_statistics():
    # n = 4; r1 ranks a, b (c, d get (2+1+4)/2 = 3.5); r2 ranks b only (others 3);
    # r3 full b a c d.
    # rows: [1, 2, 3.5, 3.5], [3, 1, 3, 3], [2, 1, 3, 4]; R = 6, 4, 9.5, 10.5
    # S = (6-7.5)^2 + (4-7.5)^2 + 2^2 + 3^2 = 2.25 + 12.25 + 4 + 9 = 27.5
    # T: r1 pair -> 6, r2 triple -> 24, r3 0; sum 30
    # W = 12 * 27.5 / (9 * 60 - 3 * 30) = 330 / 450 = 11/15
    rankings = [["a", "b"], ["b"], ["b", "a", "c", "d"]]
    m = stats.rank_matrix(rankings, ITEMS4)
    assert stats.kendall_w(m).kendall_w == pytest.approx(11 / 15)
    # the survey summary route (sums + sum T) gives the same
    via_sums = stats.kendall_w_from_sums([6, 4, 9.5, 10.5], 3, tie_sum=30)
    assert via_sums.kendall_w == pytest.approx(11 / 15)


def test_kendall_w_undefined_cases():
    one = stats.kendall_w(np.array([[1, 2, 3, 4]], dtype=float))
    assert one.kendall_w is None and one.p_value is None and one.raters == 1
    # everybody ranked nothing: all ties, denominator 9*60 - 3*60 ... = 0
    empty = stats.kendall_w(stats.rank_matrix([[], [], []], ITEMS4))
    assert empty.kendall_w is None and empty.chi2 is None


# Published example 1 (with ties): the "anxiety" data of R package irr (3 raters x
# 20 subjects, ratings 1-6), printed verbatim in the examples of DescTools::KendallW /
# kendallW (Andri Signorell et al., DescTools, CRAN; function originally irr::kendall
# by Matthias Gamer). The documented output of kendallW(anxiety, TRUE, test=TRUE):
#   "Kendall chi-squared = 30.76, df = 19, subjects = 20, raters = 3, p-value = 0.04288"
#   W = 0.5396569
# Without the correction (irr::kendall(anxiety), reproduced in the JASP test suite,
# jasp-stats/jaspReliability tests/testthat/test-raterAgreement.R, "matches irr"):
#   W = 0.501921470342523, chi2 = 28.6095238095238, df = 19, p = 0.0723803546937571.
ANXIETY = {
    "rater1": [3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3],
    "rater2": [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4],
    "rater3": [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2],
}


def test_kendall_w_published_anxiety_example():
    matrix = np.array([stats.average_ranks(r) for r in ANXIETY.values()])
    corrected = stats.kendall_w(matrix)
    assert round(corrected.kendall_w, 7) == 0.5396569
    assert round(corrected.chi2, 2) == 30.76
    assert corrected.df == 19
    assert round(corrected.p_value, 5) == 0.04288
    plain = stats.kendall_w(matrix, correct_ties=False)
    assert plain.kendall_w == pytest.approx(0.501921470342523, rel=1e-12)
    assert plain.chi2 == pytest.approx(28.6095238095238, rel=1e-12)
    assert plain.p_value == pytest.approx(0.0723803546937571, rel=1e-9)


# Published example 2 (no ties): Siegel & Castellan (1988), Nonparametric Statistics for
# the Behavioral Sciences, 2nd ed., as reproduced in the DescTools::KendallW examples
# (3 raters ranking 8 holiday attributes). Documented output:
#   "Kendall chi-squared = 13.778, df = 7, subjects = 8, raters = 3, p-value = 0.05528"
#   W = 0.6560847
SIEGEL_CASTELLAN = {  # columns airfare climate season people program publicity present interest
    4: [5, 6, 7, 1, 2, 4, 3, 8],
    21: [1, 7, 6, 2, 3, 5, 4, 8],
    11: [4, 5, 1, 3, 2, 7, 6, 8],
}


def test_kendall_w_published_siegel_castellan_example():
    a = stats.kendall_w(np.array(list(SIEGEL_CASTELLAN.values()), dtype=float))
    assert round(a.kendall_w, 7) == 0.6560847
    assert round(a.chi2, 3) == 13.778
    assert a.df == 7
    assert round(a.p_value, 5) == 0.05528


@st_.composite
def rank_matrices(draw, min_m=2, max_m=8):
    n = draw(st_.integers(2, 12))
    m = draw(st_.integers(min_m, max_m))
    items = [f"i{k}" for k in range(n)]
    rankings = []
    for _ in range(m):
        perm = draw(st_.permutations(items))
        k = draw(st_.integers(0, n))
        rankings.append(perm[:k])
    return stats.rank_matrix(rankings, items)


@FAST
@given(rank_matrices())
def test_w_in_unit_interval_and_invariant_to_rater_order(matrix):
    a = stats.kendall_w(matrix)
    if a.kendall_w is None:  # only when every rater tied everything
        assert all(
            stats.tie_correction(r) == matrix.shape[1] ** 3 - matrix.shape[1] for r in matrix
        )
        return
    assert 0.0 <= a.kendall_w <= 1.0
    assert 0.0 <= a.p_value <= 1.0
    b = stats.kendall_w(matrix[::-1])
    assert b.kendall_w == pytest.approx(a.kendall_w)
    assert b.p_value == pytest.approx(a.p_value)


@FAST
@given(st_.integers(2, 15), st_.integers(2, 10), st_.randoms())
def test_w_is_one_when_all_agree(n, m, rnd):
    items = [f"i{k}" for k in range(n)]
    ranking = items[:]
    rnd.shuffle(ranking)
    a = stats.kendall_w(stats.rank_matrix([ranking] * m, items))
    assert a.kendall_w == pytest.approx(1.0)
    assert a.chi2 == pytest.approx(m * (n - 1))


# -------------------------------------------------------------- distribution tails


def chi2_sf_closed_form(x, df):
    """Q(a, z) for integer and half-integer a = df/2, z = x/2 (textbook closed forms)."""
    z = x / 2
    if df % 2 == 0:
        k = df // 2
        return math.exp(-z) * sum(z**j / math.factorial(j) for j in range(k))
    k = (df - 1) // 2
    return math.erfc(math.sqrt(z)) + math.exp(-z) * sum(
        z ** (j + 0.5) / math.gamma(j + 1.5) for j in range(k)
    )


@pytest.mark.parametrize("df", [1, 2, 3, 4, 5, 9, 10, 19, 29])
@pytest.mark.parametrize("x", [0.01, 0.5, 1.0, 3.0, 7.0, 12.0, 20.0, 35.0, 60.0])
def test_chi2_sf_matches_closed_forms(x, df):
    assert stats.chi2_sf(x, df) == pytest.approx(chi2_sf_closed_form(x, df), rel=1e-10)


@pytest.mark.parametrize(
    "x, df, p",
    [
        # upper 5% and 1% points from the standard chi-square table (e.g. NIST/SEMATECH
        # e-Handbook of Statistical Methods, "critical values of the chi-square distribution"):
        # 3.841 (1 df), 16.919 (9 df), 30.144 (19 df), 6.635 (1 df, 1%), 21.666 (9 df, 1%)
        (3.841, 1, 0.05),
        (16.919, 9, 0.05),
        (30.144, 19, 0.05),
        (6.635, 1, 0.01),
        (21.666, 9, 0.01),
    ],
)
def test_chi2_sf_table_values(x, df, p):
    assert stats.chi2_sf(x, df) == pytest.approx(p, abs=2e-5)


def test_chi2_sf_edges():
    assert stats.chi2_sf(0.0, 3) == 1.0
    assert stats.chi2_sf(1e4, 5) < 1e-300
    with pytest.raises(ValueError):
        stats.chi2_sf(1.0, 0)


@pytest.mark.parametrize("t", [0.0, 0.3, 1.0, 2.5, 10.0, 100.0])
def test_student_t_sf_closed_forms(t):
    # 1 df (Cauchy): 1/2 - atan(t)/pi; 2 df: 1/2 - t / (2 sqrt(t^2 + 2))
    assert stats.student_t_sf(t, 1) == pytest.approx(0.5 - math.atan(t) / math.pi, rel=1e-10)
    assert stats.student_t_sf(t, 2) == pytest.approx(
        0.5 - t / (2 * math.sqrt(t * t + 2)), rel=1e-10
    )
    assert stats.student_t_sf(-t, 1) == pytest.approx(0.5 + math.atan(t) / math.pi, rel=1e-10)


def test_student_t_table_value():
    # two-sided 5% point of t with 8 df is 2.306 (t tables)
    assert 2 * stats.student_t_sf(2.306, 8) == pytest.approx(0.05, abs=1e-4)


def test_normal_sf():
    assert stats.normal_sf(1.959963984540054) == pytest.approx(0.025, rel=1e-12)
    assert stats.normal_sf(0.0) == 0.5


# ------------------------------------------------------------- rank correlations


def test_mahonian_numbers_published():
    # OEIS A008302 row n = 4: 1 3 5 6 5 3 1
    assert stats._mahonian(4) == (1, 3, 5, 6, 5, 3, 1)
    # OEIS A000140 (Kendall-Mann numbers), the largest entry of row n = 10: 250749
    row = stats._mahonian(10)
    assert max(row) == 250749 and sum(row) == math.factorial(10) and len(row) == 46


@pytest.mark.parametrize(
    "n, rho, tau",
    [
        # two-sided alpha = 0.05 critical values from the classical tables.
        # Spearman: "critical values for the Spearman rank correlation coefficient" (Institute
        # of Mathematical Statistics table, reproduced e.g. in Larson & Farber, Elementary
        # Statistics, App. B Table 10): n = 5..10 -> -, .886, .786, .738, .700, .648; n = 5 has
        # 1.000 in the alpha(1) = 0.025 column of the upper-critical-value tables.
        # Kendall: upper critical values of tau, alpha(1) = 0.025 column (Daniel, Applied
        # Nonparametric Statistics, 1989): n = 5..10 -> 1.000, .867, .714, .643, .556, .511.
        (5, 1.000, 1.000),
        (6, 0.886, 0.867),
        (7, 0.786, 0.714),
        (8, 0.738, 0.643),
        (9, 0.700, 0.556),
        (10, 0.648, 0.511),
    ],
)
def test_significance_threshold_matches_published_tables(n, rho, tau):
    t = stats.significance_threshold(n)
    assert t.method == "exact"
    assert round(t.rho, 3) == rho
    assert round(t.tau, 3) == tau


def test_significance_threshold_one_sided_and_too_few_items():
    # one-sided 5% (alpha(1) = 0.05 columns): n = 10 rho 0.564, tau 0.467 -- the
    # "tau = 0.47" of the product brief is this one-sided value.
    t = stats.significance_threshold(10, two_sided=False)
    assert (round(t.rho, 3), round(t.tau, 3)) == (0.564, 0.467)
    # n = 4: even perfect agreement has p = 2/24 > 0.05
    t = stats.significance_threshold(4)
    assert t.rho is None and t.tau is None
    # 1% two-sided at n = 10: rho 0.794 (same table)
    assert round(stats.significance_threshold(10, alpha=0.01).rho, 3) == 0.794


def test_significance_threshold_asymptotic_above_the_limit():
    t = stats.significance_threshold(20)
    assert t.method == "asymptotic"
    # tables give 0.447 (rho) and 0.326 (tau) at n = 20; the approximations are close
    assert t.rho == pytest.approx(0.447, abs=0.005)
    assert t.tau == pytest.approx(0.326, abs=0.01)
    assert 2 * stats.student_t_sf(t.rho * math.sqrt(18 / (1 - t.rho**2)), 18) == pytest.approx(0.05)


def test_exact_spearman_p_at_the_critical_value():
    # n = 10 untied; rho = 1 - 6 D / (n^3 - n). The table value 0.648 is D = 58:
    # 1 - 348/990 = 0.64848 with two-sided p <= 0.05; D = 60 (rho 0.63636) is not.
    x = list(range(1, 11))

    def with_d(target):
        for perm in itertools.permutations(x):
            if sum((a - b) ** 2 for a, b in zip(x, perm, strict=True)) == target:
                return list(perm)

    y58, y60 = with_d(58), with_d(60)
    r58, r60 = stats.spearman(x, y58), stats.spearman(x, y60)
    assert r58.coefficient == pytest.approx(1 - 348 / 990)
    assert r58.p_value <= 0.05 < r60.p_value
    assert r58.method == "exact"


def test_spearman_perfect_and_small_hand_cases():
    # n = 3 perfect agreement: of 3! = 6 permutations, identity and reversal give |rho| = 1
    r = stats.spearman([1, 2, 3], [10, 20, 30])
    assert r.coefficient == 1.0 and r.p_value == pytest.approx(2 / 6)
    # n = 10 perfect agreement: p = 2 / 10!
    r = stats.spearman(range(10), range(10))
    assert r.p_value == pytest.approx(2 / math.factorial(10))
    # a constant vector has no correlation
    r = stats.spearman([1, 1, 1], [1, 2, 3])
    assert r.coefficient is None and r.p_value is None


def test_kendall_hand_cases():
    # x = 1 2 3 4, y = 1 3 2 4: pairs (12 c)(13 c)(14 c)(23 d)(24 c)(34 c) -> S = 4,
    # tau = 4/6. Mahonian row 4 (1 3 5 6 5 3 1 by inversions 0..6; S = 6 - 2 inv):
    # |S| >= 4 means inversions 0, 1, 5 or 6: (1 + 3 + 3 + 1)/24 = 1/3.
    k = stats.kendall_tau_b([1, 2, 3, 4], [1, 3, 2, 4])
    assert k.coefficient == pytest.approx(4 / 6)
    assert k.p_value == pytest.approx(1 / 3)
    # with ties: x = 1 1 2 3, y = 1 2 3 3: pairs (12) x-tie 0, (13)(14)(23)(24) c, (34) y-tie
    # S = 4; n0 = 6, n1 = 1, n2 = 1 -> tau_b = 4 / sqrt(5 * 5) = 0.8
    k = stats.kendall_tau_b([1, 1, 2, 3], [1, 2, 3, 3])
    assert k.coefficient == pytest.approx(0.8)
    assert k.p_value == pytest.approx(brute_kendall_p([1, 1, 2, 3], [1, 2, 3, 3]))


BRUTE_CASES = [
    ([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]),
    ([1, 2, 3, 4, 5, 6], [6, 4, 5, 1, 3, 2]),
    ([1, 2, 3, 4, 5, 6], [1, 2, 3, 6, 5, 4]),
    ([1, 1, 2, 3, 4, 5], [1, 3, 2, 4, 6, 5]),  # tie in x
    ([1, 2, 3, 4, 5, 6], [2, 2, 1, 4, 4, 3]),  # ties in y
    ([1, 1, 2, 2, 3, 3], [1, 2, 2, 3, 3, 3]),  # ties in both
    ([2.5, 2.5, 2.5, 1.0, 5.0], [4.0, 4.0, 1.5, 1.5, 3.0]),  # mean-rank-like values
    ([1, 1, 1, 2, 2, 2], [1, 2, 3, 4, 5, 6]),
]


@pytest.mark.parametrize("x, y", BRUTE_CASES)
def test_exact_p_matches_brute_force_enumeration(x, y):
    rho = stats.spearman(x, y)
    tau = stats.kendall_tau_b(x, y)
    assert rho.method == tau.method == "exact"
    assert rho.coefficient == pytest.approx(
        naive_pearson(naive_average_ranks(x), naive_average_ranks(y))
    )
    assert rho.p_value == pytest.approx(brute_spearman_p(x, y), abs=1e-12)
    assert tau.p_value == pytest.approx(brute_kendall_p(x, y), abs=1e-12)


@settings(max_examples=15, deadline=None)
@given(st_.lists(st_.tuples(st_.integers(0, 3), st_.integers(0, 3)), min_size=3, max_size=6))
def test_exact_p_matches_brute_force_random_ties(pairs):
    x, y = [p[0] for p in pairs], [p[1] for p in pairs]
    rho, tau = stats.spearman(x, y), stats.kendall_tau_b(x, y)
    if rho.coefficient is None:
        assert len(set(x)) == 1 or len(set(y)) == 1
        return
    assert rho.p_value == pytest.approx(brute_spearman_p(x, y), abs=1e-12)
    assert tau.p_value == pytest.approx(brute_kendall_p(x, y), abs=1e-12)


def test_untied_kendall_null_distribution_matches_enumeration():
    # the whole distribution of S for n = 7 (Mahonian route) against all 5040 permutations
    values_m, counts_m = stats._kendall_null((1,) * 7, tuple(range(7)))
    brute = {}
    for perm in itertools.permutations(range(7)):
        s = naive_s(list(range(7)), perm)
        brute[s] = brute.get(s, 0) + 1
    assert dict(zip(values_m.tolist(), counts_m.tolist(), strict=True)) == brute


def test_asymptotic_close_to_exact():
    # forcing the asymptotic method at n = 10 must land near the exact p
    x = list(range(10))
    y = [2, 0, 1, 4, 3, 6, 5, 9, 7, 8]
    for f in (stats.spearman, stats.kendall_tau_b):
        exact, approx = f(x, y), f(x, y, exact_max_n=0)
        assert approx.method == "asymptotic"
        assert approx.coefficient == exact.coefficient
        assert approx.p_value == pytest.approx(exact.p_value, abs=0.01)
    # with ties (tie-corrected variance of S)
    x = [1, 1, 2, 3, 3, 4, 5, 6, 6, 7]
    y = [2, 1, 1, 3, 5, 4, 4, 7, 6, 6]
    exact, approx = stats.kendall_tau_b(x, y), stats.kendall_tau_b(x, y, exact_max_n=0)
    assert approx.p_value == pytest.approx(exact.p_value, abs=0.01)


def test_asymptotic_kendall_uses_the_exact_permutation_variance_of_s():
    # The tie-corrected var S is the exact variance of S over all permutations; check it
    # against the variance of the enumerated distribution (n = 7, ties in x and y).
    x = [1, 1, 2, 3, 3, 3, 4]
    y = [1, 2, 2, 3, 4, 4, 5]
    scores = [naive_s(x, perm) for perm in itertools.permutations(y)]
    var_s = sum(v * v for v in scores) / len(scores)  # mean of S is 0
    expected = math.erfc(abs(naive_s(x, y)) / math.sqrt(var_s) / math.sqrt(2))  # 2 P(Z >= z)
    approx = stats.kendall_tau_b(x, y, exact_max_n=0)
    assert approx.method == "asymptotic"
    assert approx.p_value == pytest.approx(expected, rel=1e-9)


def test_asymptotic_thresholds_by_hand():
    # Spearman, n = 12: t(10 df) two-sided 5% point 2.228 (t table);
    # rho = t / sqrt(df + t^2) = 2.228 / sqrt(14.964) = 0.5760
    assert stats.significance_threshold(12).rho == pytest.approx(
        2.228 / math.sqrt(10 + 2.228**2), abs=2e-4
    )
    # Kendall, n = 20, no ties: var S = n(n-1)(2n+5)/18 = 20*19*45/18 = 950;
    # S = 1.959964 sqrt(950) = 60.410, tau = S / 190 = 0.31795
    assert stats.significance_threshold(20).tau == pytest.approx(
        1.959964 * math.sqrt(950) / 190, rel=1e-6
    )


def test_threshold_counts_p_equal_to_alpha_as_significant():
    # n = 4: |rho| = 1 has p = 2/24 exactly; at alpha = 2/24 it qualifies, nothing weaker does
    t = stats.significance_threshold(4, alpha=2 / 24)
    assert t.rho == 1.0 and t.tau == 1.0


def test_method_switches_above_the_limit():
    n = stats.EXACT_MAX_N + 1
    assert stats.spearman(range(n), range(n)).method == "asymptotic"
    assert stats.spearman(range(n), range(n)).p_value == 0.0
    summary = stats.correlation_summary([1, 2, 3, 4, 5], [1, 3, 2, 5, 4])
    assert summary["method"] == "exact"
    assert set(summary) >= {"spearman_rho", "spearman_p", "kendall_tau", "kendall_tau_p"}


def test_exact_p_for_ten_items_is_fast_and_cached():
    stats._spearman_null.cache_clear()
    stats._kendall_null.cache_clear()
    x = [1, 2, 2, 4, 5, 6, 7, 7, 9, 10]
    y = [3, 1, 2, 4, 4, 6, 8, 7, 10, 9]
    start = time.perf_counter()
    stats.spearman(x, y), stats.kendall_tau_b(x, y)
    first = time.perf_counter() - start
    start = time.perf_counter()
    stats.spearman(x, y), stats.kendall_tau_b(x, y)
    cached = time.perf_counter() - start
    assert first < 1.0
    assert cached < 0.05


vectors = st_.lists(st_.integers(0, 6), min_size=2, max_size=12)


@FAST
@given(vectors)
def test_correlation_of_a_vector_with_itself_and_its_reverse(x):
    rho, tau = stats.spearman(x, x), stats.kendall_tau_b(x, x)
    if len(set(x)) == 1:
        assert rho.coefficient is None and tau.coefficient is None
        return
    assert rho.coefficient == pytest.approx(1.0)
    assert tau.coefficient == pytest.approx(1.0)
    neg = [-v for v in x]  # the same ranking reversed
    assert stats.spearman(x, neg).coefficient == pytest.approx(-1.0)
    assert stats.kendall_tau_b(x, neg).coefficient == pytest.approx(-1.0)


@FAST
@given(st_.permutations(list(range(8))))
def test_rho_and_tau_reversed_ranking_is_minus_one(perm):
    # a ranking of 8 items against the reversed ranking (position p <-> 9 - p)
    ranks = [v + 1 for v in perm]
    reversed_ranks = [9 - r for r in ranks]
    assert stats.spearman(ranks, reversed_ranks).coefficient == pytest.approx(-1.0)
    assert stats.kendall_tau_b(ranks, reversed_ranks).coefficient == pytest.approx(-1.0)
    assert stats.spearman(ranks, reversed_ranks).p_value == pytest.approx(2 / math.factorial(8))


@FAST
@given(st_.data())
def test_p_values_in_unit_interval_and_symmetric(data):
    n = data.draw(st_.integers(2, 14))
    x = data.draw(st_.lists(st_.integers(0, 5), min_size=n, max_size=n))
    y = data.draw(st_.lists(st_.integers(0, 5), min_size=n, max_size=n))
    for f in (stats.spearman, stats.kendall_tau_b):
        r, s = f(x, y), f(y, x)
        if r.coefficient is None:
            continue
        assert -1.0 <= r.coefficient <= 1.0
        assert 0.0 <= r.p_value <= 1.0
        assert s.coefficient == pytest.approx(r.coefficient)
        assert s.p_value == pytest.approx(r.p_value)


@FAST
@given(rank_matrices(min_m=1, max_m=6))
def test_pairwise_spearman_symmetric_with_unit_diagonal(matrix):
    rho = stats.pairwise_spearman(matrix)
    m = matrix.shape[0]
    assert rho.shape == (m, m)
    assert np.allclose(rho, rho.T, equal_nan=True)
    for i in range(m):
        if np.ptp(matrix[i]) == 0:
            assert np.isnan(rho[i, i])
        else:
            assert rho[i, i] == pytest.approx(1.0)
            for j in range(m):
                if np.ptp(matrix[j]) > 0:
                    assert rho[i, j] == pytest.approx(naive_pearson(matrix[i], matrix[j]))


# ------------------------------------------------------------------- scores


def test_score_and_total_summaries_hand_worked():
    ratings = [
        {"a": 3, "b": 5, "c": 1, "d": 2},
        {"a": 4, "b": 5, "c": 2, "d": 2},
        {"a": 2, "b": 4, "c": 1, "d": 3},
    ]
    rows = stats.score_summary(ratings, ITEMS4)
    assert [r["pillar"] for r in rows] == ITEMS4
    assert rows[0] == {
        "pillar": "a",
        "mean": 3.0,
        "min": 2,
        "max": 4,
        "respondents": 3,
        "histogram": [0, 1, 1, 1, 0],
    }
    assert rows[1]["mean"] == pytest.approx(14 / 3)
    assert rows[1]["histogram"] == [0, 0, 0, 1, 2]
    # totals 11, 13, 10 out of 5 * 4 = 20
    total = stats.total_summary(ratings, ITEMS4)
    assert total == {
        "mean": pytest.approx(34 / 3),
        "min": 10,
        "max": 13,
        "max_possible": 20,
        "respondents": 3,
    }
    with pytest.raises(ValueError):
        stats.score_summary([{"a": 6}], ITEMS4)
    assert stats.score_summary([], ITEMS4)[0]["mean"] is None


def test_histogram_mean_nps_ces():
    assert stats.histogram_mean([1, 0, 3]) == pytest.approx((1 + 9) / 4)
    assert stats.histogram_mean([0, 0]) is None
    # 10 answers: two 0-6 detractors, three 7-8 passives, five 9-10 promoters
    # NPS = 50% - 20% = 30
    hist = [1, 0, 0, 0, 0, 0, 1, 2, 1, 3, 2]
    assert stats.nps(hist) == pytest.approx(30.0)
    assert stats.nps([0] * 11) is None
    # CES: four 7s and one 2 -> (28 + 2) / 5 = 6
    assert stats.ces([0, 1, 0, 0, 0, 0, 4]) == pytest.approx(6.0)
    with pytest.raises(ValueError):
        stats.nps([1, 2, 3])


# --------------------------------------------------------------- customer sample


def test_mean_rank_interval_from_sufficient_statistics():
    # ranks 1, 2, 3, 4: sum 10, sum of squares 30; mean 2.5,
    # sample sd = sqrt((30 - 100/4) / 3) = sqrt(5/3); half-width 1.96 sqrt(5/3) / 2
    iv = stats.mean_rank_interval(10, 30, 4)
    half = 1.96 * math.sqrt(5 / 3) / 2
    assert iv.mean == 2.5
    assert iv.sd == pytest.approx(math.sqrt(5 / 3))
    assert (iv.low, iv.high) == (pytest.approx(2.5 - half), pytest.approx(2.5 + half))
    one = stats.mean_rank_interval(3, 9, 1)
    assert one.mean == 3 and one.low is None
    assert stats.mean_rank_interval(0, 0, 0).mean is None
    # all equal ranks: zero width
    same = stats.mean_rank_interval(21, 63, 7)
    assert same.low == same.high == 3


@FAST
@given(st_.lists(st_.sampled_from([1, 1.5, 2, 3, 5.5, 7, 10]), min_size=2, max_size=40))
def test_interval_from_sums_matches_direct_sample_sd(ranks):
    iv = stats.mean_rank_interval(sum(ranks), sum(r * r for r in ranks), len(ranks))
    sd = float(np.std(ranks, ddof=1))
    assert iv.sd == pytest.approx(sd, abs=1e-6)
    assert iv.high - iv.mean == pytest.approx(1.96 * sd / math.sqrt(len(ranks)), abs=1e-6)


def test_margin_of_error_and_responses_needed():
    # 1.96 sqrt(0.25 / 100) = 1.96 * 0.05 = 0.098
    assert stats.margin_of_error(100) == pytest.approx(0.098)
    assert stats.margin_of_error(0) is None
    # 1.96^2 * 0.25 / 0.05^2 = 384.16 -> 385 (the usual "385 for +/-5%")
    assert stats.responses_needed() == 385
    assert stats.margin_of_error(385) <= 0.05 < stats.margin_of_error(384)
    # +/-10%: 96.04 -> 97; +/-3%: 1067.1 -> 1068
    assert stats.responses_needed(0.10) == 97
    assert stats.responses_needed(0.03) == 1068


def test_weighted_score():
    # complete rankings of 10: first place weighs 10, so mean rank 1 -> 10, 10 -> 1
    assert stats.weighted_score(1.0, 10) == 10
    assert stats.weighted_score(10.0, 10) == 1
    assert stats.weighted_score(2.5, 4) == 2.5


# -------------------------------------------------------------------- comparison


def test_gaps_priorities_perception_gap():
    team = {"a": 1, "b": 2, "c": 3, "d": 4}
    customers = {"a": 3, "b": 1, "c": 2, "d": 4}
    g = stats.gaps(ITEMS4, team, customers)
    assert [r["pillar"] for r in g] == ["b", "c", "a", "d"]  # customer position order
    assert {r["pillar"]: r["gap"] for r in g} == {"a": -2, "b": 1, "c": 1, "d": 0}

    order = [
        {"pillar": "b", "position": 1},
        {"pillar": "c", "position": 2},
        {"pillar": "a", "position": 3},
        {"pillar": "d", "position": 4},
    ]
    p = stats.priorities(order, {"a": 4.0, "b": 2.5, "c": 3.0, "d": 1.0}, {"b": 3.1}, k=2)
    assert p == [
        {
            "pillar": "b",
            "customer_position": 1,
            "team_mean_score": 2.5,
            "customer_mean_rating": 3.1,
        },
        {
            "pillar": "c",
            "customer_position": 2,
            "team_mean_score": 3.0,
            "customer_mean_rating": None,
        },
    ]
    with pytest.raises(ValueError):
        stats.priorities(order, {}, k=5)

    pg = stats.perception_gap(ITEMS4, {"a": 4.0, "b": 2.0}, {"a": 3.5, "c": 1.0})
    assert pg[0]["gap"] == pytest.approx(0.5)
    assert pg[1]["gap"] is None and pg[2]["gap"] is None


def test_importance_performance_quadrants():
    # importance 4, 3, 2, 1 (mean 2.5); performance 2, 4, 4, 2 (mean 3)
    # a: important, weak -> concentrate_here; b: important, strong -> keep up;
    # c: unimportant, strong -> possible overkill; d: unimportant, weak -> low priority
    rows = stats.importance_performance(ITEMS4, [4, 3, 2, 1], [2, 4, 4, 2])
    assert [r["quadrant"] for r in rows] == [
        "concentrate_here",
        "keep_up_the_good_work",
        "possible_overkill",
        "low_priority",
    ]
    # an item without performance is left out of the means and gets no quadrant:
    # known a, b, c -> importance mean 3, performance mean (2 + 4 + 1)/3 = 7/3
    rows = stats.importance_performance(ITEMS4, [4, 3, 2, 1], [2, 4, 1, None])
    assert [r["quadrant"] for r in rows] == [
        "concentrate_here",
        "keep_up_the_good_work",
        "low_priority",
        None,
    ]


def test_tie_corrections_of_a_matrix_match_scipy_row_by_row():
    """The one-pass tie sum equals scipy's tiecorrect worked back to T for each row
    (tiecorrect = 1 - T / (n^3 - n)), on rankings with ties of every size, including
    the partial-ranking tie of the unranked items."""
    import numpy as np
    from scipy.stats import rankdata, tiecorrect

    from cx_pillars.stats import tie_corrections

    rng = np.random.default_rng(7)
    rows = []
    for _ in range(300):
        n = int(rng.integers(2, 12))
        values = rng.integers(1, max(2, n // 2) + 1, size=12)  # many ties
        values[n:] = 99  # items beyond n: one big tie group
        rows.append(rankdata(values))
    matrix = np.array(rows)
    n = matrix.shape[1]
    expected = sum((1 - tiecorrect(row)) * (n**3 - n) for row in matrix)
    assert tie_corrections(matrix) == pytest.approx(expected, abs=1e-6)
    assert tie_corrections(np.array([[1.0, 2.0, 3.0]])) == 0.0
    assert tie_corrections(np.array([[1.5, 1.5, 3.0], [2.0, 2.0, 2.0]])) == 6.0 + 24.0
