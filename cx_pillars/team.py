"""The team view: what colleagues believe customers value, how much they agree, where
they disagree and about whom, how they score the organisation, and what to discuss.

Pure functions from a list of :class:`~cx_pillars.assessment.Assessment` and a
:class:`~cx_pillars.pillars.Framework` to plain data; no I/O, no printing (the
terminal view is :mod:`cx_pillars.team_view`). The statistics themselves live in
:mod:`cx_pillars.stats`.

``team_view(...).to_json()`` is the ``team --json`` object of PRODUCT.md §7::

    {"respondents": 6, "pillars": [ids in catalog order],
     "consensus": [{"pillar", "position", "mean_rank", "first_places", "rank_min",
                    "rank_max", + "positions": [count at 1st, ..., count at nth]}...],
     "agreement": {"kendall_w", "chi2", "df", "p_value",
                   + "raters", "items", "alpha", "significant", "strength", "reading"},
     "scores": [{"pillar", "mean", "min", "max", + "respondents", "histogram": [n of 1..5]}...],
     "total": {"mean", "min", "max", "max_possible", + "respondents"},
     "disputed": [{"pillar", "rank_min", "rank_max", "spread",
                   + "sd", "ranked_min_by": [names], "ranked_max_by": [names]}...],
     "pairwise_spearman": {"respondents": [names], "matrix": [[rho...]...],
                           + "least": {"a", "b", "rho", "p_value"}, "most": {...},
                           "threshold": {"n", "alpha", "rho", "tau", "method"}},
     + "team", "teams", "runs", "skipped_older", "all_runs", "distinct_respondents",
       "from", "to", "strongest", "weakest", "alignment": [{"respondent", "rho_vs_rest"}],
       "anonymity": {"per_person_hidden", "anonymous_runs", "reason"},
       "prompts": [{"kind", "text"}], "method": {section: sentence},
       "trend": <see trend()> (only when asked for)}

``consensus`` is in position order, ``pillars`` and ``scores`` in catalog order,
``disputed`` most disputed first (at most :data:`DISPUTED_LIMIT`, spread > 0 only).
Undefined numbers are ``null``. When the anonymity rule applies (a team with
anonymous runs and fewer than :data:`ANONYMITY_MIN` respondents) every per-person
value is ``null``: the names and matrix of ``pairwise_spearman``, its ``least`` and
``most``, ``ranked_min_by``/``ranked_max_by`` and ``alignment``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from cx_pillars import stats
from cx_pillars.assessment import Assessment
from cx_pillars.pillars import Framework
from cx_pillars.store import latest_per_respondent

__all__ = [
    "ANONYMITY_MIN",
    "DISPUTED_LIMIT",
    "PAIRWISE_MAX",
    "TeamComparison",
    "TeamView",
    "agreement_strength",
    "by_team",
    "ordinal",
    "quarter_of",
    "team_view",
    "trend",
]

#: Views never show one person's answers where a team with anonymous runs has fewer
#: respondents than this (PRODUCT.md §3).
ANONYMITY_MIN = 3

#: How many pillars the ``disputed`` list holds at most.
DISPUTED_LIMIT = 3

#: Above this many rankings the m x m pairwise matrix (it grows with m squared; the
#: contract's teams have tens of colleagues) and the per-person ``alignment`` are not
#: computed; their keys are then null and ``pairwise_spearman.withheld`` says why.
PAIRWISE_MAX = 200

#: Significance level of every test in the view.
ALPHA = 0.05

#: Upper bounds of the verbal readings of Kendall's W. These follow Schmidt (1997),
#: "Managing Delphi surveys using nonparametric statistical techniques", Decision
#: Sciences 28(3), table 2 (W 0.1 very weak, 0.3 weak, 0.5 moderate, 0.7 strong,
#: 0.9 unusually strong), merged at the top. A reading is a size, never a test: every
#: sentence also gives the p-value, since with a handful of colleagues a "moderate"
#: W can still be chance, and with many a "weak" one is not.
W_READINGS = (
    (0.1, "no real agreement"),
    (0.3, "weak agreement"),
    (0.5, "moderate agreement"),
    (0.7, "strong agreement"),
    (math.inf, "very strong agreement"),
)

NO_TEAM = "(no team)"


# ---------------------------------------------------------------------------- helpers


def ordinal(k: float) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th', 4.5 -> '4.5th'."""
    if float(k) != int(k):
        return f"{float(k):g}th"
    k = int(k)
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"


def agreement_strength(w: float | None) -> str | None:
    """The verbal size of Kendall's W (see :data:`W_READINGS`); None when W is."""
    if w is None:
        return None
    for bound, words in W_READINGS:
        if w < bound:
            return words
    return W_READINGS[-1][1]  # pragma: no cover - the last bound is infinite


def format_p(p: float | None) -> str:
    if p is None:
        return "p undefined"
    if p < 0.001:
        return "p < 0.001"
    return f"p = {p:.3f}" if p < 0.01 else f"p = {p:.2f}"


def quarter_of(a: Assessment) -> str:
    """'2026-Q4' for a run created in October-December 2026 (UTC)."""
    return f"{a.created.year}-Q{(a.created.month - 1) // 3 + 1}"


def _team_key(a: Assessment) -> str:
    return a.team.casefold().strip()


def _team_names(assessments: Sequence[Assessment]) -> dict[str, str]:
    """Team key -> the spelling used most often (ties: alphabetically first)."""
    spellings: dict[str, Counter] = {}
    for a in assessments:
        spellings.setdefault(_team_key(a), Counter())[a.team.strip() or NO_TEAM] += 1
    return {key: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            for key, c in spellings.items()}


def _sort_key(a: Assessment) -> tuple:
    """Named colleagues alphabetically, then anonymous runs; independent of file order."""
    return (a.anonymous, a.respondent.casefold(), _team_key(a), a.created, a.id)


def _labels(members: Sequence[Assessment]) -> list[str]:
    """A unique, readable label per ranking: the name; 'anonymous', 'anonymous 2', ...;
    the team when a name occurs in several teams; the date when one person has
    several runs (``--all-runs``)."""
    names = Counter(a.respondent.casefold() for a in members if not a.anonymous)
    teams_per_name: dict[str, set] = {}
    for a in members:
        if not a.anonymous:
            teams_per_name.setdefault(a.respondent.casefold(), set()).add(_team_key(a))
    anon_total = sum(a.anonymous for a in members)
    labels = []
    anon_order = {a.id: k for k, a in enumerate(
        sorted((a for a in members if a.anonymous), key=lambda a: (a.created, a.id)), 1)}
    for a in members:
        if a.anonymous:
            k = anon_order[a.id]
            labels.append("anonymous" if anon_total == 1 else f"anonymous {k}")
            continue
        label = a.respondent
        if len(teams_per_name[a.respondent.casefold()]) > 1:
            label += f" ({a.team or NO_TEAM})"
        if names[a.respondent.casefold()] > len(teams_per_name[a.respondent.casefold()]):
            label += f" {a.created:%Y-%m-%d}"
        labels.append(label)
    # Two runs of one person on the same day: add the time.
    counts = Counter(labels)
    for i, a in enumerate(members):
        if counts[labels[i]] > 1:
            labels[i] += f" {a.created:%H:%M}"
    counts = Counter(labels)
    for i, a in enumerate(members):
        if counts[labels[i]] > 1:
            labels[i] += f" {a.id[-4:]}"
    return labels


def _short_labels(labels: Sequence[str], members: Sequence[Assessment]) -> list[str]:
    """First names where that is unambiguous among these members ('Ana' for 'Ana Kowalska')."""
    firsts = [lab.split()[0] if not a.anonymous and " " in a.respondent else lab
              for lab, a in zip(labels, members, strict=True)]
    people = {}
    for f, a in zip(firsts, members, strict=True):
        people.setdefault(f.casefold(), set()).add(a.respondent.casefold())
    out = []
    for f, lab, a in zip(firsts, labels, members, strict=True):
        if a.anonymous or len(people[f.casefold()]) > 1 or lab != a.respondent:
            out.append(lab)
        else:
            out.append(f)
    return out


def _none_if_nan(x) -> float | None:
    x = float(x)
    return None if math.isnan(x) else x


def _join(names: Sequence[str]) -> str:
    names = list(names)
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


# --------------------------------------------------------------------------- the view


@dataclass
class TeamView:
    """The analysed team; plain data. :meth:`to_json` gives the §7 object."""

    framework: Framework
    team: str | None                      # the one team, or None when several
    teams: list[str]
    respondents: int                      # rankings analysed (m)
    distinct_respondents: int
    runs: int                             # runs in the window
    skipped_older: int
    all_runs: bool
    first: str | None                     # ISO dates of the oldest / newest run used
    last: str | None
    labels: list[str]                     # per ranking, in matrix row order
    short_labels: list[str]
    roles: list[str]
    rank_matrix: np.ndarray               # m x n, catalog order columns
    consensus: list[dict]
    agreement: dict
    scores: list[dict]
    total: dict
    disputed: list[dict]
    pairwise: dict
    alignment: list[dict] | None
    strongest: list[str]
    weakest: list[str]
    anonymity: dict
    prompts: list[dict]
    method: dict
    trend: dict | None = None
    extra: dict = field(default_factory=dict)

    @property
    def hidden(self) -> bool:
        """True when per-person values are withheld (the anonymity rule)."""
        return bool(self.anonymity["per_person_hidden"])

    def score(self, pillar: str) -> dict:
        return next(s for s in self.scores if s["pillar"] == pillar)

    def to_json(self) -> dict:
        doc = {
            "respondents": self.respondents,
            "pillars": list(self.framework.ids),
            "consensus": self.consensus,
            "agreement": self.agreement,
            "scores": self.scores,
            "total": self.total,
            "disputed": self.disputed,
            "pairwise_spearman": self.pairwise,
            "team": self.team,
            "teams": self.teams,
            "runs": self.runs,
            "skipped_older": self.skipped_older,
            "all_runs": self.all_runs,
            "distinct_respondents": self.distinct_respondents,
            "from": self.first,
            "to": self.last,
            "strongest": self.strongest,
            "weakest": self.weakest,
            "alignment": self.alignment,
            "anonymity": self.anonymity,
            "prompts": self.prompts,
            "method": self.method,
        }
        if self.trend is not None:
            doc["trend"] = self.trend
        return doc


def _anonymity(members: Sequence[Assessment], names: dict[str, str]) -> dict:
    anonymous_runs = sum(a.anonymous for a in members)
    small = []
    for key in sorted({_team_key(a) for a in members}):
        group = [a for a in members if _team_key(a) == key]
        people = {("anon", a.id) if a.anonymous else a.respondent.casefold() for a in group}
        if any(a.anonymous for a in group) and len(people) < ANONYMITY_MIN:
            small.append(names[key])
    reason = None
    if small:
        reason = (f"{_join(small)} has anonymous runs and fewer than {ANONYMITY_MIN} "
                  "respondents, so no one's individual answers are shown (names, who put "
                  "what where, pairwise agreement); the team figures are.")
    return {"per_person_hidden": bool(small), "anonymous_runs": anonymous_runs,
            "reason": reason}


def _agreement(matrix: np.ndarray, alpha: float) -> dict:
    result = stats.kendall_w(matrix).as_dict()
    m = matrix.shape[0]
    w, p = result["kendall_w"], result["p_value"]
    strength = agreement_strength(w)
    significant = None if p is None else bool(p < alpha)
    people = f"{m} people" if m != 1 else "1 person"
    if m < 2:
        reading = ("Agreement needs at least two respondents; this view rests on one, so "
                   "there is nothing to agree or disagree with yet.")
    elif w is None:
        reading = "Agreement is undefined for these rankings (every pillar tied)."
    elif significant:
        reading = (f"{strength.capitalize()} (W = {w:.2f}, {format_p(p)} with {people}): "
                   "unlikely to be chance.")
        if w < 0.3:
            reading += (" Still weak: with this many people even a little shared "
                        "view is detectable.")
    else:
        reading = (f"{strength.capitalize()} (W = {w:.2f}), but with {people} this is not "
                   f"distinguishable from chance ({format_p(p)}).")
        if w >= 0.3:
            reading += " More colleagues would tell whether it holds."
    result.update({"alpha": alpha, "significant": significant, "strength": strength,
                   "reading": reading})
    return result


def _placed_by(column: np.ndarray, value: float, labels: Sequence[str]) -> list[str]:
    return [labels[r] for r in range(len(labels)) if abs(column[r] - value) < 1e-9]


def _pairwise(matrix: np.ndarray, labels: Sequence[str], hidden: bool, n: int,
              alpha: float) -> dict:
    threshold = stats.significance_threshold(n, alpha)
    thr = {"n": n, "alpha": alpha, "two_sided": True, "rho": threshold.rho,
           "tau": threshold.tau, "method": threshold.method}
    m = matrix.shape[0]
    out = {"respondents": None, "matrix": None, "least": None, "most": None,
           "threshold": thr, "withheld": None}
    if hidden:
        out["withheld"] = "anonymity"
        return out
    if m > PAIRWISE_MAX:
        out["withheld"] = f"more than {PAIRWISE_MAX} rankings"
        return out
    rho = stats.pairwise_spearman(matrix)
    out["respondents"] = list(labels)
    out["matrix"] = [[_none_if_nan(v) for v in row] for row in rho]
    if m >= 2:
        iu = np.triu_indices(m, k=1)
        values = rho[iu]
        valid = ~np.isnan(values)
        if valid.any():
            # ties: the first pair in row-major order (rows are in a fixed, sorted order)
            idx = np.flatnonzero(valid)
            lo = idx[np.argmin(values[idx])]
            hi = idx[np.argmax(values[idx])]
            for key, k in (("least", lo), ("most", hi)):
                i, j = int(iu[0][k]), int(iu[1][k])
                corr = stats.spearman(matrix[i], matrix[j])
                out[key] = {"a": labels[i], "b": labels[j], "rho": float(values[k]),
                            "p_value": corr.p_value, "method": corr.method,
                            "significant": None if corr.p_value is None
                            else bool(corr.p_value < alpha)}
    return out


def _alignment(matrix: np.ndarray, labels: Sequence[str]) -> list[dict] | None:
    """Each colleague's Spearman rho with the mean ranks of everyone else (m >= 3)."""
    m = matrix.shape[0]
    if m < 3:
        return None
    total = matrix.sum(axis=0)
    out = []
    for r in range(m):
        rest = stats.average_ranks((total - matrix[r]) / (m - 1))
        rho = stats.pairwise_spearman(np.vstack([matrix[r], rest]))[0, 1]
        out.append({"respondent": labels[r], "rho_vs_rest": _none_if_nan(rho)})
    return out


def _extremes(scores: list[dict]) -> tuple[list[str], list[str]]:
    means = [s["mean"] for s in scores if s["mean"] is not None]
    if not means:
        return [], []
    hi, lo = max(means), min(means)
    strongest = [s["pillar"] for s in scores if s["mean"] is not None and abs(s["mean"] - hi) < 1e-9]
    weakest = [s["pillar"] for s in scores if s["mean"] is not None and abs(s["mean"] - lo) < 1e-9]
    return strongest, weakest


def _method(n: int, alpha: float, threshold: dict, all_runs: bool) -> dict:
    rho = threshold["rho"]
    sig = (f"with {n} pillars two rankings are related beyond chance (two-sided "
           f"{alpha:.0%}) only from |ρ| ≥ {rho:.2f}" if rho is not None else
           f"with {n} pillars no correlation reaches significance")
    who = "every run in the window" if all_runs else "each colleague's latest run in the window"
    return {
        "selection": f"Uses {who}.",
        "consensus": ("Mean rank = the average of the positions colleagues gave a pillar "
                      f"(1 = most important to customers, {n} = least); the consensus orders "
                      "pillars by it, ties broken by more first places, then catalog order. "
                      "The distribution shows how many put it 1st, 2nd, … since a mean "
                      "hides a split team."),
        "agreement": ("Kendall's W runs from 0 (no shared order) to 1 (everyone ranked "
                      "alike); its chi-square test (n − 1 df) asks whether the agreement "
                      "could be chance. Readings follow Schmidt (1997): below 0.1 none, "
                      "0.1–0.3 weak, 0.3–0.5 moderate, 0.5–0.7 strong, above 0.7 very strong."),
        "disputed": ("Spread = the lowest minus the highest position a pillar was given; "
                     "the widest spreads are where the team sees customers differently."),
        "pairwise": (f"Spearman's ρ between two colleagues' rankings (1 = same order, "
                     f"−1 = reversed); {sig}."),
        "scores": ("Self-scores 1 (poor) to 5 (excellent) per pillar: the team's mean, "
                   f"lowest and highest, and how many gave each score; the total is out of "
                   f"{5 * n}."),
    }


def _prompts(view: TeamView) -> list[dict]:
    """Two or three discussion prompts drawn from this view's numbers, most telling first."""
    fw, out = view.framework, []

    def label(pid: str) -> str:
        return fw.label(pid, short=True)

    m = view.respondents

    # 1. the biggest disagreement, and about whom
    if view.disputed and m >= 2:
        d = view.disputed[0]
        name = label(d["pillar"])
        if view.hidden:
            text = (f"{name} ranges from {ordinal(d['rank_min'])} to {ordinal(d['rank_max'])} "
                    "place in the team's rankings: what does each of you see customers "
                    "doing there?")
        else:
            short = dict(zip(view.labels, view.short_labels, strict=True))
            top = _join([short[x] for x in d["ranked_min_by"]])
            bottom = _join([short[x] for x in d["ranked_max_by"]])
            text = (f"{name}: {ordinal(d['rank_min'])} for {top}, {ordinal(d['rank_max'])} "
                    f"for {bottom}. What has each side seen customers do that the other "
                    "has not?")
        out.append({"kind": "disagreement", "pillar": d["pillar"], "text": text})

    # 2. ranked high for customers, scored low by the team
    means = {s["pillar"]: s["mean"] for s in view.scores if s["mean"] is not None}
    if means:
        overall = sum(means.values()) / len(means)
        top_k = max(2, min(3, fw.n // 3))
        top = [c for c in view.consensus[:top_k] if c["pillar"] in means]
        if top:
            weakest = min(top, key=lambda c: (means[c["pillar"]], c["position"]))
            pid = weakest["pillar"]
            if means[pid] < overall or means[pid] < 3:
                out.append({"kind": "important_but_weak", "pillar": pid, "text": (
                    f"The team puts {label(pid)} {ordinal(weakest['position'])} for customers "
                    f"but scores itself {means[pid]:.1f}/5 there (team average "
                    f"{overall:.1f}). Who owns it, and what would raise it by one point?")})

    # 3. the colleague furthest from the rest
    if view.alignment and not view.hidden:
        valid = [a for a in view.alignment if a["rho_vs_rest"] is not None]
        if valid:
            far = min(valid, key=lambda a: (a["rho_vs_rest"], a["respondent"]))
            # below the significance threshold: their order is not recognisably the
            # team's; with too few pillars for any threshold, below zero
            thr = view.pairwise["threshold"]["rho"]
            if far["rho_vs_rest"] < (0.0 if thr is None else thr):
                r = view.labels.index(far["respondent"])
                order = np.argsort(view.rank_matrix[r], kind="stable")[:3]
                tops = ", ".join(label(fw.ids[i]) for i in order)
                role = f" ({view.roles[r]})" if view.roles[r] else ""
                who = view.short_labels[r]
                out.append({"kind": "outlier", "respondent": far["respondent"], "text": (
                    f"{who}{role} ranks furthest from the rest of the team (ρ = "
                    f"{far['rho_vs_rest']:.2f} with the others' mean order); their top three "
                    f"are {tops}. Ask {who} what customers show them that the team misses.")})

    # 4. a strength customers may not care about
    if means and len(out) < 3:
        pos = {c["pillar"]: c["position"] for c in view.consensus}
        best = max(means, key=lambda p: (means[p], -pos[p]))
        if pos[best] > fw.n - max(2, fw.n // 3) and means[best] > overall:
            out.append({"kind": "strength_low_priority", "pillar": best, "text": (
                f"You score yourselves highest on {label(best)} ({means[best]:.1f}/5) but rank "
                f"it {ordinal(pos[best])} of {fw.n} for customers: is effort going where "
                "customers look?")})

    # 5. agreement that could be chance
    agreement = view.agreement
    if len(out) < 3 and m >= 2 and agreement["significant"] is False:
        first = view.consensus[0]
        out.append({"kind": "low_agreement", "text": (
            f"With W = {agreement['kendall_w']:.2f} ({format_p(agreement['p_value'])}) the "
            f"team's order, {label(first['pillar'])} first, could be chance. Before asking "
            "customers, agree what each pillar covers for you.")})

    if m < 2:
        out.append({"kind": "few_respondents", "text": (
            "One ranking is one opinion: ask colleagues to run `cx-pillars rate` before "
            "reading this as the team's view.")})
    return out[:3]


def team_view(assessments: Sequence[Assessment], fw: Framework, *, all_runs: bool = False,
              alpha: float = ALPHA) -> TeamView:
    """Analyse the runs in a window: each colleague's latest (or ``all_runs``: every run).

    ``assessments`` are the runs in the window (any order); raises ValueError when empty.
    """
    window = list(assessments)
    if not window:
        raise ValueError("no assessments to analyse")
    used = window if all_runs else latest_per_respondent(window)
    members = sorted(used, key=_sort_key)
    ids = fw.ids
    n = fw.n
    names = _team_names(window)
    labels = _labels(members)
    short = _short_labels(labels, members)

    matrix = stats.rank_matrix([a.ranking for a in members], ids)
    counts = stats.position_counts([a.ranking for a in members], ids)
    lo, hi = stats.rank_range(matrix)
    consensus = stats.consensus_order(ids, stats.mean_ranks(matrix), counts.first_places, lo, hi)
    index = {pid: i for i, pid in enumerate(ids)}
    for record in consensus:
        record["positions"] = [int(c) for c in counts.counts[index[record["pillar"]]]]

    anonymity = _anonymity(members, names)
    hidden = anonymity["per_person_hidden"]

    disputed = [d for d in stats.disputed(ids, matrix) if d["spread"] > 0][:DISPUTED_LIMIT]
    for d in disputed:
        column = matrix[:, index[d["pillar"]]]
        d["ranked_min_by"] = None if hidden else _placed_by(column, d["rank_min"], labels)
        d["ranked_max_by"] = None if hidden else _placed_by(column, d["rank_max"], labels)

    ratings = [a.ratings for a in members]
    scores = stats.score_summary(ratings, ids)
    total = stats.total_summary(ratings, ids)
    strongest, weakest = _extremes(scores)
    pairwise = _pairwise(matrix, labels, hidden, n, alpha)
    alignment = None if hidden or len(members) > PAIRWISE_MAX else _alignment(matrix, labels)
    team_keys = sorted({_team_key(a) for a in members})
    people = {("anon", a.id) if a.anonymous else (_team_key(a), a.respondent.casefold())
              for a in members}

    view = TeamView(
        framework=fw,
        team=names[team_keys[0]] if len(team_keys) == 1 else None,
        teams=sorted(names[k] for k in team_keys),
        respondents=len(members),
        distinct_respondents=len(people),
        runs=len(window),
        skipped_older=len(window) - len(members),
        all_runs=all_runs,
        first=min(a.created for a in members).date().isoformat(),
        last=max(a.created for a in members).date().isoformat(),
        labels=labels,
        short_labels=short,
        roles=[a.role for a in members],
        rank_matrix=matrix,
        consensus=consensus,
        agreement=_agreement(matrix, alpha),
        scores=scores,
        total=total,
        disputed=disputed,
        pairwise=pairwise,
        alignment=alignment,
        strongest=strongest,
        weakest=weakest,
        anonymity=anonymity,
        prompts=[],
        method=_method(n, alpha, pairwise["threshold"], all_runs),
    )
    view.prompts = _prompts(view)
    return view


# ------------------------------------------------------------------------------ trend


def trend(assessments: Sequence[Assessment], fw: Framework) -> dict:
    """The team's mean total and per-pillar mean scores by calendar quarter (UTC).

    Every run in the window counts, but within one quarter only each colleague's
    latest run of that quarter (so a colleague who rated twice in a quarter is not
    counted twice). Returns::

        {"quarters": [{"quarter": "2026-Q3", "respondents", "runs",
                       "total": {"mean", "min", "max", "max_possible", "respondents"},
                       "scores": [{"pillar", "mean"}...] (catalog order),
                       "withheld": null | reason}...] (oldest first),
         "change": {"from", "to", "total_mean", "scores": [{"pillar", "change"}]} | null,
         "note": sentence | null, "method": sentence}

    A quarter whose runs are anonymous and fewer than :data:`ANONYMITY_MIN` has its
    numbers withheld (null), since its mean would be one or two persons' answers.
    """
    runs = list(assessments)
    ids = fw.ids
    groups: dict[str, list[Assessment]] = {}
    for a in runs:
        groups.setdefault(quarter_of(a), []).append(a)
    quarters = []
    for q in sorted(groups):
        members = latest_per_respondent(groups[q])
        names = _team_names(members)
        withheld = _anonymity(members, names)["reason"]
        ratings = [a.ratings for a in members]
        total = stats.total_summary(ratings, ids)
        scores = [{"pillar": s["pillar"], "mean": s["mean"]}
                  for s in stats.score_summary(ratings, ids)]
        if withheld:
            total.update({"mean": None, "min": None, "max": None})
            scores = [{"pillar": s["pillar"], "mean": None} for s in scores]
        quarters.append({"quarter": q, "respondents": len(members), "runs": len(groups[q]),
                         "total": total, "scores": scores,
                         "withheld": "anonymity" if withheld else None})
    shown = [q for q in quarters if q["withheld"] is None]
    change = None
    if len(shown) >= 2:
        a, b = shown[0], shown[-1]
        change = {"from": a["quarter"], "to": b["quarter"],
                  "total_mean": b["total"]["mean"] - a["total"]["mean"],
                  "scores": [{"pillar": x["pillar"], "change": y["mean"] - x["mean"]}
                             for x, y in zip(a["scores"], b["scores"], strict=True)]}
    note = None
    if len(quarters) == 1:
        note = (f"All runs in the window fall in one quarter ({quarters[0]['quarter']}): "
                "there is no trend to show yet. Rate again next quarter.")
    elif not quarters:
        note = "No runs in the window."
    elif any(q["respondents"] < 3 for q in quarters):
        thin = ", ".join(q["quarter"] for q in quarters if q["respondents"] < 3)
        note = f"{thin}: fewer than three colleagues, so a change there may be one person's."
    return {"quarters": quarters, "change": change, "note": note,
            "method": ("Per calendar quarter (UTC): each colleague's latest run in that quarter; "
                       "mean of their totals and of each pillar's score.")}


# --------------------------------------------------------------------------- by team


@dataclass
class TeamComparison:
    """Several teams side by side; :meth:`to_json` documents the shape."""

    framework: Framework
    views: list[TeamView]
    between: list[dict]
    threshold: dict

    def to_json(self) -> dict:
        """``team --by team --json``::

            {"pillars": [ids in catalog order],
             "teams": [{"team": name, <the team view of that team, as team --json>}...]
                      (largest team first, then by name),
             "between": [{"teams": [a, b], "spearman_rho", "p_value", "method",
                          "significant"}...] (every pair, least alike first; rho is
                          Spearman's between the two teams' mean-rank vectors),
             "threshold": {"n", "alpha", "rho", "tau", "method"}}
        """
        return {
            "pillars": list(self.framework.ids),
            "teams": [{"team": v.team, **v.to_json()} for v in self.views],
            "between": self.between,
            "threshold": self.threshold,
        }


def by_team(assessments: Sequence[Assessment], fw: Framework, *, all_runs: bool = False,
            alpha: float = ALPHA) -> TeamComparison:
    """One :func:`team_view` per team (teams matched case-insensitively) and Spearman's rho
    between every two teams' mean-rank vectors."""
    window = list(assessments)
    if not window:
        raise ValueError("no assessments to analyse")
    groups: dict[str, list[Assessment]] = {}
    for a in window:
        groups.setdefault(_team_key(a), []).append(a)
    views = [team_view(g, fw, all_runs=all_runs, alpha=alpha) for g in groups.values()]
    views.sort(key=lambda v: (-v.respondents, (v.team or "").casefold()))
    mean_ranks = {}
    for v in views:
        by_pillar = {c["pillar"]: c["mean_rank"] for c in v.consensus}
        mean_ranks[v.team] = [by_pillar[p] for p in fw.ids]
    between = []
    for i in range(len(views)):
        for j in range(i + 1, len(views)):
            a, b = views[i].team, views[j].team
            corr = stats.spearman(mean_ranks[a], mean_ranks[b])
            between.append({"teams": [a, b], "spearman_rho": corr.coefficient,
                            "p_value": corr.p_value, "method": corr.method,
                            "significant": None if corr.p_value is None
                            else bool(corr.p_value < alpha)})
    between.sort(key=lambda r: (math.inf if r["spearman_rho"] is None else r["spearman_rho"],
                                r["teams"]))
    thr = views[0].pairwise["threshold"]
    return TeamComparison(fw, views, between, thr)
