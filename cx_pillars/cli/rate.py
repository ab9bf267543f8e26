"""The ``rate`` command: options in, answers checked, the interview when needed, saved."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from cx_pillars.cli.common import (
    DirOpt,
    FrameworkOpt,
    LangOpt,
    stdin_is_terminal,
)
from cx_pillars.cli.common import (
    framework_from as _framework,
)
from cx_pillars.cli.common import (
    language as _lang,
)
from cx_pillars.errors import CxError


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
    from cx_pillars import store
    from cx_pillars.i18n import t
    from cx_pillars.views import render

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
        raise typer.BadParameter(exc.text(lang)) from None
    answers = ans.check_answers(answers, fw, source="your answers")  # e.g. "anonymous" as name

    needed = ans.missing(answers, fw)
    if needed and not interactive:
        render.error(t("rate.no_terminal", lang, flags="; ".join(needed)), lang)
        raise typer.Exit(2)

    # The draft belongs to this run only if it resumed it or asked questions itself;
    # a scripted run must not throw away somebody's interrupted answers.
    owns_draft = resume
    if interactive and (needed or not yes):
        from cx_pillars.views.interview import Interview, ask_resume

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
            render.err_console().print(
                "\n" + t("rate.interrupted", lang), style="yellow", markup=False
            )
            raise typer.Exit(130) from None
        if choice == "quit":
            keep_draft(answers)
            render.console().print(t("rate.not_saved", lang), markup=False)
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
                f"{exc.text(lang)}; the answers could not be kept as a draft either "
                f"({again.text(lang)}); they are printed above: save them to a file and "
                "run cx-pillars rate --from FILE"
            ) from None
        raise CxError(
            t("rate.save_failed", lang, error=exc.text(lang), draft=draft_file, folder=folder)
        ) from None
    if owns_draft:
        store.discard_draft(folder)
    render.console().print(t("rate.saved", lang, path=path), style="green", markup=False)
    render.console().print(t("rate.next", lang), markup=False)


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
