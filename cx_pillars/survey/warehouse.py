"""Summaries computed elsewhere: a data warehouse's GROUP BY output, or a summary TOML.

The summary CSV is long and narrow so that one UNION ALL of GROUP BY queries
produces it (the README has the SQL)::

    segment,statistic,pillar,other,value
    all,respondents,,,412
    all,tie_sum,,,3300
    all,rank_sum,service,,1203.5
    all,rank_sumsq,service,,4410.25
    all,position,service,1,96          # other = the rank, 1..n
    all,unranked,service,,12
    all,above,service,friction,230     # other = the pillar it was ranked above
    all,rating,service,4,120           # other = the rating, 1..5
    all,nps,,9,80                      # other = the score, 0..10
    all,ces,,6,75                      # other = the score, 1..7

``segment`` is ``all`` for every respondent, or a segment name (a generation, a
region...).  Without ``all`` rows, ``all`` is the sum of the segments; with both, the
segments add up to at most ``all`` (respondents in none are "unknown").  Missing rows
count as zero.  The summary read is checked as a summary file is (every count within
the respondents, segment names clean of control characters), and its segments follow
the rules of an export's: names that are e-mails, phone numbers or IP addresses, or
mostly one respondent each, are refused; segments of fewer than k respondents are
merged into "other".
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from cx_pillars.errors import CxError, ValidationError
from cx_pillars.i18n import tr
from cx_pillars.pillars import Framework
from cx_pillars.survey.summary import (
    CES_LEN,
    MAX_SEGMENTS,
    MIN_SEGMENT,
    NPS_LEN,
    RATING_LEN,
    SegmentStats,
    SurveySummary,
    load_summary,
    mostly_alone,
    protect,
)

if TYPE_CHECKING:
    from cx_pillars.survey.read import Source

COLUMNS = ("segment", "statistic", "pillar", "other", "value")
STATISTICS = (
    "respondents",
    "tie_sum",
    "rank_sum",
    "rank_sumsq",
    "position",
    "unranked",
    "above",
    "rating",
    "nps",
    "ces",
)


def is_summary_csv(source: Source) -> bool:
    from cx_pillars.survey.read import Records

    with Records(source) as records:
        first = records.next_record()
    return first is not None and {c.strip().lower() for c in first[1]} == set(COLUMNS)


def import_summary_file(
    path: Path,
    fw: Framework,
    name: str,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    min_segment: int = MIN_SEGMENT,
) -> SurveySummary:
    """A summary TOML (validated, renamed, its small segments merged into "other") or
    a summary CSV, for framework ``fw``."""
    if path.suffix.lower() == ".toml":
        summary = load_summary(path, fw, anonymise=min_segment)
        summary.name = name
        summary.path = None
        return summary
    return read_summary_csv(
        path, fw, name, encoding=encoding, delimiter=delimiter, min_segment=min_segment
    )


def _blank(n: int) -> dict[str, Any]:
    """A segment's sums while the rows are read (the keys of SegmentStats)."""
    return {
        "respondents": 0,
        "tie_sum": 0,
        "rank_sum": [0.0] * n,
        "rank_sumsq": [0.0] * n,
        "positions": [[0] * n for _ in range(n)],
        "unranked": [0] * n,
        "pairwise": [[0] * n for _ in range(n)],
        "ratings": None,
        "nps": None,
        "ces": None,
    }


def read_summary_csv(
    path: Path,
    fw: Framework,
    name: str,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    min_segment: int = MIN_SEGMENT,
) -> SurveySummary:
    from cx_pillars.safetext import check
    from cx_pillars.survey.cells import UNKNOWN, clean_segment, identifier_kind
    from cx_pillars.survey.read import Records, inspect

    source = inspect(path, encoding=encoding, delimiter=delimiter, kind="csv")
    n = fw.n
    index = {p: i for i, p in enumerate(fw.ids)}
    segments: dict[str, dict[str, Any]] = {}
    first_line: dict[str, int] = {}  # where each segment's rows start, for messages
    names: dict[str, str] = {}  # segment cell as written -> its name
    with Records(source) as records:
        head = records.next_record()
        if head is None:
            raise CxError(tr("survey.error.empty"), path=path)
        header = [c.strip().lower() for c in head[1]]
        if set(header) != set(COLUMNS):
            raise ValidationError(
                tr("survey.file.csv_columns", columns=",".join(COLUMNS)), path=path, line=head[0]
            )
        col = {c: header.index(c) for c in COLUMNS}
        while True:
            rec = records.next_record()
            if rec is None:
                break
            line, row = rec
            row = row + [""] * (len(header) - len(row))
            seg, stat, pillar, other, raw = (row[col[c]].strip() for c in COLUMNS)
            written = seg or "all"
            seg = names.get(written, "")
            if not seg:
                seg = _segment_name(written, path, line, check, clean_segment, identifier_kind)
                if seg not in segments and len(segments) > MAX_SEGMENTS:  # "all" + 100
                    raise ValidationError(
                        tr("segments.too_many", count=f"{MAX_SEGMENTS}+", most=MAX_SEGMENTS),
                        path=path,
                        line=line,
                        field="segment",
                    )
                if len(names) < 10 * MAX_SEGMENTS:
                    names[written] = seg
                first_line.setdefault(seg, line)
            if stat not in STATISTICS:
                raise ValidationError(
                    tr("survey.file.statistic", stat=stat, stats=", ".join(STATISTICS)),
                    path=path,
                    line=line,
                )
            try:
                value = float(raw)
            except ValueError:
                raise ValidationError(
                    tr("survey.file.not_number", value=raw), path=path, line=line
                ) from None
            if value < 0 or (stat not in ("rank_sum", "rank_sumsq") and not value.is_integer()):
                key = (
                    "survey.file.value_number"
                    if stat.startswith("rank_")
                    else "survey.file.value_count"
                )
                raise ValidationError(tr(key, value=raw), path=path, line=line)
            d = segments.setdefault(seg, _blank(n))

            def pillar_index(text: str, line: int = line) -> int:
                if text not in index:
                    raise ValidationError(
                        tr("survey.file.not_pillar", pillar=text, framework=fw.id),
                        path=path,
                        line=line,
                        hint=tr("survey.file.not_pillar_hint"),
                    )
                return index[text]

            def level(
                low: int, high: int, other: str = other, stat: str = stat, line: int = line
            ) -> int:
                try:
                    v = int(float(other))
                except (ValueError, OverflowError):  # "x", "nan", "1e999"
                    v = None
                if v is None or not low <= v <= high:
                    raise ValidationError(
                        tr("survey.file.other_level", low=low, high=high, stat=stat, other=other),
                        path=path,
                        line=line,
                    )
                return v

            if stat in ("respondents", "tie_sum"):
                d[stat] += int(value)
            elif stat in ("rank_sum", "rank_sumsq", "unranked"):
                d[stat][pillar_index(pillar)] += value if stat != "unranked" else int(value)
            elif stat == "position":
                d["positions"][pillar_index(pillar)][level(1, n) - 1] += int(value)
            elif stat == "above":
                d["pairwise"][pillar_index(pillar)][pillar_index(other)] += int(value)
            elif stat == "rating":
                if d["ratings"] is None:
                    d["ratings"] = [[0] * RATING_LEN for _ in range(n)]
                d["ratings"][pillar_index(pillar)][level(1, 5) - 1] += int(value)
            elif stat == "nps":
                if d["nps"] is None:
                    d["nps"] = [0] * NPS_LEN
                d["nps"][level(0, 10)] += int(value)
            else:
                if d["ces"] is None:
                    d["ces"] = [0] * CES_LEN
                d["ces"][level(1, 7) - 1] += int(value)
    if not segments:
        raise CxError(tr("survey.file.no_rows"), path=path)
    stats: dict[str, SegmentStats] = {}
    for seg, d in segments.items():
        doc: dict[str, Any] = {
            "respondents": d["respondents"],
            "tie_sum": d["tie_sum"],
            "rank_sum": dict(zip(fw.ids, d["rank_sum"])),
            "rank_sumsq": dict(zip(fw.ids, d["rank_sumsq"])),
            "unranked": dict(zip(fw.ids, d["unranked"])),
            "positions": dict(zip(fw.ids, d["positions"])),
            "pairwise": dict(zip(fw.ids, d["pairwise"])),
        }
        if d["ratings"] is not None:
            doc["ratings"] = dict(zip(fw.ids, d["ratings"]))
        for key in ("nps", "ces"):
            if d[key] is not None:
                doc[key] = d[key]
        where = f"segment {seg!r}" if seg != "all" else "all"
        try:
            stats[seg] = SegmentStats.from_dict(doc, list(fw.ids), path, where)
        except ValidationError as exc:
            exc.line = first_line.get(seg)
            raise
        if stats[seg].respondents == 0:
            raise ValidationError(
                tr("segments.no_respondents"), path=path, line=first_line.get(seg), field=where
            )
    total = stats.pop("all", None)
    if stats:
        first, *rest = stats.values()
        summed = first
        for s in rest:
            summed = summed + s
        if total is not None and total.respondents < summed.respondents:
            raise ValidationError(
                tr("survey.file.all_rows", all=total.respondents, segments=summed.respondents),
                path=path,
                line=first_line.get("all"),
            )
        if total is not None:
            # Respondents in [all] but in no segment: "unknown", like a blank cell.
            rest_of_all = total.minus(summed)
            if rest_of_all is None or (rest_of_all.respondents == 0 and _any(rest_of_all)):
                raise ValidationError(
                    tr("segments.all_below_parts"), path=path, line=first_line.get("all")
                )
            if rest_of_all.respondents:
                rest_of_all.check(list(fw.ids), path, "all minus the segments")
                stats[UNKNOWN] = stats[UNKNOWN] + rest_of_all if UNKNOWN in stats else rest_of_all
        total = total or summed
        alone = mostly_alone([st.respondents for seg, st in stats.items() if seg != UNKNOWN])
        if alone is not None:
            raise ValidationError(
                tr(
                    "segments.wh_alone",
                    alone=alone,
                    total=sum(st.respondents for seg, st in stats.items() if seg != UNKNOWN),
                ),
                path=path,
                field="segment",
            )
    if total is None:  # not reached: rows were read, so there is "all" or a segment
        raise CxError(tr("survey.file.no_rows"), path=path)
    segment_by = "column" if stats else ""
    if stats and set(stats) <= {"Gen Z", "Millennials", "Gen X", "Boomers", "unknown"}:
        segment_by = "generation"
    protected, guard = protect(stats, min_segment)
    summary = SurveySummary(
        name=name,
        framework=fw.id,
        pillars=list(fw.ids),
        all=total,
        segments=protected,
        source=path.name,
        format="summary",
        segment_by=segment_by,
        min_segment=min_segment,
        guard=guard,
    )
    summary.check_segments(path, first_line.get("all"))
    return summary


def _any(stats: SegmentStats) -> bool:
    """Any count or sum above zero (beyond rounding)."""
    flat: list[float] = [stats.tie_sum, *stats.rank_sum, *stats.rank_sumsq, *stats.unranked]
    flat += [
        v
        for rows in (stats.positions, stats.pairwise, stats.ratings or [])
        for r in rows
        for v in r
    ]
    flat += list(stats.nps or []) + list(stats.ces or [])
    return any(abs(v) > 1e-6 for v in flat)


def _segment_name(
    written: str, path: Path, line: int, check: Any, clean: Any, identifier_kind: Any
) -> str:
    """A summary CSV's segment cell as a segment name: clean of control and invisible
    characters (refused, naming the line), never an e-mail, phone number or IP address;
    "all" stays "all"."""
    try:
        check(written, path=path, field="segment")
    except CxError as exc:
        exc.line = line
        raise
    if written == "all":
        return "all"
    kind = identifier_kind(written)
    if kind is not None:
        raise ValidationError(
            tr("segments.wh_identifier", what=tr(f"segments.what_{kind}")),
            path=path,
            line=line,
            field="segment",
        )
    return clean(written) or "unknown"


def summary_rows(summary: SurveySummary) -> list[list[str | int | float]]:
    """A summary as summary-CSV rows (the inverse of :func:`read_summary_csv`)."""
    rows: list[list[str | int | float]] = []
    parts = [("all", summary.all)] + [(s, summary.segments[s]) for s in summary.segment_names()]
    ids = summary.pillars
    for seg, s in parts:
        rows.append([seg, "respondents", "", "", s.respondents])
        rows.append([seg, "tie_sum", "", "", s.tie_sum])
        for i, p in enumerate(ids):
            rows.append([seg, "rank_sum", p, "", s.rank_sum[i]])
            rows.append([seg, "rank_sumsq", p, "", s.rank_sumsq[i]])
            rows.append([seg, "unranked", p, "", s.unranked[i]])
            rows += [[seg, "position", p, k + 1, c] for k, c in enumerate(s.positions[i]) if c]
            rows += [[seg, "above", p, ids[j], c] for j, c in enumerate(s.pairwise[i]) if c]
            if s.ratings is not None:
                rows += [[seg, "rating", p, k + 1, c] for k, c in enumerate(s.ratings[i]) if c]
        if s.nps is not None:
            rows += [[seg, "nps", "", k, c] for k, c in enumerate(s.nps) if c]
        if s.ces is not None:
            rows += [[seg, "ces", "", k + 1, c] for k, c in enumerate(s.ces) if c]
    return rows


def write_summary_csv(summary: SurveySummary, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(summary_rows(summary))
