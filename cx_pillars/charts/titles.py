"""Chart titles and subtitles: the finding in words, as pure functions of the input.

``gap_title(data)`` and friends return one sentence; the charts call them, and the
report can use them as its summary lines. All words come from :mod:`.text`, so a
translation changes no code here. Pure Python, no matplotlib.

The small helpers (``largest_gaps``, ``rank_spreads``, ``segment_swings``,
``trend_change``) are what both a title and its chart emphasise, so the two always
point at the same pillar.
"""

from __future__ import annotations

import itertools
import math

from cx_pillars.charts.inputs import (
    AgreementData,
    Footnote,
    GapData,
    GapRow,
    PrioritiesData,
    ScoresData,
    SegmentsData,
    TrendData,
)
from cx_pillars.charts.text import join_names, number, ordinal, signed, t

__all__ = [
    "agreement_subtitle",
    "agreement_title",
    "footnote_text",
    "gap_subtitle",
    "gap_title",
    "largest_gaps",
    "priorities_subtitle",
    "priorities_title",
    "rank_spreads",
    "scores_subtitle",
    "scores_title",
    "segment_swings",
    "segments_subtitle",
    "segments_title",
    "trend_change",
    "trend_subtitle",
    "trend_title",
]

GAP_NOTABLE = 2  # a gap of this many places or more makes the title
TREND_STEADY = 0.5  # a change in mean total below this is "held steady"
DISPUTED_MIN_SPREAD = 3  # rank range (max - min) that counts as a split


def footnote_text(note: Footnote, lang: str = "en") -> str:
    def n(value: int | None) -> str:
        return t("n_none", lang) if value is None else str(value)

    key = "footnote" if note.date else "footnote_undated"
    return t(
        key,
        lang,
        source=note.source,
        colleagues=n(note.colleagues),
        customers=n(note.customers),
        date=note.date,
    )


# --------------------------------------------------------------------------- gap


def largest_gaps(data: GapData) -> list[GapRow]:
    """The largest gaps the customers' ranking supports (the team's position outside the
    customers' span of positions; every non-zero gap when the spans are not known), all
    of them when tied, best customer position first; empty when no gap is a finding."""
    found = [r for r in data.gaps if r.is_finding and r.value != 0]
    biggest = max((abs(r.value) for r in found), default=0)
    return sorted((r for r in found if abs(r.value) == biggest), key=lambda r: r.customer_position)


def place_text(low: int, high: int, lang: str = "en") -> str:
    """A place, or the span of places customers cannot tell apart: "2nd", "1st–3rd"."""
    if low == high:
        return ordinal(low, lang)
    # 1st–3rd / 1.–3. / 第1–3, as compare's position column writes it
    last = str(high) if lang.startswith("zh") else ordinal(high, lang)
    return ordinal(low, lang) + "–" + last


def gap_title(data: GapData, lang: str = "en") -> str:
    """The largest gap that is a finding, with the customers' place as crisp as their
    ranking allows ("1st–3rd", "in their top 3"); agreement only where it holds."""
    if not data.gaps:
        return t("no_data", lang)
    top = largest_gaps(data)
    if top and abs(top[0].value) >= GAP_NOTABLE:
        row = top[0]
        values = {
            "pillar": data.short_label(row.pillar),
            "customer": place_text(row.customer_low, row.customer_high, lang),
            "team": ordinal(row.team_position, lang),
            "k": row.customer_high,
        }
        if row.value > 0 and row.customer_low == 1 and row.customer_high > 1:
            return t("gap_title_customers_top", lang, **values)
        key = "gap_title_customers_higher" if row.value > 0 else "gap_title_team_higher"
        return t(key, lang, **values)
    by_team = sorted(data.gaps, key=lambda r: r.team_position)
    by_cust = sorted(data.gaps, key=lambda r: r.customer_position)
    top3_clear = all(r.customer_high <= 3 for r in by_cust[:3])
    if (
        {r.pillar for r in by_team[:3]} == {r.pillar for r in by_cust[:3]}
        and data.n > 3
        and top3_clear
    ):
        return t("gap_title_agree_top3", lang)
    if by_team and by_team[0].pillar == by_cust[0].pillar and by_cust[0].customer_high == 1:
        return t("gap_title_agree_top1", lang, pillar=data.short_label(by_cust[0].pillar))
    if max(abs(r.value) for r in data.gaps) < GAP_NOTABLE:
        return t("gap_title_close", lang)
    return t("gap_title_within_ties", lang)


def gap_subtitle(data: GapData, lang: str = "en") -> str:
    parts = [t("gap_subtitle", lang)]
    if data.spearman_rho is not None:
        chance = data.spearman_p is not None and data.spearman_p >= 0.05
        parts.append(
            t(
                "gap_subtitle_rho_chance" if chance else "gap_subtitle_rho",
                lang,
                rho=number(data.spearman_rho, 2, lang),
            )
        )
    rows = sorted(data.gaps, key=lambda r: r.customer_position)
    if rows and all(r.position_low is not None and r.position_high is not None for r in rows):
        spans = sorted(
            {(r.customer_low, r.customer_high) for r in rows if r.customer_low < r.customer_high}
        )
        parts.append(
            t(
                "gap_subtitle_ties",
                lang,
                spans=join_names([place_text(lo, hi, lang) for lo, hi in spans], lang),
            )
            if spans
            else t("gap_subtitle_no_ties", lang)
        )
    elif rows and all(r.ci_low is not None and r.ci_high is not None for r in rows):
        pairs = [
            t(
                "gap_subtitle_ci_pair",
                lang,
                a=ordinal(a.customer_position, lang),
                b=ordinal(b.customer_position, lang),
            )
            for a, b in itertools.pairwise(rows)
            if a.ci_high is not None and b.ci_low is not None and a.ci_high >= b.ci_low
        ]
        parts.append(
            t("gap_subtitle_ci_overlap", lang, pairs=join_names(pairs[:3], lang))
            if pairs
            else t("gap_subtitle_ci_clear", lang)
        )
    return t("part_sep", lang).join(parts)


# --------------------------------------------------------------------------- priorities


def _valid_points(data: PrioritiesData):
    return [p for p in data.points if p.performance is not None]


def priorities_title(data: PrioritiesData, lang: str = "en") -> str:
    points = _valid_points(data)
    who = "customers" if data.performance_source == "customers" else "team"
    k = len(data.top)
    if not points:
        return t("no_data", lang)
    mean_perf = sum(p.performance for p in points) / len(points)
    lowest = min(p.performance for p in points)
    top = [p for p in points if p.pillar in set(data.top)]
    if not top:
        return t("no_data", lang)
    # a top priority only where the pillar's whole position span lies in the top k
    clear = [p for p in top if p.position_high is None or p.position_high <= k]
    if not clear:
        return t("priorities_title_unclear", lang, k=k)
    order = {pid: i for i, pid in enumerate(data.top)}
    weakest = min(clear, key=lambda p: (p.performance, order[p.pillar]))
    name = data.short_label(weakest.pillar)
    if weakest.performance <= lowest + 1e-9:
        return t(f"priorities_title_lowest_{who}", lang, pillar=name)
    if weakest.performance < mean_perf - 1e-9:
        return t(f"priorities_title_below_{who}", lang, pillar=name)
    if len(clear) < len(top) or len(top) < k:  # "all of the top k" is not known
        return t("priorities_title_unclear", lang, k=k)
    if weakest.performance <= mean_perf + 1e-9:
        return t(f"priorities_title_average_{who}", lang, pillar=name)
    return t(f"priorities_title_fine_{who}", lang, k=k)


def priorities_subtitle(data: PrioritiesData, lang: str = "en") -> str:
    points = _valid_points(data)
    imp = [data.importance(p) for p in points]
    perf = [p.performance for p in points]
    return t(
        "priorities_subtitle",
        lang,
        n=data.n,
        importance=number(sum(imp) / max(1, len(imp)), 1, lang),
        performance=number(sum(perf) / max(1, len(perf)), 2, lang),
    )


# --------------------------------------------------------------------------- scores


def _valid_scores(data: ScoresData):
    return [s for s in data.scores if s.mean is not None]


def scores_title(data: ScoresData, lang: str = "en") -> str:
    rows = _valid_scores(data)
    if not rows:
        return t("no_data", lang)
    order = {p: i for i, p in enumerate(data.pillars)}
    strong = min(rows, key=lambda s: (-s.mean, order.get(s.pillar, 0)))
    weak = min(rows, key=lambda s: (s.mean, order.get(s.pillar, 0)))
    if math.isclose(strong.mean, weak.mean, abs_tol=0.05):
        return t("scores_title_flat", lang, mean=number(strong.mean, 1, lang))
    return t(
        "scores_title",
        lang,
        strong=data.short_label(strong.pillar),
        strong_mean=number(strong.mean, 1, lang),
        weak=data.short_label(weak.pillar),
        weak_mean=number(weak.mean, 1, lang),
    )


def scores_subtitle(data: ScoresData, lang: str = "en") -> str:
    if data.total_mean is None:
        return t("scores_subtitle_no_total", lang)
    return t(
        "scores_subtitle",
        lang,
        total=number(data.total_mean, 1, lang),
        max_total=data.max_total or 5 * data.n,
    )


# --------------------------------------------------------------------------- agreement


def rank_spreads(data: AgreementData) -> dict[str, float]:
    """Per pillar: highest minus lowest rank any colleague gave it."""
    rows = data.rank_rows()
    return {
        p: (max(r[p] for r in rows) - min(r[p] for r in rows)) if rows else 0.0
        for p in data.pillars
    }


def agreement_extremes(data: AgreementData) -> tuple[str | None, str | None]:
    """(most agreed, most disputed) pillar; ties go to the higher consensus position."""
    spreads = rank_spreads(data)
    order = data.consensus_order()
    if len(data.rankings) < 2 or not order:
        return None, None
    agreed = min(order, key=lambda p: (spreads[p], order.index(p)))
    split = min(order, key=lambda p: (-spreads[p], order.index(p)))
    # a spread of 3 places is a split; with fewer pillars, the widest spread there is
    # (two pillars put in both orders are as split as two can be)
    disputed = min(DISPUTED_MIN_SPREAD, len(order) - 1)
    return agreed, (split if disputed > 0 and spreads[split] >= disputed else None)


def agreement_title(data: AgreementData, lang: str = "en") -> str:
    if len(data.rankings) < 2:
        return t("agreement_title_single", lang)
    agreed, split = agreement_extremes(data)
    if agreed is None or split is None:  # agreed is None only when split is too
        return t("agreement_title_close", lang)
    return t(
        "agreement_title", lang, agreed=data.short_label(agreed), split=data.short_label(split)
    )


def agreement_subtitle(data: AgreementData, lang: str = "en", *, counts: bool = False) -> str:
    """W and how to read the cells (``counts``: the distribution form of many colleagues)."""
    parts = []
    if data.kendall_w is not None:
        key = "agreement_subtitle_w_reading" if data.w_reading else "agreement_subtitle_w"
        parts.append(t(key, lang, w=number(data.kendall_w, 2, lang), reading=data.w_reading))
    if counts:
        parts.append(t("agreement_subtitle_counts", lang, m=len(data.rankings)))
    else:
        parts.append(t("agreement_subtitle", lang))
    text = t("part_sep", lang).join(parts)
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- segments


def segment_swings(data: SegmentsData) -> dict[str, tuple[int, int]]:
    """Per pillar: (best, worst) position across segments."""
    out: dict[str, tuple[int, int]] = {}
    for pid in data.pillars:
        pos = [list(s.ranking).index(pid) + 1 for s in data.segments if pid in s.ranking]
        if pos:
            out[pid] = (min(pos), max(pos))
    return out


def _segments_differ(data: SegmentsData, pillar: str) -> bool:
    """Whether the segments' mean ranks of ``pillar`` differ beyond chance (Holm-adjusted
    ANOVA p < 0.05); True when the input carries no tests (a hand-made chart)."""
    if data.differ_p is None:
        return True
    p = data.differ_p.get(pillar)
    return p is not None and p < 0.05


def _differ_key(data: SegmentsData):
    order = {p: i for i, p in enumerate(data.pillars)}
    return lambda p: ((data.differ_p or {}).get(p) or 0.0, order[p])


def segments_title(data: SegmentsData, lang: str = "en") -> str:
    """A difference between segments only where its segment test passes; a segment's
    "1st" only where that segment tells its first from its second."""
    return _segments_title(data, lang)[0]


def segments_title_pillars(data: SegmentsData) -> list[str]:
    """The pillars the segments' title names, in its order (the chart colours them)."""
    return _segments_title(data, "en")[1]


def _segments_title(data: SegmentsData, lang: str) -> tuple[str, list[str]]:
    segs = [s for s in data.segments if s.ranking]
    if not segs:
        return t("no_data", lang), []
    groups: dict[str, list[str]] = {}
    for s in segs:
        groups.setdefault(s.ranking[0], []).append(s.name)
    firsts = list(groups)
    crisp = all(s.place(s.ranking[0])[1] == 1 for s in segs)
    passing = [p for p in data.pillars if _segments_differ(data, p)]
    if len(segs) >= 2 and not passing:
        return t("segments_title_no_difference", lang), []
    if (
        len(firsts) >= 2
        and crisp
        and (_segments_differ(data, firsts[0]) or _segments_differ(data, firsts[1]))
    ):
        a, b = firsts[0], firsts[1]
        return t(
            "segments_title_differ",
            lang,
            first_segments=join_names(groups[a], lang),
            first=data.short_label(a),
            second_segments=join_names(groups[b], lang),
            second=data.short_label(b),
        ), [a, b]
    top = firsts[0]
    if len(segs) == 1:
        if not crisp:
            k = segs[0].place(top)[1]
            return t("segments_title_one_tied", lang, segments=segs[0].name, k=k), []
        return t("segments_title_one", lang, segments=segs[0].name, top=data.short_label(top)), [
            top
        ]
    swings = {p: v for p, v in segment_swings(data).items() if p in passing}
    order = {p: i for i, p in enumerate(data.pillars)}
    mover = min(swings, key=lambda p: (-(swings[p][1] - swings[p][0]), order[p]), default=None)
    best = worst = (0, 0)
    if mover and swings[mover][1] - swings[mover][0] >= 2:
        places = sorted(
            (list(s.ranking).index(mover), s.place(mover)) for s in segs if mover in s.ranking
        )
        best, worst = places[0][1], places[-1][1]
    if mover and swings[mover][1] - swings[mover][0] >= 2 and best[1] < worst[0]:
        values = {
            "top": data.short_label(top),
            "pillar": data.short_label(mover),
            "best": place_text(*best, lang),
            "worst": place_text(*worst, lang),
        }
        if len(firsts) == 1 and crisp:
            return t("segments_title_same_swing", lang, **values), [top, mover]
        return t("segments_title_swing", lang, **values), [mover]
    if len(firsts) == 1 and crisp:
        return t("segments_title_same", lang, top=data.short_label(top)), [top]
    named = sorted(passing, key=_differ_key(data))[:3]
    return t(
        "segments_title_differ_on",
        lang,
        pillars=join_names([data.short_label(p) for p in named], lang),
    ), named


def segments_subtitle(data: SegmentsData, lang: str = "en") -> str:
    text = t("segments_subtitle", lang)
    if any(s.respondents < data.min_respondents for s in data.segments):
        text += t("part_sep", lang) + t("segments_subtitle_small", lang, min_n=data.min_respondents)
    return text


# --------------------------------------------------------------------------- trend


def trend_change(data: TrendData) -> dict | None:
    """First and last quarter with a total, and the pillar that moved most between them."""
    shown = [(q, q.total_mean) for q in data.quarters if q.total_mean is not None]
    if not shown:
        return None
    (a, a_total), (b, b_total) = shown[0], shown[-1]
    changes = {}
    for p in data.pillars:
        before, after = a.scores.get(p), b.scores.get(p)
        if before is not None and after is not None:
            changes[p] = after - before
    order = {p: i for i, p in enumerate(data.pillars)}
    mover = min(changes, key=lambda p: (-abs(changes[p]), order[p]), default=None)
    return {
        "from": a,
        "to": b,
        "total": b_total - a_total,
        "changes": changes,
        "mover": mover if a is not b else None,
    }


def group_changed(data: TrendData) -> bool:
    """Whether colleagues joined or left between the first and the last quarter shown."""
    change = trend_change(data)
    p = data.paired
    return bool(change and change["from"] is not change["to"] and p and (p.joined or p.left))


def trend_title(data: TrendData, lang: str = "en") -> str:
    """The change in mean total, like with like: when the group changed, over the
    colleagues who rated in both quarters, or it says the group changed."""
    change = trend_change(data)
    if change is None:
        return t("no_data", lang)
    a, b = change["from"], change["to"]
    values = {
        "start": number(a.total_mean, 1, lang),
        "end": number(b.total_mean, 1, lang),
        "since": a.quarter,
        "until": b.quarter,
        "max_total": data.max_total or 5 * data.n,
    }
    if a is b:
        return t("trend_title_single", lang, **values)
    p = data.paired
    if p is not None and group_changed(data):
        if p.respondents >= 2 and p.from_mean is not None and p.to_mean is not None:
            values.update(
                k=p.respondents,
                start=number(p.from_mean, 1, lang),
                end=number(p.to_mean, 1, lang),
            )
            moved = p.to_mean - p.from_mean
            key = "steady" if abs(moved) < TREND_STEADY else "rose" if moved > 0 else "fell"
            return t(f"trend_title_paired_{key}", lang, **values)
        return t("trend_title_group_changed", lang, n0=a.respondents, n1=b.respondents, **values)
    if abs(change["total"]) < TREND_STEADY:
        return t("trend_title_steady", lang, **values)
    return t("trend_title_rose" if change["total"] > 0 else "trend_title_fell", lang, **values)


def trend_subtitle(data: TrendData, lang: str = "en") -> str:
    text = t("trend_subtitle", lang)
    change = trend_change(data)
    if change and data.paired is not None and group_changed(data):
        text += t("part_sep", lang) + t(
            "trend_subtitle_group",
            lang,
            since=change["from"].quarter,
            joined=data.paired.joined,
            left=data.paired.left,
        )
    if change and change["mover"] is not None:
        text += t("part_sep", lang) + t(
            "trend_subtitle_mover",
            lang,
            pillar=data.short_label(change["mover"]),
            change=signed(change["changes"][change["mover"]], 1, lang),
        )
    return text
