"""``survey import`` as a library call: a file in, a :class:`SurveySummary` out."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cx_pillars.errors import CxError, UsageError
from cx_pillars.i18n import Message, tr
from cx_pillars.pillars import Framework
from cx_pillars.survey.mapping import ColumnMap
from cx_pillars.survey.summary import (
    MIN_SEGMENT,
    SegmentGuard,
    SegmentStats,
    SurveySummary,
    protect,
    summary_name,
    surveys_folder,
)

if TYPE_CHECKING:
    from cx_pillars.survey.engine import Aggregate
    from cx_pillars.survey.layout import Plan

FORMAT_CHOICES = (
    "auto",
    "wide",
    "qualtrics",
    "surveymonkey",
    "google-forms",
    "limesurvey",
    "ms-forms",
    "formbricks",
    "surveyjs",
    "typeform",
    "summary",
)


@dataclass
class ImportResult:
    summary: SurveySummary
    plan: Plan | None = None  # None for --format summary
    skipped_lines: dict[str, list[int]] = field(default_factory=dict)
    unit: str = "line"
    fast_rows: int = 0
    no_answer: int = 0  # cells read as no answer by a token ("No opinion", --missing)
    no_answer_words: list[str] = field(default_factory=list)  # the first few such texts
    sheet_note: Message | None = None  # which sheet of a workbook was read, and why
    #: respondents who ranked an "Other" item the framework has none of (left out, the
    #: ranks closed up), and how the export wrote it
    other_ranked: int = 0
    other_words: list[str] = field(default_factory=list)


def check_format(fmt: str) -> str:
    value = (fmt or "auto").strip().lower().replace("_", "-")
    aliases = {
        "google": "google-forms",
        "msforms": "ms-forms",
        "microsoft-forms": "ms-forms",
        "survey-monkey": "surveymonkey",
        "lime": "limesurvey",
        "csv": "wide",
        "json": "surveyjs",
    }
    value = aliases.get(value, value)
    if value not in FORMAT_CHOICES:
        raise UsageError(
            tr("survey.error.unknown_format", format=fmt, formats=", ".join(FORMAT_CHOICES))
        )
    return value


def import_file(
    path: Path | str,
    fw: Framework,
    *,
    fmt: str = "auto",
    cmap: ColumnMap | None = None,
    question: str | None = None,
    segment: str | None = None,
    age: str | None = None,
    birth_year: str | None = None,
    name: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    fast: bool = True,
    missing: Sequence[str] = (),
    member: str | None = None,
    sheet: str | None = None,
    label: str | None = None,
    min_segment: int = MIN_SEGMENT,
) -> ImportResult:
    """Read an export and aggregate it (nothing is written).

    ``missing``: further cell texts meaning "no answer" (``--missing``), besides the
    usual ones (blank, ``-99``, ``N/A``, "No opinion", "Nie wiem", "无意见" ...);
    compared without regard to case and spaces.  A ``.zip`` is read through its one
    export, or ``member`` (:mod:`cx_pillars.survey.archive`).  A workbook (``.xlsx``,
    ``.xls``, ``.xlsb``, ``.ods``) through the sheet holding the ranking, or ``sheet``
    (a name or a 1-based number; :mod:`cx_pillars.survey.workbook`).  ``label``: what
    messages and the summary call the file (an archive member's ``a.zip › b.xlsx``).
    ``min_segment``: k of the segments (``--min-segment``, never below 5): a segment of
    fewer respondents is merged into "other" (:func:`cx_pillars.survey.summary.protect`).
    """
    # engine and layout (numpy) load after a workbook's first sheet: the sheet's peak
    # memory then comes on top of less.
    from cx_pillars.survey import archive, read, workbook

    path = Path(path)
    check_min_segment(min_segment)
    if archive.is_archive(path):
        with archive.open_member(path, member) as inner:
            done = import_file(
                inner.path,
                fw,
                fmt=fmt,
                cmap=cmap,
                question=question,
                segment=segment,
                age=age,
                birth_year=birth_year,
                name=name or inner.stem,
                encoding=encoding,
                delimiter=delimiter,
                fast=fast,
                missing=missing,
                sheet=sheet,
                label=inner.label,
                min_segment=min_segment,
            )
            if done.summary.source == inner.path.name:  # a workbook names its sheet
                done.summary.source = inner.label
            return done
    if member is not None:
        raise UsageError(tr("survey.zip.member_needs_zip", member=member), path=path)
    fmt = check_format(fmt)
    cmap = cmap or ColumnMap()
    name = summary_name(name or path.stem)
    book_kind = workbook.kind_of(path) if fmt != "summary" else None
    if book_kind is not None:
        if encoding or delimiter:
            option = "--encoding" if encoding else "--delimiter"
            raise UsageError(tr("survey.workbook.no_text_options", option=option), path=path)
        shown = label or str(path)  # in messages: the path as given, like a CSV's
        with workbook.open_book(path, book_kind, shown) as book:

            def plan_sheet(source: read.Source) -> Plan:
                from cx_pillars.survey import layout

                return layout.plan_import(
                    source,
                    fw,
                    cmap,
                    fmt=fmt,
                    question=question,
                    segment=segment,
                    age=age,
                    birth_year=birth_year,
                    missing=missing,
                )

            chosen = workbook.choose(book, sheet, plan_sheet)
            where = workbook.sheet_label(shown, chosen.sheet.name)
            from cx_pillars.survey import engine

            try:
                result = engine.run(chosen.plan, fw, fast=False)
            except CxError as exc:
                raise workbook.relabel(exc, (path, str(path)), where) from None
        source_name = workbook.sheet_label(label or path.name, chosen.sheet.name)
        summary = to_summary(result.aggregate, chosen.plan, fw, name, source_name, min_segment)
        return ImportResult(
            summary,
            chosen.plan,
            dict(result.aggregate.skipped_lines),
            "row",
            0,
            result.no_answer,
            list(result.no_answer_words),
            workbook.sheet_note(chosen),
            result.other_ranked,
            list(result.other_words),
        )
    if sheet is not None:
        raise UsageError(tr("survey.workbook.sheet_needs_workbook", sheet=sheet), path=path)
    from cx_pillars.survey import engine, layout

    if fmt == "summary" or (fmt == "auto" and path.suffix.lower() == ".toml"):
        from cx_pillars.survey.warehouse import import_summary_file

        return ImportResult(
            import_summary_file(
                path, fw, name, encoding=encoding, delimiter=delimiter, min_segment=min_segment
            )
        )
    kind = "json" if fmt == "surveyjs" else None
    source = read.inspect(path, encoding=encoding, delimiter=delimiter, kind=kind)
    if fmt == "auto" and source.kind == "csv":
        from cx_pillars.survey.warehouse import is_summary_csv

        if is_summary_csv(source):
            from cx_pillars.survey.warehouse import import_summary_file

            return ImportResult(
                import_summary_file(
                    path, fw, name, encoding=encoding, delimiter=delimiter, min_segment=min_segment
                )
            )
    plan = layout.plan_import(
        source,
        fw,
        cmap,
        fmt=fmt,
        question=question,
        segment=segment,
        age=age,
        birth_year=birth_year,
        missing=missing,
    )
    result = engine.run(plan, fw, fast=fast)
    summary = to_summary(result.aggregate, plan, fw, name, path.name, min_segment)
    return ImportResult(
        summary,
        plan,
        dict(result.aggregate.skipped_lines),
        result.unit,
        result.fast_rows,
        result.no_answer,
        list(result.no_answer_words),
        other_ranked=result.other_ranked,
        other_words=list(result.other_words),
    )


def check_min_segment(k: int) -> int:
    """``--min-segment``: 5 or more (a usage error below)."""
    if isinstance(k, bool) or not isinstance(k, int) or k < MIN_SEGMENT:
        raise UsageError(tr("segments.min_segment_low", given=k, k=MIN_SEGMENT))
    return k


def to_summary(
    agg: Aggregate,
    plan: Plan,
    fw: Framework,
    name: str,
    source_name: str,
    min_segment: int = MIN_SEGMENT,
) -> SurveySummary:
    """The aggregate's arrays as a summary (doubled ranks halved back: sums stay exact),
    its segments made k-anonymous (:func:`~cx_pillars.survey.summary.protect`)."""
    per_segment: dict[str, SegmentStats] = {}
    for code, seg in enumerate(agg.names):
        if agg.resp[code] == 0:
            continue
        per_segment[seg] = SegmentStats(
            respondents=int(agg.resp[code]),
            rank_sum=[int(v) / 2 for v in agg.dsum[code]],
            rank_sumsq=[int(v) / 4 for v in agg.dsq[code]],
            tie_sum=int(agg.tsum[code]),
            positions=agg.pos[code].astype(int).tolist(),
            unranked=agg.unranked[code].astype(int).tolist(),
            pairwise=agg.pair[code].astype(int).tolist(),
            ratings=agg.rat[code].astype(int).tolist() if agg.ratings else None,
            nps=agg.npsh[code].astype(int).tolist() if agg.nps else None,
            ces=agg.cesh[code].astype(int).tolist() if agg.ces else None,
        )
    n = fw.n
    if plan.segment_kind is None:
        total = per_segment.get("all") or SegmentStats.empty(n, agg.ratings, agg.nps, agg.ces)
        segments: dict[str, SegmentStats] = {}
        guard: SegmentGuard | None = None
        segment_by = ""
    else:
        total = SegmentStats.empty(n, agg.ratings, agg.nps, agg.ces)
        for stats in per_segment.values():
            total = total + stats
        segments, guard = protect(per_segment, min_segment)
        segment_by = "generation" if plan.segment_kind in ("age", "birth-year") else "column"
    return SurveySummary(
        name=name,
        framework=fw.id,
        pillars=list(fw.ids),
        all=total,
        segments=segments,
        source=source_name,
        format=plan.format,
        imported=datetime.now(UTC).replace(microsecond=0),
        segment_by=segment_by,
        segment_column=plan.segment_label if segment_by == "column" else "",
        skipped=dict(
            sorted(
                agg.skipped.items(),
                key=lambda kv: (-kv[1], min(agg.skipped_lines.get(kv[0]) or [0])),
            )
        ),
        ignored=dict(agg.ignored.most_common()),
        min_segment=min_segment,
        guard=guard,
    )


def save_summary(summary: SurveySummary, store: Path, *, replace: bool = False) -> Path:
    """Write ``<store>/surveys/NAME.toml``, never over an existing one; ``replace``
    (``survey import --replace``): over a saved survey summary of that name, and
    nothing else (:func:`replace_summary`)."""
    from cx_pillars.store import write_new

    path = surveys_folder(store) / f"{summary.name}.toml"
    summary.check_segments(path)  # never a summary that could not be read back
    data = summary.to_toml()
    if replace and os.path.lexists(path):
        replace_summary(path, data)
        summary.path = path
        return path
    try:
        write_new(path, data)
    except FileExistsError:
        if replace:  # saved meanwhile by another import: replaced only if a summary
            replace_summary(path, data)
            summary.path = path
            return path
        raise CxError(
            tr("survey.error.exists", name=summary.name),
            path=path,
            hint=tr("survey.error.exists_hint"),
        ) from None
    summary.path = path
    return path


def replace_summary(path: Path, data: bytes) -> None:
    """Put ``data`` at ``path`` in one step (a temporary file renamed over it), only
    when what is there is a plain file that reads as a survey summary: never a
    symbolic link (nor through one), a folder, an assessment or any other file.  The
    file's permissions are kept.  Fails, changing nothing, if the file at ``path`` is
    swapped for another while it is checked."""
    import stat
    import tempfile

    from cx_pillars.survey.summary import load_summary

    def refuse(key: str) -> CxError:
        return CxError(tr(key), path=path, hint=tr("survey.error.replace_hint"))

    try:
        before = os.lstat(path)
    except FileNotFoundError:
        before = None
    if before is not None:
        if stat.S_ISLNK(before.st_mode):
            raise refuse("survey.error.replace_symlink")
        if not stat.S_ISREG(before.st_mode):
            raise refuse("survey.error.replace_not_summary")
        try:
            load_summary(path)
        except CxError:
            raise refuse("survey.error.replace_not_summary") from None
    folder = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            if before is not None and hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), stat.S_IMODE(before.st_mode))
        try:
            now = os.lstat(path)
        except FileNotFoundError:
            now = None
        same = (now is None and before is None) or (
            now is not None
            and before is not None
            and (now.st_dev, now.st_ino, now.st_mtime_ns)
            == (before.st_dev, before.st_ino, before.st_mtime_ns)
        )
        if not same:
            raise refuse("survey.error.replace_changed")
        os.replace(tmp_name, path)  # renames over the name: never writes through a link
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
