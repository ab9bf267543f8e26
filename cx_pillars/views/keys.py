"""Every use of questionary and prompt_toolkit beyond their documented API, in one
place: shortcut keys that answer a ``questionary.select`` at once.

Supported: questionary 2.0 through 2.1 with prompt_toolkit 3.0.36 through 3.0.x (tested
on questionary 2.0.0 + prompt_toolkit 3.0.36 and questionary 2.1.1 + prompt_toolkit
3.0.53). Key bindings come from prompt_toolkit's public ``KeyBindings`` and
``merge_key_bindings``; what is questionary's own is its list control
(``questionary.prompts.common.InquirerControl``) and that control's ``pointed_at``,
``is_answered`` and ``get_pointed_at()``. If the control cannot be found or lacks those,
the question is left as questionary made it: a shortcut key then moves the pointer and
Enter answers (one key more, nothing lost).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["answer_on_keys"]

_NEEDED = ("pointed_at", "is_answered", "get_pointed_at")


def _list_control(question: Any) -> Any:
    """questionary's list control in ``question``'s layout, or None."""
    try:
        from questionary.prompts.common import InquirerControl

        controls = question.application.layout.find_all_controls()
        control = next((c for c in controls if isinstance(c, InquirerControl)), None)
    except (ImportError, AttributeError):
        return None
    if control is None or not all(hasattr(control, name) for name in _NEEDED):
        return None
    return control


def answer_on_keys(question: Any, keys: Mapping[str, int]) -> bool:
    """Make pressing one of ``keys`` answer ``question`` (a ``questionary.select``) at
    once with the choice at that index, instead of only moving the pointer there.

    Returns whether the keys were bound; False leaves ``question`` unchanged.
    """
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    control = _list_control(question)
    if control is None:
        return False
    extra = KeyBindings()
    for key, index in keys.items():

        def answer(event: Any, index: int = index) -> None:
            control.pointed_at = index
            control.is_answered = True
            event.app.exit(result=control.get_pointed_at().value)

        extra.add(key, eager=True)(answer)
    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings, extra])
    return True
