import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
SAMPLE = REPO / "assessments" / "sample"

# Wide, colourless, deterministic terminal output for assertions.
os.environ["COLUMNS"] = "160"
os.environ["TERMINAL_WIDTH"] = "160"
os.environ["NO_COLOR"] = "1"
os.environ.pop("CX_PILLARS_DIR", None)

RATINGS = "3,2,4,4,3,3,4,2,2,3"
RANKING = ("service,friction,products,digital,communications,representatives,reputation,"
           "content,non_digital,advertising")


@pytest.fixture
def fw():
    from cx_pillars.pillars import builtin_framework
    return builtin_framework()


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    return folder


@pytest.fixture
def runner():
    from typer.testing import CliRunner
    return CliRunner()


@pytest.fixture
def cli(runner):
    """Run the CLI in-process: cli("list", "--dir", d) -> Result."""
    from cx_pillars.cli import app

    def run(*args, input=None):
        return runner.invoke(app, [str(a) for a in args], input=input)
    return run
