"""The questionnaire's wording: question titles in every language, and their recognition.

The titles a form is built with (``rate template``) are the catalog's
``colleagues.form`` texts; an export's column headed with any language's title (or a
usual alias: "Name", "Zespół", "团队") is read as that question by ``team import``.
Rating, rank and note columns are headed ``Title [pillar]``, as Google Forms heads a
grid's rows, so the survey import's column matching reads them.
"""

from __future__ import annotations

from functools import cache

from cx_pillars.i18n import LANGUAGES, t
from cx_pillars.pillars import normalise_name

FIELDS = ("name", "team", "role")

#: Further headers taken as one of the questions, after the questionnaire's own titles
#: (Microsoft Forms' own "Name" column comes last: a name question, when the form asks
#: one, is what the colleague wrote).
ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "respondent",
        "imię",
        "imię i nazwisko",
        "twoje imię",
        "姓名",
        "受访者",
        "受訪者",
        "name",
        "nazwa",
        "名称",
        "名稱",
    ),
    "team": ("team", "zespół", "dział", "团队", "團隊", "部门", "部門"),
    "role": ("role", "rola", "stanowisko", "funkcja", "角色", "职位", "職位"),
}
NOTE_ALIASES = ("note", "notes", "comment", "uwaga", "uwagi", "komentarz", "备注", "備註")
ID_HEADERS = (
    "id",
    "response id",
    "responseid",
    "respondent id",
    "respondentid",
    "#",
    "antwort id",
    "antwort-id",
    "identyfikator",
    "回复 id",
    "回覆 id",
)


def title(field: str, lang: str) -> str:
    """The question title of ``field`` (name, team, role, rank, rating, note) in ``lang``."""
    return t(f"colleagues.form.{field}", lang)


def item_header(kind: str, label: str, lang: str) -> str:
    """``Rating [Digital experiences]``: a per-pillar column's header."""
    return f"{title(kind, lang)} [{label}]"


@cache
def names(field: str) -> tuple[str, ...]:
    """Every header taken as ``field``, normalised, most telling first."""
    out: list[str] = []
    for text in [title(field, lang) for lang in LANGUAGES] + list(ALIASES.get(field, ())):
        key = normalise_name(text)
        if key not in out:
            out.append(key)
    return tuple(out)


@cache
def note_names() -> frozenset[str]:
    return frozenset(
        normalise_name(x) for x in [title("note", lang) for lang in LANGUAGES] + list(NOTE_ALIASES)
    )


@cache
def id_names() -> frozenset[str]:
    return frozenset(normalise_name(x) for x in ID_HEADERS)
