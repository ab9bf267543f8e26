"""Ranking statistics for cx-pillars: pure functions on numbers, no I/O.

Items (pillars) are string ids; every function that needs them takes the ordered
item list (catalog order) explicitly, so nothing assumes n = 10. Ranks run from
1 (most important) to n.

Conventions
-----------
* A *ranking* is a list of ids, most important first. It may hold only the top k
  items; the partial-ranking rule then gives every unranked item the mean of the
  remaining positions, (k + 1 + n) / 2. A ranking of n - 1 items is complete: the
  item left out can only be last.
* A *rank matrix* is an m x n numpy array: one row per respondent, one column per
  item in catalog order.
* A statistic that is not defined for the data (one respondent, a constant vector,
  no responses) is ``None``, never NaN, so results serialise to JSON as ``null``.
  The one exception is the m x m :func:`pairwise_spearman` matrix, which uses NaN.

Significance
------------
Kendall's W is tested with chi-square (n - 1 df) by :func:`kendall_w`, and exactly
(every ordering of every rater's ranks) where that is affordable by
:func:`kendall_w_test` (see ``W_EXACT_WORK``). Spearman's rho and Kendall's tau-b

get two-sided p-values that are exact for n <= ``EXACT_MAX_N`` (computed from the
permutation distribution over all n! orderings, ties included) and asymptotic above.
The chi-square, Student t and normal tails are computed here (no scipy).

The exact null distributions are built lazily and cached (``functools.lru_cache``):
importing this module does no heavy work.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from fractions import Fraction
from functools import lru_cache
from itertools import combinations, permutations
from typing import Any, TypeAlias

import numpy as np

__all__ = [
    "EXACT_MAX_N",
    "W_CHI_SQUARE",
    "W_EXACT",
    "W_EXACT_WORK",
    "Agreement",
    "Correlation",
    "Interval",
    "PositionCounts",
    "SignificanceThreshold",
    "average_ranks",
    "beta_inc",
    "ces",
    "chi2_sf",
    "complete_ranks",
    "consensus_order",
    "correlation_summary",
    "disputed",
    "gamma_q",
    "gaps",
    "histogram_mean",
    "importance_performance",
    "kendall_tau_b",
    "kendall_w",
    "kendall_w_from_sums",
    "kendall_w_test",
    "margin_of_error",
    "mean_rank_interval",
    "mean_ranks",
    "normal_sf",
    "nps",
    "pairwise_spearman",
    "perception_gap",
    "position_counts",
    "position_shares",
    "preference_matrix",
    "priorities",
    "rank_matrix",
    "rank_range",
    "responses_needed",
    "score_summary",
    "significance_threshold",
    "spearman",
    "student_t_sf",
    "tie_correction",
    "tie_corrections",
    "total_summary",
    "weighted_score",
    # the customer side: which differences are real
    "ALPHA",
    "Anova",
    "anova_from_sums",
    "bradley_terry",
    "centred_sum_of_squares",
    "f_sf",
    "head_to_head",
    "holm",
    "position_ranges",
    "responses_to_separate",
    "sign_test",
    "tie_groups",
]

#: Largest number of items for which rank-correlation p-values are exact. Above it
#: both Spearman and Kendall switch to their asymptotic approximations, so the two
#: always share one ``method``. n = 10 takes well under a second, then is cached;
#: the Spearman table needs 2^n rows, so do not raise it much past 12.
EXACT_MAX_N = 10

#: z for a two-sided 95% interval.
Z95 = 1.96

_EPS = 1e-15  # convergence of the series / continued fractions
_TINY = 1e-300  # Lentz's guard against division by zero
_MAX_ITER = 10_000

#: One JSON object of results (a record per item, a summary): plain str keys, values
#: float/int/str/None or lists of them, ready for ``json.dumps``.
Record: TypeAlias = dict[str, Any]


# --------------------------------------------------------------------------- ranks


def _check_items(items: Sequence[str]) -> list[str]:
    items = list(items)
    if len(set(items)) != len(items):
        raise ValueError("items contain duplicate ids")
    if not items:
        raise ValueError("no items")
    return items


def complete_ranks(ranking: Sequence[str], items: Sequence[str]) -> list[float]:
    """One respondent's rank of every item, in catalog order.

    ``ranking`` lists ids most important first, possibly only the top k of the n
    items. Ranked items get 1..k; every unranked item gets the mean of the positions
    left, (k + 1 + n) / 2, so each respondent's ranks still sum to n(n + 1)/2.

    Example: k = 3 of n = 10 gives the seven unranked items (3 + 1 + 10)/2 = 7.0.

    Raises ValueError on a duplicate or unknown id.
    """
    items = _check_items(items)
    index = {item: i for i, item in enumerate(items)}
    n, k = len(items), len(ranking)
    fill = (k + 1 + n) / 2
    ranks = [fill] * n
    seen: set[str] = set()
    for position, item in enumerate(ranking, start=1):
        if item not in index:
            raise ValueError(f"unknown item {item!r} in ranking")
        if item in seen:
            raise ValueError(f"item {item!r} ranked twice")
        seen.add(item)
        ranks[index[item]] = float(position)
    return ranks


def rank_matrix(rankings: Sequence[Sequence[str]], items: Sequence[str]) -> np.ndarray:
    """The m x n matrix of :func:`complete_ranks`, one row per respondent."""
    n = len(_check_items(items))
    rows = [complete_ranks(r, items) for r in rankings]
    return np.array(rows, dtype=float).reshape(len(rows), n)


def average_ranks(values: Sequence[float] | np.ndarray) -> np.ndarray:
    """Ranks 1..n of ``values`` (smallest first), tied values sharing their mean rank.

    Example: [10, 20, 20, 5] -> [2, 3.5, 3.5, 1].
    """
    x = np.asarray(values, dtype=float)
    order = np.argsort(x, kind="mergesort")
    ranks = np.empty(len(x), dtype=float)
    sorted_x = x[order]
    start = 0
    for end in range(1, len(x) + 1):
        if end == len(x) or sorted_x[end] != sorted_x[start]:
            ranks[order[start:end]] = (start + 1 + end) / 2  # mean of start+1..end
            start = end
    return ranks


def _tie_sizes(values: Sequence[float] | np.ndarray) -> np.ndarray:
    _, counts = np.unique(np.round(np.asarray(values, dtype=float), 9), return_counts=True)
    return counts


def tie_correction(rank_row: Sequence[float] | np.ndarray) -> float:
    """T = sum of (t^3 - t) over the tie groups of one respondent's ranks.

    With the partial-ranking rule the unranked items form one tie group of size
    n - k, so T = (n - k)^3 - (n - k). A complete ranking has T = 0.
    """
    t = _tie_sizes(rank_row).astype(float)
    return float(np.sum(t**3 - t))


def tie_corrections(matrix: np.ndarray) -> float:
    """The sum of :func:`tie_correction` over the rows of ``matrix``, in one pass:
    each row sorted, its tie groups numbered by where the value changes, and the groups'
    sizes counted together (10,000 rows: one call instead of 10,000)."""
    matrix = np.asarray(matrix, dtype=float)
    if matrix.ndim != 2 or matrix.size == 0:
        return 0.0
    ordered = np.sort(np.round(matrix, 9), axis=1)
    m, n = ordered.shape
    starts = np.ones((m, n), dtype=bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    group = np.arange(m)[:, None] * (n + 1) + np.cumsum(starts, axis=1)
    t = np.bincount(group.ravel(), minlength=m * (n + 1)).astype(float)
    return float(np.sum(t**3 - t))


def mean_ranks(matrix: np.ndarray) -> np.ndarray:
    """Mean rank of each item (column means). Raises ValueError for no respondents."""
    matrix = np.asarray(matrix, dtype=float)
    if matrix.ndim != 2 or matrix.shape[0] == 0:
        raise ValueError("no respondents")
    means: np.ndarray = matrix.mean(axis=0)
    return means


def rank_range(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(lowest, highest) rank each item received across respondents."""
    matrix = np.asarray(matrix, dtype=float)
    if matrix.ndim != 2 or matrix.shape[0] == 0:
        raise ValueError("no respondents")
    return matrix.min(axis=0), matrix.max(axis=0)


@dataclass(frozen=True)
class PositionCounts:
    """How many respondents put each item at each position.

    ``counts[i][p]`` = respondents who put item i at position p + 1 (catalog order
    rows, positions 1..n columns); ``unranked[i]`` = respondents who left item i
    out of a partial ranking. A ranking of n - 1 items counts as complete.
    """

    counts: np.ndarray
    unranked: np.ndarray

    @property
    def first_places(self) -> np.ndarray:
        """Respondents who ranked each item first."""
        return self.counts[:, 0]

    def top(self, k: int) -> np.ndarray:
        """Respondents who ranked each item among their top k."""
        top: np.ndarray = self.counts[:, :k].sum(axis=1)
        return top


def position_counts(rankings: Sequence[Sequence[str]], items: Sequence[str]) -> PositionCounts:
    """Position distribution of every item (see :class:`PositionCounts`)."""
    items = _check_items(items)
    index = {item: i for i, item in enumerate(items)}
    n = len(items)
    counts = np.zeros((n, n), dtype=np.int64)
    unranked = np.zeros(n, dtype=np.int64)
    for ranking in rankings:
        complete_ranks(ranking, items)  # validates
        ranking = list(ranking)
        if len(ranking) == n - 1:
            ranking += [next(i for i in items if i not in set(ranking))]
        for position, item in enumerate(ranking):
            counts[index[item], position] += 1
        for item in set(items) - set(ranking):
            unranked[index[item]] += 1
    return PositionCounts(counts, unranked)


def position_shares(counts: PositionCounts, respondents: int, top: int = 3) -> list[Record]:
    """Per item (catalog order): share of respondents ranking it first, and in their top ``top``.

    Shares are fractions 0..1 of ``respondents``; ``None`` when there are none.
    """
    first, topk = counts.first_places, counts.top(top)
    return [
        {
            "first_place_share": float(first[i] / respondents) if respondents else None,
            f"top{top}_share": float(topk[i] / respondents) if respondents else None,
        }
        for i in range(len(first))
    ]


def preference_matrix(rankings: Sequence[Sequence[str]], items: Sequence[str]) -> np.ndarray:
    """n x n counts: ``P[a][b]`` = respondents who ranked item a strictly above item b.

    Two unranked items are tied, so neither is preferred. P[a][b] + P[b][a] <= m.
    """
    matrix = rank_matrix(rankings, items)
    above: np.ndarray = (matrix[:, :, None] < matrix[:, None, :]).sum(axis=0)
    return above.astype(np.int64)


# ------------------------------------------------------------------------ consensus


def consensus_order(
    items: Sequence[str],
    mean_ranks: Sequence[float] | np.ndarray,
    first_places: Sequence[int] | np.ndarray,
    rank_min: Sequence[float] | np.ndarray | None = None,
    rank_max: Sequence[float] | np.ndarray | None = None,
) -> list[Record]:
    """The consensus ranking: one record per item, most important first.

    Sorted by ascending mean rank; ties broken by more first places, then by catalog
    order. ``position`` is the place in that order, 1..n. Records hold ``pillar``,
    ``position``, ``mean_rank``, ``first_places`` and, when given, ``rank_min`` and
    ``rank_max``.
    """
    items = _check_items(items)
    if not (len(mean_ranks) == len(first_places) == len(items)):
        raise ValueError("mean_ranks and first_places must have one value per item")
    order = sorted(
        range(len(items)),
        key=lambda i: (round(float(mean_ranks[i]), 9), -int(first_places[i]), i),
    )
    records = []
    for position, i in enumerate(order, start=1):
        record = {
            "pillar": items[i],
            "position": position,
            "mean_rank": float(mean_ranks[i]),
            "first_places": int(first_places[i]),
        }
        if rank_min is not None:
            record["rank_min"] = float(rank_min[i])
        if rank_max is not None:
            record["rank_max"] = float(rank_max[i])
        records.append(record)
    return records


def disputed(items: Sequence[str], matrix: np.ndarray, limit: int | None = None) -> list[Record]:
    """Items whose ranks vary most across respondents, most disputed first.

    spread = rank_max - rank_min; ``sd`` is the population standard deviation of the
    item's ranks. Sorted by spread, then sd (both descending), then catalog order.
    """
    items = _check_items(items)
    lo, hi = rank_range(matrix)
    sd = np.asarray(matrix, dtype=float).std(axis=0)
    order = sorted(range(len(items)), key=lambda i: (-(hi[i] - lo[i]), -round(sd[i], 9), i))
    records = [
        {
            "pillar": items[i],
            "rank_min": float(lo[i]),
            "rank_max": float(hi[i]),
            "spread": float(hi[i] - lo[i]),
            "sd": float(sd[i]),
        }
        for i in order
    ]
    return records if limit is None else records[:limit]


# ------------------------------------------------------------------ distribution tails


def _log_gamma_prefactor(a: float, x: float) -> float:
    return a * math.log(x) - x - math.lgamma(a)


def _gamma_p_series(a: float, x: float) -> float:
    """Regularised lower incomplete gamma P(a, x) by its series (x < a + 1)."""
    term = total = 1.0 / a
    ap = a
    for _ in range(_MAX_ITER):
        ap += 1.0
        term *= x / ap
        total += term
        if abs(term) < abs(total) * _EPS:
            break
    return total * math.exp(_log_gamma_prefactor(a, x))


def _gamma_q_continued_fraction(a: float, x: float) -> float:
    """Regularised upper incomplete gamma Q(a, x) by Lentz's continued fraction (x >= a + 1)."""
    b = x + 1.0 - a
    c = 1.0 / _TINY
    d = 1.0 / b
    h = d
    for i in range(1, _MAX_ITER):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = _TINY if abs(d) < _TINY else d
        c = b + an / c
        c = _TINY if abs(c) < _TINY else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            break
    return math.exp(_log_gamma_prefactor(a, x)) * h


def gamma_q(a: float, x: float) -> float:
    """Regularised upper incomplete gamma Q(a, x) = Gamma(a, x) / Gamma(a).

    Series for x < a + 1 (Q = 1 - P), continued fraction otherwise, as in Numerical
    Recipes (gammq). Relative accuracy about 1e-12 or better over the range used here.
    """
    if a <= 0:
        raise ValueError("a must be positive")
    if x <= 0:
        return 1.0
    if x < a + 1.0:
        return max(0.0, 1.0 - _gamma_p_series(a, x))
    return _gamma_q_continued_fraction(a, x)


def chi2_sf(x: float, df: float) -> float:
    """Upper tail P(X >= x) of chi-square with ``df`` degrees of freedom: Q(df/2, x/2)."""
    if df <= 0:
        raise ValueError("df must be positive")
    return gamma_q(df / 2.0, x / 2.0)


def normal_sf(z: float) -> float:
    """Upper tail of the standard normal, P(Z >= z) = erfc(z / sqrt 2) / 2."""
    return 0.5 * math.erfc(z / math.sqrt(2.0))


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = _TINY if abs(d) < _TINY else d
    d = 1.0 / d
    h = d
    for m in range(1, _MAX_ITER):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = _TINY if abs(d) < _TINY else d
        c = 1.0 + aa / c
        c = _TINY if abs(c) < _TINY else c
        d = 1.0 / d
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = _TINY if abs(d) < _TINY else d
        c = 1.0 + aa / c
        c = _TINY if abs(c) < _TINY else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            break
    return h


def beta_inc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta I_x(a, b) (Numerical Recipes betai)."""
    if not 0.0 <= x <= 1.0:
        raise ValueError("x must be in [0, 1]")
    if x in (0.0, 1.0):
        return x
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_continued_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_continued_fraction(b, a, 1.0 - x) / b


def student_t_sf(t: float, df: float) -> float:
    """Upper tail P(T >= t) of Student's t with ``df`` degrees of freedom.

    Uses P(|T| >= |t|) = I_{df/(df + t^2)}(df/2, 1/2).
    """
    if math.isinf(t):
        return 0.0 if t > 0 else 1.0
    two_sided = beta_inc(df / 2.0, 0.5, df / (df + t * t))
    return 0.5 * two_sided if t >= 0 else 1.0 - 0.5 * two_sided


# ---------------------------------------------------------------------- Kendall's W


@dataclass(frozen=True)
class Agreement:
    """Kendall's W among m raters of n items, with its test.

    ``method`` says where ``p_value`` comes from: :data:`W_CHI_SQUARE` (chi-square on
    n - 1 df) or :data:`W_EXACT` (the permutation distribution, see
    :func:`kendall_w_test`). Every field but ``raters``/``items`` is ``None`` when W is
    undefined: fewer than two raters, or every rater tied every item (zero denominator).
    """

    kendall_w: float | None
    chi2: float | None
    df: int | None
    p_value: float | None
    raters: int
    items: int
    method: str | None = "chi-square"

    def as_dict(self) -> Record:
        """The JSON ``agreement`` object: kendall_w, chi2, df, p_value, method (plus raters,
        items)."""
        return asdict(self)


def kendall_w_from_sums(rank_sums: Sequence[float], raters: int, tie_sum: float = 0.0) -> Agreement:
    """Kendall's W from sufficient statistics (as stored in a survey summary).

    W = 12 S / (m^2 (n^3 - n) - m sum T), S = sum (R_i - R_mean)^2, where R_i are the
    item rank sums over m = ``raters`` respondents and ``tie_sum`` is sum T over the
    raters (see :func:`tie_correction`; 0 for untied rankings or to skip the
    correction). chi^2 = m (n - 1) W with df = n - 1; the p-value is its upper tail.
    R_mean = m (n + 1) / 2 because every rater's ranks sum to n (n + 1) / 2.
    """
    sums = np.asarray(rank_sums, dtype=float)
    n, m = len(sums), int(raters)
    undefined = Agreement(None, None, None, None, m, n, None)
    if m < 2 or n < 2:
        return undefined
    denominator = m * m * (n**3 - n) - m * float(tie_sum)
    if denominator <= 1e-9 * m * m * (n**3 - n):
        return undefined
    s = float(np.sum((sums - m * (n + 1) / 2.0) ** 2))
    w = min(1.0, max(0.0, 12.0 * s / denominator))
    chi2 = m * (n - 1) * w
    return Agreement(w, chi2, n - 1, chi2_sf(chi2, n - 1), m, n)


def kendall_w(matrix: np.ndarray, correct_ties: bool = True) -> Agreement:
    """Kendall's W of a rank matrix (m raters x n items), tie-corrected.

    Computes the column sums and sum T of :func:`tie_correction` over the rows and
    applies :func:`kendall_w_from_sums`. ``correct_ties=False`` drops the correction
    (sum T = 0), as ``irr::kendall(correct = FALSE)`` does; only for comparisons.
    """
    matrix = np.asarray(matrix, dtype=float)
    if matrix.ndim != 2:
        raise ValueError("a rank matrix is two-dimensional")
    tie_sum = tie_corrections(matrix) if correct_ties else 0.0
    return kendall_w_from_sums(matrix.sum(axis=0), matrix.shape[0], tie_sum)


# ------------------------------------- Kendall's W: exact permutation test (team side)

#: ``Agreement.method`` of a p-value from the chi-square approximation.
W_CHI_SQUARE = "chi-square"

#: ``Agreement.method`` of a p-value from the exact permutation distribution.
W_EXACT = "exact permutation"

#: Budget of the exact test of Kendall's W, in work units: for every rater after the
#: first, (distinct column-sum vectors so far) x (that rater's distinct orderings),
#: summed. Measured at about 0.1 microseconds a unit (numpy, one core), so an exact
#: p-value (or finding it is out of reach) costs at most about 0.2 s and 40 MB. For
#: untied rankings of n items by m raters the budget covers n = 3 up to m = 125,
#: n = 4 up to m = 26, n = 5 up to m = 9, n = 6 up to m = 4; two raters of up to
#: :data:`EXACT_MAX_N` items are always exact (their null is Spearman's, cheap). The
#: ten pillars with three or more colleagues are tested by chi-square: a single
#: further rater there already has 10! orderings.
W_EXACT_WORK = 2_000_000

#: Rows of sum vectors expanded at once by the exact test (bounds its memory).
_W_CHUNK_ROWS = 1 << 18


def _distinct_orderings(row: Sequence[int]) -> int:
    """n! / prod(t!) over the tie groups of ``row``: its distinct orderings."""
    count = math.factorial(len(row))
    for size in Counter(row).values():
        count //= math.factorial(size)
    return count


def _unique_rows(rows: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of an int matrix with the summed weight of each."""
    rows = np.ascontiguousarray(rows)
    keys = rows.view(np.dtype((np.void, rows.dtype.itemsize * rows.shape[1]))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return rows[first], np.bincount(inverse.ravel(), weights=weights)


@lru_cache(maxsize=64)
def _kendall_w_null(
    rows: tuple[tuple[int, ...], ...], max_work: int
) -> tuple[np.ndarray, np.ndarray] | None:
    """Exact distribution of sum_j C_j^2 when each rater's values are put in a uniformly
    random order, independently of the others; C_j = the column sums of ``rows``.

    ``rows`` holds each rater's (doubled, so integer) ranks, sorted, raters sorted: the
    distribution depends only on these multisets, so the result does not depend on
    the order of raters or items. Since every rater's ordering is uniform, the
    distribution of what follows depends only on the multiset of the column sums so
    far: the state is the sorted sum vector with its probability. The first rater
    fixes the state; each further rater spreads every state over its distinct
    orderings; the last step needs only sum_j (s_j + p_j)^2 = sum s^2 + sum p^2 + 2 s.p.
    Two raters: sum C^2 = sum a^2 + sum b^2 + 2 sum a_i b_p(i), whose null is
    Spearman's (:func:`_spearman_null`). Returns (values, probabilities), or None when
    the work would exceed ``max_work`` (see :data:`W_EXACT_WORK`).
    """
    n = len(rows[0])
    if len(rows) == 2:
        if n > EXACT_MAX_N:
            return None
        a, b = rows
        values, counts = _spearman_null(a, b)
        constant = sum(x * x for x in a) + sum(x * x for x in b)
        return constant + 2 * values, counts / counts.sum()
    # the raters with fewest orderings first: fewer states early, less work
    order = sorted(rows[1:], key=lambda r: (_distinct_orderings(r), r))
    # A cheap lower bound first: after the second rater there are at least as many
    # states as values of rows[0] . (its ordering), so refusing costs no enumeration.
    if len(order) >= 2 and n <= EXACT_MAX_N:
        dots = len(_spearman_null(rows[0], order[0])[0])
        bound = _distinct_orderings(order[0]) + dots * _distinct_orderings(order[1])
        if bound > max_work:
            return None
    states = np.array([rows[0]], dtype=np.int64)
    probs = np.ones(1)
    work = 0
    for step, row in enumerate(order, start=1):
        work += len(states) * _distinct_orderings(row)
        if work > max_work:
            return None
        perms = np.array(sorted(set(permutations(row))), dtype=np.int64)
        last = step == len(order)
        chunk = max(1, _W_CHUNK_ROWS // len(perms))
        parts: list[tuple[np.ndarray, np.ndarray]] = []
        for start in range(0, len(states), chunk):
            s, w = states[start : start + chunk], probs[start : start + chunk]
            spread = np.repeat(w / len(perms), len(perms))
            if last:
                squares = (s * s).sum(axis=1)[:, None] + int(perms[0] @ perms[0])
                totals = (squares + 2 * (s @ perms.T)).reshape(-1, 1)
                parts.append(_unique_rows(totals, spread))
            else:
                new = (s[:, None, :] + perms[None, :, :]).reshape(-1, n)
                new.sort(axis=1)
                parts.append(_unique_rows(new, spread))
        states, probs = _unique_rows(
            np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
        )
    values = states[:, 0]
    return values, probs


def kendall_w_test(
    matrix: np.ndarray, correct_ties: bool = True, max_work: int = W_EXACT_WORK
) -> Agreement:
    """Kendall's W of a rank matrix with the p-value of the exact permutation test where
    it is affordable, chi-square otherwise; ``method`` says which.

    Exact test: under no agreement every rater's ranks (with the ties that rater
    gave) are in a uniformly random order, independently of the other raters; p is
    the probability of a W at least the observed one. The denominator of W is the
    same for every such ordering, so this is P(S >= S_observed). It is computed by
    convolving the raters one at a time (see :func:`_kendall_w_null`), exactly for
    two raters of up to :data:`EXACT_MAX_N` items and whenever the work stays within
    ``max_work``. W, chi2 and df are as in :func:`kendall_w`.

    Example: two colleagues ranking 5 items identically: W = 1, chi2 = 8 on 4 df
    (p = 0.092), exact p = 1/120 (only the 5! orderings of the second that equal the
    first give W = 1).
    """
    base = kendall_w(matrix, correct_ties)
    if base.kendall_w is None:
        return base
    matrix = np.asarray(matrix, dtype=float)
    doubled = np.rint(2 * matrix)
    if not np.allclose(doubled, 2 * matrix, rtol=0, atol=1e-9):
        return base  # not ranks with averaged ties: no exact null here
    ints = doubled.astype(np.int64)
    rows = tuple(sorted(tuple(sorted(r)) for r in ints.tolist()))
    null = _kendall_w_null(rows, int(max_work))
    if null is None:
        return base
    values, probs = null
    sums = ints.sum(axis=0)
    observed = int(sums @ sums)
    p = float(min(1.0, probs[values >= observed].sum()))
    return replace(base, p_value=p, method=W_EXACT)


# ------------------------------------------------------------ rank correlations


@dataclass(frozen=True)
class Correlation:
    """A rank correlation with its two-sided p-value.

    ``method`` is "exact" (permutation distribution over all n! orderings) or
    "asymptotic". ``coefficient`` and ``p_value`` are ``None`` when undefined
    (fewer than two items, or one vector constant).
    """

    coefficient: float | None
    p_value: float | None
    method: str
    n: int


def _as_pair(x: Sequence[float], y: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if xs.shape != ys.shape or xs.ndim != 1:
        raise ValueError("x and y must be two vectors of the same length")
    if not (np.all(np.isfinite(xs)) and np.all(np.isfinite(ys))):
        raise ValueError("x and y must be finite")
    return xs, ys


def _doubled_ranks(values: np.ndarray) -> np.ndarray:
    """2 x average ranks: integers, since average ranks are multiples of 1/2."""
    doubled: np.ndarray = np.rint(2 * average_ranks(values))
    return doubled.astype(np.int64)


@lru_cache(maxsize=256)
def _spearman_null(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Exact distribution of T = sum a_i b_p(i) over all n! permutations p.

    Dynamic programme over subsets: state (mask of b positions used by a_0..a_{k-1},
    partial sum), k = popcount(mask); each step assigns a_k to an unused b_j. The
    result depends only on the multisets of a and b, hence the sorted-tuple cache key.
    Returns (values of T, number of permutations giving each value).
    """
    n = len(a)
    # the largest T pairs the sorted vectors (rearrangement inequality)
    width = sum(x * y for x, y in zip(sorted(a), sorted(b), strict=True)) + 1
    dp = np.zeros((1 << n, width), dtype=np.int64)
    dp[0, 0] = 1
    for mask in range(1 << n):
        row = dp[mask]
        k = mask.bit_count()
        if k == n:
            continue
        top = np.flatnonzero(row)
        if top.size == 0:
            continue
        reach = top[-1] + 1
        for j in range(n):
            if not mask >> j & 1:
                shift = a[k] * b[j]
                dp[mask | 1 << j, shift : shift + reach] += row[:reach]
    full = dp[(1 << n) - 1]
    values = np.flatnonzero(full)
    result = (values, full[values])
    for array in result:
        array.setflags(write=False)
    return result


def spearman(x: Sequence[float], y: Sequence[float], exact_max_n: int = EXACT_MAX_N) -> Correlation:
    """Spearman's rho of two score vectors (e.g. two mean-rank vectors), with a p-value.

    rho is Pearson's r of the average ranks (ties averaged):
    rho = (n sum ab - sum a sum b) / sqrt((n sum a^2 - (sum a)^2)(n sum b^2 - (sum b)^2)).

    p-value, two-sided, P(|rho| >= |rho_observed|):
    * n <= ``exact_max_n``: exact, counting the permutations of one rank vector
      against the other (ties kept) whose |n T - sum a sum b| is at least the
      observed one, in integer arithmetic on doubled ranks (see :func:`_spearman_null`);
    * otherwise asymptotic: t = rho sqrt((n - 2)/(1 - rho^2)) on n - 2 df.
    """
    xs, ys = _as_pair(x, y)
    n = len(xs)
    method = "exact" if n <= exact_max_n else "asymptotic"
    if n < 2:
        return Correlation(None, None, method, n)
    a, b = _doubled_ranks(xs), _doubled_ranks(ys)
    sa, sb = int(a.sum()), int(b.sum())
    var_a = n * int(a @ a) - sa * sa
    var_b = n * int(b @ b) - sb * sb
    if var_a == 0 or var_b == 0:
        return Correlation(None, None, method, n)
    centred = n * int(a @ b) - sa * sb
    rho = max(-1.0, min(1.0, centred / math.sqrt(var_a * var_b)))
    if method == "exact":
        values, counts = _spearman_null(tuple(sorted(a.tolist())), tuple(sorted(b.tolist())))
        extreme = np.abs(n * values - sa * sb) >= abs(centred)
        p = float(counts[extreme].sum() / counts.sum())
    elif abs(rho) >= 1.0:
        p = 0.0
    else:
        t = rho * math.sqrt((n - 2) / (1.0 - rho * rho))
        p = min(1.0, 2.0 * student_t_sf(abs(t), n - 2))
    return Correlation(rho, p, method, n)


def _kendall_s(x: np.ndarray, y: np.ndarray) -> int:
    """S = concordant - discordant pairs; pairs tied in x or y count 0."""
    sx = np.sign(x[:, None] - x[None, :])
    sy = np.sign(y[:, None] - y[None, :])
    return int(np.rint(np.sum(sx * sy) / 2))


@lru_cache(maxsize=64)
def _mahonian(n: int) -> tuple[int, ...]:
    """Number of permutations of n elements with 0, 1, ..., n(n-1)/2 inversions."""
    counts = [1]
    for k in range(2, n + 1):
        new = [0] * (len(counts) + k - 1)
        for i, c in enumerate(counts):
            for j in range(k):
                new[i + j] += c
        counts = new
    return tuple(counts)


def _shift_add(dst: np.ndarray, src: np.ndarray, shift: int) -> None:
    if shift >= 0:
        dst[shift:] += src[: len(src) - shift]
    else:
        dst[:shift] += src[-shift:]


@lru_cache(maxsize=256)
def _kendall_null(
    x_groups: tuple[int, ...], y_codes: tuple[int, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """Exact distribution of S over all n! pairings, ties in x and/or y allowed.

    Without ties S = n(n-1)/2 - 2 * inversions, so the Mahonian numbers give it.
    With ties: take the x tie groups in ascending x order (sizes ``x_groups``) and
    decide which y elements (``y_codes``, their dense ranks) each group receives.
    A y element j joining the used set U adds #{k in U: y_k < y_j} - #{k in U: y_k > y_j}
    (every earlier group has smaller x; pairs inside a group are x-ties and add 0).
    The contribution depends only on which *set* a group receives, so the DP runs
    over subsets U; each set stands for t! orderings inside the group, the same
    factor for every outcome, which cancels in probabilities.
    Returns (values of S, weights).
    """
    n = len(y_codes)
    half = n * (n - 1) // 2
    if all(g == 1 for g in x_groups) and len(set(y_codes)) == n:
        inversions = np.array(_mahonian(n), dtype=np.int64)
        values = half - 2 * np.arange(len(inversions))
        result = (values[::-1].copy(), inversions[::-1].copy())
    else:
        less = [sum(1 << k for k in range(n) if y_codes[k] < y_codes[j]) for j in range(n)]
        more = [sum(1 << k for k in range(n) if y_codes[k] > y_codes[j]) for j in range(n)]
        width = 2 * half + 1
        states = {0: np.zeros(width, dtype=np.int64)}
        states[0][half] = 1
        for size in x_groups:
            new: dict[int, np.ndarray] = {}
            for used, dist in states.items():
                free = [j for j in range(n) if not used >> j & 1]
                for chosen in combinations(free, size):
                    delta = sum(
                        (used & less[j]).bit_count() - (used & more[j]).bit_count() for j in chosen
                    )
                    mask = used | sum(1 << j for j in chosen)
                    target = new.setdefault(mask, np.zeros(width, dtype=np.int64))
                    _shift_add(target, dist, delta)
            states = new
        (dist,) = states.values()
        support = np.flatnonzero(dist)
        result = (support - half, dist[support])
    for array in result:
        array.setflags(write=False)
    return result


def _tie_groups_in_order(x: np.ndarray) -> tuple[int, ...]:
    _, counts = np.unique(np.round(x, 9), return_counts=True)  # ascending x
    return tuple(int(c) for c in counts)


def _dense_codes(y: np.ndarray) -> tuple[int, ...]:
    _, codes = np.unique(np.round(y, 9), return_inverse=True)
    return tuple(int(c) for c in codes)


def kendall_tau_b(
    x: Sequence[float], y: Sequence[float], exact_max_n: int = EXACT_MAX_N
) -> Correlation:
    """Kendall's tau-b of two score vectors, with a two-sided p-value.

    tau_b = S / sqrt((n0 - n1)(n0 - n2)), S = concordant - discordant pairs,
    n0 = n(n-1)/2, n1 = sum t(t-1)/2 over x tie groups, n2 likewise for y.

    p-value, P(|S| >= |S_observed|) (the denominator is the same for every
    permutation, so this is P(|tau_b| >= |observed|)):
    * n <= ``exact_max_n``: exact over all n! pairings, integer S (Mahonian numbers
      without ties, a subset DP with ties; see :func:`_kendall_null`);
    * otherwise asymptotic normal z = S / sqrt(var S), with the tie-corrected variance
      var S = (v0 - vt - vu)/18 + v1/(2n(n-1)) + v2/(9n(n-1)(n-2)).
    """
    xs, ys = _as_pair(x, y)
    n = len(xs)
    method = "exact" if n <= exact_max_n else "asymptotic"
    if n < 2:
        return Correlation(None, None, method, n)
    tx, ty = _tie_sizes(xs).astype(float), _tie_sizes(ys).astype(float)
    n0 = n * (n - 1) / 2
    n1, n2 = float(np.sum(tx * (tx - 1) / 2)), float(np.sum(ty * (ty - 1) / 2))
    if n0 == n1 or n0 == n2:
        return Correlation(None, None, method, n)
    s = _kendall_s(xs, ys)
    tau = max(-1.0, min(1.0, s / math.sqrt((n0 - n1) * (n0 - n2))))
    if method == "exact":
        values, counts = _kendall_null(_tie_groups_in_order(xs), _dense_codes(ys))
        p = float(counts[np.abs(values) >= abs(s)].sum() / counts.sum())
    else:
        v0 = n * (n - 1) * (2 * n + 5)
        vt = float(np.sum(tx * (tx - 1) * (2 * tx + 5)))
        vu = float(np.sum(ty * (ty - 1) * (2 * ty + 5)))
        v1 = float(np.sum(tx * (tx - 1))) * float(np.sum(ty * (ty - 1)))
        v2 = float(np.sum(tx * (tx - 1) * (tx - 2))) * float(np.sum(ty * (ty - 1) * (ty - 2)))
        var = (v0 - vt - vu) / 18 + v1 / (2 * n * (n - 1))
        if n > 2:
            var += v2 / (9 * n * (n - 1) * (n - 2))
        p = min(1.0, 2.0 * normal_sf(abs(s) / math.sqrt(var)))
    return Correlation(tau, p, method, n)


def correlation_summary(x: Sequence[float], y: Sequence[float]) -> Record:
    """The JSON ``correlation`` object for two score vectors (e.g. team vs customer mean ranks):
    spearman_rho, spearman_p, kendall_tau, kendall_tau_p, method, n."""
    rho, tau = spearman(x, y), kendall_tau_b(x, y)
    return {
        "spearman_rho": rho.coefficient,
        "spearman_p": rho.p_value,
        "kendall_tau": tau.coefficient,
        "kendall_tau_p": tau.p_value,
        "method": rho.method,
        "n": rho.n,
    }


@dataclass(frozen=True)
class SignificanceThreshold:
    """The smallest |rho| and |tau| with p <= alpha for two untied rankings of n items.

    ``None`` when no value reaches alpha (too few items). ``method`` is "exact"
    (from the permutation distribution) or "asymptotic".
    """

    n: int
    alpha: float
    two_sided: bool
    rho: float | None
    tau: float | None
    method: str


def _smallest_significant(values: np.ndarray, counts: np.ndarray, alpha: float) -> float | None:
    """Smallest |v| in ``values`` (symmetric around 0) with P(|V| >= |v|) <= alpha, or None."""
    magnitudes = np.unique(np.abs(values))[::-1]  # largest first
    total = counts.sum()
    best = None
    for magnitude in magnitudes:
        tail = counts[np.abs(values) >= magnitude].sum() / total
        if tail > alpha * (1 + 1e-12):
            break
        best = float(magnitude)
    return best


def _bisect(pvalue: Callable[[float], float], alpha: float) -> float | None:
    """Smallest c in (0, 1) with pvalue(c) <= alpha, pvalue decreasing in c."""
    if pvalue(1.0 - 1e-12) > alpha:
        return None
    lo, hi = 0.0, 1.0 - 1e-12
    for _ in range(60):
        mid = (lo + hi) / 2
        if pvalue(mid) <= alpha:
            hi = mid
        else:
            lo = mid
    return hi


def significance_threshold(
    n: int, alpha: float = 0.05, two_sided: bool = True, exact_max_n: int = EXACT_MAX_N
) -> SignificanceThreshold:
    """How strong a rank correlation between two rankings of n items must be to count.

    Returns the smallest |rho| and |tau| whose p-value is at most ``alpha`` (untied
    rankings; two-sided unless ``two_sided=False``). For n = 10, two-sided 5%:
    rho 0.648 and tau 0.511 (the classical tables); one-sided: 0.564 and 0.467.
    The null distributions are symmetric, so a one-sided level alpha is the
    two-sided level 2 alpha.
    """
    level = alpha if two_sided else 2 * alpha  # the two-sided level to look up
    if n < 2:
        return SignificanceThreshold(n, alpha, two_sided, None, None, "exact")
    if n <= exact_max_n:
        ranks = tuple(range(1, n + 1))
        t_values, t_counts = _spearman_null(ranks, ranks)
        sum_sq = n * n * (n + 1) ** 2 // 4
        var = n * sum(r * r for r in ranks) - sum_sq
        rho_values = (n * t_values - sum_sq) / var
        s_values, s_counts = _kendall_null((1,) * n, ranks)
        tau_values = s_values / (n * (n - 1) / 2)
        return SignificanceThreshold(
            n,
            alpha,
            two_sided,
            _smallest_significant(rho_values, t_counts, level),
            _smallest_significant(tau_values, s_counts, level),
            "exact",
        )

    def rho_p(r: float) -> float:
        return 2 * student_t_sf(r * math.sqrt((n - 2) / (1 - r * r)), n - 2)

    def tau_p(t: float) -> float:
        s = t * n * (n - 1) / 2
        return 2 * normal_sf(s / math.sqrt(n * (n - 1) * (2 * n + 5) / 18))

    return SignificanceThreshold(
        n, alpha, two_sided, _bisect(rho_p, level), _bisect(tau_p, level), "asymptotic"
    )


def pairwise_spearman(matrix: np.ndarray) -> np.ndarray:
    """m x m matrix of Spearman's rho between respondents (rows of a rank matrix).

    Rows are already ranks (ties averaged), so rho is Pearson's r of the rows.
    Symmetric with 1 on the diagonal; NaN where a row is constant (rho undefined).
    """
    matrix = np.asarray(matrix, dtype=float)
    centred = matrix - matrix.mean(axis=1, keepdims=True)
    norms = np.sqrt(np.sum(centred**2, axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        unit = centred / norms[:, None]
        rho = np.clip(unit @ unit.T, -1.0, 1.0)
    constant = norms < 1e-12
    rho[constant, :] = np.nan
    rho[:, constant] = np.nan
    np.fill_diagonal(rho, np.where(constant, np.nan, 1.0))
    return np.asarray(rho, dtype=float)


# --------------------------------------------------------------------- scores


def score_summary(
    ratings: Sequence[Mapping[str, int]], items: Sequence[str], scale_max: int = 5
) -> list[Record]:
    """Per item (catalog order): mean, min, max and the 1..scale_max histogram.

    Uses every rating dict that has the item; ``respondents`` says how many. With no
    ratings for an item, mean/min/max are ``None``.
    """
    items = _check_items(items)
    records = []
    for item in items:
        values = [r[item] for r in ratings if r.get(item) is not None]
        histogram = [0] * scale_max
        for v in values:
            if not 1 <= v <= scale_max:
                raise ValueError(f"rating {v!r} of {item!r} outside 1..{scale_max}")
            histogram[int(v) - 1] += 1
        records.append(
            {
                "pillar": item,
                "mean": sum(values) / len(values) if values else None,
                "min": min(values) if values else None,
                "max": max(values) if values else None,
                "respondents": len(values),
                "histogram": histogram,
            }
        )
    return records


def total_summary(
    ratings: Sequence[Mapping[str, int]], items: Sequence[str], scale_max: int = 5
) -> Record:
    """Total score out of scale_max * n: mean, min, max over the complete rating dicts."""
    items = _check_items(items)
    totals = [sum(r[i] for i in items) for r in ratings if all(r.get(i) is not None for i in items)]
    return {
        "mean": sum(totals) / len(totals) if totals else None,
        "min": min(totals) if totals else None,
        "max": max(totals) if totals else None,
        "max_possible": scale_max * len(items),
        "respondents": len(totals),
    }


def histogram_mean(histogram: Sequence[int], first_value: int = 1) -> float | None:
    """Mean of a histogram whose k-th count is for value first_value + k; None if empty."""
    total = sum(histogram)
    if total == 0:
        return None
    return sum((first_value + k) * c for k, c in enumerate(histogram)) / total


# ------------------------------------------------------------- customer sample


@dataclass(frozen=True)
class Interval:
    """A mean with its 95% interval (``low``/``high``/``sd`` None below two responses)."""

    mean: float | None
    low: float | None
    high: float | None
    sd: float | None
    count: int


def mean_rank_interval(total: float, total_sq: float, count: int, z: float = Z95) -> Interval:
    """Mean rank and its interval mean +/- z sd / sqrt(N) from sufficient statistics.

    ``total`` = sum of the ranks, ``total_sq`` = sum of their squares, N = ``count``;
    sd is the sample standard deviation sqrt((total_sq - total^2/N) / (N - 1)), the
    numerator in exact fractions (:func:`centred_sum_of_squares`), so sd keeps its
    digits at millions of respondents.
    """
    if count <= 0:
        return Interval(None, None, None, None, 0)
    mean = total / count
    if count < 2:
        return Interval(mean, None, None, None, count)
    sd = math.sqrt(centred_sum_of_squares(total, total_sq, count) / (count - 1))
    half = z * sd / math.sqrt(count)
    return Interval(mean, mean - half, mean + half, sd, count)


def margin_of_error(respondents: int, z: float = Z95) -> float | None:
    """Worst-case 95% margin of error of a proportion: z sqrt(0.25 / N); None for N = 0."""
    if respondents < 0:
        raise ValueError("respondents cannot be negative")
    if respondents == 0:
        return None
    return z * math.sqrt(0.25 / respondents)


def responses_needed(target: float = 0.05, z: float = Z95) -> int:
    """Smallest N with margin_of_error(N) <= target: ceil(z^2 0.25 / target^2); 385 for 5%."""
    if target <= 0:
        raise ValueError("target must be positive")
    return math.ceil(z * z * 0.25 / (target * target) - 1e-9)


def weighted_score(mean_rank: float, n: int) -> float:
    """Survey-tool weighted score (first place weighs n, last 1): n + 1 - mean rank."""
    return n + 1 - mean_rank


def nps(histogram: Sequence[int]) -> float | None:
    """Net Promoter Score from the 0..10 histogram (11 counts): % 9-10 minus % 0-6.

    In points, -100..100; None when there are no answers.
    """
    if len(histogram) != 11:
        raise ValueError("an NPS histogram has 11 counts, for 0..10")
    total = sum(histogram)
    if total == 0:
        return None
    return 100.0 * (sum(histogram[9:]) - sum(histogram[:7])) / total


def ces(histogram: Sequence[int]) -> float | None:
    """Customer Effort Score: mean of the 1..7 histogram (7 counts); None when empty."""
    if len(histogram) != 7:
        raise ValueError("a CES histogram has 7 counts, for 1..7")
    return histogram_mean(histogram, first_value=1)


# ------------------------------------------------------------------ comparison


def gaps(
    items: Sequence[str], team_positions: Mapping[str, int], customer_positions: Mapping[str, int]
) -> list[Record]:
    """Gap per item = team position - customer position, in customer position order.

    Positive: customers rank the item higher (more important) than the team does.
    """
    items = _check_items(items)
    records = [
        {
            "pillar": item,
            "team_position": int(team_positions[item]),
            "customer_position": int(customer_positions[item]),
            "gap": int(team_positions[item]) - int(customer_positions[item]),
        }
        for item in items
    ]
    return sorted(records, key=lambda r: r["customer_position"])


def priorities(
    customer_order: Sequence[Mapping[str, Any]],
    team_means: Mapping[str, float | None],
    customer_ratings: Mapping[str, float | None] | None = None,
    k: int = 3,
) -> list[Record]:
    """The customers' top k items with the team's mean self-score on each.

    ``customer_order`` is a consensus list (records with ``pillar`` and ``position``,
    most important first); ``customer_mean_rating`` is None where the survey had no ratings.
    """
    if not 1 <= k <= len(customer_order):
        raise ValueError(f"k must be between 1 and {len(customer_order)}")
    ratings = customer_ratings or {}
    return [
        {
            "pillar": r["pillar"],
            "customer_position": r["position"],
            "team_mean_score": team_means.get(r["pillar"]),
            "customer_mean_rating": ratings.get(r["pillar"]),
        }
        for r in list(customer_order)[:k]
    ]


def perception_gap(
    items: Sequence[str],
    team_means: Mapping[str, float | None],
    customer_means: Mapping[str, float | None],
) -> list[Record]:
    """Team mean self-score - customer mean rating per item, catalog order.

    ``gap`` is None where either mean is missing.
    """
    items = _check_items(items)
    records = []
    for item in items:
        team, customer = team_means.get(item), customer_means.get(item)
        records.append(
            {
                "pillar": item,
                "team_mean_score": team,
                "customer_mean_rating": customer,
                "gap": None if team is None or customer is None else team - customer,
            }
        )
    return records


#: Martilla & James (1977) importance-performance quadrants.
QUADRANTS = {
    (True, False): "concentrate_here",
    (True, True): "keep_up_the_good_work",
    (False, False): "low_priority",
    (False, True): "possible_overkill",
}


def importance_performance(
    items: Sequence[str], importance: Sequence[float], performance: Sequence[float | None]
) -> list[Record]:
    """Importance-performance quadrant of each item (catalog order).

    importance is usually n + 1 - customer mean rank (:func:`weighted_score`),
    performance the team's mean self-score or the customers' mean rating. The axes
    are split at their means over the items that have both values; a value equal to
    the mean counts as high. Quadrants: concentrate_here (important, weak),
    keep_up_the_good_work (important, strong), low_priority, possible_overkill.
    Items without a performance value get quadrant None.
    """
    items = _check_items(items)
    if not len(importance) == len(performance) == len(items):
        raise ValueError("importance and performance need one value per item")
    known = {i: p for i, p in enumerate(performance) if p is not None}
    if not known:
        return [
            {
                "pillar": it,
                "importance": float(importance[i]),
                "performance": None,
                "quadrant": None,
            }
            for i, it in enumerate(items)
        ]
    imp_mean = sum(importance[i] for i in known) / len(known)
    perf_mean = sum(known.values()) / len(known)
    records = []
    for i, item in enumerate(items):
        perf = performance[i]
        quadrant = None
        if perf is not None:
            quadrant = QUADRANTS[(importance[i] >= imp_mean - 1e-12, perf >= perf_mean - 1e-12)]
        records.append(
            {
                "pillar": item,
                "importance": float(importance[i]),
                "performance": None if perf is None else float(perf),
                "quadrant": quadrant,
            }
        )
    return records


# ------------------------------------------- customer side: which differences are real
#
# Head-to-head sign tests on the pairwise counts, Holm's adjustment, the groups of
# items respondents cannot tell apart, one-way ANOVA from sums and sums of squares,
# and Bradley-Terry shares of preference. All from the additive sums a survey summary
# stores (PRODUCT.md §4.3), so the same numbers come out of a warehouse's GROUP BY.

#: One significance rule everywhere: a p-value below this counts.
ALPHA = 0.05

_EXACT_BINOMIAL_MAX_N = 1000  # up to here the sign test sums binomial coefficients exactly
_LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)


def centred_sum_of_squares(total: float, total_sq: float, count: int) -> Fraction:
    """Σ (x − mean)² exactly, from Σx = ``total``, Σx² = ``total_sq`` and N = ``count``.

    Floats convert to fractions without loss, so total_sq − total²/N carries no
    cancellation however large N is (the float formula loses about eight digits at a
    million respondents when a pillar's ranks barely vary). The stored sums stay plain
    additive sums; only this reading of them is exact.
    """
    if count <= 0:
        return Fraction(0)
    value = Fraction(total_sq) - Fraction(total) ** 2 / count
    return max(Fraction(0), value)


def _stirling_error(n: float) -> float:
    """log(n!) − log(√(2πn) (n/e)ⁿ) (Loader 2000, as R's dbinom uses)."""
    if n <= 15.0:
        return math.lgamma(n + 1.0) - (n + 0.5) * math.log(n) + n - _LOG_SQRT_2PI
    nn = n * n
    s0, s1, s2, s3, s4 = 1 / 12, 1 / 360, 1 / 1260, 1 / 1680, 1 / 1188
    return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n


def _deviance_term(x: float, mean: float) -> float:
    """x log(x / mean) + mean − x, without cancellation when x is near mean (Loader's bd0)."""
    if abs(x - mean) < 0.1 * (x + mean):
        v = (x - mean) / (x + mean)
        s = (x - mean) * v
        ej = 2.0 * x * v
        v *= v
        for j in range(1, 1000):
            ej *= v
            s1 = s + ej / (2 * j + 1)
            if s1 == s:
                return s1
            s = s1
        return s
    return x * math.log(x / mean) + mean - x


def _log_binomial_half(k: int, n: int) -> float:
    """log P(X = k) for X ~ Binomial(n, 1/2), to about 1e-15 relative at any n."""
    if k == 0 or k == n:
        return -n * math.log(2.0)
    lc = (
        _stirling_error(n)
        - _stirling_error(k)
        - _stirling_error(n - k)
        - _deviance_term(k, n / 2)
        - _deviance_term(n - k, n / 2)
    )
    return lc - 0.5 * (math.log(2 * math.pi) + math.log(k) + math.log1p(-k / n))


def sign_test(above: int, below: int) -> float:
    """Exact two-sided sign test of "A above B" (``above`` respondents) against "B above A"
    (``below``): the binomial test of above out of above + below at 1/2.

    p = min(1, 2 P(X ≤ min(above, below))), X ~ Binomial(above + below, 1/2): the
    distribution is symmetric, so this is the two-sided p of ``scipy.stats.binomtest``.
    Respondents who tied A and B (both unranked) are not counted. Up to 1000 comparing
    respondents the tail is a sum of binomial coefficients in exact integers; above, the
    terms are summed from the observed count down (each from the one before), starting
    from Loader's saddle-point form of the probability, until they no longer add.
    p = 1 when nobody compared the two.
    """
    if above < 0 or below < 0:
        raise ValueError("counts cannot be negative")
    n = above + below
    k = min(above, below)
    if n == 0 or 2 * k == n:
        return 1.0
    if n <= _EXACT_BINOMIAL_MAX_N:
        tail = sum(math.comb(n, i) for i in range(k + 1))
        return float(min(Fraction(1), Fraction(tail, 2 ** (n - 1))))
    term, total = 1.0, 1.0
    for i in range(k, 0, -1):
        term *= i / (n - i + 1)  # P(X = i - 1) / P(X = k)
        total += term
        if term < 1e-17 * total:
            break
    return min(1.0, 2.0 * math.exp(_log_binomial_half(k, n)) * total)


def holm(p_values: Sequence[float | None]) -> list[float | None]:
    """Holm's step-down adjustment: the p-values of m tests made comparable to one level.

    The i-th smallest p becomes max over j ≤ i of min(1, (m − j + 1) p₍ⱼ₎); an adjusted p
    below alpha is a rejection at family-wise level alpha. ``None`` (no test) stays
    ``None`` and does not count in m.
    """
    known = sorted((p, i) for i, p in enumerate(p_values) if p is not None)
    m = len(known)
    out: list[float | None] = [None] * len(p_values)
    running = 0.0
    for rank, (p, i) in enumerate(known):
        running = max(running, min(1.0, (m - rank) * p))
        out[i] = running
    return out


def head_to_head(
    order: Sequence[str], items: Sequence[str], pairwise: Sequence[Sequence[int]]
) -> list[Record]:
    """Sign tests for the adjacent items of an ``order`` (most important first).

    ``pairwise[a][b]`` = respondents who put item a above item b (catalog order of
    ``items``). One record per adjacent pair: ``a``, ``b`` (the item placed higher),
    ``a_above_b``, ``b_above_a``, ``p_value`` (:func:`sign_test`) and ``p_adjusted``
    (:func:`holm` over the adjacent pairs).
    """
    index = {item: i for i, item in enumerate(_check_items(items))}
    records: list[Record] = []
    for a, b in zip(order, order[1:]):
        ab, ba = int(pairwise[index[a]][index[b]]), int(pairwise[index[b]][index[a]])
        records.append(
            {"a": a, "b": b, "a_above_b": ab, "b_above_a": ba, "p_value": sign_test(ab, ba)}
        )
    for record, adjusted in zip(records, holm([r["p_value"] for r in records])):
        record["p_adjusted"] = adjusted
    return records


def tie_groups(order: Sequence[str], tests: Sequence[Mapping[str, Any]]) -> list[list[str]]:
    """The runs of ``order`` joined by adjacent pairs whose adjusted p is not below
    :data:`ALPHA`: the groups of items respondents cannot tell apart."""
    if not order:
        return []
    groups = [[order[0]]]
    for item, test in zip(order[1:], tests):
        p = test["p_adjusted"]
        if p is not None and p < ALPHA:
            groups.append([item])
        else:
            groups[-1].append(item)
    return groups


def position_ranges(order: Sequence[str], tests: Sequence[Mapping[str, Any]]) -> dict[str, Record]:
    """Per item: ``position_low``/``position_high`` (the span of its tie group: the
    positions it could take given the pairs that are not distinguishable) and
    ``tied_with`` (the other items of the group, in order)."""
    out: dict[str, Record] = {}
    start = 1
    for group in tie_groups(order, tests):
        for item in group:
            out[item] = {
                "position_low": start,
                "position_high": start + len(group) - 1,
                "tied_with": [other for other in group if other != item],
            }
        start += len(group)
    return out


def responses_to_separate(
    above: int, below: int, respondents: int, level: float = ALPHA, limit: int = 10**7
) -> int | None:
    """How many respondents in all would make "A above B" pass a sign test at ``level``
    if the shares seen so far held: the same share of respondents comparing the two,
    c = (above + below) / respondents, and the same share s of those putting the
    majority's side first.

    With m = c N comparing, the tail 2 P(X ≤ (1 − s) m) of Binomial(m, 1/2), taken in
    its continuous form 2 I_{1/2}(s m, (1 − s) m + 1), falls steadily as N grows; the
    smallest N where it is below ``level`` is found by bisection and then raised until
    the exact :func:`sign_test` passes with the majority's count rounded down. The
    result is at least ``respondents``; ``None`` when no number would do (an even split,
    nobody comparing) or it is beyond ``limit``.
    """
    n = above + below
    if respondents <= 0 or n == 0 or above == below:
        return None
    compare_share, share = n / respondents, max(above, below) / n

    def counts(total: int) -> tuple[int, int]:
        m = math.floor(total * compare_share + 1e-9)
        k = math.floor(m * share + 1e-9)
        return k, m - k

    def exact(total: int) -> bool:
        k, rest = counts(total)
        return k + rest > 0 and sign_test(k, rest) < level

    def smooth(total: int) -> bool:
        m = total * compare_share
        tail = 2.0 * beta_inc(share * m, (1.0 - share) * m + 1.0, 0.5)
        return tail < level

    if exact(respondents):
        return respondents
    lo, hi = respondents, max(respondents * 2, 2)
    while not smooth(hi):
        lo, hi = hi, hi * 2
        if lo > limit:
            return None
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if smooth(mid) else (mid, hi)
    for total in range(hi, hi + 10 + hi // 10):  # rounding the counts down costs a little
        if exact(total):
            return total if total <= limit else None
    return None


@dataclass(frozen=True)
class Anova:
    """One-way ANOVA of one item's ranks across groups (segments)."""

    f: float | None
    df_between: int
    df_within: int
    p_value: float | None


def f_sf(f: float, df1: float, df2: float) -> float:
    """Upper tail P(F ≥ f) of the F distribution: I_{df2/(df2 + df1 f)}(df2/2, df1/2)."""
    if f <= 0:
        return 1.0
    if math.isinf(f):
        return 0.0
    return beta_inc(df2 / 2.0, df1 / 2.0, df2 / (df2 + df1 * f))


def anova_from_sums(groups: Sequence[tuple[int, float, float]]) -> Anova:
    """One-way ANOVA from each group's (N, Σx, Σx²), the sums a survey summary stores.

    SS_between = Σ_g S_g²/N_g − S²/N, SS_within = Σ_g (Q_g − S_g²/N_g), both in exact
    fractions; F = (SS_between/(k − 1)) / (SS_within/(N − k)). Groups with no
    respondents are left out. F and p are ``None`` with fewer than two groups or no
    within-group freedom; when every group is constant F is ``None`` and p is 0 if the
    groups differ, ``None`` if they do not.
    """
    used = [(int(c), s, q) for c, s, q in groups if c > 0]
    k, total_n = len(used), sum(c for c, _, _ in used)
    df_between, df_within = k - 1, total_n - k
    if k < 2 or df_within <= 0:
        return Anova(None, max(df_between, 0), max(df_within, 0), None)
    grand = sum(Fraction(s) for _, s, _ in used)
    between = sum(Fraction(s) ** 2 / c for c, s, _ in used) - grand**2 / total_n
    within = sum(centred_sum_of_squares(s, q, c) for c, s, q in used)
    if within == 0:
        return Anova(None, df_between, df_within, 0.0 if between > 0 else None)
    f = float((between / df_between) / (within / df_within))
    return Anova(f, df_between, df_within, f_sf(f, df_between, df_within))


def bradley_terry(
    pairwise: Sequence[Sequence[int]], tol: float = 1e-12, max_iter: int = 10_000
) -> list[float]:
    """Bradley–Terry shares of preference from the pairwise counts (they sum to 1).

    P(a above b) = w_a / (w_a + w_b); the maximum-likelihood w by Hunter's (2004) MM
    update w_a ← wins_a / Σ_b n_ab / (w_a + w_b), n_ab = pairwise[a][b] + pairwise[b][a],
    normalised to sum 1 each step, until no share moves by more than ``tol`` relative.
    An item that never came first in a pair gets 0. All equal when nobody compared.
    """
    counts = np.asarray(pairwise, dtype=float)
    n = counts.shape[0]
    if n == 0:
        return []
    games = counts + counts.T
    wins = counts.sum(axis=1)
    if not games.any():
        return [1.0 / n] * n
    w = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        pair_sum = w[:, None] + w[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(games > 0, games / pair_sum, 0.0)
        denominators = terms.sum(axis=1)
        new = np.where(denominators > 0, wins / np.where(denominators > 0, denominators, 1), 0)
        new = new / new.sum()
        done = np.all(np.abs(new - w) <= tol * np.maximum(new, 1e-300))
        w = new
        if done:
            break
    return [float(x) for x in w]
