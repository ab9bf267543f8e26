"""Every word a chart shows comes from here: templates keyed by name, in the catalogs.

Charts never hold a literal user-visible string; they call :func:`t` with a key and the
values to fill in (numbers, places and lists arrive already formatted, through
:func:`number`, :func:`ordinal` and :func:`join_names`).

The templates are the ``charts.<key>`` entries of the project's message catalogs
(:mod:`cx_pillars.i18n`), one file per language: ``data/i18n/en.charts.toml`` (the
source of truth), ``pl.charts.toml``, ``zh-Hans.charts.toml``, ``zh-Hant.charts.toml``::

    [charts]
    gap_title_customers_higher = "„{pillar}”: klienci stawiają ten filar na {customer} miejscu, …"

A key missing in a language falls back to English (the test suite makes sure none is).

Pure Python, no matplotlib: titles and footnotes can be used in the Markdown report too.
"""

from __future__ import annotations

from cx_pillars import i18n
from cx_pillars.textwidth import break_lines

__all__ = ["join_names", "number", "ordinal", "signed", "t", "wrap"]

CATALOG_PREFIX = "charts."


def _lang(lang: str | None) -> str:
    return i18n.normalise(lang) or i18n.DEFAULT if lang else i18n.DEFAULT


def t(key: str, lang: str | None = "en", **values: object) -> str:
    """The text named ``key`` in ``lang`` (English when not translated), filled in."""
    return i18n.t(CATALOG_PREFIX + key, _lang(lang), **values)


def ordinal(k: int, lang: str | None = "en") -> str:
    """1st / 1. / 第1."""
    return i18n.ordinal(int(k), _lang(lang))


def number(x: float, digits: int = 1, lang: str | None = "en") -> str:
    """2.5 / 2,5, with a true minus sign."""
    return i18n.number(x, digits, lang=_lang(lang))


def signed(x: float, digits: int = 0, lang: str | None = "en") -> str:
    """+5, −2, 0: a change or a gap, signed."""
    return i18n.number(x, digits, sign=True, lang=_lang(lang))


def join_names(names: list[str], lang: str = "en") -> str:
    """'A', 'A and B', 'A, B and C' in the language's words (:func:`i18n.join_names`)."""
    return i18n.join_names(names, _lang(lang))


def wrap(text: str, width: int, max_lines: int | None = None) -> str:
    """Wrap ``text`` to lines of at most ``width`` terminal cells (a Chinese character
    takes two), breaking where :func:`cx_pillars.textwidth.break_lines` breaks: at
    spaces, after a hyphen, between Chinese characters but never before a closing mark
    or after an opening one.

    Long labels wrap rather than shrink. With ``max_lines`` the last line shown ends in
    '…' (which may take it one cell past ``width``).
    """
    lines = break_lines(text, width, hyphens=True)
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" ,;，、；：") + "…"
    return "\n".join(lines)
