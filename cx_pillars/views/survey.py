"""Terminal output of ``survey import`` / ``survey merge`` (Rich), and their JSON."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from cx_pillars.errors import printable
from cx_pillars.i18n import number, plural, segment_name, t, words
from cx_pillars.pillars import Framework
from cx_pillars.survey.summary import RESPONSES_FOR_5_PERCENT, SurveySummary, margin_of_error
from cx_pillars.views.render import join

if TYPE_CHECKING:
    from cx_pillars.survey.importer import ImportResult
    from cx_pillars.survey.layout import Plan

SMALL_SEGMENT = 30


def to_json(
    summary: SurveySummary,
    no_answer: int = 0,
    detected: dict[str, Any] | None = None,
    other_ranked: int = 0,
) -> dict[str, Any]:
    """The ``survey import --json`` document (PRODUCT.md §7).

    ``no_answer_cells`` is there when an import read cells as no answer by a token
    ("No opinion", ``--missing``); ``detected`` (format, header rows, question) when an
    export was read (not a pre-aggregated summary).
    """
    moe = margin_of_error(summary.respondents)
    doc: dict[str, Any] = {
        "name": summary.name,
        "format": summary.format,
        "respondents": summary.respondents,
        "skipped": dict(summary.skipped),
        "margin_of_error": moe,
        "ranking": summary.ranking(),
        "segments": [
            {
                "segment": s,
                "respondents": summary.segments[s].respondents,
                "ranking": summary.ranking(s),
            }
            for s in summary.segment_names()
        ],
    }
    if no_answer:
        doc["no_answer_cells"] = no_answer
    if other_ranked:  # respondents who ranked an "Other" the framework has none of
        doc["other_ranked"] = other_ranked
    if detected is not None:
        doc["detected"] = detected
    return doc


REASON_KEYS = {
    "pillar ranked twice": "pillar_ranked_twice",
    "unknown answer": "unknown_answer",
    "not a rank": "not_a_rank",
    "rank out of range": "rank_out_of_range",
    "duplicate rank": "duplicate_rank",
    "no ranking": "no_ranking",
    "rating outside 1-5": "rating_outside",
    "NPS outside 0-10": "nps_outside",
    "CES outside 1-7": "ces_outside",
}
EXTRA_KEYS = {"ratings 1-5": "ratings", "NPS 0-10": "nps", "CES 1-7": "ces", "segments": "segments"}
KIND_KEYS = {"per-item": "per_item", "positions": "positions", "list": "list"}


def reason_name(reason: str, lang: str) -> str:
    """A skip/ignore reason (stored in English) as the language says it."""
    key = REASON_KEYS.get(reason)
    return t(f"survey.reason.{key}", lang) if key else reason


def _question(text: str, lang: str) -> str:
    """The ranking question as read; a wide export's (which has no text) in ``lang``."""
    from cx_pillars.survey.layout import PILLAR_NAMED

    return t("survey.pillar_named", lang) if text == PILLAR_NAMED else printable(text, 300)


def sample_text(respondents: int, lang: str) -> str:
    """:func:`summary.sample_reading` in ``lang``: what the number of respondents allows."""
    moe = margin_of_error(respondents)
    if moe is None:
        return t("survey.sample.none", lang)
    pct = t("survey.sample.points", lang, moe=number(moe * 100, 1, lang=lang))
    more = RESPONSES_FOR_5_PERCENT - respondents
    if respondents < 30:
        return plural("survey.sample.anecdotal", respondents, lang, pct=pct, more=more)
    if respondents < RESPONSES_FOR_5_PERCENT:
        return plural("survey.sample.more", respondents, lang, pct=pct, more=more)
    return t("survey.sample.enough", lang, pct=pct, count=respondents)


def _lines(nums: list[int], unit: str, lang: str) -> str:
    if not nums:
        return ""
    listed = ", ".join(str(x) for x in nums) + (", …" if len(nums) >= 5 else "")
    unit = unit if unit in ("line", "response", "row") else "line"
    return plural(f"survey.unit.{unit}", len(nums), lang, list=listed)


def format_name(plan: Plan, lang: str) -> str:
    """The layout read, in ``lang``: a tool's name as it is, else "plain wide CSV" (or
    sheet) in the language."""
    return words(plan.format_name, lang)


def read_as(plan: Plan, lang: str) -> str:
    """What the import's first line says the file was read as, in ``lang``: the layout,
    its header rows (Polish has three plural forms) and the encoding and delimiter, or
    the kind of workbook: "Qualtrics (3 header rows; UTF-8, comma-delimited)"."""
    name = format_name(plan, lang)
    source = words(plan.source.description(), lang)
    if plan.source.kind != "csv":  # JSON: no header rows
        return t("survey.read_as.source", lang, format=name, source=source)
    rows = plural("survey.read_as.header_rows", plan.header_rows, lang)
    if plan.group_titles:
        rows = t("survey.read_as.titles", lang, rows=rows)
    return t("survey.read_as.rows", lang, format=name, rows=rows, source=source)


def _bold(text: str, *words: str) -> Text:
    out = Text(text)
    for word in words:
        if word:
            out.highlight_words([word], style="bold")
    return out


def print_import(
    con: Console,
    result: ImportResult,
    fw: Framework,
    saved: Path | None,
    lang: str,
    *,
    hints: tuple[str, str] | None = None,
) -> None:
    """The import's report; ``hints`` are the compare and merge commands for the
    "Next:" line, with the options this run was given (they work when pasted)."""
    summary = result.summary
    plan = result.plan
    source = printable(summary.source)
    if plan is not None:
        fmt = printable(read_as(plan, lang))
        con.print(_bold(t("survey.read", lang, file=source, format=fmt), source))
        if result.sheet_note is not None:  # a workbook of several sheets: which, and why
            con.print(Text(printable(words(result.sheet_note, lang))))
        kind = t(f"survey.kind.{KIND_KEYS[plan.kind]}", lang)
        con.print(
            Text(t("survey.question", lang, question=_question(plan.question, lang), kind=kind))
        )
        table = Table(show_edge=False, pad_edge=False, box=None, padding=(0, 2))
        table.add_column(
            t("survey.col_export" if plan.kind == "per-item" else "survey.col_answer", lang),
            style="grey62",
            overflow="ellipsis",
            max_width=50,
        )
        table.add_column(t("survey.col_pillar", lang), no_wrap=True)
        for name, pid in plan.mapping:
            table.add_row(
                Text(printable(name, 200)),
                Text.assemble(f"{pid}  ", (fw.label(pid, lang, short=True), "grey50")),
            )
        con.print(table)
        for what, where in plan.extras:
            what = t(f"survey.extra.{EXTRA_KEYS[what]}", lang) if what in EXTRA_KEYS else what
            shown = printable(words(where, lang), 300)
            con.print(Text.assemble("  ", (f"{what}:", "grey62"), f" {shown}"))
    else:
        con.print(_bold(t("survey.read_summary", lang, file=source), source))
    print_summary(
        con,
        summary,
        fw,
        result.skipped_lines,
        result.unit,
        lang=lang,
        no_answer=(result.no_answer, result.no_answer_words),
        other=(result.other_ranked, result.other_words),
    )
    if saved is not None:
        con.print(Text.assemble("\n", (t("survey.saved", lang), "green"), f" {saved}"))
        compare, merge = hints or (
            f"cx-pillars compare --survey {saved.stem}",
            "cx-pillars survey merge",
        )
        con.print(_bold(t("survey.next", lang, compare=compare, merge=merge), compare, merge))


def print_summary(
    con: Console,
    summary: SurveySummary,
    fw: Framework,
    skipped_lines: dict[str, list[int]] | None = None,
    unit: str = "line",
    *,
    lang: str,
    no_answer: tuple[int, list[str]] | None = None,
    other: tuple[int, list[str]] | None = None,
) -> None:
    """``no_answer``: the cells an import read as no answer by a token, and the first
    few token texts."""
    N = summary.respondents
    con.print()
    skipped = sum(summary.skipped.values())
    text = plural("survey.respondents", N, lang)
    count = str(N)
    if skipped:
        # one reason: its count is the rows skipped ("1 row skipped: no ranking (line 6)")
        part = "survey.skip_part" if len(summary.skipped) > 1 else "survey.skip_part_only"
        parts = [
            t(
                part,
                lang,
                reason=reason_name(reason, lang),
                count=n,
                where=_lines((skipped_lines or {}).get(reason, []), unit, lang),
            )
            for reason, n in summary.skipped.items()
        ]
        text += plural(
            "survey.skipped", skipped, lang, parts=t("survey.list_sep", lang).join(parts)
        )
    text += t("survey.end", lang)
    line = Text(text)
    at = text.find(count)
    if at >= 0:
        line.stylize("bold", at, at + len(count))
    con.print(line)
    broken = sum(c for r, c in summary.skipped.items() if r != "no ranking")
    if broken > N:
        con.print(t("survey.most_skipped", lang, broken=broken, total=broken + N), style="yellow")
    if summary.ignored:
        ignored = t("survey.list_sep", lang).join(
            f"{reason_name(r, lang)} {c}" for r, c in summary.ignored.items()
        )
        con.print(t("survey.ignored", lang, parts=ignored), style="yellow")
    if no_answer and no_answer[0]:
        words = [f'"{printable(w, 40)}"' for w in no_answer[1][:3]]
        tokens = ", ".join(words) + (", …" if len(no_answer[1]) > 3 else "")
        con.print(Text(plural("survey.no_answer", no_answer[0], lang, tokens=tokens)))
    if other and other[0]:
        item = " / ".join(f'"{printable(w, 40)}"' for w in other[1][:2]) or '"Other"'
        con.print(Text(plural("survey.other_ranked", other[0], lang, item=item)))
    con.print(sample_text(N, lang), style="yellow" if N < 385 else None)
    if not N:
        return
    ratings = summary.all.mean_ratings()
    n = fw.n
    from cx_pillars.views.render import bar
    from cx_pillars.views.widths import Column, PlannedTable

    def num(x: float | None, digits: int = 2) -> str:
        return number(x, digits, lang=lang)

    from cx_pillars.views.compare import position_cells, ties_line

    ranking = summary.ranking()

    def interval(rec: dict[str, Any]) -> str:
        low, high = rec["ci_low"], rec["ci_high"]
        return f"{num(low)}–{num(high)}" if low is not None else "–"

    columns = [
        Column(t("survey.col_position", lang), position_cells(ranking)),
        Column(
            t("survey.col_pillar", lang),
            [fw.label(r["pillar"], lang, short=True) for r in ranking],
            kind="label",
            justify="left",
        ),
        Column(t("survey.col_mean", lang), [num(r["mean_rank"]) for r in ranking]),
        Column(t("survey.col_interval", lang), [interval(r) for r in ranking]),
        Column(t("survey.col_first", lang), [f"{r['first_place_share']:.0%}" for r in ranking]),
        Column(t("survey.col_top3", lang), [f"{r['top3_share']:.0%}" for r in ranking]),
        Column(
            "",
            [bar(n + 1 - r["mean_rank"], n, width=10) for r in ranking],
            kind="decoration",
            justify="left",
        ),
    ]
    if ratings:
        columns.append(
            Column(
                t("survey.col_rating", lang),
                [
                    num(ratings[summary.pillars.index(r["pillar"])], 1)
                    if ratings[summary.pillars.index(r["pillar"])] is not None
                    else "–"
                    for r in ranking
                ],
            )
        )
    table = Group(Text(t("survey.table_title", lang), style="italic"), PlannedTable(columns))
    con.print()
    con.print(table)
    # which pillars customers cannot tell apart (head-to-head sign tests), as compare says
    ties = ties_line(SimpleNamespace(framework=fw, customers={"ranking": ranking}), lang)
    if ties is not None:
        con.print(Text(ties))
    con.print(t("survey.meaning", lang), style="grey50")
    nps, ces = summary.all.nps_score(), summary.all.ces_score()  # None without answers
    nps_counts, ces_counts = summary.all.nps or [], summary.all.ces or []
    if nps is not None or ces is not None:
        bits: list[str] = []
        if nps is not None:
            bits.append(
                t(
                    "survey.nps",
                    lang,
                    score=f"{nps:+.0f}",
                    answers=plural("survey.answers", sum(nps_counts), lang),
                )
            )
        if ces is not None:
            bits.append(
                t(
                    "survey.ces",
                    lang,
                    score=num(ces),
                    answers=plural("survey.answers", sum(ces_counts), lang),
                )
            )
        con.print(t("survey.list_sep", lang).join(bits) + t("survey.end", lang))
    if summary.segments:
        seg_table = Table(
            title=t(
                "survey.by_segment"
                if summary.segment_by != "generation"
                else "survey.by_generation",
                lang,
            )
            if not (summary.segment_by == "column" and summary.segment_column)
            # the segments' own word: the header of the column they come from
            else t("survey.by_column", lang, column=printable(summary.segment_column, 60)),
            title_justify="left",
            show_edge=False,
            box=None,
            padding=(0, 2),
        )
        seg_table.add_column(t("survey.col_segment", lang))
        seg_table.add_column(t("survey.col_respondents", lang), justify="right")
        seg_table.add_column(t("survey.col_top3", lang))
        small: list[str] = []
        for s in summary.segment_names():
            stats = summary.segments[s]
            top = join(
                (fw.label(r["pillar"], lang, short=True) for r in summary.ranking(s)[:3]), lang
            )
            shown = segment_name(s, lang)
            seg_table.add_row(Text(printable(shown, 100)), str(stats.respondents), Text(top))
            if stats.respondents < SMALL_SEGMENT:
                small.append(shown)
        con.print()
        con.print(seg_table)
        if small:
            con.print(
                Text(
                    t(
                        "survey.small_segments",
                        lang,
                        min=SMALL_SEGMENT,
                        segments=printable(join(small, lang)),
                    ),
                    style="yellow",
                )
            )
