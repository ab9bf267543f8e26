"""--help as a newcomer reads it: whole sentences, grouped options, an example under
every command, and a command reference in docs/ that is what the help prints."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main

from cx_pillars.cli import app
from cx_pillars.cli.help import EXAMPLES, reference

DOCS = Path(__file__).resolve().parents[1] / "docs" / "commands.md"


def paths(command=None, words=()):
    command = command or typer.main.get_command(app)
    yield " ".join(words)
    for name, sub in getattr(command, "commands", {}).items():
        yield from paths(sub, (*words, name))


ALL = list(paths())


@pytest.mark.parametrize("path", ALL)
def test_every_command_has_an_example_that_runs_that_command(cli, path):
    assert EXAMPLES.get(path), f"no example for `cx-pillars {path}`"
    result = cli(*path.split(), "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert all(e.startswith(f"cx-pillars {path}".strip()) for e in EXAMPLES[path])


def test_no_example_for_a_command_that_does_not_exist():
    assert set(EXAMPLES) <= set(ALL)


def test_the_command_list_has_whole_first_sentences(cli):
    out = cli("--help").output
    listing = out.split("Commands:")[1].split("Examples:")[0]
    assert "..." not in listing  # click cut summaries at 45 characters
    assert "The catalog: ids, labels and the question each pillar asks." in " ".join(
        listing.split()
    )


def test_shared_options_are_grouped_after_the_commands_own(cli):
    out = cli("compare", "--help").output
    heads = [line for line in out.splitlines() if line.endswith(":") and not line[0].isspace()]
    assert heads[:4] == [
        "Options:",
        "Store and selection:",
        "Customer survey:",
        "Output and language:",
    ]
    assert out.index("--top") < out.index("Store and selection:") < out.index("--dir")


def test_the_command_reference_is_what_the_help_prints():
    assert DOCS.read_text("utf-8") == reference(), "run: python docs/make_reference.py"


@pytest.mark.parametrize("path", [p for p in ALL if p in EXAMPLES])
def test_every_example_is_a_command_line_the_command_accepts(path):
    """Each example parses: its options exist and take the values given (a typo in an
    example would be pasted by every newcomer)."""
    import shlex

    for example in EXAMPLES[path]:
        words = shlex.split(example)[1:]
        command, name = typer.main.get_command(app), "cx-pillars"
        while words and words[0] in getattr(command, "commands", {}):
            name = words.pop(0)
            command = command.commands[name]
        command.make_context(name, words)  # raises on an unknown option or a bad value


def test_shell_completion_completes_commands_and_options():
    import os
    import subprocess
    import sys

    def complete(words: str, cword: int) -> str:
        env = {**os.environ, "_CX_PILLARS_COMPLETE": "complete_bash"}
        env.update(COMP_WORDS=words, COMP_CWORD=str(cword))
        code = "from cx_pillars.cli import main; main()"
        run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
        return run.stdout

    assert complete("cx-pillars te", 1).split() == ["team"]
    assert "--all-runs" in complete("cx-pillars team --al", 2).split()


def test_chart_alone_lists_the_kinds(cli):
    result = cli("chart")
    assert "Missing argument" not in result.output
    out = " ".join(result.output.split())
    assert "Arguments: KIND gap, priorities, scores, agreement, segments or trend." in out
