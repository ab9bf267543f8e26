"""The team view: what colleagues believe customers value, how much they agree, where
they disagree and about whom, how they score the organisation, and what to discuss.

Pure functions from a list of :class:`~cx_pillars.assessment.Assessment` and a
:class:`~cx_pillars.pillars.Framework` to plain data; no I/O, no printing (the
terminal view is :mod:`cx_pillars.views.team`). The statistics themselves live in
:mod:`cx_pillars.stats`.

``team_view(...).to_json()`` is the ``team --json`` object of PRODUCT.md §7::

    {"respondents": 6, "pillars": [ids in catalog order],
     "consensus": [{"pillar", "position", "mean_rank", "first_places", "rank_min",
                    "rank_max", + "positions": [count at 1st, ..., count at nth],
                    "position_low", "position_high", "tied_with": [ids]}...],
     "agreement": {"kendall_w", "chi2", "df", "p_value",
                   + "method" ("exact permutation" or "chi-square": where p_value
                   comes from), "raters", "items", "alpha", "significant", "strength",
                   "reading", "smallest_p_value" (the p of identical rankings: the
                   least p this test can give these colleagues)},
     "scores": [{"pillar", "mean", "min", "max", + "respondents", "histogram": [n of 1..5]}...],
     "total": {"mean", "min", "max", "max_possible", + "respondents"},
     "disputed": [{"pillar", "rank_min", "rank_max", "spread",
                   + "sd", "ranked_min_by": [names], "ranked_max_by": [names]}...],
     "pairwise_spearman": {"respondents": [names], "matrix": [[rho...]...],
                           + "least": {"a", "b", "rho", "p_value"}, "most": {...},
                           "threshold": {"n", "alpha", "rho", "tau", "method"}},
     + "head_to_head": [{"a", "b", "a_above_b", "b_above_a", "p_value", "p_adjusted"}...]
                       (adjacent pairs of the consensus: exact sign tests, Holm-adjusted),
     + "team", "teams", "runs", "skipped_older", "all_runs", "distinct_respondents",
       "from", "to", "strongest", "weakest", "alignment": [{"respondent", "rho_vs_rest"}],
       "anonymity": {"per_person_hidden" (always false: see below), "anonymous_runs",
                     "reason", + "left_out", "k"},
       "prompts": [{"kind", "values": {...}, "text"} (+ "pillar" or "respondent")],
       "method": {section: sentence},
       "trend": <see trend()> (only when asked for)}

Keys, ids, kinds, numbers and respondent labels ("anonymous", "anonymous 2") never
depend on the language. The sentences do: ``agreement.reading``, ``prompts[].text``,
``method``, ``anonymity.reason`` and the trend's ``note`` and ``method`` are written in
the ``lang`` given to :func:`team_view` (``team --lang``; English by default). A prompt's
``kind`` and ``values`` (pillar ids, positions, means, ρ, p, labels) are the data its
text is written from, by :func:`prompt_text`, the one place prompts become words.

``consensus`` is in position order, ``pillars`` and ``scores`` in catalog order,
``disputed`` most disputed first (at most :data:`DISPUTED_LIMIT`, spread > 0 only).
Undefined numbers are ``null``. The anonymity rule (:mod:`cx_pillars.anonymity`) works
on the runs before any figure: a team's anonymous runs count only when at least
:data:`ANONYMITY_MIN` people rated anonymously there; otherwise they are left out of
every figure, ``anonymity.left_out`` says how many and ``anonymity.reason`` why. So
no figure rests on fewer than three anonymous people, and what is shown person by
person is every colleague's own (``per_person_hidden`` is kept for readers of the
contract and is always false).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, SupportsFloat

import numpy as np

from cx_pillars import anonymity as anon
from cx_pillars import i18n, stats
from cx_pillars.assessment import Assessment
from cx_pillars.errors import CxError
from cx_pillars.i18n import join_names, plural, t
from cx_pillars.pillars import Framework
from cx_pillars.stats import Record

__all__ = [
    "ANONYMITY_MIN",
    "DISPUTED_LIMIT",
    "PAIRWISE_MAX",
    "TeamComparison",
    "TeamView",
    "agreement_strength",
    "by_team",
    "colleagues_to_separate",
    "format_p",
    "num",
    "ordinal",
    "p_digits",
    "prompt_text",
    "quarter_of",
    "team_name",
    "team_view",
    "trend",
]

#: No figure rests on fewer anonymous people than this (PRODUCT.md §3).
ANONYMITY_MIN = anon.K

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

#: The catalog key (``team.strength.<key>``) of each reading; the English words above
#: are the language-neutral ``agreement.strength`` of the JSON.
STRENGTH_KEYS = {
    "no real agreement": "none",
    "weak agreement": "weak",
    "moderate agreement": "moderate",
    "strong agreement": "strong",
    "very strong agreement": "very_strong",
}

#: The team of runs with no team, in the JSON; on screen it is ``team.no_team``.
NO_TEAM = "(no team)"

#: Labels of anonymous runs in the JSON (language-neutral, like names).
ANONYMOUS = ("anonymous", "anonymous {k}")


# ---------------------------------------------------------------------------- helpers


def ordinal(k: float, lang: str = "en") -> str:
    """A place as the language writes it: 1 -> '1st' / '1.' / '第1', 11 -> '11th',
    4.5 -> '4.5th' / '4,5.' / '第4.5' (a tied place, written like 4th)."""
    if float(k) == int(k):
        return i18n.ordinal(int(k), lang)
    # the language's pattern for a place, with the tied place in its digits
    return i18n.ordinal(4, lang).replace("4", num(k, 2, lang=lang).rstrip("0"), 1)


def num(x: float | None, digits: int = 1, sign: bool = False, lang: str = "en") -> str:
    """A number in the language's notation (2.5, 2,5); '–' for None."""
    return i18n.number(x, digits, sign, lang=lang)


def agreement_strength(w: float | None) -> str | None:
    """The verbal size of Kendall's W (see :data:`W_READINGS`); None when W is."""
    if w is None:
        return None
    for bound, words in W_READINGS:
        if w < bound:
            return words
    return W_READINGS[-1][1]  # pragma: no cover - the last bound is infinite


def p_digits(p: float, alpha: float = ALPHA) -> int:
    """Decimals to print p with: 2 (3 below 0.01), more while the rounded p would land
    on the significance level or on its other side, so that a printed p never
    contradicts the verdict beside it: 0.048 -> 3 ('0.048', not '0.05'), 0.0504 -> 4."""
    digits = 3 if p < 0.01 else 2
    while digits < 12:
        shown = round(p, digits)
        if shown != round(alpha, digits) and (shown < alpha) == (p < alpha):
            break
        if p == alpha:
            break
        digits += 1
    return digits


def format_p(p: float | None, lang: str = "en", alpha: float = ALPHA) -> str:
    """'p = 0.03', 'p = 0.008', 'p = 0.048', 'p < 0.001', 'p undefined' in the language's
    notation; never rounded onto ``alpha`` or across it (see :func:`p_digits`)."""
    if p is None:
        return t("team.p_undefined", lang)
    if p < 0.001 and alpha > 0.001:
        return t("team.p_below", lang, p=num(0.001, 3, lang=lang))
    return t("team.p_equals", lang, p=num(p, p_digits(p, alpha), lang=lang))


def team_name(name: str, lang: str = "en") -> str:
    """A team's name for display: the one with no name in the language."""
    return t("team.no_team", lang) if name == NO_TEAM else name


def quarter_of(a: Assessment) -> str:
    """'2026-Q4' for a run created in October-December 2026 (UTC)."""
    return f"{a.created.year}-Q{(a.created.month - 1) // 3 + 1}"


def _team_key(a: Assessment) -> str:
    return a.team.casefold().strip()


def _team_names(assessments: Sequence[Assessment]) -> dict[str, str]:
    """Team key -> the spelling used most often (ties: alphabetically first)."""
    spellings: dict[str, Counter[str]] = {}
    for a in assessments:
        spellings.setdefault(_team_key(a), Counter())[a.team.strip() or NO_TEAM] += 1
    return {key: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for key, c in spellings.items()}


def _sort_key(a: Assessment) -> tuple[bool, str, str, datetime, str]:
    """Named colleagues alphabetically, then anonymous runs; independent of file order."""
    return (a.anonymous, a.respondent.casefold(), _team_key(a), a.created, a.id)


def _labels(members: Sequence[Assessment], lang: str | None = None) -> list[str]:
    """A unique, readable label per ranking: the name; 'anonymous', 'anonymous 2', ...;
    the team when a name occurs in several teams; the date when one person has
    several runs (``--all-runs``). Language-neutral (the JSON's) unless ``lang`` is
    given: then the words for anonymous runs and for no team are that language's."""
    anonymous, anonymous_k = (
        ANONYMOUS if lang is None else (t("team.anonymous", lang), t("team.anonymous_n", lang))
    )
    no_team = NO_TEAM if lang is None else t("team.no_team", lang)
    names = Counter(a.respondent.casefold() for a in members if not a.anonymous)
    teams_per_name: dict[str, set[str]] = {}
    for a in members:
        if not a.anonymous:
            teams_per_name.setdefault(a.respondent.casefold(), set()).add(_team_key(a))
    # Anonymous people numbered by their first run; one person's runs share a number.
    anon_order: dict[tuple[str, str, str], int] = {}
    for a in sorted((a for a in members if a.anonymous), key=lambda a: (a.created, a.id)):
        anon_order.setdefault(anon.person(a), len(anon_order) + 1)
    anon_runs = Counter(anon.person(a) for a in members if a.anonymous)
    labels = []
    for a in members:
        if a.anonymous:
            who = anon.person(a)
            label = anonymous if len(anon_order) == 1 else anonymous_k.format(k=anon_order[who])
            if anon_runs[who] > 1:
                label += f" {a.created:%Y-%m-%d}"
            labels.append(label)
            continue
        label = a.respondent
        if len(teams_per_name[a.respondent.casefold()]) > 1:
            label += f" ({a.team or no_team})"
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
    firsts = [
        lab.split()[0] if not a.anonymous and " " in a.respondent else lab
        for lab, a in zip(labels, members, strict=True)
    ]
    people: dict[str, set[str]] = {}
    for f, a in zip(firsts, members, strict=True):
        people.setdefault(f.casefold(), set()).add(a.respondent.casefold())
    out = []
    for f, lab, a in zip(firsts, labels, members, strict=True):
        if a.anonymous or len(people[f.casefold()]) > 1 or lab != a.respondent:
            out.append(lab)
        else:
            out.append(f)
    return out


def _none_if_nan(x: SupportsFloat) -> float | None:
    x = float(x)
    return None if math.isnan(x) else x


# --------------------------------------------------------------------------- the view


@dataclass
class TeamView:
    """The analysed team; plain data. :meth:`to_json` gives the §7 object."""

    framework: Framework
    team: str | None  # the one team, or None when several
    teams: list[str]
    respondents: int  # rankings analysed (m)
    distinct_respondents: int
    runs: int  # runs in the window
    skipped_older: int
    all_runs: bool
    first: str | None  # ISO dates of the oldest / newest run used
    last: str | None
    labels: list[str]  # per ranking, in matrix row order (the JSON's)
    short_labels: list[str]  # the same rankings as shown (first names, lang)
    roles: list[str]
    rank_matrix: np.ndarray  # m x n, catalog order columns
    consensus: list[Record]
    agreement: Record
    scores: list[Record]
    total: Record
    disputed: list[Record]
    pairwise: Record
    alignment: list[Record] | None
    strongest: list[str]
    weakest: list[str]
    anonymity: Record
    prompts: list[Record]
    method: Record
    trend: Record | None = None
    extra: Record = field(default_factory=dict)
    head_to_head: list[Record] = field(default_factory=list)
    lang: str = "en"  # the language of the sentences and the screen

    def shown(self, label: str) -> str:
        """How a ranking's label (as in the JSON) is shown: 'Ana', 'osoba anonimowa 2'.

        Found through an index of the labels (10,000 runs: no search through them for
        each name a prompt or pair mentions), rebuilt whenever it no longer matches."""
        index: dict[str, int] = self.__dict__.get("_label_index") or {}
        k = index.get(label)
        if k is None or k >= len(self.labels) or self.labels[k] != label:
            index = {}
            for i, x in enumerate(self.labels):
                index.setdefault(x, i)
            self.__dict__["_label_index"] = index
            k = index.get(label)
            if k is None:
                raise ValueError(f"{label!r} is not a ranking's label")
        return self.short_labels[k]

    def shown_list(self, labels: Sequence[str]) -> str:
        """Several rankings' labels as shown, joined as the language joins a list."""
        return join_names([self.shown(x) for x in labels], self.lang)

    def score(self, pillar: str) -> Record:
        return next(s for s in self.scores if s["pillar"] == pillar)

    def to_json(self) -> Record:
        doc = {
            "respondents": self.respondents,
            "pillars": list(self.framework.ids),
            "consensus": self.consensus,
            "agreement": self.agreement,
            "scores": self.scores,
            "total": self.total,
            "disputed": self.disputed,
            "pairwise_spearman": self.pairwise,
            "head_to_head": self.head_to_head,
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


def _anonymity(screened: anon.Screened, names: dict[str, str], lang: str = "en") -> Record:
    """The ``anonymity`` record: what the rule left out, and why, in ``lang``."""
    left = len(screened.left_out)
    reason = None
    if left:
        reason = plural(
            "team.anonymity_reason",
            left,
            lang,
            teams=join_names([team_name(names[key], lang) for key in screened.teams], lang),
            k=ANONYMITY_MIN,
        )
    return {
        "per_person_hidden": False,
        "anonymous_runs": sum(a.anonymous for a in screened.members),
        "reason": reason,
        "left_out": left,
        "k": ANONYMITY_MIN,
    }


def _screen(window: Sequence[Assessment], lang: str) -> anon.Screened:
    """The anonymity rule on a window; a window it leaves empty is an error saying why."""
    screened = anon.screen(window)
    if window and not screened.members:
        raise CxError(
            t(
                "team.error.all_withheld",
                lang,
                runs=plural("team.count.runs", len(window), lang),
                k=ANONYMITY_MIN,
            ),
            hint=t("team.error.all_withheld_hint", lang),
        )
    return screened


def _smallest_w_p(matrix: np.ndarray) -> float | None:
    """The smallest p-value W's test can give for these colleagues' rankings: the p of
    everyone putting the pillars in one order (each with their own ties), the largest W
    there is. With two colleagues ranking three pillars it is 1/6, so no agreement
    could ever pass."""
    return stats.kendall_w_test(np.sort(matrix, axis=1)).p_value


def _agreement(matrix: np.ndarray, alpha: float, lang: str = "en") -> Record:
    result = stats.kendall_w_test(matrix).as_dict()
    m, n = matrix.shape
    w, p = result["kendall_w"], result["p_value"]
    strength = agreement_strength(w)
    significant = None if p is None else bool(p < alpha)
    smallest = None if p is None else _smallest_w_p(matrix)
    if m < 2:
        reading = t("team.reading.needs_two", lang)
    elif w is None or strength is None:  # strength is None exactly when w is
        reading = t("team.reading.undefined", lang)
    else:
        values = {
            "strength": t(f"team.strength.{STRENGTH_KEYS[strength]}", lang),
            "w": num(w, 2, lang=lang),
            "p": format_p(p, lang, alpha),
            "people": plural("team.count.people_with", m, lang),
        }
        if significant:
            reading = t("team.reading.significant", lang, **values)
            if w < 0.3:
                reading += t("team.reading.still_weak", lang)
        elif smallest is not None and smallest >= alpha:
            reading = t(
                "team.reading.cannot",
                lang,
                **values,
                n=n,
                smallest=format_p(smallest, lang, alpha),
            )
        else:
            reading = t("team.reading.not_significant", lang, **values)
            if w >= 0.3:
                reading += t("team.reading.more", lang)
    result.update(
        {
            "alpha": alpha,
            "significant": significant,
            "strength": strength,
            "reading": reading,
            "smallest_p_value": smallest,
        }
    )
    return result


def _head_to_head(
    consensus: list[Record], rankings: Sequence[Sequence[str]], ids: Sequence[str]
) -> list[Record]:
    """Which neighbouring positions of the consensus the colleagues' rankings tell apart.

    For each two adjacent pillars A, B of the consensus: how many colleagues put A above
    B and how many B above A, an exact two-sided sign test, Holm-adjusted over the n - 1
    pairs (:func:`cx_pillars.stats.head_to_head`). Pillars joined by pairs that do not
    pass form a group; every consensus record gains ``position_low``/``position_high``
    (the group's span) and ``tied_with`` (the group's other pillars, in order).
    Returns the pairs, ``[{"a", "b", "a_above_b", "b_above_a", "p_value",
    "p_adjusted"}...]`` in consensus order.
    """
    order = [c["pillar"] for c in consensus]
    tests = stats.head_to_head(order, ids, stats.preference_matrix(rankings, ids).tolist())
    ranges = stats.position_ranges(order, tests)
    for record in consensus:
        record.update(ranges[record["pillar"]])
    return tests


def colleagues_to_separate(n: int, alpha: float = ALPHA) -> int:
    """The fewest colleagues who could tell two neighbouring pillars apart at all: all
    of them putting one above the other, against Holm's strictest step over the n - 1
    pairs, (n - 1) x sign-test p < alpha. 9 for ten pillars (2/2^9 x 9 = 0.035)."""
    m = 1
    while (n - 1) * stats.sign_test(m, 0) >= alpha:
        m += 1
    return m


def _placed_by(column: np.ndarray, value: float, labels: Sequence[str]) -> list[str]:
    return [labels[r] for r in range(len(labels)) if abs(column[r] - value) < 1e-9]


def _pairwise(matrix: np.ndarray, labels: Sequence[str], n: int, alpha: float) -> Record:
    threshold = stats.significance_threshold(n, alpha)
    thr = {
        "n": n,
        "alpha": alpha,
        "two_sided": True,
        "rho": threshold.rho,
        "tau": threshold.tau,
        "method": threshold.method,
    }
    m = matrix.shape[0]
    out: Record = {
        "respondents": None,
        "matrix": None,
        "least": None,
        "most": None,
        "threshold": thr,
        "withheld": None,
    }
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
                out[key] = {
                    "a": labels[i],
                    "b": labels[j],
                    "rho": float(values[k]),
                    "p_value": corr.p_value,
                    "method": corr.method,
                    "significant": None if corr.p_value is None else bool(corr.p_value < alpha),
                }
    return out


def _alignment(matrix: np.ndarray, labels: Sequence[str]) -> list[Record] | None:
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


def _extremes(scores: list[Record]) -> tuple[list[str], list[str]]:
    means = [s["mean"] for s in scores if s["mean"] is not None]
    if not means:
        return [], []
    hi, lo = max(means), min(means)
    strongest = [
        s["pillar"] for s in scores if s["mean"] is not None and abs(s["mean"] - hi) < 1e-9
    ]
    weakest = [s["pillar"] for s in scores if s["mean"] is not None and abs(s["mean"] - lo) < 1e-9]
    return strongest, weakest


def _method(
    n: int,
    alpha: float,
    threshold: Record,
    all_runs: bool,
    lang: str = "en",
    agreement_method: str | None = stats.W_CHI_SQUARE,
) -> Record:
    rho = threshold["rho"]
    pairwise = (
        t(
            "team.method.pairwise_threshold",
            lang,
            n=n,
            alpha=f"{alpha:.0%}",
            rho=num(rho, 2, lang=lang),
        )
        if rho is not None
        else t("team.method.pairwise_none", lang, n=n)
    )
    return {
        "selection": t(
            "team.method.selection_all" if all_runs else "team.method.selection_latest", lang
        ),
        "consensus": t("team.method.consensus", lang, n=n),
        "agreement": t(
            "team.method.agreement_exact"
            if agreement_method == stats.W_EXACT
            else "team.method.agreement",
            lang,
        ),
        "disputed": t("team.method.disputed", lang),
        "positions": t("team.method.positions", lang, pairs=n - 1),
        "pairwise": pairwise,
        "scores": t("team.method.scores", lang, max=5 * n),
    }


def _prompts(view: TeamView) -> list[Record]:
    """Two or three discussion prompts drawn from this view's numbers, most telling first.

    Each is ``{"kind", "values"}`` (+ ``"pillar"`` or ``"respondent"``): what the prompt
    is about and the numbers, ids and labels it rests on, in no language;
    :func:`prompt_text` writes it.
    """
    fw, out = view.framework, []
    m = view.respondents

    # 1. the biggest disagreement, and about whom (no names under the anonymity rule)
    if view.disputed and m >= 2:
        d = view.disputed[0]
        out.append(
            {
                "kind": "disagreement",
                "pillar": d["pillar"],
                "values": {
                    "pillar": d["pillar"],
                    "first": d["rank_min"],
                    "last": d["rank_max"],
                    "top": d["ranked_min_by"],
                    "bottom": d["ranked_max_by"],
                },
            }
        )

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
                out.append(
                    {
                        "kind": "important_but_weak",
                        "pillar": pid,
                        "values": {
                            "pillar": pid,
                            "position": weakest["position"],
                            "mean": means[pid],
                            "team_mean": overall,
                        },
                    }
                )

    # 3. the colleague furthest from the rest
    if view.alignment:
        valid = [a for a in view.alignment if a["rho_vs_rest"] is not None]
        if valid:
            far = min(valid, key=lambda a: (a["rho_vs_rest"], a["respondent"]))
            # below the significance threshold: their order is not recognisably the
            # team's; with too few pillars for any threshold, below zero
            thr = view.pairwise["threshold"]["rho"]
            if far["rho_vs_rest"] < (0.0 if thr is None else thr):
                r = view.labels.index(far["respondent"])
                order = np.argsort(view.rank_matrix[r], kind="stable")[:3]
                out.append(
                    {
                        "kind": "outlier",
                        "respondent": far["respondent"],
                        "values": {
                            "who": far["respondent"],
                            "role": view.roles[r],
                            "rho": far["rho_vs_rest"],
                            "top_three": [fw.ids[i] for i in order],
                        },
                    }
                )

    # 4. a strength customers may not care about
    if means and len(out) < 3:
        pos = {c["pillar"]: c["position"] for c in view.consensus}
        best = max(means, key=lambda p: (means[p], -pos[p]))
        if pos[best] > fw.n - max(2, fw.n // 3) and means[best] > overall:
            out.append(
                {
                    "kind": "strength_low_priority",
                    "pillar": best,
                    "values": {
                        "pillar": best,
                        "mean": means[best],
                        "position": pos[best],
                        "n": fw.n,
                    },
                }
            )

    # 5. agreement that could be chance
    agreement = view.agreement
    if len(out) < 3 and m >= 2 and agreement["significant"] is False:
        out.append(
            {
                "kind": "low_agreement",
                "values": {
                    "w": agreement["kendall_w"],
                    "p": agreement["p_value"],
                    "pillar": view.consensus[0]["pillar"],
                },
            }
        )

    if m < 2:
        out.append({"kind": "few_respondents", "values": {}})
    return out[:3]


def prompt_text(prompt: Record, view: TeamView) -> str:
    """A prompt's sentence in the view's language: ``team.prompt.<kind>`` filled in with
    its values, each written the way its name says (ids as pillar labels, places as
    ordinals, numbers in the language's notation, labels as the names shown)."""
    lang, fw = view.lang, view.framework
    values = prompt["values"]
    key = prompt["kind"]
    writers: dict[str, Callable[[Any], str]] = {
        "pillar": lambda v: fw.label(v, lang, short=True),
        "top_three": lambda v: t("common.list_sep", lang).join(
            fw.label(i, lang, short=True) for i in v
        ),
        "first": lambda v: ordinal(v, lang),
        "last": lambda v: ordinal(v, lang),
        "position": lambda v: ordinal(v, lang),
        "top": lambda v: view.shown_list(v),
        "bottom": lambda v: view.shown_list(v),
        "who": view.shown,
        "role": lambda v: t("team.prompt.role", lang, role=v) if v else "",
        "mean": lambda v: num(v, 1, lang=lang),
        "team_mean": lambda v: num(v, 1, lang=lang),
        "rho": lambda v: num(v, 2, sign=True, lang=lang),
        "w": lambda v: num(v, 2, lang=lang),
        "p": lambda v: format_p(v, lang),
        "n": str,
    }
    filled = {
        name: writers[name](v)
        for name, v in values.items()
        if not (v is None and name in ("top", "bottom"))
    }
    return t(f"team.prompt.{key}", lang, **filled)


def team_view(
    assessments: Sequence[Assessment],
    fw: Framework,
    *,
    all_runs: bool = False,
    alpha: float = ALPHA,
    lang: str = "en",
) -> TeamView:
    """Analyse the runs in a window: each colleague's latest (or ``all_runs``: every run).

    ``assessments`` are the runs in the window (any order); raises ValueError when empty.
    The sentences (reading, prompts, method, anonymity) are written in ``lang``.
    """
    window = list(assessments)
    if not window:
        raise ValueError("no assessments to analyse")
    screened = _screen(window, lang)
    used = screened.members if all_runs else anon.latest_each(screened.members)
    members = sorted(used, key=_sort_key)
    ids = fw.ids
    n = fw.n
    names = _team_names(window)
    labels = _labels(members)
    # The language's labels differ only by its words for anonymous runs and no team.
    worded = any(a.anonymous or not a.team for a in members)
    short = _short_labels(_labels(members, lang) if worded else labels, members)

    matrix = stats.rank_matrix([a.ranking for a in members], ids)
    counts = stats.position_counts([a.ranking for a in members], ids)
    lo, hi = stats.rank_range(matrix)
    consensus = stats.consensus_order(ids, stats.mean_ranks(matrix), counts.first_places, lo, hi)
    index = {pid: i for i, pid in enumerate(ids)}
    for record in consensus:
        record["positions"] = [int(c) for c in counts.counts[index[record["pillar"]]]]
    head_to_head = _head_to_head(consensus, [a.ranking for a in members], ids)

    anonymity = _anonymity(screened, names, lang)

    disputed = [d for d in stats.disputed(ids, matrix) if d["spread"] > 0][:DISPUTED_LIMIT]
    for d in disputed:
        column = matrix[:, index[d["pillar"]]]
        d["ranked_min_by"] = _placed_by(column, d["rank_min"], labels)
        d["ranked_max_by"] = _placed_by(column, d["rank_max"], labels)

    ratings = [a.ratings for a in members]
    scores = stats.score_summary(ratings, ids)
    total = stats.total_summary(ratings, ids)
    strongest, weakest = _extremes(scores)
    pairwise = _pairwise(matrix, labels, n, alpha)
    alignment = None if len(members) > PAIRWISE_MAX else _alignment(matrix, labels)
    team_keys = sorted({_team_key(a) for a in members})
    people = {anon.person(a) for a in members}

    agreement = _agreement(matrix, alpha, lang)
    pair = pairwise["most"]
    if len(members) == 2 and agreement["significant"] and pair and not pair["significant"]:
        # two colleagues: W = (1 + rho) / 2 and its exact test is rho's one-sided test,
        # so it can pass where rho's two-sided test below does not; say which is which
        agreement["reading"] += t("team.reading.two_sided", lang)
    view = TeamView(
        framework=fw,
        team=names[team_keys[0]] if len(team_keys) == 1 else None,
        teams=sorted(names[k] for k in team_keys),
        respondents=len(members),
        distinct_respondents=len(people),
        runs=len(window),
        skipped_older=len(screened.members) - len(members),
        all_runs=all_runs,
        first=min(a.created for a in members).date().isoformat(),
        last=max(a.created for a in members).date().isoformat(),
        labels=labels,
        short_labels=short,
        roles=[a.role for a in members],
        rank_matrix=matrix,
        consensus=consensus,
        agreement=agreement,
        scores=scores,
        total=total,
        disputed=disputed,
        pairwise=pairwise,
        alignment=alignment,
        strongest=strongest,
        weakest=weakest,
        anonymity=anonymity,
        prompts=[],
        method=_method(n, alpha, pairwise["threshold"], all_runs, lang, agreement["method"]),
        lang=lang,
        head_to_head=head_to_head,
    )
    view.prompts = [{**p, "text": prompt_text(p, view)} for p in _prompts(view)]
    return view


# ------------------------------------------------------------------------------ trend


def trend(assessments: Sequence[Assessment], fw: Framework, lang: str = "en") -> Record:
    """The team's mean total and per-pillar mean scores by calendar quarter (UTC).

    Every run in the window counts, but within one quarter only each colleague's
    latest run of that quarter (so a colleague who rated twice in a quarter is not
    counted twice). Returns::

        {"quarters": [{"quarter": "2026-Q3", "respondents", "runs",
                       "total": {"mean", "min", "max", "max_possible", "respondents"},
                       "scores": [{"pillar", "mean"}...] (catalog order),
                       "withheld": null | reason, "left_out"}...] (oldest first),
         "change": {"from", "to", "total_mean", "scores": [{"pillar", "change"}],
                    "paired": {"respondents", "joined", "left", "anonymous",
                               "from_mean", "to_mean", "total_mean",
                               "scores": [{"pillar", "change"}]}} | null,
         "note": sentence | null, "method": sentence}

    ``change.paired`` compares like with like: the same change over only the named
    colleagues who rated in both quarters (matched by team and name; anonymous runs
    cannot be matched), with how many joined and left in between, so a rise that is
    only new colleagues does not read as improvement. Its means are null when no
    colleague rated in both.

    Each quarter follows the anonymity rule on its own (``left_out``: its anonymous runs
    from fewer than :data:`ANONYMITY_MIN` people); a quarter left with no runs has its
    numbers withheld (null).
    ``note`` and ``method`` are written in ``lang``.
    """
    runs = list(assessments)
    ids = fw.ids
    groups: dict[str, list[Assessment]] = {}
    for a in runs:
        groups.setdefault(quarter_of(a), []).append(a)
    quarters: list[Record] = []
    members_of: dict[str, list[Assessment]] = {}
    for q in sorted(groups):
        screened = anon.screen(groups[q])
        members = anon.latest_each(screened.members)
        members_of[q] = members
        withheld = not members  # every run anonymous, from too few people
        ratings = [a.ratings for a in members]
        total = stats.total_summary(ratings, ids)
        scores = [
            {"pillar": s["pillar"], "mean": s["mean"]} for s in stats.score_summary(ratings, ids)
        ]
        if withheld:
            total.update({"mean": None, "min": None, "max": None})
            scores = [{"pillar": s["pillar"], "mean": None} for s in scores]
        quarters.append(
            {
                "quarter": q,
                "respondents": len(members),
                "runs": len(groups[q]),
                "total": total,
                "scores": scores,
                "withheld": "anonymity" if withheld else None,
                "left_out": len(screened.left_out),
            }
        )
    shown = [q for q in quarters if q["withheld"] is None]
    change = None
    if len(shown) >= 2:
        first, last = shown[0], shown[-1]
        change = {
            "from": first["quarter"],
            "to": last["quarter"],
            "total_mean": last["total"]["mean"] - first["total"]["mean"],
            "scores": [
                {"pillar": x["pillar"], "change": y["mean"] - x["mean"]}
                for x, y in zip(first["scores"], last["scores"], strict=True)
            ],
            "paired": _paired_change(
                members_of[first["quarter"]], members_of[last["quarter"]], ids
            ),
        }
    note = None
    if len(quarters) == 1:
        note = t("team.trend.one_quarter", lang, quarter=quarters[0]["quarter"])
    elif not quarters:
        note = t("team.trend.none", lang)
    elif any(q["respondents"] < 3 for q in quarters):
        thin = t("common.list_sep", lang).join(
            q["quarter"] for q in quarters if q["respondents"] < 3
        )
        note = t("team.trend.thin", lang, quarters=thin)
    return {
        "quarters": quarters,
        "change": change,
        "note": note,
        "method": t("team.trend.method", lang),
    }


def _paired_change(
    before: Sequence[Assessment], after: Sequence[Assessment], ids: Sequence[str]
) -> Record:
    """The change over the named colleagues who rated in both quarters (see trend)."""

    def named(runs: Sequence[Assessment]) -> dict[tuple[str, str], Assessment]:
        return {(a.team.casefold(), a.respondent.casefold()): a for a in runs if not a.anonymous}

    first, last = named(before), named(after)
    both = sorted(first.keys() & last.keys())
    complete = [
        k
        for k in both
        if all(
            first[k].ratings.get(i) is not None and last[k].ratings.get(i) is not None for i in ids
        )
    ]

    def mean(values: list[float]) -> float | None:
        return sum(values) / len(values) if values else None

    from_mean = mean([sum(first[k].ratings[i] for i in ids) for k in complete])
    to_mean = mean([sum(last[k].ratings[i] for i in ids) for k in complete])
    scores = []
    for i in ids:
        pairs = [
            (first[k].ratings[i], last[k].ratings[i])
            for k in both
            if first[k].ratings.get(i) is not None and last[k].ratings.get(i) is not None
        ]
        scores.append({"pillar": i, "change": mean([b - a for a, b in pairs])})
    return {
        "respondents": len(both),
        "joined": len(after) - len(both),
        "left": len(before) - len(both),
        "anonymous": any(a.anonymous for a in [*before, *after]),
        "from_mean": from_mean,
        "to_mean": to_mean,
        "total_mean": None if from_mean is None or to_mean is None else to_mean - from_mean,
        "scores": scores,
    }


# --------------------------------------------------------------------------- by team


@dataclass
class TeamComparison:
    """Several teams side by side; :meth:`to_json` documents the shape."""

    framework: Framework
    views: list[TeamView]
    between: list[Record]
    threshold: Record
    lang: str = "en"
    prompts: list[Record] = field(default_factory=list)

    def to_json(self) -> Record:
        """``team --by team --json``::

        {"pillars": [ids in catalog order],
         "teams": [{"team": name, <the team view of that team, as team --json>}...]
                  (largest team first, then by name),
         "between": [{"teams": [a, b], "spearman_rho", "p_value", "method",
                      "significant"}...] (every pair, least alike first; rho is
                      Spearman's between the two teams' mean-rank vectors),
         "threshold": {"n", "alpha", "rho", "tau", "method"},
         "prompts": [{"kind", "pillar", "values": {...}, "text"}...]
                    (where two teams differ most: "team_split", a pillar's place;
                    "score_gap", a pillar's self-score; in the run's language)}
        """
        return {
            "pillars": list(self.framework.ids),
            "teams": [{"team": v.team, **v.to_json()} for v in self.views],
            "between": self.between,
            "threshold": self.threshold,
            "prompts": self.prompts,
        }


def _team_prompts(views: Sequence[TeamView], fw: Framework, lang: str) -> list[Record]:
    """Where two teams differ most: the pillar one puts furthest above the other, and the
    pillar one scores itself furthest above the other (teams of two or more only)."""
    shown = [v for v in views if v.respondents >= 2]
    out: list[Record] = []
    best_place: tuple[int, str, TeamView, TeamView] | None = None
    best_score: tuple[float, str, TeamView, TeamView] | None = None
    for i, a in enumerate(shown):
        for b in shown[i + 1 :]:
            place_a = {c["pillar"]: c["position"] for c in a.consensus}
            place_b = {c["pillar"]: c["position"] for c in b.consensus}
            for pid in fw.ids:
                gap = abs(place_a[pid] - place_b[pid])
                if gap and (best_place is None or gap > best_place[0]):
                    hi, lo = (a, b) if place_a[pid] < place_b[pid] else (b, a)
                    best_place = (gap, pid, hi, lo)
                sa, sb = a.score(pid)["mean"], b.score(pid)["mean"]
                if sa is not None and sb is not None and abs(sa - sb) >= 0.5:
                    if best_score is None or abs(sa - sb) > best_score[0]:
                        hi, lo = (a, b) if sa > sb else (b, a)
                        best_score = (abs(sa - sb), pid, hi, lo)

    def place(v: TeamView, pid: str) -> int:
        return int(next(c["position"] for c in v.consensus if c["pillar"] == pid))

    if best_place is not None and best_place[0] >= 3:
        _, pid, hi, lo = best_place
        out.append(
            {
                "kind": "team_split",
                "pillar": pid,
                "values": {
                    "pillar": pid,
                    "high": hi.team,
                    "high_place": place(hi, pid),
                    "low": lo.team,
                    "low_place": place(lo, pid),
                },
            }
        )
    if best_score is not None:
        _, pid, hi, lo = best_score
        out.append(
            {
                "kind": "score_gap",
                "pillar": pid,
                "values": {
                    "pillar": pid,
                    "high": hi.team,
                    "high_score": hi.score(pid)["mean"],
                    "low": lo.team,
                    "low_score": lo.score(pid)["mean"],
                },
            }
        )
    for prompt in out:
        v = prompt["values"]
        prompt["text"] = t(
            f"team.by.prompt.{prompt['kind']}",
            lang,
            pillar=fw.label(v["pillar"], lang, short=True),
            high=team_name(v["high"], lang),
            low=team_name(v["low"], lang),
            high_place=ordinal(v.get("high_place", 0), lang),
            low_place=ordinal(v.get("low_place", 0), lang),
            high_score=num(v.get("high_score"), 1, lang=lang),
            low_score=num(v.get("low_score"), 1, lang=lang),
        )
    return out


def by_team(
    assessments: Sequence[Assessment],
    fw: Framework,
    *,
    all_runs: bool = False,
    alpha: float = ALPHA,
    lang: str = "en",
) -> TeamComparison:
    """One :func:`team_view` per team (teams matched case-insensitively) and Spearman's rho
    between every two teams' mean-rank vectors."""
    window = list(assessments)
    if not window:
        raise ValueError("no assessments to analyse")
    groups: dict[str, list[Assessment]] = {}
    for a in window:
        groups.setdefault(_team_key(a), []).append(a)
    # A team whose every run is anonymous and from too few people has nothing to show
    # (the anonymity rule); the others are compared without it.
    shown = {key: g for key, g in groups.items() if anon.screen(g).members}
    if not shown:
        _screen(window, lang)  # says why
    views = [team_view(g, fw, all_runs=all_runs, alpha=alpha, lang=lang) for g in shown.values()]
    views.sort(key=lambda v: (-v.respondents, (v.team or "").casefold()))
    mean_ranks: dict[str | None, list[float]] = {}
    for v in views:
        by_pillar = {c["pillar"]: c["mean_rank"] for c in v.consensus}
        mean_ranks[v.team] = [by_pillar[p] for p in fw.ids]
    between = []
    for i in range(len(views)):
        for j in range(i + 1, len(views)):
            team_a, team_b = views[i].team, views[j].team
            corr = stats.spearman(mean_ranks[team_a], mean_ranks[team_b])
            between.append(
                {
                    "teams": [team_a, team_b],
                    "spearman_rho": corr.coefficient,
                    "p_value": corr.p_value,
                    "method": corr.method,
                    "significant": None if corr.p_value is None else bool(corr.p_value < alpha),
                }
            )
    between.sort(
        key=lambda r: (math.inf if r["spearman_rho"] is None else r["spearman_rho"], r["teams"])
    )
    thr = views[0].pairwise["threshold"]
    return TeamComparison(fw, views, between, thr, lang, _team_prompts(views, fw, lang))
