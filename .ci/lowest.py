"""Print the lowest versions pyproject.toml allows, one ``name==version`` a line.

The floors are stated once, in ``[project] dependencies``; CI installs these pins in a
second virtual environment to prove that the floors really work:

    python .ci/lowest.py > /tmp/lowest.txt && pip install -e '.[test]' -c /tmp/lowest.txt

Every dependency must have a ``>=`` floor; one without is an error, so that a new
dependency cannot escape the check.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$")


def pins(dependencies: list[str]) -> list[str]:
    out = []
    for line in dependencies:
        requirement = line.split(";")[0]  # no environment markers in use
        match = REQUIREMENT.match(requirement)
        if not match:
            raise SystemExit(f"cannot read the requirement {line!r}")
        name, _extras, spec = match.groups()
        floor = re.search(r">=\s*([0-9][^,\s]*)", spec)
        if floor is None:
            raise SystemExit(f"{name}: no >= floor in pyproject.toml ({line!r})")
        out.append(f"{name}=={floor.group(1)}")
    return out


def main() -> None:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    sys.stdout.write("".join(f"{pin}\n" for pin in pins(project["dependencies"])))


if __name__ == "__main__":
    main()
