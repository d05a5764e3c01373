"""Data the explorer tests share."""

import numpy as np

from gdlib import data


def iris_split():
    """Sepal features of iris, standardised on a seeded 100/50 split: (X_train, y_train, X_val, y_val)."""
    iris = data.iris()
    y = np.searchsorted(np.unique(iris["species"]), iris["species"])
    X = np.column_stack([iris["sepal_length_cm"], iris["sepal_width_cm"]])
    order = np.random.default_rng(0).permutation(len(y))
    tr, va = order[:100], order[100:]
    mu, sd = X[tr].mean(axis=0), X[tr].std(axis=0)
    return (X[tr] - mu) / sd, y[tr], (X[va] - mu) / sd, y[va]
