"""The normal likelihood explorer: its figure and readout follow the sliders exactly."""

import re

import numpy as np
import pytest

from gdlib import mle, widgets
from gdlib.widgets.likelihood import normal_pdf

X = np.array([4.7, 4.5, 4.9, 4.0, 4.6, 4.5, 4.7, 3.3, 4.6, 3.9, 3.5, 4.2, 4.0, 4.7, 3.6])


def numbers(readout):
    """log L, max log L and the gap, read back from the readout text."""
    found = re.search(r"log L = (-?[\d.]+) · max log L = (-?[\d.]+) · gap = (-?[\d.]+)", readout)
    assert found, readout
    return tuple(float(v) for v in found.groups())


def fit_and_surface_axes(explorer):
    ax_fit, ax_ll = explorer.figure.axes[:2]
    return ax_fit, ax_ll


def test_readout_is_the_log_likelihood_and_its_gap_to_the_maximum():
    e = widgets.normal_likelihood_explorer(X, mu=4.0, sigma=0.8)
    mu_hat, var_hat = mle.normal_mle(X)
    ll = mle.normal_log_likelihood(X, 4.0, 0.8)
    best = mle.normal_log_likelihood(X, mu_hat, np.sqrt(var_hat))
    got = numbers(e.readout)
    assert got == pytest.approx((ll, best, best - ll), abs=0.006)
    assert e.readout.startswith("μ = 4.00 · σ = 0.80 →")


def test_density_curves_are_the_slider_normal_and_the_mle_normal():
    e = widgets.normal_likelihood_explorer(X, mu=4.0, sigma=0.8)
    ax_fit, _ = fit_and_surface_axes(e)
    ours, fit = ax_fit.get_lines()[:2]
    t = ours.get_xdata()
    np.testing.assert_allclose(ours.get_ydata(), normal_pdf(t, 4.0, 0.8))
    mu_hat, var_hat = mle.normal_mle(X)
    np.testing.assert_allclose(fit.get_ydata(), normal_pdf(t, mu_hat, np.sqrt(var_hat)))
    # the histogram has the data's density scale: bar area sums to 1
    bars = ax_fit.patches
    assert sum(b.get_width() * b.get_height() for b in bars) == pytest.approx(1.0)


def test_moving_mu_moves_the_curve_the_point_and_the_readout():
    e = widgets.normal_likelihood_explorer(X, mu=4.0, sigma=0.8)
    before = numbers(e.readout)
    e.controls["mu"].value = 4.3
    ax_fit, ax_ll = fit_and_surface_axes(e)
    t = ax_fit.get_lines()[0].get_xdata()
    np.testing.assert_allclose(ax_fit.get_lines()[0].get_ydata(), normal_pdf(t, 4.3, 0.8))
    point = ax_ll.get_lines()[0]
    assert (point.get_xdata()[0], point.get_ydata()[0]) == pytest.approx((4.3, 0.8))
    after = numbers(e.readout)
    assert after[0] == pytest.approx(mle.normal_log_likelihood(X, 4.3, 0.8), abs=0.006)
    assert after[2] < before[2]  # 4.3 is closer to the sample mean 4.233 than 4.0 is


def test_moving_sigma_to_the_mle_closes_the_gap():
    e = widgets.normal_likelihood_explorer(X, mu=4.0, sigma=0.8)
    mu_hat, var_hat = mle.normal_mle(X)
    e.controls["mu"].value = mu_hat
    e.controls["sigma"].value = np.sqrt(var_hat)
    _, ax_ll = fit_and_surface_axes(e)
    point, star = ax_ll.get_lines()[:2]
    assert point.get_xdata()[0] == pytest.approx(star.get_xdata()[0])
    assert point.get_ydata()[0] == pytest.approx(star.get_ydata()[0])
    assert numbers(e.readout)[2] == pytest.approx(0.0, abs=0.006)
    # a wider or narrower sigma than the MLE only lowers the log-likelihood
    for sigma in (0.3, 0.9):
        e.controls["sigma"].value = sigma
        assert numbers(e.readout)[2] > 0.1


def test_default_data_and_slider_ranges_contain_the_maximum():
    e = widgets.normal_likelihood_explorer()
    mu, sigma = e.controls["mu"], e.controls["sigma"]
    x = np.random.default_rng(0).normal(5.0, 2.0, size=50)
    mu_hat, var_hat = mle.normal_mle(x)
    assert mu.min < mu_hat < mu.max
    assert sigma.min < np.sqrt(var_hat) < sigma.max
    assert numbers(e.readout)[2] > 1  # starts away from the maximum, so there is a gap to close
    assert not mu.continuous_update and not sigma.continuous_update
