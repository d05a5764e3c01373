"""The Adagrad notebook's explorer, driven without a browser."""

import numpy as np
import pytest
from error_helpers import raises
from test_explorer_redraw import rendered

from gdlib import optim, widgets
from gdlib.widgets import adagrad

C = np.array([0.1, 2.0])  # f = 0.1·x₁² + 2·x₂², gradient 2c·x


def path_data(ax):
    """The optimisation path: the longest line on the axes (start/end markers have one point)."""
    line = max(ax.get_lines(), key=lambda ln: len(ln.get_xdata()))
    return np.column_stack([line.get_xdata(), line.get_ydata()])


def loss_lines(ax):
    return [np.asarray(ln.get_ydata()) for ln in ax.get_lines()]


@pytest.fixture
def explorer():
    ex = widgets.adagrad_explorer()
    yield ex
    import matplotlib.pyplot as plt

    plt.close("all")


def test_explorer_is_reexported_and_has_the_documented_controls(explorer):
    assert widgets.adagrad_explorer is adagrad.adagrad_explorer
    assert set(explorer.controls) == {"lr", "eps", "x0", "y0"}
    assert explorer.values == pytest.approx({"lr": 1.0, "eps": 1e-10, "x0": -4.0, "y0": 2.0})
    assert len(explorer.figure.axes) == 3


def test_initial_paths_are_gd_and_adagrad(explorer):
    ax_gd, ax_ada, _ = explorer.figure.axes
    start = np.array([-4.0, 2.0])
    gd, ada = path_data(ax_gd), path_data(ax_ada)
    np.testing.assert_allclose(gd[0], start)
    np.testing.assert_allclose(ada[0], start)
    # GD step: x_i <- (1 - 2 c_i α) x_i with α = 1
    np.testing.assert_allclose(gd[1], (1 - 2 * C * 1.0) * start)
    # Adagrad's first step is α·g/(|g| + eps), i.e. ±α per coordinate
    g = 2 * C * start
    np.testing.assert_allclose(ada[1], start - 1.0 * g / (np.abs(g) + 1e-10))
    np.testing.assert_allclose(ada[1], [-3.0, 1.0])
    # every Adagrad step is at most α per coordinate
    assert np.max(np.abs(np.diff(ada, axis=0))) <= 1.0 + 1e-12


def test_initial_readout_reports_the_final_losses(explorer):
    f = adagrad.BOWL.f
    gd = optim.descend(
        adagrad.BOWL.grad, np.array([-4.0, 2.0]), optim.GradientDescent(1.0), 50, f=f
    )
    ada = optim.descend(adagrad.BOWL.grad, np.array([-4.0, 2.0]), optim.Adagrad(1.0), 50, f=f)
    assert gd.diverged  # α = 1 > 0.5
    assert f"GD diverged at step {gd.steps}" in explorer.readout
    rendered(explorer)  # a diverged path, as a learner sees it
    assert f"Adagrad f = {ada.losses[-1]:.3g}" in explorer.readout
    assert "learning rate α = 1" in explorer.readout and "ε = 1.0e-10" in explorer.readout
    # the loss panel holds both loss curves
    gd_loss, ada_loss = loss_lines(explorer.figure.axes[2])
    np.testing.assert_allclose(gd_loss, gd.losses)
    np.testing.assert_allclose(ada_loss, ada.losses)


def test_learning_rate_below_the_limit_lets_gd_converge(explorer):
    explorer.controls["lr"].value = 0.4
    ax_gd = explorer.figure.axes[0]
    gd = path_data(ax_gd)
    np.testing.assert_allclose(gd[1], (1 - 2 * C * 0.4) * np.array([-4.0, 2.0]))
    expected = optim.descend(
        adagrad.BOWL.grad, np.array([-4.0, 2.0]), optim.GradientDescent(0.4), 50, f=adagrad.BOWL.f
    )
    assert "diverged" not in explorer.readout
    assert f"GD f = {expected.losses[-1]:.3g}" in explorer.readout
    assert "learning rate α = 0.4" in explorer.readout


def test_large_eps_turns_adagrad_into_slow_gd(explorer):
    explorer.controls["eps"].value = 10.0
    ada = path_data(explorer.figure.axes[1])
    start = np.array([-4.0, 2.0])
    g = 2 * C * start
    # with eps outside the root: the step is α·g/(|g| + eps)
    np.testing.assert_allclose(ada[1], start - 1.0 * g / (np.abs(g) + 10.0))
    assert "ε = 1.0e+01" in explorer.readout
    f_default = optim.descend(
        adagrad.BOWL.grad, start, optim.Adagrad(1.0), 50, f=adagrad.BOWL.f
    ).losses[-1]
    f_big_eps = optim.descend(
        adagrad.BOWL.grad, start, optim.Adagrad(1.0, eps=10.0), 50, f=adagrad.BOWL.f
    ).losses[-1]
    assert f_big_eps > f_default
    assert f"Adagrad f = {f_big_eps:.3g}" in explorer.readout


def test_moving_the_start_moves_both_paths(explorer):
    explorer.controls["x0"].value = 3.0
    explorer.controls["y0"].value = -1.5
    start = np.array([3.0, -1.5])
    ax_gd, ax_ada, _ = explorer.figure.axes
    np.testing.assert_allclose(path_data(ax_gd)[0], start)
    np.testing.assert_allclose(path_data(ax_ada)[0], start)
    np.testing.assert_allclose(path_data(ax_ada)[1], start - np.sign(start) * 1.0, atol=1e-9)
    assert "start x₁ = 3.00" in explorer.readout and "start x₂ = -1.50" in explorer.readout


def test_snapshot_prints_the_readout(explorer, capsys):
    explorer.snapshot()
    out = capsys.readouterr().out
    assert explorer.readout in out


# --- bad input ----------------------------------------------------------------------------------

NAN = float("nan")

BAD = [
    # (kwargs, error, words in the message)
    ({"lr": 5}, ValueError, ["adagrad_explorer", "lr must be in [0.01, 2]", "'learning rate α' slider", "lr=5.0"]),
    ({"lr": 0.001}, ValueError, ["lr must be in [0.01, 2]"]),
    ({"lr": 0}, ValueError, ["lr must be in [0.01, 2]"]),
    ({"lr": "1"}, TypeError, ["lr", "real number"]),
    ({"lr": NAN}, ValueError, ["lr", "finite"]),
    ({"eps": 0}, ValueError, ["eps must be in [1e-10, 10]", "'ε' slider", "eps=0.0"]),
    ({"eps": 100}, ValueError, ["eps must be in [1e-10, 10]", "100"]),
    ({"eps": -1e-8}, ValueError, ["eps must be in [1e-10, 10]"]),
    ({"eps": None}, TypeError, ["eps", "real number", "None"]),
    ({"x0": [-4.0, 2.0]}, TypeError, ["x0", "real number"]),
    ({"x0": 50.0}, ValueError, ["x0 must be in [-45, 45]", "[-4.5, 4.5]"]),
    ({"y0": 26.0}, ValueError, ["y0 must be in [-25, 25]", "[-2.5, 2.5]"]),
    ({"y0": float("-inf")}, ValueError, ["y0", "finite"]),
    ({"steps": 0}, ValueError, ["steps must be in 1..10000"]),
    ({"steps": "50"}, TypeError, ["steps", "whole number", "'50'"]),
    ({"steps": 50.5}, TypeError, ["steps", "whole number"]),
]


@pytest.mark.parametrize(("kwargs", "error", "words"), BAD)
def test_bad_calls_are_clear_errors(kwargs, error, words):
    raises(error, words, lambda: widgets.adagrad_explorer(**kwargs))


def test_the_ends_of_the_sliders_and_ints():
    ex = widgets.adagrad_explorer(lr=2, eps=10, x0=-4, y0=2, steps=np.int64(3))
    assert (ex.values["lr"], ex.values["eps"]) == pytest.approx((2.0, 10.0))
    start = np.array([-4.0, 2.0])
    g = 2 * C * start
    np.testing.assert_allclose(path_data(ex.figure.axes[1])[1], start - 2.0 * g / (np.abs(g) + 10.0))
    assert "after 3 steps" in ex.readout


def test_a_start_outside_widens_the_sliders_and_all_the_path_panels():
    ex = widgets.adagrad_explorer(x0=-6.0, y0=3.0)
    assert (ex.controls["x0"].min, ex.controls["y0"].max) == (-6.0, 3.0)
    for ax in ex.figure.axes[:2]:
        assert ax.get_xlim() == (-6.5, 5.0) and ax.get_ylim() == (-3.0, 3.5)
        np.testing.assert_allclose(path_data(ax)[0], [-6.0, 3.0])
