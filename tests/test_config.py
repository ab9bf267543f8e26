"""The user's settings file (cx_pillars.config) and `cx-pillars config`."""

from __future__ import annotations

import json
import shutil
import stat

import pytest
from conftest import RANKING, RATINGS, SAMPLE


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A user of their own: a fresh configuration folder, no environment settings."""
    from cx_pillars import config

    folder = tmp_path / "config-home"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    for var in ("CX_PILLARS_DIR", "CX_PILLARS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    config._read.cache_clear()
    yield folder / "cx-pillars" / "config.toml"
    config._read.cache_clear()


def test_set_show_unset(cli, home):
    assert cli("config", "set", "dir", SAMPLE).exit_code == 0
    assert cli("config", "set", "lang", "PL").exit_code == 0  # stored as the tool spells it
    text = home.read_text("utf-8")
    assert f'dir = "{SAMPLE}"' in text and 'lang = "pl"' in text
    assert stat.S_IMODE(home.stat().st_mode) & 0o077 == 0  # the user's own
    shown = cli("config").output
    assert str(home) in shown and f"dir        {SAMPLE}" in shown
    assert cli("config", "unset", "lang").exit_code == 0
    assert "lang" not in home.read_text("utf-8")
    assert "lang is not set" in cli("config", "unset", "lang").output


def test_the_store_folder_comes_from_the_file_unless_an_option_or_the_environment_says(
    cli, home, tmp_path, monkeypatch
):
    cli("config", "set", "dir", SAMPLE)
    assert len(json.loads(cli("list", "--json").stdout)) == 8  # no --dir typed
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(SAMPLE / "2026-11-17T151000Z-chen-wei-0be7.toml", other)
    assert len(json.loads(cli("list", "--json", "--dir", other).stdout)) == 1
    monkeypatch.setenv("CX_PILLARS_DIR", str(other))
    assert len(json.loads(cli("list", "--json").stdout)) == 1
    assert "$CX_PILLARS_DIR" in cli("config").output


def test_the_language_comes_from_the_file(cli, home, monkeypatch):
    cli("config", "set", "lang", "pl")
    assert "10 filarów" in cli("pillars").output
    assert "The 10 pillars" in cli("pillars", "--lang", "en").output
    monkeypatch.setenv("CX_PILLARS_LANG", "zh-Hans")
    assert "10 个" in cli("pillars").output or "支柱" in cli("pillars").output


def test_the_team_is_the_answer_rate_offers(interactive, home, cli, folder):
    cli("config", "set", "team", "Stores North")
    # Enter at the team prompt takes the configured team
    keys = "Ana\r" + "\r" + "\r" + RATINGS.replace(",", "") + "123456789" + "s"
    result = interactive(keys, "--dir", folder)
    assert result.exit_code == 0, result.output
    doc = json.loads(cli("list", "--dir", folder, "--json").stdout)[0]
    assert doc["team"] == "Stores North"
    # ... and it never filters what `team` shows
    other = ("rate", "--dir", folder, "--respondent", "Ben", "--team", "Online", "--yes")
    assert cli(*other, "--ratings", RATINGS, "--ranking", RANKING).exit_code == 0
    assert json.loads(cli("team", "--dir", folder, "--json").stdout)["respondents"] == 2


def test_the_framework_comes_from_the_file(cli, home, tmp_path):
    fw = tmp_path / "three.toml"
    fw.write_text(
        'id = "three"\nname = "Three"\n'
        + "".join(f'[[pillars]]\nid = "{p}"\nlabel = "{p.upper()}"\n' for p in "abc"),
        "utf-8",
    )
    assert cli("config", "set", "framework", fw).exit_code == 0
    doc = json.loads(cli("pillars", "--json").stdout)
    assert doc["framework"] == "three"


@pytest.mark.parametrize(
    "args, code, words",
    [
        (["set", "colour", "red"], 2, "'colour' is not a setting; settings are dir, lang"),
        (["set", "lang", "de"], 2, "'de' is not a language cx-pillars speaks"),
        (["set", "team", " "], 2, "give a value"),
    ],
)
def test_bad_settings_are_refused(cli, home, args, code, words):
    result = cli("config", *args)
    assert result.exit_code == code and words in " ".join(result.output.split())
    assert not home.exists()


def test_a_broken_file_names_itself(cli, home):
    home.parent.mkdir(parents=True)
    home.write_text('dir = "/x"\ncolour = "red"\n', "utf-8")
    result = cli("list")
    assert result.exit_code == 1
    assert str(home) in result.output and "unknown setting 'colour'" in result.output
    assert "Traceback" not in result.output


def test_lang_before_the_command(cli):
    assert "10 filarów" in cli("--lang", "pl", "pillars").output
    assert "The 10 pillars" in cli("pillars").output  # for that run only
    bad = cli("--lang", "de", "pillars")
    assert bad.exit_code == 2 and "'de' is not a supported language" in bad.output
