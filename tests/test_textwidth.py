"""Text measurement and line breaking (cx_pillars.textwidth), and the chart wrap over it.

Cell widths are checked against hand-counted cells (what a current terminal shows:
one cell for an accented letter however it is encoded, two for an emoji sequence) and
against Rich's own measure, which lays out every table the views print: if the two
disagree, columns misalign.
"""

from __future__ import annotations

import io
import re
import textwrap
import unicodedata

import pytest
import rich.cells
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table

from cx_pillars.charts import text as chart_text
from cx_pillars.textwidth import break_lines, cell_width, pieces, wrap, wrap_items

NFD = unicodedata.normalize

# text -> cells, counted by hand (as kitty, WezTerm, iTerm2, GNOME Terminal and Windows
# Terminal show them; wcwidth and Rich >= 15 agree).
CELLS = {
    "Total": 5,
    "e\u0301": 1,  # é, decomposed
    NFD("NFD", "Łukasz Wójcik"): 13,
    NFD("NFD", "Zażółć gęślą jaźń"): 17,
    NFD("NFD", "Zoë"): 3,
    "Zoë": 3,
    "👨\u200d👩\u200d👧": 2,  # a family: three emoji joined by ZWJ
    "🇵🇱": 2,  # a flag: two regional indicators
    "👍🏽": 2,  # an emoji with a skin tone modifier
    "❤\ufe0f": 2,  # VS16 asks for the emoji (wide) presentation
    "❤": 1,
    "客户体验": 8,
    "（一致）。": 10,
    "Chen 陈伟 👍🏽": 12,
    "a\u200bb": 2,  # zero width space
}
CLOSE = "、。，．：；？！）」』》〉】〕］｝”’…"
OPEN = "（「『《〈【〔［｛“‘"


@pytest.mark.parametrize("text,cells", CELLS.items(), ids=[ascii(k) for k in CELLS])
def test_cell_width(text, cells):
    assert cell_width(text) == cells


@pytest.mark.parametrize("text", CELLS, ids=[ascii(k) for k in CELLS])
def test_cell_width_is_riches_measure(text):
    """Our padding and wrapping measure what Rich measures when it lays out a table."""
    assert cell_width(text) == rich.cells.cell_len(text)


@pytest.mark.parametrize("text", CELLS, ids=[ascii(k) for k in CELLS])
def test_cell_width_agrees_with_wcwidth(text):
    wcwidth = pytest.importorskip("wcwidth", minversion="0.9")
    assert cell_width(text) == wcwidth.wcswidth(text)


def test_padding_lines_up_with_a_rich_table():
    """A column padded by cell_width and the Rich table around it end at the same cell."""
    console = Console(width=60, record=True, color_system=None, file=io.StringIO())
    names = list(CELLS)
    width = max(map(cell_width, names))
    table = Table("name", "|")
    for name in names:
        table.add_row(name + " " * (width - cell_width(name)) + "|", "x")
    console.print(table)
    lines = console.export_text().splitlines()
    assert len({cell_width(line) for line in lines}) == 1
    bars = {cell_width(line[: line.index("|")]) for line in lines if line.endswith("x │")}
    assert len(bars) == 1, lines


def test_ascii_fast_path_and_controls():
    assert cell_width("") == 0
    assert cell_width("hello, world") == 12
    assert cell_width("a\tb") == rich.cells.cell_len("a\tb")


def test_one_cell_width_for_charts_too():
    assert not hasattr(chart_text, "_cells")


# -- pieces and break_lines -----------------------------------------------------------

QUESTION = "您的广告信息和承诺，与客户在旅程中实际获得的体验是否一致？"


def test_pieces_keep_chinese_punctuation_attached():
    assert pieces("承诺，与（客户）") == ["承", "诺，", "与", "（客", "户）"]
    assert pieces("好 ）。 「」 （") == ["好 ", "）。 ", "「」 ", "（"]
    assert pieces("0.12），下降") == ["0.12），", "下", "降"]
    assert "".join(pieces(QUESTION)) == QUESTION


def test_pieces_may_break_after_a_hyphen_when_asked():
    assert pieces("Non-digital self-assessment") == ["Non-digital ", "self-assessment"]
    assert pieces("Non-digital self-assessment e-mail", hyphens=True) == [
        "Non-",
        "digital ",
        "self-",
        "assessment ",
        "e-mail",
    ]
    assert pieces("Łódź-Bałuty", hyphens=True) == ["Łódź-", "Bałuty"]


def test_break_lines_chinese():
    lines = break_lines(QUESTION * 2, 18)
    assert "".join(lines) == QUESTION * 2
    assert all(cell_width(line) <= 18 for line in lines)
    assert not any(line.startswith(tuple(CLOSE)) for line in lines)
    assert not any(line.endswith(tuple(OPEN)) for line in lines)


def test_break_lines_keeps_paragraphs_and_long_words():
    assert break_lines("one two\nthree", 20) == ["one two", "three"]
    assert break_lines("a supercalifragilistic b", 5) == ["a", "supercalifragilistic", "b"]
    assert break_lines("", 10) == [""]


def test_break_lines_in_another_unit():
    """The caller's unit: here characters, so Chinese counts one a character."""
    assert break_lines("客户体验很好", 3, measure=len) == ["客户体", "验很好"]


# -- the property: over mixed Latin, Chinese, emoji and decomposed text ---------------

TOKENS = st.sampled_from(
    [
        "customer",
        "a",
        "touchpoint",
        "Non-digital",
        "self-assessment",
        NFD("NFD", "Wójcik"),
        "Łukasz",
        NFD("NFD", "Zoë"),
        "0.12",
        "NPS",
        *"客户体验旅程一致承诺广告",
        *CLOSE,
        *OPEN,
        "👨\u200d👩\u200d👧",
        "🇵🇱",
        "👍🏽",
        "❤\ufe0f",
        " ",
        " ",
        " ",
        "  ",
        "\n",
    ]
)
TEXTS = st.lists(TOKENS, max_size=40).map("".join)


def _located(text: str, lines: list[str]) -> list[tuple[int, int]]:
    """Where each line's text is in ``text`` (start, end), lines taken in order."""
    spans, at = [], 0
    for line in lines:
        while at < len(text) and text[at].isspace() and not text.startswith(line, at):
            at += 1
        assert text.startswith(line, at), (line, text[at:])
        spans.append((at, at + len(line)))
        at += len(line)
    return spans


def check_lines(text: str, lines: list[str], width: int, measure=cell_width) -> None:
    # no text lost: the lines give the text back, but for spaces
    assert re.sub(r"\s", "", "".join(lines)) == re.sub(r"\s", "", text)
    for line in lines:
        # none wider than the width unless it is a single piece that is wider
        if measure(line) > width:
            assert len([p for p in pieces(line) if p.strip()]) == 1, (line, width)
        assert line == line.rstrip()
    # no line starts with closing punctuation or ends with an opening bracket where the
    # text had no space there (a break inside the text, not at a space or a paragraph)
    for start, end in _located(text, lines):
        if start > 0 and text[start] in CLOSE:
            assert text[start - 1].isspace(), (text, lines)
        if end < len(text) and end > start and text[end - 1] in OPEN:
            assert text[end].isspace(), (text, lines)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, width=st.integers(1, 40))
def test_break_lines_properties(text, width):
    lines = break_lines(text, width)
    assert len(lines) >= text.count("\n") + 1
    check_lines(text, lines, width)


@settings(max_examples=200, deadline=None)
@given(text=TEXTS)
def test_cell_width_is_riches_measure_everywhere(text):
    assert cell_width(text) == rich.cells.cell_len(text)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, width=st.integers(1, 40), max_lines=st.none() | st.integers(1, 3))
def test_chart_wrap_properties(text, width, max_lines):
    lines = chart_text.wrap(text, width, max_lines).split("\n")
    full = break_lines(text, width, hyphens=True)
    if max_lines and len(full) > max_lines:  # cut: the first lines, the last ends in '…'
        assert lines[:-1] == full[: max_lines - 1]
        assert lines[-1] == full[max_lines - 1].rstrip(" ,;，、；：") + "…"
    else:
        assert lines == full
        check_lines(text, lines, width)


# -- the terminal's wrap: a thin layer over break_lines, output as before -------------


def _old_cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _old_wrap(text: str, width: int, indent: str = "", subsequent: str | None = None) -> str:
    """textwidth.wrap before break_lines (the golden outputs were recorded with it)."""
    subsequent = indent if subsequent is None else subsequent
    lines, line = [], indent
    for piece in pieces(text):
        word = piece.rstrip()
        if word:
            if _old_cells(line) + _old_cells(word) > width and line.strip():
                lines.append(line.rstrip())
                line = subsequent
            line += word
        if piece != word and line.strip():
            line += " "
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines)


# text on which the old per-character width was right: letters, Chinese, punctuation
PLAIN = st.lists(
    st.sampled_from(
        ["one", "two", "three", "Non-digital", "Łukasz", "zażółć", *"客户体验旅程", *CLOSE, *OPEN]
        + [" ", " ", "  ", "\n", "\t"]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(
    text=PLAIN,
    width=st.integers(1, 40),
    indent=st.sampled_from(["", "  ", "    "]),
    subsequent=st.sampled_from([None, "", "      "]),
)
def test_terminal_wrap_is_unchanged(text, width, indent, subsequent):
    assert wrap(text, width, indent, subsequent) == _old_wrap(text, width, indent, subsequent)


def test_terminal_wrap():
    assert wrap("one two three four five six seven", 10).splitlines() == [
        "one two",
        "three four",
        "five six",
        "seven",
    ]
    assert wrap("  one   two\nthree  ", 80) == "one two three"
    assert wrap("one two three", 9, "- ", "  ") == "- one two\n  three"
    assert wrap("Non-digital channels", 8).splitlines() == ["Non-digital", "channels"]
    assert wrap("", 10) == wrap("   ", 10) == ""
    lines = wrap(QUESTION, 20, "  ", "    ").splitlines()
    assert all(cell_width(line) <= 20 for line in lines)
    assert not any(line.strip().startswith(tuple(CLOSE)) for line in lines)


def test_terminal_wrap_measures_emoji_and_accents():
    name = NFD("NFD", "Zażółć gęślą jaźń")  # 17 cells, 23 code points
    assert wrap(f"{name} ok", 20) == f"{name} ok"
    family = "👨\u200d👩\u200d👧"
    assert wrap(f"{family} {family} {family}", 8) == f"{family} {family} {family}"


# -- the charts' wrap ----------------------------------------------------------------


def test_chart_wrap_latin_as_before():
    """Latin labels wrap as textwrap did (at spaces and after hyphens)."""
    for text in [
        "Communications across every channel and touchpoint",
        "Non-digital across every channel and touchpoint",
        "Representatives and self-assessment results",
    ]:
        for width in (8, 12, 18, 30, 34):
            expected = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=True)
            assert chart_text.wrap(text, width) == "\n".join(expected), (text, width)


def test_chart_wrap_chinese_breaks_between_characters_not_before_punctuation():
    text = QUESTION
    old_cut = [text[i : i + 9] for i in range(0, len(text), 9)]
    assert old_cut[1].startswith("，")  # what the old chart wrap did at width 18
    lines = chart_text.wrap(text, 18).split("\n")
    assert "".join(lines) == text
    assert all(cell_width(line) <= 18 for line in lines)
    assert not any(line.startswith(tuple(CLOSE)) for line in lines)
    brackets = chart_text.wrap("客户体验（净推荐值）是否一致", 10).split("\n")
    assert not any(line.endswith("（") or line.startswith("）") for line in brackets)


def test_chart_wrap_mixed_text_counts_cells():
    """Latin letters in Chinese text take one cell, not two."""
    assert chart_text.wrap("NPS 净推荐值", 12) == "NPS 净推荐值"  # was "NPS 净推\n荐值"
    assert chart_text.wrap("Chen Wei 陈伟", 13) == "Chen Wei 陈伟"


def test_chart_wrap_max_lines():
    assert chart_text.wrap("one two three four", 8, max_lines=1) == "one two…"
    assert chart_text.wrap("one, two three", 5, max_lines=1) == "one…"
    assert chart_text.wrap(QUESTION, 20, max_lines=1) == "您的广告信息和承诺…"
    assert chart_text.wrap(QUESTION, 18, max_lines=1) == "您的广告信息和承…"  # "诺，" too wide
    assert chart_text.wrap("short", 18, max_lines=1) == "short"
    assert chart_text.wrap("", 18) == ""


def test_textwidth_has_one_breaker():
    """wrap (terminal) and the chart wrap both break where break_lines breaks."""
    text = "Komunikacja z klientem " + QUESTION
    for width in (6, 11, 20, 33):
        lines = break_lines(text, width)
        assert wrap(text, width).split("\n") == lines
        assert chart_text.wrap(text, width).split("\n") == break_lines(text, width, hyphens=True)


# -- no-break spaces -----------------------------------------------------------------------


@pytest.mark.parametrize("nbsp", ["\u00a0", "\u202f", "\u2007"])
def test_a_no_break_space_is_never_a_line_break(nbsp):
    """U+00A0, U+202F and U+2007 join what they stand between (Unicode line breaking,
    class GL): "6. Stores 6" held together so, in a list wrapped at the terminal,
    never ends one line with "6." or "Stores" and starts the next with the rest."""
    text = f"so far: 1.{nbsp}Trust{nbsp}8, 2.{nbsp}Stores{nbsp}6, 3.{nbsp}Web{nbsp}15"
    for width in range(8, 40):
        for line in break_lines(text, width):
            assert not line.endswith((".", "Stores", "Web")), (width, line)
        lines = wrap(text, width).split("\n")
        assert all(nbsp in line or line in ("so far:", "so", "far:") for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert pieces(f"a{nbsp}b c") == [f"a{nbsp}b ", "c"]
    assert wrap(f"a{nbsp}b   c", 80) == f"a{nbsp}b c"  # runs of spaces still one space


def test_wrap_items_breaks_only_between_items():
    items = ["so far: 1. 广告、", "2. 内容、", "3. 数字化、", "4. 非数字化、", "5. 沟通"]
    for width in range(20, 50):  # the widest item and its indent fit from 20
        lines = wrap_items(items, width, "  ", "      ").split("\n")
        assert all(cell_width(line) <= width for line in lines), (width, lines)
        assert "".join(lines).replace(" ", "") == "".join(items).replace(" ", "")
        for item in items[1:]:
            assert any(item.strip() in line for line in lines), (width, item, lines)
    # an item wider than the line is wrapped itself rather than running past the edge
    lines = wrap_items(["a: ", "one two three four five six", " end"], 12, "", "  ").split("\n")
    assert all(cell_width(line) <= 12 for line in lines), lines
    assert (
        " ".join(x.strip() for x in lines).split() == "a: one two three four five six end".split()
    )
