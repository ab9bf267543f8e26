"""Team against customers: the steps "compare", "prioritise" and "segment" of the method.

``compare(team, summary, fw)`` takes the analysed team (``team.TeamView``) and a
customer survey summary (``survey.summary.SurveySummary``) and returns plain data
whose ``to_json()`` is the ``compare --json`` object of PRODUCT.md §7:

    {"team": <team --json>, "customers": {"respondents", "margin_of_error", "ranking",
     "agreement"}, "gaps": [...], "correlation": {...}, "priorities": [...],
     "segments": [...], "perception_gap": [...], "nps": ..., "ces": ...}

plus ``survey``, ``sample`` (the sample-size reading), ``importance_performance``,
``readings`` and ``prompts``.  Definitions (PRODUCT.md §5): gap = team position −
customer position (positive: customers rank the pillar higher than the team does);
priorities are the customers' top k pillars with the team's mean self-score there;
the perception gap is the team's mean self-score − the customers' mean rating.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cx_pillars import stats
from cx_pillars.pillars import Framework
from cx_pillars.stats import Record

if TYPE_CHECKING:
    from cx_pillars.survey.summary import SegmentStats, SurveySummary
    from cx_pillars.team import TeamView

SMALL_SEGMENT = 30  # below this many respondents a segment's ranking is anecdotal
ALPHA = stats.ALPHA  # one significance rule everywhere: p < 0.05
UNKNOWN_SEGMENTS = ("unknown", "other")  # no group anyone plans for


@dataclass
class Comparison:
    framework: Framework
    team: TeamView
    survey: SurveySummary
    customers: Record
    gaps: list[Record]
    correlation: Record
    priorities: list[Record]
    segments: list[Record]
    segment_tests: list[Record]
    perception_gap: list[Record]
    importance_performance: list[Record]
    nps: Record | None
    ces: Record | None
    sample: Record
    readings: Record
    prompts: list[Record] = field(default_factory=list)

    def to_json(self) -> Record:
        return {
            "team": self.team.to_json(),
            "survey": {
                "name": self.survey.name,
                "source": self.survey.source,
                "format": self.survey.format,
                "imported": self.survey.imported.isoformat().replace("+00:00", "Z"),
            },
            "customers": self.customers,
            "gaps": self.gaps,
            "correlation": self.correlation,
            "priorities": self.priorities,
            "segments": self.segments,
            "segment_tests": self.segment_tests,
            "perception_gap": self.perception_gap,
            "importance_performance": self.importance_performance,
            "nps": self.nps,
            "ces": self.ces,
            "sample": self.sample,
            "readings": self.readings,
            "prompts": self.prompts,
        }


def _team_positions(team: TeamView) -> dict[str, int]:
    return {r["pillar"]: r["position"] for r in team.consensus}


def _team_mean_ranks(team: TeamView, ids: list[str]) -> list[float]:
    means = {r["pillar"]: r["mean_rank"] for r in team.consensus}
    return [means[i] for i in ids]


def _customer_agreement(seg: SegmentStats) -> Record | None:
    """Kendall's W among the customers, from the summary's sums (tie-corrected)."""
    if seg.respondents < 2:
        return None
    return stats.kendall_w_from_sums(seg.rank_sum, seg.respondents, seg.tie_sum).as_dict()


def _segment_rows(summary: SurveySummary, ids: list[str], team_means: list[float]) -> list[Record]:
    rows: list[Record] = []
    for name in summary.segment_names():
        seg = summary.segments[name]
        ranking = seg.ranking(summary.pillars)
        rho = None
        if seg.respondents >= 2:
            means = {r["pillar"]: r["mean_rank"] for r in ranking}
            rho = stats.spearman(team_means, [means[i] for i in ids]).coefficient
        rows.append(
            {
                "segment": name,
                "respondents": seg.respondents,
                "ranking": ranking,
                "spearman_vs_team": rho,
                "small": seg.respondents < SMALL_SEGMENT,
                "margin_of_error": stats.margin_of_error(seg.respondents),
            }
        )
    return rows


def _segment_tests(summary: SurveySummary, ids: list[str]) -> list[Record]:
    """Per pillar (catalog order): do the segments' mean ranks differ? One-way ANOVA of
    the ranks from each segment's sums and sums of squares, Holm over the pillars."""
    segments = [summary.segments[name] for name in summary.segment_names()]
    if len([s for s in segments if s.respondents]) < 2:
        return []
    records: list[Record] = []
    for i, pillar in enumerate(ids):
        test = stats.anova_from_sums(
            [(s.respondents, s.rank_sum[i], s.rank_sumsq[i]) for s in segments]
        )
        records.append(
            {
                "pillar": pillar,
                "f": test.f,
                "df_between": test.df_between,
                "df_within": test.df_within,
                "p_value": test.p_value,
            }
        )
    for record, adjusted in zip(records, stats.holm([r["p_value"] for r in records])):
        record["p_adjusted"] = adjusted
    return records


def _segment_pair(summary: SurveySummary, name: str, a: str, b: str) -> Record:
    """Within segment ``name``: how many put ``a`` above ``b`` and the reverse, and the
    sign test of the two."""
    seg, index = summary.segments[name], {p: i for i, p in enumerate(summary.pillars)}
    above, below = seg.pairwise[index[a]][index[b]], seg.pairwise[index[b]][index[a]]
    return {"a_above_b": above, "b_above_a": below, "p_value": stats.sign_test(above, below)}


def _gap_findings(gaps: list[Record], ranking: list[Record]) -> list[Record]:
    """Each gap with the customers' position range; ``finding`` only where the team's
    position lies outside it (inside, customers cannot tell the positions apart)."""
    ranges = {r["pillar"]: r for r in ranking}
    out = []
    for g in gaps:
        r = ranges[g["pillar"]]
        low, high = r["position_low"], r["position_high"]
        out.append(
            {
                **g,
                "customer_position_low": low,
                "customer_position_high": high,
                "finding": not low <= g["team_position"] <= high,
            }
        )
    return out


def _nps(seg: SegmentStats) -> Record | None:
    if not seg.nps or not sum(seg.nps):
        return None
    total = sum(seg.nps)
    return {
        "score": stats.nps(seg.nps),
        "respondents": total,
        "promoters": sum(seg.nps[9:]),
        "passives": sum(seg.nps[7:9]),
        "detractors": sum(seg.nps[:7]),
        "histogram": list(seg.nps),
    }


def _ces(seg: SegmentStats) -> Record | None:
    if not seg.ces or not sum(seg.ces):
        return None
    total = sum(seg.ces)
    return {
        "mean": stats.ces(seg.ces),
        "respondents": total,
        "scale": [1, 7],
        "easy_share": sum(seg.ces[4:]) / total,
        "histogram": list(seg.ces),
    }


def _readings(
    correlation: Record, n: int, respondents: int, team: TeamView, ranking: list[Record]
) -> Record:
    """What the correlation allows saying. ``significant``: the exact (or asymptotic)
    Spearman p is below 0.05. ``team_first_customer_position``: where customers put the
    team's first pillar, and ``team_first_last`` whether that is unambiguously last
    (its whole position range is the last place), the only case the screen may say
    "customers put last"."""
    threshold = stats.significance_threshold(n, ALPHA)
    rho, p = correlation["spearman_rho"], correlation["spearman_p"]
    significant = rho is not None and p is not None and p < ALPHA
    first = team.consensus[0]["pillar"] if team.consensus else None
    placed = next((r for r in ranking if r["pillar"] == first), None)
    return {
        "significant": significant,
        "threshold_rho": threshold.rho,
        "threshold_tau": threshold.tau,
        "anecdotal": respondents < SMALL_SEGMENT,
        "team_first": first,
        "team_first_customer_position": None if placed is None else placed["position"],
        "team_first_last": placed is not None and placed["position_low"] == n,
    }


def _sample(respondents: int, head_to_head: list[Record], top: int) -> Record:
    """The sample-size reading. ``top_distinguishable``: the customers' top ``top``
    pillars are each told apart from the next (every adjacent pair from 1st-2nd to
    top-(top+1) passes its Holm-adjusted sign test). Where not, ``separating_pairs`` are
    the pairs that do not, and ``responses_to_separate`` the respondents in all at which
    the least clear of them would pass at the shares seen (its raw p below 0.05 divided
    by the number of adjacent pairs, which passes Holm whatever the others do); ``None``
    when customers are split so evenly that no realistic sample would do."""
    needed = stats.responses_needed(0.05)
    pairs = head_to_head[:top]
    open_pairs = [h for h in pairs if h["p_adjusted"] is None or h["p_adjusted"] >= ALPHA]
    to_separate: int | None = respondents
    level = ALPHA / max(len(head_to_head), 1)
    for h in open_pairs:
        n = stats.responses_to_separate(h["a_above_b"], h["b_above_a"], respondents, level)
        to_separate = None if n is None or to_separate is None else max(to_separate, n)
    return {
        "respondents": respondents,
        "margin_of_error": stats.margin_of_error(respondents),
        "anecdotal": respondents < SMALL_SEGMENT,
        "responses_for_5_percent": needed,
        "more_needed": max(0, needed - respondents),
        "top": top,
        "top_distinguishable": not open_pairs,
        "separating_pairs": [{"a": h["a"], "b": h["b"]} for h in open_pairs],
        "responses_to_separate": None if open_pairs and to_separate is None else to_separate,
        "more_to_separate": (None if to_separate is None else max(0, to_separate - respondents)),
    }


def _segment_prompt(c: Comparison) -> Record | None:
    """ "Segment X put A first, not B" where it holds: X is a segment of at least
    ``SMALL_SEGMENT`` respondents (not "unknown" or "other") whose first pillar A is not
    the customers' overall first B; within X, A above B passes its sign test; and the
    segments' mean ranks of A or of B differ (segment ANOVA, Holm-adjusted). Of those,
    the segment whose order is least like the team's."""
    if not c.customers["ranking"]:
        return None
    overall_top = c.customers["ranking"][0]["pillar"]
    tests = {t["pillar"]: t for t in c.segment_tests}
    best: tuple[float, Record] | None = None
    for s in c.segments:
        if s["small"] or s["segment"] in UNKNOWN_SEGMENTS or s["spearman_vs_team"] is None:
            continue
        top = s["ranking"][0]["pillar"]
        if top == overall_top:
            continue
        pair = _segment_pair(c.survey, s["segment"], top, overall_top)
        differ = [
            tests[p] for p in (top, overall_top)
            if p in tests and tests[p]["p_adjusted"] is not None
        ]  # fmt: skip
        anova = min(differ, key=lambda t: t["p_adjusted"], default=None)
        if pair["p_value"] >= ALPHA or anova is None or anova["p_adjusted"] >= ALPHA:
            continue
        if best is None or s["spearman_vs_team"] < best[0]:
            best = (
                s["spearman_vs_team"],
                {
                    "kind": "segment",
                    "values": {
                        "segment": s["segment"],
                        "segment_by": c.survey.segment_by,
                        "segment_column": c.survey.segment_column,
                        "respondents": s["respondents"],
                        "pillar": top,
                        "overall_pillar": overall_top,
                        "spearman_vs_team": s["spearman_vs_team"],
                        "sign_test_p": pair["p_value"],
                        "anova_pillar": anova["pillar"],
                        "anova_p_adjusted": anova["p_adjusted"],
                    },
                },
            )
    return None if best is None else best[1]


def _prompts(c: Comparison) -> list[Record]:
    """Two or three things to discuss, ranked by how much they stand out in this data.

    Each prompt is ``{"kind", "values"}``; the text is made from the catalog by the
    view, so the same data reads the same in every language.
    """
    candidates: list[tuple[float, Record]] = []
    # a gap is a finding only where the team's position is outside the customers' range
    findings = [g for g in c.gaps if g["finding"]]
    by_gap = sorted(findings, key=lambda g: (-abs(g["gap"]), g["customer_position"]))
    if by_gap and by_gap[0]["gap"] > 0:
        g = by_gap[0]
        candidates.append((abs(g["gap"]) + 0.5, {"kind": "underrated", "values": dict(g)}))
    over = [g for g in findings if g["gap"] < 0]
    if over:
        g = min(over, key=lambda g: (g["gap"], g["team_position"]))
        candidates.append((abs(g["gap"]), {"kind": "overrated", "values": dict(g)}))
    ranges = {r["pillar"]: r for r in c.customers["ranking"]}
    k = len(c.priorities)
    # a customer priority only where customers place it within their top k for certain
    scored = [
        p
        for p in c.priorities
        if p["team_mean_score"] is not None and ranges[p["pillar"]]["position_high"] <= k
    ]
    if scored:
        weakest = min(scored, key=lambda p: (p["team_mean_score"], p["customer_position"]))
        mean_all = c.team.total["mean"] / c.framework.n if c.team.total["mean"] else 0
        weight = 3 + 2 * max(0.0, mean_all - weakest["team_mean_score"])
        r = ranges[weakest["pillar"]]
        values = {
            **weakest,
            "customer_position_low": r["position_low"],
            "customer_position_high": r["position_high"],
        }
        candidates.append((weight, {"kind": "weak_priority", "values": values}))
    gaps_seen = [g for g in c.perception_gap if g["gap"] is not None]
    if gaps_seen:
        g = max(gaps_seen, key=lambda g: g["gap"])
        if g["gap"] >= 0.5:
            candidates.append((2 * g["gap"], {"kind": "perception", "values": dict(g)}))
    segment = _segment_prompt(c)
    if segment is not None:
        candidates.append((2.5, segment))
    if c.sample["anecdotal"]:
        candidates.append((10.0, {"kind": "small_sample", "values": dict(c.sample)}))
    candidates.sort(key=lambda pair: -pair[0])
    chosen: list[Record] = []
    pillars_seen: set[str | None] = set()
    for _, prompt in candidates:  # one prompt per pillar: three different topics
        pillar = prompt["values"].get("pillar")
        if pillar is not None and pillar in pillars_seen:
            continue
        pillars_seen.add(pillar)
        chosen.append(prompt)
    return chosen[:3]


def compare(team: TeamView, summary: SurveySummary, fw: Framework, *, top: int = 3) -> Comparison:
    """The team view against the customers' survey summary (same framework)."""
    ids = list(fw.ids)
    top = min(top, len(ids))  # --top 3 of a two-item framework: both
    if list(summary.pillars) != ids:
        summary = summary.for_framework(fw)
    everyone = summary.all
    ranking = everyone.ranking(ids)
    customer_positions = {r["pillar"]: r["position"] for r in ranking}
    team_positions = _team_positions(team)
    team_means_rank = _team_mean_ranks(team, ids)
    customer_means_rank = [next(r["mean_rank"] for r in ranking if r["pillar"] == i) for i in ids]
    team_scores = {s["pillar"]: s["mean"] for s in team.scores}
    rating_means = everyone.mean_ratings()
    customer_ratings = dict(zip(ids, rating_means)) if rating_means else {}

    correlation = stats.correlation_summary(team_means_rank, customer_means_rank)
    importance = [stats.weighted_score(m, len(ids)) for m in customer_means_rank]
    performance = [team_scores.get(i) for i in ids]
    quadrants = stats.importance_performance(ids, importance, performance)
    top_ids = {r["pillar"] for r in ranking[:top]}
    for q in quadrants:
        q["customer_priority"] = q.get("pillar") in top_ids

    customers_h2h = everyone.head_to_head(ids)
    gaps = _gap_findings(stats.gaps(ids, team_positions, customer_positions), ranking)
    result = Comparison(
        framework=fw,
        team=team,
        survey=summary,
        customers={
            "respondents": everyone.respondents,
            "margin_of_error": stats.margin_of_error(everyone.respondents),
            "ranking": ranking,
            "head_to_head": customers_h2h,
            "agreement": _customer_agreement(everyone),
        },
        gaps=gaps,
        correlation=correlation,
        priorities=stats.priorities(ranking, team_scores, customer_ratings or None, k=top),
        segments=_segment_rows(summary, ids, team_means_rank),
        segment_tests=_segment_tests(summary, ids),
        perception_gap=(
            stats.perception_gap(ids, team_scores, customer_ratings) if customer_ratings else []
        ),
        importance_performance=quadrants,
        nps=_nps(everyone),
        ces=_ces(everyone),
        sample=_sample(everyone.respondents, customers_h2h, top),
        readings=_readings(correlation, len(ids), everyone.respondents, team, ranking),
    )
    result.prompts = _prompts(result)
    return result
