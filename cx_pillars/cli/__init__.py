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
from cx_pillars.cli.survey import survey_app

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
for command, name in (
    (rate.rate, None),
    (records.pillars, None),
    (records.list_, "list"),
    (records.show, None),
    (records.export, None),
    (team.team, None),
    (compare.compare, None),
    (demo.demo, None),
    (report.chart, "chart"),
    (report.report, "report"),
):
    app.command(name)(handles_errors(command))
app.add_typer(survey_app, name="survey")


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
