"""Every use of Typer beyond its documented API, in one place: the start-up trick that
builds only the command on the command line.

Supported: Typer 0.16 through 0.28 (tested on 0.16.0 and 0.28.0). It reads and trims the
undocumented lists ``Typer.registered_commands`` and ``Typer.registered_groups`` and
builds ``typer.models.CommandInfo`` stand-ins for the top-level help. If a Typer lacks
either list, or ``CommandInfo`` cannot be imported or built the way it is here, the app
is left as it is: Typer then builds every command, which is slower (about 100 ms) but
prints and does exactly the same.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import Any

import typer

__all__ = ["build_only_the_command_asked_for"]


def _stand_in() -> None:
    """Never runs: it stands in for a command while only the top-level help is shown."""


def _name(command: Any) -> str:
    return str(command.name or command.callback.__name__.replace("_", "-"))


def _lists(app: typer.Typer) -> tuple[list[Any], list[Any]] | None:
    commands = getattr(app, "registered_commands", None)
    groups = getattr(app, "registered_groups", None)
    if isinstance(commands, list) and isinstance(groups, list):
        return commands, groups
    return None


def _stand_ins(commands: list[Any]) -> list[Any] | None:
    """Option-less copies of ``commands`` with the same names and help, or None."""
    try:
        from typer.models import CommandInfo

        return [
            CommandInfo(
                name=_name(c),
                callback=_stand_in,
                help=c.help or inspect.getdoc(c.callback),
                hidden=bool(getattr(c, "hidden", False)),
            )
            for c in commands
        ]
    except (ImportError, AttributeError, TypeError):
        return None


def build_only_the_command_asked_for(app: typer.Typer, argv: Sequence[str]) -> bool:
    """Keep just the command named in ``argv`` on ``app``, so Typer builds one command.

    Turning every command's signature into options takes longer than most commands run.
    With no command named (the top-level help, ``--version``) every command is replaced
    by a stand-in without options, which lists the same names and help at a fraction of
    the cost. An unknown name leaves every command, for Typer's own error message.
    Returns whether the app was changed.
    """
    lists = _lists(app)
    if lists is None:
        return False
    commands, groups = lists
    name = next((arg for arg in argv if not arg.startswith("-")), None)
    if name is None:
        stand_ins = _stand_ins(commands)
        if stand_ins is None:
            return False
        commands[:] = stand_ins
        return True
    wanted = [c for c in commands if _name(c) == name]
    wanted_groups = [g for g in groups if g.name == name]
    if not (wanted or wanted_groups):
        return False
    commands[:] = wanted
    groups[:] = wanted_groups
    return True
