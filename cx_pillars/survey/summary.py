"""The survey summary (PRODUCT.md §4.3): sufficient statistics, additive, no respondent data.

One file per import in ``<store>/surveys/NAME.toml``::

    survey = 1
    name = "q3-customers"
    framework = "ten-pillars"
    pillars = ["advertising", "content", ...]       # the order of every list below
    source = "export.csv"                             # file name only
    format = "qualtrics"
    imported = 2026-11-22T10:15:00Z
    segment_by = "generation"                         # "", "generation" or "column"
    segment_column = "Region"                         # --segment's header (by "column")

    [skipped]                                         # rows left out, by reason
    "no ranking" = 12

    [ignored]                                         # single cells left out, by reason
    "rating outside 1-5" = 1

    [all]                                             # every respondent
    respondents = 412
    tie_sum = 3300          # Σ(t³ - t), t = unranked pillars of a respondent (t > 1)
    nps = [...]             # 11 counts, 0..10 (when the export had NPS)
    ces = [...]             # 7 counts, 1..7 (when it had CES)
    [all.rank_sum]          # Σ rank per pillar, after the partial-ranking rule
    [all.rank_sumsq]        # Σ rank² per pillar
    [all.unranked]          # respondents who left the pillar out of a partial ranking
    [all.positions]         # pillar = [count at rank 1, ..., count at rank n]
    [all.pairwise]          # pillar = [times ranked above each pillar, in `pillars` order]
    [all.ratings]           # pillar = [count of 1, ..., count of 5] (when rated)

    [segments."Gen Z"]      # the same tables per segment (when segmented)

Every number is a sum over respondents, so two summaries of the same framework merge
by adding them (:meth:`SurveySummary.merge`) and a warehouse can compute them with
GROUP BY (the SQL is in the README).  The customers' ranking, means and intervals are
computed from these sums on reading (:meth:`SegmentStats.ranking`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from cx_pillars.errors import CxError, ValidationError, printable
from cx_pillars.i18n import Message, tr
from cx_pillars.pillars import ID_PATTERN, MAX_ITEMS, MIN_ITEMS, Framework

_T = TypeVar("_T")
_Num = TypeVar("_Num", int, float)

SCHEMA = 1
NPS_LEN, CES_LEN, RATING_LEN = 11, 7, 5


@dataclass
class SegmentStats:
    """Sums over the respondents of one segment (or all of them)."""

    respondents: int
    rank_sum: list[float]
    rank_sumsq: list[float]
    tie_sum: int
    positions: list[list[int]]
    unranked: list[int]
    pairwise: list[list[int]]
    ratings: list[list[int]] | None = None
    nps: list[int] | None = None
    ces: list[int] | None = None

    @classmethod
    def empty(
        cls, n: int, ratings: bool = False, nps: bool = False, ces: bool = False
    ) -> SegmentStats:
        return cls(
            0,
            [0.0] * n,
            [0.0] * n,
            0,
            [[0] * n for _ in range(n)],
            [0] * n,
            [[0] * n for _ in range(n)],
            [[0] * RATING_LEN for _ in range(n)] if ratings else None,
            [0] * NPS_LEN if nps else None,
            [0] * CES_LEN if ces else None,
        )

    def __add__(self, other: SegmentStats) -> SegmentStats:
        def add1(a: list[_Num], b: list[_Num]) -> list[_Num]:
            return [x + y for x, y in zip(a, b)]

        def add2(a: list[list[int]], b: list[list[int]]) -> list[list[int]]:
            return [[x + y for x, y in zip(ra, rb)] for ra, rb in zip(a, b)]

        def either1(a: list[int] | None, b: list[int] | None) -> list[int] | None:
            if a is None:
                return None if b is None else list(b)
            if b is None:
                return list(a)
            return add1(a, b)

        def either2(a: list[list[int]] | None, b: list[list[int]] | None) -> list[list[int]] | None:
            if a is None:
                return None if b is None else [list(r) for r in b]
            if b is None:
                return [list(r) for r in a]
            return add2(a, b)

        return SegmentStats(
            self.respondents + other.respondents,
            add1(self.rank_sum, other.rank_sum),
            add1(self.rank_sumsq, other.rank_sumsq),
            self.tie_sum + other.tie_sum,
            add2(self.positions, other.positions),
            add1(self.unranked, other.unranked),
            add2(self.pairwise, other.pairwise),
            either2(self.ratings, other.ratings),
            either1(self.nps, other.nps),
            either1(self.ces, other.ces),
        )

    # -- reading the numbers -------------------------------------------------------------

    def mean_ranks(self) -> list[float | None]:
        N = self.respondents
        return [s / N if N else None for s in self.rank_sum]

    def order(self) -> list[int]:
        """Pillar indexes in the consensus order (PRODUCT.md §5): ascending mean rank, then
        more first places, then catalog order.  Compared on the exact rank sums (every
        pillar's sum is over the same respondents), so no rounding can tie or swap two
        pillars whose means differ in the tenth decimal."""
        firsts = [row[0] for row in self.positions]
        return sorted(range(len(self.rank_sum)), key=lambda i: (self.rank_sum[i], -firsts[i], i))

    def head_to_head(self, pillars: list[str]) -> list[dict[str, Any]]:
        """Sign tests of the adjacent pillars of the consensus order (PRODUCT.md §5), from
        the pairwise counts: ``a``, ``b``, ``a_above_b``, ``b_above_a``, ``p_value``,
        ``p_adjusted`` (Holm over the adjacent pairs)."""
        from cx_pillars.stats import head_to_head

        if self.respondents == 0:
            return []
        return head_to_head([pillars[i] for i in self.order()], pillars, self.pairwise)

    def ranking(self, pillars: list[str]) -> list[dict[str, Any]]:
        """The customers' ranking, most important first (keys of PRODUCT.md §7).

        Every number is unrounded: the screen and the report round, the JSON does not.
        ``position_low``..``position_high`` is the span of the pillar's tie group (the
        pillars joined to it by adjacent pairs customers cannot tell apart, see
        :meth:`head_to_head`), ``tied_with`` the other pillars of that group, and
        ``preference_share`` its Bradley–Terry share of preference."""
        from cx_pillars.stats import bradley_terry, position_ranges

        N = self.respondents
        if N == 0:
            return []
        order = [pillars[i] for i in self.order()]
        ranges = position_ranges(order, self.head_to_head(pillars))
        shares = bradley_terry(self.pairwise)
        out: list[dict[str, Any]] = []
        for position, i in enumerate(self.order(), start=1):
            low, high = _interval(self.rank_sum[i], self.rank_sumsq[i], N)
            out.append(
                {
                    "pillar": pillars[i],
                    "position": position,
                    "mean_rank": self.rank_sum[i] / N,
                    "ci_low": low,
                    "ci_high": high,
                    "first_place_share": self.positions[i][0] / N,
                    "top3_share": sum(self.positions[i][:3]) / N,
                    **ranges[pillars[i]],
                    "preference_share": shares[i],
                }
            )
        return out

    def mean_ratings(self) -> list[float | None] | None:
        if self.ratings is None:
            return None
        out: list[float | None] = []
        for hist in self.ratings:
            total = sum(hist)
            out.append(sum((v + 1) * c for v, c in enumerate(hist)) / total if total else None)
        return out

    def nps_score(self) -> float | None:
        if not self.nps or not sum(self.nps):
            return None
        total = sum(self.nps)
        return 100.0 * (sum(self.nps[9:]) - sum(self.nps[:7])) / total

    def ces_score(self) -> float | None:
        if not self.ces or not sum(self.ces):
            return None
        return sum((v + 1) * c for v, c in enumerate(self.ces)) / sum(self.ces)

    def kendall_w(self) -> float | None:
        """Agreement among the respondents, with the tie correction (PRODUCT.md §5)."""
        m, n = self.respondents, len(self.rank_sum)
        if m < 2:
            return None
        mean = m * (n + 1) / 2
        S = sum((r - mean) ** 2 for r in self.rank_sum)
        denom = m * m * (n**3 - n) - m * self.tie_sum
        return 12 * S / denom if denom > 0 else None

    # -- TOML form ----------------------------------------------------------------------

    def to_dict(self, pillars: list[str]) -> dict[str, Any]:
        doc: dict[str, Any] = {"respondents": self.respondents, "tie_sum": self.tie_sum}
        if self.nps is not None:
            doc["nps"] = list(self.nps)
        if self.ces is not None:
            doc["ces"] = list(self.ces)
        doc["rank_sum"] = {p: _num(v) for p, v in zip(pillars, self.rank_sum)}
        doc["rank_sumsq"] = {p: _num(v) for p, v in zip(pillars, self.rank_sumsq)}
        doc["unranked"] = dict(zip(pillars, self.unranked))
        doc["positions"] = {p: list(row) for p, row in zip(pillars, self.positions)}
        doc["pairwise"] = {p: list(row) for p, row in zip(pillars, self.pairwise)}
        if self.ratings is not None:
            doc["ratings"] = {p: list(row) for p, row in zip(pillars, self.ratings)}
        return doc

    @classmethod
    def from_dict(
        cls, raw: object, pillars: list[str], path: Path | str | None, where: str
    ) -> SegmentStats:
        n = len(pillars)
        if not isinstance(raw, dict):
            raise ValidationError(tr("survey.file.table"), path=path, field=where)

        def count(value: object, f: str) -> int:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValidationError(tr("survey.file.count"), path=path, field=f)
            return value

        def number(value: object, f: str) -> float:
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or value < 0
                or not math.isfinite(value)
            ):
                raise ValidationError(tr("survey.file.number"), path=path, field=f)
            return float(value)

        def per_pillar(key: str, conv: Callable[[object, str], _T]) -> list[_T]:
            table = raw.get(key)
            if not isinstance(table, dict):
                raise ValidationError(
                    tr("survey.file.per_pillar"), path=path, field=f"{where}.{key}"
                )
            unknown = set(table) - set(pillars)
            if unknown:
                raise ValidationError(
                    tr("survey.file.unknown_pillars", pillars=", ".join(sorted(unknown))),
                    path=path,
                    field=f"{where}.{key}",
                )
            missing = [p for p in pillars if p not in table]
            if missing:
                raise ValidationError(
                    tr("survey.file.missing_pillars", pillars=", ".join(missing)),
                    path=path,
                    field=f"{where}.{key}",
                )
            return [conv(table[p], f"{where}.{key}.{p}") for p in pillars]

        def counts(length: int) -> Callable[[object, str], list[int]]:
            def conv(value: object, f: str) -> list[int]:
                if not isinstance(value, list) or len(value) != length:
                    raise ValidationError(
                        tr("survey.file.counts", length=length), path=path, field=f
                    )
                return [count(v, f) for v in value]

            return conv

        unknown = set(raw) - {
            "respondents",
            "tie_sum",
            "nps",
            "ces",
            "rank_sum",
            "rank_sumsq",
            "unranked",
            "positions",
            "pairwise",
            "ratings",
        }
        if unknown:
            raise ValidationError(
                tr("survey.file.unknown_keys", keys=", ".join(sorted(unknown))),
                path=path,
                field=where,
            )
        stats = cls(
            respondents=count(raw.get("respondents"), f"{where}.respondents"),
            rank_sum=per_pillar("rank_sum", number),
            rank_sumsq=per_pillar("rank_sumsq", number),
            tie_sum=count(raw.get("tie_sum", 0), f"{where}.tie_sum"),
            positions=per_pillar("positions", counts(n)),
            unranked=per_pillar("unranked", count),
            pairwise=per_pillar("pairwise", counts(n)),
            ratings=(
                None if raw.get("ratings") is None else per_pillar("ratings", counts(RATING_LEN))
            ),
            nps=counts(NPS_LEN)(raw["nps"], f"{where}.nps") if "nps" in raw else None,
            ces=counts(CES_LEN)(raw["ces"], f"{where}.ces") if "ces" in raw else None,
        )
        stats.check(pillars, path, where)
        return stats

    def check(self, pillars: list[str], path: Path | str | None, where: str) -> None:
        """The counts agree with one another (a summary read from a file or a warehouse):
        every per-pillar count within the respondents, mean ranks within 1..n, each
        position taken at most once per respondent, ranked above in at most one
        direction per respondent.  The error names the field."""
        N, n = self.respondents, len(pillars)

        def bad(message: str | Message, f: str) -> ValidationError:
            return ValidationError(message, path=path, field=f"{where}.{f}" if f else where)

        for i, p in enumerate(pillars):
            placed = sum(self.positions[i]) + self.unranked[i]
            if placed != N:
                raise bad(
                    f"positions and unranked add up to {placed}, not the {N} respondents",
                    f"positions.{p}",
                )
            if N and not (N - 1e-9 <= self.rank_sum[i] <= N * n + 1e-9):
                raise bad(f"a sum of {N} ranks must lie between {N} and {N * n}", f"rank_sum.{p}")
            low = self.rank_sum[i] ** 2 / N if N else 0.0
            if not (low * (1 - 1e-9) - 1e-9 <= self.rank_sumsq[i] <= N * n * n + 1e-9):
                raise bad(
                    tr("segments.bad_sumsq", low=_num(round(low, 6)), high=N * n * n),
                    f"rank_sumsq.{p}",
                )
            if self.pairwise[i][i]:
                raise bad(tr("segments.bad_self_above", pillar=p), f"pairwise.{p}")
            for j in range(i + 1, n):
                both = self.pairwise[i][j] + self.pairwise[j][i]
                if both > N:
                    raise bad(
                        tr("segments.bad_above", a=p, b=pillars[j], count=both, respondents=N),
                        f"pairwise.{p}",
                    )
            if self.ratings is not None and sum(self.ratings[i]) > N:
                raise bad(
                    tr("segments.over", count=sum(self.ratings[i]), respondents=N),
                    f"ratings.{p}",
                )
        for r in range(n):
            at = sum(self.positions[i][r] for i in range(n))
            if at > N:
                raise bad(
                    tr("segments.bad_position", rank=r + 1, count=at, respondents=N), "positions"
                )
        for key, hist in (("nps", self.nps), ("ces", self.ces)):
            if hist is not None and sum(hist) > N:
                raise bad(tr("segments.over", count=sum(hist), respondents=N), key)
        if self.tie_sum > N * (n**3 - n):
            raise bad(tr("segments.bad_ties", high=N * (n**3 - n)), "tie_sum")

    def minus(self, other: SegmentStats) -> SegmentStats | None:
        """These sums less ``other``'s (the respondents of a whole not in its parts), or
        None when any count would fall below zero."""

        def sub1(a: list[_Num], b: list[_Num]) -> list[_Num]:
            return [x - y for x, y in zip(a, b)]

        def sub2(a: list[list[int]], b: list[list[int]]) -> list[list[int]]:
            return [[x - y for x, y in zip(ra, rb)] for ra, rb in zip(a, b)]

        def opt1(a: list[int] | None, b: list[int] | None) -> list[int] | None:
            return None if a is None else sub1(a, b or [0] * len(a))

        def opt2(a: list[list[int]] | None, b: list[list[int]] | None) -> list[list[int]] | None:
            return None if a is None else sub2(a, b or [[0] * len(r) for r in a])

        out = SegmentStats(
            self.respondents - other.respondents,
            sub1(self.rank_sum, other.rank_sum),
            sub1(self.rank_sumsq, other.rank_sumsq),
            self.tie_sum - other.tie_sum,
            sub2(self.positions, other.positions),
            sub1(self.unranked, other.unranked),
            sub2(self.pairwise, other.pairwise),
            opt2(self.ratings, other.ratings),
            opt1(self.nps, other.nps),
            opt1(self.ces, other.ces),
        )
        flat: list[float] = [out.respondents, out.tie_sum, *out.rank_sum, *out.rank_sumsq]
        flat += [*out.unranked, *(v for r in out.positions for v in r)]
        flat += [v for r in out.pairwise for v in r]
        flat += (
            [v for r in out.ratings or [] for v in r] + list(out.nps or []) + list(out.ces or [])
        )
        if any(v < -1e-9 for v in flat):
            return None
        return out


def _num(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _interval(total: float, total_sq: float, count: int) -> tuple[float | None, float | None]:
    from cx_pillars.stats import mean_rank_interval

    iv = mean_rank_interval(total, total_sq, count)
    return iv.low, iv.high


def margin_of_error(respondents: int) -> float | None:
    """1.96·√(0.25/N): the worst-case 95% margin of a proportion; None for N = 0."""
    from cx_pillars.stats import margin_of_error as moe

    return moe(respondents)


RESPONSES_FOR_5_PERCENT = 385

#: k of the segments' k-anonymity (PRODUCT.md §3): a segment of fewer respondents is
#: shown only inside "other"; ``--min-segment`` may raise it, never lower it.
MIN_SEGMENT = 5
#: At most this many segments in a summary: more are identifiers, not groups (and every
#: view and chart walks them).
MAX_SEGMENTS = 100
OTHER = "other"  # = cells.OTHER: the segments too small to show, together


def mostly_alone(sizes: list[int]) -> int | None:
    """How many respondents sit alone in their segment, when that is more than half of
    them (with 3 or more segments): a column of names, ids or free text, not groups."""
    alone = sum(1 for size in sizes if size == 1)
    return alone if len(sizes) >= 3 and 2 * alone > sum(sizes) else None


@dataclass
class SegmentGuard:
    """What :func:`protect` did to the segments, for the notice after an import."""

    k: int
    merged: list[str] = field(default_factory=list)  # segments under k, now in "other"
    merged_respondents: int = 0
    folded: list[str] = field(default_factory=list)  # segments of k or more put with them
    dropped: bool = False  # no split is left: every segment went into "other"

    @property
    def changed(self) -> bool:
        return bool(self.merged or self.folded or self.dropped)


def protect(
    segments: dict[str, SegmentStats], k: int = MIN_SEGMENT
) -> tuple[dict[str, SegmentStats], SegmentGuard]:
    """The segments made k-anonymous: every segment of fewer than ``k`` respondents
    goes into "other".  When "other" still has fewer than ``k``, the smallest segments
    join it until it has ``k`` (leaving it out instead would not hide it: [all] minus
    the segments shown is exactly its figures); when every segment has gone into
    "other", the split says nothing and is dropped.  Segments and [all] keep adding
    up."""
    guard = SegmentGuard(k)
    keep = {name: st for name, st in segments.items() if st.respondents >= k and name != OTHER}
    small = sorted(
        (name for name, st in segments.items() if st.respondents < k and name != OTHER),
        key=lambda name: (-segments[name].respondents, name),
    )
    if not small and (OTHER not in segments or segments[OTHER].respondents >= k):
        return dict(segments), guard
    parts = [segments[name] for name in small]
    if OTHER in segments:
        parts.append(segments[OTHER])
    guard.merged = list(small)
    guard.merged_respondents = sum(p.respondents for p in parts)
    other = parts[0]
    for part in parts[1:]:
        other = other + part
    while other.respondents < k and keep:
        smallest = min(keep, key=lambda name: (keep[name].respondents, name))
        other = other + keep.pop(smallest)
        guard.folded.append(smallest)
    if not keep:
        guard.dropped = True
        return {}, guard
    keep[OTHER] = other
    return keep, guard


@dataclass
class SurveySummary:
    """One imported (or merged) customer survey, as aggregates only."""

    name: str
    framework: str
    pillars: list[str]
    all: SegmentStats
    segments: dict[str, SegmentStats] = field(default_factory=dict)
    source: str = ""
    format: str = ""
    imported: datetime = field(default_factory=lambda: datetime.now(UTC))
    segment_by: str = ""
    # the header of the column the segments come from (``segment_by = "column"``), so
    # words can name it ("that region"); "" when not known (older summaries, warehouse)
    segment_column: str = ""
    skipped: dict[str, int] = field(default_factory=dict)
    ignored: dict[str, int] = field(default_factory=dict)
    merged_from: list[str] = field(default_factory=list)
    #: k of the segments (``--min-segment``): no segment has fewer respondents
    min_segment: int = MIN_SEGMENT
    path: Path | None = field(default=None, compare=False)
    #: what the import did to the segments to keep them k-anonymous (not saved)
    guard: SegmentGuard | None = field(default=None, compare=False)

    @property
    def respondents(self) -> int:
        return self.all.respondents

    @property
    def n(self) -> int:
        return len(self.pillars)

    def ranking(self, segment: str | None = None) -> list[dict[str, Any]]:
        stats = self.all if segment is None else self.segments[segment]
        return stats.ranking(self.pillars)

    def segment_names(self) -> list[str]:
        """Segments in a reading order: generations youngest first, else by size."""
        from cx_pillars.survey.cells import GENERATION_ORDER

        names = list(self.segments)
        if self.segment_by == "generation":
            return sorted(
                names, key=lambda s: (GENERATION_ORDER.index(s) if s in GENERATION_ORDER else 99, s)
            )
        return sorted(names, key=lambda s: (s == "unknown", -self.segments[s].respondents, s))

    def merge(self, other: SurveySummary, name: str | None = None) -> SurveySummary:
        """The two surveys as one: every count and sum added."""
        if (self.framework, self.pillars) != (other.framework, other.pillars):
            if self.framework != other.framework:
                why = tr("survey.file.merge_frameworks", a=self.framework, b=other.framework)
            else:
                why = tr("survey.file.merge_pillars")
            raise CxError(
                tr("survey.file.merge_cannot", a=self.name, b=other.name, why=why),
                path=other.path,
            )
        if self.segment_by != other.segment_by and self.segments and other.segments:
            raise CxError(
                tr(
                    "survey.file.merge_segments",
                    a=self.name,
                    a_by=self.segment_by,
                    b=other.name,
                    b_by=other.segment_by,
                ),
                path=other.path,
                hint=tr("survey.file.merge_segments_hint"),
            )
        self._check_not_the_same(other)
        segments = dict(self.segments)
        for seg, stats in other.segments.items():
            segments[seg] = segments[seg] + stats if seg in segments else stats
        if bool(self.segments) != bool(other.segments):
            # One wave was split into segments, the other was not: its respondents are
            # in no known segment (without this, [all] and the segments disagreed and
            # the merged file could not be read back).
            whole = other.all if self.segments else self.all
            unknown = "unknown"
            segments[unknown] = segments[unknown] + whole if unknown in segments else whole
        # Two k-anonymous waves add up to k-anonymous segments, except where one wave
        # was not split: its respondents make "unknown", however few they are.
        k = max(self.min_segment, other.min_segment)
        segments, guard = protect(segments, k)
        return SurveySummary(
            name=name or f"{self.name}+{other.name}",
            framework=self.framework,
            pillars=list(self.pillars),
            all=self.all + other.all,
            segments=segments,
            source=" + ".join(s for s in dict.fromkeys((self.source, other.source)) if s),
            format=self.format if self.format == other.format else "merged",
            imported=datetime.now(UTC).replace(microsecond=0),
            segment_by=self.segment_by or other.segment_by,
            segment_column=self._merged_segment_column(other),
            skipped=_add_counts(self.skipped, other.skipped),
            ignored=_add_counts(self.ignored, other.ignored),
            merged_from=(self.merged_from or [self.name]) + (other.merged_from or [other.name]),
            min_segment=k,
            guard=guard,
        )

    def _check_not_the_same(self, other: SurveySummary) -> None:
        """Refuse to count one wave twice: the same file, the same figures, or merged
        summaries that share a wave."""
        where = other.path or self.path
        same_file = False
        if self.path is not None and other.path is not None:
            try:
                same_file = self.path.samefile(other.path)
            except OSError:
                same_file = self.path.resolve() == other.path.resolve()
        if same_file:
            raise CxError(
                tr("segments.merge_same_file", name=self.name),
                path=where,
                hint=tr("segments.merge_hint"),
            )
        if (self.all, self.segments) == (other.all, other.segments):
            raise CxError(
                tr("segments.merge_same_figures", a=self.name, b=other.name),
                path=where,
                hint=tr("segments.merge_hint"),
            )
        if self.merged_from or other.merged_from:
            mine = self.merged_from or [self.name]
            shared = [w for w in other.merged_from or [other.name] if w in mine]
            if shared:
                raise CxError(
                    tr(
                        "segments.merge_overlap",
                        a=self.name,
                        b=other.name,
                        waves=", ".join(dict.fromkeys(shared)),
                    ),
                    path=where,
                    hint=tr("segments.merge_hint"),
                )

    def _merged_segment_column(self, other: SurveySummary) -> str:
        """The column both waves were split by; kept from the split one when the other
        was not split, dropped when the two name different columns."""
        if not (self.segments and other.segments):
            return self.segment_column if self.segments else other.segment_column
        return self.segment_column if self.segment_column == other.segment_column else ""

    def to_dict(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "survey": SCHEMA,
            "name": self.name,
            "framework": self.framework,
            "pillars": list(self.pillars),
            "source": self.source,
            "format": self.format,
            "imported": self.imported.astimezone(UTC).replace(microsecond=0),
            "segment_by": self.segment_by,
        }
        if self.segment_column:
            doc["segment_column"] = self.segment_column
        if self.merged_from:
            doc["merged_from"] = list(self.merged_from)
        if self.segments or self.min_segment != MIN_SEGMENT:
            doc["min_segment"] = self.min_segment
        doc["skipped"] = dict(self.skipped)
        doc["ignored"] = dict(self.ignored)
        doc["all"] = self.all.to_dict(self.pillars)
        if self.segments:
            doc["segments"] = {
                s: self.segments[s].to_dict(self.pillars) for s in self.segment_names()
            }
        return doc

    @classmethod
    def from_dict(
        cls,
        data: dict[str, Any],
        path: Path | str | None = None,
        *,
        anonymise: int | None = None,
    ) -> SurveySummary:
        """A summary from its TOML form, checked: every text clean of control and
        invisible characters, every count consistent (:meth:`SegmentStats.check`), at
        least one respondent, at most :data:`MAX_SEGMENTS` segments adding up to at
        most [all], none smaller than k.  ``anonymise``: a summary being imported (not
        read): segments smaller than that k are merged into "other" (:func:`protect`)
        instead of refused."""
        from cx_pillars.safetext import check

        where: Path | str = path or "the summary"
        if data.get("survey") != SCHEMA:
            raise ValidationError(
                tr("survey.file.not_summary", schema=SCHEMA), path=where, field="survey"
            )
        known = {
            "survey",
            "name",
            "framework",
            "pillars",
            "source",
            "format",
            "imported",
            "segment_by",
            "segment_column",
            "merged_from",
            "min_segment",
            "skipped",
            "ignored",
            "all",
            "segments",
        }
        unknown = set(data) - known
        if unknown:
            shown = ", ".join(sorted(printable(u, 60) for u in unknown))
            raise ValidationError(tr("survey.file.unknown_keys", keys=shown), path=where)

        def text(key: str, required: bool = True) -> str:
            value = data.get(key, None if required else "")
            if not isinstance(value, str) or (required and not value.strip()):
                raise ValidationError(
                    "must be a non-empty string" if required else "must be a string",
                    path=where,
                    field=key,
                )
            return check(value, path=where, field=key)

        pillars = data.get("pillars")
        if (
            not isinstance(pillars, list)
            or not all(isinstance(p, str) for p in pillars)
            or not MIN_ITEMS <= len(pillars) <= MAX_ITEMS
            or len(set(pillars)) != len(pillars)
            or not all(ID_PATTERN.match(p) for p in pillars)
        ):
            raise ValidationError(
                tr("survey.file.pillar_ids", low=MIN_ITEMS, high=MAX_ITEMS),
                path=where,
                field="pillars",
            )
        imported = data.get("imported")
        if isinstance(imported, str):
            try:
                imported = datetime.fromisoformat(imported)
            except ValueError:
                imported = None
        if not isinstance(imported, datetime):
            raise ValidationError(tr("survey.file.date"), path=where, field="imported")
        if imported.tzinfo is None:
            imported = imported.replace(tzinfo=UTC)

        def counts(key: str) -> dict[str, int]:
            table = data.get(key, {})
            if not isinstance(table, dict) or not all(
                isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in table.values()
            ):
                raise ValidationError(tr("survey.file.reasons"), path=where, field=key)
            for reason in table:
                check(reason, path=where, field=key)
            return dict(table)

        k = data.get("min_segment", MIN_SEGMENT)
        if isinstance(k, bool) or not isinstance(k, int) or k < MIN_SEGMENT:
            raise ValidationError(
                tr("segments.bad_k", k=MIN_SEGMENT), path=where, field="min_segment"
            )
        segments_raw = data.get("segments", {})
        if not isinstance(segments_raw, dict):
            raise ValidationError(tr("survey.file.segments"), path=where, field="segments")
        if len(segments_raw) > MAX_SEGMENTS:
            raise ValidationError(
                tr("segments.too_many", count=len(segments_raw), most=MAX_SEGMENTS),
                path=where,
                field="segments",
            )
        for seg in segments_raw:
            check(seg, path=where, field=f"segments.{seg}")
            if not seg.strip() or len(seg) > 200:
                raise ValidationError(
                    tr("segments.bad_name"), path=where, field=f"segments.{printable(seg, 60)}"
                )
        merged = data.get("merged_from", [])
        if not isinstance(merged, list) or not all(isinstance(m, str) for m in merged):
            raise ValidationError(tr("survey.file.names"), path=where, field="merged_from")
        for i, m in enumerate(merged):
            check(m, path=where, field=f"merged_from[{i}]")
        summary = cls(
            name=text("name"),
            framework=text("framework"),
            pillars=list(pillars),
            all=SegmentStats.from_dict(data.get("all"), pillars, where, "all"),
            segments={
                str(s): SegmentStats.from_dict(v, pillars, where, f"segments.{s}")
                for s, v in segments_raw.items()
            },
            source=text("source", False),
            format=text("format", False),
            imported=imported,
            segment_by=text("segment_by", False),
            segment_column=text("segment_column", False),
            skipped=counts("skipped"),
            ignored=counts("ignored"),
            merged_from=list(merged),
            min_segment=k,
            path=Path(path) if path else None,
        )
        if anonymise is not None:
            summary.min_segment = max(k, anonymise)
            summary.segments, summary.guard = protect(summary.segments, summary.min_segment)
        summary.check_segments(where)
        return summary

    def check_segments(self, where: Path | str | None, line: int | None = None) -> None:
        """[all] has respondents; the segments are few enough, add up to at most [all],
        and none (nor the respondents left out of them) is smaller than k."""
        N = self.all.respondents
        if N == 0:
            raise ValidationError(
                tr("segments.no_respondents"), path=where, line=line, field="all.respondents"
            )
        if not self.segments:
            return
        if len(self.segments) > MAX_SEGMENTS:
            raise ValidationError(
                tr("segments.too_many", count=len(self.segments), most=MAX_SEGMENTS),
                path=where,
                line=line,
                field="segments",
            )
        total = sum(s.respondents for s in self.segments.values())
        if total > N:
            raise ValidationError(
                tr("segments.over_all", total=total, respondents=N),
                path=where,
                line=line,
                field="segments",
            )
        k = self.min_segment
        for seg, stats in self.segments.items():
            if stats.respondents < k:
                raise ValidationError(
                    tr("segments.too_small", count=stats.respondents, k=k),
                    path=where,
                    line=line,
                    field=f"segments.{seg}",
                    hint=tr("segments.too_small_hint"),
                )
        if 0 < N - total < k:
            raise ValidationError(
                tr("segments.left_out_small", count=N - total, k=k),
                path=where,
                line=line,
                field="segments",
                hint=tr("segments.too_small_hint"),
            )

    def to_toml(self) -> bytes:
        from cx_pillars.store import dumps

        return dumps(self.to_dict())

    def for_framework(self, fw: Framework) -> SurveySummary:
        """Check the summary belongs to ``fw`` (pillars in any order; returned in fw's)."""
        if self.framework != fw.id or set(self.pillars) != set(fw.ids):
            raise ValidationError(
                tr(
                    "survey.file.other_framework",
                    framework=self.framework,
                    pillars=", ".join(self.pillars),
                    wanted=fw.id,
                ),
                path=self.path,
                field="framework",
                hint=tr("survey.file.other_framework_hint"),
            )
        if self.pillars == fw.ids:
            return self
        order = [self.pillars.index(p) for p in fw.ids]

        def re1(v: list[_T]) -> list[_T]:
            return [v[i] for i in order]

        def re2(v: list[list[int]]) -> list[list[int]]:
            return [[v[i][j] for j in order] for i in order]

        def fix(s: SegmentStats) -> SegmentStats:
            return SegmentStats(
                s.respondents,
                re1(s.rank_sum),
                re1(s.rank_sumsq),
                s.tie_sum,
                re1(s.positions),
                re1(s.unranked),
                re2(s.pairwise),
                None if s.ratings is None else re1(s.ratings),
                s.nps,
                s.ces,
            )

        return replace(
            self,
            pillars=list(fw.ids),
            all=fix(self.all),
            segments={k: fix(v) for k, v in self.segments.items()},
        )


def _add_counts(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    out = dict(a)
    for k, v in b.items():
        out[k] = out.get(k, 0) + v
    return out


def load_summary(
    path: Path | str, fw: Framework | None = None, *, anonymise: int | None = None
) -> SurveySummary:
    """Read and validate a summary file; errors name the file and the field.
    ``anonymise``: the file is being imported; see :meth:`SurveySummary.from_dict`."""
    from cx_pillars.files import parse_toml, read_text

    path = Path(path)
    data = parse_toml(path, read_text(path))
    summary = SurveySummary.from_dict(data, path, anonymise=anonymise)
    return summary.for_framework(fw) if fw is not None else summary


#: Names Windows keeps for devices, with or without an extension (a shared folder is
#: often an SMB share): a summary never takes one of them as its file name.
WINDOWS_DEVICES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{d}{i}" for d in ("com", "lpt") for i in range(10)]
)


def summary_name(text: str) -> str:
    """A file-name-safe summary name: the slug of ``text`` ("Wave March" is
    ``wave-march``); a name Windows keeps for a device gets ``-survey`` after it
    (``con`` is ``con-survey``).  Saving and looking up both go through it, so the
    name the user typed finds the file."""
    from cx_pillars.store import slug

    name = slug(text, limit=60)
    if name == "respondent":
        return "survey"
    return f"{name}-survey" if name in WINDOWS_DEVICES else name


def customer_ranking(summary: SurveySummary, segment: str | None = None) -> list[dict[str, Any]]:
    """The customers' consensus ranking of a summary (or of one of its segments)."""
    return summary.ranking(segment)


def surveys_folder(store: Path) -> Path:
    return Path(store) / "surveys"


def saved_summary(ref: str, store: Path) -> Path | None:
    """The file of the summary saved as ``ref`` in ``<store>/surveys/``: the name as
    typed when a file has it, else the name saving gives it (:func:`summary_name`:
    "Wave March" finds ``wave-march.toml``); None when neither is there."""
    folder = surveys_folder(store)
    names = [summary_name(ref)]
    if (
        ref
        and "/" not in ref
        and "\\" not in ref
        and ref.strip(".")
        and not Path(ref).is_absolute()
    ):
        names.insert(0, ref)
    for name in dict.fromkeys(names):
        named = folder / f"{name}.toml"
        if named.is_file():
            return named
    return None


def find_summary(ref: str, store: Path, *, exports: bool = False) -> Path:
    """A summary given as a file, or as a NAME in ``<store>/surveys/``.

    ``exports``: the caller also reads survey exports (``--survey FILE``), and the
    error says so."""
    from cx_pillars.i18n import tr

    candidate = Path(ref)
    if candidate.suffix == ".toml" and candidate.is_file():
        return candidate
    folder = surveys_folder(store)
    named = saved_summary(ref, store)
    if named is not None:
        return named
    available = sorted(p.stem for p in folder.glob("*.toml")) if folder.is_dir() else []
    shown = ", ".join(available[:10]) + (", …" if len(available) > 10 else "")
    if exports:
        hint = tr("survey.fly.available", names=shown) if available else tr("survey.fly.none_saved")
        message = tr("survey.fly.no_such", name=repr(ref))
    else:
        hint = (
            tr("survey.none_named_available", names=shown)
            if available
            else tr("survey.none_named_hint")
        )
        message = tr("survey.none_named", name=repr(ref))
    raise CxError(message, path=folder, hint=hint)
