"""Honest statistics on the team side (issue 13): Kendall's W with an exact permutation
p-value, which team positions colleagues can tell apart, and readings that never claim
more than their own test supports.

Oracles are independent of cx_pillars.stats: brute-force enumeration of every tuple of
orderings in plain Python, exact fractions, scipy where it is installed, and figures
worked out by hand in the comments.
"""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import numpy as np
import pytest

from cx_pillars import stats, team
from cx_pillars.assessment import Assessment
from cx_pillars.pillars import framework_from_dict


def framework(n: int):
    ids = [f"p{k}" for k in range(1, n + 1)]
    return framework_from_dict(
        {
            "id": f"n{n}",
            "name": f"{n} items",
            "pillars": [{"id": i, "label": i.upper()} for i in ids],
        },
        source="test",
    )


def run(fw, name, ranking, ratings=None, *, day=0):
    created = datetime(2026, 11, 2, 9, 0, tzinfo=UTC) + timedelta(days=day)
    ratings = ratings or [3] * fw.n
    return Assessment(
        id=f"{created:%Y-%m-%dT%H%M%SZ}-{name.lower()}-{abs(hash(name)) % 9999:04d}",
        created=created,
        respondent=name,
        team="T",
        role="",
        ratings=dict(zip(fw.ids, ratings, strict=True)),
        ranking=list(ranking),
        framework=fw.id,
    )


# --------------------------------------------------------------------- the oracle


def brute_force_w_p(rows: list[list[float]]) -> Fraction:
    """P(S >= S_observed) over every tuple of orderings of the raters' rank vectors,
    each ordering equally likely: plain Python, no cx_pillars. Ranks are doubled to
    integers (averaged ties are halves); S = sum (C_j - mean)^2 of the column sums C
    orders the tuples like sum C_j^2, since sum C_j is the same for all of them."""
    doubled = [[round(2 * x) for x in row] for row in rows]
    assert all(2 * x == d for row, drow in zip(rows, doubled) for x, d in zip(row, drow))

    def sum_sq(vectors):
        return sum(sum(col) ** 2 for col in zip(*vectors, strict=True))

    observed = sum_sq(doubled)
    orderings = [list(itertools.permutations(row)) for row in doubled]
    hits = total = 0
    for combo in itertools.product(*orderings):
        total += 1
        hits += sum_sq(combo) >= observed
    return Fraction(hits, total)


def random_rows(rng: random.Random, m: int, n: int, partial: bool) -> list[list[float]]:
    items = [f"i{k}" for k in range(n)]
    rankings = []
    for _ in range(m):
        order = rng.sample(items, n)
        rankings.append(order[: rng.randint(1, n)] if partial else order)
    return stats.rank_matrix(rankings, items).tolist()


# ------------------------------------------------------------- Kendall's W: exact p


@pytest.mark.parametrize(
    ("m", "n", "partial", "seed"),
    [(2, 5, False, 1), (3, 4, False, 2), (4, 3, False, 3), (3, 4, True, 4), (2, 6, False, 5)]
    + [(3, 3, True, s) for s in range(6, 10)]
    + [(4, 4, False, 11), (5, 3, False, 12), (2, 4, True, 13)],
)
def test_exact_w_p_matches_brute_force(m, n, partial, seed):
    rows = random_rows(random.Random(seed), m, n, partial)
    a = stats.kendall_w_test(np.array(rows))
    assert a.method == stats.W_EXACT
    assert a.p_value == pytest.approx(float(brute_force_w_p(rows)), abs=1e-12)
    # W and chi2 are the plain (tie-corrected) ones
    plain = stats.kendall_w(np.array(rows))
    assert (a.kendall_w, a.chi2, a.df) == (plain.kendall_w, plain.chi2, plain.df)


def test_two_identical_rankings_of_five_items_hand_worked():
    # Two colleagues, the same order of 5 pillars: W = 1. chi2 = m (n - 1) W = 8 on
    # 4 df gives p = 0.0916 ("not distinguishable from chance" before); exactly, only
    # the one ordering of the second colleague out of 5! = 120 that equals the first
    # reaches W = 1: p = 1/120.
    fw = framework(5)
    order = fw.ids
    view = team.team_view([run(fw, "Ann", order), run(fw, "Bob", order)], fw)
    a = view.agreement
    assert a["kendall_w"] == 1.0
    assert a["chi2"] == pytest.approx(8.0)
    assert stats.chi2_sf(8.0, 4) == pytest.approx(0.0916, abs=1e-4)
    assert a["method"] == "exact permutation"
    assert a["p_value"] == pytest.approx(1 / 120, rel=1e-12)
    assert a["significant"] is True
    assert "not distinguishable" not in a["reading"]
    assert "unlikely to be chance" in a["reading"]
    # the same screen's Spearman pair: rho = 1, two-sided exact p = 2/120, beyond chance
    most = view.pairwise["most"]
    assert most["rho"] == pytest.approx(1.0)
    assert most["p_value"] == pytest.approx(2 / 120)
    assert most["significant"] is True
    # the method sentence names the test that was used
    assert "exact permutation test" in view.method["agreement"]
    assert "chi-square test (n − 1 df)" not in view.method["agreement"]


def test_two_raters_are_exact_up_to_ten_items_and_match_spearman():
    # m = 2: W = (rho + 1)/2, so the exact W test is the one-sided exact Spearman
    # test, P(rho >= observed) = half the two-sided p for rho > 0 (symmetric null).
    rng = random.Random(21)
    items = [f"i{k}" for k in range(10)]
    for _ in range(5):
        a_, b_ = rng.sample(items, 10), rng.sample(items, 10)
        matrix = stats.rank_matrix([a_, b_], items)
        w = stats.kendall_w_test(matrix)
        rho = stats.spearman(matrix[0], matrix[1])
        assert w.method == stats.W_EXACT
        assert w.kendall_w == pytest.approx((rho.coefficient + 1) / 2)
        if rho.coefficient > 0:
            assert w.p_value == pytest.approx(rho.p_value / 2, rel=1e-9)


def test_large_teams_use_chi_square_like_scipy():
    chi2 = pytest.importorskip("scipy.stats").chi2
    rows = random_rows(random.Random(7), 8, 10, partial=False)
    a = stats.kendall_w_test(np.array(rows))
    assert a.method == "chi-square"
    assert a.df == 9
    assert a.p_value == pytest.approx(chi2.sf(a.chi2, 9), rel=1e-10)
    # W by hand: 12 S / (m^2 (n^3 - n))
    sums = np.array(rows).sum(axis=0)
    s = float(((sums - 8 * 11 / 2) ** 2).sum())
    assert a.kendall_w == pytest.approx(12 * s / (64 * 990))


# The budget's coverage, as W_EXACT_WORK's comment states it: (n, largest m exact).
COVERAGE = [(3, 125), (4, 26), (5, 9), (6, 4), (7, 2)]


@pytest.mark.parametrize(("n", "m"), COVERAGE)
def test_exact_up_to_the_documented_size_then_chi_square(n, m):
    row = list(range(1, n + 1))
    assert stats.kendall_w_test(np.array([row] * m, dtype=float)).method == stats.W_EXACT
    assert stats.kendall_w_test(np.array([row] * (m + 1), dtype=float)).method == "chi-square"


def test_exact_p_does_not_depend_on_row_or_item_order():
    rows = np.array(random_rows(random.Random(31), 4, 5, partial=True))
    p = stats.kendall_w_test(rows).p_value
    rng = np.random.default_rng(3)
    for _ in range(4):
        shuffled = rows[rng.permutation(4)][:, rng.permutation(5)]
        assert stats.kendall_w_test(shuffled).p_value == pytest.approx(p, abs=1e-15)


def test_two_colleagues_and_three_pillars_cannot_reach_significance():
    # identical rankings of 3 items by 2 people: exact p = 1/3! = 1/6 > 0.05, so no
    # agreement at all could pass: say so, not "more colleagues" alone
    fw = framework(3)
    view = team.team_view([run(fw, "Ann", fw.ids), run(fw, "Bob", fw.ids)], fw)
    a = view.agreement
    assert a["p_value"] == pytest.approx(1 / 6)
    assert a["smallest_p_value"] == pytest.approx(1 / 6)
    assert a["significant"] is False
    assert "not even identical rankings" in a["reading"]


def test_agreement_json_names_its_method_and_keeps_the_contract_keys():
    fw = framework(4)
    view = team.team_view([run(fw, "Ann", fw.ids), run(fw, "Bob", fw.ids[::-1])], fw)
    a = view.to_json()["agreement"]
    assert {"kendall_w", "chi2", "df", "p_value", "method"} <= set(a)
    assert a["method"] in ("exact permutation", "chi-square")


# ------------------------------------------------------------------- printing p


@pytest.mark.parametrize(
    ("p", "shown"),
    [
        (0.048, "p = 0.048"),  # not "0.05" beside a 5% verdict
        (0.0496, "p = 0.0496"),
        (0.0504, "p = 0.0504"),
        (0.05, "p = 0.05"),
        (0.051, "p = 0.051"),
        (0.0449, "p = 0.04"),
        (0.0551, "p = 0.06"),
        (0.3, "p = 0.30"),
        (0.0083, "p = 0.008"),
        (0.0004, "p < 0.001"),
    ],
)
def test_p_is_never_rounded_onto_or_across_the_threshold(p, shown):
    assert team.format_p(p) == shown
    digits = team.p_digits(p) if p >= 0.001 else 3
    printed = round(p, digits)
    if p != 0.05:
        assert printed != 0.05 and (printed < 0.05) == (p < 0.05)
