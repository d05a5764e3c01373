"""Data the explorer tests share."""

from pathlib import Path

import numpy as np

CSV = Path(__file__).resolve().parents[1] / "assets" / "iris.csv"


def iris_split():
    """Sepal features of iris, standardised on a seeded 100/50 split: (X_train, y_train, X_val, y_val)."""
    data = np.genfromtxt(CSV, delimiter=",", names=True, dtype=None, encoding="utf-8")
    y = np.searchsorted(np.unique(data["species"]), data["species"])
    X = np.column_stack([data["sepal_length_cm"], data["sepal_width_cm"]])
    order = np.random.default_rng(0).permutation(len(y))
    tr, va = order[:100], order[100:]
    mu, sd = X[tr].mean(axis=0), X[tr].std(axis=0)
    return (X[tr] - mu) / sd, y[tr], (X[va] - mu) / sd, y[va]
