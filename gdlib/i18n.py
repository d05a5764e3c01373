"""The language gdlib speaks to a learner: English (default) or Korean.

    import gdlib
    gdlib.set_language("ko")    # checker feedback, explorer labels and readouts, run messages
                                # and the errors a learner meets are Korean from here on

Messages live in standard gettext catalogues: gdlib/locale/<lang>/LC_MESSAGES/gdlib.po (the
translation, edited by people) and its compiled gdlib.mo (read here, with the standard library's
gettext). English is the source language, so English needs no catalogue. `make messages`
re-extracts every marked message and compiles the catalogues (Babel); a test checks that every
English message has its Korean entry and that the compiled file matches its source.

In gdlib's code a message is marked with _() and keeps its placeholders named, so a translation
may reorder them:

    from gdlib.i18n import _
    raise ValueError(_("{owner}: lr must be > 0, got lr={value!r}").format(owner=owner, value=lr))

A message is looked up when it is raised or printed, never at import time, so a switch of language
takes effect at once. A message that must be written down at import time (a table of mistakes, a
checker's "correct" sentence) is marked with N_(), which only marks it for extraction, and is
translated with _() where it is shown.
"""

from __future__ import annotations

import gettext
from pathlib import Path

__all__ = ["LANGUAGES", "set_language", "get_language", "_", "N_", "ngettext", "on_change"]

LANGUAGES = ("en", "ko")
DOMAIN = "gdlib"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_current = {"language": "en", "catalogue": gettext.NullTranslations()}
_listeners: list = []  # callables run after a change (e.g. plots picks a font with Hangul)


def set_language(language: str) -> None:
    """Switch gdlib's messages to "en" (English, the default) or "ko" (Korean)."""
    if not isinstance(language, str) or language.lower() not in LANGUAGES:
        raise ValueError(_("set_language: language must be one of {options}, got language={language!r}").format(
            options=", ".join(map(repr, LANGUAGES)), language=language))
    language = language.lower()
    if language == "en":
        catalogue = gettext.NullTranslations()
    else:
        catalogue = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[language])
    _current.update(language=language, catalogue=catalogue)
    for listener in _listeners:
        listener(language)


def get_language() -> str:
    """The language set by set_language ("en" until it is called)."""
    return _current["language"]


def _(message: str) -> str:
    """message in the current language (itself when it has no translation)."""
    if isinstance(message, _Deferred):
        parts = {name: _(part) if isinstance(part, str) else part for name, part in message.parts.items()}
        return _(message.template).format(**parts)
    return _current["catalogue"].gettext(message)


class _Deferred(str):
    """The English text of N_(template, **parts); _() translates the template and the parts."""

    template: str
    parts: dict


def N_(message: str, **parts) -> str:
    """message itself: marks it for extraction where it is written down at import time; translate it
    with _() where it is shown. With parts (texts themselves marked with N_, or numbers), the English
    text is message.format(**parts), and _() translates the template and each text part."""
    if not parts:
        return message
    deferred = _Deferred(message.format(**parts))
    deferred.template, deferred.parts = message, parts
    return deferred


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for n, in the current language."""
    return _current["catalogue"].ngettext(singular, plural, n)


def on_change(listener) -> None:
    """Call listener(language) after every set_language (and not now)."""
    _listeners.append(listener)
