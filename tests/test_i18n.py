"""gdlib speaks Korean: the catalogues are complete and safe, set_language switches at once and back,
and figures draw Hangul.

The message catalogue is gdlib/locale/ko/LC_MESSAGES/gdlib.po (edited by people) and its compiled
gdlib.mo (read by gdlib.i18n); `make messages` rebuilds both from the source (see README, "Korean").
"""

import ast
import functools
import gettext
import io
import re
import string
import warnings
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import gdlib
from gdlib import exercises, i18n, optim, plots
from gdlib.exercises import _core
from gdlib.i18n import _

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "gdlib" / "locale"
PO = LOCALE / "ko" / "LC_MESSAGES" / "gdlib.po"
MO = LOCALE / "ko" / "LC_MESSAGES" / "gdlib.mo"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}  # the Makefile's `pybabel extract -k ...`
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    gdlib.set_language("en")


@functools.cache
def extracted() -> dict:
    """{msgid (a str, or (singular, plural)): [files]} of every message marked in gdlib's source
    (read when a test first asks: scanning the source costs a second in every test process)."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found: dict = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            ROOT / "gdlib", method_map, options_map, keywords=KEYWORDS):
        found.setdefault(message, []).append(filename)
    return found


with PO.open("rb") as _f:
    CATALOGUE = read_po(_f, locale="ko", domain="gdlib")
TRANSLATED = {m.id: m for m in CATALOGUE if m.id}


def _fields(text: str) -> dict:
    """{placeholder name: (conversion, format spec)} of a str.format template."""
    return {name: (conversion, spec) for _literal, name, spec, conversion in string.Formatter().parse(text)
            if name is not None}


def _dummy(conversion, spec: str):
    """A value a placeholder with this format spec accepts."""
    if conversion:
        return "x"
    if spec.endswith(("e", "f", "g", "%")):
        return 1.5
    if spec.endswith(("d", ",")):
        return 1234
    return "x"


def test_every_marked_message_is_extracted_and_in_the_committed_template():
    assert len(extracted()) > 500  # checker feedback, run messages and argument errors
    with (LOCALE / "gdlib.pot").open("rb") as f:
        template = {m.id for m in read_po(f) if m.id}
    missing = [m for m in extracted() if m not in template]
    assert not missing, f"run `make messages`: {len(missing)} marked messages are not in gdlib.pot, e.g. {missing[:3]}"


def test_every_message_has_a_korean_translation_that_is_not_fuzzy():
    problems = []
    for msgid, files in extracted().items():
        entry = TRANSLATED.get(msgid)
        strings = [] if entry is None else (list(entry.string) if isinstance(entry.string, (list, tuple))
                                            else [entry.string])
        if entry is None or not all(strings):
            problems.append(f"untranslated ({files[0]}): {msgid!r}")
        elif entry.fuzzy:
            problems.append(f"fuzzy, check and remove the flag ({files[0]}): {msgid!r}")
    assert not problems, f"{len(problems)} messages in gdlib.po need work (then `make messages`):\n" + "\n".join(
        problems[:20])


@pytest.mark.parametrize("entry", [m for m in CATALOGUE if m.id], ids=lambda m: (m.id if isinstance(m.id, str)
                                                                                 else m.id[0])[:60])
def test_each_translation_keeps_the_placeholders_of_its_english(entry):
    english = entry.id if isinstance(entry.id, str) else entry.id[-1]
    translations = entry.string if isinstance(entry.string, (list, tuple)) else [entry.string]
    want = _fields(english)
    values = {name: _dummy(*how) for name, how in want.items()}
    for korean in translations:
        assert _fields(korean) == want, (english, korean)
        if want or "{" in english:
            korean.format(**values)  # a typo in a placeholder would be a crash in a learner's face


def test_the_committed_mo_is_the_compiled_committed_po():
    compiled = io.BytesIO()
    write_mo(compiled, CATALOGUE)
    compiled.seek(0)
    with MO.open("rb") as f:
        committed = gettext.GNUTranslations(f)
    fresh = gettext.GNUTranslations(compiled)

    def messages(catalogue):  # the header names the Babel that compiled it: not a difference
        return {k: re.sub(r"Generated-By: .*\n", "", v) if k == "" else v for k, v in catalogue._catalog.items()}
    assert messages(committed) == messages(fresh), "run `make messages` to compile gdlib.mo from gdlib.po"
    assert committed.plural(1) == committed.plural(2) == 0  # Korean has one plural form


@pytest.mark.parametrize("bad", ["jp", "", "korean", None, 3, ["ko"]])
def test_set_language_rejects_what_it_does_not_speak(bad):
    with pytest.raises(ValueError, match="language must be one of 'en', 'ko'"):
        gdlib.set_language(bad)
    assert gdlib.get_language() == "en"


def test_set_language_accepts_upper_case_and_reports_the_language():
    gdlib.set_language("KO")
    assert gdlib.get_language() == "ko"
    gdlib.set_language("en")
    assert gdlib.get_language() == "en"


def _what_a_learner_sees() -> list[str]:
    """A wrong answer's feedback, a starter's, a correct one's, a diverged run and a bad argument."""
    def doubled(f, x, h):
        return (f(x + h) - f(x)) / (2 * h)

    def starter(f, x, h):
        ...

    def right(f, x, h):
        return (f(x + h) - f(x)) / h

    _core.reseed(7)
    seen = [str(exercises.check_forward_difference.diagnose(fn)) for fn in (doubled, starter, right)]
    _core.reseed(None)
    seen.append(optim.descend(lambda x: 2 * x, 1.0, optim.GradientDescent(1.5), 50).message)
    for call in (lambda: optim.GradientDescent(-0.1), lambda: optim.descend(lambda x: 2 * x, [1.0], "gd", 5)):
        with pytest.raises((TypeError, ValueError)) as info:
            call()
        seen.append(str(info.value))
    return seen


def test_korean_feedback_run_messages_and_errors():
    english = _what_a_learner_sees()
    gdlib.set_language("ko")
    korean = _what_a_learner_sees()
    for en, ko in zip(english, korean, strict=True):
        assert en != ko and HANGUL.search(ko), (en, ko)
    wrong, starter, right, diverged, lr, rule = korean
    assert wrong.startswith("❌ 아직 아닙니다: forward_difference(") and "2*h가 아니라 h로 나누세요" in wrong
    assert starter.startswith("⏳ 아직 풀지 않았습니다: ")
    assert right.startswith("✅ 정답입니다: ")
    assert "번째 스텝에서 발산했습니다" in diverged and "학습률" in diverged
    assert lr == "GradientDescent: lr은(는) 0보다 커야 합니다. 받은 값: lr=-0.1"
    assert "rule" in rule and "GradientDescent(lr=0.1)" in rule


def test_switching_back_to_english_restores_english_exactly():
    before = _what_a_learner_sees()
    gdlib.set_language("ko")
    _what_a_learner_sees()
    gdlib.set_language("en")
    assert _what_a_learner_sees() == before
    for msgid in extracted():
        singular = msgid if isinstance(msgid, str) else msgid[0]
        assert _(singular) == singular


def _speaks(module) -> bool:
    """The module has been marked for translation (it imports gdlib.i18n); a module still being
    written may not be yet, and is checked from the moment it is."""
    return getattr(module, "_", None) is _


def test_mistake_tables_written_at_import_time_are_translated_when_shown():
    """Every diagnosis in a topic's module-level table of mistakes is marked (N_) and translated."""
    tables = []
    for topic in filter(_speaks, exercises.TOPICS):
        for name, value in vars(topic).items():
            if isinstance(value, list) and value and all(isinstance(v, tuple) and v and isinstance(v[-2], str)
                                                         and callable(v[-1]) for v in value):
                tables += [(f"{topic.__name__}.{name}", v[-2]) for v in value]
    assert len(tables) > 200
    gdlib.set_language("ko")
    untranslated = [(where, hint) for where, hint in tables if not HANGUL.search(_(hint))]
    assert not untranslated, untranslated[:5]


def _binds_underscore(function: ast.AST) -> bool:
    return any(isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store)
               for node in ast.walk(function))


def test_no_function_hides_the_translation_function_behind_a_local_underscore():
    """`for _ in ...` or `a, _ = ...` inside a function that also calls _() would make _ a local
    variable there: the message lookup would fail at the moment a learner needs it."""
    offenders = []
    for path in sorted((ROOT / "gdlib").rglob("*.py")):
        tree = ast.parse(path.read_text())
        if not any(isinstance(n, ast.ImportFrom) and n.module == "gdlib.i18n" and any(a.name == "_" for a in n.names)
                   for n in tree.body):
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and _binds_underscore(node):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders


# --- Hangul in figures ---------------------------------------------------------------------------------


def _draw_a_korean_figure(path: Path) -> None:
    fig, ax = plt.subplots()
    t = np.linspace(0, 4, 30)
    ax.plot(t, np.exp(-t), label="손실 곡선, x₀ = 2.5, α = 0.1")
    ax.plot(t, np.exp(-0.5 * t), "--", label="학습률 α/2 (모멘텀 β = 0.9)")
    ax.set_title("경사하강법: 반복값 xₜ와 손실 f(xₜ)")
    ax.set_xlabel("스텝 t")
    ax.set_ylabel("손실 f(x₁, x₂) ≥ 0")
    ax.legend()
    fig.savefig(path)
    plt.close(fig)


@pytest.mark.parametrize("order", ["language first", "style first"])
def test_korean_figures_draw_hangul_without_missing_glyphs(tmp_path, order):
    """NanumGothic comes after the course's Latin font, whichever of set_language and
    use_course_style runs first; no glyph is missing (a warning, here an error)."""
    family = list(mpl.rcParams["font.family"])
    try:
        if order == "language first":
            gdlib.set_language("ko")
            plots.use_course_style()
        else:
            plots.use_course_style()
            gdlib.set_language("ko")
        assert list(mpl.rcParams["font.family"]) == [*family, plots.HANGUL_FONT]
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "Glyph ... missing from font(s) ..." would fail here
            _draw_a_korean_figure(tmp_path / "ko.png")
        assert (tmp_path / "ko.png").stat().st_size > 10_000
        gdlib.set_language("en")
        assert list(mpl.rcParams["font.family"]) == family  # English figures are drawn as before
    finally:
        mpl.rcParams["font.family"] = family


def test_without_the_hangul_font_a_korean_figure_warns_instead_of_failing(monkeypatch):
    family = list(mpl.rcParams["font.family"])
    monkeypatch.setattr(plots, "_hangul_font_available", lambda: False)
    try:
        with pytest.warns(UserWarning, match="koreanize-matplotlib"):
            gdlib.set_language("ko")
        assert plots.HANGUL_FONT not in mpl.rcParams["font.family"]
    finally:
        mpl.rcParams["font.family"] = family


def test_figure_text_of_the_helpers_follows_the_language():
    gdlib.set_language("ko")
    fig, ax = plt.subplots()
    plots.loss_curve(ax, [3.0, 2.0, 1.0])
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("스텝", "손실")
    plots.loss_curve(ax, [3.0, 2.0, 1.0], xlabel="epoch")
    assert ax.get_xlabel() == "epoch"  # a label of your own is kept as it is
    gdlib.set_language("en")
    plots.loss_curve(ax, [3.0, 2.0, 1.0])
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("step", "loss")
    plt.close(fig)


def test_the_module_documents_its_messages():
    assert "make messages" in i18n.__doc__ and "N_" in i18n.__doc__
