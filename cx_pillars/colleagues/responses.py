"""A colleague form's export, response by response: who, when, the ratings and the ranking.

The export is read as ``survey import`` reads it (any format, workbook, zip, JSON;
:func:`cx_pillars.survey.layout.plan_import` finds the ranking and rating columns, with
labels in every language, aliases and ``--map``), but nothing is summed: a
:class:`_Collector` (the survey engine's row decoder) hands back each row's ranks and
ratings with the row's line, and the columns the questionnaire adds (name, team, role,
notes; the tool's response id and submission time) are taken from the same rows.

Each row becomes a :class:`Response`: answers as ``rate`` has them, or the reason the
row cannot be used (a rating outside 1-5, a ranking leaving out or repeating a
pillar...). Nothing here writes anything.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from cx_pillars.colleagues import wording
from cx_pillars.errors import CxError, UsageError
from cx_pillars.i18n import Message, tr
from cx_pillars.pillars import Framework, normalise_name
from cx_pillars.survey import cells, engine

if TYPE_CHECKING:
    from cx_pillars.survey.layout import Head, Plan
    from cx_pillars.survey.mapping import ColumnMap


@dataclass
class Response:
    """One row of the export."""

    line: int
    answers: dict[str, Any] = field(default_factory=dict)
    problem: Message | None = None
    submitted: datetime | None = None
    response_id: str = ""
    name: str = ""  # as written (blank: anonymous)
    when_text: str = ""  # the submission time as written


@dataclass
class Export:
    label: str  # the file as messages name it (an archive member: a.zip › b.csv)
    unit: str  # "line", "row" (a sheet) or "response" (JSON)
    responses: list[Response]
    has_date: bool = False


def read_export(
    path: Path,
    fw: Framework,
    *,
    cmap: ColumnMap | None = None,
    sheet: str | None = None,
    member: str | None = None,
    label: str | None = None,
) -> Export:
    """Every response of a form export (file-level problems raise CxError)."""
    from cx_pillars.survey import archive, layout, read, workbook
    from cx_pillars.survey.mapping import ColumnMap

    if archive.is_archive(path):
        with archive.open_member(path, member) as inner:
            return read_export(inner.path, fw, cmap=cmap, sheet=sheet, label=inner.label)
    if member is not None:
        raise UsageError(tr("survey.zip.member_needs_zip", member=member), path=path)
    cmap = cmap or ColumnMap()
    shown = label or str(path)
    kind = workbook.kind_of(path)
    if kind is not None:
        with workbook.open_book(path, kind, shown) as book:
            chosen = workbook.choose(book, sheet, lambda src: layout.plan_import(src, fw, cmap))
            where = workbook.sheet_label(shown, chosen.sheet.name)
            try:
                return _collect(chosen.plan, fw, where, "row", typed=True)
            except CxError as exc:
                raise workbook.relabel(exc, (path, str(path)), where) from None
    if sheet is not None:
        raise UsageError(tr("survey.workbook.sheet_needs_workbook", sheet=sheet), path=path)
    source = read.inspect(path)
    plan = layout.plan_import(source, fw, cmap)
    return _collect(plan, fw, shown, "response" if source.kind == "json" else "line")


# -- the columns the questionnaire adds -----------------------------------------------------


def _find(head: Head, wanted: Sequence[str], used: set[int]) -> int | None:
    """The first column (in the order of ``wanted``) whose header is one of ``wanted``."""
    by_name: dict[str, int] = {}
    for col in head.columns:
        if col.index in used:
            continue
        for name in (normalise_name(col.label), *col.names):
            by_name.setdefault(name, col.index)
    for name in wanted:
        if name in by_name:
            return by_name[name]
    return None


def meta_columns(head: Head, fw: Framework, plan: Plan) -> tuple[dict[str, int], dict[str, int]]:
    """(field -> column) for name, team, role, id and date, and (pillar -> column) for
    the notes."""
    from cx_pillars.survey.layout import find_date_column

    used = set(plan.rank_columns) | {c for c in plan.rating_columns or () if c is not None}
    meta: dict[str, int] = {}
    for fld in wording.FIELDS:
        found = _find(head, wording.names(fld), used)
        if found is not None:
            meta[fld] = found
            used.add(found)
    ids = [c.index for c in head.columns if normalise_name(c.label) in wording.id_names()]
    if ids:
        meta["id"] = ids[0]
    when = find_date_column(head)
    if when is not None:
        meta["date"] = when
    notes: dict[str, int] = {}
    for col in head.columns:
        if (
            col.index in used
            or not col.item
            or normalise_name(col.question) not in (wording.note_names())
        ):
            continue
        pid = fw.match(col.item)
        if pid is not None and pid not in notes:
            notes[pid] = col.index
    return meta, notes


# -- reading the rows -------------------------------------------------------------------------


def _text(value: object) -> str:
    from cx_pillars.survey.workbook import cell_text

    if value is None:
        return ""
    return value if isinstance(value, str) else cell_text(value)


def _collect(plan: Plan, fw: Framework, label: str, unit: str, typed: bool = False) -> Export:
    from cx_pillars.survey import layout

    if not plan.rating_columns or any(c is None for c in plan.rating_columns):
        found = plan.rating_columns or [None] * fw.n
        left = [p for p, c in zip(fw.ids, found) if c is None]
        raise CxError(
            tr("colleagues.import.no_ratings", pillars=", ".join(left)),
            path=label,
            hint=tr("colleagues.import.no_ratings_hint"),
        )
    head = layout.read_head(plan.source, plan.format)
    meta, notes = meta_columns(head, fw, plan)
    agg = engine.Aggregate(fw.n)
    collector = _Collector(plan, fw, agg, meta, notes)
    engine.stream_rows(plan, collector, agg, fast=False, typed=typed)
    return Export(label, unit, collector.out, has_date="date" in meta)


class _Collector(engine.Decoder):
    """The survey engine's row decoder, keeping each row instead of summing it: the raw
    cells of the questionnaire's own columns are kept by line before the rows are
    decoded, and joined again with each decoded row by its line (blank rows are
    dropped on the way)."""

    def __init__(
        self,
        plan: Plan,
        fw: Framework,
        agg: engine.Aggregate,
        meta: dict[str, int],
        notes: dict[str, int],
    ) -> None:
        super().__init__(plan, fw, agg)
        self.fw = fw
        self.meta, self.notes = meta, notes
        self.raw: dict[int, dict[str, Any]] = {}
        self.out: list[Response] = []
        self.emit = self.take
        self.ratings_at = list(plan.rating_columns or [])

    def rows(
        self,
        rows: Sequence[Sequence[object]],
        lines: int | Sequence[int] | np.ndarray,
        typed: bool = False,
    ) -> None:
        for i, row in enumerate(rows):
            line = _line(lines, i)

            def cell(c: int | None, row: Sequence[object] = row) -> object:
                return row[c] if c is not None and c < len(row) else ""

            self.raw[line] = {
                "meta": {k: cell(c) for k, c in self.meta.items()},
                "notes": {p: cell(c) for p, c in self.notes.items()},
                "ratings": [cell(c) for c in self.ratings_at],
            }
        try:
            super().rows(rows, lines, typed)
        finally:
            self.raw.clear()

    def take(
        self,
        ranks: np.ndarray,
        seg: np.ndarray,
        lines: engine.Lines,
        flags: np.ndarray | None,
        ratings: np.ndarray | None,
        nps: np.ndarray | None,
        ces: np.ndarray | None,
        other: np.ndarray | None,
    ) -> None:
        for i in range(len(ranks)):
            line = _line(lines, i)
            self.out.append(
                _response(
                    self.fw,
                    line,
                    [int(v) for v in ranks[i]],
                    int(flags[i]) if flags is not None else engine.OK,
                    [int(v) for v in ratings[i]] if ratings is not None else None,
                    self.raw.get(line, {}),
                )
            )


def _line(lines: int | Sequence[int] | np.ndarray, i: int) -> int:
    if isinstance(lines, (int, np.integer)):
        return int(lines) + i
    return int(lines[i])


def _response(
    fw: Framework,
    line: int,
    ranks: list[int],
    flag: int,
    ratings: list[int] | None,
    raw: dict[str, Any],
) -> Response:
    meta = raw.get("meta", {})
    out = Response(line)
    out.response_id = _text(meta.get("id")).strip()
    out.name = _text(meta.get("name")).strip()
    when = meta.get("date")
    out.when_text = _text(when).strip()
    out.submitted = when if isinstance(when, datetime) else parse_time(out.when_text)
    if isinstance(when, datetime) and when.tzinfo is None:
        out.submitted = when.astimezone().astimezone(UTC).replace(microsecond=0)
    answers: dict[str, Any] = {}
    if out.name:
        answers["respondent"] = out.name
    else:
        answers["anonymous"] = True
    for fld in ("team", "role"):
        text = _text(meta.get(fld)).strip()
        if text:
            answers[fld] = text
    out.answers = answers
    n = fw.n
    # the ratings
    got: dict[str, int] = {}
    raw_ratings = raw.get("ratings", [])
    for j, pid in enumerate(fw.ids):
        code = ratings[j] if ratings is not None else cells.NO_SCORE
        if code == cells.NO_SCORE:
            out.problem = out.problem or tr("colleagues.import.rating_missing", pillar=pid)
        elif code < 1 or code > 5:
            shown = _text(raw_ratings[j] if j < len(raw_ratings) else "").strip()
            out.problem = out.problem or tr(
                "colleagues.import.rating_outside", pillar=pid, value=repr(shown)
            )
        else:
            got[pid] = code
    answers["ratings"] = got
    # the ranking
    problem: Message | None = None
    if flag == engine.DUP_ITEM:
        problem = tr("colleagues.import.ranking_twice")
    elif flag == engine.UNKNOWN_ITEM:
        problem = tr("colleagues.import.ranking_unknown")
    elif any(r < 0 or r > n for r in ranks):
        problem = tr("colleagues.import.ranking_not_rank", n=n)
    else:
        placed: dict[int, list[str]] = {}
        for pid, r in zip(fw.ids, ranks):
            if r > 0:
                placed.setdefault(r, []).append(pid)
        same = next((pids for pids in placed.values() if len(pids) > 1), None)
        left = [pid for pid, r in zip(fw.ids, ranks) if r <= 0]
        if same:
            problem = tr("colleagues.import.ranking_same_place", pillars=", ".join(same))
        elif not placed:
            problem = tr("colleagues.import.ranking_none")
        elif len(left) > 1:
            problem = tr("colleagues.import.ranking_missing", pillars=", ".join(left))
        else:
            order = sorted(placed)
            ranking = [placed[r][0] for r in order] + left  # the one left out is last
            answers["ranking"] = ranking
    if problem is not None:
        out.problem = out.problem or problem
    notes = {}
    for pid, value in raw.get("notes", {}).items():
        text = _text(value).strip()
        if text:
            notes[pid] = text
    if notes:
        answers["notes"] = notes
    return out


# -- submission times -------------------------------------------------------------------------

_ZONES = {
    "Z": 0,
    "UTC": 0,
    "GMT": 0,
    "WET": 0,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
}
_WHEN = re.compile(
    r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})"
    r"(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AaPp]\.?[Mm]\.?)?)?"
    r"\s*(Z|[A-Za-z]{2,5}|[+-]\d{2}:?\d{2})?$"
)


def parse_time(text: str) -> datetime | None:
    """A submission time as the tools write it, in UTC: ISO 8601, ``2026/11/22 9:16:17
    PM EST`` (Google Forms), ``11/22/26 10:15:00`` (Microsoft Forms: month first unless
    the first number is above 12), ``22.11.2026 10:15`` (day first). A time without a
    zone is this computer's local time. None when it is not a time."""
    text = text.strip().replace("上午", " AM ").replace("下午", " PM ")
    text = " ".join(text.split())
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        when = None
    if when is None:
        m = _WHEN.match(text)
        if not m:
            return None
        a, b, c = (int(g) for g in m.group(1, 2, 3))
        sep = text[len(m.group(1))]
        if len(m.group(1)) == 4:
            year, month, day = a, b, c
        elif sep == "." or a > 12:
            day, month, year = a, b, c
        else:
            month, day, year = a, b, c
        if year < 100:
            year += 2000
        hour, minute, second = (int(g or 0) for g in m.group(4, 5, 6))
        ampm = (m.group(7) or "").replace(".", "").upper()
        if ampm == "PM" and hour < 12:
            hour += 12
        elif ampm == "AM" and hour == 12:
            hour = 0
        zone = m.group(8)
        tz: timezone | None = None
        if zone:
            if zone[0] in "+-":
                digits = zone[1:].replace(":", "")
                offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
                tz = timezone(offset if zone[0] == "+" else -offset)
            elif zone.upper() in _ZONES:
                tz = timezone(timedelta(hours=_ZONES[zone.upper()]))
            else:
                return None
        try:
            when = datetime(year, month, day, hour, minute, second, tzinfo=tz)
        except ValueError:
            return None
    if when.tzinfo is None:
        when = when.astimezone()  # this computer's local time
    return when.astimezone(UTC).replace(microsecond=0)


def day_of(when: datetime) -> date:
    return when.astimezone(UTC).date()
