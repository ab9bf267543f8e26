"""One ``rate`` run without the command line: answers gathered, the draft kept, the run saved.

The command layer parses the options and supplies a :class:`Person` (the interview at a
terminal); this module decides everything else, so it can be tested without Typer,
Rich or a terminal:

- where the answers come from, in order: the interrupted run (``--resume``), an answers
  file (``--from``), then the flags, each overriding the one before;
- whether the person is asked at all (a terminal, and something missing or no ``--yes``);
- who owns the draft: a run removes the draft only if it resumed it or asked questions
  itself, so a scripted run never throws away a colleague's interrupted answers;
- what happens when saving fails: the answers are kept as a draft, and when even that
  fails they are handed back in :class:`AnswersNotKept` for the command to print.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from cx_pillars import answers as ans
from cx_pillars import files, store
from cx_pillars.errors import CxError
from cx_pillars.i18n import tr
from cx_pillars.pillars import Framework

Status = Literal["saved", "quit", "interrupted", "needs_answers"]


class Person(Protocol):
    """What a run needs from the person at the terminal."""

    def offer_draft(self, draft: ans.Answers) -> bool:
        """An interrupted run waits and ``--resume`` was not given: continue it?"""
        ...

    def interview(
        self, answers: ans.Answers, keep: Callable[[ans.Answers], None], default_team: str
    ) -> str:
        """Ask what is missing (``keep`` is called after every answer); "save" or "quit".
        Ctrl-C raises KeyboardInterrupt."""
        ...


@dataclass
class Outcome:
    """How a run ended: saved to ``path``; quit or interrupted (the answers kept as a
    draft); or ``missing`` answers that only flags can give (no terminal)."""

    status: Status
    path: Path | None = None
    missing: list[str] = field(default_factory=list)


class AnswersNotKept(CxError):
    """Neither the assessment nor a draft could be written: ``answers_toml`` holds the
    answers as an answers file for ``--from``, for the command to print."""

    def __init__(self, message: str, answers_toml: str) -> None:
        super().__init__(message)
        self.answers_toml = answers_toml


def run(
    folder: Path,
    fw: Framework,
    flags: ans.Answers,
    *,
    person: Person | None,
    show: Callable[[ans.Answers], None],
    lang: str,
    from_file: Path | None = None,
    resume: bool = False,
    yes: bool = False,
) -> Outcome:
    """One run. ``person`` is None without a terminal; ``flags`` is
    :func:`answers.flag_answers` of the command line; ``show`` shows the answers about
    to be saved when nobody is asked (the interview shows its own summary)."""
    try:
        draft = store.load_draft(folder)
    except CxError:
        if resume:
            raise
        draft = None  # a damaged draft must not block a new run; --resume reports it
    answers: ans.Answers = {}
    if resume:
        if draft is None:
            raise CxError(
                tr("rate.error.no_draft"), path=folder, hint=tr("rate.error.no_draft_hint")
            )
        if draft[1].get("framework", fw.id) != fw.id:
            raise CxError(
                tr("rate.error.draft_framework", framework=repr(draft[1].get("framework"))),
                path=draft[0],
                hint=tr("rate.error.draft_framework_hint"),
            )
        answers = ans.check_answers(draft[1], fw, source=draft[0])
    if from_file:
        answers.update(ans.answers_from_file(from_file, fw))
    answers = ans.merge_flags(answers, flags)
    answers = ans.check_answers(answers, fw, source="your answers")  # e.g. "anonymous" as name

    needed = ans.missing(answers, fw)
    if needed and person is None:
        return Outcome("needs_answers", missing=needed)

    def keep_draft(current: ans.Answers) -> None:
        doc = {k: v for k, v in current.items() if v not in (None, {}, [])}
        if doc:  # nothing answered: nothing to keep
            doc["framework"] = fw.id
            store.save_draft(folder, doc)

    owns_draft = resume
    if person is not None and (needed or not yes):
        owns_draft = True
        if draft is not None and not resume and not answers and person.offer_draft(draft[1]):
            answers = ans.check_answers(draft[1], fw, source=draft[0])
        try:
            choice = person.interview(answers, keep_draft, default_team(folder))
        except KeyboardInterrupt:
            keep_draft(answers)
            return Outcome("interrupted")
        if choice == "quit":
            keep_draft(answers)
            return Outcome("quit")
    else:
        show(answers)

    path = _save(answers, fw, folder, lang)
    if owns_draft:
        store.discard_draft(folder)
    return Outcome("saved", path=path)


def _save(answers: ans.Answers, fw: Framework, folder: Path, lang: str) -> Path:
    """Save the run; when that fails, keep the answers before saying so."""
    from cx_pillars.i18n import t

    try:
        assessment = ans.to_assessment(answers, fw)
        path = store.save_assessment(assessment, folder)
    except CxError as exc:
        # Disk full, read-only, not a folder: keep the answers as a draft.
        doc = {**answers, "framework": fw.id}
        try:
            draft_file = store.save_draft(folder, doc)
        except CxError as again:
            # Nowhere to keep them: hand them back to be printed as an answers file.
            raise AnswersNotKept(
                t("rate.not_kept", lang, error=exc.text(lang), again=again.text(lang)),
                store.dumps(doc).decode("utf-8"),
            ) from None
        raise CxError(
            t("rate.save_failed", lang, error=exc.text(lang), draft=draft_file, folder=folder)
        ) from None
    return path


def default_team(folder: Path) -> str:
    """The team offered as the answer to Enter: ``team`` in the user's config file, else
    the team of the newest saved run."""
    from cx_pillars import config

    return config.get("team") or latest_team(folder)


def latest_team(folder: Path) -> str:
    """The team of the newest saved run, offered as the default answer."""
    try:
        saved = store.assessment_files(folder)
    except CxError:
        return ""
    for path in reversed(saved):  # names start with the time: newest last
        try:
            data = files.parse_toml(path, files.read_text(path))
        except CxError:
            continue
        team = data.get("team")
        if isinstance(team, str):
            from cx_pillars.safetext import bad_character

            # never offer a team the file's own check would refuse (escapes, invisibles)
            return team if bad_character(team) is None else ""
    return ""
