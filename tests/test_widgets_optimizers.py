"""The optimizer race explorer: its paths, loss curves and readout are the runs of optim.descend."""

import re

import numpy as np
import pytest
from error_helpers import raises
from test_explorer_redraw import rendered

from gdlib import data, losses, objectives, optim, widgets
from gdlib.widgets.optimizers import PROBLEMS_2D, RULES


@pytest.fixture(scope="module")
def cancer():
    table = data.breast_cancer()
    X = np.column_stack([table[name] for name in table.dtype.names[:30]])
    y = table["malignant"].astype(float)
    return data.add_intercept((X - X.mean(axis=0)) / X.std(axis=0)), y


def finals(readout):
    """{rule: final loss} read back from the readout."""
    tail = readout.split("final loss: ")[1]
    return {m.group(1): float(m.group(2)) for m in re.finditer(r"(\w+) ([-\d.e+]+)", tail)}


def run2d(problem, name, lr):
    obj, x0, steps = PROBLEMS_2D[problem]
    return optim.descend(obj.grad, x0, RULES[name](lr), steps, f=obj.f)


def path_lines(explorer):
    """The path lines of the left panel, by label."""
    ax = explorer.figure.axes[0]
    return {line.get_label(): line for line in ax.get_lines() if line.get_label() in RULES}


def loss_lines(explorer):
    ax = explorer.figure.axes[1]
    return {line.get_label(): line for line in ax.get_lines() if line.get_label() in RULES}


def test_initial_state_is_three_rules_on_rosenbrock():
    e = widgets.optimizer_explorer()
    assert e.readout.startswith("problem = Rosenbrock · rules = ('GD', 'Momentum', 'Adam')")
    got = finals(e.readout)
    assert list(got) == ["GD", "Momentum", "Adam"]
    for name in got:
        h = run2d("Rosenbrock", name, e.controls[f"lr_{name}"].value)
        assert got[name] == pytest.approx(h.losses[-1], rel=2e-3)
        np.testing.assert_allclose(np.column_stack(path_lines(e)[name].get_data()), h.params)
        np.testing.assert_allclose(loss_lines(e)[name].get_ydata(), h.losses)
    # the star marks the known minimum (1, 1)
    star = [ln for ln in e.figure.axes[0].get_lines() if ln.get_label() == "minimum"][0]
    assert (star.get_xdata()[0], star.get_ydata()[0]) == (1.0, 1.0)


@pytest.mark.parametrize("name", list(RULES))
def test_every_learning_rate_slider_reruns_its_rule(name):
    e = widgets.optimizer_explorer(rules=tuple(RULES), problem="ill-conditioned quadratic")
    before = finals(e.readout)[name]
    e.controls[f"lr_{name}"].value = 0.2
    h = run2d("ill-conditioned quadratic", name, e.controls[f"lr_{name}"].value)
    assert finals(e.readout)[name] == pytest.approx(h.losses[-1], rel=2e-3, abs=1e-300)
    assert finals(e.readout)[name] != before
    np.testing.assert_allclose(np.column_stack(path_lines(e)[name].get_data()), h.params)


def test_rules_selection_sets_the_curves_and_the_readout():
    e = widgets.optimizer_explorer()
    e.controls["rules"].value = ("Adam", "Adagrad")  # shown in course order, whatever the clicks
    assert list(finals(e.readout)) == ["Adagrad", "Adam"]
    assert sorted(path_lines(e)) == ["Adagrad", "Adam"]
    assert sorted(loss_lines(e)) == ["Adagrad", "Adam"]
    e.controls["rules"].value = ()
    assert e.readout.endswith("choose at least one rule")


def test_sliders_of_rules_not_racing_are_disabled_until_chosen():
    e = widgets.optimizer_explorer(rules=("GD", "Adam"))
    disabled = {name for name in RULES if e.controls[f"lr_{name}"].disabled}
    assert disabled == {"Momentum", "Adagrad", "RMSProp"}
    e.controls["rules"].value = ("RMSProp",)
    disabled = {name for name in RULES if e.controls[f"lr_{name}"].disabled}
    assert disabled == {"GD", "Momentum", "Adagrad", "Adam"}
    before = finals(e.readout)["RMSProp"]
    e.controls["lr_RMSProp"].value = 0.05  # now it races, so its slider changes the result
    assert finals(e.readout)["RMSProp"] != before


def test_problem_dropdown_switches_to_the_quadratic_and_marks_divergence():
    e = widgets.optimizer_explorer()
    e.controls["problem"].value = "ill-conditioned quadratic"
    assert e.figure.axes[0].get_title() == "paths: ill-conditioned quadratic"
    star = [ln for ln in e.figure.axes[0].get_lines() if ln.get_label() == "minimum"][0]
    assert (star.get_xdata()[0], star.get_ydata()[0]) == (0.0, 0.0)
    # GD on 0.1·x1² + 2·x2² diverges for α > 2/4 = 0.5
    e.controls["lr_GD"].value = 0.8
    assert re.search(r"GD [\d.e+]+ \(diverged\)", e.readout)
    rendered(e)  # a diverged race, as a learner sees it
    e.controls["lr_GD"].value = 0.4
    assert "diverged" not in e.readout
    want = run2d("ill-conditioned quadratic", "GD", 0.4).losses[-1]
    assert finals(e.readout)["GD"] == pytest.approx(want, rel=2e-3)


def test_logistic_problem_shows_accuracy_and_bce(cancer):
    X, y = cancer
    e = widgets.optimizer_explorer(X, y, problem="logistic regression", rules=("GD", "Adam"))
    for name in ("GD", "Adam"):
        lr = e.controls[f"lr_{name}"].value
        h = optim.descend(lambda w: losses.logistic_bce_grad(w, X, y), np.zeros(X.shape[1]),
                          RULES[name](lr), 300, f=lambda w: losses.logistic_bce(w, X, y))
        assert finals(e.readout)[name] == pytest.approx(h.losses[-1], rel=2e-3)
        acc = path_lines(e)[name].get_ydata()
        assert acc[0] == pytest.approx(np.mean(y == 0))  # w = 0 predicts "benign": 0 is not > 0
        assert acc[-1] == pytest.approx(np.mean((X @ h.x > 0) == y))
        assert loss_lines(e)[name].get_ydata()[0] == pytest.approx(np.log(2))
    assert e.figure.axes[0].get_ylabel() == "training accuracy"


def test_logistic_needs_data_and_bad_problem_is_named():
    e = widgets.optimizer_explorer()
    assert "logistic regression" not in e.controls["problem"].options
    with pytest.raises(ValueError, match="problem must be one of"):
        widgets.optimizer_explorer(problem="logistic regression")


def test_objectives_match_the_notebook():
    q, _, _ = PROBLEMS_2D["ill-conditioned quadratic"]
    x = np.array([1.0, 1.0])
    assert q.f(x) == pytest.approx(objectives.ill_conditioned().f(x))


# --- bad input ----------------------------------------------------------------------------------

NAN = float("nan")
X4 = np.array([[1.0, -1.0], [1.0, 0.5], [1.0, 2.0], [1.0, -0.3]])
Y4 = np.array([0.0, 1.0, 1.0, 0.0])

BAD = [
    # (kwargs, error, words in the message)
    ({"problem": "sphere"}, ValueError,
     ["optimizer_explorer", "problem must be one of", "'Rosenbrock'", "'sphere'"]),
    ({"problem": 1}, TypeError, ["problem", "str", "1"]),
    ({"problem": np.array([1, 2])}, TypeError, ["problem", "str"]),
    ({"problem": "logistic regression"}, ValueError, ["problem must be one of", "needs X and y"]),
    ({"rules": "GD"}, TypeError, ["rules must be a tuple", "rules='GD'"]),
    ({"rules": None}, TypeError, ["rules must be a tuple", "None"]),
    ({"rules": ("GD", "SGD")}, ValueError, ["rules must hold names from", "'Adam'", "'SGD'"]),
    ({"rules": ("GD", "GD")}, ValueError, ["rules must name each rule once", "'GD' twice"]),
    ({"rules": (1,)}, TypeError, ["rules", "rule names", "1"]),
    ({"lrs": [0.1]}, TypeError, ["lrs must be a dict", "[0.1]"]),
    ({"lrs": {"SGD": 0.1}}, ValueError, ["keys of lrs", "'SGD'"]),
    ({"lrs": {"Adam": 10}}, ValueError, ["lrs['Adam'] must be in [0.0001, 3]", "'α Adam' slider", "10.0"]),
    ({"lrs": {"GD": 0}}, ValueError, ["lrs['GD'] must be in [0.0001, 3]"]),
    ({"lrs": {"Adam": NAN}}, ValueError, ["lrs['Adam']", "finite"]),
    ({"lrs": {"Adam": "0.1"}}, TypeError, ["lrs['Adam']", "real number"]),
    ({"X": X4}, ValueError, ["X and y come together", "X was given without y"]),
    ({"y": Y4}, ValueError, ["X and y come together", "y was given without X"]),
    ({"X": X4[:, 1], "y": Y4}, ValueError, ["X", "2-D", "(4,)"]),
    ({"X": X4, "y": Y4[:3]}, ValueError, ["X and y", "one row per example", "4 rows", "3"]),
    ({"X": X4, "y": [0, 1, 2, 1]}, ValueError, ["y", "labels 0 and 1", "2"]),
    ({"X": X4, "y": Y4[:, None]}, ValueError, ["y", "1-D", "(4, 1)", "ravel"]),
    ({"X": np.where(X4 > 1.5, NAN, X4), "y": Y4}, ValueError, ["X", "finite", "1 of its 8"]),
    ({"X": X4, "y": [0, 1, NAN, 0]}, ValueError, ["y", "finite"]),
    ({"X": np.ones((0, 2)), "y": []}, ValueError, ["X", "at least 1"]),
    ({"X": "data", "y": Y4}, TypeError, ["X", "array of numbers"]),
]


@pytest.mark.parametrize(("kwargs", "error", "words"), BAD)
def test_bad_calls_are_clear_errors(kwargs, error, words):
    raises(error, words, lambda: widgets.optimizer_explorer(**kwargs))


def test_data_as_lists_bool_labels_a_rules_list_and_lrs_at_the_ends():
    e = widgets.optimizer_explorer(X4.tolist(), [False, True, True, False], problem="logistic regression",
                                   rules=["GD", "Adam"], lrs={"GD": 3, "Adam": 1e-4})
    assert (e.controls["lr_GD"].value, e.controls["lr_Adam"].value) == pytest.approx((3.0, 1e-4))
    h = optim.descend(lambda w: losses.logistic_bce_grad(w, X4, Y4), np.zeros(2), optim.GradientDescent(3.0),
                      300, f=lambda w: losses.logistic_bce(w, X4, Y4))
    assert finals(e.readout)["GD"] == pytest.approx(h.losses[-1], rel=2e-3, abs=1e-300)
    assert path_lines(e)["GD"].get_ydata()[-1] == pytest.approx(np.mean((X4 @ h.x > 0) == Y4))


def test_no_rules_is_allowed():
    e = widgets.optimizer_explorer(rules=())
    assert e.readout.endswith("choose at least one rule")
