"""The network explorer: its curves, regions and readout are the runs of optim.descend on TwoLayerNet; a
change redraws in place exactly what a fresh drawing shows; runs are kept by their inputs; bad arguments
are named."""

import re

import numpy as np
import pytest
from data_helpers import iris_split
from error_helpers import raises
from test_explorer_redraw import same_picture_as_full_rendering

from gdlib import network, optim, widgets
from gdlib.widgets import network as module


@pytest.fixture(scope="module")
def iris():
    return iris_split()


def make(iris, **kwargs):
    kwargs.setdefault("class_names", ["setosa", "versicolor", "virginica"])
    return widgets.network_explorer(*iris, **kwargs)


def numbers(readout):
    tail = readout.split("→ ")[1]
    train, val, low, step, acc = re.match(
        r"train loss ([\d.]+) · validation loss ([\d.]+) \(lowest ([\d.]+) at step (\d+)\) · "
        r"validation accuracy (\d+)%", tail).groups()
    return float(train), float(val), float(low), int(step), int(acc)


def reference(iris, hidden, rule, lr, batch):
    """The run the explorer should show, computed here with the public API."""
    X, y, Xv, yv = iris
    net = network.TwoLayerNet(2, hidden, 3)
    grad = network.minibatch_gradient(net.grad, X, y, module.BATCHES[batch], seed=0)
    hist = optim.descend(grad, net.init(seed=0), module.RULES[rule](lr), module.STEPS, keep_every=module.KEEP)
    return net, hist, net.losses(hist.params, X, y), net.losses(hist.params, Xv, yv)


def artists(e, fig=None):
    """What the figure (the explorer's, or fig) shows: region image, loss lines, marker position, titles, limits."""
    ax_map, ax_loss = (fig or e.figure).axes
    return {
        "regions": np.asarray(ax_map.images[0].get_array()).copy(),
        "lines": [(ln.get_label(), np.asarray(ln.get_xdata(), float).copy(), np.asarray(ln.get_ydata(), float).copy())
                  for ln in ax_loss.lines],
        "titles": (ax_map.get_title(), ax_loss.get_title()),
        "ylim": ax_loss.get_ylim(),
    }


def same(a, b):
    assert np.array_equal(a["regions"], b["regions"])
    assert a["titles"] == b["titles"] and np.allclose(a["ylim"], b["ylim"])
    assert [x[0] for x in a["lines"]] == [x[0] for x in b["lines"]]
    for (_, xa, ya), (_, xb, yb) in zip(a["lines"], b["lines"], strict=True):
        np.testing.assert_array_equal(xa, xb)
        np.testing.assert_array_equal(ya, yb)


def test_initial_state_is_the_run_of_descend(iris):
    e = make(iris)
    assert e.readout.startswith("hidden units = 8 · optimizer = Adam · α (learning rate) = 0.02 · batch size = all → ")
    net, hist, train, val = reference(iris, 8, "Adam", 0.02, "all")
    got = numbers(e.readout)
    best = int(np.argmin(val))
    assert got[:4] == (round(train[-1], 3), round(val[-1], 3), round(val[best], 3), hist.t[best])
    assert got[4] == round(100 * net.accuracy(hist.x, iris[2], iris[3]))
    lines = artists(e)["lines"]
    assert [label for label, _, _ in lines] == ["training loss", "validation loss", "lowest validation loss"]
    np.testing.assert_allclose(lines[0][2], train)
    np.testing.assert_allclose(lines[1][2], val)
    assert lines[2][1][0] == hist.t[best]


def test_the_regions_are_the_networks_predictions_on_the_grid(iris):
    e = make(iris, hidden=4, rule="GD", lr=0.5)
    net, hist, _, _ = reference(iris, 4, "GD", 0.5, "all")
    image = e.figure.axes[0].images[0]
    x0, x1, y0, y1 = image.get_extent()
    g0, g1 = np.meshgrid(np.linspace(x0, x1, module.GRID), np.linspace(y0, y1, module.GRID))
    want = net.predict(hist.x, np.column_stack([g0.ravel(), g1.ravel()])).reshape(module.GRID, module.GRID)
    np.testing.assert_array_equal(np.asarray(image.get_array()), want)


# every control, each to values that change what is shown; the first change of each control also checks
# the picture (the regions lie under the points, the frame and the legend: all are drawn again, in order)
CHANGES = [("hidden", 32), ("hidden", 1), ("rule", "GD"), ("rule", "Momentum"), ("rule", "Adagrad"),
           ("rule", "RMSProp"), ("lr", 0.2), ("lr", 0.001), ("batch", "16"), ("batch", "1"), ("hidden", 64)]


def test_every_control_redraws_in_place_what_a_fresh_drawing_shows(iris):
    e = make(iris)
    e.out  # noqa: B018 (shown, as in a notebook: every change is rendered)
    fig, pictured = e.figure, set()
    for name, value in CHANGES:
        before = e.readout
        e.controls[name].value = value
        assert e.figure is fig and e.readout != before, (name, value)  # the same figure, redrawn
        settings = {k: c.value for k, c in e.controls.items()}
        fresh, readout = e.render()  # drawn from scratch (the run itself is checked against descend below)
        assert e.readout == readout, (name, value)
        same(artists(e), artists(e, fresh))
        _, hist, train, val = reference(iris, settings["hidden"], settings["rule"], settings["lr"], settings["batch"])
        np.testing.assert_allclose(artists(e)["lines"][1][2], val)
        if name not in pictured:
            pictured.add(name)
            same_picture_as_full_rendering(e)
        fresh.clf()


def test_a_seen_setting_is_not_trained_again(iris, monkeypatch):
    e = make(iris)
    assert e.readout  # the first drawing: the initial setting is seen
    e.controls["hidden"].value = 16
    runs = []
    real = optim.descend
    monkeypatch.setattr(module.optim, "descend", lambda *a, **k: runs.append(1) or real(*a, **k))
    e.controls["hidden"].value = 8
    e.controls["hidden"].value = 16
    assert runs == []
    e.controls["hidden"].value = 2
    assert runs == [1]


def test_the_big_network_overfits_and_the_readout_says_where_validation_was_lowest(iris):
    e = make(iris, hidden=64)
    train, val, low, step, _ = numbers(e.readout)
    assert val > low and step < module.STEPS and train < val


def test_an_explorer_readout_stays_finite_for_the_largest_learning_rate(iris):
    e = make(iris, rule="GD", lr=3.0)
    assert all(np.isfinite(v) for v in numbers(e.readout)[:3])


@pytest.mark.parametrize("settings", [{}, {"hidden": 64}, {"rule": "GD", "lr": 3.0}])
def test_the_loss_axis_starts_at_zero_and_shows_both_curves_up_to_a_cap(iris, settings):
    e = make(iris, **settings)
    lines = artists(e)["lines"]
    highest = max(lines[0][2].max(), lines[1][2].max())
    lo, hi = e.figure.axes[1].get_ylim()
    assert lo == 0.0 and (hi >= highest or hi == 6.0) and 1.2 <= hi <= 6.0


def test_snapshot_uses_a_fresh_drawing(iris, capsys):
    e = make(iris)
    capsys.readouterr()
    e.snapshot()
    assert capsys.readouterr().out.startswith(e.readout)


@pytest.mark.parametrize(("kwargs", "error", "words"), [
    ({"hidden": 3}, ValueError, ["hidden", "1, 2, 4, 8, 16, 32, 64"]),
    ({"hidden": 2.0}, TypeError, ["hidden", "whole number"]),
    ({"rule": "SGD"}, ValueError, ["rule", "'GD'"]),
    ({"lr": 10.0}, ValueError, ["lr", "[0.001, 3]"]),
    ({"batch": 16}, TypeError, ["batch"]),
    ({"batch": "8"}, ValueError, ["batch", "'all', '16', '1'"]),
    ({"class_names": ["a", "b"]}, TypeError, ["class_names", "3 str"]),
    ({"feature_names": "x"}, TypeError, ["feature_names"]),
])
def test_bad_settings_are_named(iris, kwargs, error, words):
    raises(error, words, make, iris, **kwargs)


def test_bad_data_are_named(iris):
    X, y, Xv, yv = iris
    raises(ValueError, ["X_train", "two columns"], widgets.network_explorer, np.column_stack([X, X]), y, Xv, yv)
    raises(ValueError, ["y_train", "one label per row"], widgets.network_explorer, X, y[:-1], Xv, yv)
    raises(ValueError, ["y_val", "class numbers"], widgets.network_explorer, X, y, Xv, yv + 0.5)
    raises(ValueError, ["y_train", "every class"], widgets.network_explorer, X, np.zeros_like(y), Xv, yv)
    raises(ValueError, ["X_val", "finite"], widgets.network_explorer, X, y, np.full_like(Xv, np.nan), yv)
