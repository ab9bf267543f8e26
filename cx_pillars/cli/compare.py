"""The ``compare`` command: the team against a customer survey."""

import typer

from cx_pillars.cli.common import (
    AgeOpt,
    AllRunsOpt,
    BirthYearOpt,
    DirOpt,
    FrameworkOpt,
    JsonOpt,
    LangOpt,
    MapOpt,
    MemberOpt,
    QuestionOpt,
    SaveOpt,
    SegmentOpt,
    SheetOpt,
    SinceOpt,
    SurveyOpt,
    TeamOpt,
    TopOpt,
    UntilOpt,
    emit_json,
    language,
    load,
    survey_summary,
)
from cx_pillars.errors import CxError


def compare(
    survey: SurveyOpt = None,
    save: SaveOpt = None,
    map_: MapOpt = None,
    question: QuestionOpt = None,
    segment: SegmentOpt = None,
    age: AgeOpt = None,
    birth_year: BirthYearOpt = None,
    member: MemberOpt = None,
    sheet: SheetOpt = None,
    dir_: DirOpt = None,
    team: TeamOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    all_runs: AllRunsOpt = False,
    top: TopOpt = 3,
    framework: FrameworkOpt = None,
    json_: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """The team against the customers: gaps, agreement, where to act, segments."""
    if survey is None:
        raise typer.BadParameter(
            "name the customer survey: --survey NAME (a name from "
            "`cx-pillars survey import`) or --survey FILE",
            param_hint="--survey",
        )
    lang = language(lang)
    fw, folder, chosen = load(dir_, framework, lang=lang, team=team, since=since, until=until)
    summary = survey_summary(
        survey,
        folder,
        fw,
        lang,
        map_=map_,
        question=question,
        segment=segment,
        age=age,
        birth_year=birth_year,
        member=member,
        sheet=sheet,
        save=save,
    )
    if not chosen:
        raise CxError(
            "no team assessments to compare with the customers",
            path=folder,
            hint="check --dir and the filters, or start with `cx-pillars rate`",
        )
    from cx_pillars import team as analysis
    from cx_pillars.compare import compare as run_compare

    result = run_compare(
        analysis.team_view(chosen, fw, all_runs=all_runs, lang=lang), summary, fw, top=top
    )
    if json_:
        emit_json(result.to_json())
        return
    from cx_pillars.views import compare as compare_view
    from cx_pillars.views import render

    render.console().print(compare_view.comparison_screen(result, lang))
