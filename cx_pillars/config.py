"""The user's own settings: a small TOML file in the user's configuration folder.

``config.toml`` may set the default store folder, language, team and framework file,
so that nobody types ``--dir`` every time::

    dir = "/srv/cx/assessments"
    lang = "pl"
    team = "Retail CX"        # the answer `rate` offers for the team
    framework = "/srv/cx/our-pillars.toml"

An option given on the command line wins, then the environment (``CX_PILLARS_DIR``,
``CX_PILLARS_LANG``), then this file, then the built-in default. ``team`` is only the
default answer of ``rate`` (and of ``team import`` when a response has none): it never
filters what ``team``, ``compare`` or ``report`` show, which would hide colleagues
without a word. ``cx-pillars config`` shows the file, each value and where it comes
from; ``config set KEY VALUE`` and ``config unset KEY`` change it.

The folder is the one the platform keeps such files in (``platformdirs``:
``~/.config/cx-pillars`` on Linux, honouring ``$XDG_CONFIG_HOME``; ``~/Library/
Application Support/cx-pillars`` on macOS; ``%APPDATA%\\cx-pillars`` on Windows). It
also holds the secret that links a user's anonymous runs (:mod:`cx_pillars.anonymity`).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from cx_pillars.errors import CxError

FILE = "config.toml"
KEYS = ("dir", "lang", "team", "framework")
#: The environment variable that overrides a key, where there is one.
ENV = {"dir": "CX_PILLARS_DIR", "lang": "CX_PILLARS_LANG"}


def folder() -> Path:
    """The user's configuration folder for cx-pillars (never the store)."""
    from platformdirs import user_config_path

    return user_config_path("cx-pillars", appauthor=False, roaming=True)


def path() -> Path:
    return folder() / FILE


@cache
def _read(where: str) -> dict[str, str]:
    from cx_pillars.files import parse_toml, read_text

    file = Path(where)
    if not file.is_file():
        return {}
    data = parse_toml(file, read_text(file))
    for key, value in data.items():
        if key not in KEYS:
            raise CxError(
                f"unknown setting {key!r}; settings are {', '.join(KEYS)}",
                path=file,
                field=key,
                hint="remove it, or see `cx-pillars config`",
            )
        if not isinstance(value, str) or not value.strip():
            raise CxError("must be a non-empty text in quotes", path=file, field=key)
    return dict(data)


def settings() -> dict[str, str]:
    """The settings in the file (none when there is no file)."""
    return _read(str(path()))


def get(key: str) -> str | None:
    """A setting from the file, or None."""
    return settings().get(key)


def source(key: str, option: object = None) -> tuple[Any, str]:
    """The value of ``key`` in use and where it comes from: option, environment, file,
    default (None)."""
    if option not in (None, ""):
        return option, "option"
    env = ENV.get(key)
    if env and os.environ.get(env, "").strip():
        return os.environ[env], f"${env}"
    value = get(key)
    if value is not None:
        return value, str(path())
    return None, "default"


def write(values: dict[str, str]) -> Path:
    """Replace the file with ``values`` (only this user's file: atomically, private)."""
    import tomli_w

    from cx_pillars import store

    file = path()
    file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    store.write_replace(file, tomli_w.dumps(values).encode("utf-8"))
    _read.cache_clear()
    return file
