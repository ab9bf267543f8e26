"""The interactive walk-through of ``cx-pillars rate``.

The only module that imports questionary.  It fills in whatever is missing from
an ``answers`` dict (respondent, team, role, ratings, notes, ranking) and calls
``on_change(answers)`` after every answer, so an interrupted run leaves a draft
that ``rate --resume`` continues.  It returns plain data; saving is the CLI's job.

Keys: digits answer at once (1-5 for a rating; in the ranking, a pillar's own number,
which stays the same after every pick), arrows and Enter also work; the letters for
back, note, undo, save, change, redo and quit are the language's (``interview.key.*``:
``b``/``w`` for back, ``n`` for a note ...); Ctrl-C raises ``KeyboardInterrupt``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from typing import Any

import questionary
from questionary import Choice, Separator

from cx_pillars.i18n import t
from cx_pillars.pillars import Framework
from cx_pillars.textwidth import cell_width, wrap, wrap_items
from cx_pillars.views.keys import answer_on_keys

BACK, NOTE, UNDO = "__back__", "__note__", "__undo__"
SHORTCUTS = "1234567890acdefghilmopqrstvwxyz"
#: Minutes a run takes, about: the opening line says so.
MINUTES_PER_PILLAR = 0.3

STYLE = questionary.Style(
    [
        ("qmark", "fg:#5f87d7 bold"),
        ("question", "bold"),
        ("answer", "fg:#5faf5f bold"),
        ("pointer", "fg:#5f87d7 bold"),
        ("highlighted", "fg:#5f87d7 bold"),
        ("instruction", "fg:#808080"),
    ]
)


def progress_bar(done: int, total: int, width: int = 20) -> str:
    """``done`` of ``total`` as a bar; the bar of the last pillar (10/10) is full."""
    filled = round(width * done / total) if total else width
    return "━" * filled + "╌" * (width - filled)


def _select(
    message: str, choices: list[Choice], *, default: Choice | None = None, instruction: str
) -> Any:
    """The value of the choice picked (each caller knows what its values are)."""
    keys = {
        c.shortcut_key: i
        for i, c in enumerate(choices)
        if isinstance(c, Choice)
        and not isinstance(c, Separator)
        and isinstance(c.shortcut_key, str)
        and c.shortcut_key
    }
    q = questionary.select(
        message,
        choices=choices,
        default=default,
        use_shortcuts=True,
        use_jk_keys=False,
        instruction=instruction,
        style=STYLE,
        qmark="›",
    )
    answer_on_keys(q, keys)  # a shortcut answers at once
    return q.unsafe_ask()


def _width() -> int:
    """The width to wrap lines printed above the prompts to."""
    return max(40, shutil.get_terminal_size((100, 24)).columns - 2)


def question_for(message: str, answers: list[str], width: int) -> str:
    """``message`` as the question of a pick among ``answers``. Once picked the answer
    is written after the question on one line, which the terminal would break mid-word
    when the two do not fit in ``width``: then the answer goes on a line of its own."""
    longest = max((cell_width(a) for a in answers), default=0)
    return message + "\n " if cell_width(message) + 3 + longest > width else message


def _say(text: str = "", style: str = "", indent: str = "") -> None:
    """Print above the prompts, wrapped to the terminal with a hanging indent."""
    if text:
        text = wrap(text, _width(), indent, indent + "    ")
    questionary.print(text, style=style or None)


def so_far_text(ranking: list[str], fw: Framework, lang: str, width: int) -> str:
    """The ranking so far, "so far: 1. Service, 2. Friction, …", wrapped to ``width``
    with a hanging indent, breaking only between places: a line never ends with "6."
    or with half a pillar's name (Chinese names included)."""
    entries = [f"{k}. {fw.label(pid, lang, short=True)}" for k, pid in enumerate(ranking, 1)]
    sep = t("common.list_sep", lang)
    mark = "\x00"
    before, after = t("interview.so_far", lang, ranking=mark).split(mark)
    items = [e + sep for e in entries[:-1]] + [entries[-1] + after]
    items[0] = before + items[0]
    return wrap_items(items, width, "  ", "      ")


class Interview:
    def __init__(
        self,
        framework: Framework,
        answers: dict,
        on_change: Callable[[dict], None] = lambda a: None,
        lang: str = "en",
        default_team: str = "",
    ) -> None:
        self.fw = framework
        self.a = answers
        self.a.setdefault("ratings", {})
        self.a.setdefault("notes", {})
        self.a.setdefault("ranking", [])
        self.on_change = on_change
        self.lang = lang
        self.default_team = default_team

    def t(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    def key(self, action: str) -> str:
        """The letter that picks ``action`` (back, note, undo, ...) in this language."""
        return self.t(f"interview.key.{action}")

    def pillar_keys(self) -> dict[str, str]:
        """Each pillar's key in the ranking, by catalog position; the same all along
        (pressing the number just read picks that pillar), none a menu letter."""
        menu = {self.key("undo")}
        keys = [c for c in SHORTCUTS if c not in menu]
        return {p.id: keys[k] for k, p in enumerate(self.fw.pillars) if k < len(keys)}

    def changed(self) -> None:
        self.on_change(self.a)

    # -- who -----------------------------------------------------------------------------
    def ask_identity(self) -> None:
        if not self.a.get("respondent") and not self.a.get("anonymous"):
            name = (
                questionary.text(
                    self.t("interview.name"),
                    instruction=self.t("interview.name_hint"),
                    style=STYLE,
                    qmark="›",
                )
                .unsafe_ask()
                .strip()
            )
            if name:
                self.a["respondent"] = name
            else:
                self.a["anonymous"] = True
            self.changed()
        if not self.a.get("team"):
            # The last team used is offered as the answer to Enter, not as text to edit:
            # typing replaces it (pre-filled, typing appended: "Retail CXR").
            hint = self.t("interview.team_default", team=self.default_team)
            while True:
                team = (
                    questionary.text(
                        self.t("interview.team"),
                        instruction=hint if self.default_team else None,
                        style=STYLE,
                        qmark="›",
                    )
                    .unsafe_ask()
                    .strip()
                ) or self.default_team.strip()
                if team:
                    break
                _say(self.t("interview.team_needed"), "fg:#d7875f")
            self.a["team"] = team
            self.changed()
        if "role" not in self.a:
            self.a["role"] = (
                questionary.text(
                    self.t("interview.role"),
                    instruction=self.t("interview.role_hint"),
                    style=STYLE,
                    qmark="›",
                )
                .unsafe_ask()
                .strip()
            )
            self.changed()

    # -- ratings -------------------------------------------------------------------------
    def ask_ratings(self, start: int | None = None, single: bool = False) -> None:
        """Ratings from ``start`` (default: the first missing) to the end, or just one."""
        pillars = self.fw.pillars
        n = len(pillars)
        i = (
            start
            if start is not None
            else next((k for k, p in enumerate(pillars) if p.id not in self.a["ratings"]), n)
        )
        if i < n:
            _say()
            _say(self.t("interview.rate_intro"), "bold")
        shown = None  # the pillar whose question is on screen
        while i < n:
            p = pillars[i]
            note = self.a["notes"].get(p.id)
            if shown != i:  # after a note or a refused "back", the question is still there
                _say()
                _say(
                    f"{i + 1}/{n} {progress_bar(i + 1, n)}  {p.text('label', self.lang)}",
                    "bold fg:#5f87d7",
                    indent="  ",
                )
                if p.text("question", self.lang):
                    _say(p.text("question", self.lang), indent="  ")
                if p.low:
                    _say(f"1 = {p.text('low', self.lang)}", "fg:#808080", indent="  ")
                if p.high:
                    _say(f"5 = {p.text('high', self.lang)}", "fg:#808080", indent="  ")
                if note:
                    _say(self.t("interview.note_shown", note=note), "italic", indent="  ")
                shown = i
            choices = [
                Choice(self.t(f"rating_words.{v}"), value=v, shortcut_key=str(v))
                for v in range(1, 6)
            ]
            choices.append(Separator(" "))
            choices.append(
                Choice(
                    self.t("interview.edit_note" if note else "interview.add_note"),
                    value=NOTE,
                    shortcut_key=self.key("note"),
                )
            )
            choices.append(
                Choice(self.t("interview.back"), value=BACK, shortcut_key=self.key("back"))
            )
            current = self.a["ratings"].get(p.id)
            answer = _select(
                f"{p.text('short', self.lang)}",
                choices,
                default=choices[current - 1] if current else None,
                instruction=self.t("interview.rating_hint"),
            )
            if answer == BACK:
                if i == 0:
                    _say(self.t("interview.first_pillar"), "fg:#d7875f", indent="  ")
                    continue
                i -= 1
                continue
            if answer == NOTE:
                text = (
                    questionary.text(
                        self.t("interview.note_on", pillar=p.text("short", self.lang)),
                        default=note or "",
                        style=STYLE,
                        qmark="›",
                    )
                    .unsafe_ask()
                    .strip()
                )
                if text:
                    self.a["notes"][p.id] = text
                else:
                    self.a["notes"].pop(p.id, None)
                self.changed()
                _say(
                    self.t("interview.note_kept" if text else "interview.note_removed"),
                    "fg:#808080",
                    indent="  ",
                )
                continue
            self.a["ratings"][p.id] = answer
            self.changed()
            if single:
                break
            i += 1

    # -- ranking -------------------------------------------------------------------------
    def ask_ranking(self) -> None:
        ranking: list[str] = self.a["ranking"]
        n = self.fw.n
        if len(ranking) < n:
            _say()
            _say(self.t("interview.rank_intro"), "bold")
            _say(self.t("interview.rank_how"), "fg:#808080")
        while len(ranking) < n:
            left = [p for p in self.fw.pillars if p.id not in ranking]
            if len(left) == 1:
                ranking.append(left[0].id)
                self.changed()
                break
            if ranking:
                text = so_far_text(ranking, self.fw, self.lang, _width())
                questionary.print(text, style="fg:#808080")
            keys = self.pillar_keys()
            choices = [
                Choice(p.text("label", self.lang), value=p.id, shortcut_key=keys.get(p.id, ""))
                for p in left
            ]
            if ranking:
                choices.append(Separator(" "))
                choices.append(
                    Choice(self.t("interview.undo"), value=UNDO, shortcut_key=self.key("undo"))
                )
            message = question_for(
                self.t("interview.place", place=len(ranking) + 1, n=n),
                [p.text("label", self.lang) for p in left],
                _width(),
            )
            answer = _select(message, choices, instruction=self.t("interview.rank_hint"))
            if answer == UNDO:
                ranking.pop()
            else:
                ranking.append(answer)
            self.changed()

    # -- finish --------------------------------------------------------------------------
    def ask_finish(self) -> str:
        """What to do with the finished answers: save, change a rating, redo, quit."""
        choices = [
            Choice(self.t("interview.save"), value="save", shortcut_key=self.key("save")),
            Choice(self.t("interview.change"), value="rating", shortcut_key=self.key("change")),
            Choice(self.t("interview.redo"), value="ranking", shortcut_key=self.key("redo")),
            Choice(self.t("interview.quit"), value="quit", shortcut_key=self.key("quit")),
        ]
        return _select(
            self.t("interview.save_question"), choices, instruction=self.t("interview.save_hint")
        )

    def ask_which_pillar(self) -> int:
        choices = [
            Choice(
                f"{p.text('label', self.lang)}  ({self.a['ratings'].get(p.id, '-')})",
                value=k,
                shortcut_key=SHORTCUTS[k],
            )
            for k, p in enumerate(self.fw.pillars)
        ]
        return _select(
            self.t("interview.which"), choices, instruction=self.t("interview.which_hint")
        )

    def run(self, summary: Callable[[dict], None]) -> str:
        """Ask everything missing; returns "save" or "quit"."""
        if not self.a["ratings"] and not self.a["ranking"]:
            n = self.fw.n
            minutes = max(1, round(n * MINUTES_PER_PILLAR))
            _say(self.t("interview.opening", n=n, minutes=minutes), "fg:#808080")
        self.ask_identity()
        self.ask_ratings()
        self.ask_ranking()
        while True:
            summary(self.a)
            choice = self.ask_finish()
            if choice == "rating":
                k = self.ask_which_pillar()
                self.ask_ratings(start=k, single=True)
            elif choice == "ranking":
                self.a["ranking"] = []
                self.changed()
                self.ask_ranking()
            else:
                return choice


def ask_resume(draft: dict, framework: Framework, lang: str = "en") -> bool:
    """A draft exists but ``--resume`` was not given: offer to continue it."""
    who = draft.get("respondent") or t(
        "common.anonymous" if draft.get("anonymous") else "interview.no_name_yet", lang
    )
    return questionary.confirm(
        t(
            "interview.resume",
            lang,
            who=who,
            rated=len(draft.get("ratings", {})),
            ranked=len(draft.get("ranking", [])),
            n=framework.n,
        ),
        default=True,
        style=STYLE,
        qmark="›",
    ).unsafe_ask()
