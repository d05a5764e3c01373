"""plots: every bad argument is a clear error before anything is drawn; valid edge inputs still draw."""

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
from error_helpers import raises

from gdlib import objectives, plots

ROSEN = objectives.rosenbrock()
PATH = np.array([[0.0, 0.0], [1.0, 0.5], [1.5, 1.5]])


def bowl(p):
    return p[0] ** 2 + 2 * p[1] ** 2  # works on one point and on a stacked grid




@pytest.fixture
def ax():
    return plt.subplots()[1]


# --- the axes: every helper says what an Axes is and names the usual mix-ups ---------------------------

BAD_AXES = [
    (lambda: plt.figure(), ["ax must be a matplotlib Axes", "a Figure: pass its Axes"]),
    (lambda: plt.subplots(1, 2)[1], ["an array of 2 Axes", "axes[0]"]),
    (lambda: None, ["ax must be a matplotlib Axes", "ax=None"]),
    (lambda: plt, ["ax must be a matplotlib Axes"]),
]
CALLS = {
    "contour": lambda a: plots.contour(a, bowl, (-1, 1), (-1, 1)),
    "gradient_field": lambda a: plots.gradient_field(a, ROSEN.grad, (-1, 1), (-1, 1)),
    "path": lambda a: plots.path(a, PATH),
    "loss_curve": lambda a: plots.loss_curve(a, [3.0, 2.0, 1.0]),
}


@pytest.mark.parametrize("name", CALLS)
@pytest.mark.parametrize(("make", "words"), BAD_AXES)
def test_every_helper_names_a_wrong_ax(name, make, words):
    raises(TypeError, [f"{name}: "] + words, lambda: CALLS[name](make()))


# --- contour and grid -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"f": "bowl"}, TypeError, ["contour: f must be a function", "f='bowl'"]),
        ({"f": None}, TypeError, ["f must be a function"]),
        ({"xlim": (1, -1)}, ValueError, ["contour: xlim must be a pair (low, high) with low < high", "(1, -1)"]),
        ({"xlim": (1, 1)}, ValueError, ["xlim must be a pair (low, high) with low < high"]),
        ({"ylim": (-1, 0, 1)}, ValueError, ["ylim must be a pair (low, high)", "shape (3,)"]),
        ({"ylim": 3}, TypeError, ["ylim must be a pair (low, high) of numbers", "ylim=3"]),
        ({"xlim": "ab"}, TypeError, ["xlim must be a pair"]),
        ({"xlim": None}, TypeError, ["xlim must be a pair"]),
        ({"xlim": (0, np.inf)}, ValueError, ["xlim must contain only finite numbers"]),
        ({"xlim": ("a", "b")}, TypeError, ["xlim must be an array of numbers"]),
        ({"n": 1}, ValueError, ["n must be >= 2", "n=1"]),
        ({"n": 0}, ValueError, ["n must be >= 2"]),
        ({"n": 50.0}, TypeError, ["n must be a whole number", "n=50.0"]),
        ({"levels": 0}, ValueError, ["levels must be >= 1", "levels=0"]),
        ({"levels": -5}, ValueError, ["levels must be >= 1"]),
        ({"levels": 2.5}, TypeError, ["contour: levels must be a whole number of levels", "2.5"]),
        ({"levels": True}, TypeError, ["levels must be a whole number"]),
        ({"levels": "many"}, TypeError, ["levels must be a whole number"]),
        ({"levels": None}, TypeError, ["levels must be a whole number"]),
        ({"levels": [3.0, 1.0, 2.0]}, ValueError, ["level values must be increasing"]),
        ({"levels": [1.0, 1.0]}, ValueError, ["level values must be increasing"]),
        ({"levels": []}, ValueError, ["levels must have at least 1 entry"]),
        ({"levels": [[1.0, 2.0]]}, ValueError, ["levels must be a 1-D array"]),
        ({"levels": [-1.0, 1.0, 2.0], "log": True}, ValueError, ["with log=True the level values must be > 0"]),
        ({"log": "yes"}, TypeError, ["contour: log must be True or False", "'yes'"]),
        ({"log": 1}, TypeError, ["log must be True or False"]),
        ({"colorbar": None}, TypeError, ["colorbar must be True or False"]),
        # what f returns
        ({"f": ROSEN.grad}, ValueError, ["f must return a scalar (one number)", "shape (2,)"]),
        ({"f": lambda p: None}, ValueError, ["f must return a scalar", "None"]),
        ({"f": lambda p: np.nan * p[0]}, ValueError, ["f is nan or inf at every point of the grid"]),
        ({"f": lambda p: -1.0 - p[0] ** 2, "log": True}, ValueError, ["log=True needs f > 0 somewhere", "-1"]),
        ({"f": lambda p: 0 * p[0] + 2.0, "log": True}, ValueError, ["log=True needs f to vary"]),
    ],
)
def test_contour_bad_arguments(ax, kwargs, error, words):
    args = {"f": bowl, "xlim": (-1, 1), "ylim": (-1, 1), "n": 20} | kwargs
    raises(error, words, lambda: plots.contour(ax, **args))
    assert not ax.collections  # nothing was drawn


@pytest.mark.parametrize(
    ("args", "error", "words"),
    [
        ((3, (-1, 1), (-1, 1)), TypeError, ["grid: f must be a function"]),
        ((bowl, (1, -1), (-1, 1)), ValueError, ["grid: xlim must be a pair (low, high) with low < high"]),
        ((bowl, (-1, 1), [0.0]), ValueError, ["grid: ylim must be a pair"]),
        ((bowl, (-1, 1), (-1, 1), 1), ValueError, ["n must be >= 2"]),
        ((bowl, (-1, 1), (-1, 1), "200"), TypeError, ["n must be a whole number"]),
        ((ROSEN.grad, (-1, 1), (-1, 1), 5), ValueError, ["grid: f must return a scalar"]),
        ((lambda p: "high", (-1, 1), (-1, 1), 5), ValueError, ["f must return a scalar", "'high'"]),
    ],
)
def test_grid_bad_arguments(args, error, words):
    raises(error, words, lambda: plots.grid(*args))


def test_grid_evaluates_one_point_at_a_time_when_f_cannot_take_a_stack():
    def scalar_only(p):
        x, y = float(p[0]), float(p[1])  # float() of a stacked grid fails: the slow path must take over
        return math.hypot(x, y)

    X, Y, Z = plots.grid(scalar_only, (-2, 1), (0, 3), n=7)
    np.testing.assert_allclose(Z, np.hypot(X, Y), rtol=1e-15)


def test_grid_falls_back_to_points_when_f_misreads_the_stacked_grid():
    # norm over the last axis is right for one point, wrong for a stack, and with n = 2 the wrong
    # result even has the right shape (2, 2): the spot check against single points must catch it
    X, Y, Z = plots.grid(lambda p: np.linalg.norm(p, axis=-1), (1, 2), (3, 5), n=2)
    np.testing.assert_allclose(Z, np.hypot(X, Y), rtol=1e-15)


def test_grid_of_a_numpy_function_is_its_value_at_every_point():
    X, Y, Z = plots.grid(ROSEN.f, (-2, 2), (-1, 3), n=9)
    assert X.shape == Y.shape == Z.shape == (9, 9)
    np.testing.assert_array_equal(X[0], np.linspace(-2, 2, 9))
    np.testing.assert_allclose(Z, (1 - X) ** 2 + 100 * (Y - X**2) ** 2, rtol=1e-15)


def test_contour_log_levels_run_geometrically_from_the_smallest_to_the_largest_value(ax):
    f = lambda p: 1.0 + p[0] ** 2 + p[1] ** 2  # noqa: E731
    plots.contour(ax, f, [-1, 1], [-2, 2], levels=5, log=True, n=21)  # lists and ints are fine
    lo, hi = 1.0, 1.0 + 1 + 4  # at (0, 0) and at the corners
    np.testing.assert_allclose(ax.collections[-1].levels, np.geomspace(lo, hi, 5), rtol=1e-12)


def test_contour_log_skips_places_where_f_is_nan_or_inf(ax):
    # f undefined on the right half: the levels come from the finite, positive values only
    def f(p):
        with np.errstate(invalid="ignore"):
            return np.where(p[0] > 0, np.nan, 1.0 + p[0] ** 2 + p[1] ** 2)

    plots.contour(ax, f, (-1, 1), (-1, 1), levels=4, log=True, n=21)
    levels = ax.collections[-1].levels
    assert np.all(np.isfinite(levels)) and levels[0] == pytest.approx(1.0) and levels[-1] == pytest.approx(3.0)


def test_contour_accepts_level_values(ax):
    plots.contour(ax, bowl, (-1, 1), (-1, 1), levels=[0.1, 0.5, 1.0], n=30)
    np.testing.assert_array_equal(ax.collections[-1].levels, [0.1, 0.5, 1.0])
    plots.contour(ax, lambda p: 1 + bowl(p), (-1, 1), (-1, 1), levels=np.array([1.5, 2.0]), log=True, n=30)
    np.testing.assert_array_equal(ax.collections[-1].levels, [1.5, 2.0])


# --- gradient_field --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"grad": 0}, TypeError, ["gradient_field: grad must be a function"]),
        ({"xlim": (2, 2)}, ValueError, ["gradient_field: xlim must be a pair (low, high) with low < high"]),
        ({"ylim": 1.0}, TypeError, ["ylim must be a pair"]),
        ({"n": 1}, ValueError, ["n must be >= 2"]),
        ({"n": 3.5}, TypeError, ["n must be a whole number"]),
        ({"normalize": "no"}, TypeError, ["normalize must be True or False"]),
        ({"color": "reddish"}, ValueError, ["gradient_field: color must be a matplotlib colour", "'reddish'"]),
        ({"color": 3.5}, ValueError, ["color must be a matplotlib colour", "3.5"]),
        ({"grad": ROSEN.f}, ValueError, ["grad must return 2 numbers", "[-1. -1.]", "it returned 404.0"]),
        ({"grad": lambda p: np.ones(3)}, ValueError, ["grad must return 2 numbers", "(12, 12, 3)"]),
        ({"grad": lambda p: [1.0] * (1 + int(p[0] > 0))}, ValueError, ["grad must return 2 numbers"]),
        ({"grad": lambda p: None}, ValueError, ["grad must return 2 numbers", "None"]),
    ],
)
def test_gradient_field_bad_arguments(ax, kwargs, error, words):
    args = {"grad": ROSEN.grad, "xlim": (-1, 1), "ylim": (-1, 1)} | kwargs
    raises(error, words, lambda: plots.gradient_field(ax, **args))
    assert not ax.collections


def test_gradient_field_draws_unit_arrows_along_the_gradient(ax):
    plots.gradient_field(ax, lambda p: np.array([2 * p[0], 4 * p[1]]), [-1, 1], [-1, 1], n=3)
    q = ax.collections[-1]
    U, V = q.U.reshape(3, 3), q.V.reshape(3, 3)
    np.testing.assert_allclose(U[2, 2], 2 / np.hypot(2, 4))  # at (1, 1): (2, 4) / |(2, 4)|
    np.testing.assert_allclose(V[2, 2], 4 / np.hypot(2, 4))
    assert U[1, 1] == V[1, 1] == 0.0  # the zero gradient at (0, 0) stays zero, no division by 0


# --- path ---------------------------------------------------------------------------------------------

class _Run:
    params = PATH


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"params": None}, TypeError, ["path: params must be an array of numbers"]),
        ({"params": "path"}, TypeError, ["params must be an array of numbers"]),
        ({"params": _Run()}, TypeError, ["params must be the array of iterates, e.g. hist.params"]),
        ({"params": [[0.0, 1.0], [2.0]]}, TypeError, ["params must be an array of numbers"]),
        ({"params": [1.0, 2.0]}, ValueError, ["params must be a non-empty 2-D array", "(steps, 2)", "(2,)"]),
        ({"params": np.zeros((0, 2))}, ValueError, ["params must be a non-empty 2-D array"]),
        ({"params": PATH.T}, ValueError, ["params must have 2 columns", "(2, 3)", "params.T"]),
        ({"params": np.zeros((4, 3))}, ValueError, ["params must have 2 columns", "(4, 3)"]),
        ({"every": 0}, ValueError, ["every must be >= 1"]),
        ({"every": 1.5}, TypeError, ["every must be a whole number"]),
        ({"color": "nocolour"}, ValueError, ["path: color must be a matplotlib colour", "(or None)"]),
    ],
)
def test_path_bad_arguments(ax, kwargs, error, words):
    args = {"params": PATH} | kwargs
    raises(error, words, lambda: plots.path(ax, **args))
    assert not ax.lines


def test_path_draws_the_iterates_and_marks_start_and_end(ax):
    assert plots.path(ax, PATH.tolist(), label="run") is ax  # a list of lists is fine
    line, start, end = ax.lines
    np.testing.assert_array_equal(line.get_xydata(), PATH)
    np.testing.assert_array_equal(start.get_xydata(), PATH[:1])
    np.testing.assert_array_equal(end.get_xydata(), PATH[-1:])
    assert (line.get_linewidth(), line.get_markersize(), line.get_label()) == (1.2, 3, "run")


@pytest.mark.parametrize(
    ("kw", "width", "size"),
    [({"lw": 3}, 3, 3), ({"ms": 7}, 1.2, 7), ({"lw": 0.5, "ms": 0}, 0.5, 0),
     ({"linewidth": 2.5, "markersize": 6}, 2.5, 6)],
)
def test_path_lets_the_caller_set_line_width_and_marker_size(ax, kw, width, size):
    plots.path(ax, PATH, **kw)  # used to be a TypeError: "got multiple values for keyword argument 'lw'"
    line = ax.lines[0]
    assert (line.get_linewidth(), line.get_markersize()) == (width, size)


def test_path_of_a_diverged_run_with_an_infinite_last_row_still_draws(ax):
    plots.path(ax, [[0.0, 0.0], [1.0, -2.0], [np.inf, np.inf]], every=2)
    np.testing.assert_array_equal(ax.lines[0].get_xydata(), [[0.0, 0.0], [np.inf, np.inf]])


# --- loss_curve ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"losses": None}, TypeError, ["loss_curve: losses is None", "f="]),
        ({"losses": "1, 2"}, TypeError, ["losses must be an array of numbers"]),
        ({"losses": []}, ValueError, ["losses must be a non-empty 1-D array", "(0,)"]),
        ({"losses": [[1.0, 2.0], [3.0, 4.0]]}, ValueError, ["losses must be a non-empty 1-D array", "(2, 2)"]),
        ({"losses": 3.0}, ValueError, ["losses must be a non-empty 1-D array", "shape ()"]),
        ({"log": "no"}, TypeError, ["loss_curve: log must be True or False"]),
        ({"xlabel": 5}, TypeError, ["xlabel must be a string", "xlabel=5"]),
    ],
)
def test_loss_curve_bad_arguments(ax, kwargs, error, words):
    args = {"losses": [3.0, 2.0, 1.0]} | kwargs
    raises(error, words, lambda: plots.loss_curve(ax, **args))
    assert not ax.lines


def test_loss_curve_draws_one_point_per_step_on_a_log_axis(ax):
    plots.loss_curve(ax, [8, 4, 2, 1], label="run", lw=2)  # ints and extra line keywords are fine
    np.testing.assert_array_equal(ax.lines[0].get_xydata(), [[0, 8], [1, 4], [2, 2], [3, 1]])
    assert ax.get_yscale() == "log" and ax.lines[0].get_linewidth() == 2


def test_loss_curve_of_a_single_step_and_of_a_diverged_run(ax):
    plots.loss_curve(ax, [0.5])
    assert ax.get_yscale() == "log"
    other = plt.subplots()[1]
    plots.loss_curve(other, [1.0, 0.0, np.inf])  # a zero loss cannot go on a log axis: stays linear
    assert other.get_yscale() == "linear"
