"""Explorers for the optimizers notebook (07).

    optimizer_explorer(X, y)   choose a problem, the update rules and one learning rate per rule;
                               see the paths over the contours (or the training accuracy, for
                               logistic regression) and the loss curves, with each rule's final loss
"""

from __future__ import annotations

import ipywidgets as w
import numpy as np

from gdlib import losses, objectives, optim, plots
from gdlib._validate import array, binary, rows_match
from gdlib.i18n import N_, _
from gdlib.widgets import _checks as check
from gdlib.widgets._live import (
    autoscale_limits,
    legend,
    live,
    path_lines,
    recall,
    remember,
    set_limits,
    set_title,
    update_path,
)
from gdlib.widgets.explorer import Explorer, log_slider

__all__ = ["optimizer_explorer"]

RULES = {
    "GD": optim.GradientDescent,
    "Momentum": optim.Momentum,
    "Adagrad": optim.Adagrad,
    "RMSProp": optim.RMSProp,
    "Adam": optim.Adam,
}
# one colour and line style per rule, the same in every panel (and in the notebook's figures)
LINESTYLES = ["-", "--", ":", "-.", (0, (6, 2, 1, 2, 1, 2))]
STYLE = {name: (f"C{i}", LINESTYLES[i]) for i, name in enumerate(RULES)}

# the problem menu's options (keys: the notebooks pass them; the figure's title shows them translated)
QUADRATIC, ROSENBROCK, LOGISTIC = N_("ill-conditioned quadratic"), N_("Rosenbrock"), N_("logistic regression")
# (objective, start, number of steps) of the two 2-D problems
PROBLEMS_2D = {
    QUADRATIC: (objectives.ill_conditioned(), np.array([-4.5, 2.5]), 200),
    ROSENBROCK: (objectives.rosenbrock(), np.array([-1.5, 2.0]), 2000),
}
LOGISTIC_STEPS = 300
# where each panel's legend sits (problem, loss panel?): a fixed corner the curves seldom reach
_LEGEND_LOC = {
    (QUADRATIC, False): "lower left", (QUADRATIC, True): "lower left",
    (ROSENBROCK, False): "lower right", (ROSENBROCK, True): "lower left",
    (LOGISTIC, False): "lower right", (LOGISTIC, True): "upper right",
}
DEFAULT_LRS = {"GD": 1e-3, "Momentum": 1e-3, "Adagrad": 0.5, "RMSProp": 1e-2, "Adam": 0.05}
LR_RANGE = (1e-4, 3.0)  # every rule's α slider


def run(problem: str, rule_name: str, lr: float, X=None, y=None) -> optim.History:
    """One run of a rule (default hyperparameters apart from lr) on a problem, by optim.descend."""
    rule = RULES[rule_name](lr)
    if problem == LOGISTIC:
        def grad(w_):
            return losses.logistic_bce_grad(w_, X, y)

        def loss(w_):
            return losses.logistic_bce(w_, X, y)

        return optim.descend(grad, np.zeros(X.shape[1]), rule, LOGISTIC_STEPS, f=loss)
    obj, x0, steps = PROBLEMS_2D[problem]
    return optim.descend(obj.grad, x0, rule, steps, f=obj.f)


class _GridExplorer(Explorer):
    """An Explorer whose controls sit in rows (problem and rules, then the learning-rate sliders)."""

    @property
    def widget(self) -> w.Widget:
        c = list(self.controls.values())
        rows = [w.HBox(c[:2]), w.HBox(c[2:5]), w.HBox(c[5:])]
        header = [w.HTML(f"<b>{self.title}</b>")] if self.title else []
        return w.VBox([*header, *rows, self.out])


def optimizer_explorer(X=None, y=None, problem: str = ROSENBROCK, rules=("GD", "Momentum", "Adam"),
                       lrs: dict | None = None) -> Explorer:
    """Race the update rules on one problem: choose the rules and each rule's learning rate.

    The learning-rate slider of a rule that is not chosen is disabled (greyed out) until it is.

    X (with its intercept column) and y add the logistic-regression problem; without them only
    the two 2-D problems are offered. Every rule keeps its default hyperparameters apart from lr.

    X is (n, d), y holds n labels 0 or 1; rules is a tuple of names from GD, Momentum, Adagrad,
    RMSProp, Adam; lrs maps some of those names to a learning rate in [0.0001, 3] (the sliders).
    """
    owner = "optimizer_explorer"
    if (X is None) != (y is None):
        given, missing = ("X", "y") if y is None else ("y", "X")
        raise ValueError(_("{owner}: X and y come together (the logistic-regression data): "
                           "{given} was given without {missing}").format(owner=owner, given=given, missing=missing))
    options = [QUADRATIC, ROSENBROCK] + ([LOGISTIC] if X is not None else [])
    if isinstance(problem, str) and problem == LOGISTIC and X is None:
        raise ValueError(_("{owner}: problem must be one of {options} without data: "
                           "problem={problem!r} needs X and y").format(
                               owner=owner, options=", ".join(map(repr, options)), problem=LOGISTIC))
    problem = check.option("problem", problem, options, owner=owner)
    if X is not None:
        X = array("X", X, ndim=2, owner=owner)
        y = binary("y", y, owner=owner)
        if y.ndim != 1:
            raise ValueError(_("{owner}: y must be a 1-D array of n labels 0 or 1, got shape {shape}{hint}").format(
                owner=owner, shape=y.shape, hint=_(" (use y.ravel())") if y.ndim == 2 and 1 in y.shape else ""))
        rows_match("X", X, "y", y, owner=owner)
    rules = _rules(rules, owner)
    lrs = {**DEFAULT_LRS, **_lrs(lrs, owner)}

    runs: dict = {}  # (problem, rule, lr) -> its History: moving one slider re-runs one rule

    def run_of(problem, name, lr):
        key = (problem, name, lr)
        if key not in runs:
            if len(runs) > 64:
                runs.clear()
            runs[key] = run(problem, name, lr, X, y)
        return runs[key]

    def draw(fig, problem, rules, **lr_values):
        ax_left, ax_loss = fig.subplots(1, 2)
        left_lines, loss_lines = {}, {}
        if problem == LOGISTIC:
            for name in RULES:
                color, ls = STYLE[name]
                left_lines[name] = live(ax_left.plot([0, LOGISTIC_STEPS], [0.5, 0.5], color=color, ls=ls)[0])
            ax_left.set_xlim(-0.05 * LOGISTIC_STEPS, 1.05 * LOGISTIC_STEPS)
            ax_left.set_xlabel(_("step"))
            ax_left.set_ylabel(_("training accuracy"))
            live(ax_left.yaxis)
            steps = LOGISTIC_STEPS
        else:
            obj, x0, steps = PROBLEMS_2D[problem]
            plots.contour(ax_left, obj.f, obj.xlim, obj.ylim, levels=20, log=True)
            for name in RULES:
                color, ls = STYLE[name]
                left_lines[name] = path_lines(ax_left, np.array([x0, x0]), label=name, color=color, ls=ls,
                                              marker="", every=1)
            ax_left.plot(*obj.minimum, "k*", ms=12, label=_("minimum"))
            ax_left.set_xlim(obj.xlim)
            ax_left.set_ylim(obj.ylim)
        for name in RULES:
            color, ls = STYLE[name]
            plots.loss_curve(ax_loss, [1.0, 1.0], label=name, color=color, ls=ls)
            loss_lines[name] = live(ax_loss.lines[-1])
        ax_loss.set_yscale("log")
        ax_loss.set_xlim(-0.05 * steps, 1.05 * steps)
        ax_loss.set_ylabel(_("loss L(w)") if problem == LOGISTIC else _("loss f(x)"))
        ax_loss.set_title(_("loss per step (log scale)"))
        live(ax_left.title, ax_loss.yaxis)
        remember(fig, problem=problem, ax_left=ax_left, ax_loss=ax_loss, left_lines=left_lines,
                 loss_lines=loss_lines)
        return redraw(fig, problem, rules, **lr_values)

    def redraw(fig, problem, rules, **lr_values):
        parts = recall(fig)
        if parts is None or parts.problem != problem:
            return None  # another problem: other axes
        chosen = [name for name in RULES if name in rules]  # course order, whatever the click order
        races = {name: run_of(problem, name, lr_values[f"lr_{name}"]) for name in chosen}
        accuracies = []
        for name in RULES:
            hist = races.get(name)
            left = parts.left_lines[name]  # one accuracy line, or plots.path's path, start, end
            drawn = [left] if problem == LOGISTIC else left
            for line in [*drawn, parts.loss_lines[name]]:
                line.set_visible(hist is not None)
            # the legend lists the racing rules only (one entry each: the path, not its markers)
            for line in (drawn[0], parts.loss_lines[name]):
                line.set_label(name if hist is not None else f"_{name}")
            for marker in drawn[1:]:
                marker.set_label("_marker")
            if hist is None:
                continue
            if problem == LOGISTIC:
                acc = np.mean((hist.params @ X.T > 0) == y, axis=1)
                left.set_data(np.arange(len(acc)), acc)
                accuracies.append(acc)
            else:
                update_path(left, hist.params)
            parts.loss_lines[name].set_data(np.arange(len(hist.losses)), hist.losses)
        all_losses = np.concatenate([h.losses for h in races.values()]) if races else []
        set_limits(parts.ax_loss, ylim=autoscale_limits(all_losses, log=True))
        if problem == LOGISTIC:
            set_limits(parts.ax_left, ylim=autoscale_limits(np.concatenate(accuracies) if accuracies else [0.0, 1.0]))
        title = _("accuracy per step") if problem == LOGISTIC else _("paths: {problem}").format(problem=_(problem))
        set_title(parts.ax_left, title if chosen else _("choose at least one rule"))
        for ax in (parts.ax_left, parts.ax_loss):
            if chosen:
                legend(ax, loc=_LEGEND_LOC[problem, ax is parts.ax_loss])
            elif ax.get_legend() is not None:
                ax.get_legend().remove()
        if not chosen:
            return _("choose at least one rule")
        parts_text = [f"{name} {hist.losses[-1]:.3g}" + (_(" (diverged)") if hist.diverged else "")
                      for name, hist in races.items()]
        return _("final loss: {losses}").format(losses=" · ".join(parts_text))

    controls: dict = {
        "problem": w.Dropdown(options=options, value=problem, description=_("problem"),
                              style={"description_width": "initial"},
                              layout=w.Layout(width="320px")),
        "rules": w.SelectMultiple(options=list(RULES), value=tuple(rules), description=_("rules"),
                                  rows=len(RULES), style={"description_width": "initial"}),
    }
    for name in RULES:
        controls[f"lr_{name}"] = log_slider(lrs[name], *LR_RANGE, f"α {name}")

    def grey_out_unchosen(change=None) -> None:
        # a rule that is not racing has no curve, so its slider would seem dead: grey it out
        for name in RULES:
            controls[f"lr_{name}"].disabled = name not in controls["rules"].value

    grey_out_unchosen()
    controls["rules"].observe(grey_out_unchosen, names="value")
    title = _("Optimizer race: pick a problem, the rules and their learning rates")
    return _GridExplorer(draw, controls, title=title, figsize=(11, 4.4), redraw=redraw, keep=("problem",))


def _rules(rules, owner: str) -> tuple[str, ...]:
    """A tuple (or list) of distinct rule names, possibly empty."""
    if not isinstance(rules, tuple | list):
        raise TypeError(_("{owner}: rules must be a tuple of rule names such as ('GD', 'Adam'), "
                          "got rules={rules}").format(owner=owner, rules=check.show(rules)))
    for name in rules:
        if not isinstance(name, str):
            raise TypeError(_("{owner}: rules must hold rule names (str), got {name} in rules={rules}").format(
                owner=owner, name=check.show(name), rules=check.show(rules)))
        if name not in RULES:
            raise ValueError(_("{owner}: rules must hold names from {options}, got {name} in rules={rules}").format(
                owner=owner, options=", ".join(map(repr, RULES)), name=check.show(name), rules=check.show(rules)))
    if len(set(rules)) != len(rules):
        twice = next(name for name in rules if rules.count(name) > 1)
        raise ValueError(_("{owner}: rules must name each rule once, got {twice!r} twice in rules={rules!r}").format(
            owner=owner, twice=twice, rules=rules))
    return tuple(rules)


def _lrs(lrs, owner: str) -> dict:
    """{rule name: learning rate on its slider}; None means the defaults."""
    if lrs is None:
        return {}
    if not isinstance(lrs, dict):
        raise TypeError(_("{owner}: lrs must be a dict {{rule name: learning rate}}, e.g. {{'Adam': 0.01}}, "
                          "got lrs={lrs}").format(owner=owner, lrs=check.show(lrs)))
    for name, lr in lrs.items():
        if name not in RULES:
            raise ValueError(_("{owner}: the keys of lrs must be rule names from {options}, got the key {key}").format(
                owner=owner, options=", ".join(map(repr, RULES)), key=check.show(name)))
        check.setting(f"lrs[{name!r}]", lr, *LR_RANGE, control=f"α {name}", owner=owner)
    return {name: float(lr) for name, lr in lrs.items()}
