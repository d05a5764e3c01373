"""Set JupyterLab's interface language for this environment: `make lab UI=ko` or `UI=en`.

    python tools/lab_language.py ko    menus and dialogs in Korean (needs the language pack:
                                       pip install -e ".[ko-ui]", which make lab UI=ko does)
    python tools/lab_language.py en    back to English

It writes the default of JupyterLab's language setting into this environment's
share/jupyter/lab/settings/overrides.json (the documented place for an environment's defaults),
so it changes only the project's .venv, and a learner can still switch in Settings → Language.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

PLUGIN = "@jupyterlab/translation-extension:plugin"
LOCALES = {"ko": "ko_KR", "en": "default"}


def overrides_file() -> Path:
    return Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def set_ui_language(language: str) -> Path:
    if language not in LOCALES:
        raise SystemExit(f"lab_language: UI must be one of {', '.join(LOCALES)}, got UI={language!r}")
    path = overrides_file()
    settings = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    settings.setdefault(PLUGIN, {})["locale"] = LOCALES[language]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    where = set_ui_language(sys.argv[1] if len(sys.argv) > 1 else "")
    print(f"JupyterLab's interface language: {sys.argv[1]} (default written to {where})")
