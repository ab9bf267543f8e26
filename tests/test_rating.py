"""A rate run without the command line (cx_pillars.rating): where answers come from, who
owns the draft, what happens when nothing can be written."""

from __future__ import annotations

import pytest

from cx_pillars import answers as ans
from cx_pillars import rating, store
from cx_pillars.errors import CxError
from cx_pillars.pillars import builtin_framework

FW = builtin_framework()
RATINGS = ",".join(str(1 + i % 5) for i in range(FW.n))
RANKING = ",".join(reversed(FW.ids))
COMPLETE = ans.flag_answers(FW, respondent="Ana", team="Retail", ratings=RATINGS, ranking=RANKING)


class Person:
    """A scripted person: answers the interview with ``fill``, or presses Ctrl-C / quits."""

    def __init__(self, fill=None, choice="save", interrupt=False, resume_draft=False):
        self.fill, self.choice, self.interrupt = fill or {}, choice, interrupt
        self.resume_draft = resume_draft
        self.asked = False
        self.offered = None

    def offer_draft(self, draft):
        self.offered = draft
        return self.resume_draft

    def interview(self, answers, keep, default_team):
        self.asked = True
        self.default_team = default_team
        answers.update(self.fill)
        keep(answers)
        if self.interrupt:
            raise KeyboardInterrupt
        return self.choice


def run(folder, flags, person=None, **kw):
    shown = []
    outcome = rating.run(folder, FW, flags, person=person, show=shown.append, lang="en", **kw)
    return outcome, shown


def test_scripted_run_saves_and_shows_what_it_saves(tmp_path):
    outcome, shown = run(tmp_path, COMPLETE)
    assert outcome.status == "saved"
    saved = store.read_assessment(outcome.path, FW)
    assert saved.respondent == "Ana" and saved.ranking == list(reversed(FW.ids))
    assert shown and shown[0]["team"] == "Retail"


def test_without_a_terminal_missing_answers_are_named_not_asked(tmp_path):
    outcome, _ = run(tmp_path, ans.flag_answers(FW, respondent="Ana"))
    assert outcome.status == "needs_answers"
    assert outcome.missing and not list(tmp_path.iterdir())


def test_a_scripted_run_leaves_a_colleagues_draft_alone(tmp_path):
    waiting = {"respondent": "Ben", "ratings": {FW.ids[0]: 4}, "framework": FW.id}
    draft_file = store.save_draft(tmp_path, waiting)
    outcome, _ = run(tmp_path, COMPLETE)
    assert outcome.status == "saved"
    assert store.load_draft(tmp_path)[1]["respondent"] == "Ben"
    assert draft_file.exists()


def test_resume_continues_the_draft_and_then_removes_it(tmp_path):
    store.save_draft(tmp_path, {**COMPLETE, "respondent": "Ben", "framework": FW.id})
    person = Person()
    outcome, _ = run(tmp_path, {}, person=person, resume=True)
    assert outcome.status == "saved" and person.asked
    assert store.read_assessment(outcome.path, FW).respondent == "Ben"
    assert store.load_draft(tmp_path) is None


def test_flags_override_the_answers_file(tmp_path):
    answers_file = tmp_path / "answers.toml"
    answers_file.write_bytes(store.dumps({**COMPLETE, "respondent": "From File", "role": "CX"}))
    outcome, _ = run(tmp_path / "store", {"respondent": "Flag"}, from_file=answers_file)
    saved = store.read_assessment(outcome.path, FW)
    assert (saved.respondent, saved.role) == ("Flag", "CX")


def test_anonymous_flag_replaces_a_name_from_the_file():
    merged = ans.merge_flags(
        {"respondent": "Ana", "ratings": {"content": 2}},
        {"anonymous": True, "ratings": {"digital": 5}},
    )
    assert "respondent" not in merged and merged["anonymous"] is True
    assert merged["ratings"] == {"content": 2, "digital": 5}


def test_ctrl_c_keeps_a_draft_and_saves_nothing(tmp_path):
    person = Person(fill={"respondent": "Chen"}, interrupt=True)
    outcome, _ = run(tmp_path, {}, person=person)
    assert outcome.status == "interrupted"
    assert store.load_draft(tmp_path)[1]["respondent"] == "Chen"
    assert store.assessment_files(tmp_path) == []


def test_quit_keeps_a_draft(tmp_path):
    outcome, _ = run(tmp_path, COMPLETE, person=Person(choice="quit"))
    assert outcome.status == "quit"
    assert store.load_draft(tmp_path)[1]["respondent"] == "Ana"


def test_a_waiting_draft_is_offered_and_the_team_defaults_to_the_latest(tmp_path):
    run(tmp_path, COMPLETE)  # a saved run of team Retail
    store.save_draft(tmp_path, {"respondent": "Ben", "framework": FW.id})
    person = Person(fill=COMPLETE)
    run(tmp_path, {}, person=person)
    assert person.offered["respondent"] == "Ben"
    assert person.default_team == "Retail"


def test_resume_without_a_draft_says_so(tmp_path):
    with pytest.raises(CxError, match="no interrupted run"):
        run(tmp_path, {}, person=Person(), resume=True)


def test_resume_of_another_frameworks_draft_is_refused(tmp_path):
    store.save_draft(tmp_path, {"respondent": "Ben", "framework": "other"})
    with pytest.raises(CxError, match="framework 'other'") as caught:
        run(tmp_path, {}, person=Person(), resume=True)
    assert "--framework" in caught.value.text("en")


def test_nothing_writable_hands_the_answers_back(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise CxError("read-only file system", path=tmp_path)

    monkeypatch.setattr(store, "save_assessment", refuse)
    monkeypatch.setattr(store, "save_draft", refuse)
    with pytest.raises(rating.AnswersNotKept) as caught:
        run(tmp_path, COMPLETE)
    kept = ans.check_answers(
        store.parse_toml("printed", caught.value.answers_toml), FW, source="printed"
    )
    assert kept["respondent"] == "Ana" and kept["ranking"] == list(reversed(FW.ids))
    assert "printed above" in str(caught.value)


def test_save_failure_keeps_a_draft_and_names_it(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise CxError("disk full", path=tmp_path)

    monkeypatch.setattr(store, "save_assessment", refuse)
    with pytest.raises(CxError, match="kept as a draft"):
        run(tmp_path, COMPLETE)
    assert store.load_draft(tmp_path)[1]["respondent"] == "Ana"
