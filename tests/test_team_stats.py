"""Honest statistics on the team side (issue 13): Kendall's W with an exact permutation
p-value, which team positions colleagues can tell apart, and readings that never claim
more than their own test supports.

Oracles are independent of cx_pillars.stats: brute-force enumeration of every tuple of
orderings in plain Python, exact fractions, scipy where it is installed, and figures
worked out by hand in the comments.
"""

from __future__ import annotations

import itertools
import math
import random
import re
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


def run(fw, name, ranking, ratings=None, *, day=0, team_name="T"):
    created = datetime(2026, 11, 2, 9, 0, tzinfo=UTC) + timedelta(days=day)
    ratings = ratings or [3] * fw.n
    return Assessment(
        id=f"{created:%Y-%m-%dT%H%M%SZ}-{name.lower()}-{abs(hash(name)) % 9999:04d}",
        created=created,
        respondent=name,
        team=team_name,
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


# ------------------------------------------------ which team positions are real


def abc_team(split=(6, 4)):
    # 10 colleagues rank three pillars: all put p1 above p2 and p3; p2 above p3 for
    # split[0] of them, p3 above p2 for split[1].
    fw = framework(3)
    runs = [run(fw, f"A{k}", ["p1", "p2", "p3"], day=k) for k in range(split[0])]
    runs += [run(fw, f"B{k}", ["p1", "p3", "p2"], day=k) for k in range(split[1])]
    return fw, runs


def test_positions_hand_worked():
    # p1 vs p2: 10 above, 0 below: sign test p = 2 / 2^10 = 0.00195
    # p2 vs p3: 6 vs 4: p = 2 (C(10,0) + ... + C(10,4)) / 2^10 = 2 * 386 / 1024 = 0.754
    # Holm over the 2 pairs: 2 * 0.00195 = 0.0039; then max(0.0039, 1 * 0.754) = 0.754.
    # So p1 is 1st on its own, p2 and p3 share 2nd-3rd.
    fw, runs = abc_team()
    view = team.team_view(runs, fw)
    doc = view.to_json()
    h2h = doc["head_to_head"]
    assert [(h["a"], h["b"], h["a_above_b"], h["b_above_a"]) for h in h2h] == [
        ("p1", "p2", 10, 0),
        ("p2", "p3", 6, 4),
    ]
    assert h2h[0]["p_value"] == pytest.approx(2 / 1024, rel=1e-12)
    assert h2h[1]["p_value"] == pytest.approx(772 / 1024, rel=1e-12)
    assert h2h[0]["p_adjusted"] == pytest.approx(4 / 1024, rel=1e-12)
    assert h2h[1]["p_adjusted"] == pytest.approx(772 / 1024, rel=1e-12)
    ranges = {
        c["pillar"]: (c["position_low"], c["position_high"], c["tied_with"])
        for c in doc["consensus"]
    }
    assert ranges == {"p1": (1, 1, []), "p2": (2, 3, ["p3"]), "p3": (2, 3, ["p2"])}
    screen = render(view)
    assert "P2 and P3 (2–3)" in screen
    rows = [
        line.split()
        for line in screen.splitlines()
        if line.split()[1:2] in (["P1"], ["P2"], ["P3"])
    ]
    assert [r[0] for r in rows][:3] == ["1", "2–3", "2–3"]


def render(view, width=100):
    from rich.console import Console

    from cx_pillars.views.team import team_screen

    console = Console(width=width, record=True, color_system=None)
    console.print(team_screen(view))
    return console.export_text()


def test_colleagues_needed_to_tell_neighbours_apart_by_hand():
    # ten pillars, 9 pairs: unanimous m colleagues give p = 2 / 2^m, Holm's first step
    # multiplies by 9: m = 8 -> 9 * 2/256 = 0.070 (no), m = 9 -> 9 * 2/512 = 0.035 (yes)
    assert team.colleagues_to_separate(10) == 9
    # three pillars, 2 pairs: m = 6 -> 2 * 2/64 = 0.0625, m = 7 -> 0.03125
    assert team.colleagues_to_separate(3) == 7


def test_a_small_team_is_told_its_order_is_an_average():
    fw = framework(10)
    rng = random.Random(5)
    runs = [run(fw, f"C{k}", rng.sample(fw.ids, 10), day=k) for k in range(6)]
    view = team.team_view(runs, fw)
    assert all((c["position_low"], c["position_high"]) == (1, 10) for c in view.consensus)
    screen = " ".join(render(view).split())
    assert "no two neighbouring pillars are told apart" in screen
    assert "it would take 9 colleagues" in screen


@pytest.mark.parametrize("seed", range(6))
def test_head_to_head_matches_scipy_and_hand_counts(seed):
    binomtest = pytest.importorskip("scipy.stats").binomtest
    rng = random.Random(100 + seed)
    n = rng.randint(3, 10)
    m = rng.randint(2, 25)
    fw = framework(n)
    rankings = [rng.sample(fw.ids, n) for _ in range(m)]
    if seed % 2:  # a shared favourite order, so some pairs pass
        rankings = [sorted(fw.ids, key=lambda i: int(i[1:]) + rng.random() * 3) for _ in range(m)]
    view = team.team_view([run(fw, f"R{k}", r, day=k) for k, r in enumerate(rankings)], fw)
    order = [c["pillar"] for c in view.consensus]
    raw = []
    for (a, b), h in zip(itertools.pairwise(order), view.head_to_head, strict=True):
        above = sum(r.index(a) < r.index(b) for r in rankings)
        assert (h["a"], h["b"], h["a_above_b"], h["b_above_a"]) == (a, b, above, m - above)
        expected = binomtest(above, m, 0.5).pvalue
        assert h["p_value"] == pytest.approx(expected, rel=1e-9, abs=1e-15)
        raw.append(expected)
    # Holm by hand: sort, multiply by (k - i), running maximum, cap at 1
    ranked = sorted(range(len(raw)), key=lambda i: raw[i])
    holm, running = [0.0] * len(raw), 0.0
    for step, i in enumerate(ranked):
        running = max(running, min(1.0, (len(raw) - step) * raw[i]))
        holm[i] = running
    for h, expected in zip(view.head_to_head, holm, strict=True):
        assert h["p_adjusted"] == pytest.approx(expected, rel=1e-9, abs=1e-15)
    # the ranges: cut the order wherever a neighbouring pair passes
    start = 1
    cuts = [k + 1 for k, p in enumerate(holm) if p < 0.05] + [n]
    for end in cuts:
        for c in view.consensus[start - 1 : end]:
            assert (c["position_low"], c["position_high"]) == (start, end)
        start = end + 1


# ------------------------------------------- every reading against its own test

P_TEXT = re.compile(r"p (=|<) ([0-9]+\.[0-9]+)")


def printed_p(sentence: str) -> tuple[str, float]:
    found = P_TEXT.findall(sentence)
    assert len(found) >= 1, sentence
    sign, value = found[-1]
    return sign, float(value)


def check_verdict(sentence: str, p: float, passes: bool) -> None:
    """The p a sentence prints is on the same side of 5% as the p it was written from,
    and the sentence's verdict is the test's."""
    sign, shown = printed_p(sentence)
    assert (p < 0.05) == passes, (sentence, p)
    if sign == "<":
        assert passes and p < shown
    elif p != 0.05:
        assert shown != 0.05 and (shown < 0.05) == passes, (sentence, p)


def random_team(rng: random.Random):
    n = rng.randint(3, 10)
    m = rng.randint(2, 12)
    fw = framework(n)
    shared = rng.random() * 4  # 0: everyone random; larger: a shared order shows through
    runs = []
    for k in range(m):
        order = sorted(fw.ids, key=lambda i: int(i[1:]) * shared + rng.random() * n)
        ratings = [rng.randint(1, 5) for _ in range(n)]
        team_name = "T" if k % 3 else "U"
        runs.append(run(fw, f"R{k:02d}", order, ratings, day=k, team_name=team_name))
    return fw, runs


def brute_force_spearman_p(x, y) -> float:
    n = len(x)

    def rho(a, b):
        ma, mb = sum(a) / n, sum(b) / n
        num = sum((u - ma) * (v - mb) for u, v in zip(a, b, strict=True))
        den = math.sqrt(sum((u - ma) ** 2 for u in a) * sum((v - mb) ** 2 for v in b))
        return num / den

    observed = abs(rho(x, y))
    perms = list(itertools.permutations(y))
    return sum(abs(rho(x, p)) >= observed - 1e-12 for p in perms) / len(perms)


@pytest.mark.parametrize("seed", range(40))
def test_every_team_reading_cites_a_statistic_that_passes_its_own_test(seed):
    rng = random.Random(seed)
    fw, runs = random_team(rng)
    members = [r for r in runs if r.team == "T"]
    members = members if len(members) >= 2 else runs
    view = team.team_view(members, fw)
    a = view.agreement
    m, n = view.respondents, fw.n

    # Kendall's W: its p from an independent oracle where one is cheap
    matrix = view.rank_matrix
    if a["method"] == "exact permutation":
        if math.factorial(n) ** m <= 20_000:
            assert a["p_value"] == pytest.approx(float(brute_force_w_p(matrix.tolist())), abs=1e-12)
    else:
        chi2 = pytest.importorskip("scipy.stats").chi2
        assert a["p_value"] == pytest.approx(chi2.sf(a["chi2"], n - 1), rel=1e-9)
    reading = a["reading"]
    if "unlikely to be chance" in reading:
        check_verdict(reading, a["p_value"], True)
    else:
        assert "not distinguishable from chance" in reading or "not even identical" in reading
        check_verdict(reading, a["p_value"], False)
        if "not even identical" in reading:
            assert a["smallest_p_value"] >= 0.05
    expected_method = (
        "exact permutation test" if a["method"] == "exact permutation" else "chi-square"
    )
    assert expected_method in view.method["agreement"]

    # who agrees with whom: each verdict from the pair's own exact p
    screen = " ".join(render(view, width=200).split())
    thr = view.pairwise["threshold"]
    for key in ("most", "least"):
        pair = view.pairwise[key]
        if pair is None:
            continue
        i, j = view.labels.index(pair["a"]), view.labels.index(pair["b"])
        if n <= 7:
            oracle = brute_force_spearman_p(list(matrix[i]), list(matrix[j]))
            assert pair["p_value"] == pytest.approx(oracle, abs=1e-12)
        sentence = f"ρ = {team.num(pair['rho'], 2, sign=True)} ({team.format_p(pair['p_value'])}, "
        verdict = "beyond chance" if pair["significant"] else "could be chance"
        assert sentence + verdict in screen
        check_verdict(sentence, pair["p_value"], pair["significant"])
        # the threshold the screen quotes agrees with the pair's test
        if thr["rho"] is not None:
            assert (abs(pair["rho"]) >= thr["rho"] - 1e-12) == pair["significant"]
        else:
            assert not pair["significant"]
    if thr["rho"] is None:
        assert f"with {n} pillars no ρ between two rankings can reach significance" in screen
        assert "must reach" not in screen and "≥ –" not in screen

    # positions: a group on screen only where no neighbouring pair inside it passes
    for c, h in zip(view.consensus, view.head_to_head, strict=False):
        passes = h["p_adjusted"] < 0.05
        assert (c["position_high"] == c["position"]) == passes or c["position_high"] > c["position"]
        if not passes:
            assert c["position_high"] >= c["position"] + 1
    if all(h["p_adjusted"] >= 0.05 for h in view.head_to_head):
        assert "no two neighbouring pillars are told apart" in screen
    elif all(h["p_adjusted"] < 0.05 for h in view.head_to_head):
        assert "Every two neighbouring pillars are told apart" in screen
    else:
        assert "Colleagues cannot tell apart:" in screen

    # prompts that cite a test
    for prompt in view.prompts:
        if prompt["kind"] == "low_agreement":
            assert a["significant"] is False
            check_verdict(prompt["text"], a["p_value"], False)

    # several teams side by side: each verdict from its own p
    if len({r.team for r in runs}) > 1:
        cmp = team.by_team(runs, fw)
        from rich.console import Console

        from cx_pillars.views.team import comparison_screen

        console = Console(width=200, record=True, color_system=None)
        console.print(comparison_screen(cmp))
        text = " ".join(console.export_text().split())
        for b in cmp.between:
            if b["spearman_rho"] is None:
                continue
            words = (
                "similar orders"
                if b["significant"] and b["spearman_rho"] > 0
                else "opposite orders"
                if b["significant"]
                else "not distinguishable from unrelated orders"
            )
            assert (b["p_value"] < 0.05) == b["significant"]
            shown = f"({team.format_p(b['p_value'])}): {words}"
            assert shown in text
            check_verdict(shown, b["p_value"], bool(b["significant"]))


def test_two_colleagues_w_and_their_rho_are_told_apart_when_they_differ():
    # Two colleagues, 10 pillars, rho = 0.6: W = 0.8; one-sided exact p of rho (= W's)
    # is below 0.05 but the two-sided p is not: the reading says why both can be true.
    fw = framework(10)
    items = fw.ids
    rng = random.Random(0)
    for _ in range(2000):
        b = rng.sample(items, 10)
        rho = stats.spearman(list(range(10)), [b.index(i) for i in items])
        if rho.coefficient > 0 and 0.05 <= rho.p_value < 0.1:
            break
    view = team.team_view([run(fw, "Ann", items), run(fw, "Bob", b)], fw)
    assert view.agreement["p_value"] == pytest.approx(rho.p_value / 2)
    assert view.agreement["significant"] is True
    assert view.pairwise["most"]["significant"] is False
    assert "one-sided" in view.agreement["reading"]
