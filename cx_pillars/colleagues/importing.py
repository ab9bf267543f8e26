"""``team import``: colleagues' responses and answers files saved as assessments, each once.

Every response becomes the assessment ``rate`` would have saved: the answers are
checked by :func:`cx_pillars.answers.check_answers` and the document by
:func:`cx_pillars.assessment.assessment_from_dict`, and it is written by
:func:`cx_pillars.store.save_assessment`. ``created`` is the response's submission
time; an anonymous response keeps only its day and carries no ``anonymous_key`` (that
key is the importing person's, and would make every imported anonymous response one
person).

Each assessment keeps where it came from as ``source_id``, and a response whose
``source_id`` the store already holds is not saved again, so importing the same export
twice adds nothing and a later export of the same form adds only the new responses:

* an answers file of the rating page: ``p-`` and a hash of its random ``response_id``;
* a named response: ``r-`` and a hash of the framework, the tool's response id (when
  the export has one), the submission time and the name;
* an anonymous response: ``a-`` and a hash of what the assessment itself holds (the
  day, team, role, ratings, ranking and notes) and how many identical anonymous
  responses came before it in the export. It never depends on the submission time or
  the tool's response id, so it cannot be matched against the minute a colleague was
  seen submitting (the day is kept anyway) or the order of the responses.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cx_pillars import answers as ans
from cx_pillars import files, store
from cx_pillars.assessment import ANONYMOUS, Assessment, assessment_from_dict, line_of
from cx_pillars.errors import CxError, ValidationError
from cx_pillars.i18n import Message, joined, tr, words
from cx_pillars.pillars import Framework


@dataclass
class Outcome:
    """One response: added (with its file), already present, or skipped (with why)."""

    file: str
    line: int | None
    unit: str
    source_id: str = ""
    reason: str | Message = ""
    path: Path | None = None
    respondent: str = ""
    team: str = ""

    def where(self, lang: str) -> str:
        if self.line is None:
            return self.file
        return words(tr(f"colleagues.import.at_{self.unit}", file=self.file, line=self.line), lang)

    def to_json(self, lang: str) -> dict[str, Any]:
        doc: dict[str, Any] = {"file": self.file, "line": self.line, "unit": self.unit}
        if self.source_id:
            doc["source_id"] = self.source_id
        if self.path is not None:
            doc["path"] = str(self.path)
            doc["respondent"] = self.respondent
            doc["team"] = self.team
        if self.reason:
            doc["reason"] = words(self.reason, lang)
        return doc


@dataclass
class FileCount:
    file: str
    added: int = 0
    present: int = 0
    skipped: int = 0


@dataclass
class ImportReport:
    added: list[Outcome] = field(default_factory=list)
    present: list[Outcome] = field(default_factory=list)
    skipped: list[Outcome] = field(default_factory=list)
    #: whole files refused (unreadable, another framework, a changed answers file)
    refused: list[CxError] = field(default_factory=list)
    files: list[FileCount] = field(default_factory=list)

    def to_json(self, lang: str) -> dict[str, Any]:
        return {
            "added": [o.to_json(lang) for o in self.added],
            "already_present": [o.to_json(lang) for o in self.present],
            "skipped": [o.to_json(lang) for o in self.skipped],
            "refused": [{"error": e.text(lang), "file": str(e.path or "")} for e in self.refused],
            "counts": {
                "added": len(self.added),
                "already_present": len(self.present),
                "skipped": len(self.skipped),
                "refused": len(self.refused),
            },
        }


def reason_of(exc: CxError) -> Message:
    """Why a response was skipped, from the error checking it raised: field and message."""
    if exc.field:
        return joined(": ", exc.field, exc.message)
    return joined("", exc.message)


def _digest(kind: str, parts: list[Any]) -> str:
    text = json.dumps(["cx-pillars response", kind, *parts], ensure_ascii=False)
    return f"{kind}-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def known_source_ids(folder: Path) -> set[str]:
    """The ``source_id`` of every assessment file in the store (files that cannot be
    read are left to the commands that load the store to report)."""
    found: set[str] = set()
    for path in store.assessment_files(folder):
        try:
            text = files.read_text(path, limit=files.MAX_ASSESSMENT_BYTES, kind="assessment")
            data = files.parse_toml(path, text)
        except CxError:
            continue
        value = data.get("source_id")
        if isinstance(value, str):
            found.add(value)
    return found


def assessment_of(
    answers: ans.Answers, fw: Framework, when: datetime, source_id: str, source: str
) -> Assessment:
    """The assessment ``rate`` would save for ``answers``, dated ``when`` and carrying
    ``source_id``; an anonymous one keeps only the day and no anonymous key."""
    when = when.astimezone(UTC).replace(microsecond=0)
    anonymous = bool(answers.get("anonymous")) or "respondent" not in answers
    respondent = ANONYMOUS if anonymous else answers["respondent"]
    if anonymous:
        when = when.replace(hour=0, minute=0, second=0)
    doc = {
        "schema": 1,
        "framework": fw.id,
        "id": store.new_id(respondent, when),
        "created": when,
        "respondent": respondent,
        "team": answers.get("team", ""),
        "role": answers.get("role", ""),
        "ranking": answers.get("ranking", []),
        "ratings": answers.get("ratings", {}),
        "notes": answers.get("notes", {}),
        "source_id": source_id,
    }
    return assessment_from_dict(doc, fw, source=source)


def _anonymous_id(answers: ans.Answers, fw: Framework, day: str, seen: Counter[str]) -> str:
    ratings = answers.get("ratings", {})
    notes = answers.get("notes", {})
    content = json.dumps(
        [
            fw.id,
            day,
            answers.get("team", ""),
            answers.get("role", ""),
            [ratings.get(p) for p in fw.ids],
            answers.get("ranking", []),
            [notes.get(p, "") for p in fw.ids],
        ],
        ensure_ascii=False,
    )
    seen[content] += 1
    return _digest("a", [content, seen[content]])


class Importer:
    """Brings files into one store; :meth:`add` each file, then read :attr:`report`."""

    def __init__(
        self,
        folder: Path,
        fw: Framework,
        *,
        team: str | None = None,
        role: str | None = None,
        anonymous: bool = False,
        now: datetime | None = None,
    ) -> None:
        self.folder, self.fw = folder, fw
        self.team, self.role, self.anonymous = team, role, anonymous
        self.now = (now or datetime.now(UTC)).replace(microsecond=0)
        self.known = known_source_ids(folder)
        self.report = ImportReport()

    # -- one response ---------------------------------------------------------------------

    def _options(self, answers: ans.Answers) -> ans.Answers:
        answers = dict(answers)
        if self.anonymous:
            answers.pop("respondent", None)
            answers["anonymous"] = True
        if self.team:
            answers["team"] = self.team
        if self.role is not None:
            answers["role"] = self.role
        return answers

    def _save(
        self,
        answers: ans.Answers,
        when: datetime,
        source_id: str,
        outcome: Outcome,
        text: str | None = None,
    ) -> None:
        count = self.report.files[-1]
        outcome.source_id = source_id
        if source_id in self.known:
            self.report.present.append(outcome)
            count.present += 1
            return
        try:
            assessment = assessment_of(answers, self.fw, when, source_id, outcome.file)
        except CxError as exc:
            if text is not None:  # an answers file: refused as a whole, naming its line
                raise ValidationError(
                    exc.message,
                    path=outcome.file,
                    line=line_of(text, exc.field) if exc.field else None,
                    field=exc.field,
                    hint=exc.hint,
                ) from None
            self._skip(outcome, reason_of(exc))
            return
        path = store.save_assessment(assessment, self.folder)  # a full disk stops the import
        self.known.add(source_id)
        outcome.path, outcome.respondent, outcome.team = (
            path,
            assessment.respondent,
            assessment.team,
        )
        self.report.added.append(outcome)
        count.added += 1

    def _skip(self, outcome: Outcome, reason: str | Message) -> None:
        outcome.reason = reason
        self.report.skipped.append(outcome)
        self.report.files[-1].skipped += 1

    # -- files ----------------------------------------------------------------------------

    def add_answers_file(self, path: Path) -> None:
        from cx_pillars.colleagues.answers import read_answers_file

        self.report.files.append(FileCount(str(path)))
        answers, created, response_id, text = read_answers_file(path, self.fw)
        answers = self._options(answers)
        outcome = Outcome(str(path), None, "line")
        self._save(answers, created, _digest("p", [response_id]), outcome, text)

    def add_export(
        self,
        path: Path,
        *,
        cmap: Any = None,
        sheet: str | None = None,
        member: str | None = None,
    ) -> None:
        from cx_pillars.colleagues.responses import read_export

        export = read_export(path, self.fw, cmap=cmap, sheet=sheet, member=member)
        self.report.files.append(FileCount(export.label))
        same: Counter[str] = Counter()
        for response in export.responses:
            outcome = Outcome(export.label, response.line, export.unit)
            if response.problem is not None:
                self._skip(outcome, response.problem)
                continue
            try:
                answers = ans.check_answers(self._options(response.answers), self.fw, source=None)
            except CxError as exc:
                self._skip(outcome, reason_of(exc))
                continue
            if not answers.get("team"):
                self._skip(outcome, tr("colleagues.import.no_team"))
                continue
            when = response.submitted
            if when is None and export.has_date:
                self._skip(
                    outcome, tr("colleagues.import.bad_time", value=repr(response.when_text))
                )
                continue
            when = when or self.now
            anonymous = bool(answers.get("anonymous"))
            if anonymous:
                source_id = _anonymous_id(answers, self.fw, when.date().isoformat(), same)
            elif response.response_id:
                source_id = _digest(
                    "r",
                    [self.fw.id, response.response_id, when.isoformat(), answers["respondent"]],
                )
            elif export.has_date:
                source_id = _digest("r", [self.fw.id, "", when.isoformat(), answers["respondent"]])
            else:  # neither an id nor a time: what was answered, and by whom
                source_id = _anonymous_id(answers, self.fw, answers["respondent"], same)
                source_id = "r" + source_id[1:]
            self._save(answers, when, source_id, outcome)
