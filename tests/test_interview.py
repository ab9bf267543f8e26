"""The interview driven by real key presses through prompt_toolkit's pipe input."""

import tomllib

from cx_pillars import store

ENTER, CTRL_C, DOWN = "\r", "\x03", "\x1b[B"
TEN = [
    "advertising",
    "content",
    "digital",
    "non_digital",
    "communications",
    "representatives",
    "products",
    "service",
    "friction",
    "reputation",
]


def saved(folder):
    files = sorted(folder.glob("*.toml"))
    return [tomllib.loads(f.read_text()) for f in files]


IDENTITY = "Ana" + ENTER + "Retail CX" + ENTER + "Service lead" + ENTER
RATE_ALL = "3243334223"  # one key per pillar answers at once
PICK_FIRST = "123456789"  # each pillar by its own number: catalog order


def test_full_run_saves_what_was_typed(interactive, folder):
    result = interactive(IDENTITY + RATE_ALL + PICK_FIRST + "s", "--dir", folder)
    assert result.exit_code == 0, result.output
    [doc] = saved(folder)
    assert doc["respondent"] == "Ana" and doc["team"] == "Retail CX"
    assert doc["role"] == "Service lead"
    assert [doc["ratings"][p] for p in TEN] == [int(c) for c in RATE_ALL]
    assert doc["ranking"] == TEN
    assert "Total 29/50" in result.output
    assert not store.draft_path(folder).exists()


def test_arrow_keys_and_enter_work_too(interactive, folder):
    keys = IDENTITY + (DOWN + ENTER) * 10 + ENTER * 9 + ENTER  # all 2s; Save is first
    result = interactive(keys, "--dir", folder)
    assert result.exit_code == 0, result.output
    [doc] = saved(folder)
    assert set(doc["ratings"].values()) == {2}


def test_back_goes_to_the_previous_pillar(interactive, folder):
    # 5 for advertising, 1 for content, back, 2 for content, then the rest 3s.
    keys = IDENTITY + "51" + "b" + "2" + "3" * 8 + PICK_FIRST + "s"
    result = interactive(keys, "--dir", folder)
    assert result.exit_code == 0, result.output
    [doc] = saved(folder)
    assert doc["ratings"]["advertising"] == 5
    assert doc["ratings"]["content"] == 2


def test_note_on_a_pillar(interactive, folder):
    keys = IDENTITY + "3" + "n" + "Ads oversell delivery times" + ENTER + "2" + "3" * 8
    keys += PICK_FIRST + "s"
    result = interactive(keys, "--dir", folder)
    assert result.exit_code == 0, result.output
    [doc] = saved(folder)
    assert doc["notes"] == {"content": "Ads oversell delivery times"}
    assert doc["ratings"]["content"] == 2


def test_undo_in_the_ranking(interactive, folder):
    # Pick "service" (8th left), undo, then pick "friction" (9th), then the rest in order.
    keys = IDENTITY + RATE_ALL + "8" + "u" + "9" + "12345678" + "s"
    result = interactive(keys, "--dir", folder)
    assert result.exit_code == 0, result.output
    [doc] = saved(folder)
    assert doc["ranking"][0] == "friction"
    assert doc["ranking"][1:] == [p for p in TEN if p != "friction"]


def test_a_pillar_keeps_its_number_after_every_pick(interactive, folder):
    # 5 (communications) first; then 8 is still service and 0 still reputation, the
    # numbers read on screen (they used to close up after each pick: 8 was friction)
    keys = IDENTITY + RATE_ALL + "5" + "8" + "0" + "1234679" + "s"
    result = interactive(keys, "--dir", folder)
    assert result.exit_code == 0, result.output
    [doc] = saved(folder)
    assert doc["ranking"][:3] == ["communications", "service", "reputation"]
    assert doc["ranking"][3:] == [p for p in TEN if p not in doc["ranking"][:3]]


def test_the_last_team_is_the_answer_to_enter_and_typing_replaces_it(interactive, folder):
    first = interactive(IDENTITY + RATE_ALL + PICK_FIRST + "s", "--dir", folder)
    assert first.exit_code == 0, first.output
    # Enter keeps "Retail CX"; then "Online" typed replaces it (it used to append)
    again = "Ben" + ENTER + ENTER + ENTER + RATE_ALL + PICK_FIRST + "s"
    assert interactive(again, "--dir", folder).exit_code == 0
    third = "Chen" + ENTER + "Online" + ENTER + ENTER + RATE_ALL + PICK_FIRST + "s"
    result = interactive(third, "--dir", folder)
    assert result.exit_code == 0
    teams = {d["respondent"]: d["team"] for d in saved(folder)}
    assert teams == {"Ana": "Retail CX", "Ben": "Retail CX", "Chen": "Online"}


def test_interview_details(interactive, folder, monkeypatch):
    # b on the first pillar says so; a note does not print the pillar again; the bar of
    # the 10th pillar is full; the opening line says what is coming
    from cx_pillars.views import interview

    said = []
    monkeypatch.setattr(interview, "_say", lambda text="", *a, **k: said.append(text))
    keys = IDENTITY + "b" + "n" + "Too many ads" + ENTER + RATE_ALL + PICK_FIRST + "s"
    result = interactive(keys, "--dir", folder)
    assert result.exit_code == 0, result.output
    out = "\n".join(said)
    assert "This is the first pillar" in out and "Note kept." in out
    assert out.count("1/10 ") == 1
    assert "10/10 " + "━" * 20 in out
    assert "You will rate the organisation on 10 pillars" in out
    [doc] = saved(folder)
    assert doc["notes"] == {"advertising": "Too many ads"}


def test_anonymous_when_name_left_empty(interactive, folder):
    keys = ENTER + "Retail CX" + ENTER + ENTER + RATE_ALL + PICK_FIRST + "s"
    result = interactive(keys, "--dir", folder)
    assert result.exit_code == 0, result.output
    [doc] = saved(folder)
    assert doc["respondent"] == "anonymous" and doc["role"] == ""


def test_change_a_rating_at_the_summary(interactive, folder):
    # At the summary: c(hange), pick pillar 3 (digital), give it 5, then save.
    keys = IDENTITY + RATE_ALL + PICK_FIRST + "c" + "3" + "5" + "s"
    result = interactive(keys, "--dir", folder)
    assert result.exit_code == 0, result.output
    [doc] = saved(folder)
    assert doc["ratings"]["digital"] == 5
    assert doc["ratings"]["content"] == 2


def test_ctrl_c_keeps_a_draft_and_resume_continues_it(interactive, folder):
    # Interrupted after four ratings.
    result = interactive(IDENTITY + "3243" + CTRL_C, "--dir", folder)
    assert result.exit_code == 130
    assert "--resume" in result.output
    assert saved(folder) == []  # nothing half-written in the store
    draft = tomllib.loads(store.draft_path(folder).read_text())
    assert draft["respondent"] == "Ana"
    assert draft["ratings"] == {"advertising": 3, "content": 2, "digital": 4, "non_digital": 3}

    # Resume asks only what is left: the six remaining ratings and the ranking.
    result = interactive("334223" + PICK_FIRST + "s", "--dir", folder, "--resume")
    assert result.exit_code == 0, result.output
    [doc] = saved(folder)
    assert [doc["ratings"][p] for p in TEN] == [3, 2, 4, 3, 3, 3, 4, 2, 2, 3]
    assert doc["respondent"] == "Ana" and doc["team"] == "Retail CX"
    assert not store.draft_path(folder).exists()


def test_ctrl_c_in_the_ranking_then_resume(interactive, folder):
    result = interactive(IDENTITY + RATE_ALL + "98" + CTRL_C, "--dir", folder)
    assert result.exit_code == 130
    result = interactive("1234567" + "s", "--dir", folder, "--resume")
    assert result.exit_code == 0, result.output
    [doc] = saved(folder)
    assert doc["ranking"][:2] == ["friction", "service"]


def test_a_waiting_draft_is_offered(interactive, folder):
    interactive(IDENTITY + "32" + CTRL_C, "--dir", folder)
    result = interactive("y" + ENTER + "43334223" + PICK_FIRST + "s", "--dir", folder)
    assert result.exit_code == 0, result.output
    [doc] = saved(folder)
    assert doc["ratings"]["advertising"] == 3 and doc["ratings"]["content"] == 2


def test_quit_at_the_summary_keeps_a_draft(interactive, folder):
    result = interactive(IDENTITY + RATE_ALL + PICK_FIRST + "q", "--dir", folder)
    assert result.exit_code == 0
    assert saved(folder) == []
    assert store.draft_path(folder).exists()


def test_resume_without_a_draft_is_a_clear_error(interactive, folder):
    result = interactive("", "--dir", folder, "--resume")
    assert result.exit_code == 1
    assert "no interrupted run" in result.output


def test_flags_skip_their_questions(interactive, folder):
    keys = RATE_ALL + PICK_FIRST + "s"
    result = interactive(keys, "--dir", folder, "-r", "Ben", "--team", "Online", "--role", "")
    assert result.exit_code == 0, result.output
    [doc] = saved(folder)
    assert doc["respondent"] == "Ben" and doc["team"] == "Online"


def test_a_scripted_run_leaves_a_waiting_draft_alone(interactive, folder, cli):
    interactive(IDENTITY + "32" + CTRL_C, "--dir", folder)
    draft = store.draft_path(folder)
    before = draft.read_bytes()
    result = cli(
        "rate",
        "--dir",
        folder,
        "-r",
        "Ben",
        "--team",
        "T",
        "--ratings",
        "3,3,3,3,3,3,3,3,3,3",
        "--ranking",
        ",".join(TEN),
        "--yes",
    )
    assert result.exit_code == 0, result.output
    assert draft.read_bytes() == before


def test_ctrl_c_before_any_answer_leaves_no_draft(interactive, folder):
    result = interactive(CTRL_C, "--dir", folder)
    assert result.exit_code == 130
    assert not store.draft_path(folder).exists()


def test_so_far_keeps_each_place_with_its_pillar():
    """The ranking so far, wrapped at 80 columns, broke "6. Stores 6" into "Stores" at
    one line's end and "6 7. Talk 7" at the next; each place and its pillar now stay on
    one line, the places separated as the language lists things."""
    from cx_pillars.i18n import t
    from cx_pillars.pillars import builtin_framework
    from cx_pillars.textwidth import cell_width
    from cx_pillars.views.interview import so_far_text

    fw = builtin_framework()
    for lang in ("en", "pl", "zh-Hans"):
        for width in (40, 60, 78):
            lines = so_far_text(TEN[:9], fw, lang, width).split("\n")
            assert len(lines) > 1 or width == 78
            assert all(cell_width(line) <= width for line in lines)
            assert all(line.startswith("      ") for line in lines[1:])
            for k, pid in enumerate(TEN[:9], 1):
                entry = f"{k}. {fw.label(pid, lang, short=True)}"
                assert any(entry in line for line in lines), (lang, width, entry, lines)
            assert t("common.list_sep", lang) in lines[0]


def test_a_long_pillar_name_is_answered_on_a_line_of_its_own():
    """At 80 columns "› Most important for customers, place 2 of 30 Clear and honest
    communication bef" / "ore, during and after 01": the picked name, written after
    the question, broke mid-word at the terminal's edge."""
    from cx_pillars.views.interview import question_for

    ask = "Most important for customers, place 2 of 30"
    long = "Clear and honest communication before, during and after 01"
    assert question_for(ask, ["Price", long], 78) == ask + "\n "
    assert question_for(ask, ["Price", "Delivery 2"], 78) == ask
    assert question_for("最重要的：第 2 位", ["非数字化体验" * 5], 60).endswith("\n ")
