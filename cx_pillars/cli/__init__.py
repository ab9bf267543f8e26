"""The command line: one Typer app, one module per command group, each thin.

``common`` holds what every command shares (options, language, loading the store,
errors as exit codes, JSON); ``rate``, ``records`` (pillars, list, show, export),
``team``, ``compare``, ``report`` (chart, report), ``demo`` and ``survey`` parse their
options, call the core and hand the result to :mod:`cx_pillars.views`. Nothing imports
this package. Only typer and the standard library load at module level, so that
``cx-pillars --help`` starts fast; Rich, questionary, matplotlib and the analysis load
inside the commands that use them.
"""

import sys
from typing import Annotated

import typer

from cx_pillars import __version__
from cx_pillars.cli import compare, demo, rate, records, report, team
from cx_pillars.cli.common import State, handles_errors
from cx_pillars.cli.config import config_app
from cx_pillars.cli.help import HelpGroup
from cx_pillars.cli.survey import survey_app
from cx_pillars.cli.typer_hooks import build_only_the_command_asked_for

app = typer.Typer(
    name="cx-pillars",
    help="Does your team's picture of the customer match the customer's own?\n\n"
    "Rate the organisation on ten CX pillars, rank them by what you believe customers "
    "value, and compare the team's view with what customers say.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: Rich's help formatter costs ~100 ms at startup
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=HelpGroup,  # whole first sentences, grouped options, examples (cli/help.py)
)
# rate and team run themselves when no subcommand is named (rate template, rate form,
# team import): every rate/team invocation of before works as it did.
rate.rate_app.callback(invoke_without_command=True)(handles_errors(rate.rate))
rate.rate_app.command("template")(handles_errors(rate.template))
rate.rate_app.command("form")(handles_errors(rate.form))
team.team_app.callback(invoke_without_command=True)(handles_errors(team.team))
team.team_app.command("import")(handles_errors(team.import_))
app.add_typer(rate.rate_app, name="rate")
for command, name in (
    (records.pillars, None),
    (records.list_, "list"),
    (records.show, None),
    (records.export, None),
    (compare.compare, None),
    (demo.demo, None),
    (report.chart, "chart"),
    (report.report, "report"),
):
    # `cx-pillars chart` alone shows its help, which lists the kinds (it said only
    # "Missing argument 'KIND'")
    app.command(name, no_args_is_help=name == "chart")(handles_errors(command))
app.add_typer(team.team_app, name="team")
app.add_typer(survey_app, name="survey")
app.add_typer(config_app, name="config")


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
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="Results and errors only: no 'wrote' lines, hints or summaries (for scripts).",
        ),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="LANG",
            help="The language of every command (en, pl, zh-Hans, zh-Hant), "
            "as CX_PILLARS_LANG would.",
        ),
    ] = None,
) -> None:
    State.debug = debug
    State.quiet = quiet
    from cx_pillars import i18n

    State.lang = i18n.normalise(lang) if lang else None  # for this run only
    if lang is not None and State.lang is None:
        raise typer.BadParameter(
            f"{lang!r} is not a supported language ({', '.join(i18n.LANGUAGES)})",
            param_hint="--lang",
        )


def main() -> None:
    build_only_the_command_asked_for(app, sys.argv[1:])  # start-up: see typer_hooks
    try:
        app(prog_name="cx-pillars")
    except KeyboardInterrupt:
        sys.exit(130)
