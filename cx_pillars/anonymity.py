"""The anonymity rule, in one place: which runs a figure may rest on.

PRODUCT.md §3: no output shows a figure that rests on fewer than :data:`K` anonymous
respondents, and a lone anonymous colleague among named ones is never identifiable by
elimination.  Hiding only the per-person views is not enough for that: with one
anonymous colleague beside named ones, the team's mean rank minus the named
colleagues' rankings (shown person by person) *is* the anonymous colleague's ranking,
and everyone in the room knows who did not put their name down.  So the rule works on
the runs, before any figure is computed:

* in each team, anonymous runs count only when they come from at least :data:`K`
  different people; otherwise they are left out of every figure of that team, and the
  output says how many were left out and why;
* different people: a person's anonymous runs carry the same ``anonymous_key`` (a
  value derived from a random secret kept in that person's own configuration folder,
  never in the store and never from the name), so one person rating anonymously every
  quarter is one person, and "each colleague's latest run" holds for them too.  Runs
  without a key (saved before it existed, or imported from a form) count, at the
  fewest, as the most of them in one quarter (:func:`anonymous_people`).

Every view, chart, report page and JSON output is built from :func:`screen`'s members,
so none can show more than the rule allows.  The secret and the key are made here too
(:func:`anonymous_key`).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cx_pillars.assessment import Assessment

#: The fewest anonymous people a figure may rest on.
K = 3

SECRET_FILE = "anonymous.secret"


def team_key(a: Assessment) -> str:
    return a.team.strip().casefold()


def person(a: Assessment) -> tuple[str, str, str]:
    """Who a run is from, as far as the store can tell: the team and name, or for an
    anonymous run its key (or, without one, the run itself)."""
    if a.anonymous:
        return (team_key(a), "anonymous", a.anonymous_key or "run:" + a.id)
    return (team_key(a), "named", a.respondent.casefold())


def latest_each(runs: Iterable[Assessment]) -> list[Assessment]:
    """Each person's newest run (per team), newest first; anonymous people included,
    told apart by :func:`person`."""
    latest: dict[tuple[str, str, str], Assessment] = {}
    for a in runs:
        key = person(a)
        if key not in latest or (a.created, a.id) > (latest[key].created, latest[key].id):
            latest[key] = a
    return sorted(latest.values(), key=lambda a: (a.created, a.id), reverse=True)


@dataclass
class Screened:
    """The runs a figure may rest on, and what the rule left out."""

    members: list[Assessment]
    left_out: list[Assessment] = field(default_factory=list)
    #: Team keys where anonymous runs were left out.
    teams: list[str] = field(default_factory=list)

    @property
    def anonymous_people(self) -> int:
        return len({person(a) for a in self.members if a.anonymous})

    @property
    def left_out_people(self) -> int:
        return len({person(a) for a in self.left_out})


def anonymous_people(runs: Iterable[Assessment]) -> int:
    """How many people, at the fewest, the anonymous runs among ``runs`` come from.

    Runs with a key are told apart by it.  Runs without one (saved before the key
    existed, or imported from a form) may be one person's, quarter after quarter: they
    count as the most of them in any one calendar quarter, so that one colleague's
    anonymous answers over three quarters never pass for three people."""
    keys: set[str] = set()
    keyless: dict[tuple[int, int], int] = {}
    for a in runs:
        if not a.anonymous:
            continue
        if a.anonymous_key:
            keys.add(a.anonymous_key)
        else:
            quarter = (a.created.year, (a.created.month - 1) // 3)
            keyless[quarter] = keyless.get(quarter, 0) + 1
    return len(keys) + max(keyless.values(), default=0)


def screen(runs: Sequence[Assessment]) -> Screened:
    """``runs`` without the anonymous runs of any team where fewer than :data:`K`
    people rated anonymously (order kept)."""
    by_team: dict[str, list[Assessment]] = {}
    for a in runs:
        if a.anonymous:
            by_team.setdefault(team_key(a), []).append(a)
    few = {key for key, group in by_team.items() if anonymous_people(group) < K}
    if not few:
        return Screened(list(runs))
    members = [a for a in runs if not (a.anonymous and team_key(a) in few)]
    left = [a for a in runs if a.anonymous and team_key(a) in few]
    return Screened(members, left, sorted(few))


def screen_each(
    runs: Sequence[Assessment], group: Callable[[Assessment], object]
) -> list[Assessment]:
    """:func:`screen` applied within each group of ``runs`` (e.g. each quarter of a
    trend): the runs some figure of some group rests on."""
    groups: dict[object, list[Assessment]] = {}
    for a in runs:
        groups.setdefault(group(a), []).append(a)
    kept = {id(a) for g in groups.values() for a in screen(g).members}
    return [a for a in runs if id(a) in kept]


# ------------------------------------------------------------------ the person's key


def _secret() -> bytes | None:
    """This user's random secret, made on first use (0600, created exclusively so two
    runs at once agree on one); None when the configuration folder cannot be used."""
    from cx_pillars import config

    path = config.folder() / SECRET_FILE
    for _ in range(2):
        try:
            data = path.read_bytes().strip()
            if len(data) >= 32:
                return data
            return None  # damaged: never guess, never overwrite
        except FileNotFoundError:
            pass
        except OSError:
            return None
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:
            continue  # another run made it: read theirs
        except OSError:
            return None
        try:
            os.write(fd, secrets.token_hex(32).encode("ascii") + b"\n")
        finally:
            os.close(fd)
    return None


def anonymous_key(team: str, framework: str) -> str | None:
    """The key that links this user's anonymous runs in ``team``: a keyed hash of the
    team, so the store learns nothing from it but that two runs are one person's; None
    when no secret can be kept (each run then counts as a person of its own)."""
    secret = _secret()
    if secret is None:
        return None
    message = f"cx-pillars anonymous\0{framework}\0{team.strip().casefold()}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]
