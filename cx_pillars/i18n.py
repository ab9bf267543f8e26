"""Languages: English, Polish, Chinese (simplified and traditional).

Messages live in ``data/i18n/<lang>.toml`` as tables of templates, read with
``t("rate.saved", lang, path=...)``.  The language of a run is decided once, by
:func:`detect` (``--lang``, else ``$CX_PILLARS_LANG``, else the locale: ``LC_ALL``,
``LC_MESSAGES``, ``LANG``; else English), and then passed as a parameter to whatever
speaks: there is no "current language" state.  Code below the command layer that
raises an error does not know the run's language; it raises a :class:`Message`
(a key and its values) that the command layer puts into words.  A key missing in a
language falls back to English (the test suite makes sure none is missing).  Saved
files never depend on the language.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from cx_pillars import DATA

LANGUAGES = ("en", "pl", "zh-Hans", "zh-Hant")
DEFAULT = "en"
ENV = "CX_PILLARS_LANG"


def normalise(code: str | None) -> str | None:
    """A language code or locale name as one of LANGUAGES, or None if unsupported.

    ``pl``, ``pl_PL.UTF-8``, ``zh``, ``zh_CN``, ``zh-Hans``, ``zh_TW``, ``zh-hant``,
    ``zh_HK.UTF-8`` and the like are understood.
    """
    if not code:
        return None
    raw = code.strip().split(".")[0].split("@")[0].replace("_", "-").lower()
    if raw in ("c", "posix", ""):
        return None
    if raw.startswith("zh"):
        if any(part in raw for part in ("hant", "tw", "hk", "mo")):
            return "zh-Hant"
        return "zh-Hans"
    base = raw.split("-")[0]
    if base in ("en", "pl"):
        return base
    return None


def detect(option: str | None = None, configured: str | None = None) -> str:
    """The language to use: option, environment, ``configured`` (``lang`` in the user's
    config file), locale, English."""
    if option:
        lang = normalise(option)
        if lang is None:
            raise ValueError(f"{option!r} is not a supported language ({', '.join(LANGUAGES)})")
        return lang
    value = os.environ.get(ENV)
    if value and normalise(value):
        return normalise(value) or DEFAULT
    if configured and normalise(configured):
        return normalise(configured) or DEFAULT
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return normalise(value) or DEFAULT  # a locale we do not speak: English
    return DEFAULT


@cache
def _files(lang: str) -> frozenset[str]:
    """The catalog files of a language: ``<lang>.toml`` (the core messages) and one
    ``<lang>.<area>.toml`` per command family, so each area's texts stand on their own."""
    folder = DATA / "i18n"
    return frozenset(
        f.name
        for f in folder.iterdir()
        if f.name == f"{lang}.toml"
        or (f.name.startswith(f"{lang}.") and f.name.endswith(".toml") and f.name.count(".") == 2)
    )


@cache
def _table(name: str) -> dict[str, str]:
    """One catalog file as a flat dict of dotted keys."""
    flat: dict[str, str] = {}

    def walk(prefix: str, table: dict[str, Any]) -> None:
        for key, value in table.items():
            if isinstance(value, dict):
                walk(f"{prefix}{key}.", value)
            else:
                flat[f"{prefix}{key}"] = value

    walk("", tomllib.loads((DATA / "i18n" / name).read_text("utf-8")))
    return flat


@cache
def catalog(lang: str) -> dict[str, str]:
    """All templates of a language as a flat dict of dotted keys."""
    flat: dict[str, str] = {}
    for name in sorted(_files(lang)):
        flat.update(_table(name))
    return flat


def _lookup(key: str, lang: str) -> str | None:
    """Read only the file a key's area lives in (``team.x`` in ``<lang>.team.toml``,
    else the core file): a command loads its own texts, not every command's."""
    area = f"{lang}.{key.split('.', 1)[0]}.toml"
    for name in (area, f"{lang}.toml"):
        if name in _files(lang):
            found = _table(name).get(key)
            if found is not None:
                return found
    return catalog(lang).get(key)


def t(key: str, lang: str, /, **values: object) -> str:
    """The message ``key`` in ``lang``, filled in with ``values``."""
    template = _lookup(key, lang)
    if template is None:
        template = _lookup(key, DEFAULT)
        if template is None:
            raise KeyError(key)
    return template.format(**values) if values else template


def plural(key: str, count: int, lang: str, /, **values: object) -> str:
    """Polish has three plural forms (1, 2-4, 5+), English two, Chinese one.

    The catalog holds ``key.one``, ``key.few`` and ``key.many`` (``few`` only in Polish).
    """
    if lang == "pl":
        if count == 1:
            form = "one"
        elif count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
            form = "few"
        else:
            form = "many"
    elif lang.startswith("zh"):
        form = "many"
    else:
        form = "one" if count == 1 else "many"
    return t(f"{key}.{form}", lang, count=count, **values)


def ordinal(number: int, lang: str) -> str:
    """1st / 1. / 第1: a place in a ranking as the language writes it."""
    if lang == "en":
        suffix = (
            "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        )
        return f"{number}{suffix}"
    if lang == "pl":
        return f"{number}."
    return f"第{number}"


def number(value: float | None, digits: int = 1, sign: bool = False, *, lang: str) -> str:
    """A number as the language writes it: 2.5 in English and Chinese, 2,5 in Polish.

    ``sign`` puts + before positive values; zero has no sign and never shows as -0.0.
    """
    if value is None:
        return "–"
    value = round(float(value), digits) + 0.0
    text = f"{value:+.{digits}f}" if sign and value else f"{value:.{digits}f}"
    text = text.replace("-", "−")
    return text.replace(".", ",") if lang == "pl" else text


#: Stored segment values (generations) and their catalog keys.  Files and JSON keep the
#: English values; screens, reports and charts show them through :func:`segment_name`.
SEGMENT_KEYS = {
    "Gen Z": "segment.gen_z",
    "Millennials": "segment.millennials",
    "Gen X": "segment.gen_x",
    "Boomers": "segment.boomers",
    "unknown": "segment.unknown",
    "other": "segments.other_label",  # the segments too small to show, together
}


def segment_name(value: str, lang: str) -> str:
    """A segment's display name: generations translated, any other value as it is."""
    key = SEGMENT_KEYS.get(value)
    return t(key, lang) if key else value


def join_names(names: Sequence[str], lang: str) -> str:
    """'A', 'A and B', 'A, B and C', 'A, B i C', 'A、B和C': a list as the language ends it."""
    names = list(names)
    last = t("team.and", lang)
    if len(names) <= 2:
        return last.join(names)
    return t("common.list_sep", lang).join(names[:-1]) + last + names[-1]


@dataclass(frozen=True)
class Message:
    """A message not yet in words: raised below the command layer, which knows the
    run's language and calls :meth:`text`. ``str()`` gives the English.

    Either a catalog ``key`` with ``values`` (a value may itself be a Message), or
    ``parts`` joined by ``sep`` (see :func:`joined`)."""

    key: str = ""
    values: Mapping[str, object] = field(default_factory=dict)
    parts: tuple[str | Message, ...] = ()
    sep: str = ""

    def text(self, lang: str) -> str:
        if self.parts:
            return self.sep.join(words(part, lang) for part in self.parts)
        values = {
            k: words(v, lang) if isinstance(v, Message) else v for k, v in self.values.items()
        }
        return t(self.key, lang, **values)

    def __str__(self) -> str:
        return self.text(DEFAULT)


def words(message: str | Message, lang: str) -> str:
    """A message in ``lang``: text as it is, a :class:`Message` put into words."""
    return message if isinstance(message, str) else message.text(lang)


def tr(key: str, **values: object) -> Message:
    """A :class:`Message`, for errors raised where the language is not known."""
    return Message(key, values)


def joined(sep: str, *parts: str | Message) -> Message:
    """Several messages as one, in one language when shown."""
    return Message(parts=parts, sep=sep)
