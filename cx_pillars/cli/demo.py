"""The ``demo`` command: a fictional team and survey written, imported and analysed."""

from pathlib import Path
from typing import Annotated

import typer

from cx_pillars.cli.common import (
    LangOpt,
    framework_from,
    language,
    load,
)
from cx_pillars.cli.report import chart_lang
from cx_pillars.errors import CxError


def demo(
    out: Annotated[
        Path, typer.Option("--out", "-o", metavar="DIR", help="A new folder for the demo files.")
    ] = Path("cx-pillars-demo"),
    lang: LangOpt = None,
) -> None:
    """Try everything without typing: a fictional team and customer survey, analysed.

    Writes a team of seven colleagues (three quarterly runs) and a survey of 420
    customers of four generations into a new folder, imports the survey, shows the
    team view and the comparison, and writes the meeting pack (PDF, Markdown, a
    PowerPoint deck and a web page).
    """
    lang = language(lang)
    from cx_pillars.demo import write_demo
    from cx_pillars.i18n import t
    from cx_pillars.survey.importer import import_file, save_summary
    from cx_pillars.views import render

    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise CxError(t("demo.exists", lang), path=out)
    fw = framework_from(None)
    store_dir, survey_csv = write_demo(out, fw)
    summary = import_file(survey_csv, fw, birth_year="birth_year", name="customers").summary
    save_summary(summary, store_dir)
    con = render.console()
    from cx_pillars import report
    from cx_pillars.views import compare as compare_view
    from cx_pillars.views import team as team_view

    analysed = report.analyse(load(store_dir, None, lang=lang)[2], fw, summary, lang=lang)
    con.rule(t("demo.team_rule", lang))
    con.print(team_view.team_screen(analysed.view))
    con.rule(t("demo.compare_rule", lang))
    con.print(compare_view.comparison_screen(analysed.comparison, lang))
    pack, wiki = out / "meeting-pack.pdf", out / "meeting-pack.md"
    deck, page = out / "meeting-pack.pptx", out / "meeting-pack.html"
    chart_lang(lang)  # Chinese without a CJK font: says once, draws English
    report.write_report(analysed, pack, wiki, pptx=deck, html=page)
    con.rule()
    con.print(
        t(
            "demo.done",
            lang,
            folder=out,
            store=store_dir,
            survey=survey_csv,
            pdf=pack,
            markdown=wiki,
            pptx=deck,
            html=page,
        ),
        markup=False,
        soft_wrap=True,  # each command to try stays one line, to paste (the terminal folds it)
    )
