"""Ctrl-C at every prompt of ``rate`` keeps a draft, and ``--resume`` restores it exactly.

One run is split into a chain: each link resumes the draft the previous one left,
answers one prompt and is interrupted at the next.  So every prompt -- name, team,
role, each of the ten ratings, a note, "back", each ranking pick and "undo", the final
question, "change a rating" and its two prompts, "redo the ranking", and the offer to
continue a waiting draft -- is interrupted once; after each interruption the draft
must hold exactly the answers given so far, and the file saved at the end must hold
exactly the answers of the whole chain.
"""

from __future__ import annotations

import copy
import tomllib

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

import cx_pillars.cli as cli_module
from cx_pillars import store
from cx_pillars.cli import app
from cx_pillars.pillars import builtin_framework

ENTER, CTRL_C = "\r", "\x03"
FW = builtin_framework()
IDS = FW.ids
SCORES = [3, 2, 4, 3, 3, 3, 4, 2, 2, 3]


@pytest.fixture
def interactive(monkeypatch, runner, tmp_path):
    """run(keys, *args): ``cx-pillars rate`` typed at a terminal."""
    monkeypatch.setattr(cli_module.rate, "stdin_is_terminal", lambda: True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    def run(keys, *args):
        with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
            inp.send_text(keys)
            return runner.invoke(app, ["rate", *map(str, args)])

    return run


def draft_of(folder):
    path = store.draft_path(folder)
    return tomllib.loads(path.read_text("utf-8")) if path.exists() else None


def chain():
    """(resume?, keys before the Ctrl-C, how the answers change, what the next prompt is)."""
    links = []

    def link(keys, change=None, resume=True, prompt=""):
        links.append((resume, keys, change, prompt))

    def setter(key, value):
        return lambda a: a.__setitem__(key, value)

    def rate(pid, score):
        return lambda a: a.setdefault("ratings", {}).__setitem__(pid, score)

    def pick(pid):
        return lambda a: a.setdefault("ranking", []).append(pid)

    link("", resume=False, prompt="name")  # nothing to keep yet
    link("Ana" + ENTER, setter("respondent", "Ana"), resume=False, prompt="team")
    link("Retail CX" + ENTER, setter("team", "Retail CX"), prompt="role")
    link("Service lead" + ENTER, setter("role", "Service lead"), prompt="rating 1")
    link(str(SCORES[0]), rate(IDS[0], SCORES[0]), prompt="rating 2")
    link("n", prompt="the note on rating 2")  # open the note prompt
    link(
        "n" + "Ads oversell delivery" + ENTER,
        lambda a: a.setdefault("notes", {}).__setitem__(IDS[1], "Ads oversell delivery"),
        prompt="rating 2 again",
    )
    for k in range(1, 10):
        link(
            str(SCORES[k]),
            rate(IDS[k], SCORES[k]),
            prompt=f"rating {k + 2}" if k < 9 else "ranking pick 1",
        )
        if k == 4:
            link("b", prompt="rating 5 after going back")  # back: nothing changes
    left = list(IDS)
    for k in range(9):
        choice = left[-1] if k == 0 else left[0]  # reputation first
        key = "1234567890"[IDS.index(choice)]  # each pillar's own number; "0" is the tenth
        left.remove(choice)
        if k == 2:
            link("u", lambda a: a["ranking"].pop(), prompt="ranking pick 2 after undo")
            link("1", pick(IDS[0]), prompt="ranking pick 3 after the undo")
        link(
            key,
            pick(choice)
            if k < 8
            else (lambda a, c=choice, last=left[0]: a["ranking"].extend([c, last])),
            prompt=f"ranking pick {k + 2}" if k < 8 else "the final question",
        )
    link("c", prompt="which pillar to change")
    link("c3", prompt="the new rating of pillar 3")
    link("c35", rate(IDS[2], 5), prompt="the final question after the change")
    link("r", lambda a: a.pop("ranking"), prompt="ranking pick 1 of the redo")
    link(
        "123456789",
        lambda a: a.__setitem__("ranking", list(IDS)),
        prompt="the final question after the redo",
    )
    link("", resume=False, prompt="the offer to continue the draft")
    return links


def test_ctrl_c_at_every_prompt_and_resume_restores_exactly(interactive, folder):
    expected: dict = {}
    prompts = []
    for resume, keys, change, prompt in chain():
        before = draft_of(folder)
        result = interactive(keys + CTRL_C, "--dir", folder, *(["--resume"] if resume else []))
        assert result.exit_code == 130, (prompt, result.output)
        assert "Traceback" not in result.output
        if change:
            change(expected)
        draft = draft_of(folder)
        if not expected:
            assert draft is None, prompt  # Ctrl-C before any answer
        else:
            assert draft == {**expected, "framework": FW.id}, prompt
            if keys:
                assert "--resume" in result.output  # says how to go on
        if not keys:
            assert draft == before  # untouched
        assert store.assessment_files(folder) == []  # nothing half-saved
        prompts.append(prompt)
    assert len(prompts) == len(set(prompts)) == 34  # 34 different prompts

    # Accept the offer (no --resume), save, and compare with every answer of the chain.
    result = interactive("y" + ENTER + "s", "--dir", folder)
    assert result.exit_code == 0, result.output
    [path] = store.assessment_files(folder)
    saved = tomllib.loads(path.read_text("utf-8"))
    final = copy.deepcopy(expected)
    assert saved["respondent"] == final["respondent"] == "Ana"
    assert saved["team"] == "Retail CX" and saved["role"] == "Service lead"
    assert saved["ratings"] == final["ratings"] == {**dict(zip(IDS, SCORES)), IDS[2]: 5}
    assert saved["notes"] == {IDS[1]: "Ads oversell delivery"}
    assert saved["ranking"] == list(IDS)
    assert draft_of(folder) is None  # the draft is gone


def test_ctrl_c_keeps_the_draft_in_the_cache_when_the_store_refuses_it(
    interactive, folder, tmp_path, cli
):
    (folder / ".drafts").write_text("a file where the drafts folder should be")
    result = interactive(
        "Ana" + ENTER + "Retail CX" + ENTER + "Lead" + ENTER + "32" + CTRL_C, "--dir", folder
    )
    assert result.exit_code == 130
    found = store.load_draft(folder)
    assert found is not None and found[0].is_relative_to(tmp_path / "cache")
    assert found[1]["ratings"] == {IDS[0]: 3, IDS[1]: 2} and found[1]["role"] == "Lead"
    result = interactive("43334223" + "123456789" + "s", "--dir", folder, "--resume")
    assert result.exit_code == 0, result.output
    [path] = store.assessment_files(folder)
    saved = tomllib.loads(path.read_text("utf-8"))
    assert [saved["ratings"][p] for p in IDS] == [3, 2, 4, 3, 3, 3, 4, 2, 2, 3]
    assert store.load_draft(folder) is None


def test_two_stores_with_similar_long_paths_keep_separate_cached_drafts(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    base = tmp_path / ("a-very-long-folder-name-" * 4)
    one, two = base / "team-one" / "assessments", base / "team-two" / "assessments"
    assert store.fallback_draft_path(one) != store.fallback_draft_path(two)
    for folder in (one, two):
        folder.mkdir(parents=True)
        (folder / ".drafts").write_text("blocked")
        store.save_draft(folder, {"respondent": folder.parent.name})
    assert store.load_draft(one)[1] == {"respondent": "team-one"}
    assert store.load_draft(two)[1] == {"respondent": "team-two"}


def test_colleagues_sharing_a_store_keep_their_own_drafts(interactive, folder, monkeypatch):
    """Ana's interrupted run is hers: Ben is not offered it, his saved run does not delete
    it, and Ana resumes exactly where she stopped."""
    monkeypatch.setenv("LOGNAME", "ana")
    assert (
        interactive(
            "Ana" + ENTER + "Retail CX" + ENTER + ENTER + "32" + CTRL_C, "--dir", folder
        ).exit_code
        == 130
    )
    anas = store.draft_path(folder)
    monkeypatch.setenv("LOGNAME", "ben")
    assert store.draft_path(folder) != anas and store.load_draft(folder) is None
    result = interactive(
        "Ben" + ENTER + "Online" + ENTER + ENTER + "4" * 10 + "123456789" + "s", "--dir", folder
    )  # no offer of Ana's draft
    assert result.exit_code == 0, result.output
    assert anas.exists()
    monkeypatch.setenv("LOGNAME", "ana")
    result = interactive("43334223" + "123456789" + "s", "--dir", folder, "--resume")
    assert result.exit_code == 0, result.output
    saved = {a.respondent: a for a in store.load_store(folder, FW)}
    assert [saved["Ana"].ratings[p] for p in IDS] == SCORES
    assert set(saved["Ben"].ratings.values()) == {4}
    assert not anas.exists()
