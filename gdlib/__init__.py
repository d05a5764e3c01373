"""gdlib: the small helper package of the course on how models learn.

Import what you need by name, e.g. ``from gdlib import calculus, optim, mle``.
The numerical modules (calculus, optim, mle, objectives, losses, classify, network,
data, training) need only numpy; ``plots`` loads matplotlib and ``widgets`` loads ipywidgets, and
only when you import them; ``environment`` says where the course runs and whether its packages are
new enough (notebook 00). ``gdlib.set_language("ko")`` switches what gdlib says to a
learner (feedback, explorer text, run messages, errors) to Korean.
"""

from gdlib.i18n import get_language, set_language

__all__ = ["get_language", "set_language"]
__version__ = "0.1.0"
