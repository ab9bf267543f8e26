"""The installed command in a real pseudo-terminal, and what `--help` imports."""

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from cx_pillars import store

pexpect = pytest.importorskip("pexpect")


def installed_command() -> str:
    """The `cx-pillars` script next to this Python (the one pip installed)."""
    candidate = Path(sys.executable).parent / "cx-pillars"
    found = str(candidate) if candidate.exists() else shutil.which("cx-pillars")
    if not found:
        pytest.fail("cx-pillars is not installed; run pip install -e '.[test,warehouse]'")
    return found


def test_rate_in_a_real_terminal(tmp_path):
    env = {
        **os.environ,
        "COLUMNS": "100",
        "LINES": "40",
        "TERM": "xterm-256color",
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }  # pexpect does not answer cursor-position queries
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(
        installed_command(),
        ["rate", "--dir", str(tmp_path)],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 100),
    )
    child.expect("Your name")
    child.send("Dorota\r")
    child.expect("Team")
    child.send("Stores\r")
    child.expect("Your role")
    child.send("Operations\r")
    for k, key in enumerate("4323443334", start=1):
        child.expect(f"{k}/10")
        child.send(key)
    child.expect("place 1 of 10")
    for key in "123456789":  # each pillar's own number, as shown
        child.send(key)
    child.expect("Save this assessment")
    child.send("s")
    child.expect("Saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [saved] = list(tmp_path.glob("*.toml"))
    doc = tomllib.loads(saved.read_text())
    assert doc["respondent"] == "Dorota" and doc["team"] == "Stores"
    assert doc["ratings"]["advertising"] == 4 and sum(doc["ratings"].values()) == 33
    listing = subprocess.run(
        [installed_command(), "list", "--dir", str(tmp_path), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(listing.stdout)[0]["respondent"] == "Dorota"


def test_ctrl_c_in_a_real_terminal_exits_130_and_keeps_a_draft(tmp_path):
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(
        installed_command(),
        ["rate", "--dir", str(tmp_path)],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 100),
    )
    child.expect("Your name")
    child.send("Ana\r")
    child.expect("Team")
    child.send("T\r")
    child.expect("Your role")
    child.send("\r")
    child.expect("1/10")
    child.send("3")
    child.expect("2/10")
    # A Ctrl-C typed while the prompt switches the terminal to raw mode can be flushed
    # with the pending input (a person then presses it again); so can the test's.
    for _ in range(5):
        child.sendintr()
        if child.expect(["--resume", pexpect.TIMEOUT], timeout=4) == 0:
            break
    else:
        pytest.fail(f"Ctrl-C never ended the walk-through: {child.before[-300:]!r}")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert list(tmp_path.glob("*.toml")) == []
    draft = tomllib.loads(store.draft_path(tmp_path).read_text())
    assert draft["ratings"] == {"advertising": 3}


HEAVY = ("matplotlib", "questionary", "numpy", "prompt_toolkit")
# The package's data files are read as paths (cx_pillars.DATA): importlib.resources and
# the zip reader it brings cost ~2 ms at every start.
HEAVY += ("importlib.resources", "zipfile")


@pytest.mark.parametrize(
    "argv", [["--help"], ["rate", "--help"], ["pillars", "--json"], ["pillars"]]
)
def test_startup_does_not_import_heavy_libraries(argv):
    code = (
        "import sys\n"
        f"sys.argv = ['cx-pillars', *{argv!r}]\n"
        "from cx_pillars.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_python_dash_m_works():
    out = subprocess.run(
        [sys.executable, "-m", "cx_pillars", "--version"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.startswith("cx-pillars ")


@pytest.mark.parametrize(
    "argv,code,words",
    [
        (["--help"], 0, "compare"),  # the top-level help lists every command
        (["pillars"], 0, "non_digital"),
        (["--debug", "pillars", "--json"], 0, '"friction"'),
        (["survey", "--help"], 0, "import"),
        (["nope"], 2, "No such command"),
    ],
)
def test_only_the_command_asked_for_is_built(argv, code, words):
    result = subprocess.run(
        [sys.executable, "-m", "cx_pillars", *argv], capture_output=True, text=True
    )
    assert result.returncode == code
    assert words in result.stdout + result.stderr
