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

from cx_pillars.errors import CxError, ValidationError
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
            raise ValidationError("must be a table", path=path, field=where)

        def count(value: object, f: str) -> int:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValidationError("must be a whole number, 0 or more", path=path, field=f)
            return value

        def number(value: object, f: str) -> float:
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or value < 0
                or not math.isfinite(value)
            ):
                raise ValidationError("must be a number, 0 or more", path=path, field=f)
            return float(value)

        def per_pillar(key: str, conv: Callable[[object, str], _T]) -> list[_T]:
            table = raw.get(key)
            if not isinstance(table, dict):
                raise ValidationError(
                    "must be a table with one entry per pillar", path=path, field=f"{where}.{key}"
                )
            unknown = set(table) - set(pillars)
            if unknown:
                raise ValidationError(
                    f"unknown pillar(s) {', '.join(sorted(unknown))}",
                    path=path,
                    field=f"{where}.{key}",
                )
            missing = [p for p in pillars if p not in table]
            if missing:
                raise ValidationError(
                    f"missing pillar(s) {', '.join(missing)}", path=path, field=f"{where}.{key}"
                )
            return [conv(table[p], f"{where}.{key}.{p}") for p in pillars]

        def counts(length: int) -> Callable[[object, str], list[int]]:
            def conv(value: object, f: str) -> list[int]:
                if not isinstance(value, list) or len(value) != length:
                    raise ValidationError(f"must be a list of {length} counts", path=path, field=f)
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
                f"unknown key(s) {', '.join(sorted(unknown))}", path=path, field=where
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
        N = stats.respondents
        for i, p in enumerate(pillars):
            if sum(stats.positions[i]) + stats.unranked[i] != N:
                raise ValidationError(
                    f"positions and unranked add up to "
                    f"{sum(stats.positions[i]) + stats.unranked[i]}, not the "
                    f"{N} respondents",
                    path=path,
                    field=f"{where}.positions.{p}",
                )
            if N and not (N - 1e-9 <= stats.rank_sum[i] <= N * n + 1e-9):
                raise ValidationError(
                    f"a sum of {N} ranks must lie between {N} and {N * n}",
                    path=path,
                    field=f"{where}.rank_sum.{p}",
                )
        return stats


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
    path: Path | None = field(default=None, compare=False)

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
                why = f"framework {self.framework!r} vs {other.framework!r}"
            else:
                why = "the pillars differ"
            raise CxError(f"cannot merge {self.name!r} and {other.name!r}: {why}", path=other.path)
        if self.segment_by != other.segment_by and self.segments and other.segments:
            raise CxError(
                f"cannot merge {self.name!r} (segments: {self.segment_by}) and "
                f"{other.name!r} (segments: {other.segment_by})",
                path=other.path,
                hint="import both with the same --segment/--age/--birth-year",
            )
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
        doc["skipped"] = dict(self.skipped)
        doc["ignored"] = dict(self.ignored)
        doc["all"] = self.all.to_dict(self.pillars)
        if self.segments:
            doc["segments"] = {
                s: self.segments[s].to_dict(self.pillars) for s in self.segment_names()
            }
        return doc

    @classmethod
    def from_dict(cls, data: dict[str, Any], path: Path | str | None = None) -> SurveySummary:
        where: Path | str = path or "the summary"
        if data.get("survey") != SCHEMA:
            raise ValidationError(
                f"not a survey summary (expected survey = {SCHEMA})", path=where, field="survey"
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
            "skipped",
            "ignored",
            "all",
            "segments",
        }
        unknown = set(data) - known
        if unknown:
            raise ValidationError(f"unknown key(s) {', '.join(sorted(unknown))}", path=where)

        def text(key: str, required: bool = True) -> str:
            value = data.get(key, None if required else "")
            if not isinstance(value, str) or (required and not value.strip()):
                raise ValidationError(
                    "must be a non-empty string" if required else "must be a string",
                    path=where,
                    field=key,
                )
            return value

        pillars = data.get("pillars")
        if (
            not isinstance(pillars, list)
            or not all(isinstance(p, str) for p in pillars)
            or not MIN_ITEMS <= len(pillars) <= MAX_ITEMS
            or len(set(pillars)) != len(pillars)
            or not all(ID_PATTERN.match(p) for p in pillars)
        ):
            raise ValidationError(
                f"must be a list of {MIN_ITEMS}-{MAX_ITEMS} distinct pillar ids",
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
            raise ValidationError("must be a date and time", path=where, field="imported")
        if imported.tzinfo is None:
            imported = imported.replace(tzinfo=UTC)

        def counts(key: str) -> dict[str, int]:
            table = data.get(key, {})
            if not isinstance(table, dict) or not all(
                isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in table.values()
            ):
                raise ValidationError("must be a table of reason = count", path=where, field=key)
            return dict(table)

        segments_raw = data.get("segments", {})
        if not isinstance(segments_raw, dict):
            raise ValidationError("must be a table of segments", path=where, field="segments")
        merged = data.get("merged_from", [])
        if not isinstance(merged, list) or not all(isinstance(m, str) for m in merged):
            raise ValidationError("must be a list of names", path=where, field="merged_from")
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
            path=Path(path) if path else None,
        )
        if summary.segments:
            total = sum(s.respondents for s in summary.segments.values())
            if total != summary.all.respondents:
                raise ValidationError(
                    f"the segments hold {total} respondents, [all] {summary.all.respondents}",
                    path=where,
                    field="segments",
                )
        return summary

    def to_toml(self) -> bytes:
        from cx_pillars.store import dumps

        return dumps(self.to_dict())

    def for_framework(self, fw: Framework) -> SurveySummary:
        """Check the summary belongs to ``fw`` (pillars in any order; returned in fw's)."""
        if self.framework != fw.id or set(self.pillars) != set(fw.ids):
            raise ValidationError(
                f"is a survey of framework {self.framework!r} with pillars "
                f"{', '.join(self.pillars)}, not of {fw.id!r}",
                path=self.path,
                field="framework",
                hint="pass the --framework the survey was imported with",
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


def load_summary(path: Path | str, fw: Framework | None = None) -> SurveySummary:
    """Read and validate a summary file; errors name the file and the field."""
    from cx_pillars.files import parse_toml, read_text

    path = Path(path)
    data = parse_toml(path, read_text(path))
    summary = SurveySummary.from_dict(data, path)
    return summary.for_framework(fw) if fw is not None else summary


def customer_ranking(summary: SurveySummary, segment: str | None = None) -> list[dict[str, Any]]:
    """The customers' consensus ranking of a summary (or of one of its segments)."""
    return summary.ranking(segment)


def surveys_folder(store: Path) -> Path:
    return Path(store) / "surveys"


def find_summary(ref: str, store: Path, *, exports: bool = False) -> Path:
    """A summary given as a file, or as a NAME in ``<store>/surveys/``.

    ``exports``: the caller also reads survey exports (``--survey FILE``), and the
    error says so."""
    from cx_pillars.i18n import tr

    candidate = Path(ref)
    if candidate.suffix == ".toml" and candidate.is_file():
        return candidate
    folder = surveys_folder(store)
    named = folder / f"{ref}.toml"
    if named.is_file():
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
