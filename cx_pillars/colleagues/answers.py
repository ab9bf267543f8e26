"""The answers file the rating page downloads: its format, its check, and reading it back.

A small TOML file (``form = 1``) with the answers ``rate --from`` takes, the framework
it was made for, when it was made, a random ``response_id`` (the page's identity of
this response, so that importing it twice adds it once) and ``check``: the SHA-256 of
the answers in one canonical form, computed by the page. The check is no signature
(anyone can recompute it): it tells a file edited after the page wrote it from the
file the colleague sent, so that an edit by hand is refused, naming ``check``, unless
whoever keeps the store deletes the line on purpose.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cx_pillars import answers as ans
from cx_pillars.assessment import line_of
from cx_pillars.errors import ValidationError
from cx_pillars.files import parse_toml, read_text
from cx_pillars.i18n import tr
from cx_pillars.pillars import Framework

FORM = 1
#: At most this big: ten notes of 2,000 characters in UTF-8 with room to spare.
MAX_BYTES = 256 * 1024
RESPONSE_ID = re.compile(r"[0-9a-f]{32}")
OWN_KEYS = ("form", "framework", "response_id", "created", "check")


def created_text(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def canonical(data: dict[str, Any], fw: Framework) -> str:
    """The text the check is the SHA-256 of (the page builds the same, see page.js)."""
    created = data.get("created")
    ratings = data.get("ratings")
    ratings = ratings if isinstance(ratings, dict) else {}
    notes = data.get("notes")
    notes = notes if isinstance(notes, dict) else {}
    doc = [
        data.get("form"),
        data.get("framework"),
        data.get("response_id"),
        created_text(created) if isinstance(created, datetime) else created,
        data.get("respondent", ""),
        bool(data.get("anonymous", False)),
        data.get("team", ""),
        data.get("role", ""),
        data.get("ranking", []),
        [[p, ratings[p]] for p in fw.ids if p in ratings],
        [[p, notes[p]] for p in fw.ids if p in notes],
    ]
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def check_of(data: dict[str, Any], fw: Framework) -> str:
    return hashlib.sha256(canonical(data, fw).encode("utf-8")).hexdigest()


def is_answers_file(path: Path) -> bool:
    return path.suffix.lower() == ".toml"


def read_answers_file(path: Path, fw: Framework) -> tuple[ans.Answers, datetime, str, str]:
    """(answers, created, response id, the file's text) of an answers file, checked as
    ``rate --from`` checks its file, and complete; every problem names the file, line
    and field."""
    text = read_text(path, limit=MAX_BYTES, kind="answers file")
    data = parse_toml(path, text)

    def fail(message: Any, fld: str | None, hint: Any = None) -> ValidationError:
        line = line_of(text, fld) if fld else None
        return ValidationError(message, path=path, line=line, field=fld, hint=hint)

    form = data.get("form")
    if form is None:
        raise fail(
            tr("colleagues.answers.not_answers"), None, tr("colleagues.answers.not_answers_hint")
        )
    if type(form) is not int or form != FORM:
        raise fail(tr("colleagues.answers.form_version", form=form), "form")
    framework = data.get("framework")
    if not isinstance(framework, str):
        raise fail(tr("colleagues.answers.missing"), "framework")
    if framework != fw.id:
        raise fail(
            tr("colleagues.answers.other_framework", framework=framework, current=fw.id),
            "framework",
            tr("colleagues.answers.other_framework_hint"),
        )
    response_id = data.get("response_id")
    if not isinstance(response_id, str) or not RESPONSE_ID.fullmatch(response_id):
        raise fail(tr("colleagues.answers.response_id"), "response_id")
    created = data.get("created")
    if not isinstance(created, datetime) or created.tzinfo is None:
        raise fail("must be a date-time such as 2026-11-22T10:15:00Z", "created")
    rest = {k: v for k, v in data.items() if k not in OWN_KEYS}
    answers = ans.check_answers(rest, fw, source=path, text=text)
    needed = ans.missing(answers, fw)
    if needed:
        first = needed[0].split()[0].lstrip("-")
        fld = {"respondent": "respondent"}.get(first, first)
        raise fail(tr("colleagues.answers.incomplete", needed="; ".join(needed)), fld)
    if "check" in data:
        if data["check"] != check_of(data, fw):
            raise fail(tr("colleagues.answers.check"), "check", tr("colleagues.answers.check_hint"))
    return answers, created.astimezone(UTC), response_id, text
