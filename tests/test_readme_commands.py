"""The README's walk-through, run as printed: each `$ cx-pillars ...` line of its
quick start and the sample store's commands, in a fresh folder, in order."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE

README = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")


def printed(command: str) -> list[str]:
    """The words of a command the README prints (`$ ...` or `...` in its text)."""
    assert command in README, f"the README no longer shows {command!r}"
    return shlex.split(command)[1:]


WALK = [
    "cx-pillars demo",
    "cx-pillars compare --dir cx-pillars-demo/assessments --survey customers",
    "cx-pillars report --dir cx-pillars-demo/assessments --survey customers --out pack.pdf"
    " --pptx pack.pptx --html pack.html --markdown pack.md",
    "cx-pillars team --dir assessments/sample",
    "cx-pillars list --dir assessments/sample",
]


@pytest.mark.slow
def test_the_quick_start_works_as_printed(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SAMPLE, tmp_path / "assessments" / "sample")
    outputs = {}
    for command in WALK:
        result = cli(*printed(command))
        assert result.exit_code == 0, (command, result.output)
        outputs[command] = result.output
    for name in ("pack.pdf", "pack.md", "pack.pptx", "pack.html"):
        assert (tmp_path / name).exists(), name
    for line in ("Wrote pack.pdf (10 pages)", "Wrote pack.pptx (10 slides)", "Wrote pack.html"):
        assert line in README and line in outputs[WALK[2]], line
    # the comparison's first line, as the README quotes it
    quoted = re.search(r"\$ cx-pillars compare [^\n]*\n([^\n]+)", README).group(1)
    assert quoted in outputs[WALK[1]]


def test_the_scripted_rate_works_as_printed(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    block = re.search(r"\$ (cx-pillars rate --respondent .*?--yes)", README, re.S).group(1)
    words = shlex.split(block.replace("\\\n", " "))[1:]
    result = cli(*words)
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "assessments").glob("*.toml"))) == 1


def test_the_settings_example_works_as_printed(cli, tmp_path, monkeypatch):
    from cx_pillars import config

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home"))
    config._read.cache_clear()
    try:
        for command in ("cx-pillars config set lang pl", "cx-pillars config"):
            assert cli(*printed(command)).exit_code == 0
    finally:
        config._read.cache_clear()
