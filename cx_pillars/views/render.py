"""Terminal output with Rich: bars, tables, the assessment and rate summaries.

Everything here returns or prints Rich renderables; JSON output never passes
through this module.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from cx_pillars.answers import Answers
from cx_pillars.assessment import Assessment
from cx_pillars.i18n import t
from cx_pillars.pillars import Framework


# markup=False: names, teams, notes, labels and survey headers are data.  With Rich
# markup on, "[/x]" in a team name crashed `list` and "[bold]Ana" lost its brackets;
# styles are given with Text and style=, never inside strings.
@cache
def console() -> Console:
    return Console(highlight=False, soft_wrap=False, markup=False)


@cache
def err_console() -> Console:
    return Console(stderr=True, highlight=False, markup=False)


def warn(message: str, lang: str) -> None:
    err_console().print(
        Text(f"{t('errors.warning', lang)}: {message}", style="yellow"), soft_wrap=True
    )


def error(message: str, lang: str) -> None:
    err_console().print(
        Text(f"{t('errors.prefix', lang)}: {message}", style="bold red"), soft_wrap=True
    )


def bar(value: float, maximum: float, width: int = 10, style: str = "cyan") -> Text:
    """A horizontal bar in eighths of a cell: ``█████▌░░░░``."""
    value = max(0.0, min(float(value), float(maximum)))
    eighths = round(value / maximum * width * 8) if maximum else 0
    full, part = divmod(eighths, 8)
    blocks = "█" * full + ("▏▎▍▌▋▊▉"[part - 1] if part else "")
    text = Text(blocks, style=style)
    text.append("░" * (width - len(blocks)), style="grey35")
    return text


def score_style(score: float) -> str:
    return "red" if score < 2.5 else "yellow" if score < 3.5 else "green"


def short_id(aid: str) -> str:
    """``2026-11-22T101500Z-ana-3f9c`` -> ``ana-3f9c``: what ``show`` needs in practice."""
    head, sep, rest = aid.partition("Z-")
    return rest if sep and head[:4].isdigit() else aid


def when(a: Assessment) -> str:
    return a.created.strftime("%Y-%m-%d %H:%M")


def ratings_table(
    ratings: dict[str, int], fw: Framework, lang: str = "en", notes: dict[str, str] | None = None
) -> Table:
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
    table.add_column(t("common.pillar", lang), no_wrap=True)
    table.add_column(t("common.score", lang), justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    if notes:
        table.add_column(t("common.note", lang), overflow="fold", ratio=1)
    for p in fw.pillars:
        score = ratings.get(p.id)
        row: list[RenderableType] = [
            p.text("label", lang),
            "-" if score is None else f"{score}/5",
            bar(score or 0, 5, style=score_style(score or 0)),
        ]
        if notes:
            row.append(Text(notes.get(p.id, ""), style="italic"))
        table.add_row(*row)
    return table


def ranking_lines(ranking: list[str], fw: Framework, lang: str = "en") -> Text:
    text = Text()
    for k, pid in enumerate(ranking, 1):
        text.append(f"{k:>3}. ", style="bold" if k <= 3 else "")
        text.append(fw.label(pid, lang) + "\n", style="bold" if k <= 3 else "")
    return text


def join(items: Iterable[str], lang: str = "en") -> str:
    """A list of names joined as the language writes lists (", " or "、")."""
    return t("common.list_sep", lang).join(items)


def short_labels(ids: Iterable[str], fw: Framework, lang: str = "en") -> str:
    return join((fw.label(i, lang, short=True) for i in ids), lang)


def summary(answers: Answers, fw: Framework, lang: str = "en") -> Group:
    """What ``rate`` shows before saving: total, bars, strongest/weakest, ranking, reminder."""
    ratings = answers.get("ratings", {})
    total = sum(ratings.values())
    head = Text()
    head.append_text(total_line(total, fw, lang))
    top = Text("\n" + t("summary.believed_top", lang) + "\n", style="bold")
    reminder = Text("\n" + t("common.reminder", lang, max=fw.max_total) + "\n", style="italic cyan")
    return Group(
        head,
        Text(""),
        ratings_table(ratings, fw, lang, answers.get("notes")),
        Text(""),
        extremes_text(ratings, fw, lang),
        top,
        ranking_lines(answers.get("ranking", []), fw, lang),
        reminder,
    )


def total_line(total: int, fw: Framework, lang: str) -> Text:
    line = Text("\n" + t("common.total", lang) + " ", style="bold")
    line.append(f"{total}/{fw.max_total}  ", style=f"bold {score_style(total / fw.n)}")
    line.append_text(bar(total, fw.max_total, width=25, style=score_style(total / fw.n)))
    return line


def extremes_text(ratings: dict[str, int], fw: Framework, lang: str) -> Text:
    """Strongest and weakest pillars (all that share the top or bottom score)."""
    hi, lo = max(ratings.values()), min(ratings.values())
    strongest = short_labels([i for i in fw.ids if ratings.get(i) == hi], fw, lang)
    weakest = short_labels([i for i in fw.ids if ratings.get(i) == lo], fw, lang)
    return Text(
        t("common.strongest_line", lang, pillars=strongest, score=hi)
        + "\n"
        + t("common.weakest_line", lang, pillars=weakest, score=lo)
        + "\n"
    )


def assessment_view(a: Assessment, fw: Framework, lang: str = "en") -> Group:
    who = t("common.anonymous", lang) if a.anonymous else a.respondent
    head = Text()
    head.append(f"{who}", style="bold")
    if a.role:
        head.append(f", {a.role}")
    head.append(f" · {a.team or t('common.no_team', lang)} · {when(a)} UTC\n")
    head.append(a.id, style="grey50")
    return Group(
        head,
        total_line(a.total, fw, lang),
        Text(""),
        ratings_table(a.ratings, fw, lang, a.notes),
        Text(""),
        extremes_text(a.ratings, fw, lang),
        Text(t("summary.ranking_of", lang), style="bold"),
        ranking_lines(a.ranking, fw, lang),
    )


def list_table(assessments: list[Assessment], fw: Framework, lang: str = "en") -> Table:
    teams = {a.team for a in assessments}
    one_team = len(teams) == 1
    table = Table(
        show_header=True,
        header_style="bold",
        box=None,
        pad_edge=False,
        title=t("list.team_title", lang, team=next(iter(teams)) or "-") if one_team else None,
        title_justify="left",
        title_style="bold",
    )
    table.add_column(t("list.id", lang), style="grey62", no_wrap=True)
    table.add_column(t("list.date", lang), no_wrap=True)
    table.add_column(t("list.respondent", lang), no_wrap=True, max_width=24)
    if not one_team:
        table.add_column(t("list.team", lang), max_width=20)
    table.add_column(t("common.total", lang), justify="right", no_wrap=True)
    table.add_column(t("list.top3", lang), ratio=1)
    for a in assessments:
        top = short_labels(a.ranking[:3], fw, lang)
        row: list[RenderableType] = [
            short_id(a.id),
            a.created.strftime("%Y-%m-%d"),
            t("common.anonymous", lang) if a.anonymous else a.respondent,
        ]
        if not one_team:
            row.append(a.team)
        row += [Text(f"{a.total}/{fw.max_total}", style=score_style(a.total / fw.n)), top]
        table.add_row(*row)
    return table
