"""Golden outputs: what the main commands print on fixed data, kept to catch any change.

``python tests/golden/record.py`` runs each command below in a scratch folder (the demo
data, the sample store, the survey fixtures) and writes its text or JSON to
``tests/golden/expected/NAME.txt``; ``test_golden.py`` runs the same commands and
compares. A restructuring must leave every file identical; a deliberate change of
output is recorded by rerunning this script and reading the diff.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
EXPECTED = HERE / "expected"
FIXTURES = ROOT / "tests" / "fixtures" / "survey"
SAMPLE = ROOT / "assessments" / "sample"

# name -> arguments after ``cx-pillars``; run in order, in one scratch folder.
COMMANDS: list[tuple[str, list[str]]] = [
    ("demo-en", ["demo", "-o", "d", "--lang", "en"]),
    ("demo-pl", ["demo", "-o", "d-pl", "--lang", "pl"]),
    ("demo-zh-Hans", ["demo", "-o", "d-zh", "--lang", "zh-Hans"]),
    ("pillars", ["pillars"]),
    ("pillars-json", ["pillars", "--json"]),
    ("list", ["list", "--dir", "sample"]),
    ("show", ["show", "--dir", "sample", "2026-11-17T151000Z-chen-wei-0be7"]),
    ("export-csv", ["export", "--dir", "sample", "--format", "csv"]),
    ("team", ["team", "--dir", "d/assessments"]),
    ("team-json", ["team", "--dir", "d/assessments", "--json"]),
    ("team-trend", ["team", "--dir", "d/assessments", "--trend", "--all-runs"]),
    ("team-by", ["team", "--dir", "d/assessments", "--by", "team"]),
    ("team-sample", ["team", "--dir", "sample"]),
    ("team-sample-pl", ["team", "--dir", "sample", "--lang", "pl"]),
    ("team-sample-zh", ["team", "--dir", "sample", "--lang", "zh-Hans"]),
    ("compare", ["compare", "--dir", "d/assessments", "-s", "customers"]),
    ("compare-json", ["compare", "--dir", "d/assessments", "-s", "customers", "--json"]),
    ("compare-pl", ["compare", "--dir", "d/assessments", "-s", "customers", "--lang", "pl"]),
    ("survey-import-qualtrics", ["survey", "import", "qualtrics.csv", "--dir", "s"]),
    ("survey-import-lime", ["survey", "import", "limesurvey_full.csv", "--dir", "s"]),
    ("survey-import-msforms-json", ["survey", "import", "ms_forms.csv", "--dir", "s", "--json"]),
    (
        "survey-import-wide-zh",
        ["survey", "import", "wide.csv", "--dir", "s", "--lang", "zh-Hans", "--name", "wide-zh"],
    ),
    ("survey-template", ["survey", "template", "--lang", "en"]),
    (
        "report",
        ["report", "--dir", "d/assessments", "-s", "customers", "-o", "r.pdf", "-m", "r.md"],
    ),
    ("report-md", []),  # the Markdown the previous command wrote
    ("error-no-store", ["team", "--dir", "nowhere"]),
    ("error-bad-survey", ["compare", "--dir", "d/assessments", "-s", "nosuch"]),
]


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CX_PILLARS")}
    env.update(
        COLUMNS="100",
        LINES="50",
        NO_COLOR="1",
        TERM="dumb",
        TZ="UTC",
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
        PYTHONIOENCODING="utf-8",
    )
    env.pop("FORCE_COLOR", None)
    return env


def command() -> list[str]:
    exe = shutil.which("cx-pillars", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "cx_pillars"]


def normalise(text: str) -> str:
    """Today's date and the time of an import are all that change from run to run."""
    today = dt.datetime.now(dt.UTC).date().isoformat()
    text = re.sub(today + r"[T ]\d\d:\d\d(:\d\d)?Z?", "<NOW>", text)
    return text.replace(today, "<TODAY>")


def run_all() -> dict[str, str]:
    out: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(SAMPLE, work / "sample")
        for name in ("qualtrics.csv", "limesurvey_full.csv", "ms_forms.csv", "wide.csv"):
            shutil.copy(FIXTURES / name, work / name)
        for name, args in COMMANDS:
            if name == "report-md":
                out[name] = normalise((work / "r.md").read_text(encoding="utf-8"))
                continue
            done = subprocess.run(
                command() + args,
                cwd=work,
                env=environment(),
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=300,
                stdin=subprocess.DEVNULL,
            )
            out[name] = normalise(
                f"$ cx-pillars {' '.join(args)}\n"
                f"exit {done.returncode}\n"
                f"--- stdout\n{done.stdout}--- stderr\n{done.stderr}"
            )
    return out


def main() -> None:
    EXPECTED.mkdir(exist_ok=True)
    for old in EXPECTED.glob("*.txt"):
        old.unlink()
    for name, text in run_all().items():
        (EXPECTED / f"{name}.txt").write_text(text, encoding="utf-8")
    print(f"wrote {len(COMMANDS)} files to {EXPECTED.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
