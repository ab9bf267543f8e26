"""What one cell of an export says: a rank, a rating, a year, missing, or not a number.

Codes are small integers so that whole columns become numpy arrays:

* ranks: ``0`` missing, ``1..`` the rank as written, ``NOT_A_RANK`` for text that is
  no rank (the range check against n happens later);
* scores (ratings 1-5, NPS 0-10, CES 1-7): the value, ``NO_SCORE`` when missing,
  ``BAD_SCORE`` when outside the scale or not a number.

Missing cells are empty, ``-99`` (Qualtrics' "seen but unanswered"), ``N/A`` and the like,
and the words people write for no answer ("No opinion", "Nie wiem", "无意见" ...):
case, spaces and the kind of apostrophe do not matter (see :func:`missing_key`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

NOT_A_RANK = -1
OUT_OF_RANGE = -2
NO_SCORE = -1
BAD_SCORE = -2

MISSING = frozenset(
    {
        "",
        "-99",
        "n/a",
        "na",
        "#n/a",
        "null",
        "none",
        "nan",
        "-",
        "--",
        ".",
        "not ranked",
        "not applicable",
        "no answer",
        "-999",
        # Words for "no answer" (an election-style export writes them in rank cells).
        "no opinion",
        "don't know",
        "don’t know",
        "dont know",
        "prefer not to say",
        "brak zdania",
        "nie wiem",
        "nie dotyczy",
        "wolę nie odpowiadać",
        "trudno powiedzieć",
        "无意见",
        "不知道",
        "不适用",
        "不愿透露",
        "無意見",
        "不適用",
        "不願透露",
    }
)

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def missing_key(text: str) -> str:
    """The form in which missing-answer tokens are compared: case-folded, without any
    spaces, one kind of apostrophe (``No  Opinion`` = ``no opinion`` = ``noopinion``)."""
    t = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    return "".join(t.split())


MISSING_KEYS = frozenset(missing_key(t) for t in MISSING)
#: What export tools write by themselves for a blank (Qualtrics' -99, LimeSurvey's
#: N/A, a spreadsheet's #N/A): missing, like a blank, and not worth a mention.
CODE_KEYS = frozenset(
    missing_key(t)
    for t in ("-99", "-999", "n/a", "na", "#n/a", "null", "none", "nan", "-", "--", ".")
)


def missing_keys(tokens: Iterable[str]) -> frozenset[str]:
    """Further tokens (``--missing``) in the form :func:`missing_key` gives; blanks dropped."""
    return frozenset(k for k in map(missing_key, tokens) if k)


def missing_kind(text: str, extra: frozenset[str] = frozenset()) -> int:
    """0 an answer; 1 missing as a blank or a tool's code (``-99``, ``N/A``, ``-``); 2
    missing by a word (``No opinion``, ``Nie wiem``) or by a token of ``extra``."""
    t = text.strip().casefold()
    if not t:
        return 1
    key = missing_key(t)
    if key in extra:
        return 2
    if key in MISSING_KEYS:
        return 1 if key in CODE_KEYS else 2
    return 0


_RANK = re.compile(
    r"^(?:rank(?:ed)?\s*|no\.?\s*|#\s*)?(\d{1,4})(?:\.0+)?\s*(?:st|nd|rd|th)?"
    r"(?:\s*(?:place|choice|rank|position))?\.?$"
)
_SCORE = re.compile(r"^(\d{1,3})(?:\.0+)?(?:\s*(?:[-=:.)(/]|\s)\s*\D.*)?$", re.S)
_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
_US_DATE = re.compile(r"^\s*\d{1,2}[/.]\d{1,2}[/.](\d{2})(?!\d)")
_RANGE = re.compile(r"^(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})(?:\s*(?:years?|yrs?|y))?$")
_AGE = re.compile(r"^(\d{1,3})(?:\.\d+)?(?:\s*(?:years?|yrs?|y))?$")


def is_missing(text: str) -> bool:
    t = text.strip().casefold()
    return t in MISSING or missing_key(t) in MISSING_KEYS


@lru_cache(maxsize=4096)
def rank_code(text: str) -> int:
    """A rank cell: 0 missing, the integer written, or NOT_A_RANK."""
    t = text.strip().casefold()
    if t in MISSING or missing_key(t) in MISSING_KEYS:
        return 0
    m = _RANK.match(t)
    if not m:
        if t.startswith("-") and t[1:].isdecimal():
            return OUT_OF_RANGE
        return NOT_A_RANK
    value = int(m.group(1))
    return value if value > 0 else OUT_OF_RANGE


@lru_cache(maxsize=4096)
def score_code(text: str, low: int, high: int) -> int:
    """A rating/NPS/CES cell: its value, NO_SCORE or BAD_SCORE.

    A leading number with a label after it (``10 - Extremely likely``) counts.
    """
    t = text.strip()
    if is_missing(t):
        return NO_SCORE
    m = _SCORE.match(t)
    if not m:
        return BAD_SCORE
    value = int(m.group(1))
    return value if low <= value <= high else BAD_SCORE


def year_of_date(text: str) -> int | None:
    """The year in a date cell: ``2024-05-01 10:00``, ``2025/01/09 9:16 PM``, ``7/10/14 18:37``."""
    m = _YEAR.search(text)
    if m:
        return int(m.group(1))
    m = _US_DATE.match(text)
    if m:
        return 2000 + int(m.group(1))
    return None


GENERATIONS = (
    ("Gen Z", 1997, 2012),
    ("Millennials", 1981, 1996),
    ("Gen X", 1965, 1980),
    ("Boomers", 1946, 1964),
)
UNKNOWN = "unknown"
GENERATION_ORDER = [g[0] for g in GENERATIONS] + [UNKNOWN]


def generation(birth_year: float | None) -> str:
    """Gen Z 1997-2012, Millennials 1981-1996, Gen X 1965-1980, Boomers 1946-1964."""
    if birth_year is None:
        return UNKNOWN
    year = int(birth_year)
    for name, first, last in GENERATIONS:
        if first <= year <= last:
            return name
    return UNKNOWN


def birth_year_generation(text: str) -> str:
    """A birth-year cell (``1987``, ``1987-05-03``, ``03/05/1987``) as a generation."""
    m = _YEAR.search(text)
    return generation(int(m.group(1)) if m else None)


def age_generation(text: str, year: int | None = None) -> str:
    """An age cell as a generation, with the survey's year (this year if unknown).

    Birth year = survey year - age; an age range (``25-34``) uses its midpoint.
    Open-ended ranges (``65+``, ``> 60``) span generations and count as unknown.
    """
    year = year or date.today().year
    t = text.strip().casefold()
    m = _AGE.match(t)
    age: float
    if m:
        age = int(m.group(1))
    else:
        m = _RANGE.match(t)
        if not m:
            return UNKNOWN
        low, high = int(m.group(1)), int(m.group(2))
        if high < low:
            return UNKNOWN
        age = (low + high) / 2
    if not 0 < age < 120:
        return UNKNOWN
    return generation(int(year - age))


SEGMENT_CHARS = 80
#: The segment that holds the segments too small to show (PRODUCT.md §3); a value of
#: the data spelled the same is stored capitalised, so the two never meet.
OTHER = "other"

# -- values that identify a person ------------------------------------------------------
# Compared after NFKC (a full-width ＠ is an @) and case folding; e-mails also with the
# @ and the dots written out: "ana (at) x dot pl", "ana[at]x.pl", "ana at x dot pl".
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^\W\d_]{2,}")
_AT = re.compile(r"\s*[(\[{<]\s*at\s*[)\]}>]\s*|\s+at\s+")
_DOT = re.compile(r"\s*[(\[{<]\s*dot\s*[)\]}>]\s*|\s+dot\s+")
# A phone number: digits in groups, with an optional + or 00 and an area code in
# brackets; 9-15 digits (a postcode, a year range or a date has fewer).
_PHONE = re.compile(r"(?<![\w.])(?:\+|00)?\s*\(?\d[\d\s().\-/]{5,}\d(?![\w])")
_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}")
_IPV4 = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d])")
_IPV6 = re.compile(r"(?<![\w:])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:%\w+)?(?![\w:])")


def _is_phone(match: str) -> bool:
    if _DATE.search(match):
        return False
    digits = sum(c.isdigit() for c in match)
    if not 9 <= digits <= 15:
        return False
    groups = len(re.findall(r"\d+", match))
    lead = match.lstrip()
    return groups == 1 or groups >= 3 or lead.startswith(("+", "00", "("))


def _is_ip(text: str) -> bool:
    import ipaddress

    for found in _IPV4.findall(text):
        try:
            ipaddress.IPv4Address(found)
            return True
        except ValueError:
            pass
    for m in _IPV6.finditer(text):
        candidate = m.group().split("%")[0]
        if not any(c in "0123456789abcdef" for c in candidate):
            continue
        try:
            ipaddress.IPv6Address(candidate)
            return True
        except ValueError:
            pass
    return False


def identifier_kind(value: str) -> str | None:
    """``"email"``, ``"phone"`` or ``"ip"`` when ``value`` holds an e-mail address (in
    any of the usual disguises), a phone number or an IPv4/IPv6 address: a value that
    identifies a person, never a segment; None otherwise."""
    text = unicodedata.normalize("NFKC", value).casefold()
    if "@" in text or "at" in text:
        if _EMAIL.search(text) or _EMAIL.search(_DOT.sub(".", _AT.sub("@", text))):
            return "email"
    if _is_ip(text):
        return "ip"
    if any(_is_phone(m.group()) for m in _PHONE.finditer(text)):
        return "phone"
    return None


def looks_personal(value: str) -> bool:
    """An e-mail, a phone number or an IP address (see :func:`identifier_kind`)."""
    return identifier_kind(value) is not None


def clean_segment(text: str) -> str:
    """Spaces collapsed, control and invisible characters (safetext's list: escapes,
    zero-width marks, bidi overrides) dropped, at most 80 characters; "" when blank.
    A value spelled like the "other" segment is capitalised (:data:`OTHER`)."""
    from cx_pillars.safetext import bad_character

    value = " ".join(text.split())
    bad = bad_character(value)
    while bad is not None:
        value = value.replace(bad, "")
        bad = bad_character(value)
    value = " ".join(value.split())[:SEGMENT_CHARS].rstrip()
    return "Other" if value == OTHER else value


def segment_value(text: str) -> str:
    """A segment cell as given (trimmed, inner spaces collapsed, control and invisible
    characters dropped so that a customer's answer can neither drive the terminal nor
    split a segment in two, at most 80 characters); blank is unknown."""
    value = clean_segment(text)
    return value if value and value.casefold() not in MISSING else UNKNOWN
