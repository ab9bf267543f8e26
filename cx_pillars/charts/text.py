"""Every word a chart shows, in one place: English templates keyed by name.

Charts never hold a literal user-visible string; they call :func:`t` with a key of
:data:`EN` and the values to fill in (numbers, places and lists arrive already
formatted, through :func:`number`, :func:`ordinal` and :func:`join_names`).

Translations go in the project's message catalogs (:mod:`cx_pillars.i18n`,
``data/i18n/<lang>.<part>.toml``) under ``charts.<key>``, e.g. a ``pl.charts.toml``::

    [charts]
    gap_title_customers_higher = "Klienci stawiają {pillar} na {customer} miejscu; zespół na {team}"

:func:`t` looks there first and falls back to :data:`EN`, so a partial translation
still draws a chart, and moving ``EN`` itself into ``en.charts.toml`` is a copy.

Pure Python, no matplotlib: titles and footnotes can be used in the Markdown report too.
"""

from __future__ import annotations

import textwrap
import unicodedata

from cx_pillars import i18n

__all__ = ["EN", "join_names", "number", "ordinal", "signed", "t", "wrap"]

EN: dict[str, str] = {
    # ---------------------------------------------------------------- every chart
    "footnote": "Source: {source} · Colleagues: {colleagues} · Customers: {customers} · {date}",
    "footnote_undated": "Source: {source} · Colleagues: {colleagues} · Customers: {customers}",
    "n_none": "none in this chart",
    "and_two": "{a} and {b}",
    "and_many": "{rest} and {last}",
    "list_sep": ", ",
    "no_data": "No data to chart",
    # ---------------------------------------------------------------- gap
    "gap_title_customers_higher": "Customers rank {pillar} {customer}; the team put it {team}",
    "gap_title_team_higher": "The team ranks {pillar} {team}; customers put it {customer}",
    "gap_title_agree_top3": "Team and customers agree on the top three",
    "gap_title_agree_top1": "Team and customers agree: {pillar} comes first",
    "gap_title_close": "Team and customers broadly agree: no pillar is more than one place apart",
    "gap_subtitle": "Each arrow runs from the team's position to the customers'",
    "gap_subtitle_rho": "rank correlation ρ = {rho}",
    "gap_subtitle_rho_chance": "rank correlation ρ = {rho}, no better than chance",
    "gap_subtitle_ci_clear": "no two neighbouring customer positions overlap at 95%",
    "gap_subtitle_ci_overlap": "customers' {pairs} could swap (95% intervals overlap)",
    "gap_subtitle_ci_pair": "{a} and {b}",
    "gap_axis": "Position (1 = most important)",
    "gap_legend_customers": "Customers' position",
    "gap_legend_team": "Team's position",
    "gap_legend_higher": "Customers rank it higher",
    "gap_legend_lower": "Customers rank it lower",
    "gap_value": "{gap}",
    # ---------------------------------------------------------------- priorities
    "priorities_title_lowest_team": ("{pillar} is a top customer priority where the team "
                                     "scores itself lowest"),
    "priorities_title_below_team": ("{pillar} is a top customer priority where the team "
                                    "scores itself below average"),
    "priorities_title_lowest_customers": ("{pillar} is a top customer priority where "
                                          "customers rate us lowest"),
    "priorities_title_below_customers": ("{pillar} is a top customer priority where "
                                         "customers rate us below average"),
    "priorities_title_fine_team": ("The team scores itself above average on all of the "
                                   "customers' top {k}"),
    "priorities_title_fine_customers": ("Customers rate us above average on all of their "
                                        "top {k}"),
    "priorities_subtitle": ("Importance = {n} + 1 − customers' mean rank; lines split at the "
                            "averages ({importance} importance, {performance} score)"),
    "priorities_x_team": "Team's mean self-score (1 = poor, 5 = excellent)",
    "priorities_x_customers": "Customers' mean rating (1 = poor, 5 = excellent)",
    "priorities_y": "Importance to customers (higher = ranked higher)",
    "priorities_q_concentrate": "Concentrate here",
    "priorities_q_keep": "Keep up the good work",
    "priorities_q_low": "Low priority",
    "priorities_q_overkill": "Possible overkill",
    "priorities_legend_top": "Customers' top {k}",
    "priorities_legend_other": "Other pillars",
    "priorities_key": "Points are numbered by the customers' position:",
    "priorities_key_item": "{number} {label}",
    # ---------------------------------------------------------------- scores
    "scores_title": "The team rates {strong} strongest ({strong_mean}) and {weak} weakest "
                    "({weak_mean})",
    "scores_title_flat": "The team rates every pillar alike (about {mean} of 5)",
    "scores_subtitle": "Mean total {total}/{max_total}; each colleague's score per pillar",
    "scores_subtitle_no_total": "Each colleague's score per pillar",
    "scores_axis": "Self-score (1 = poor, 5 = excellent)",
    "scores_legend_mean": "Team mean",
    "scores_mean_column": "Mean",
    "scores_legend_dot": "One colleague",
    "scores_legend_range": "Range (lowest to highest)",
    # ---------------------------------------------------------------- agreement
    "agreement_title": "The team agrees on {agreed}, splits on {split}",
    "agreement_title_close": "The team agrees closely on how customers rank the pillars",
    "agreement_title_single": "Only one colleague has ranked the pillars so far",
    "agreement_subtitle_w": "Kendall's W = {w}",
    "agreement_subtitle_w_reading": "Kendall's W = {w} ({reading})",
    "agreement_subtitle": ("each cell is one colleague's rank, 1 = most important; "
                           "rows in consensus order"),
    "agreement_colleague": "Colleague {i}",
    "agreement_colorbar": "Rank (1 = most important)",
    "agreement_range": "{low}–{high}",
    "agreement_range_axis": "Range of ranks",
    "agreement_legend_split": "Most disputed",
    "agreement_legend_agreed": "Most agreed",
    # ---------------------------------------------------------------- segments
    "segments_title_differ": "{first_segments} put {first} 1st; {second_segments} put {second} 1st",
    "segments_title_same": "All segments put {top} 1st",
    "segments_title_one": "{segments} put {top} 1st",
    "segments_title_same_swing": "All segments put {top} 1st; {pillar} ranges from {best} to {worst}",
    "segments_subtitle": "Position in each segment's ranking (1 = most important); coloured: the pillars that move most",
    "segments_subtitle_small": "hatched: under {min_n} respondents",
    "segments_tick": "{name}\n(n = {n})",
    "segments_tick_small": "{name}\n(n = {n}, too few)",
    # ---------------------------------------------------------------- trend
    "trend_title_rose": "Mean total rose from {start} to {end} since {since}",
    "trend_title_fell": "Mean total fell from {start} to {end} since {since}",
    "trend_title_steady": "Mean total held steady at about {end} since {since}",
    "trend_title_single": "One quarter so far: mean total {end}/{max_total} in {since}",
    "trend_subtitle": "Team mean per quarter; n = colleagues that quarter",
    "trend_subtitle_mover": "largest change: {pillar} {change}",
    "trend_tick": "{quarter}\nn = {n}",
    "trend_panel_total": "Mean total (out of {max_total})",
    "trend_panel_pillars": "Mean score per pillar (1–5)",
    "trend_withheld": "withheld",
    "trend_end_label": "{label} ({change})",
}

CATALOG_PREFIX = "charts."


def _lang(lang: str | None) -> str:
    return i18n.normalise(lang) or i18n.DEFAULT if lang else i18n.DEFAULT


def t(key: str, lang: str | None = "en", **values: object) -> str:
    """The text named ``key`` in ``lang`` (English when not translated), filled in."""
    template = i18n.catalog(_lang(lang)).get(CATALOG_PREFIX + key) or EN[key]
    return template.format(**values) if values else template


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
    """'A', 'A and B', 'A, B and C' in the language's words."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return t("and_two", lang, a=names[0], b=names[1])
    return t("and_many", lang, rest=t("list_sep", lang).join(names[:-1]), last=names[-1])


def _cells(text: str) -> int:
    """Display width in terminal cells: East Asian wide characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int, max_lines: int | None = None) -> str:
    """Wrap ``text`` at spaces to lines of about ``width`` characters (CJK: width/2).

    Long labels wrap rather than shrink. With ``max_lines`` the last line ends in '…'.
    """
    if _cells(text) != len(text):  # CJK: no spaces to break at, characters twice as wide
        width = max(2, width // 2)
        lines = [text[i:i + width] for i in range(0, len(text), width)]
    else:
        lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=True) or [""]
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" ,;") + "…"
    return "\n".join(lines)
