"""The main commands print exactly what ``record.py`` recorded (see its docstring)."""

from __future__ import annotations

import difflib

import pytest

from . import record


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    return record.run_all()


@pytest.mark.parametrize("name", [name for name, _ in record.COMMANDS])
def test_output_unchanged(outputs: dict[str, str], name: str) -> None:
    expected = (record.EXPECTED / f"{name}.txt").read_text(encoding="utf-8")
    if outputs[name] != expected:
        lines = difflib.unified_diff(
            expected.splitlines(), outputs[name].splitlines(), "recorded", "now", lineterm="", n=2
        )
        diff = "\n".join(line if len(line) < 300 else line[:300] + " …" for line in lines)
        pytest.fail(f"{name} changed (rerun tests/golden/record.py if intended):\n{diff}")
