"""The ``chart`` and ``report`` commands (registered on the app in :mod:`cx_pillars.cli`).

Only typer and the standard library are imported at module level, so that
``cx-pillars --help`` stays fast; the helpers of :mod:`cx_pillars.cli`, the analysis,
Rich and matplotlib load inside the commands; the shared options come from
:mod:`cx_pillars.cli.common`.
"""

import sys
from pathlib import Path
from typing import Annotated

import typer

from cx_pillars.cli.common import (
    AgeOpt,
    AllRunsOpt,
    BirthYearOpt,
    DirOpt,
    FrameworkOpt,
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
    language,
    load,
    survey_summary,
)

KINDS = ("gap", "priorities", "scores", "agreement", "segments", "trend")
NEEDS_SURVEY = ("gap", "priorities", "segments")


def _say(message: str) -> None:
    print(message, file=sys.stderr)


ForceOpt = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Replace outputs that already exist, but only files cx-pillars wrote (never an "
        "assessment, a survey summary or any other file; never through a symbolic link).",
    ),
]


def _analysis(dir_, framework, team, since, until, survey, all_runs, top, lang, **reading):
    """Load the selection the way ``team`` and ``compare`` do and analyse it."""
    from cx_pillars.errors import CxError
    from cx_pillars.i18n import t

    fw, folder, chosen = load(dir_, framework, lang=lang, team=team, since=since, until=until)
    summary = survey_summary(survey, folder, fw, lang, **reading)
    if not chosen:
        raise CxError(
            t("report.error.none", lang), path=folder, hint=t("report.error.none_hint", lang)
        )
    from cx_pillars import report

    return report.analyse(chosen, fw, summary, all_runs=all_runs, top=top, lang=lang)


def chart_lang(lang: str) -> str:
    """The language to draw in; says once on stderr when Chinese falls back to English."""
    from cx_pillars import report
    from cx_pillars.i18n import t

    chart_lang, fell_back = report.chart_language(lang)
    if fell_back:
        _say(t("report.no_cjk_font", lang))
    return chart_lang


def _missing_notice(texts: list[str], lang: str) -> None:
    """One line naming the texts drawn without the characters no installed font has."""
    if texts:
        from cx_pillars.charts import chart_language
        from cx_pillars.charts.style import shortest_texts
        from cx_pillars.i18n import t

        drawn = chart_language(lang)[0]
        shown = [repr(x.replace("\n", " ")) for x in shortest_texts(texts, drawn)]
        _say(t("report.missing_glyphs", lang, texts=t("common.list_sep", lang).join(shown)))


def chart(
    kind: Annotated[
        str,
        typer.Argument(
            metavar="KIND",
            help="gap, priorities, scores, agreement, segments or trend.",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            help="A new .png (200 dpi), .svg or .pdf file; without it, a preview in the terminal.",
            show_default=False,
        ),
    ] = None,
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
    lang: LangOpt = None,
    force: ForceOpt = False,
) -> None:
    """One chart for a slide, as PNG, SVG or PDF (by the --out extension).

    gap, priorities and segments compare the team with the customers and need
    --survey; scores, agreement and trend need the team only. The title of each chart
    states its finding. Without --out the same data is shown in the terminal.
    """
    from cx_pillars.errors import CxError, UsageError
    from cx_pillars.i18n import t

    lang = language(lang)
    kind = kind.strip().lower()
    if kind not in KINDS:
        raise UsageError(t("report.error.kind", lang, kind=repr(kind), kinds=", ".join(KINDS)))
    if kind in NEEDS_SURVEY and not survey:
        raise UsageError(t("report.error.needs_survey", lang, kind=kind))
    if out is not None:
        if out.suffix.lower().lstrip(".") not in ("png", "svg", "pdf"):
            raise UsageError(t("report.error.format", lang, name=out.name))
        from cx_pillars.report.output import check_free

        check_free([out], lang, force)  # fail fast: nothing analysed for a name taken
    a = _analysis(
        dir_,
        framework,
        team,
        since,
        until,
        survey,
        all_runs,
        top,
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
    from cx_pillars import report

    why = report.unavailable(a, kind)
    if why:
        raise CxError(why)
    if out is None:
        from cx_pillars.views.charts import preview

        preview(a, kind, report.chart_input(a, kind))
        return
    drawn_lang = chart_lang(lang)
    drawn = a.in_language(drawn_lang)
    from cx_pillars.charts import collect_missing

    with collect_missing() as missing:
        paths = report.write_chart(
            kind, report.chart_input(drawn, kind), out, drawn_lang, force=force
        )
    _missing_notice(missing, lang)
    for path in paths:
        _say(t("report.wrote_chart", lang, path=path))


def report(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", metavar="FILE.pdf", help="The new PDF file.", show_default=False
        ),
    ] = None,
    survey: SurveyOpt = None,
    save: SaveOpt = None,
    map_: MapOpt = None,
    question: QuestionOpt = None,
    segment: SegmentOpt = None,
    age: AgeOpt = None,
    birth_year: BirthYearOpt = None,
    member: MemberOpt = None,
    sheet: SheetOpt = None,
    markdown: Annotated[
        Path | None,
        typer.Option(
            "--markdown",
            "-m",
            metavar="FILE.md",
            help="Also write a Markdown summary for a wiki, with the charts as PNG files in "
            "FILE-charts/ beside it.",
            show_default=False,
        ),
    ] = None,
    pptx: Annotated[
        Path | None,
        typer.Option(
            "--pptx",
            metavar="FILE.pptx",
            help="Also (or only) a PowerPoint deck: editable slide titles, native tables, "
            "speaker notes with the discussion prompts.",
            show_default=False,
        ),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html",
            metavar="FILE.html",
            help="Also (or only) one self-contained web page for a wiki or an e-mail "
            "(charts inline, no script, prints one chart per page).",
            show_default=False,
        ),
    ] = None,
    dir_: DirOpt = None,
    team: TeamOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    all_runs: AllRunsOpt = False,
    top: TopOpt = 3,
    framework: FrameworkOpt = None,
    lang: LangOpt = None,
    force: ForceOpt = False,
) -> None:
    """The meeting pack: one PDF with a title page, a one-page summary of the findings
    and what to discuss, every chart the data supports and the key tables; the same as
    a PowerPoint deck (--pptx) and a single web page (--html).

    Without --survey the pack covers the team alone and says what customer data would
    add. Nothing is overwritten: every output is checked before anything is written
    (--force replaces only files cx-pillars wrote).
    """
    from cx_pillars.errors import UsageError
    from cx_pillars.i18n import plural, t

    lang = language(lang)
    if out is not None and out.suffix.lower() != ".pdf":
        raise UsageError(t("report.error.report_format", lang, name=out.name))
    if pptx is not None and pptx.suffix.lower() != ".pptx":
        raise UsageError(t("outputs.pptx_format", lang, name=pptx.name))
    if html is not None and html.suffix.lower() not in (".html", ".htm"):
        raise UsageError(t("outputs.html_format", lang, name=html.name))
    if out is None and markdown is None and pptx is None and html is None:
        raise UsageError(t("outputs.none", lang))
    from cx_pillars import report as pack
    from cx_pillars.report.output import KIND_OF_OUTPUT, check_distinct

    named = list(zip((out, markdown, pptx, html), KIND_OF_OUTPUT, strict=True))
    outputs = [p for p, _ in named if p is not None]
    check_distinct(outputs, lang)  # one file named twice: a usage error
    pack.check_free(outputs, lang, force, [k for p, k in named if p is not None])  # fail fast
    a = _analysis(
        dir_,
        framework,
        team,
        since,
        until,
        survey,
        all_runs,
        top,
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
    chart_lang(lang)
    from cx_pillars.charts import collect_missing

    with collect_missing() as missing:
        written = pack.write_report(a, out, markdown, pptx=pptx, html=html, force=force)
    _missing_notice(missing, lang)
    if written.pdf is not None:
        _say(plural("report.wrote_pdf", written.pages, lang, path=written.pdf))
    if written.markdown is not None:
        _say(
            plural(
                "report.wrote_markdown",
                len(written.images),
                lang,
                path=written.markdown,
                folder=pack.charts_folder(written.markdown),
            )
        )
    if written.pptx is not None:
        _say(plural("deck.wrote", written.slides, lang, path=written.pptx))
    if written.html is not None:
        _say(t("deck.wrote_html", lang, path=written.html))
