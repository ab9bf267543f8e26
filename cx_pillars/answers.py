"""Answers to ``rate`` given without prompts: flags, ``--from FILE`` and drafts.

An answers dict has the keys respondent, anonymous, team, role, ratings (pillar
-> 1..5), notes (pillar -> text) and ranking (ids, most important first, maybe
partial).  These helpers parse and check them; the interview fills in the rest.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeAlias

from cx_pillars.assessment import (
    ANONYMOUS,
    MAX_NOTE,
    MAX_TEXT,
    Assessment,
    _clean_text,
    assessment_from_dict,
    line_of,
)
from cx_pillars.errors import UsageError, ValidationError
from cx_pillars.files import parse_toml, read_text
from cx_pillars.pillars import Framework
from cx_pillars.store import new_id

#: Answers given so far (flags, ``--from`` file, draft): any of ANSWER_KEYS, values as
#: in the assessment file (ratings a table of pillar = score, ranking a list of ids).
Answers: TypeAlias = dict[str, Any]

ANSWER_KEYS = ("respondent", "anonymous", "team", "role", "ratings", "ranking", "notes")


def parse_ratings(text: str, fw: Framework) -> dict[str, int]:
    """``advertising=3,content=2,...`` or ``3,2,4,...`` (all n, in catalog order)."""
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    ratings: dict[str, int] = {}
    if parts and all("=" not in p for p in parts):
        if len(parts) != fw.n:
            raise UsageError(
                f"--ratings: {len(parts)} scores given without names; give all "
                f"{fw.n} in catalog order ({', '.join(fw.ids)}) or name them "
                f"like advertising=3"
            )
        pairs = list(zip(fw.ids, parts))
    else:
        pairs = []
        for p in parts:
            if "=" not in p:
                raise UsageError(f"--ratings: {p!r} needs the form pillar=score")
            key, _, value = p.partition("=")
            pid = fw.resolve_id(key)
            if pid is None:
                raise UsageError(unknown_pillar("--ratings", key.strip(), fw))
            pairs.append((pid, value))
    for pid, value in pairs:
        value = value.strip()
        if not value.isdecimal() or not 1 <= int(value) <= 5:
            raise UsageError(f"--ratings: {pid}={value!r} is not a whole number 1-5")
        if pid in ratings:
            raise UsageError(f"--ratings: {pid} is given twice")
        ratings[pid] = int(value)
    return ratings


def unknown_pillar(option: str, given: str, fw: Framework) -> str:
    """``--ranking: unknown pillar 'servce'; did you mean 'service'? Pillars are ...``"""
    import difflib

    every = ", ".join(fw.ids)
    close = difflib.get_close_matches(given.casefold(), list(fw.ids), n=1, cutoff=0.6)
    if close:
        return f"{option}: unknown pillar {given!r}; did you mean {close[0]!r}? Pillars are {every}"
    return f"{option}: unknown pillar {given!r}; pillars are {every}"


def parse_ranking(text: str, fw: Framework) -> list[str]:
    """Comma-separated pillars, most important first; the last one may be left out."""
    ranking = []
    for part in (p.strip() for p in text.replace(";", ",").replace(">", ",").split(",")):
        if not part:
            continue
        pid = fw.resolve_id(part)
        if pid is None:
            raise UsageError(unknown_pillar("--ranking", part, fw))
        if pid in ranking:
            raise UsageError(f"--ranking: {pid} appears twice")
        ranking.append(pid)
    return complete_ranking(ranking, fw)


def complete_ranking(ranking: list[str], fw: Framework) -> list[str]:
    """With all but one ranked, the last place is not a choice: fill it in."""
    if len(ranking) == fw.n - 1:
        ranking = ranking + [i for i in fw.ids if i not in ranking]
    return ranking


def parse_note(text: str, fw: Framework) -> tuple[str, str]:
    key, sep, note = text.partition("=")
    pid = fw.resolve_id(key) if sep else None
    if pid is None:
        raise UsageError(f"--note: {text!r} needs the form pillar=text with a known pillar")
    return pid, note.strip()


def answers_from_file(path: Path, fw: Framework) -> Answers:
    """``--from answers.toml``: any subset of the answers, checked field by field."""
    text = read_text(path)
    data = parse_toml(path, text)
    return check_answers(data, fw, source=path, text=text)


def check_answers(
    data: dict[str, Any], fw: Framework, *, source: Path | str | None, text: str | None = None
) -> Answers:
    def fail(message: str, fld: str) -> ValidationError:
        return ValidationError(message, path=source, line=line_of(text, fld), field=fld)

    ignored = {"schema", "framework", "id", "created", "updated", "step"}
    out: Answers = {}
    for key, value in data.items():
        if key in ignored:
            continue
        if key not in ANSWER_KEYS:
            raise fail(f"unknown key (expected {', '.join(ANSWER_KEYS)})", key)
        if key in ("respondent", "team", "role"):
            if not isinstance(value, str):
                raise fail("must be a string", key)
            # The file's rules (length, no control characters) before any summary is shown.
            out[key] = _clean_text(
                value, key, source, text, limit=MAX_TEXT, required=False, one_line=True
            )
        elif key == "anonymous":
            if not isinstance(value, bool):
                raise fail("must be true or false", key)
            out[key] = value
        elif key == "ratings":
            if not isinstance(value, dict):
                raise fail("must be a table of pillar = score", key)
            out[key] = {}
            for pid, score in value.items():
                if pid not in fw.ids:
                    raise fail(f"unknown pillar {pid!r}", f"ratings.{pid}")
                if type(score) is not int or not 1 <= score <= 5:
                    raise fail(f"{score!r} is not a whole number 1-5", f"ratings.{pid}")
                out[key][pid] = score
        elif key == "ranking":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise fail("must be a list of pillar ids", key)
            for pid in value:
                if pid not in fw.ids:
                    raise fail(f"unknown pillar {pid!r}", key)
            if len(set(value)) != len(value):
                raise fail("a pillar appears twice", key)
            out[key] = complete_ranking(list(value), fw)
        elif key == "notes":
            if not isinstance(value, dict):
                raise fail('must be a table of pillar = "text"', key)
            out[key] = {}
            for pid, note in value.items():
                if pid not in fw.ids or not isinstance(note, str):
                    raise fail('must be a known pillar = "text"', f"notes.{pid}")
                note = _clean_text(
                    note, f"notes.{pid}", source, text, limit=MAX_NOTE, required=False
                )
                if note:
                    out[key][pid] = note
    if out.get("respondent", "").casefold() == ANONYMOUS:
        out.pop("respondent")
        out["anonymous"] = True
    return out


def missing(answers: Answers, fw: Framework) -> list[str]:
    """The flags still needed to save without asking."""
    need = []
    if not answers.get("respondent") and not answers.get("anonymous"):
        need.append("--respondent NAME (or --anonymous)")
    if not answers.get("team"):
        need.append("--team TEAM")
    ratings = answers.get("ratings", {})
    if any(i not in ratings for i in fw.ids):
        left = [i for i in fw.ids if i not in ratings]
        need.append(f"--ratings (missing {', '.join(left)})")
    if len(answers.get("ranking", [])) < fw.n:
        need.append(f"--ranking (all {fw.n} pillars, most important first)")
    return need


def to_assessment(answers: Answers, fw: Framework, when: datetime | None = None) -> Assessment:
    """The finished answers as a validated assessment with a fresh id."""
    when = (when or datetime.now(UTC)).replace(microsecond=0)
    respondent = ANONYMOUS if answers.get("anonymous") else answers["respondent"]
    key = None
    if respondent == ANONYMOUS:
        from cx_pillars.anonymity import anonymous_key

        # Only the day is kept: the minute would tell the room who it was.
        when = when.astimezone(UTC).replace(hour=0, minute=0, second=0)
        key = anonymous_key(answers.get("team", ""), fw.id)
    doc = {
        "schema": 1,
        "framework": fw.id,
        "id": new_id(respondent, when),
        "created": when,
        "respondent": respondent,
        "team": answers.get("team", ""),
        "role": answers.get("role", ""),
        "ranking": answers.get("ranking", []),
        "ratings": answers.get("ratings", {}),
        "notes": answers.get("notes", {}),
    }
    if key:
        doc["anonymous_key"] = key
    return assessment_from_dict(doc, fw, source="your answers")


def flag_answers(
    fw: Framework,
    *,
    respondent: str | None = None,
    anonymous: bool = False,
    team: str | None = None,
    role: str | None = None,
    ratings: str | None = None,
    ranking: str | None = None,
    notes: list[str] | None = None,
) -> Answers:
    """The answers given as ``rate`` flags, parsed (a bad value raises CxError)."""
    for option, value in (("--respondent", respondent), ("--team", team), ("--role", role)):
        _flag_text(value.strip() if value else value, option)
    for text in notes or []:
        _flag_text(text.strip().replace("\n", " ").replace("\t", " "), "--note")
    given: Answers = {}
    if respondent is not None and respondent.strip():
        given["respondent"] = respondent.strip()
    if anonymous:
        given["anonymous"] = True
    if team is not None:
        given["team"] = team.strip()
    if role is not None:
        given["role"] = role.strip()
    if ratings:
        given["ratings"] = parse_ratings(ratings, fw)
    if ranking:
        given["ranking"] = parse_ranking(ranking, fw)
    for text in notes or []:
        pid, note = parse_note(text, fw)
        given.setdefault("notes", {})[pid] = note
    return given


def _flag_text(value: str | None, option: str) -> None:
    """A text given on the command line holds no control or invisible character (the
    rule safetext applies to the same field in a file); wrong usage names the option."""
    from cx_pillars.errors import printable
    from cx_pillars.i18n import tr
    from cx_pillars.safetext import bad_character

    bad = bad_character(value) if value else None
    if bad is not None:
        raise UsageError(
            tr("safetext.control", char=f"U+{ord(bad):04X}", text=printable(value, 60)),
            field=option,
            hint=tr("safetext.control_hint"),
        )


def merge_flags(answers: Answers, flags: Answers) -> Answers:
    """``answers`` with the flags on top: a name replaces anonymity and the other way
    round; ratings and notes add to those already given; anything else replaces."""
    merged = dict(answers)
    for key, value in flags.items():
        if key in ("ratings", "notes"):
            merged[key] = {**merged.get(key, {}), **value}
        else:
            merged[key] = value
    if "respondent" in flags:
        merged.pop("anonymous", None)
    if "anonymous" in flags:
        merged.pop("respondent", None)
    return merged
