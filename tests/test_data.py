"""skrnn._data: every X format, every documented error, the fit/predict feature rule,
and target alignment."""
import ast
import dataclasses
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.exceptions import DataConversionWarning

from skrnn._data import (SequenceBatch, check_feature_count, check_feature_names,
                         check_sequences, check_targets_for_sequences,
                         fitted_feature_counts)


@pytest.fixture
def rng():
    return np.random.default_rng(0)


@pytest.fixture
def long_frame():
    """Two sequences, 'b' (2 steps) before 'a' (3 steps), rows shuffled within each."""
    return pd.DataFrame({
        "id": ["b", "b", "a", "a", "a"],
        "time": [1, 0, 2, 0, 1],
        "temp": [11.0, 10.0, 2.0, 0.0, 1.0],
        "wind": [21.0, 20.0, 32.0, 30.0, 31.0],
    }).set_index(["id", "time"])


def assert_padded(batch, sequences):
    """batch.X holds each (T_i, d) sequence followed by zeros."""
    assert batch.lengths.dtype == np.int64
    np.testing.assert_array_equal(batch.lengths, [len(s) for s in sequences])
    for row, seq, length in zip(batch.X, sequences, batch.lengths):
        np.testing.assert_allclose(row[:length], seq, rtol=1e-6)
        assert not row[length:].any()


# --- formats ------------------------------------------------------------------------

def test_3d_array(rng):
    X = rng.normal(size=(4, 5, 3))
    batch = check_sequences(X)
    assert batch.input_kind == "3d" and batch.dtype == np.float32
    assert (batch.n_samples, batch.max_length, batch.n_features) == (4, 5, 3)
    assert batch.equal_lengths and batch.ids is None and batch.feature_names is None
    assert batch.X.flags.c_contiguous
    assert_padded(batch, list(X))
    same = check_sequences(X, dtype=np.float64)  # no conversion needed: no copy
    assert np.shares_memory(same.X, X) and X.flags.writeable and not same.X.flags.writeable


def test_2d_array_is_univariate(rng):
    X = rng.normal(size=(4, 6))
    batch = check_sequences(X, dtype=np.float64)
    assert batch.input_kind == "2d" and batch.X.shape == (4, 6, 1)
    np.testing.assert_array_equal(batch.X[..., 0], X)


def test_fortran_ordered_and_integer_input_become_c_contiguous_float(rng):
    X = np.asfortranarray(rng.integers(0, 9, size=(3, 4, 2)))
    batch = check_sequences(X, dtype=np.float64)
    assert batch.dtype == np.float64 and batch.X.flags.c_contiguous
    np.testing.assert_array_equal(batch.X, X)


def test_list_of_unequal_lengths_is_zero_padded(rng):
    seqs = [rng.normal(size=(n, 2)) for n in (3, 5, 1)]
    batch = check_sequences(seqs)
    assert batch.input_kind == "list" and not batch.equal_lengths
    assert batch.X.shape == (3, 5, 2)
    assert_padded(batch, seqs)
    ragged = np.empty(3, dtype=object)  # a 1-D object array of sequences is a list too
    ragged[:] = seqs
    assert_padded(check_sequences(ragged), seqs)


def test_list_of_1d_arrays_is_univariate(rng):
    seqs = (rng.normal(size=4), rng.normal(size=2))  # a tuple works too
    batch = check_sequences(seqs)
    assert batch.n_features == 1
    assert_padded(batch, [s[:, None] for s in seqs])


def test_list_elements_may_be_lists_or_pandas(rng):
    seqs = [[[1, 2], [3, 4], [5, 6]], pd.DataFrame({"a": [7.0], "b": [8.0]}),
            np.array([[9, 10], [11, 12]])]
    batch = check_sequences(seqs)
    np.testing.assert_array_equal(batch.lengths, [3, 1, 2])
    np.testing.assert_array_equal(batch.X[1, 0], [7, 8])
    series = check_sequences([pd.Series([1.0, 2.0]), pd.Series([3.0])])
    np.testing.assert_array_equal(series.X[..., 0], [[1, 2], [3, 0]])


def test_nested_lists_read_like_numpy_when_rectangular():
    assert check_sequences([[1, 2, 3], [4, 5, 6]]).input_kind == "2d"  # sklearn's X.tolist()
    assert check_sequences([[[1], [2]], [[3], [4]]]).input_kind == "3d"
    ragged = check_sequences([[1, 2, 3], [4, 5]])
    assert ragged.input_kind == "list"
    np.testing.assert_array_equal(ragged.X[..., 0], [[1, 2, 3], [4, 5, 0]])


def test_long_dataframe_sorts_time_and_keeps_id_order(long_frame):
    batch = check_sequences(long_frame, dtype=np.float64)
    assert batch.input_kind == "pandas"
    assert list(batch.ids) == ["b", "a"] and batch.ids.name == "id"
    assert batch.feature_names.dtype == object
    assert list(batch.feature_names) == ["temp", "wind"]
    assert_padded(batch, [[[10, 20], [11, 21]], [[0, 30], [1, 31], [2, 32]]])
    assert list(batch.row_index) == [("b", 0), ("b", 1), ("a", 0), ("a", 1), ("a", 2)]


def test_long_dataframe_with_datetime_times_and_integer_ids():
    times = pd.date_range("2024-01-01", periods=3, freq="D")
    index = pd.MultiIndex.from_product([[7, 3], times], names=["unit", "when"])
    frame = pd.DataFrame({"x": np.arange(6.0)}, index=index).iloc[::-1]
    batch = check_sequences(frame)
    assert list(batch.ids) == [3, 7]  # first appearance in the reversed frame
    np.testing.assert_array_equal(batch.X[..., 0], [[3, 4, 5], [0, 1, 2]])
    assert batch.feature_names.tolist() == ["x"]


def test_series_with_multiindex_is_one_feature(long_frame):
    batch = check_sequences(long_frame["wind"])
    assert batch.n_features == 1 and list(batch.ids) == ["b", "a"]
    np.testing.assert_array_equal(batch.X[0, :, 0], [20, 21, 0])


def test_frame_without_multiindex_reads_as_2d_with_names(rng):
    frame = pd.DataFrame(rng.normal(size=(3, 4)), columns=list("abcd"))
    batch = check_sequences(frame, dtype=np.float64)
    assert batch.input_kind == "2d" and batch.X.shape == (3, 4, 1)
    assert batch.feature_names.tolist() == list("abcd") and batch.ids is None
    assert check_sequences(pd.DataFrame(np.ones((2, 2)))).feature_names is None


def test_sequence_batch_passes_through_and_converts_dtype(rng):
    batch = check_sequences([rng.normal(size=(2, 1)), rng.normal(size=(3, 1))])
    assert check_sequences(batch) is batch
    as64 = check_sequences(batch, dtype=np.float64)
    assert as64.dtype == np.float64 and as64.input_kind == "list"
    np.testing.assert_array_equal(as64.lengths, batch.lengths)


def test_sequence_batch_is_immutable(rng):
    batch = check_sequences(rng.normal(size=(2, 3, 1)))
    with pytest.raises(dataclasses.FrozenInstanceError):
        batch.lengths = np.array([1, 1])
    with pytest.raises(ValueError, match="read-only"):
        batch.X[0, 0, 0] = 1.0
    with pytest.raises(ValueError, match="read-only"):
        batch.lengths[0] = 1
    assert "n_samples=2" in repr(batch)


def test_sequence_batch_checks_its_fields():
    with pytest.raises(ValueError, match="3-D float32 or float64"):
        SequenceBatch(np.zeros((2, 3)), np.array([3, 3]))
    with pytest.raises(ValueError, match=r"one length in 1\.\.3"):
        SequenceBatch(np.zeros((2, 3, 1)), np.array([3, 4]))


def test_allow_nan_accepts_nan_but_never_infinity():
    X = np.array([[1.0, np.nan], [2.0, 3.0]])
    assert np.isnan(check_sequences(X, allow_nan=True).X).sum() == 1
    with pytest.raises(ValueError, match=r"infinity at X\[1, 0\]"):
        check_sequences(np.array([[1.0, np.nan], [np.inf, 3.0]]), allow_nan=True)


def test_only_float32_and_float64():
    with pytest.raises(ValueError, match="float32 or numpy.float64"):
        check_sequences(np.ones((2, 2)), dtype=np.int64)


# --- errors -------------------------------------------------------------------------

def _with_nan(shape, *positions, value=np.nan):
    X = np.zeros(shape)
    for position in positions:
        X[position] = value
    return X


BAD_X = [
    # wrong number of dimensions; "Reshape your data" is what sklearn's checks grep for
    (np.arange(3.0), ValueError, r"got a 1-D array of shape \(3,\)\. Reshape your data"),
    ([1.0, 2.0, 3.0], ValueError, "Reshape your data"),
    (np.float64(2.0), ValueError, "got a scalar"),
    (np.zeros((2, 2, 2, 2)), ValueError, r"4-D array .* X\.reshape\(n_samples, n_timesteps"),
    # empty input; the (12, 0) wording is sklearn's check_estimators_empty_data's
    (np.empty((0, 3)), ValueError, r"0 sample\(s\) \(shape=\(0, 3\)\)"),
    ([], ValueError, "X is an empty list"),
    (np.empty((12, 0)), ValueError,
     r"0 feature\(s\) \(shape=\(12, 0\)\) while a minimum of 1 is required\."),
    (np.empty((3, 0, 2)), ValueError, "X has 0 time steps"),
    (np.empty((3, 2, 0)), ValueError, "X has 0 features per time step"),
    ([np.zeros((2, 2)), np.empty((0, 2))], ValueError, r"X\[1\] has 0 time steps"),
    # non-finite values name where they are
    (_with_nan((3, 4, 2), (1, 2, 0), (2, 0, 1)), ValueError,
     r"NaN at X\[1, 2, 0\] \(sequence 1, time step 2, feature 0\); 2 value\(s\)"
     r".*interpolate"),
    ([np.zeros((2, 1)), np.array([[0.0], [1.0], [-np.inf]])], ValueError,
     r"infinity at X\[1\]\[2\] \(sequence 1, time step 2\)"),
    # inconsistent or malformed sequences
    ([np.zeros((4, 2)), np.zeros((3, 2)), np.zeros((3, 3))], ValueError,
     r"X\[2\] has 3 features per time step but X\[0\] has 2"),
    ([np.zeros((2, 2)), [[1, 2], [3]]], ValueError, r"X\[1\] is not a rectangular array"),
    ([np.zeros(3), 5.0], ValueError, r"X\[1\] is a single value, not a sequence"),
    ([np.zeros((2, 2, 2))], ValueError, r"X\[0\] has shape \(2, 2, 2\)"),
    # non-numeric data; the TypeError wording is numpy's, as check_dtype_object expects
    (np.array([["a", "b"], ["c", "d"]]), ValueError, "numbers only, got strings"),
    (np.array([[1 + 2j, 1.0]]), ValueError, "Complex data not supported"),
    ([np.array(["2024-01-01"], dtype="datetime64[D]")], ValueError, "got datetimes"),
    (np.array([[1.0, {"a": 1}]], dtype=object), TypeError,
     "argument must be .* string.* number"),
    # other containers
    (sp.csr_matrix(np.eye(3)), TypeError, "Sparse data was passed to RNNClassifier"),
    ([sp.csr_matrix(np.eye(3))], TypeError, "Sparse data was passed to RNNClassifier"),
    (pd.Series([1.0, 2.0]), ValueError, "Series with a 1-level index"),
]


@pytest.mark.parametrize("X, error, match", BAD_X)
def test_bad_x(X, error, match):
    with pytest.raises(error, match=match):
        check_sequences(X, estimator_name="RNNClassifier")


BAD_FRAMES = [
    (lambda f: f.assign(wind=[21.0, 20.0, 32.0, 30.0, np.nan]),  # at ("a", 1)
     "NaN at sequence 'a', time 1, column 'wind'"),
    (lambda f: f.assign(n=pd.array([1, None, 3, 4, 5], dtype="Int64")),
     "NaN at sequence 'b', time 0, column 'n'"),
    (lambda f: f.assign(site="north"), "non-numeric column.*'site'"),
    (lambda f: f.reset_index(),
     r"(?s)'id'.*one row per sequence.*set_index\(\[\"id\", \"time\"\]\)"),
    (lambda f: f.assign(k=0).set_index("k", append=True),
     r"(?s)3 level\(s\).*exactly 2.*temp  humidity"),
    (lambda f: pd.concat([f, f.iloc[[2]]]), "more than one row for sequence 'a' at time 2"),
    (lambda f: f.iloc[:0], "empty DataFrame"),
    (lambda f: f.set_axis(pd.MultiIndex.from_arrays([["a", None] * 2 + ["b"], range(5)])),
     "missing sequence id at row 1"),
]


@pytest.mark.parametrize("edit, match", BAD_FRAMES)
def test_bad_frames(long_frame, edit, match):
    with pytest.raises(ValueError, match=match):
        check_sequences(edit(long_frame))


# --- feature count between fit and predict -------------------------------------------

def test_fit_on_2d_records_columns_as_sklearn_expects(rng):
    counts = fitted_feature_counts(check_sequences(rng.normal(size=(15, 4))))
    assert counts == (4, 4, True)
    assert counts.n_features_in_ == 4 and counts.fitted_on_2d


def test_fit_on_sequences_records_channels(rng, long_frame):
    assert fitted_feature_counts(check_sequences(rng.normal(size=(3, 9, 2)))) == \
        (2, None, False)
    assert fitted_feature_counts(check_sequences(long_frame)) == (2, None, False)


def test_after_2d_fit_a_2d_x_needs_the_same_columns(rng):
    batch = check_sequences(rng.normal(size=(5, 1)))
    # the exact pattern of sklearn's check_n_features_in_after_fitting
    sklearn_pattern = r"X has 1 features, but \w+ is expecting 4 features as input"
    with pytest.raises(ValueError, match=sklearn_pattern):
        check_feature_count(batch, 4, fitted_on_2d=True, n_timesteps_in_=4,
                            estimator_name="RNNClassifier")
    with pytest.raises(ValueError, match="3-D array \\(n_samples, n_timesteps, 1\\)"):
        check_feature_count(batch, 4, fitted_on_2d=True, estimator_name="RNNClassifier")
    check_feature_count(check_sequences(rng.normal(size=(5, 4))), 4, fitted_on_2d=True)


def test_after_2d_fit_sequences_must_be_univariate_of_any_length(rng):
    for X in (rng.normal(size=(2, 7, 1)), [rng.normal(size=3), rng.normal(size=9)]):
        check_feature_count(check_sequences(X), 4, fitted_on_2d=True, n_timesteps_in_=4)
    with pytest.raises(ValueError, match="X has 2 features, but RNNRegressor is expecting "
                                         "1 features as input.*univariate"):
        check_feature_count(check_sequences(rng.normal(size=(2, 4, 2))), 4,
                            fitted_on_2d=True, n_timesteps_in_=4,
                            estimator_name="RNNRegressor")


def test_after_sequence_fit_the_channels_must_match(rng, long_frame):
    for X in (rng.normal(size=(2, 11, 2)), [rng.normal(size=(3, 2))], long_frame):
        check_feature_count(check_sequences(X), 2, fitted_on_2d=False)
    with pytest.raises(ValueError, match="X has 3 features, but RNNRegressor is expecting "
                                         "2 features as input.*last axis"):
        check_feature_count(check_sequences(rng.normal(size=(2, 4, 3))), 2,
                            fitted_on_2d=False, estimator_name="RNNRegressor")
    with pytest.raises(ValueError, match="X has 1 features, but RNNRegressor is expecting "
                                         "2 features as input.*X is 2-D"):
        check_feature_count(check_sequences(rng.normal(size=(2, 4))), 2,
                            fitted_on_2d=False, estimator_name="RNNRegressor")


def test_after_univariate_sequence_fit_2d_input_of_any_length_is_fine(rng):
    check_feature_count(check_sequences(rng.normal(size=(2, 13))), 1, fitted_on_2d=False)


class _Named(BaseEstimator):
    pass


def test_feature_names_come_from_frame_columns(rng, long_frame):
    est = _Named()
    check_feature_names(est, long_frame, reset=True)
    assert est.feature_names_in_.tolist() == ["temp", "wind"]
    check_feature_names(est, long_frame, reset=False)
    with pytest.raises(ValueError, match="Feature names must be in the same order"):
        check_feature_names(est, long_frame[["wind", "temp"]], reset=False)


# --- targets ------------------------------------------------------------------------

def test_per_sequence_targets_pass_through(rng):
    batch = check_sequences(rng.normal(size=(4, 3, 2)))
    y, mask = check_targets_for_sequences(batch, ["a", "b", "a", "c"])
    assert mask is None and y.tolist() == ["a", "b", "a", "c"]
    y2, _ = check_targets_for_sequences(batch, np.ones((4, 2)))
    assert y2.shape == (4, 2)


def test_single_output_ravel_warns_like_sklearn(rng):
    batch = check_sequences(rng.normal(size=(4, 3)))
    with pytest.warns(DataConversionWarning, match="column-vector y"):
        y, _ = check_targets_for_sequences(batch, np.ones((4, 1)),
                                           multi_output_allowed=False)
    assert y.shape == (4,)
    with pytest.raises(ValueError, match="y should be a 1d array"):
        check_targets_for_sequences(batch, np.ones((4, 2)), multi_output_allowed=False)


def test_target_count_mismatch_gives_both_counts(rng):
    batch = check_sequences(rng.normal(size=(3, 5)))
    with pytest.raises(ValueError, match="X has 3 sequences but y has 4 targets.*"
                                         "set_index"):
        check_targets_for_sequences(batch, [0, 1, 0, 1])


def test_missing_or_non_finite_targets(rng):
    batch = check_sequences(rng.normal(size=(2, 5)))
    with pytest.raises(ValueError, match="requires y to be passed, but the target y is "
                                         "None"):
        check_targets_for_sequences(batch, None, estimator_name="RNNRegressor")
    for multi in (True, False):
        with pytest.raises(ValueError, match="Input y contains NaN"):
            check_targets_for_sequences(batch, [1.0, np.nan], multi_output_allowed=multi)


def test_targets_indexed_by_id_are_aligned(long_frame):
    batch = check_sequences(long_frame)  # sequences: 'b', 'a'
    y, _ = check_targets_for_sequences(batch, pd.Series({"a": 1, "b": 0}))
    np.testing.assert_array_equal(y, [0, 1])
    frame_y = pd.DataFrame({"u": [5.0, 6.0], "v": [7.0, 8.0]}, index=["a", "b"])
    y, _ = check_targets_for_sequences(batch, frame_y)
    np.testing.assert_array_equal(y, [[6, 8], [5, 7]])
    y, _ = check_targets_for_sequences(batch, np.array([0, 1]))  # arrays: by position
    np.testing.assert_array_equal(y, [0, 1])


@pytest.mark.parametrize("y, match", [
    (pd.Series({"a": 1, "c": 0}), r"1 are missing from y \('b'\) and 1 are in y but not "
                                  r"in X \('c'\).*y\.to_numpy\(\)"),
    (pd.Series([1, 0]), r"2 are missing from y \('b', 'a'\)"),
    (pd.Series([1, 0, 1], index=["a", "b", "a"]), r"repeats some sequence ids \('a'\)"),
])
def test_targets_whose_ids_do_not_match(long_frame, y, match):
    with pytest.raises(ValueError, match=match):
        check_targets_for_sequences(check_sequences(long_frame), y)


def test_per_step_list_is_padded_with_a_mask(rng):
    batch = check_sequences([rng.normal(size=(2, 3)), rng.normal(size=(4, 3))])
    y, mask = check_targets_for_sequences(batch, [np.array([1.0, 2.0]),
                                                  np.array([3.0, 4.0, 5.0, 6.0])])
    np.testing.assert_array_equal(y, [[1, 2, 0, 0], [3, 4, 5, 6]])
    np.testing.assert_array_equal(mask, [[1, 1, 0, 0], [1, 1, 1, 1]])
    labels, _ = check_targets_for_sequences(batch, [np.array(["x", "y"]),
                                                    np.array(["p", "q", "r", "s"])])
    assert labels.dtype.kind == "U" and labels[0, :2].tolist() == ["x", "y"]


def test_per_step_multi_output(rng):
    batch = check_sequences([rng.normal(size=(2, 1)), rng.normal(size=(3, 1))])
    targets = [np.ones((2, 2)), np.ones((3, 2))]
    y, _ = check_targets_for_sequences(batch, targets)
    assert y.shape == (2, 3, 2) and y.sum() == 10
    with pytest.raises(ValueError, match="2 outputs per step, but RNNClassifier"):
        check_targets_for_sequences(batch, targets, multi_output_allowed=False,
                                    estimator_name="RNNClassifier")
    y, _ = check_targets_for_sequences(batch, [np.ones((2, 1)), np.ones((3, 1))],
                                       multi_output_allowed=False)
    assert y.shape == (2, 3)


@pytest.mark.parametrize("y, match", [
    ([np.zeros(2), np.zeros(2)], r"y\[1\] has 2 steps but sequence 'a' \(X's sequence "
                                 r"1\) has 3"),
    ([np.zeros(2)], "X has 2 sequences but y has 1 per-step target arrays"),
    ([np.zeros(2), np.zeros((3, 2))], r"y\[1\] has shape \(3, 2\) but y\[0\] has \(2,\)"),
    ([np.zeros(2), np.zeros((3, 1, 1))], r"y\[1\] has shape \(3, 1, 1\)"),
    ([np.zeros(2), np.array([0.0, np.nan, 0.0])], "y contains NaN at sequence 'a', time "
                                                  "1"),
])
def test_per_step_targets_that_do_not_fit(long_frame, y, match):
    with pytest.raises(ValueError, match=match):
        check_targets_for_sequences(check_sequences(long_frame), y)


def test_per_step_targets_indexed_like_x_are_aligned(long_frame):
    batch = check_sequences(long_frame)
    y_long = (long_frame["temp"] * 2).sample(frac=1.0, random_state=0)  # any row order
    y, mask = check_targets_for_sequences(batch, y_long)
    np.testing.assert_array_equal(y, [[20, 22, 0], [0, 2, 4]])
    np.testing.assert_array_equal(mask.sum(axis=1), [2, 3])
    with pytest.raises(ValueError, match=r"1 are missing from y \(\('a', 1\)\)"):
        check_targets_for_sequences(batch, y_long.drop(("a", 1)))


def test_per_step_multiindex_targets_need_pandas_x(rng, long_frame):
    batch = check_sequences([rng.normal(size=2), rng.normal(size=3)])
    with pytest.raises(ValueError, match="nothing to align y with"):
        check_targets_for_sequences(batch, long_frame["temp"])


def test_per_step_padded_array_is_masked(rng):
    batch = check_sequences([rng.normal(size=2), rng.normal(size=3)])
    y, mask = check_targets_for_sequences(batch, np.arange(6.0).reshape(2, 3),
                                          per_step=True)
    np.testing.assert_array_equal(y, [[0, 1, 0], [3, 4, 5]])
    with pytest.raises(ValueError, match=re.escape("= (2, 3[, n_outputs]), got (2, 4)")):
        check_targets_for_sequences(batch, np.zeros((2, 4)), per_step=True)


# --- layering -----------------------------------------------------------------------

def test_data_layer_never_imports_numba_or_lower_layers():
    package = Path(__file__).parents[1] / "skrnn" / "_data"
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert not name.startswith(("numba", "skrnn._kernels", "skrnn._network",
                                            "skrnn._jit")), f"{path.name} imports {name}"
