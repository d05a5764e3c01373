"""Explorer for the neural-network notebook (08).

    network_explorer(X_train, y_train, X_val, y_val)
        hidden units, update rule, learning rate and batch size of a two-layer tanh network on two
        features: its decision regions after the run (training points filled, validation points
        hollow), and its training and validation loss per step, with the step of the lowest
        validation loss marked (where early stopping would stop)

Every run is optim.descend on gdlib.network.TwoLayerNet (mini-batches through
network.minibatch_gradient), always from the same start (seed 0) and with the same batches
(seed 0). Runs are kept by their inputs (hidden units, rule, α, batch size), so going back to a
setting you have seen redraws at once; a change updates the figure in place (the regions, the points
and the legends over them, the curves and the title are live: see gdlib/widgets/_live.py).
"""

from __future__ import annotations

from collections import OrderedDict

import ipywidgets as w
import numpy as np
from matplotlib.colors import ListedColormap, to_rgba
from matplotlib.ticker import MaxNLocator

from gdlib import network, optim
from gdlib._validate import array, rows_match
from gdlib.classify import one_hot
from gdlib.i18n import N_, _
from gdlib.widgets import _checks as check
from gdlib.widgets._live import legend, live, recall, remember, set_limits, set_title, steady_limits
from gdlib.widgets.explorer import Explorer, log_slider
from gdlib.widgets.optimizers import RULES  # the rules by name, in course order

__all__ = ["network_explorer"]

HIDDEN = (1, 2, 4, 8, 16, 32, 64)  # the hidden-units menu
BATCHES = {"all": None, "16": 16, "1": 1}  # the batch-size menu: full batch, mini-batches of 16, SGD
LR_RANGE = (1e-3, 3.0)  # the α slider
STEPS = 400  # updates per run (every change of a control reruns at most one)
KEEP = 4  # the loss curves have a point every KEEP steps
GRID = 120  # the decision regions are the predicted classes on a GRID × GRID lattice
CACHE_SIZE = 64  # runs kept (each holds two loss curves and one GRID × GRID image: about 30 kB)
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
FEATURE_NAMES = (N_("feature 1"), N_("feature 2"))  # the default axis labels, shown in the language in force


def _labels(name: str, value, n: int, owner: str) -> np.ndarray:
    """Class numbers 0, 1, ... as a 1-D int array of length n."""
    y = array(name, value, ndim=1, owner=owner)
    if np.any(y != np.round(y)) or np.any(y < 0):
        raise ValueError(_("{owner}: {name} must hold class numbers 0, 1, ..., K-1 (whole numbers >= 0)").format(
            owner=owner, name=name))
    if len(y) != n:
        raise ValueError(_("{owner}: {name} must have one label per row of its X: {n} rows, {labels} labels").format(
            owner=owner, name=name, n=n, labels=len(y)))
    return y.astype(int)


def _names(name: str, value, count: int, owner: str) -> tuple[str, ...]:
    if not isinstance(value, (tuple, list)) or len(value) != count or not all(isinstance(v, str) for v in value):
        raise TypeError(_("{owner}: {name} must be a tuple of {count} str, got {name}={value}").format(
            owner=owner, name=name, count=count, value=check.show(value)))
    return tuple(value)


def network_explorer(X_train, y_train, X_val, y_val, hidden: int = 8, rule: str = "Adam", lr: float = 0.02,
                     batch: str = "all", class_names=None, feature_names=FEATURE_NAMES) -> Explorer:
    """Train a two-layer tanh network on two features and see its regions and loss curves.

    X_train (n, 2) and X_val (m, 2): two features per example (standardise them first);
    y_train, y_val: class numbers 0..K-1 (K >= 2, every class present in y_train).
    hidden: one of 1, 2, 4, 8, 16, 32, 64; rule: GD, Momentum, Adagrad, RMSProp or Adam;
    lr in [0.001, 3] (the α slider); batch: "all" (full batch), "16" or "1" (SGD).
    class_names: K names for the legend (default class 0, class 1, ...); feature_names: the
    axis labels. Every run makes 400 updates from the same start.
    """
    owner = "network_explorer"
    X_tr = array("X_train", X_train, ndim=2, owner=owner)
    X_va = array("X_val", X_val, ndim=2, owner=owner)
    if X_tr.shape[1] != 2 or X_va.shape[1] != 2:
        bad, shape = ("X_train", X_tr.shape) if X_tr.shape[1] != 2 else ("X_val", X_va.shape)
        raise ValueError(_("{owner}: {bad} must have two columns (two features, one per axis of the picture), "
                           "got shape {shape}").format(owner=owner, bad=bad, shape=shape))
    y_tr = _labels("y_train", y_train, len(X_tr), owner)
    y_va = _labels("y_val", y_val, len(X_va), owner)
    rows_match("X_train", X_tr, "y_train", y_tr, owner=owner)
    k = int(max(y_tr.max(), y_va.max())) + 1
    if k < 2 or len(np.unique(y_tr)) != k:
        raise ValueError(_("{owner}: y_train must hold every class 0..K-1 at least once, and K >= 2 "
                           "(got the classes {classes}, labels up to {last})").format(
                               owner=owner, classes=sorted(set(y_tr.tolist())), last=k - 1))
    if k > len(MARKERS):
        raise ValueError(_("{owner}: at most {most} classes can be drawn, got {k}").format(
            owner=owner, most=len(MARKERS), k=k))
    class_names = _names("class_names", class_names if class_names is not None else
                         tuple(_("class {i}").format(i=i) for i in range(k)), k, owner)
    feature_names = _names("feature_names", feature_names, 2, owner)
    if feature_names == FEATURE_NAMES:  # the default follows set_language; names of your own are kept
        feature_names = tuple(_(name) for name in feature_names)
    hidden = check.whole("hidden", hidden, 1, HIDDEN[-1], owner=owner)
    if hidden not in HIDDEN:
        raise ValueError(_("{owner}: hidden must be one of {options} (the menu), got hidden={value}").format(
            owner=owner, options=", ".join(map(str, HIDDEN)), value=check.show(hidden)))
    rule = check.option("rule", rule, RULES, owner=owner)
    lr = check.setting("lr", lr, *LR_RANGE, control=_("α (learning rate)"), owner=owner)
    batch = check.option("batch", batch, BATCHES, owner=owner)

    Y_tr, Y_va = one_hot(y_tr, k), one_hot(y_va, k)
    both = np.vstack([X_tr, X_va])
    lo, hi = both.min(axis=0) - 0.5, both.max(axis=0) + 0.5
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], GRID), np.linspace(lo[1], hi[1], GRID))
    lattice = np.column_stack([gx.ravel(), gy.ravel()])
    extent = (lo[0], hi[0], lo[1], hi[1])
    colors = [f"C{i}" for i in range(k)]
    cmap = ListedColormap([to_rgba(c, 0.25) for c in colors])
    runs: OrderedDict = OrderedDict()

    def run(hidden, rule, lr, batch) -> dict:
        """The run of these settings: its loss curves, its regions and how it ended (kept by its inputs)."""
        key = (hidden, rule, float(lr), batch)
        if key in runs:
            runs.move_to_end(key)
            return runs[key]
        net = network.TwoLayerNet(2, hidden, k)
        grad = network.minibatch_gradient(net._grad, X_tr, Y_tr, BATCHES[batch], seed=0)
        # no f: the losses of the kept rows (every KEEP-th step) are computed afterwards, all rows at once
        hist = optim.descend(grad, net.init(seed=0), RULES[rule](lr), STEPS, keep_every=KEEP)
        train, val = net._losses(hist.params, X_tr, Y_tr), net._losses(hist.params, X_va, Y_va)
        best = int(np.argmin(val))
        p = net._split(hist.params[-1])
        regions = np.argmax(net._forward(p, lattice).Z2, axis=1).reshape(GRID, GRID)
        ended = net._forward(p, X_va).Z2
        runs[key] = {"t": hist.t, "train": train, "val": val, "best": best, "regions": regions,
                     "val_acc": float(np.mean(np.argmax(ended, axis=1) == y_va)),
                     "diverged": hist.message if hist.diverged else ""}
        if len(runs) > CACHE_SIZE:
            runs.popitem(last=False)
        return runs[key]

    def readout(r) -> str:
        best = r["best"]
        text = _("train loss {train:.3f} · validation loss {val:.3f} (lowest {lowest:.3f} at step {step}) · "
                 "validation accuracy {accuracy:.0f}%").format(
                     train=r["train"][-1], val=r["val"][-1], lowest=r["val"][best], step=r["t"][best],
                     accuracy=100 * r["val_acc"])
        return text + (f" · {r['diverged']}" if r["diverged"] else "")

    def top(r) -> float:
        """The upper loss limit: round, at least 1.2, at most 6, the same for curves of similar height."""
        values = np.concatenate([r["train"], r["val"], [0.0, 1.2]])
        return float(min(steady_limits(values[np.isfinite(values)])[1], 6.0))

    def draw(fig, hidden, rule, lr, batch):
        r = run(hidden, rule, lr, batch)
        ax_map, ax_loss = fig.subplots(1, 2)
        image = ax_map.imshow(r["regions"], origin="lower", extent=extent, cmap=cmap, vmin=-0.5, vmax=k - 0.5,
                              aspect="auto", interpolation="nearest")
        for i in range(k):
            ax_map.scatter(*X_tr[y_tr == i].T, marker=MARKERS[i], s=26, color=colors[i], edgecolors="black",
                           linewidths=0.4, label=class_names[i])
            ax_map.scatter(*X_va[y_va == i].T, marker=MARKERS[i], s=30, facecolors="none", edgecolors=colors[i],
                           linewidths=1.2)
        ax_map.scatter([], [], marker="o", s=30, facecolors="none", edgecolors="black",
                       label=_("validation (hollow)"))
        ax_map.set(xlim=extent[:2], ylim=extent[2:], xlabel=feature_names[0], ylabel=feature_names[1],
                   title=_("decision regions after {steps} steps").format(steps=STEPS))
        # few tick labels: drawing text is most of the cost of a new drawing
        ax_map.set_xticks([t for t in (-2, 0, 2) if extent[0] <= t <= extent[1]])
        ax_map.set_yticks([t for t in (-2, 0, 2) if extent[2] <= t <= extent[3]])
        ax_map.grid(False)
        # the regions change with every control and lie under the points, the frame and the legend:
        # all of them are live (drawn again over the kept background), in their usual order
        live(image, *ax_map.collections, *ax_map.spines.values())
        legend(ax_map, loc="upper left", fontsize="small")
        train = ax_loss.plot(r["t"], r["train"], color="black", lw=1.8, label=_("training loss"))[0]
        val = ax_loss.plot(r["t"], r["val"], color="C3", lw=1.8, ls="--", label=_("validation loss"))[0]
        best = ax_loss.axvline(r["t"][r["best"]], color="grey", lw=1.0, ls=":", label=_("lowest validation loss"))
        ax_loss.set(xlim=(0, STEPS), xlabel=_("step (update)"), ylabel=_("cross-entropy loss"))
        ax_loss.set_xticks(range(0, STEPS + 1, 200))
        ax_loss.yaxis.set_major_locator(MaxNLocator(4))
        live(train, val, best, ax_loss.title)
        legend(ax_loss, loc="upper right")
        remember(fig, ax_loss=ax_loss, image=image, train=train, val=val, best=best)
        return update(fig, r, hidden, rule)

    def redraw(fig, hidden, rule, lr, batch):
        if recall(fig) is None:
            return None
        return update(fig, run(hidden, rule, lr, batch), hidden, rule)

    def update(fig, r, hidden, rule) -> str:
        parts = recall(fig)
        parts.image.set_data(r["regions"])
        parts.train.set_data(r["t"], r["train"])
        parts.val.set_data(r["t"], r["val"])
        parts.best.set_xdata([r["t"][r["best"]]] * 2)
        set_limits(parts.ax_loss, ylim=(0.0, top(r)))  # steady: most changes keep the same limits
        set_title(parts.ax_loss, _("{hidden} hidden units, {rule}: loss per step").format(hidden=hidden, rule=rule))
        return readout(r)

    controls = {
        "hidden": w.Dropdown(options=list(HIDDEN), value=hidden, description=_("hidden units"),
                             style={"description_width": "initial"}, layout=w.Layout(width="170px")),
        "rule": w.Dropdown(options=list(RULES), value=rule, description=_("optimizer"),
                           style={"description_width": "initial"}, layout=w.Layout(width="190px")),
        "lr": log_slider(lr, *LR_RANGE, _("α (learning rate)")),
        "batch": w.Dropdown(options=list(BATCHES), value=batch, description=_("batch size"),
                            style={"description_width": "initial"}, layout=w.Layout(width="160px")),
    }
    return Explorer(draw, controls, title=_("A two-layer network: decision regions and loss curves"),
                    figsize=(11, 4.2), redraw=redraw)
