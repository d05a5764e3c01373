"""gdlib: the small helper package of the course on how models learn.

Import what you need by name, e.g. ``from gdlib import calculus, optim, mle``.
The numerical modules (calculus, optim, mle, objectives, losses, data, training)
need only numpy; ``plots`` loads matplotlib and ``widgets`` loads ipywidgets, and
only when you import them.
"""

__version__ = "0.1.0"
