"""``cx-pillars survey``: import a customer-survey export, merge waves, print the template.

Only typer and the standard library are imported here at module level (the CLI must
start fast); the survey modules, numpy and Rich load inside the commands.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cx_pillars.cli.common import (
    AgeOpt,
    BirthYearOpt,
    JsonOpt,
    LangOpt,
    MapOpt,
    MemberOpt,
    QuestionOpt,
    SegmentOpt,
    SheetOpt,
    command_line,
    dir_value,
    emit_json,
    handles_errors,
    language,
    store_folder,
)

if TYPE_CHECKING:
    from rich.console import Console

    from cx_pillars.survey.summary import SurveySummary

survey_app = typer.Typer(
    help="Customer surveys: import an export as an aggregate summary, merge waves, "
    "print the lean survey to send.",
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
)

DirOpt = Annotated[
    Path | None,
    typer.Option(
        "--dir",
        metavar="DIR",
        help="The store folder [default: ./assessments, or "
        "$CX_PILLARS_DIR]; summaries go to DIR/surveys/.",
        show_default=False,
        parser=dir_value,
    ),
]
FrameworkOpt = Annotated[
    Path | None,
    typer.Option(
        "--framework",
        metavar="FILE",
        help="A framework TOML file to use instead of the ten "
        "pillars (the items the survey ranked).",
        show_default=False,
    ),
]
MinSegmentOpt = Annotated[
    int,
    typer.Option(
        "--min-segment",
        metavar="N",
        help="The fewest respondents a segment may have; smaller segments are merged "
        "into 'other' [default: 5; never below 5].",
        show_default=False,
    ),
]
NameOpt = Annotated[
    str | None,
    typer.Option(
        "--name",
        metavar="NAME",
        help="Name of the summary [default: the file's name].",
        show_default=False,
    ),
]


@survey_app.command("import", no_args_is_help=True)
@handles_errors
def import_(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="The survey export: CSV, JSON or an Excel/OpenDocument workbook, or a "
            ".zip holding one.",
            show_default=False,
        ),
    ],
    format_: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="auto, wide, qualtrics, surveymonkey, google-forms, limesurvey, ms-forms, "
            "formbricks, surveyjs, typeform, or summary (a pre-aggregated CSV/TOML).",
        ),
    ] = "auto",
    framework: FrameworkOpt = None,
    map_: MapOpt = None,
    segment: SegmentOpt = None,
    age: AgeOpt = None,
    birth_year: BirthYearOpt = None,
    name: NameOpt = None,
    question: QuestionOpt = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            metavar="ENC",
            help="The encoding [default: detected: UTF-8, cp1252, cp1250, mac_roman, gbk, cp950].",
            show_default=False,
        ),
    ] = None,
    delimiter: Annotated[
        str | None,
        typer.Option(
            "--delimiter",
            metavar="D",
            help="The CSV delimiter [default: detected: , ; tab].",
            show_default=False,
        ),
    ] = None,
    missing: Annotated[
        list[str] | None,
        typer.Option(
            "--missing",
            metavar="TEXT",
            help="A further cell text meaning no answer (repeatable), besides blank, -99, "
            "N/A, No opinion, Don't know, Nie wiem, 无意见 and the like; case and spaces "
            "do not matter.",
            show_default=False,
        ),
    ] = None,
    member: MemberOpt = None,
    sheet: SheetOpt = None,
    min_segment: MinSegmentOpt = 5,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Replace the saved summary of the same name (an import that went wrong); "
            "only a survey summary, never an assessment or any other file.",
        ),
    ] = False,
    dir_: DirOpt = None,
    json_: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Read a customer-survey export and save its aggregate summary.

    Reads Qualtrics, SurveyMonkey, Google Forms, LimeSurvey, Microsoft Forms and
    Formbricks CSV exports, SurveyJS JSON and plain wide CSV (one column per pillar
    holding its rank), and the same in an Excel (.xlsx, .xls, .xlsb) or OpenDocument
    (.ods) workbook: the sheet holding the ranking is found (--sheet picks another).
    Matches the ranking to the pillars by id, label or alias (or --map), and keeps
    only sums and counts: no row, name, e-mail or free text. Segments of fewer than
    --min-segment respondents are shown together as 'other'.
    """
    from cx_pillars.errors import CxError
    from cx_pillars.i18n import t
    from cx_pillars.pillars import load_framework
    from cx_pillars.survey.importer import (
        check_format,
        check_min_segment,
        import_file,
        save_summary,
    )
    from cx_pillars.survey.mapping import load_map

    lang_opt, lang = lang, language(lang)
    try:
        fmt = check_format(format_)
    except CxError as exc:
        raise typer.BadParameter(exc.text(lang)) from None
    try:
        check_min_segment(min_segment)
    except CxError as exc:
        raise typer.BadParameter(exc.text(lang), param_hint="--min-segment") from None
    if sum(bool(x) for x in (segment, age, birth_year)) > 1:
        raise typer.BadParameter(t("survey.error.one_split", lang))
    fw = load_framework(framework)
    cmap = load_map(map_, fw)
    result = import_file(
        file,
        fw,
        fmt=fmt,
        cmap=cmap,
        question=question,
        segment=segment,
        age=age,
        birth_year=birth_year,
        name=name,
        encoding=encoding,
        delimiter=delimiter,
        missing=missing or [],
        member=member,
        sheet=sheet,
        min_segment=min_segment,
    )
    path = save_summary(result.summary, store_folder(dir_), replace=replace)
    if json_:
        from cx_pillars.views.survey import to_json

        detected = result.plan.detected if result.plan is not None else None
        emit_json(to_json(result.summary, result.no_answer, detected, result.other_ranked))
        return
    from cx_pillars.views import render
    from cx_pillars.views.survey import print_import

    hints = (
        command_line(
            "compare", "--survey", path.stem, dir_=dir_, framework=framework, lang=lang_opt
        ),
        command_line("survey", "merge", dir_=dir_, lang=lang_opt),
    )
    con = render.console()
    print_import(con, result, fw, path, lang, hints=hints)
    _guard_notice(con, result.summary, lang)


def _guard_notice(con: Console, summary: SurveySummary, lang: str) -> None:
    """What was done to keep the segments k-anonymous, in yellow (nothing when nothing)."""
    from rich.text import Text

    from cx_pillars.errors import printable
    from cx_pillars.i18n import join_names, plural, segment_name, t
    from cx_pillars.survey.summary import OTHER

    guard = summary.guard
    if guard is None or not guard.changed:
        return
    other = segment_name(OTHER, lang)

    def names(values: list[str]) -> str:
        shown = [segment_name(v, lang) for v in values[:5]]
        return join_names(shown + (["…"] if len(values) > 5 else []), lang)

    lines = []
    if guard.merged:  # never their names: a small segment's name may be a customer's
        lines.append(
            plural(
                "segments.merged_notice",
                guard.merged_respondents,
                lang,
                k=guard.k,
                segments=plural("segments.segment_count", len(guard.merged), lang),
                other=other,
            )
        )
    if guard.folded and not guard.dropped:
        lines.append(
            t("segments.folded_notice", lang, other=other, k=guard.k, segments=names(guard.folded))
        )
    if guard.dropped:
        lines.append(t("segments.dropped_notice", lang, k=guard.k))
    for line in lines:
        con.print(Text(printable(line), style="yellow"))


@survey_app.command("merge", no_args_is_help=True)
@handles_errors
def merge(
    summaries: Annotated[
        list[str],
        typer.Argument(
            metavar="SUMMARY...",
            help="Two or more summaries: names in DIR/surveys/ or .toml files.",
            show_default=False,
        ),
    ],
    name: Annotated[
        str, typer.Option("--name", metavar="NAME", help="Name of the merged summary.")
    ],
    framework: FrameworkOpt = None,
    dir_: DirOpt = None,
    json_: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Add surveys of the same framework into one summary (e.g. two waves)."""
    from cx_pillars.i18n import t
    from cx_pillars.pillars import load_framework
    from cx_pillars.survey.importer import save_summary
    from cx_pillars.survey.summary import find_summary, load_summary, summary_name

    lang = language(lang)
    if len(summaries) < 2:
        raise typer.BadParameter(t("survey.error.two_to_merge", lang))
    folder = store_folder(dir_)
    fw = load_framework(framework)
    loaded = [load_summary(find_summary(ref, folder), fw) for ref in summaries]
    merged = loaded[0]
    for other in loaded[1:]:
        merged = merged.merge(other)
    merged.name = summary_name(name)
    path = save_summary(merged, folder)
    if json_:
        from cx_pillars.views.survey import to_json

        emit_json(to_json(merged))
        return
    from cx_pillars.views import render
    from cx_pillars.views.survey import print_summary

    con = render.console()
    from rich.text import Text

    con.print(Text(t("survey.merged", lang, names=", ".join(s.name for s in loaded))))
    print_summary(con, merged, fw, lang=lang)
    _guard_notice(con, merged, lang)
    con.print(Text.assemble("\n", (t("survey.saved", lang), "green"), f" {path}"))


@survey_app.command("template")
@handles_errors
def template(
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="LANG",
            help="Language of the questions and messages: en, pl, "
            "zh-Hans or zh-Hant [default: $CX_PILLARS_LANG, else the locale].",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="DIR|FILE",
            help="Write survey.txt and survey-template.csv (an "
            "import-ready header) to this new folder, or only the survey's text to "
            "FILE.txt or FILE.md.",
            show_default=False,
        ),
    ] = None,
    framework: FrameworkOpt = None,
    tool: Annotated[
        str | None,
        typer.Option(
            "--tool",
            metavar="NAME",
            help="End with the steps for one survey tool: how to build the "
            "ranking question in it and export the answers for survey import "
            "(without it: the list of tools).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """The lean customer survey: rank the pillars, rate them, NPS, CES, birth year."""
    from cx_pillars.i18n import t
    from cx_pillars.pillars import load_framework
    from cx_pillars.survey import template as tpl

    lang = language(lang)  # like every command: --lang, $CX_PILLARS_LANG, the locale
    key = None
    if tool is not None:
        key = tpl.find_tool(tool, lang)
        if key is None:
            names = ", ".join(x.key for x in tpl.tools(lang))
            raise typer.BadParameter(
                t("survey.template_tool.unknown", lang, tool=tool, tools=names),
                param_hint="--tool",
            )
    if out is not None and out.suffix and out.suffix.lower() not in tpl.TEXT_SUFFIXES:
        if not out.is_dir():
            raise typer.BadParameter(
                t("survey.template_out.expects", lang, out=str(out)), param_hint="--out"
            )
    fw = load_framework(framework)
    built = tpl.build(fw, lang, key)
    if built.lang != lang:
        print(
            t(
                "survey.no_template",
                lang,
                lang=lang,
                used=built.lang,
                available=", ".join(tpl.available_languages()),
            ),
            file=sys.stderr,
        )
    if out is None:
        sys.stdout.write(built.text)
        return
    written = tpl.write(built, out)
    for path in written:
        print(t("survey.wrote", lang, path=path), file=sys.stderr)
