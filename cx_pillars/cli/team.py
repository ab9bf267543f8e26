"""The ``team`` command: the team view in the terminal or as JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from cx_pillars.cli.common import (
    AllRunsOpt,
    DirOpt,
    FrameworkOpt,
    JsonOpt,
    LangOpt,
    SinceOpt,
    TeamOpt,
    UntilOpt,
    emit_json,
    language,
    load,
)
from cx_pillars.errors import CxError

if TYPE_CHECKING:
    from cx_pillars.assessment import Assessment
    from cx_pillars.team import TeamView


def team(
    dir_: DirOpt = None,
    team: TeamOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    all_runs: AllRunsOpt = False,
    by: Annotated[
        str | None,
        typer.Option(
            "--by", metavar="team", help="Put the teams side by side (team is the only grouping)."
        ),
    ] = None,
    trend: Annotated[
        bool, typer.Option("--trend", help="Add the mean total and pillar means by quarter.")
    ] = False,
    framework: FrameworkOpt = None,
    json_: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """The team view: what colleagues believe customers value, how much they agree,
    where they disagree and about whom, their self-scores, and what to discuss.

    With --json, keys, ids, kinds and numbers never depend on --lang; the sentences
    (agreement reading, prompt texts, method, anonymity and trend notes) follow it."""
    from cx_pillars.i18n import t

    lang = language(lang)
    if by is not None and by.strip().lower() != "team":
        raise typer.BadParameter(t("team.error.by", lang, by=repr(by)), param_hint="--by")
    fw, folder, chosen = load(dir_, framework, lang=lang, team=team, since=since, until=until)
    if not chosen:
        filters = [
            f"{flag} {value}"
            for flag, value in (("--team", team), ("--since", since), ("--until", until))
            if value
        ]
        message = (
            t("team.error.none_matching", lang, filters=t("common.list_sep", lang).join(filters))
            if filters
            else t("team.error.none", lang)
        )
        if not folder.exists():
            message += t("team.error.no_folder", lang)
        raise CxError(message, path=folder, hint=t("team.error.hint", lang))
    from cx_pillars import team as analysis

    if by is not None:
        comparison = analysis.by_team(chosen, fw, all_runs=all_runs, lang=lang)
        if trend:
            for view in comparison.views:
                view.trend = analysis.trend(_runs_of(view, chosen), fw, lang)
        if json_:
            emit_json(comparison.to_json())
            return
    else:
        single = analysis.team_view(chosen, fw, all_runs=all_runs, lang=lang)
        if trend:
            single.trend = analysis.trend(chosen, fw, lang)
        if json_:
            emit_json(single.to_json())
            return
    from cx_pillars.views import render
    from cx_pillars.views import team as team_view

    con = render.console()
    if by is None:
        con.print(team_view.team_screen(single))
        return
    con.print(team_view.comparison_screen(comparison))
    for view in comparison.views if trend else []:
        if view.team is None or view.trend is None:  # pragma: no cover - by_team: one team each
            continue
        con.print()
        con.print(analysis.team_name(view.team, lang), style="bold", markup=False)
        con.print(team_view.trend_screen(view.trend, fw, lang))


def _runs_of(view: TeamView, runs: Sequence[Assessment]) -> list[Assessment]:
    """The runs of the team a view of ``team --by team`` is about: matched by name as
    the view spells it (case-insensitively, spaces around it aside; a run with no team
    is in the team shown as no team). A view of several teams has them all."""
    from cx_pillars.team import NO_TEAM

    if view.team is None:
        return list(runs)
    name = view.team.casefold()
    return [a for a in runs if (a.team.strip() or NO_TEAM).casefold() == name]
