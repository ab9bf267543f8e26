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

from tests.conftest import RATINGS

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
