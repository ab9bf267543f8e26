"""Languages: English, Polish, Chinese (simplified and traditional).

Messages live in ``data/i18n/<lang>.toml`` as tables of templates, read with
``t("rate.saved", path=...)``.  The language is ``--lang``, else
``$CX_PILLARS_LANG``, else the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``),
else English.  A key missing in a language falls back to English (the test suite
makes sure none is missing).  Saved files never depend on the language.
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from importlib import resources

LANGUAGES = ("en", "pl", "zh-Hans", "zh-Hant")
DEFAULT = "en"
ENV = "CX_PILLARS_LANG"

_current: list[str] = []


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


def detect(option: str | None = None) -> str:
    """The language to use: option, environment, locale, English."""
    if option:
        lang = normalise(option)
        if lang is None:
            raise ValueError(f"{option!r} is not a supported language "
                             f"({', '.join(LANGUAGES)})")
        return lang
    for var in (ENV, "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            lang = normalise(value)
            if lang:
                return lang
            if var == ENV:
                continue
            break          # the locale says something we do not speak: English
    return DEFAULT


def set_language(lang: str) -> None:
    _current[:] = [lang]


def current() -> str:
    if not _current:
        _current.append(detect())
    return _current[0]


@cache
def catalog(lang: str) -> dict[str, str]:
    """All templates of a language as a flat dict of dotted keys."""
    text = resources.files("cx_pillars").joinpath("data", "i18n", f"{lang}.toml").read_text(
        "utf-8")
    flat: dict[str, str] = {}

    def walk(prefix: str, table: dict) -> None:
        for key, value in table.items():
            name = f"{prefix}{key}"
            if isinstance(value, dict):
                walk(name + ".", value)
            else:
                flat[name] = value
    walk("", tomllib.loads(text))
    return flat


def t(key: str, lang: str | None = None, **values) -> str:
    """The message ``key`` in the current language, filled in with ``values``."""
    lang = lang or current()
    template = catalog(lang).get(key)
    if template is None:
        template = catalog(DEFAULT)[key]
    return template.format(**values) if values else template


def plural(key: str, count: int, lang: str | None = None, **values) -> str:
    """Polish has three plural forms (1, 2-4, 5+), English two, Chinese one.

    The catalog holds ``key.one``, ``key.few`` and ``key.many`` (``few`` only in Polish).
    """
    lang = lang or current()
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
