"""The middle step of `make messages`: bring each translation up to date with the template.

    pybabel extract ... -o gdlib/locale/gdlib.pot gdlib    every marked message (Makefile)
    python tools/messages.py                                this: gdlib.pot -> <lang>/LC_MESSAGES/gdlib.po
    pybabel compile -d gdlib/locale -D gdlib                gdlib.po -> gdlib.mo (Makefile)

This is `pybabel update --init-missing` with a fixed header: pybabel would stamp the current time
into every catalogue it writes, so re-running `make messages` on an unchanged tree would change
the files. Here the header's dates are fixed, messages keep the template's (source) order, and
messages no longer in the source are dropped. A message whose English changed keeps its old
translation marked fuzzy (shown in English until a person checks it and removes the flag;
tests/test_i18n.py fails while a message is fuzzy or untranslated).
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE_DIR = ROOT / "gdlib" / "locale"
TEMPLATE = LOCALE_DIR / "gdlib.pot"
LANGUAGES = ("ko",)  # every language but English, the source language (gdlib.i18n.LANGUAGES)
FIXED_DATE = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
WIDTH = 100


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "gdlib.po"


def updated(language: str, template: Catalog) -> Catalog:
    """The language's catalogue with the template's messages (new ones empty, changed ones fuzzy)."""
    path = po_path(language)
    if path.exists():
        with path.open("rb") as f:
            catalog = read_po(f, locale=language, domain="gdlib")
    else:
        catalog = Catalog(locale=language, domain="gdlib")
    catalog.update(template, update_creation_date=False)
    catalog.obsolete.clear()
    catalog.fuzzy = False  # the header: a fuzzy header would stop pybabel compile
    catalog.project, catalog.version = "gdlib", "0.1.0"
    catalog.copyright_holder = "the gdlib course"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "the gdlib course"
    catalog.language_team = catalog.locale.english_name
    catalog.creation_date = catalog.revision_date = FIXED_DATE
    catalog.header_comment = (f"# {catalog.locale.english_name} translations of gdlib's messages.\n"
                              "# Edit the msgstr lines, then run `make messages`.")
    return catalog


def main() -> int:
    with TEMPLATE.open("rb") as f:
        template = read_po(f)
    for language in LANGUAGES:
        catalog = updated(language, template)
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            write_po(f, catalog, width=WIDTH, ignore_obsolete=True, include_previous=False)
        todo = sum(1 for m in catalog if m.id and (not m.string or m.fuzzy or
                                                  (isinstance(m.string, tuple) and not all(m.string))))
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {todo} to translate or check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
