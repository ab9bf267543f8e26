"""What ``--survey NAME|FILE`` names: a saved summary, a summary file, or a survey export
read on the fly (issue 12, item 7).

One function for ``compare``, ``chart`` and ``report``: a NAME in ``<store>/surveys/``
is loaded; a path to a summary (``.toml``) is loaded; any other existing file is read
with the importer, exactly as ``survey import`` reads it, and saved only when asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cx_pillars.errors import CxError, UsageError
from cx_pillars.i18n import Message, tr
from cx_pillars.pillars import Framework
from cx_pillars.survey.importer import ImportResult, import_file, save_summary
from cx_pillars.survey.summary import SurveySummary, find_summary, load_summary, saved_summary


@dataclass
class ImportOptions:
    """The options of ``survey import`` that shape how an export is read."""

    map_: Path | None = None
    question: str | None = None
    segment: str | None = None
    age: str | None = None
    birth_year: str | None = None
    member: str | None = None  # the export inside a .zip
    sheet: str | None = None  # the sheet of a workbook

    def given(self) -> list[str]:
        """The options given, as their command-line names."""
        names = {
            "--map": self.map_,
            "--question": self.question,
            "--segment": self.segment,
            "--age": self.age,
            "--birth-year": self.birth_year,
            "--member": self.member,
            "--sheet": self.sheet,
        }
        return [option for option, value in names.items() if value]


@dataclass
class ResolvedSurvey:
    """The summary to use, and how it was found."""

    summary: SurveySummary
    imported: ImportResult | None = None  # set when an export was read on the fly
    source: Path | None = None  # the export read
    saved: Path | None = None  # where --save NAME wrote it


def _is_saved_name(ref: str, store: Path) -> bool:
    """A summary saved as ``ref``, as typed or as saving names it ("Wave March")."""
    return saved_summary(ref, store) is not None


def resolve_survey(
    ref: str,
    store: Path,
    fw: Framework,
    options: ImportOptions | None = None,
    *,
    save: str | None = None,
) -> ResolvedSurvey:
    """The survey ``ref`` names, for framework ``fw``.

    A name saved in ``<store>/surveys/`` or a ``.toml`` summary file is loaded (the
    import options and ``save`` are refused there: they would change nothing); any
    other existing path is imported like ``survey import`` with ``options``, and
    written to ``<store>/surveys/SAVE.toml`` only when ``save`` is given (never over
    an existing summary). Anything else is an error listing the saved names.
    """
    options = options or ImportOptions()
    path = Path(ref)
    is_summary_file = path.suffix.lower() == ".toml" and path.is_file()
    if (is_summary_file and not save) or (not path.is_file() and _is_saved_name(ref, store)):
        given = options.given()
        if given:
            raise UsageError(
                tr("survey.fly.options_need_export", options=", ".join(given), survey=ref)
            )
        if save:
            raise UsageError(tr("survey.fly.save_needs_export", survey=ref))
        found = path if is_summary_file else find_summary(ref, store)
        return ResolvedSurvey(load_summary(found, fw))
    if not path.exists():
        find_summary(ref, store, exports=True)  # raises the error naming what is there
    if sum(bool(x) for x in (options.segment, options.age, options.birth_year)) > 1:
        raise UsageError(tr("survey.error.one_split"))
    from cx_pillars.survey.mapping import load_map

    result = import_file(
        path,
        fw,
        cmap=load_map(options.map_, fw),
        question=options.question,
        segment=options.segment,
        age=options.age,
        birth_year=options.birth_year,
        name=save,
        member=options.member,
        sheet=options.sheet,
    )
    saved = None
    if save:
        try:
            saved = save_summary(result.summary, store)
        except CxError as exc:
            if isinstance(exc.message, Message) and exc.message.key == "survey.error.exists":
                exc.hint = tr("survey.fly.exists_hint", name=result.summary.name)
            raise
    return ResolvedSurvey(result.summary, result, path, saved)
