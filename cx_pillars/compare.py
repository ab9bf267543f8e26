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
ALPHA = 0.05


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


def _readings(correlation: Record, n: int, respondents: int) -> Record:
    threshold = stats.significance_threshold(n, ALPHA)
    rho, p = correlation["spearman_rho"], correlation["spearman_p"]
    significant = rho is not None and p is not None and p <= ALPHA
    return {
        "significant": significant,
        "threshold_rho": threshold.rho,
        "threshold_tau": threshold.tau,
        "anecdotal": respondents < SMALL_SEGMENT,
    }


def _sample(respondents: int) -> Record:
    needed = stats.responses_needed(0.05)
    return {
        "respondents": respondents,
        "margin_of_error": stats.margin_of_error(respondents),
        "anecdotal": respondents < SMALL_SEGMENT,
        "responses_for_5_percent": needed,
        "more_needed": max(0, needed - respondents),
    }


def _prompts(c: Comparison) -> list[Record]:
    """Two or three things to discuss, ranked by how much they stand out in this data.

    Each prompt is ``{"kind", "values"}``; the text is made from the catalog by the
    view, so the same data reads the same in every language.
    """
    candidates: list[tuple[float, Record]] = []
    by_gap = sorted(c.gaps, key=lambda g: (-abs(g["gap"]), g["customer_position"]))
    if by_gap and by_gap[0]["gap"] > 0:
        g = by_gap[0]
        candidates.append((abs(g["gap"]) + 0.5, {"kind": "underrated", "values": dict(g)}))
    over = [g for g in c.gaps if g["gap"] < 0]
    if over:
        g = min(over, key=lambda g: (g["gap"], g["team_position"]))
        candidates.append((abs(g["gap"]), {"kind": "overrated", "values": dict(g)}))
    scored = [p for p in c.priorities if p["team_mean_score"] is not None]
    if scored:
        weakest = min(scored, key=lambda p: (p["team_mean_score"], p["customer_position"]))
        mean_all = c.team.total["mean"] / c.framework.n if c.team.total["mean"] else 0
        weight = 3 + 2 * max(0.0, mean_all - weakest["team_mean_score"])
        candidates.append((weight, {"kind": "weak_priority", "values": dict(weakest)}))
    gaps_seen = [g for g in c.perception_gap if g["gap"] is not None]
    if gaps_seen:
        g = max(gaps_seen, key=lambda g: g["gap"])
        if g["gap"] >= 0.5:
            candidates.append((2 * g["gap"], {"kind": "perception", "values": dict(g)}))
    solid = [s for s in c.segments if not s["small"] and s["spearman_vs_team"] is not None]
    if len(solid) >= 2:
        s = min(solid, key=lambda s: s["spearman_vs_team"])
        top = s["ranking"][0]["pillar"]
        overall_top = c.customers["ranking"][0]["pillar"]
        if top != overall_top:
            candidates.append(
                (
                    2.5,
                    {
                        "kind": "segment",
                        "values": {
                            "segment": s["segment"],
                            "respondents": s["respondents"],
                            "pillar": top,
                            "overall_pillar": overall_top,
                            "spearman_vs_team": s["spearman_vs_team"],
                        },
                    },
                )
            )
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

    result = Comparison(
        framework=fw,
        team=team,
        survey=summary,
        customers={
            "respondents": everyone.respondents,
            "margin_of_error": stats.margin_of_error(everyone.respondents),
            "ranking": ranking,
            "agreement": _customer_agreement(everyone),
        },
        gaps=stats.gaps(ids, team_positions, customer_positions),
        correlation=correlation,
        priorities=stats.priorities(ranking, team_scores, customer_ratings or None, k=top),
        segments=_segment_rows(summary, ids, team_means_rank),
        perception_gap=(
            stats.perception_gap(ids, team_scores, customer_ratings) if customer_ratings else []
        ),
        importance_performance=quadrants,
        nps=_nps(everyone),
        ces=_ces(everyone),
        sample=_sample(everyone.respondents),
        readings=_readings(correlation, len(ids), everyone.respondents),
    )
    result.prompts = _prompts(result)
    return result
