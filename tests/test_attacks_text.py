"""Attacks through text read from files (issue 15): formulas in CSV whatever the
separator, Markdown and HTML from names, terminal escapes, codecs that are not text."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import RANKING, RATINGS

from cx_pillars import exporting, safetext
from cx_pillars.errors import CxError

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
ESCAPES = ["\x1b]52;c;SGVsbG8=\x07", "\x1b]0;owned\x07", "\x1b[2J", "\u202e", "\x9b31m", "\u200b"]


def pieces(line: str) -> list[str]:
    """Every field a spreadsheet could make of ``line``, splitting on any separator."""
    out = []
    for sep in (",", ";", "\t", "|"):
        out += line.split(sep)
    return out


@pytest.mark.parametrize(
    "name",
    [
        "Ana;=cmd|' /C calc'!A0;",
        "Ana,=1+1",
        "Ana\t@SUM(A1)",
        "Ana|+1",
        "x;-2",
        "a;\t=x",
        '=HYPERLINK("http://x")',
        "plain; text",
    ],
)
def test_formula_cannot_start_after_any_separator(name: str) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(["id-1", exporting.neutralise(name), 3])
    line = buf.getvalue().rstrip("\n")
    bad = [p for p in pieces(line) if p.startswith(DANGEROUS_START)]
    assert bad == [], (line, bad)


def test_formula_guard_keeps_ordinary_text() -> None:
    for text in ["Ana", "Zoë Ng", "a, b", "50%", "3-4"]:
        assert safetext.csv_cell(text) == text
    assert safetext.csv_cell(7) == 7


def test_export_with_semicolon_name_splits_into_no_formula(cli, tmp_path) -> None:
    folder = tmp_path / "store"
    result = cli(
        "rate", "--dir", folder, "-r", "Ana;=cmd|' /C calc'!A0;", "--team", "T",
        "--ratings", RATINGS, "--ranking", RANKING,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    result = cli("export", "--dir", folder)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert any("calc" in line for line in lines)
    for line in lines:
        assert [p for p in pieces(line) if p.startswith(DANGEROUS_START)] == []


@pytest.mark.parametrize(
    "attack",
    [
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "`rm -rf`",
        "*bold* _it_",
        "# Heading",
        "a | b",
        "1. item",
        "- item",
        "a\n# b",
    ],
)
def test_markdown_escaper_leaves_no_markup(attack: str) -> None:
    out = safetext.markdown(attack)
    assert "\n" not in out
    # every special character is preceded by a backslash
    for i, ch in enumerate(out):
        if ch in "<>[]`*_|":
            assert out[i - 1] == "\\", (attack, out)
    assert not out.startswith(("#", "-", "+", ">", "1."))


def test_markdown_escaper_renders_back_to_the_text() -> None:
    # CommonMark: a backslash before ASCII punctuation is that character, literally.
    import re

    for text in ["<img src=x onerror=alert(1)>", "Ana | Ben", "1. x", "# T", "a_b*c"]:
        rendered = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", safetext.markdown(text))
        assert rendered == text


@pytest.mark.parametrize("bad", ESCAPES)
def test_check_refuses_control_and_invisible_characters(bad: str) -> None:
    with pytest.raises(CxError) as caught:
        safetext.check(f"Wave{bad}March", path="s.toml", field="name")
    line = str(caught.value)
    assert "s.toml" in line and "name" in line
    assert "\x1b" not in line and "\x9b" not in line and "\n" not in line
    assert f"U+{ord(bad.lstrip()[0]):04X}" in line


def test_check_lets_ordinary_text_through() -> None:
    for text in ["Wave March", "Zoë", "客户", "Ana-K (Kraków)"]:
        assert safetext.check(text, path=None, field="name") == text


@pytest.mark.parametrize("codec", ["base64", "hex", "zlib", "rot13", "idna", "punycode", "bz2"])
def test_non_text_encoding_is_a_usage_error(cli, tmp_path, codec: str) -> None:
    src = tmp_path / "e.csv"
    src.write_text("a,b\n1,2\n")
    result = cli("survey", "import", src, "--encoding", codec, "--name", "x", "--dir", tmp_path)
    assert result.exit_code == 2, result.output
    assert "unexpected" not in result.output
    assert codec in result.output and "utf-8" in result.output
