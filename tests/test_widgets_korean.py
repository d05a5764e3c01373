"""Every explorer speaks Korean after gdlib.set_language("ko"): its header, control descriptions, readout
and figure text (titles, axis labels, legends) are Korean, no English word is left in the figure, and
every Hangul glyph is drawn. A glyph missing from the fonts (a tofu box) is a "Glyph ... missing from
font(s)" warning, here an error; Hangul inside matplotlib's $...$ math, which has no Hangul, is logged by
matplotlib instead ("... does not have a glyph for ..."), and a log record of that kind fails too.

The English explorers are tested everywhere else (their readouts and figures are compared byte for
byte); here each one is built in Korean, every control is changed once, and the live PNG and a
snapshot are rendered.
"""

import contextlib
import io
import logging
import re
import warnings

import matplotlib.pyplot as plt
import pytest
from data_helpers import iris_split
from test_explorer_redraw import EXPLORERS, other_value

import gdlib
from gdlib import widgets

HANGUL = re.compile(r"[\uac00-\ud7a3]")
WORD = re.compile(r"[A-Za-z]{3,}")
# what stays as it is in Korean: the update rules' names (menu options the notebooks pass), the class
# names a notebook gives, and the names of functions and quantities
KEPT = {"Adagrad", "Adam", "Momentum", "RMSProp", "setosa", "versicolor", "virginica", "sin", "cos", "log",
        "max", "MLE", "MSE"}


KOREAN_EXPLORERS = {
    **EXPLORERS,
    "network": lambda: widgets.network_explorer(*iris_split(), class_names=["setosa", "versicolor", "virginica"]),
    "network, default names": lambda: widgets.network_explorer(*iris_split()),
}


@pytest.fixture(autouse=True)
def _korean():
    gdlib.set_language("ko")
    yield
    gdlib.set_language("en")


@contextlib.contextmanager
def every_glyph_drawn(caplog):
    """A warning about a glyph is an error inside; afterwards, no missing glyph was logged either.
    (Other warnings, such as the deprecation notices of ipywidgets 7 on a newer ipykernel or of
    pyparsing under an older matplotlib, say nothing about what is drawn.)"""
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="matplotlib"), warnings.catch_warnings():
        warnings.filterwarnings("error", message=r"(?s).*glyph")  # matched ignoring case
        yield
    missing = [r.getMessage() for r in caplog.records if "glyph" in r.getMessage().lower()]
    assert not missing, missing[:3]


def figure_texts(fig) -> list[str]:
    """The words a learner reads in a figure: titles, axis labels, legend entries, texts on the axes."""
    texts = []
    for ax in fig.axes:
        texts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), *(t.get_text() for t in ax.texts)]
        legend = ax.get_legend()
        if legend is not None:
            texts += [t.get_text() for t in legend.get_texts()]
    return [t for t in texts if t]


def english_words(text: str) -> list[str]:
    return [word for word in WORD.findall(text) if word not in KEPT]


def check_korean(ex, snapshot_too: bool = False) -> None:
    """The readout, the figure and the controls of ex as they are now are Korean, and all of it is drawn
    with every glyph (warnings are errors around the caller). The live PNG draws every text of the
    figure; snapshot_too also draws a snapshot as a notebook does (once per explorer is enough: the
    redraw tests check that a snapshot shows what the live figure shows)."""
    readout = ex.readout
    assert HANGUL.search(readout), readout
    found = readout.split(" → ", 1)[-1]  # the controls' values (menu options) come before the arrow
    assert not english_words(found), readout
    texts = figure_texts(ex.figure)
    assert any(HANGUL.search(t) for t in texts), texts
    untranslated = [t for t in texts if english_words(t)]
    assert not untranslated, untranslated
    for control in ex.controls.values():
        assert not english_words(control.description), control.description
    assert ex.out.outputs[-1]["data"]["image/png"]  # the live PNG (background and live artists)
    if not snapshot_too:
        return
    fig, snapshot = ex.render()  # and a snapshot, with pyplot as in a notebook
    try:
        assert snapshot == readout
        fig.savefig(io.BytesIO(), format="png")
    finally:
        plt.close(fig)


@pytest.mark.parametrize("name", list(KOREAN_EXPLORERS))
def test_every_explorer_speaks_korean_after_every_change(name, caplog):
    with every_glyph_drawn(caplog):
        ex = KOREAN_EXPLORERS[name]()
        assert HANGUL.search(ex.title) and not english_words(ex.title), ex.title
        assert HANGUL.search(ex.widget.children[0].value)  # the header above the controls
        check_korean(ex, snapshot_too=True)
        for control, c in ex.controls.items():
            if c.disabled and control.startswith("lr_"):  # the race: a rule's slider works once the rule races
                ex.controls["rules"].value = (*ex.controls["rules"].value, control.removeprefix("lr_"))
            c.value = other_value(c)
            check_korean(ex)


def test_the_likelihood_explorers_maximum_is_unicode_math_in_korean(caplog):
    """matplotlib's $...$ math has no Hangul: the Korean label writes μ̂, σ̂ as Unicode."""
    with every_glyph_drawn(caplog):
        ex = widgets.normal_likelihood_explorer()
        labels = [t.get_text() for t in ex.figure.axes[1].get_legend().get_texts()]
        assert "최대점 (μ̂, σ̂)" in labels and not any("$" in label for label in labels)
        assert ex.out.outputs[-1]["data"]["image/png"]


def test_the_explorers_default_names_follow_the_language_and_names_of_your_own_are_kept():
    ex = widgets.normal_likelihood_explorer()
    assert [t.get_text() for t in ex.figure.axes[0].get_legend().get_texts()][0] == "데이터 x"
    ex = widgets.normal_likelihood_explorer(label="versicolor 꽃잎 길이")
    assert [t.get_text() for t in ex.figure.axes[0].get_legend().get_texts()][0] == "versicolor 꽃잎 길이"
    ex = widgets.network_explorer(*iris_split())
    ax = ex.figure.axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("특성 1", "특성 2")
    assert [t.get_text() for t in ax.get_legend().get_texts()][:3] == ["클래스 0", "클래스 1", "클래스 2"]
    ex = widgets.network_explorer(*iris_split(), feature_names=("sepal length", "sepal width"))
    assert ex.figure.axes[0].get_xlabel() == "sepal length"


def test_menu_options_stay_the_keys_the_notebooks_pass():
    ex = widgets.directional_explorer(function="Himmelblau")
    assert ex.controls["function"].options == ("tilted bowl x² + xy + 2y²", "Himmelblau")
    assert ex.figure.axes[0].get_title().startswith("힘멜블라우 함수: ")  # shown translated in the title
    ex = widgets.optimizer_explorer(problem="ill-conditioned quadratic", rules=("GD", "Adam"))
    assert ex.controls["problem"].options == ("ill-conditioned quadratic", "Rosenbrock")
    assert ex.controls["rules"].options == ("GD", "Momentum", "Adagrad", "RMSProp", "Adam")
    ex = widgets.minibatch_explorer(batch_size=200)
    assert ex.controls["batch_size"].options[-1] == ("200 (전체 배치)", 200)  # a label; the value is the number


def test_korean_errors_of_bad_explorer_arguments():
    with pytest.raises(ValueError, match=r"^learning_rate_explorer: lr은\(는\) \[0.001, 1\] 범위 안에 있어야 합니다"
                                         r"\('학습률 α' 슬라이더의 범위\)\. 받은 값: lr=5.0$"):
        widgets.learning_rate_explorer(lr=5)
    with pytest.raises(ValueError, match="^tangent_explorer: function은\\(는\\) 'x³ − 2x', 'sin x', '\\(x − 1\\)²' 중 "
                                         "하나여야 합니다"):
        widgets.tangent_explorer(function="x")
    with pytest.raises(TypeError, match="^network_explorer: class_names은\\(는\\) str 3개로 된 튜플이어야 합니다"):
        widgets.network_explorer(*iris_split(), class_names=["a"])


def test_the_glyph_check_catches_tofu(caplog):
    """The check above is not idle: Hangul without a Hangul font, and Hangul inside $...$ math, are
    drawn as boxes, and each is caught."""
    gdlib.set_language("en")  # no Hangul font in the font family
    fig, ax = plt.subplots()
    ax.set_title("최댓값")
    with pytest.raises(UserWarning, match="Glyph .* missing from font"), every_glyph_drawn(caplog):
        fig.savefig(io.BytesIO(), format="png")
    gdlib.set_language("ko")
    fig, ax = plt.subplots()
    ax.set_title(r"최댓값 $(\hat\mu, \hat\sigma)$")
    with pytest.raises(AssertionError, match="does not have a glyph"), every_glyph_drawn(caplog):
        fig.savefig(io.BytesIO(), format="png")
