"""Shared test set-up: draw off-screen, close every figure and widget a test leaves open, and make the
exercise checkers' fresh random cases and the property tests' examples reproducible."""

import gc
import zlib

import matplotlib

matplotlib.use("Agg")  # before pyplot is imported anywhere: no display in tests

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402
from ipywidgets import Widget  # noqa: E402

# Property tests draw the same examples on every run (a seed derived from each test), so a
# red test can be replayed and CI never fails by luck of the draw. Explore new examples with
# pytest --hypothesis-profile=explore.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile("repeatable")

from gdlib.exercises import _core  # noqa: E402


def pytest_collection_finish(session):
    # Rarer garbage collections: Python's defaults are for programs, not for a test suite that makes
    # and drops figures by the thousand, and each full collection walks every object alive (some
    # 240,000 after the imports). Measured over tests/ in one process: 16.5 s -> 8.5 s in gc. (gc.freeze
    # would save 2 s more, but hides the frozen objects from gc.get_referrers, which Hypothesis uses
    # to check what it keeps: a false warning.)
    gc.set_threshold(20_000, 20, 20)


@pytest.fixture(autouse=True)
def _close_figures_and_widgets():
    yield
    plt.close("all")
    # ipywidgets keeps every widget until it is closed, and through its observers every explorer
    # with its figure: without this, a test process only grows (about a million objects at the end)
    Widget.close_all()


@pytest.fixture(autouse=True)
def _reproducible_fresh_cases(request):
    # each test draws its own fresh cases, the same on every run: a failure can be replayed
    _core.reseed(zlib.crc32(request.node.nodeid.encode()))
    yield
    _core.reseed(None)
