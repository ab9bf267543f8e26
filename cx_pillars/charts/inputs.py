"""What each chart is drawn from: small records of plain numbers and ids.

Charts do not know how their numbers were computed. Every input carries

* ``pillars``: pillar ids in catalog order;
* ``labels``: display name per id (may be long: "Friction in the customer journey");
* ``short``: optional short names for titles ("Friction"); labels when absent;
* ``footnote``: where the data came from, how many colleagues and customers, when.

The field names follow the JSON contract of PRODUCT.md §7, and each kind has a
``from_json`` constructor that takes the ``team --json`` / ``compare --json`` objects
as they are. Pure Python: importing this module does not import matplotlib.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "AgreementData",
    "ChartInput",
    "Footnote",
    "GapData",
    "GapRow",
    "PrioritiesData",
    "PriorityPoint",
    "QuarterPoint",
    "ScoreRow",
    "ScoresData",
    "Segment",
    "SegmentsData",
    "TrendData",
]


@dataclass(frozen=True, kw_only=True)
class Footnote:
    """The line under every chart: source, n of colleagues and customers, date."""

    source: str
    colleagues: int | None = None  # None: the chart uses no team data
    customers: int | None = None  # None: the chart uses no survey data
    date: str = ""  # "2026-11-20" or a range "2026-11-16 to 2026-11-20"


@dataclass(frozen=True, kw_only=True)
class ChartInput:
    pillars: Sequence[str]
    labels: Mapping[str, str]
    footnote: Footnote
    short: Mapping[str, str] | None = None

    def label(self, pillar: str) -> str:
        return self.labels.get(pillar) or pillar.replace("_", " ").capitalize()

    def short_label(self, pillar: str) -> str:
        return (self.short or {}).get(pillar) or self.label(pillar)

    @property
    def n(self) -> int:
        return len(self.pillars)


def _common(kw: dict) -> dict:
    return {k: kw[k] for k in ("labels", "footnote", "short") if k in kw}


# --------------------------------------------------------------------------- gap


@dataclass(frozen=True, kw_only=True)
class GapRow:
    pillar: str
    team_position: int
    customer_position: int
    gap: int | None = None  # team - customer; computed when None
    ci_low: float | None = None  # customers' mean-rank 95% interval
    ci_high: float | None = None
    # the span of positions customers cannot tell this pillar's apart from (head-to-head
    # sign tests); None: not known (the customer position is taken as it is)
    position_low: int | None = None
    position_high: int | None = None
    finding: bool | None = None  # the team's position lies outside that span; None: unknown

    @property
    def customer_low(self) -> int:
        return self.customer_position if self.position_low is None else self.position_low

    @property
    def customer_high(self) -> int:
        return self.customer_position if self.position_high is None else self.position_high

    @property
    def is_finding(self) -> bool:
        """A gap the customers' own ranking supports (any non-zero gap when not known)."""
        return self.value != 0 if self.finding is None else self.finding

    @property
    def value(self) -> int:
        return self.gap if self.gap is not None else self.team_position - self.customer_position


@dataclass(frozen=True, kw_only=True)
class GapData(ChartInput):
    """Team vs customer position per pillar (``compare --json`` ``gaps``)."""

    gaps: Sequence[GapRow]
    spearman_rho: float | None = None
    spearman_p: float | None = None

    @classmethod
    def from_json(cls, compare: Mapping, **kw) -> GapData:
        """From a ``compare --json`` object; ``labels=``, ``footnote=``, ``short=``."""
        ci = {r["pillar"]: r for r in compare.get("customers", {}).get("ranking", [])}
        rows = [
            GapRow(
                pillar=g["pillar"],
                team_position=g["team_position"],
                customer_position=g["customer_position"],
                gap=g.get("gap"),
                ci_low=ci.get(g["pillar"], {}).get("ci_low"),
                ci_high=ci.get(g["pillar"], {}).get("ci_high"),
                position_low=g.get("customer_position_low"),
                position_high=g.get("customer_position_high"),
                finding=g.get("finding"),
            )
            for g in compare["gaps"]
        ]
        corr = compare.get("correlation") or {}
        return cls(
            pillars=compare["team"]["pillars"],
            gaps=rows,
            spearman_rho=corr.get("spearman_rho"),
            spearman_p=corr.get("spearman_p"),
            **_common(kw),
        )


# --------------------------------------------------------------------------- priorities


@dataclass(frozen=True, kw_only=True)
class PriorityPoint:
    pillar: str
    customer_mean_rank: float
    performance: float | None  # team mean self-score, or customers' mean rating
    position_low: int | None = None  # customers' position span (None: not known)
    position_high: int | None = None


@dataclass(frozen=True, kw_only=True)
class PrioritiesData(ChartInput):
    """Importance-performance: importance = n + 1 - customers' mean rank."""

    points: Sequence[PriorityPoint]
    top: Sequence[str]  # customers' top k, best first
    performance_source: Literal["team", "customers"] = "team"

    def importance(self, point: PriorityPoint) -> float:
        return self.n + 1 - point.customer_mean_rank

    @classmethod
    def from_json(
        cls, compare: Mapping, *, ratings: Mapping[str, float] | None = None, **kw
    ) -> PrioritiesData:
        """From ``compare --json``: customers' mean ranks and the team's mean scores.

        Pass ``ratings`` (customers' mean rating per pillar) to plot those instead.
        """
        source: Literal["team", "customers"]
        if ratings is not None:
            perf, source = dict(ratings), "customers"
        else:
            perf, source = {s["pillar"]: s["mean"] for s in compare["team"]["scores"]}, "team"
        points = [
            PriorityPoint(
                pillar=r["pillar"],
                customer_mean_rank=r["mean_rank"],
                performance=perf.get(r["pillar"]),
                position_low=r.get("position_low"),
                position_high=r.get("position_high"),
            )
            for r in compare["customers"]["ranking"]
        ]
        return cls(
            pillars=compare["team"]["pillars"],
            points=points,
            top=[p["pillar"] for p in compare.get("priorities", [])],
            performance_source=source,
            **_common(kw),
        )


# --------------------------------------------------------------------------- scores


@dataclass(frozen=True, kw_only=True)
class ScoreRow:
    pillar: str
    mean: float | None
    min: float | None = None
    max: float | None = None
    histogram: Sequence[int] | None = None  # how many colleagues gave 1, 2, 3, 4, 5


@dataclass(frozen=True, kw_only=True)
class ScoresData(ChartInput):
    """Team self-scores per pillar (``team --json`` ``scores`` and ``total``)."""

    scores: Sequence[ScoreRow]
    total_mean: float | None = None
    max_total: int | None = None  # 5 * n when None

    @classmethod
    def from_json(cls, team: Mapping, **kw) -> ScoresData:
        rows = [
            ScoreRow(
                pillar=s["pillar"],
                mean=s["mean"],
                min=s.get("min"),
                max=s.get("max"),
                histogram=s.get("histogram"),
            )
            for s in team["scores"]
        ]
        total = team.get("total") or {}
        return cls(
            pillars=team["pillars"],
            scores=rows,
            total_mean=total.get("mean"),
            max_total=total.get("max_possible"),
            **_common(kw),
        )


# --------------------------------------------------------------------------- agreement


@dataclass(frozen=True, kw_only=True)
class AgreementData(ChartInput):
    """Each colleague's ranking (ids, most important first), for the rank heatmap.

    Per-person data: the caller applies the anonymity rule (PRODUCT.md §3) before
    building this chart. ``anonymous=True`` shows "Colleague 1..m" instead of names.
    """

    colleagues: Sequence[str]
    rankings: Sequence[Sequence[str]]
    consensus: Sequence[str] | None = None  # position order; by mean rank when None
    kendall_w: float | None = None
    w_reading: str | None = None  # "moderate agreement" (team JSON "strength")
    anonymous: bool = False

    def rank_rows(self) -> list[dict[str, float]]:
        """Each colleague's rank per pillar, with the partial-ranking rule of §5."""
        n = self.n
        rows = []
        for ranking in self.rankings:
            ranks = {p: float(i) for i, p in enumerate(ranking, start=1)}
            rest = (len(ranks) + 1 + n) / 2
            rows.append({p: ranks.get(p, rest) for p in self.pillars})
        return rows

    def consensus_order(self) -> list[str]:
        if self.consensus:
            return list(self.consensus)
        rows = self.rank_rows()
        order = {p: i for i, p in enumerate(self.pillars)}

        def key(p: str) -> tuple:
            mean = sum(r[p] for r in rows) / len(rows) if rows else 0.0
            return (mean, -sum(r[p] == 1 for r in rows), order[p])

        return sorted(self.pillars, key=key)


# --------------------------------------------------------------------------- segments


@dataclass(frozen=True, kw_only=True)
class Segment:
    name: str
    respondents: int
    ranking: Sequence[str]  # pillar ids in position order (1st first)
    # per pillar id, the span of positions this segment cannot tell apart (None: not known)
    ranges: Mapping[str, tuple[int, int]] | None = None

    def place(self, pillar: str) -> tuple[int, int]:
        """The pillar's (lowest, highest) position in this segment's ranking."""
        position = list(self.ranking).index(pillar) + 1
        return (self.ranges or {}).get(pillar, (position, position))


@dataclass(frozen=True, kw_only=True)
class SegmentsData(ChartInput):
    """Customers' ranking per segment (``compare --json`` ``segments``)."""

    segments: Sequence[Segment]
    min_respondents: int = 30  # below this a segment is hatched as anecdotal
    # per pillar id, the Holm-adjusted p of "the segments' mean ranks differ" (one-way
    # ANOVA, ``segment_tests``); None: not tested, and no title claims a difference
    differ_p: Mapping[str, float | None] | None = None

    @classmethod
    def from_json(cls, compare: Mapping, **kw) -> SegmentsData:
        segs = []
        for s in compare["segments"]:
            ranking = sorted(s["ranking"], key=lambda r: r["position"])
            segs.append(
                Segment(
                    name=s["segment"],
                    respondents=s["respondents"],
                    ranking=[r["pillar"] for r in ranking],
                    ranges={
                        r["pillar"]: (r["position_low"], r["position_high"])
                        for r in ranking
                        if r.get("position_low") is not None and r.get("position_high") is not None
                    }
                    or None,
                )
            )
        tests = compare.get("segment_tests")
        differ = None if tests is None else {s["pillar"]: s["p_adjusted"] for s in tests}
        return cls(
            pillars=compare["team"]["pillars"], segments=segs, differ_p=differ, **_common(kw)
        )


# --------------------------------------------------------------------------- trend


@dataclass(frozen=True, kw_only=True)
class QuarterPoint:
    quarter: str  # "2026-Q3"
    respondents: int
    total_mean: float | None  # None: withheld (anonymity) or no data
    scores: Mapping[str, float | None] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class PairedChange:
    """The first-to-last change over the named colleagues who rated in both quarters
    (``team.trend()["change"]["paired"]``): like with like."""

    respondents: int  # rated in both
    joined: int
    left: int
    from_mean: float | None = None  # their mean total in the first quarter
    to_mean: float | None = None
    scores: Mapping[str, float | None] = field(default_factory=dict)  # pillar -> change


@dataclass(frozen=True, kw_only=True)
class TrendData(ChartInput):
    """Team mean total and pillar means per quarter, oldest first (``team.trend()``)."""

    quarters: Sequence[QuarterPoint]
    max_total: int | None = None
    paired: PairedChange | None = None  # None: not known (the group's change unstated)

    @classmethod
    def from_json(cls, trend: Mapping, *, pillars: Sequence[str], **kw) -> TrendData:
        qs = [
            QuarterPoint(
                quarter=q["quarter"],
                respondents=q["respondents"],
                total_mean=(q.get("total") or {}).get("mean"),
                scores={s["pillar"]: s["mean"] for s in q.get("scores", [])},
            )
            for q in trend["quarters"]
        ]
        max_total = next(
            (q["total"].get("max_possible") for q in trend["quarters"] if q.get("total")), None
        )
        p = (trend.get("change") or {}).get("paired")
        paired = None
        if p is not None:
            paired = PairedChange(
                respondents=p["respondents"],
                joined=p["joined"],
                left=p["left"],
                from_mean=p.get("from_mean"),
                to_mean=p.get("to_mean"),
                scores={s["pillar"]: s["change"] for s in p.get("scores", [])},
            )
        return cls(pillars=pillars, quarters=qs, max_total=max_total, paired=paired, **_common(kw))
