"""Shared test set-up: draw off-screen, close every figure a test leaves open, and make the
exercise checkers' fresh random cases and the property tests' examples reproducible."""

import zlib

import matplotlib

matplotlib.use("Agg")  # before pyplot is imported anywhere: no display in tests

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# Property tests draw the same examples on every run (a seed derived from each test), so a
# red test can be replayed and CI never fails by luck of the draw. Explore new examples with
# pytest --hypothesis-profile=explore.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile("repeatable")

from gdlib.exercises import _core  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(autouse=True)
def _reproducible_fresh_cases(request):
    # each test draws its own fresh cases, the same on every run: a failure can be replayed
    _core.reseed(zlib.crc32(request.node.nodeid.encode()))
    yield
    _core.reseed(None)
