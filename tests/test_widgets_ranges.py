"""An explorer argument outside its control's range is never clamped.

A setting of the method (α, ε, h, θ, seed) outside its slider is a ValueError that names the
argument and the range; a start point (x₀, (x, y), μ, σ) outside its slider widens the slider
(and the plot) so the explorer starts exactly where it was asked to.
"""

import ipywidgets
import numpy as np
import pytest
from test_explorer_redraw import rendered

from gdlib import widgets

SETTING, START = "setting", "start"

# (factory, argument = control name, kind)
CONTROLLED = [
    ("tangent_explorer", "x0", START),
    ("secant_explorer", "x0", START),
    ("secant_explorer", "h", SETTING),
    ("directional_explorer", "x", START),
    ("directional_explorer", "y", START),
    ("directional_explorer", "theta", SETTING),
    ("learning_rate_explorer", "lr", SETTING),
    ("learning_rate_explorer", "x0", START),
    ("learning_rate_explorer", "y0", START),
    ("start_point_explorer", "x0", START),
    ("start_point_explorer", "y0", START),
    ("minibatch_explorer", "lr", SETTING),
    ("minibatch_explorer", "seed", SETTING),
    ("normal_likelihood_explorer", "mu", START),
    ("normal_likelihood_explorer", "sigma", START),
    ("adagrad_explorer", "lr", SETTING),
    ("adagrad_explorer", "eps", SETTING),
    ("adagrad_explorer", "x0", START),
    ("adagrad_explorer", "y0", START),
]

_defaults = {}


def default_range(factory, name):
    """(lo, hi, log?, int?) of the control of a default explorer."""
    if (factory, name) not in _defaults:
        control = getattr(widgets, factory)().controls[name]
        if isinstance(control, ipywidgets.FloatLogSlider):
            _defaults[factory, name] = (10**control.min, 10**control.max, True, False)
        else:
            _defaults[factory, name] = (control.min, control.max, False,
                                        isinstance(control, ipywidgets.IntSlider))
    return _defaults[factory, name]


def outside(name, lo, hi, log, integer, side):
    if name == "sigma" and side == "below":
        return lo / 2  # σ > 0: half the slider's smallest value
    if integer:
        return lo - 1 if side == "below" else hi + 1
    if log:
        return lo / 3 if side == "below" else hi * 3
    return lo - 0.3 * (hi - lo) if side == "below" else hi + 0.3 * (hi - lo)


@pytest.mark.parametrize("side", ["below", "above"])
@pytest.mark.parametrize(("factory", "name", "kind"), CONTROLLED)
def test_outside_the_range_is_an_error_or_the_range_grows(factory, name, kind, side):
    lo, hi, log, integer = default_range(factory, name)
    value = outside(name, lo, hi, log, integer, side)
    if kind == SETTING:
        with pytest.raises(ValueError) as info:
            getattr(widgets, factory)(**{name: value})
        message = str(info.value)
        assert factory in message and f"{name} must be in" in message and repr(value) in message
        assert (f"[{lo:g}, {hi:g}]" in message) or (f"{lo}..{hi}" in message), message
    else:
        ex = getattr(widgets, factory)(**{name: value})
        control = ex.controls[name]
        assert control.value == value  # exactly where asked: not clamped
        assert control.min <= value <= control.max
        assert (control.min, control.max) != (lo, hi)
        assert min(control.min, lo) == control.min and max(control.max, hi) == control.max
        assert f"= {format(value, control.readout_format)}" in ex.readout
        rendered(ex)  # the widened plot, as a learner sees it


@pytest.mark.parametrize("end", [0, 1])
@pytest.mark.parametrize(("factory", "name", "kind"), CONTROLLED)
def test_both_ends_of_every_range_are_accepted_as_they_are(factory, name, kind, end):
    lo, hi, log, integer = default_range(factory, name)
    value = (lo, hi)[end]
    if integer:
        value = int(value)
    ex = getattr(widgets, factory)(**{name: value})
    control = ex.controls[name]
    assert control.value == pytest.approx(value, rel=1e-12)
    if log:
        assert 10**control.min == pytest.approx(lo) and 10**control.max == pytest.approx(hi)
    else:
        assert (control.min, control.max) == (lo, hi)  # the range did not move


def test_learning_rate_explorer_lr_10_is_an_error_not_alpha_1():
    with pytest.raises(ValueError, match=r"lr must be in \[0.001, 1\].*got lr=10.0"):
        widgets.learning_rate_explorer(lr=10)


@pytest.mark.parametrize(("rule", "lr"), [("Adam", 10.0), ("GD", 1e-5), ("RMSProp", 0.0)])
def test_optimizer_learning_rates_outside_the_sliders_are_errors(rule, lr):
    with pytest.raises(ValueError) as info:
        widgets.optimizer_explorer(lrs={rule: lr})
    assert f"lrs[{rule!r}]" in str(info.value) and "[0.0001, 3]" in str(info.value)


def test_a_grown_start_moves_the_plot_too():
    ex = widgets.learning_rate_explorer(x0=-5.0, y0=4.0)
    ax = ex.figure.axes[0]
    assert ax.get_xlim() == (-5.0, 3.0) and ax.get_ylim() == (-3.0, 4.0)
    assert (ex.controls["x0"].min, ex.controls["y0"].max) == (-5.0, 4.0)
    path = max(ax.get_lines(), key=lambda ln: len(ln.get_xdata()))
    np.testing.assert_allclose([path.get_xdata()[0], path.get_ydata()[0]], [-5.0, 4.0])
