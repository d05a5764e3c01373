"""Exercise checkers: exercises.check_<name>(your_function) prints one line of feedback.

    ⏳ not attempted yet: ...     you have not filled in the function
    ❌ not yet: ...               what is wrong, with the numbers that show it
    ✅ correct: ...

Each checker only calls the function you pass it. The topic modules hold them.

The verdict as a value, for code that grades (the course's nbgrader assignments assert it):

    feedback = exercises.check_mean.diagnose(mean)   # a Feedback; nothing is printed
    feedback.correct      # True only for ✅
    feedback.status       # CORRECT, WRONG or NOT_ATTEMPTED
    feedback.message      # the diagnosis; str(feedback) is the line check_mean(mean) prints
"""

from gdlib.exercises import (
    adagrad,
    basics,
    derivatives,
    descent,
    gradients,
    likelihood,
    network,
    optimizers,
    sgd,
)
from gdlib.exercises._core import CORRECT, NOT_ATTEMPTED, WRONG, Feedback

__all__ = ["CORRECT", "NOT_ATTEMPTED", "WRONG", "Feedback"]

# one module per notebook, in course order; every name in a topic's __all__ is a checker
TOPICS = (basics, derivatives, gradients, descent, sgd, likelihood, adagrad, optimizers, network)

for _module in TOPICS:
    for _name in _module.__all__:
        globals()[_name] = getattr(_module, _name)
        __all__.append(_name)
