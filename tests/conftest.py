import atexit
import os
import shutil
import tempfile
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
# The secret that links a user's anonymous runs lives in the user's configuration
# folder: never the real one during tests.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="cx-pillars-test-config-")
atexit.register(shutil.rmtree, os.environ["XDG_CONFIG_HOME"], True)

RATINGS = "3,2,4,4,3,3,4,2,2,3"
RANKING = (
    "service,friction,products,digital,communications,representatives,reputation,"
    "content,non_digital,advertising"
)


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


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo team and its imported survey ("customers"), written once per module."""
    from cx_pillars.demo import write_demo
    from cx_pillars.pillars import builtin_framework
    from cx_pillars.survey.importer import import_file, save_summary

    fw = builtin_framework()
    store, survey = write_demo(tmp_path_factory.mktemp("demo"), fw)
    summary = import_file(survey, fw, birth_year="birth_year", name="customers").summary
    save_summary(summary, store)
    return store


@pytest.fixture
def interactive(monkeypatch, runner):
    """run(keys, *args): `cx-pillars rate` as if typed at a terminal (prompt_toolkit's
    pipe input carries the key presses)."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    import cx_pillars.cli as cli_module

    monkeypatch.setattr(cli_module.rate, "stdin_is_terminal", lambda: True)

    def run(keys, *args):
        with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
            inp.send_text(keys)
            return runner.invoke(cli_module.app, ["rate", *map(str, args)])

    return run
