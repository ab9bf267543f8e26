"""The command line: parse options, call the core, render.

Only typer and the standard library are imported at module level so that
``cx-pillars --help`` starts fast; Rich, questionary and everything heavy are
imported inside the commands that use them.
"""

import functools
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from cx_pillars import __version__
from cx_pillars.errors import CxError
from cx_pillars.options import (
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
)
from cx_pillars.survey.commands import survey_app

app = typer.Typer(
    name="cx-pillars",
    help="Does your team's picture of the customer match the customer's own?\n\n"
    "Rate the organisation on ten CX pillars, rank them by what you believe customers "
    "value, and compare the team's view with what customers say.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: Rich's help formatter costs ~100 ms at startup
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(survey_app, name="survey")


class State:
    debug = False


def handles_errors(command):
    """Turn the project's errors into one red line and an exit code; Ctrl-C into 130."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.BadParameter):
            raise
        except CxError as exc:
            if State.debug:
                raise
            from cx_pillars import render

            render.error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            if State.debug:
                raise
            print("\nInterrupted.", file=sys.stderr)
            raise typer.Exit(130) from None
        except Exception as exc:  # a bug: say so in one line unless --debug
            if State.debug:
                raise
            from cx_pillars import render

            render.error(
                f"unexpected {type(exc).__name__}: {exc} "
                "(run again with --debug for the details, and please report it)"
            )
            raise typer.Exit(1) from None

    return wrapper


def emit_json(data) -> None:
    """JSON on stdout: indented for a person at a terminal, compact for a program."""
    import json

    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent) + "\n")


def stdin_is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _version(value: bool) -> None:
    if value:
        print(f"cx-pillars {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = None,
) -> None:
    State.debug = debug


def _lang(option: str | None) -> str:
    """Choose the language for this run (option, environment, locale, English)."""
    from cx_pillars import i18n

    try:
        lang = i18n.detect(option)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--lang") from None
    i18n.set_language(lang)
    return lang


def _framework(path: Path | None):
    from cx_pillars.pillars import load_framework

    return load_framework(path)


def _warn(message: str) -> None:
    """A warning on stderr; Rich is loaded only when there is something to say."""
    from cx_pillars import render

    render.warn(message)


def _load(
    dir_: Path | None,
    framework: Path | None,
    *,
    team=None,
    since=None,
    until=None,
    quiet: bool = False,
):
    """The framework, the store folder and the selected assessments, newest first."""
    from cx_pillars import store

    fw = _framework(framework)
    folder = store.store_path(dir_)
    try:
        since_dt = store.parse_when(since) if since else None
        until_dt = store.parse_when(until, end=True) if until else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    found = store.load_store(folder, fw, warn=None if quiet else _warn)
    return fw, folder, store.select(found, team=team, since=since_dt, until=until_dt)


# -- rate --------------------------------------------------------------------------------------


@app.command()
@handles_errors
def rate(
    respondent: Annotated[
        str | None,
        typer.Option("--respondent", "-r", metavar="NAME", help="Your name (stored in the file)."),
    ] = None,
    anonymous: Annotated[bool, typer.Option("--anonymous", help="Store no name.")] = False,
    team: Annotated[
        str | None, typer.Option("--team", "-t", metavar="TEAM", help="Your team.")
    ] = None,
    role: Annotated[str | None, typer.Option("--role", metavar="ROLE", help="Your role.")] = None,
    ratings: Annotated[
        str | None,
        typer.Option(
            "--ratings",
            metavar="SCORES",
            help="Scores 1-5: advertising=3,content=2,... or ten numbers in catalog order.",
        ),
    ] = None,
    ranking: Annotated[
        str | None,
        typer.Option(
            "--ranking",
            metavar="PILLARS",
            help="Pillars by what customers value, most important first: service,friction,...",
        ),
    ] = None,
    note: Annotated[
        list[str] | None,
        typer.Option(
            "--note",
            metavar="PILLAR=TEXT",
            help='A note on a pillar: friction="Returns take too long" (repeatable).',
        ),
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="FILE",
            help="Read answers from a TOML file (same keys as an assessment).",
        ),
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Save without asking when every answer is given.")
    ] = False,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue the run that was interrupted.")
    ] = False,
    dir_: DirOpt = None,
    framework: FrameworkOpt = None,
    lang: LangOpt = None,
) -> None:
    """Score the organisation on each pillar and rank the pillars by what customers value.

    Asks the questions one by one in a terminal (number keys answer, b goes back);
    every question also has a flag, so it runs in scripts too.
    """
    from cx_pillars import answers as ans
    from cx_pillars import render, store
    from cx_pillars.i18n import t

    lang = _lang(lang)
    fw = _framework(framework)
    folder = store.store_path(dir_)
    answers: dict = {}
    interactive = stdin_is_terminal()

    try:
        draft = store.load_draft(folder)
    except CxError:
        if resume:
            raise
        draft = None  # a damaged draft must not block a new run; --resume reports it
    if resume:
        if draft is None:
            raise CxError(
                "there is no interrupted run to resume in this store",
                path=folder,
                hint="start one with `cx-pillars rate`",
            )
        if draft[1].get("framework", fw.id) != fw.id:
            raise CxError(
                f"the draft is for framework {draft[1].get('framework')!r}",
                path=draft[0],
                hint="pass the same --framework FILE",
            )
        answers = ans.check_answers(draft[1], fw, source=draft[0])
    if from_file:
        answers.update(ans.answers_from_file(from_file, fw))
    try:
        if respondent is not None and respondent.strip():
            answers["respondent"] = respondent.strip()
            answers.pop("anonymous", None)
        if anonymous:
            answers["anonymous"] = True
            answers.pop("respondent", None)
        if team is not None:
            answers["team"] = team.strip()
        if role is not None:
            answers["role"] = role.strip()
        if ratings:
            answers.setdefault("ratings", {}).update(ans.parse_ratings(ratings, fw))
        if ranking:
            answers["ranking"] = ans.parse_ranking(ranking, fw)
        for text in note or []:
            pid, text = ans.parse_note(text, fw)
            answers.setdefault("notes", {})[pid] = text
    except CxError as exc:
        raise typer.BadParameter(str(exc)) from None
    answers = ans.check_answers(answers, fw, source="your answers")  # e.g. "anonymous" as name

    needed = ans.missing(answers, fw)
    if needed and not interactive:
        render.error(t("rate.no_terminal", flags="; ".join(needed)))
        raise typer.Exit(2)

    # The draft belongs to this run only if it resumed it or asked questions itself;
    # a scripted run must not throw away somebody's interrupted answers.
    owns_draft = resume
    if interactive and (needed or not yes):
        from cx_pillars.interview import Interview, ask_resume

        owns_draft = True

        if draft is not None and not resume and not answers:
            if ask_resume(draft[1], fw, lang):
                answers = ans.check_answers(draft[1], fw, source=draft[0])

        def keep_draft(current: dict) -> None:
            doc = {k: v for k, v in current.items() if v not in (None, {}, [])}
            if doc:  # nothing answered: nothing to keep
                doc["framework"] = fw.id
                store.save_draft(folder, doc)

        interview = Interview(
            fw, answers, on_change=keep_draft, lang=lang, default_team=_latest_team(folder)
        )
        try:
            choice = interview.run(lambda a: render.console().print(render.summary(a, fw, lang)))
        except KeyboardInterrupt:
            keep_draft(answers)
            render.err_console().print("\n" + t("rate.interrupted"), style="yellow", markup=False)
            raise typer.Exit(130) from None
        if choice == "quit":
            keep_draft(answers)
            render.console().print(t("rate.not_saved"), markup=False)
            return
    else:
        render.console().print(render.summary(answers, fw, lang))

    assessment = ans.to_assessment(answers, fw)
    try:
        path = store.save_assessment(assessment, folder)
    except CxError as exc:
        # Disk full, read-only, not a folder: keep the answers before saying so.
        doc = {**answers, "framework": fw.id}
        try:
            draft_file = store.save_draft(folder, doc)
        except CxError as again:
            # Nowhere to keep them: print them (an answers file for --from), then say so.
            sys.stdout.write(store.dumps(doc).decode("utf-8"))
            raise CxError(
                f"{exc}; the answers could not be kept as a draft either "
                f"({again}); they are printed above: save them to a file and "
                "run cx-pillars rate --from FILE"
            ) from None
        raise CxError(
            t("rate.save_failed", error=str(exc), draft=draft_file, folder=folder)
        ) from None
    if owns_draft:
        store.discard_draft(folder)
    render.console().print(t("rate.saved", path=path), style="green", markup=False)
    render.console().print(t("rate.next"), markup=False)


def _latest_team(folder: Path) -> str:
    """The team of the newest saved run, offered as the default answer."""
    from cx_pillars import store

    try:
        files = store.assessment_files(folder)
    except CxError:
        return ""
    for path in reversed(files):  # names start with the time: newest last
        try:
            data = store.parse_toml(path, store.read_text(path))
        except CxError:
            continue
        team = data.get("team")
        if isinstance(team, str):
            return team
    return ""


# -- pillars, list, show ------------------------------------------------------------------------


@app.command()
@handles_errors
def pillars(framework: FrameworkOpt = None, json_: JsonOpt = False, lang: LangOpt = None) -> None:
    """The catalog: ids, labels and the question each pillar asks."""
    lang = _lang(lang)
    fw = _framework(framework)
    if json_:
        emit_json(
            {
                "framework": fw.id,
                "name": fw.name,
                "pillars": [
                    {
                        "id": p.id,
                        "label": p.text("label", lang),
                        "short": p.text("short", lang),
                        "question": p.text("question", lang),
                        "low": p.text("low", lang),
                        "high": p.text("high", lang),
                        "aliases": list(p.aliases),
                    }
                    for p in fw.pillars
                ],
            }
        )
        return
    from cx_pillars.plain import pillars_text  # plain text: no Rich, a quick start

    sys.stdout.write(pillars_text(fw, lang))


@app.command("list")
@handles_errors
def list_(
    dir_: DirOpt = None,
    team: TeamOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    framework: FrameworkOpt = None,
    json_: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Saved assessments, newest first: date, respondent, team, total, top three."""
    lang = _lang(lang)
    fw, folder, chosen = _load(dir_, framework, team=team, since=since, until=until)
    if json_:
        emit_json(
            [
                {
                    "id": a.id,
                    "created": a.to_json()["created"],
                    "respondent": a.respondent,
                    "team": a.team,
                    "role": a.role,
                    "total": a.total,
                    "max_total": fw.max_total,
                    "top3": a.ranking[:3],
                    "file": str(a.path),
                }
                for a in chosen
            ]
        )
        return
    from cx_pillars import render
    from cx_pillars.i18n import plural, t

    con = render.console()
    if not chosen:
        con.print(t("list.empty", folder=folder), markup=False)
        return
    con.print(render.list_table(chosen, fw, lang))
    con.print(
        "\n" + t("list.count", folder=folder, assessments=plural("count.assessments", len(chosen))),
        style="grey50",
        markup=False,
    )


@app.command()
@handles_errors
def show(
    assessment_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The assessment's id, a unique start of it, or its file."
        ),
    ],
    dir_: DirOpt = None,
    framework: FrameworkOpt = None,
    json_: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """One assessment: ratings as bars, the ranking and the notes."""
    from cx_pillars import store

    lang = _lang(lang)
    fw = _framework(framework)
    candidate = Path(assessment_id)
    if assessment_id.endswith(".toml") and os.path.lexists(candidate):
        a = store.read_assessment(candidate, fw)  # a folder, pipe or loop: its own error
    else:
        _, _, found = _load(dir_, framework, quiet=True)
        a = store.find(found, assessment_id)
    if json_:
        emit_json(a.to_json())
        return
    from cx_pillars import render

    render.console().print(render.assessment_view(a, fw, lang))


# -- export -------------------------------------------------------------------------------------


@app.command()
@handles_errors
def export(
    format_: Annotated[
        str,
        typer.Option(
            "--format", "-f", metavar="csv|json", help="csv or json.", case_sensitive=False
        ),
    ] = "csv",
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", metavar="FILE", help="Write to this new file instead of standard output."
        ),
    ] = None,
    dir_: DirOpt = None,
    team: TeamOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    framework: FrameworkOpt = None,
    lang: LangOpt = None,
) -> None:
    """Assessments as CSV or JSON for spreadsheets, one row per assessment."""
    from cx_pillars import exporting, store

    _lang(lang)
    fmt = format_.lower()
    if fmt not in ("csv", "json"):
        raise typer.BadParameter(f"{format_!r} is not csv or json", param_hint="--format")
    fw, folder, chosen = _load(dir_, framework, team=team, since=since, until=until)
    chosen = list(reversed(chosen))  # oldest first reads naturally
    text = exporting.to_csv(chosen, fw) if fmt == "csv" else exporting.to_json(chosen)
    if out is None:
        sys.stdout.write(text)
        return
    try:
        store.write_new(out, text.encode("utf-8"))
    except FileExistsError:
        raise CxError(
            "already exists; choose a new name (nothing was overwritten)", path=out
        ) from None
    from cx_pillars import render
    from cx_pillars.i18n import plural, t

    render.err_console().print(
        t("export.wrote", path=out, assessments=plural("count.assessments", len(chosen))),
        markup=False,
    )


# -- team ---------------------------------------------------------------------------------------


@app.command()
@handles_errors
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

    lang = _lang(lang)
    if by is not None and by.strip().lower() != "team":
        raise typer.BadParameter(t("team.error.by", by=repr(by)), param_hint="--by")
    fw, folder, chosen = _load(dir_, framework, team=team, since=since, until=until)
    if not chosen:
        filters = [
            f"{flag} {value}"
            for flag, value in (("--team", team), ("--since", since), ("--until", until))
            if value
        ]
        message = (
            t("team.error.none_matching", filters=t("common.list_sep").join(filters))
            if filters
            else t("team.error.none")
        )
        if not folder.exists():
            message += t("team.error.no_folder")
        raise CxError(message, path=folder, hint=t("team.error.hint"))
    from cx_pillars import team as analysis

    if by is not None:
        result = analysis.by_team(chosen, fw, all_runs=all_runs, lang=lang)
        if trend:
            for view in result.views:
                view.trend = analysis.trend(
                    [
                        a
                        for a in chosen
                        if a.team.casefold().strip()
                        == (view.team if view.team != analysis.NO_TEAM else "").casefold()
                    ],
                    fw,
                    lang,
                )
    else:
        result = analysis.team_view(chosen, fw, all_runs=all_runs, lang=lang)
        if trend:
            result.trend = analysis.trend(chosen, fw, lang)
    if json_:
        emit_json(result.to_json())
        return
    from cx_pillars import render, team_view

    con = render.console()
    if by is not None:
        con.print(team_view.comparison_screen(result))
        for view in result.views if trend else []:
            con.print()
            con.print(analysis.team_name(view.team, lang), style="bold", markup=False)
            con.print(team_view.trend_screen(view.trend, fw, lang))
    else:
        con.print(team_view.team_screen(result))


@app.command()
@handles_errors
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
    lang = _lang(lang)
    fw, folder, chosen = _load(dir_, framework, team=team, since=since, until=until)
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
    from cx_pillars import compare_view, render

    render.console().print(compare_view.comparison_screen(result, lang))


@app.command()
@handles_errors
def demo(
    out: Annotated[
        Path, typer.Option("--out", "-o", metavar="DIR", help="A new folder for the demo files.")
    ] = Path("cx-pillars-demo"),
    lang: LangOpt = None,
) -> None:
    """Try everything without typing: a fictional team and customer survey, analysed.

    Writes a team of seven colleagues (three quarterly runs) and a survey of 420
    customers of four generations into a new folder, imports the survey, shows the
    team view and the comparison, and writes the meeting pack (PDF and Markdown).
    """
    lang = _lang(lang)
    from cx_pillars import render
    from cx_pillars.demo import write_demo
    from cx_pillars.i18n import t
    from cx_pillars.survey.importer import import_file, save_summary

    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise CxError(t("demo.exists"), path=out)
    fw = _framework(None)
    store_dir, survey_csv = write_demo(out, fw)
    summary = import_file(survey_csv, fw, birth_year="birth_year", name="customers").summary
    save_summary(summary, store_dir)
    con = render.console()
    from cx_pillars import compare_view, report, team_view

    analysed = report.analyse(_load(store_dir, None)[2], fw, summary, lang=lang)
    con.rule(t("demo.team_rule"))
    con.print(team_view.team_screen(analysed.view))
    con.rule(t("demo.compare_rule"))
    con.print(compare_view.comparison_screen(analysed.comparison, lang))
    pack, wiki = out / "meeting-pack.pdf", out / "meeting-pack.md"
    report_cli._chart_lang(lang)  # Chinese without a CJK font: says once, draws English
    report.write_report(analysed, pack, wiki)
    con.rule()
    con.print(
        t("demo.done", folder=out, store=store_dir, survey=survey_csv, pdf=pack, markdown=wiki),
        markup=False,
    )


from cx_pillars import report_cli  # noqa: E402  (chart and report live in their own module)

app.command("chart")(handles_errors(report_cli.chart))
app.command("report")(handles_errors(report_cli.report))


def _stand_in() -> None:
    """Never runs: it stands in for a command while only the top-level help is shown."""


def _only_the_command_asked_for(argv: list[str]) -> None:
    """Keep just the command on the command line, so Typer builds one command, not all.

    Turning every command's signature into options takes longer than most commands
    run; the top-level help and unknown names still see every command.
    """
    name = next((arg for arg in argv if not arg.startswith("-")), None)
    if name is None:
        # The top-level help (or --version) needs each command's name and help text only:
        # stand-ins without options list them just the same, at a fraction of the cost.
        import inspect

        from typer.models import CommandInfo

        app.registered_commands[:] = [
            CommandInfo(
                name=c.name or c.callback.__name__.replace("_", "-"),
                callback=_stand_in,
                help=c.help or inspect.getdoc(c.callback),
            )
            for c in app.registered_commands
        ]
        return
    commands = [
        c
        for c in app.registered_commands
        if (c.name or c.callback.__name__.replace("_", "-")) == name
    ]
    groups = [g for g in app.registered_groups if g.name == name]
    if commands or groups:
        app.registered_commands[:] = commands
        app.registered_groups[:] = groups


def main() -> None:
    _only_the_command_asked_for(sys.argv[1:])
    try:
        app(prog_name="cx-pillars")
    except KeyboardInterrupt:
        sys.exit(130)
