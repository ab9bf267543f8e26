"""The ``compare`` command: the team against a customer survey."""

import typer

from cx_pillars.cli.common import (
    AllRunsOpt,
    DirOpt,
    FrameworkOpt,
    JsonOpt,
    LangOpt,
    SinceOpt,
    SurveyOpt,
    TeamOpt,
    TopOpt,
    UntilOpt,
    emit_json,
    language,
    load,
)
from cx_pillars.errors import CxError


def compare(
    survey: SurveyOpt = None,
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
    from cx_pillars.survey.summary import find_summary, load_summary

    summary = load_summary(find_summary(survey, folder), fw)
    if not chosen:
        raise CxError(
            "no team assessments to compare with the customers",
            path=folder,
            hint="check --dir and the filters, or start with `cx-pillars rate`",
        )
    from cx_pillars import team as analysis
    from cx_pillars.compare import compare as run_compare

    result = run_compare(analysis.team_view(chosen, fw, all_runs=all_runs), summary, fw, top=top)
    if json_:
        emit_json(result.to_json())
        return
    from cx_pillars.views import compare as compare_view
    from cx_pillars.views import render

    render.console().print(compare_view.comparison_screen(result, lang))
