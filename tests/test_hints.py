"""Every command a hint prints works when pasted: it carries the --dir, --framework and
--lang of the run that printed it (issue 17, "hints that fail as printed")."""

from __future__ import annotations

import re
import shlex
from types import SimpleNamespace

from conftest import RANKING, RATINGS

FLAGS = {"--resume", "--json"}  # options without a value


def _commands(text: str) -> list[list[str]]:
    """Each 'cx-pillars ...' command in the sentence ``text``, split as the shell would:
    its subcommand words, then options with their values, up to the first word that is
    neither (the sentence goes on)."""
    flat = " ".join(text.split())
    token = r"'[^']*'|[^\s',;，；。]+"
    out = []
    for m in re.finditer(rf"cx-pillars((?: (?:{token}))+)", flat):
        words = shlex.split(" ".join(re.findall(token, m[1])))
        cmd, k = [], 0
        while k < len(words) and not words[k].startswith("-") and len(cmd) < 2:
            if cmd and words[k] not in ("merge", "import"):
                break
            cmd.append(words[k])
            k += 1
        while k < len(words) and words[k].startswith("--"):
            takes = words[k] not in FLAGS
            cmd += words[k : k + 1 + takes]
            k += 1 + takes
        out.append(cmd)
    return out


def _rate(cli, folder, *extra):
    return cli(
        "rate", "--dir", folder, "--respondent", "Ana", "--team", "Retail CX",
        "--role", "Service", "--ratings", RATINGS, "--ranking", RANKING, "--yes", *extra,
    )  # fmt: skip


def test_next_line_after_saving_runs_as_printed(cli, tmp_path):
    folder = tmp_path / "shared store"  # a space: the hint must quote it
    result = _rate(cli, folder, "--lang", "pl")
    assert result.exit_code == 0, result.output
    nxt = result.output[result.output.index("Dalej:") :]
    commands = _commands(nxt)
    assert [c[0] for c in commands] == ["rate", "team"], nxt
    for cmd in commands:
        assert cmd[cmd.index("--dir") + 1] == str(folder) and cmd[-2:] == ["--lang", "pl"]
    team = cli(*commands[1])
    assert team.exit_code == 0, team.output
    assert "Retail CX" in team.output


def test_resume_hint_after_an_interruption_names_the_store(cli, tmp_path, monkeypatch):
    from cx_pillars import rating

    folder = tmp_path / "store two"
    monkeypatch.setattr(rating, "run", lambda *a, **k: SimpleNamespace(status="interrupted"))
    result = _rate(cli, folder, "--lang", "en")
    assert result.exit_code == 130
    (cmd,) = _commands(result.output)
    assert cmd == ["rate", "--resume", "--dir", str(folder), "--lang", "en"]


def test_next_line_after_a_survey_import_runs_as_printed(cli, tmp_path):
    from cx_pillars.pillars import builtin_framework

    folder = tmp_path / "team store"
    assert _rate(cli, folder).exit_code == 0
    path = tmp_path / "wave.csv"
    rows = ["1,2,3,4,5,6,7,8,9,10", "2,1,3,4,5,6,7,8,9,10", "3,1,2,4,5,6,7,8,9,10"]
    path.write_text(",".join(builtin_framework().ids) + "\n" + "\n".join(rows) + "\n")
    result = cli("survey", "import", path, "--dir", folder, "--name", "Wave March")
    assert result.exit_code == 0, result.output
    compare, merge = _commands(result.output[result.output.index("Next:") :])
    assert compare[:3] == ["compare", "--survey", "wave-march"], compare
    assert merge[:2] == ["survey", "merge"] and str(folder) in merge
    shown = cli(*compare)
    assert shown.exit_code == 0, shown.output
    assert "3 respondents" in shown.output
