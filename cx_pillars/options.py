"""The options several commands share, defined once.

Only typer and the standard library are imported here: every command module loads
this at startup.
"""

from pathlib import Path
from typing import Annotated

import typer

DirOpt = Annotated[
    Path | None,
    typer.Option(
        "--dir",
        metavar="DIR",
        help="The store folder [default: ./assessments, or $CX_PILLARS_DIR].",
        show_default=False,
    ),
]
FrameworkOpt = Annotated[
    Path | None,
    typer.Option(
        "--framework",
        metavar="FILE",
        help="A framework TOML file to use instead of the ten pillars.",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON only.")]
TeamOpt = Annotated[str | None, typer.Option("--team", metavar="TEAM", help="Only this team.")]
SinceOpt = Annotated[
    str | None,
    typer.Option("--since", metavar="DATE", help="Only runs on or after this date (YYYY-MM-DD)."),
]
UntilOpt = Annotated[
    str | None,
    typer.Option("--until", metavar="DATE", help="Only runs on or before this date (YYYY-MM-DD)."),
]
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="LANG",
        help="Language: en, pl, zh-Hans or zh-Hant [default: $CX_PILLARS_LANG, else the locale].",
        show_default=False,
    ),
]
AllRunsOpt = Annotated[
    bool,
    typer.Option("--all-runs", help="Use every run in the window, not each colleague's latest."),
]
SurveyOpt = Annotated[
    str | None,
    typer.Option(
        "--survey",
        "-s",
        metavar="NAME|FILE",
        help="The customer survey: a name from `survey import` or a summary file.",
    ),
]
TopOpt = Annotated[
    int,
    typer.Option(
        "--top",
        "-k",
        min=2,
        max=4,
        metavar="K",
        help="How many of the customers' priorities to act on (2-4).",
    ),
]
