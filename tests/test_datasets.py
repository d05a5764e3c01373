"""data.iris() and data.breast_cancer(): the real data sets shipped with gdlib, checked against
what their sources publish (row counts, class counts, a first row, ranges of the measurements)."""

import numpy as np
import pytest

from gdlib import data

IRIS_COLUMNS = ("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm", "species")


def test_iris_has_150_flowers_50_of_each_species():
    iris = data.iris()
    assert iris.shape == (150,) and iris.dtype.names == IRIS_COLUMNS
    species, counts = np.unique(iris["species"], return_counts=True)
    assert list(species) == ["setosa", "versicolor", "virginica"] and list(counts) == [50, 50, 50]


def test_iris_first_and_last_flowers_are_fishers():
    iris = data.iris()
    assert iris[0].tolist() == (5.1, 3.5, 1.4, 0.2, "setosa")  # Fisher (1936), table 1, first row
    assert iris[-1].tolist() == (5.9, 3.0, 5.1, 1.8, "virginica")


@pytest.mark.parametrize(("column", "low", "high", "mean"), [
    # the UCI / scikit-learn description's summary statistics: min, max, mean (2 decimals)
    ("sepal_length_cm", 4.3, 7.9, 5.84),
    ("sepal_width_cm", 2.0, 4.4, 3.05),
    ("petal_length_cm", 1.0, 6.9, 3.76),
    ("petal_width_cm", 0.1, 2.5, 1.20),
])
def test_iris_measurements_match_the_published_summary(column, low, high, mean):
    values = data.iris()[column]
    assert values.min() == low and values.max() == high
    assert abs(values.mean() - mean) <= 0.01


def test_breast_cancer_has_569_biopsies_212_malignant():
    cancer = data.breast_cancer()
    assert cancer.shape == (569,) and len(cancer.dtype.names) == 32
    assert cancer.dtype.names[:3] == ("mean_radius", "mean_texture", "mean_perimeter")
    assert cancer.dtype.names[29:] == ("worst_fractal_dimension", "diagnosis", "malignant")
    assert int(cancer["malignant"].sum()) == 212
    np.testing.assert_array_equal(cancer["diagnosis"] == "malignant", cancer["malignant"] == 1)
    features = np.column_stack([cancer[name] for name in cancer.dtype.names[:30]])
    assert features.dtype == np.float64 and np.all(np.isfinite(features))


@pytest.mark.parametrize(("column", "low", "high"), [
    # the UCI description's ranges (min, max) of three of the 30 measurements
    ("mean_radius", 6.981, 28.11),
    ("mean_area", 143.5, 2501.0),
    ("worst_area", 185.2, 4254.0),
])
def test_breast_cancer_ranges_match_the_published_description(column, low, high):
    values = data.breast_cancer()[column]
    assert values.min() == low and values.max() == high


def test_breast_cancer_first_biopsy_is_the_sources_first():
    first = data.breast_cancer()[0]  # UCI's wdbc.data, ID 842302
    assert (first["mean_radius"], first["mean_texture"], first["mean_perimeter"], first["mean_area"]) == (
        17.99, 10.38, 122.8, 1001.0)
    assert first["diagnosis"] == "malignant"


def test_the_data_are_found_from_any_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the files come with the package, not from a path relative to here
    assert data.iris().shape == (150,) and data.breast_cancer().shape == (569,)


def test_each_call_gives_a_fresh_copy():
    iris = data.iris()
    iris["petal_length_cm"][:] = 0.0
    assert data.iris()["petal_length_cm"].min() == 1.0
