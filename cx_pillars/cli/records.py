"""The ``pillars``, ``list``, ``show`` and ``export`` commands: the catalog and the saved runs."""

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from cx_pillars.cli.common import (
    DirOpt,
    FrameworkOpt,
    JsonOpt,
    LangOpt,
    SinceOpt,
    TeamOpt,
    UntilOpt,
    emit_json,
    framework_from,
    info,
    language,
    load,
)
from cx_pillars.errors import CxError


def pillars(framework: FrameworkOpt = None, json_: JsonOpt = False, lang: LangOpt = None) -> None:
    """The catalog: ids, labels and the question each pillar asks."""
    lang = language(lang)
    fw = framework_from(framework)
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
    from cx_pillars.views.plain import pillars_text  # plain text: no Rich, a quick start

    sys.stdout.write(pillars_text(fw, lang))


def _folder_must_exist(folder: Path, lang: str) -> None:
    """A store folder that does not exist is a mistake to say, not an empty list."""
    if not os.path.lexists(folder):
        from cx_pillars.i18n import t

        raise CxError(t("list.no_folder", lang), path=folder, hint=t("list.no_folder_hint", lang))


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
    lang = language(lang)
    fw, folder, chosen = load(
        dir_, framework, lang=lang, team=team, since=since, until=until, empty_ok=json_
    )
    _folder_must_exist(folder, lang)
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
    from cx_pillars.i18n import plural, t
    from cx_pillars.views import render

    con = render.console()
    if not chosen:
        con.print(t("list.empty", lang, folder=folder), markup=False)
        return
    con.print(render.list_table(chosen, fw, lang))
    con.print(
        "\n"
        + t(
            "list.count",
            lang,
            folder=folder,
            assessments=plural("count.assessments", len(chosen), lang),
        ),
        style="grey50",
        markup=False,
    )


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

    lang = language(lang)
    fw = framework_from(framework)
    candidate = Path(assessment_id)
    if assessment_id.endswith(".toml") and os.path.lexists(candidate):
        a = store.read_assessment(candidate, fw)  # a folder, pipe or loop: its own error
    else:
        _, folder, found = load(dir_, framework, lang=lang, quiet=True)
        _folder_must_exist(folder, lang)
        try:
            a = store.find(found, assessment_id)
        except CxError:
            raise _not_found(assessment_id, found, candidate, lang) from None
    if json_:
        emit_json(a.to_json())
        return
    from cx_pillars.views import render

    render.console().print(render.assessment_view(a, fw, lang))


def _not_found(query: str, found: list, candidate: Path, lang: str) -> CxError:
    """Why ``show QUERY`` found nothing, and what to type instead: a file that does not
    exist is said so; a name finds that person's runs; else the closest ids."""
    import difflib

    from cx_pillars.i18n import plural, t

    if query.endswith(".toml") or "/" in query or os.sep in query:
        return CxError(t("show.no_file", lang), path=candidate, hint=t("show.no_file_hint", lang))
    wanted = query.strip().casefold()
    by_name = [a for a in found if not a.anonymous and wanted in a.respondent.casefold()]
    if by_name:
        ids = ", ".join(a.id for a in by_name[:5])
        return CxError(
            plural("show.by_name", len(by_name), lang, query=query),
            hint=t("show.try", lang, ids=ids),
        )
    close = difflib.get_close_matches(query, [a.id for a in found], n=3, cutoff=0.6)
    return CxError(
        t("show.none", lang, query=query),
        hint=t("show.try", lang, ids=", ".join(close)) if close else t("show.see_list", lang),
    )


# -- export -------------------------------------------------------------------------------------


def export(
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="csv|json",
            help="csv or json [default: the --out extension, else csv].",
            case_sensitive=False,
        ),
    ] = None,
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
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace the --out file, only if it is an export cx-pillars wrote."
        ),
    ] = False,
    excel: Annotated[
        bool,
        typer.Option(
            "--excel",
            help="CSV for Windows Excel: a UTF-8 byte-order mark (Polish and Chinese names "
            "read right) and the list separator of --lang's locale (';' in Polish).",
        ),
    ] = False,
) -> None:
    """Assessments as CSV or JSON for spreadsheets, one row per assessment."""
    from cx_pillars import exporting

    lang = language(lang)
    fmt = _export_format(format_, out, lang)
    fw, folder, chosen = load(dir_, framework, lang=lang, team=team, since=since, until=until)
    _folder_must_exist(folder, lang)
    chosen = list(reversed(chosen))  # oldest first reads naturally
    if excel and fmt != "csv":
        from cx_pillars.i18n import t

        raise typer.BadParameter(t("export.excel_json", lang), param_hint="--excel")
    if fmt == "csv":
        data = exporting.to_csv_bytes(chosen, fw, excel=excel, lang=lang)
    else:
        data = exporting.to_json(chosen).encode("utf-8")
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from cx_pillars.report.output import place

    place([(out, data)], lang, force)  # new, or with --force an export's
    from cx_pillars.i18n import plural, t

    info(
        t(
            "export.wrote",
            lang,
            path=out,
            assessments=plural("count.assessments", len(chosen), lang),
        )
    )


def _export_format(given: str | None, out: Path | None, lang: str) -> str:
    """csv or json: --format, else the --out extension; a clash (``--format csv --out
    x.json``) or an extension neither writes (``x.xlsx``) is wrong usage, never a file
    whose name says another format."""
    from cx_pillars.i18n import t

    fmt = given.lower() if given else None
    if fmt is not None and fmt not in ("csv", "json"):
        raise typer.BadParameter(
            t("export.format_unknown", lang, format=given), param_hint="--format"
        )
    ext = out.suffix.lower().lstrip(".") if out is not None else ""
    if out is not None and ext not in ("csv", "json", "txt", ""):
        raise typer.BadParameter(t("export.extension", lang, ext=out.suffix), param_hint="--out")
    by_name = ext if ext in ("csv", "json") else None
    if fmt and by_name and fmt != by_name:
        raise typer.BadParameter(
            t("export.clash", lang, format=fmt, ext=out.suffix if out else ""), param_hint="--out"
        )
    return fmt or by_name or "csv"
