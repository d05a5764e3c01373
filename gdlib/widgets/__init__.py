"""Interactive explorers: controls (sliders, dropdowns) driving a figure and a readout.

    from gdlib import widgets
    widgets.tangent_explorer()        # last line of a cell: shows the controls and figure

Each explorer is an Explorer (see explorer.py); the topic modules build them. An argument
outside its control's range is never clamped: a setting of the method (α, ε, h, θ, a seed)
is a ValueError naming the range, a start point widens its slider and the plot (_checks.py).
"""

from gdlib.widgets.explorer import Explorer, log_slider, slider

__all__ = ["Explorer", "slider", "log_slider"]

# Re-export every topic module's explorers, so notebooks write widgets.<name>().
from gdlib.widgets import (  # noqa: E402
    adagrad,
    derivatives,
    descent,
    gradients,
    likelihood,
    network,
    optimizers,
    sgd,
)

for _module in (derivatives, gradients, descent, sgd, likelihood, adagrad, optimizers, network):
    for _name in _module.__all__:
        globals()[_name] = getattr(_module, _name)
        __all__.append(_name)
