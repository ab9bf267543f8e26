"""Issue 16, item 1: `rate template`, the colleague questionnaire for a form tool: every
question with each pillar's guiding question and what a 1 and a 5 look like, the steps
of the chosen tool, an import-ready header, in each language, at 80 columns; another
framework's items; a file written new, never over another."""

from __future__ import annotations

import pytest

from cx_pillars.colleagues import template
from cx_pillars.i18n import LANGUAGES
from cx_pillars.pillars import builtin_framework
from cx_pillars.textwidth import cell_width

FW = builtin_framework()
TOOLS = ("forms", "google", "qualtrics", "generic")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("tool", TOOLS)
def test_the_questionnaire_in_every_language_and_tool(cli, lang, tool):
    result = cli("rate", "template", "--lang", lang, "--tool", tool)
    assert result.exit_code == 0, result.output
    text = result.stdout
    built = template.build(FW, lang, tool)
    assert text == built.text
    header_line = built.csv_header().rstrip("\r\n")
    # at 80 columns: every line fits but the header, which is one line to copy
    for line in text.splitlines():
        assert line == header_line or cell_width(line) <= 80, line
    flat = "".join(text.split())  # wrapped lines (CJK ones break between characters)
    for p in FW.pillars:
        for key in ("label", "question", "low", "high"):
            assert "".join(p.text(key, lang).split()) in flat, (p.id, key)
    assert header_line in text.splitlines()
    assert "cx-pillars team import FILE" in text
    steps = template.tool_steps(tool, lang)
    assert len(steps) >= 4
    assert all(f"{i}. " in text for i in range(1, len(steps) + 1))


def test_the_steps_say_how_to_rank_in_each_tool():
    assert '"Ranking" question' in template.build(FW, "en", "forms").text
    google = " ".join(template.build(FW, "en", "google").text.split())
    assert "Google Forms has no ranking question" in google
    assert '"Multiple choice grid" titled "Rank"' in google
    assert '"Limit to one response per column"' in google
    assert '"Dropdown" questions titled "Rank 1" to "Rank 10"' in google
    assert '"Rank Order"' in template.build(FW, "en", "qualtrics").text


def test_tool_names_and_errors(cli):
    assert template.find_tool("Google Forms") == "google"
    assert template.find_tool("ms-forms") == "forms"
    assert template.find_tool(None) == "generic"
    result = cli("rate", "template", "--tool", "typeform")
    assert result.exit_code == 2
    assert "unknown --tool 'typeform' (one of forms, google, qualtrics, generic)" in result.output


def test_another_framework(cli, tmp_path):
    fw_file = tmp_path / "six.toml"
    fw_file.write_text(
        'id = "six"\nname = "KPMG Six Pillars"\n'
        '[[pillars]]\nid = "personalisation"\nlabel = "Personalisation"\n'
        'question = "Do we treat each customer as an individual?"\n'
        + "".join(f'[[pillars]]\nid = "p{i}"\nlabel = "Item {i}"\n' for i in range(5)),
        encoding="utf-8",
    )
    result = cli("rate", "template", "--framework", fw_file, "--tool", "google")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "KPMG Six Pillars" in text and "Rating [Personalisation]" in text
    assert "Do we treat each customer as an individual?" in text
    assert "\n     1 = " not in text  # no scale ends in this framework: none invented
    assert "numbers 1 to 6 as its columns" in " ".join(text.split())
    assert "Rank [Item 4]" in text and "Note [Item 4]" in text


def test_out_writes_a_new_file_and_never_over_one(cli, tmp_path):
    out = tmp_path / "questionnaire.txt"
    result = cli("rate", "template", "--lang", "pl", "--out", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == template.build(FW, "pl").text
    out.write_text("mine", encoding="utf-8")
    again = cli("rate", "template", "--out", out)
    assert again.exit_code == 1
    assert "already exists (nothing was overwritten)" in again.stderr
    assert out.read_text(encoding="utf-8") == "mine"
