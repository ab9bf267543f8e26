"""The ``rate`` command: options in, answers checked, the interview when needed, saved.

``rate template`` and ``rate form`` are its subcommands (the questionnaire for a form
tool, the offline rating page): ``rate`` is a group that runs the rating itself when
no subcommand is named, so every ``rate --...`` invocation works as before.
"""

import sys
from pathlib import Path
from typing import Annotated

import typer

from cx_pillars.cli.common import (
    DirOpt,
    FrameworkOpt,
    LangOpt,
    State,
    command_line,
    framework_from,
    language,
    stdin_is_terminal,
    store_folder,
)
from cx_pillars.errors import CxError

rate_app = typer.Typer(
    rich_markup_mode=None,
    add_completion=False,
    no_args_is_help=False,
    invoke_without_command=True,
)


def rate(
    ctx: typer.Context,
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
    every question also has a flag, so it runs in scripts too. For colleagues without
    a terminal: `rate template` (a form tool's questionnaire) and `rate form` (an
    offline rating page); `team import` brings their answers in.
    """
    if ctx.invoked_subcommand is not None:
        return
    from cx_pillars import answers as ans
    from cx_pillars import rating
    from cx_pillars.i18n import t
    from cx_pillars.views import render

    lang_opt, lang = lang, language(lang)
    fw = framework_from(framework)
    folder = store_folder(dir_)
    resume_cmd = command_line("rate", "--resume", dir_=dir_, framework=framework, lang=lang_opt)
    try:
        flags = ans.flag_answers(
            fw,
            respondent=respondent,
            anonymous=anonymous,
            team=team,
            role=role,
            ratings=ratings,
            ranking=ranking,
            notes=note,
        )
    except CxError as exc:
        raise typer.BadParameter(exc.text(lang)) from None
    person = _Terminal(fw, lang) if stdin_is_terminal() else None
    try:
        outcome = rating.run(
            folder,
            fw,
            flags,
            person=person,
            show=(lambda answers: None)
            if State.quiet
            else (lambda answers: render.console().print(render.summary(answers, fw, lang))),
            lang=lang,
            from_file=from_file,
            resume=resume,
            yes=yes,
        )
    except rating.AnswersNotKept as exc:
        sys.stdout.write(exc.answers_toml)  # an answers file for --from, then the error
        raise
    if outcome.status == "needs_answers":
        render.error(t("rate.no_terminal", lang, flags="; ".join(outcome.missing)), lang)
        raise typer.Exit(2)
    if outcome.status == "interrupted":
        render.err_console().print(
            "\n" + t("rate.interrupted", lang, command=resume_cmd), style="yellow", markup=False
        )
        raise typer.Exit(130)
    if outcome.status == "quit":
        render.console().print(t("rate.not_saved", lang, command=resume_cmd), markup=False)
        return
    if State.quiet:  # for scripts: the file saved, nothing else
        print(outcome.path)
        return
    render.console().print(t("rate.saved", lang, path=outcome.path), style="green", markup=False)
    rate_cmd = command_line("rate", dir_=dir_, framework=framework, lang=lang_opt)
    team_cmd = command_line("team", dir_=dir_, framework=framework, lang=lang_opt)
    render.console().print(t("rate.next", lang, rate=rate_cmd, team=team_cmd), markup=False)


class _Terminal:
    """The person at the terminal, for :func:`cx_pillars.rating.run`: the interview
    (questionary) and the summary (Rich)."""

    def __init__(self, fw, lang: str) -> None:
        self.fw, self.lang = fw, lang

    def offer_draft(self, draft: dict) -> bool:
        from cx_pillars.views.interview import ask_resume

        return ask_resume(draft, self.fw, self.lang)

    def interview(self, answers: dict, keep, default_team: str) -> str:
        from cx_pillars.views import render
        from cx_pillars.views.interview import Interview

        return Interview(
            self.fw, answers, on_change=keep, lang=self.lang, default_team=default_team
        ).run(lambda current: render.console().print(render.summary(current, self.fw, self.lang)))


ToolOpt = Annotated[
    str | None,
    typer.Option(
        "--tool",
        metavar="TOOL",
        help="forms (Microsoft Forms), google (Google Forms), qualtrics or generic.",
    ),
]


def template(
    lang: LangOpt = None,
    tool: ToolOpt = None,
    framework: FrameworkOpt = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", metavar="FILE", help="Write the questionnaire to a new file."),
    ] = None,
) -> None:
    """The colleague questionnaire to build in a form tool: the questions, the steps in
    the tool, and an import-ready header; `team import` reads what the form exports."""
    from cx_pillars.colleagues.template import build, find_tool
    from cx_pillars.i18n import t

    lang = language(lang)
    try:
        chosen = find_tool(tool)
    except CxError as exc:
        raise typer.BadParameter(exc.text(lang), param_hint="--tool") from None
    text = build(framework_from(framework), lang, chosen).text
    if out is None:
        sys.stdout.write(text)
        return
    _write_new(out, text.encode("utf-8"), lang)
    from cx_pillars.views import render

    render.console().print(t("colleagues.page.written_file", lang, path=out), markup=False)


def form(
    out: Annotated[
        Path,
        typer.Option("--out", metavar="FILE.html", help="The rating page to write (a new file)."),
    ],
    lang: LangOpt = None,
    team: Annotated[
        str | None,
        typer.Option("--team", "-t", metavar="TEAM", help="The team, filled in for colleagues."),
    ] = None,
    framework: FrameworkOpt = None,
) -> None:
    """An offline rating page: one HTML file, no network, in every language, with the
    questions and checks of `rate`; it gives the colleague an answers file that
    `team import` saves."""
    from cx_pillars.colleagues.page import build_page
    from cx_pillars.i18n import t

    lang = language(lang)
    if out.suffix.lower() not in (".html", ".htm"):
        raise typer.BadParameter(t("colleagues.page.out_html", lang), param_hint="--out")
    if team is not None:
        from cx_pillars.answers import flag_answers

        fw = framework_from(framework)
        try:
            team = flag_answers(fw, team=team).get("team")
        except CxError as exc:
            raise typer.BadParameter(exc.text(lang), param_hint="--team") from None
    fw = framework_from(framework)
    _write_new(out, build_page(fw, lang, team=team or "").encode("utf-8"), lang)
    from cx_pillars.views import render

    con = render.console()
    con.print(t("colleagues.page.written", lang, path=out), style="green", markup=False)
    command = command_line("team", "import", framework=framework) + " answers/*.toml"
    con.print(t("colleagues.page.send", lang, command=command), markup=False)


def _write_new(path: Path, data: bytes, lang: str) -> None:
    from cx_pillars.i18n import tr
    from cx_pillars.store import write_new

    try:
        write_new(path, data)
    except FileExistsError:
        raise CxError(
            tr("colleagues.page.exists"), path=path, hint=tr("colleagues.page.exists_hint")
        ) from None
