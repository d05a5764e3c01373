"""The Explorer base: readout names the controls, a change redraws, snapshot prints."""

import ipywidgets

from gdlib.widgets import Explorer, log_slider, slider


def make():
    def draw(fig, a, lr, kind):
        ax = fig.subplots()
        ax.plot([0.0, 1.0], [0.0, a * lr])
        ax.set_title(kind)
        return f"a·lr = {a * lr:.3f}"

    controls = {
        "a": slider(1.0, 0.0, 2.0, 0.1, "a"),
        "lr": log_slider(0.1, 1e-3, 1.0, "lr"),
        "kind": ipywidgets.Dropdown(options=["line", "curve"], value="line", description="kind"),
    }
    return Explorer(draw, controls, title="test")


def test_initial_readout_and_figure():
    e = make()
    assert e.readout == "a = 1.00 · lr = 0.1 · kind = line → a·lr = 0.100"
    assert list(e.figure.axes[0].lines[0].get_ydata()) == [0.0, 0.1]


def test_changing_each_control_redraws():
    e = make()
    e.controls["a"].value = 2.0
    assert e.readout.startswith("a = 2.00") and e.readout.endswith("a·lr = 0.200")
    assert e.figure.axes[0].lines[0].get_ydata()[1] == 0.2
    e.controls["lr"].value = 0.01
    assert "lr = 0.01" in e.readout and e.readout.endswith("a·lr = 0.020")
    e.controls["kind"].value = "curve"
    assert e.figure.axes[0].get_title() == "curve" and "kind = curve" in e.readout


def test_snapshot_prints_the_readout(capsys):
    e = make()
    capsys.readouterr()
    e.snapshot()
    assert capsys.readouterr().out.startswith("a = 1.00 · lr = 0.1 · kind = line → a·lr = 0.100\n")


def test_sliders_update_on_release_only():
    assert slider(0.0, -1, 1, 0.1, "x").continuous_update is False
    assert log_slider(0.1, 1e-3, 1, "lr").continuous_update is False
