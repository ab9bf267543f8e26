"""What every command shares: the options, the language, loading the store, errors as
exit codes, JSON output.

Only typer and the standard library are imported here: every command module loads
this at startup, and ``cx-pillars --help`` must stay fast.
"""

import functools
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cx_pillars.errors import CxError

if TYPE_CHECKING:
    from cx_pillars.store import Skipped


def detect(option: str | None = None) -> str:
    """The language of this run (:func:`cx_pillars.i18n.detect`, with ``lang`` from the
    user's config file; a broken file is reported by the command, not here)."""
    from cx_pillars import config, i18n

    try:
        configured = config.get("lang")
    except CxError:
        configured = None
    return i18n.detect(option or State.lang, configured)


def store_folder(option: Path | str | None = None) -> Path:
    """The store folder: --dir, $CX_PILLARS_DIR, ``dir`` in the user's config file,
    ./assessments."""
    from cx_pillars import config, store

    return store.store_path(option, config.get("dir"))


def dir_value(value: str) -> Path:
    """``--dir``'s folder; an empty one (which would mean the current folder) is a usage
    error naming the option. (An empty $CX_PILLARS_DIR counts as unset.)"""
    if not str(value).strip():
        from cx_pillars import i18n

        try:
            lang = detect()
        except ValueError:
            lang = i18n.DEFAULT
        raise typer.BadParameter(i18n.t("files.dir_empty", lang), param_hint="--dir")
    return Path(value)


DirOpt = Annotated[
    Path | None,
    typer.Option(
        "--dir",
        metavar="DIR",
        help="The store folder [default: ./assessments, or $CX_PILLARS_DIR].",
        show_default=False,
        parser=dir_value,
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
        help="The customer survey: a name from `survey import`, a summary file, or a "
        "survey export (CSV/JSON) read on the fly like `survey import` (saved only with "
        "--save).",
    ),
]
# How `survey import` reads an export; also taken by compare, chart and report for
# --survey FILE.
MapOpt = Annotated[
    Path | None,
    typer.Option(
        "--map",
        metavar="FILE",
        help="A TOML file naming columns/answers: [columns] "
        '"header" = "pillar_id", [values] "answer" = '
        '"pillar_id", [positions] "header" = rank, [ratings], nps = "col", ces = "col".',
        show_default=False,
    ),
]
SegmentOpt = Annotated[
    str | None,
    typer.Option(
        "--segment", metavar="COL", help="Split by this column's values.", show_default=False
    ),
]
AgeOpt = Annotated[
    str | None,
    typer.Option(
        "--age",
        metavar="COL",
        help="Split by generation, from this age column (birth year "
        "= the response's year, or this year, minus the age).",
        show_default=False,
    ),
]
BirthYearOpt = Annotated[
    str | None,
    typer.Option(
        "--birth-year",
        metavar="COL",
        help="Split by generation, from this birth-year column.",
        show_default=False,
    ),
]
MemberOpt = Annotated[
    str | None,
    typer.Option(
        "--member",
        metavar="NAME",
        help="The export to read inside a .zip holding several [default: its only one].",
        show_default=False,
    ),
]
SheetOpt = Annotated[
    str | None,
    typer.Option(
        "--sheet",
        metavar="NAME",
        help="The sheet to read in a workbook (.xlsx, .xls, .ods): its name or number "
        "[default: the one holding the ranking].",
        show_default=False,
    ),
]
QuestionOpt = Annotated[
    str | None,
    typer.Option(
        "--question",
        metavar="TEXT",
        help="Which question is the ranking: a fragment of its text, when the export has several.",
        show_default=False,
    ),
]
SaveOpt = Annotated[
    str | None,
    typer.Option(
        "--save",
        metavar="NAME",
        help="Keep the export given with --survey FILE as the summary NAME, as "
        "`survey import --name NAME` would (never over an existing one).",
        show_default=False,
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


class State:
    """What ``cx-pillars --debug/--quiet/--lang COMMAND`` set for this run (the app's
    callback sets every field on each run)."""

    debug = False
    quiet = False  # results and errors only
    lang: str | None = None  # `cx-pillars --lang pl pillars`: as if --lang pl were given


def info(message: str) -> None:
    """A line for the person at the terminal on stderr ("Wrote ...", a file read on the
    fly); none with --quiet, so scripts see only results, warnings and errors."""
    if not State.quiet:
        print(message, file=sys.stderr)


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
            from cx_pillars.views import render

            lang = _run_language(kwargs.get("lang"))
            render.error(exc.text(lang), lang)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            if State.debug:
                raise
            print("\nInterrupted.", file=sys.stderr)
            raise typer.Exit(130) from None
        except Exception as exc:  # a bug: say so in one line unless --debug
            if State.debug:
                raise
            from cx_pillars.views import render

            render.error(
                f"unexpected {type(exc).__name__}: {exc} "
                "(run again with --debug for the details, and please report it)",
                _run_language(kwargs.get("lang")),
            )
            raise typer.Exit(1) from None

    return wrapper


def _run_language(option: object) -> str:
    """The language an error is shown in: the command's --lang when it is valid, else
    the environment's (a bad --lang must not hide the error it is reporting)."""

    try:
        return detect(option if isinstance(option, str) else None)
    except ValueError:
        return detect()


def emit_json(data) -> None:
    """JSON on stdout: indented for a person at a terminal, compact for a program."""
    import json

    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent) + "\n")


def stdin_is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def language(option: str | None) -> str:
    """Choose the language for this run (option, environment, locale, English)."""
    from cx_pillars import i18n

    try:
        lang = detect(option)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--lang") from None
    asked = "" if option else os.environ.get(i18n.ENV, "").strip()
    if asked and i18n.normalise(asked) is None:
        _unknown_language_once(asked, lang)
    return lang


@functools.cache
def _unknown_language_once(asked: str, lang: str) -> None:
    """$CX_PILLARS_LANG names a language the tool does not speak: say so once, in the
    language used instead (it fell back without a word)."""
    from cx_pillars import i18n

    warn(
        i18n.t(
            "common.unknown_language",
            lang,
            asked=asked,
            languages=", ".join(i18n.LANGUAGES),
            used=lang,
        ),
        lang,
    )


def command_line(
    *words: str,
    dir_: Path | None = None,
    framework: Path | None = None,
    lang: str | None = None,
) -> str:
    """A command for a hint ("continue with ..."), carrying the options this run was
    given (``--dir``, ``--framework``, ``--lang``), quoted for the shell, so that it
    works as printed when pasted."""
    import shlex

    parts = ["cx-pillars", *words]
    if dir_ is not None:
        parts += ["--dir", str(dir_)]
    if framework is not None:
        parts += ["--framework", str(framework)]
    if lang is not None:
        parts += ["--lang", lang]
    return " ".join(shlex.quote(part) for part in parts)


def framework_from(path: Path | None):
    """--framework FILE, else ``framework`` in the user's config file, else the ten
    pillars."""
    from cx_pillars.pillars import load_framework

    if path is None:
        from cx_pillars import config

        configured = config.get("framework")
        if configured:
            path = Path(configured).expanduser()
    return load_framework(path)


def warn(message: str, lang: str) -> None:
    """A warning on stderr; Rich is loaded only when there is something to say."""
    from cx_pillars.views import render

    render.warn(message, lang)


#: Files skipped with a warning each before the rest are only counted.
WARNINGS_SHOWN = 20


class _Capped:
    """The store's warnings, the first :data:`WARNINGS_SHOWN` as they come and then
    one line counting the rest: a store of thousands of bad files (a clock set years
    ahead) would otherwise print thousands of lines before the answer."""

    def __init__(self, lang: str) -> None:
        self.lang, self.more = lang, 0
        self.shown = 0

    def __call__(self, skipped: "Skipped") -> None:
        """A file the store skipped, told in the run's language."""
        if self.shown < WARNINGS_SHOWN:
            self.shown += 1
            warn(skipped.text(self.lang), self.lang)
        else:
            self.more += 1

    def close(self) -> None:
        if self.more:
            from cx_pillars.i18n import plural

            warn(plural("common.more_skipped", self.more, self.lang), self.lang)


def load(
    dir_: Path | None,
    framework: Path | None,
    *,
    lang: str,
    team=None,
    since=None,
    until=None,
    quiet: bool = False,
    empty_ok: bool = False,
):
    """The framework, the store folder and the selected assessments, newest first.

    Filters that keep none of the store's runs are an error naming the teams there (or
    the dates the runs span), unless ``empty_ok`` (``list --json``: an empty list)."""
    from cx_pillars import store

    fw = framework_from(framework)
    folder = store_folder(dir_)
    try:
        since_dt = store.parse_when(since) if since else None
        until_dt = store.parse_when(until, end=True) if until else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    warnings = None if quiet else _Capped(lang)
    found = store.load_store(folder, fw, warn=warnings)
    if warnings is not None:
        warnings.close()
    chosen = store.select(found, team=team, since=since_dt, until=until_dt)
    if found and not chosen and not empty_ok:
        raise _nothing_matches(found, folder, lang, team=team, since=since, until=until)
    return fw, folder, chosen


def _nothing_matches(found, folder: Path, lang: str, *, team, since, until) -> CxError:
    """The store has runs but the filters keep none: say which filters, and what there is
    (the teams, closest first, with their spelling; the dates the runs span)."""
    import difflib

    from cx_pillars.i18n import t

    filters = [
        f"{flag} {value}"
        for flag, value in (("--team", team), ("--since", since), ("--until", until))
        if value
    ]
    message = t("team.error.none_matching", lang, filters=t("common.list_sep", lang).join(filters))
    teams = sorted({a.team for a in found if a.team.strip()}, key=str.casefold)
    if team is not None and teams:
        folded = {x.casefold(): x for x in teams}
        close = difflib.get_close_matches(team.casefold(), list(folded), n=1, cutoff=0.5)
        partial = [x for x in teams if team.strip().casefold() in x.casefold()]
        guess = partial[0] if len(partial) == 1 else (folded[close[0]] if close else None)
        names = ", ".join(teams[:8]) + (" …" if len(teams) > 8 else "")
        hint = (
            t("common.did_you_mean_team", lang, team=guess, teams=names)
            if guess
            else t("common.teams_here", lang, teams=names)
        )
        return CxError(message, path=folder, hint=hint)
    days = sorted(a.created.date().isoformat() for a in found)
    return CxError(
        message, path=folder, hint=t("common.runs_span", lang, first=days[0], last=days[-1])
    )


def survey_summary(
    survey: str | None,
    folder: Path,
    fw,
    lang: str,
    *,
    map_: Path | None = None,
    question: str | None = None,
    segment: str | None = None,
    age: str | None = None,
    birth_year: str | None = None,
    save: str | None = None,
    member: str | None = None,
    sheet: str | None = None,
):
    """The summary --survey NAME|FILE names (see :func:`cx_pillars.survey.resolve.
    resolve_survey`), or None without --survey; an export read on the fly is told in
    one line on stderr, so that stdout (--json) holds only the command's output."""
    from cx_pillars.survey.resolve import ImportOptions, resolve_survey

    options = ImportOptions(map_, question, segment, age, birth_year, member, sheet)
    if not survey:
        given = options.given() + (["--save"] if save else [])
        if given:
            from cx_pillars.errors import UsageError
            from cx_pillars.i18n import tr

            raise UsageError(tr("survey.fly.options_need_survey", options=", ".join(given)))
        return None
    found = resolve_survey(survey, folder, fw, options, save=save)
    if found.source is not None and found.imported is not None:
        from cx_pillars.errors import printable
        from cx_pillars.i18n import plural, t

        plan = found.imported.plan
        if plan is None:
            kind = t("survey.fly.summary", lang)
        else:
            from cx_pillars.views.survey import format_name

            kind = printable(format_name(plan, lang))
        note = plural(
            "survey.fly.read",
            found.summary.respondents,
            lang,
            file=printable(found.summary.source or found.source.name),
            format=kind,
        )
        if found.saved is not None:
            note += t("survey.fly.saved", lang, name=found.summary.name, path=found.saved)
        else:
            note += t("survey.fly.not_saved", lang)
        info(note)
    return found.summary
