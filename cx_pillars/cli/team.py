"""The ``team`` command: the team view in the terminal or as JSON; ``team import``.

``team`` is a group that shows the team view when no subcommand is named (every
``team --...`` invocation works as before); ``team import FILE...`` saves colleagues'
answers from a form export or the rating page's answers files.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cx_pillars.cli.common import (
    AllRunsOpt,
    DirOpt,
    FrameworkOpt,
    JsonOpt,
    LangOpt,
    MapOpt,
    MemberOpt,
    SheetOpt,
    SinceOpt,
    TeamOpt,
    UntilOpt,
    command_line,
    emit_json,
    framework_from,
    language,
    load,
    store_folder,
)
from cx_pillars.errors import CxError

if TYPE_CHECKING:
    from cx_pillars.assessment import Assessment
    from cx_pillars.team import TeamView

team_app = typer.Typer(
    rich_markup_mode=None,
    add_completion=False,
    no_args_is_help=False,
    invoke_without_command=True,
)


def team(
    ctx: typer.Context,
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

    With --json the keys and numbers are the same in every language; only the
    sentences (readings, prompts, notes) follow --lang.
    `team import FILE...` saves colleagues' answers from a form export or answers files."""
    if ctx.invoked_subcommand is not None:
        return
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


def import_(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE...",
            help="Form exports (any file `survey import` reads) or answers files (.toml).",
            show_default=False,
        ),
    ],
    dir_: DirOpt = None,
    team: Annotated[
        str | None,
        typer.Option("--team", metavar="TEAM", help="The team of every response imported."),
    ] = None,
    role: Annotated[
        str | None,
        typer.Option("--role", metavar="ROLE", help="The role of every response imported."),
    ] = None,
    anonymous: Annotated[
        bool, typer.Option("--anonymous", help="Store no names (only the day is kept).")
    ] = False,
    map_: MapOpt = None,
    sheet: SheetOpt = None,
    member: MemberOpt = None,
    framework: FrameworkOpt = None,
    json_: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Save colleagues' answers as assessments, one per response: from a form export
    (Microsoft Forms, Google Forms, Qualtrics, ... as `survey import` reads them) or the
    answers files of the page `rate form` writes. Each is checked as `rate` checks
    answers; a bad row is reported with its line and skipped; a response already in the
    store is not added again."""
    from cx_pillars.answers import flag_answers
    from cx_pillars.colleagues.answers import is_answers_file
    from cx_pillars.colleagues.importing import Importer
    from cx_pillars.errors import StoreError, UsageError
    from cx_pillars.i18n import t, tr, words
    from cx_pillars.views import render

    lang = language(lang)
    fw = framework_from(framework)
    try:
        flag_answers(fw, team=team, role=role)
    except CxError as exc:
        raise typer.BadParameter(exc.text(lang)) from None
    cmap = None
    if map_ is not None:
        from cx_pillars.survey.mapping import load_map

        cmap = load_map(map_, fw)
    folder = store_folder(dir_)
    importer = Importer(
        folder,
        fw,
        team=team.strip() if team else None,
        role=role.strip() if role is not None else None,
        anonymous=anonymous,
    )
    for path in files:
        try:
            if path.is_dir():
                raise CxError(tr("colleagues.import.folder"), path=path)
            if not path.exists():
                raise CxError(tr("colleagues.import.missing_file"), path=path)
            if is_answers_file(path):
                importer.add_answers_file(path)
            else:
                importer.add_export(path, cmap=cmap, sheet=sheet, member=member)
        except (StoreError, UsageError):
            raise  # the store cannot be written, or the options are wrong: stop
        except CxError as exc:
            importer.report.refused.append(exc if exc.path else CxError(exc.message, path=path))
            render.error(exc.text(lang), lang)
    report = importer.report
    for outcome in report.skipped:
        where, reason = outcome.where(lang), words(outcome.reason, lang)
        render.warn(t("colleagues.import.skipped", lang, where=where, reason=reason), lang)
    if json_:
        emit_json(report.to_json(lang))
    else:
        con = render.console()
        for count in report.files:
            con.print(
                t(
                    "colleagues.import.summary",
                    lang,
                    file=count.file,
                    added=count.added,
                    present=count.present,
                    skipped=count.skipped,
                ),
                markup=False,
            )
        if report.added:
            command = command_line("team", dir_=dir_, framework=framework)
            con.print(
                t("colleagues.import.saved_to", lang, folder=folder, command=command),
                style="green",
                markup=False,
            )
    if report.refused or (report.skipped and not report.added and not report.present):
        raise typer.Exit(1)
