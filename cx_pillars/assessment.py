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
        raise _fail(f"must be a string, not {type(value).__name__}", source, text, fld)
    if not one_line:
        value = value.replace("\r\n", "\n")
    value = value.strip()
    if required and not value:
        raise _fail("must not be empty", source, text, fld)
    if len(value) > limit:
        raise _fail(f"is {len(value)} characters long; at most {limit} allowed", source, text, fld)
    if one_line and ("\n" in value or "\t" in value):
        raise _fail("must be one line (no line breaks or tabs)", source, text, fld)
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
        raise fail(f"unknown key (expected {', '.join(sorted(KNOWN_KEYS))})", unknown[0])

    schema = data.get("schema")
    if schema is None:
        raise fail("is missing", "schema")
    if type(schema) is not int or schema != SCHEMA:
        raise fail(
            f"{schema!r} is not a known schema (this version reads schema = {SCHEMA})",
            "schema",
            hint="upgrade cx-pillars" if type(schema) is int else None,
        )

    fw = data.get("framework")
    if fw is None:
        raise fail("is missing", "framework")
    if not isinstance(fw, str) or fw != framework.id:
        raise fail(
            f"{fw!r} is not the framework in use ({framework.id!r})",
            "framework",
            hint="pass --framework FILE to read assessments of another framework",
        )

    aid = data.get("id")
    if not isinstance(aid, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,119}", aid):
        raise fail("must be a short string of letters, digits, '-', '_' or '.'", "id")

    created = data.get("created")
    if created is None:
        raise fail("is missing", "created")
    if not isinstance(created, datetime):
        raise fail("must be a date-time such as 2026-11-22T10:15:00Z", "created")
    if created.tzinfo is None:
        raise fail("needs a time zone (end it with Z or +01:00)", "created")
    try:
        created = created.astimezone(UTC)
    except OverflowError:  # 9999-12-31T23:00:00-05:00 is in year 10000
        raise fail("is out of range (years 1-9999 in UTC)", "created") from None
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
        raise fail('is missing (write "anonymous" for an anonymous run)', "respondent")
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
        raise fail("is missing", "ratings")
    if not isinstance(ratings_raw, dict):
        raise fail("must be a table of pillar = score", "ratings")
    ratings: dict[str, int] = {}
    for key, value in ratings_raw.items():
        fld = f"ratings.{key}"
        if key not in known:
            raise fail(f"unknown pillar {key!r}", fld, hint=f"pillars are {', '.join(ids)}")
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            raise fail(f"{value} is not a score; use a whole number 1-5", fld)
        if type(value) is not int:
            raise fail(f"{value!r} is not a whole number 1-5", fld)
        if not 1 <= value <= 5:
            raise fail(f"{value} is outside 1-5", fld)
        ratings[key] = value
    missing = [i for i in ids if i not in ratings]
    if missing:
        word = "pillar" if len(missing) == 1 else "pillars"
        raise fail(f"missing {word}: {', '.join(missing)}", "ratings")
    ratings = {i: ratings[i] for i in ids}

    ranking = data.get("ranking")
    if ranking is None:
        raise fail("is missing", "ranking")
    if not isinstance(ranking, list):
        raise fail("must be a list of pillar ids, most important first", "ranking")
    # Every check here is linear in the file: the length first, then sets and counts
    # (a 600 kB ranking took 34 s with list.count and `in` on the list).
    if len(ranking) > len(ids):
        raise fail(
            tr("assessment.ranking_too_long", count=len(ranking), n=len(ids)),
            "ranking",
            hint=tr("assessment.ranking_hint"),
        )
    if not all(isinstance(r, str) for r in ranking):
        raise fail("must be a list of pillar ids, most important first", "ranking")
    for r in ranking:
        if r not in known:
            raise fail(f"unknown pillar {r!r}", "ranking", hint=f"pillars are {', '.join(ids)}")
    counts = Counter(ranking)
    dupes = sorted(r for r, c in counts.items() if c > 1)
    if dupes:
        verb = "appears" if len(dupes) == 1 else "appear"
        raise fail(f"{', '.join(dupes)} {verb} more than once", "ranking")
    left_out = [i for i in ids if i not in counts]
    if left_out:
        raise fail(f"must rank all {len(ids)} pillars; missing {', '.join(left_out)}", "ranking")

    notes_raw = data.get("notes", {})
    if not isinstance(notes_raw, dict):
        raise fail('must be a table of pillar = "text"', "notes")
    notes: dict[str, str] = {}
    for key, value in notes_raw.items():
        if key not in known:
            raise fail(f"unknown pillar {key!r}", f"notes.{key}")
        note = _clean_text(value, f"notes.{key}", source, text, limit=MAX_NOTE, required=False)
        if note:
            notes[key] = note
    notes = {i: notes[i] for i in ids if i in notes}

    key = data.get("anonymous_key")
    if key is not None:
        if respondent != ANONYMOUS:
            raise fail("belongs to anonymous runs only; remove it or the name", "anonymous_key")
        if not isinstance(key, str) or not re.fullmatch(r"[0-9a-f]{16,64}", key):
            raise fail("must be the hexadecimal key cx-pillars wrote", "anonymous_key")
    source_id = data.get("source_id")
    if source_id is not None and (
        not isinstance(source_id, str) or not re.fullmatch(r"[a-z]-[0-9a-f]{16,64}", source_id)
    ):
        raise fail("must be the response identity cx-pillars wrote", "source_id")

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
