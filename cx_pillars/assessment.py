"""An assessment: one colleague's ratings and ranking, and its validation.

The file format is ``schema = 1`` (PRODUCT.md §4.2).  ``assessment_from_dict``
checks every field and raises ``ValidationError`` naming the file, the line and
the field, so a hand-edited file gets a precise message.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cx_pillars import safetext
from cx_pillars.errors import ValidationError, printable
from cx_pillars.i18n import Message, tr
from cx_pillars.pillars import Framework

SCHEMA = 1
ANONYMOUS = "anonymous"
MAX_TEXT = 200  # respondent, team, role
MAX_NOTE = 2000
#: How far ahead of this computer's clock a run's ``created`` may be: another
#: colleague's clock may be a little fast, but a run dated 9999 would stay "the latest
#: run" of its colleague for good, hiding every real one after it.
CLOCK_SKEW = timedelta(days=1)
# Text fields go through safetext (the one gate for text from files): no control or
# invisible format character in a name, team or role; notes may hold line breaks
# (a CRLF is kept as LF) and tabs, nothing else of the kind (a lone CR would let a
# note overwrite its own line on a terminal).
NOTE_WHITESPACE = str.maketrans("\n\t", "  ")
KNOWN_KEYS = {
    "schema",
    "framework",
    "id",
    "created",
    "respondent",
    "team",
    "role",
    "ranking",
    "ratings",
    "notes",
    "anonymous_key",
    "source_id",
}


@dataclass
class Assessment:
    id: str
    created: datetime
    respondent: str
    team: str
    role: str
    ratings: dict[str, int]
    ranking: list[str]
    framework: str = "ten-pillars"
    notes: dict[str, str] = field(default_factory=dict)
    schema: int = SCHEMA
    path: Path | None = field(default=None, compare=False)
    #: Links one person's anonymous runs (cx_pillars.anonymity); None for named runs.
    anonymous_key: str | None = None
    #: The response a run was imported from (``team import``): matched on re-import.
    source_id: str | None = None

    @property
    def anonymous(self) -> bool:
        return self.respondent == ANONYMOUS

    @property
    def total(self) -> int:
        return sum(self.ratings.values())

    def to_dict(self) -> dict[str, Any]:
        """The TOML document, keys in the order of the file format."""
        doc: dict[str, Any] = {
            "schema": self.schema,
            "framework": self.framework,
            "id": self.id,
            "created": self.created,
            "respondent": self.respondent,
            "team": self.team,
            "role": self.role,
            "ranking": list(self.ranking),
            "ratings": dict(self.ratings),
        }
        if self.anonymous_key:
            doc["anonymous_key"] = self.anonymous_key
        if self.source_id:
            doc["source_id"] = self.source_id
        if self.notes:
            doc["notes"] = dict(self.notes)
        return doc

    def to_json(self) -> dict[str, Any]:
        doc = self.to_dict()
        doc["created"] = self.created.isoformat().replace("+00:00", "Z")
        doc["total"] = self.total
        doc.setdefault("notes", {})
        return doc


def line_of(text: str | None, dotted: str) -> int | None:
    """The line where ``dotted`` (``"ratings.content"``, ``"team"``) is set in a TOML text.

    A small scanner good enough for hand-edited files: it follows ``[table]``
    headers and finds ``key =`` lines; dotted keys in one line also match.
    """
    if not text:
        return None
    parts = dotted.split(".")
    table_wanted, key = ".".join(parts[:-1]), parts[-1]
    current = ""
    header_line = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("[") and not line.startswith("[["):
            current = line.strip("[] \t").replace(" ", "")
            if current == dotted:
                header_line = number
            continue
        m = re.match(r'^["\']?([A-Za-z0-9_\-. ]+?)["\']?\s*=', line)
        if not m:
            continue
        name = m.group(1).replace(" ", "").replace('"', "")
        full = f"{current}.{name}" if current else name
        if full == dotted or (current == table_wanted and name == key):
            return number
    return header_line


def _fail(
    message: str | Message,
    source: Path | str | None,
    text: str | None,
    fld: str,
    hint: str | Message | None = None,
) -> ValidationError:
    return ValidationError(message, path=source, line=line_of(text, fld), field=fld, hint=hint)


def _clean_text(
    value: object,
    fld: str,
    source: Path | str | None,
    text: str | None,
    *,
    limit: int,
    required: bool,
    one_line: bool = False,
) -> str:
    if not isinstance(value, str):
        raise _fail(tr("assessment.not_string", type=type(value).__name__), source, text, fld)
    if not one_line:
        value = value.replace("\r\n", "\n")
    value = value.strip()
    if required and not value:
        raise _fail(tr("assessment.empty"), source, text, fld)
    if len(value) > limit:
        raise _fail(tr("assessment.too_long", length=len(value), limit=limit), source, text, fld)
    if one_line and ("\n" in value or "\t" in value):
        raise _fail(tr("assessment.one_line"), source, text, fld)
    bad = safetext.bad_character(value if one_line else value.translate(NOTE_WHITESPACE))
    if bad is not None:
        raise _fail(
            tr("safetext.control", char=f"U+{ord(bad):04X}", text=printable(value, 60)),
            source,
            text,
            fld,
            tr("safetext.control_hint"),
        )
    return value


def unknown_pillar(name: object) -> Message:
    return tr("assessment.unknown_pillar", pillar=repr(name))


def assessment_from_dict(
    data: dict[str, Any],
    framework: Framework,
    *,
    source: Path | str | None = None,
    text: str | None = None,
) -> Assessment:
    """Check every field of a parsed assessment against ``framework``."""

    def fail(
        message: str | Message, fld: str, hint: str | Message | None = None
    ) -> ValidationError:
        return _fail(message, source, text, fld, hint)

    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        raise fail(tr("assessment.unknown_key", keys=", ".join(sorted(KNOWN_KEYS))), unknown[0])

    schema = data.get("schema")
    if schema is None:
        raise fail(tr("assessment.missing"), "schema")
    if type(schema) is not int or schema != SCHEMA:
        raise fail(
            tr("assessment.schema_unknown", schema=repr(schema), version=SCHEMA),
            "schema",
            hint=tr("assessment.schema_hint") if type(schema) is int else None,
        )

    fw = data.get("framework")
    if fw is None:
        raise fail(tr("assessment.missing"), "framework")
    if not isinstance(fw, str) or fw != framework.id:
        raise fail(
            tr("assessment.framework_other", framework=repr(fw), used=repr(framework.id)),
            "framework",
            hint=tr("assessment.framework_hint"),
        )

    aid = data.get("id")
    if not isinstance(aid, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,119}", aid):
        raise fail(tr("assessment.id_format"), "id")

    created = data.get("created")
    if created is None:
        raise fail(tr("assessment.missing"), "created")
    if not isinstance(created, datetime):
        raise fail(tr("assessment.created_type"), "created")
    if created.tzinfo is None:
        raise fail(tr("assessment.created_zone"), "created")
    try:
        created = created.astimezone(UTC)
    except OverflowError:  # 9999-12-31T23:00:00-05:00 is in year 10000
        raise fail(tr("assessment.created_range"), "created") from None
    if created > datetime.now(UTC) + CLOCK_SKEW:
        raise fail(
            tr("assessment.created_future", created=created.isoformat().replace("+00:00", "Z")),
            "created",
            hint=tr("assessment.created_future_hint"),
        )

    respondent = (
        _clean_text(
            data.get("respondent"),
            "respondent",
            source,
            text,
            limit=MAX_TEXT,
            required=True,
            one_line=True,
        )
        if "respondent" in data
        else None
    )
    if respondent is None:
        raise fail(tr("assessment.respondent_missing"), "respondent")
    team = _clean_text(
        data.get("team", ""), "team", source, text, limit=MAX_TEXT, required=False, one_line=True
    )
    role = _clean_text(
        data.get("role", ""), "role", source, text, limit=MAX_TEXT, required=False, one_line=True
    )

    ids = framework.ids
    known = set(ids)
    ratings_raw = data.get("ratings")
    if ratings_raw is None:
        raise fail(tr("assessment.missing"), "ratings")
    if not isinstance(ratings_raw, dict):
        raise fail(tr("assessment.ratings_table"), "ratings")
    ratings: dict[str, int] = {}
    for key, value in ratings_raw.items():
        fld = f"ratings.{key}"
        if key not in known:
            raise fail(
                unknown_pillar(key), fld, hint=tr("assessment.pillars_are", pillars=", ".join(ids))
            )
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            raise fail(tr("assessment.score_not_number", value=str(value)), fld)
        if type(value) is not int:
            raise fail(tr("assessment.score_not_whole", value=repr(value)), fld)
        if not 1 <= value <= 5:
            raise fail(tr("assessment.score_range", value=str(value)), fld)
        ratings[key] = value
    missing = [i for i in ids if i not in ratings]
    if missing:
        form = "one" if len(missing) == 1 else "many"
        raise fail(tr(f"assessment.ratings_missing_{form}", pillars=", ".join(missing)), "ratings")
    ratings = {i: ratings[i] for i in ids}

    ranking = data.get("ranking")
    if ranking is None:
        raise fail(tr("assessment.missing"), "ranking")
    if not isinstance(ranking, list):
        raise fail(tr("assessment.ranking_list"), "ranking")
    # Every check here is linear in the file: the length first, then sets and counts
    # (a 600 kB ranking took 34 s with list.count and `in` on the list).
    if len(ranking) > len(ids):
        raise fail(
            tr("assessment.ranking_too_long", count=len(ranking), n=len(ids)),
            "ranking",
            hint=tr("assessment.ranking_hint"),
        )
    if not all(isinstance(r, str) for r in ranking):
        raise fail(tr("assessment.ranking_list"), "ranking")
    for r in ranking:
        if r not in known:
            raise fail(
                unknown_pillar(r),
                "ranking",
                hint=tr("assessment.pillars_are", pillars=", ".join(ids)),
            )
    counts = Counter(ranking)
    dupes = sorted(r for r, c in counts.items() if c > 1)
    if dupes:
        form = "one" if len(dupes) == 1 else "many"
        raise fail(tr(f"assessment.ranking_twice_{form}", pillars=", ".join(dupes)), "ranking")
    left_out = [i for i in ids if i not in counts]
    if left_out:
        raise fail(
            tr("assessment.ranking_incomplete", n=len(ids), pillars=", ".join(left_out)),
            "ranking",
        )

    notes_raw = data.get("notes", {})
    if not isinstance(notes_raw, dict):
        raise fail(tr("assessment.notes_table"), "notes")
    notes: dict[str, str] = {}
    for key, value in notes_raw.items():
        if key not in known:
            raise fail(unknown_pillar(key), f"notes.{key}")
        note = _clean_text(value, f"notes.{key}", source, text, limit=MAX_NOTE, required=False)
        if note:
            notes[key] = note
    notes = {i: notes[i] for i in ids if i in notes}

    key = data.get("anonymous_key")
    if key is not None:
        if respondent != ANONYMOUS:
            raise fail(tr("assessment.key_named"), "anonymous_key")
        if not isinstance(key, str) or not re.fullmatch(r"[0-9a-f]{16,64}", key):
            raise fail(tr("assessment.key_format"), "anonymous_key")
    source_id = data.get("source_id")
    if source_id is not None and (
        not isinstance(source_id, str) or not re.fullmatch(r"[a-z]-[0-9a-f]{16,64}", source_id)
    ):
        raise fail(tr("assessment.source_id"), "source_id")

    return Assessment(
        id=aid,
        anonymous_key=key,
        source_id=source_id,
        created=created,
        respondent=respondent,
        team=team,
        role=role,
        ratings=ratings,
        ranking=list(ranking),
        framework=fw,
        notes=notes,
        schema=schema,
        path=Path(source) if source else None,
    )
