"""skrnn.metrics: hand-computed values, scikit-learn where the metrics overlap, loop
references on random data, multioutput and sample_weight, pandas input, the edge cases
of each metric and the error messages."""
import re

import numpy as np
import pandas as pd
import pytest
from sklearn import metrics as sk_metrics

from skrnn.metrics import (mean_absolute_error, mean_absolute_percentage_error,
                           mean_absolute_scaled_error, root_mean_squared_error,
                           symmetric_mean_absolute_percentage_error)

METRICS = [mean_absolute_error, root_mean_squared_error, mean_absolute_percentage_error,
           symmetric_mean_absolute_percentage_error, mean_absolute_scaled_error]
SKLEARN_TWINS = [(mean_absolute_error, sk_metrics.mean_absolute_error),
                 (root_mean_squared_error, sk_metrics.root_mean_squared_error),
                 (mean_absolute_percentage_error,
                  sk_metrics.mean_absolute_percentage_error)]


def score(metric, y_true, y_pred, y_train=None, **kwargs):
    """Call any metric. MASE gets ``y_train``, by default one of the width of y_true
    whose columns step by 1, so its scale is 1 and MASE equals MAE; the others never."""
    if metric is not mean_absolute_scaled_error:
        return metric(y_true, y_pred, **kwargs)
    if y_train is None:
        y_train = np.arange(6.0)
        if np.ndim(y_true) == 2:
            y_train = np.tile(y_train[:, None], (1, np.shape(y_true)[1]))
    return metric(y_true, y_pred, y_train=y_train, **kwargs)


# --- Loop references: one step at a time, as the definitions read ---------------------

def naive_per_output(step_error, y_true, y_pred, sample_weight=None):
    """Each output's weighted mean of ``step_error(true, pred)`` over the steps."""
    n_steps, n_outputs = y_true.shape
    weights = np.ones(n_steps) if sample_weight is None else sample_weight
    result = []
    for j in range(n_outputs):
        total = sum(weights[i] * step_error(y_true[i, j], y_pred[i, j])
                    for i in range(n_steps))
        result.append(total / sum(weights))
    return np.array(result)


def naive_smape_term(true, pred):
    if true == 0 and pred == 0:
        return 0.0
    return 2 * abs(true - pred) / (abs(true) + abs(pred))


def naive_mase(y_true, y_pred, y_train, sp, sample_weight=None):
    mae = naive_per_output(lambda t, p: abs(t - p), y_true, y_pred, sample_weight)
    scale = []
    for j in range(y_train.shape[1]):
        diffs = [abs(y_train[t, j] - y_train[t - sp, j]) for t in range(sp, len(y_train))]
        scale.append(sum(diffs) / len(diffs))
    return mae / np.array(scale)


@pytest.fixture
def data():
    """Positive targets (so MAPE is defined) of 3 outputs, weights and a training set."""
    rng = np.random.default_rng(0)
    y_true = rng.uniform(0.5, 5.0, size=(9, 3))
    y_pred = y_true + rng.normal(size=(9, 3))
    return y_true, y_pred, rng.uniform(0.1, 2.0, size=9), rng.normal(size=(20, 3))


# --- Hand-computed values ---------------------------------------------------------------

def test_mean_absolute_error_by_hand():
    assert mean_absolute_error([3, -0.5, 2, 7], [2.5, 0, 2, 8]) == 0.5  # (.5+.5+0+1)/4
    assert mean_absolute_error([1.0], [1.0]) == 0.0


def test_root_mean_squared_error_by_hand():
    assert root_mean_squared_error([1, 2, 3, 4], [1, 2, 3, 6]) == 1.0  # sqrt(4/4)
    assert root_mean_squared_error([0, 0, 0, 0], [4, 0, 0, 0]) == 2.0  # sqrt(16/4)
    # the mean of each output's RMSE (3 and 1), not the root of the pooled MSE (sqrt 5)
    assert root_mean_squared_error([[0, 0], [0, 0]], [[3, 1], [3, -1]]) == 2.0


def test_mean_absolute_percentage_error_by_hand():
    # relative errors 1, 1/2, 1/4, 0: a fraction, not a percentage
    assert mean_absolute_percentage_error([1, 2, 4, 8], [2, 1, 5, 8]) == 0.4375
    # the sign of y_true does not matter; a forecast of 0 scores 1
    assert mean_absolute_percentage_error([-2, -4], [-1, -5]) == 0.375  # (1/2+1/4)/2
    assert mean_absolute_percentage_error([3, -7], [0, 0]) == 1.0


def test_symmetric_mean_absolute_percentage_error_by_hand():
    # 2*2/4, 0, 0/0 counted as 0, 2*2/4
    assert symmetric_mean_absolute_percentage_error([1, 2, 0, 3], [3, 2, 0, 1]) == 0.5
    assert symmetric_mean_absolute_percentage_error([1, 3], [3, 1]) == 1.0
    # symmetric in its arguments, unlike MAPE
    assert symmetric_mean_absolute_percentage_error([3, 1], [1, 3]) == 1.0


def test_smape_bounds_and_zero_terms():
    # a zero against a non-zero is the worst term, 2, whatever the magnitude
    assert symmetric_mean_absolute_percentage_error([0.0], [5.0]) == 2.0
    assert symmetric_mean_absolute_percentage_error([1e-300], [0.0]) == 2.0
    assert symmetric_mean_absolute_percentage_error([1, -1], [-1, 1]) == 2.0
    # all zeros: a perfect forecast, not NaN
    assert symmetric_mean_absolute_percentage_error([0, 0], [0, 0]) == 0.0
    # 0/0 counts as a 0 term in the mean, not as a step left out: (0 + 2) / 2
    assert symmetric_mean_absolute_percentage_error([0, 0], [0, 4]) == 1.0


def test_mean_absolute_scaled_error_by_hand():
    y_train = [1.0, 3.0, 2.0, 4.0, 3.0]
    # forecast MAE (1 + 2) / 2 = 1.5; naive MAE mean(2, 1, 2, 1) = 1.5 at sp=1,
    # mean(|2-1|, |4-3|, |3-2|) = 1 at sp=2, mean(|4-1|, |3-3|) = 1.5 at sp=3
    assert mean_absolute_scaled_error([5, 6], [4, 8], y_train=y_train) == 1.0
    assert mean_absolute_scaled_error([5, 6], [4, 8], y_train=y_train, sp=2) == 1.5
    assert mean_absolute_scaled_error([5, 6], [4, 8], y_train=y_train, sp=3) == 1.0
    # the largest sp the history allows: one difference, |3 - 1| = 2
    assert mean_absolute_scaled_error([5, 6], [4, 8], y_train=y_train, sp=4) == 0.75
    assert mean_absolute_scaled_error([5, 6], [5, 6], y_train=y_train) == 0.0


def test_mase_sp_accepts_numpy_integers():
    y_train = [1.0, 3.0, 2.0, 4.0, 3.0]
    assert mean_absolute_scaled_error([5], [4], y_train=y_train, sp=np.int64(2)) == 1.0


# --- Against scikit-learn and the loop references -----------------------------------

@pytest.mark.parametrize("ours, theirs", SKLEARN_TWINS)
@pytest.mark.parametrize("multioutput", ["raw_values", "uniform_average", [0.2, 0.5, 0.3]])
@pytest.mark.parametrize("weighted", [False, True])
def test_matches_sklearn(data, ours, theirs, multioutput, weighted):
    y_true, y_pred, sample_weight, _ = data
    sample_weight = sample_weight if weighted else None
    expected = theirs(y_true, y_pred, sample_weight=sample_weight, multioutput=multioutput)
    actual = ours(y_true, y_pred, sample_weight=sample_weight, multioutput=multioutput)
    np.testing.assert_allclose(actual, expected, rtol=1e-12)
    # the 1-D case too
    np.testing.assert_allclose(ours(y_true[:, 0], y_pred[:, 0]),
                               theirs(y_true[:, 0], y_pred[:, 0]), rtol=1e-12)


@pytest.mark.parametrize("metric, step_error", [
    (mean_absolute_error, lambda t, p: abs(t - p)),
    (mean_absolute_percentage_error, lambda t, p: abs(t - p) / abs(t)),
    (symmetric_mean_absolute_percentage_error, naive_smape_term),
])
@pytest.mark.parametrize("weighted", [False, True])
def test_matches_loop_reference(data, metric, step_error, weighted):
    y_true, y_pred, sample_weight, _ = data
    y_pred[0, 0], y_true[1, 1], y_pred[1, 1] = 0.0, 0.0, 0.0  # sMAPE's 2 and 0/0 terms
    if metric is mean_absolute_percentage_error:
        y_true[1, 1] = 1.0
    sample_weight = sample_weight if weighted else None
    expected = naive_per_output(step_error, y_true, y_pred, sample_weight)
    np.testing.assert_allclose(
        metric(y_true, y_pred, sample_weight=sample_weight, multioutput="raw_values"),
        expected, rtol=1e-12)


@pytest.mark.parametrize("sp", [1, 2, 7])
@pytest.mark.parametrize("weighted", [False, True])
def test_mase_matches_loop_reference(data, sp, weighted):
    y_true, y_pred, sample_weight, y_train = data
    sample_weight = sample_weight if weighted else None
    expected = naive_mase(y_true, y_pred, y_train, sp, sample_weight)
    actual = mean_absolute_scaled_error(y_true, y_pred, y_train=y_train, sp=sp,
                                        sample_weight=sample_weight,
                                        multioutput="raw_values")
    np.testing.assert_allclose(actual, expected, rtol=1e-12)
    assert mean_absolute_scaled_error(
        y_true, y_pred, y_train=y_train, sp=sp, sample_weight=sample_weight
    ) == pytest.approx(expected.mean(), rel=1e-12)


def test_mase_is_mae_over_the_naive_mae(data):
    """MASE is unit-free: MAE / (naive MAE), and rescaling all three series keeps it."""
    y_true, y_pred, _, y_train = data
    naive_mae = sk_metrics.mean_absolute_error(y_train[1:], y_train[:-1],
                                               multioutput="raw_values")
    mae = sk_metrics.mean_absolute_error(y_true, y_pred, multioutput="raw_values")
    mase = mean_absolute_scaled_error(y_true, y_pred, y_train=y_train,
                                      multioutput="raw_values")
    np.testing.assert_allclose(mase, mae / naive_mae, rtol=1e-12)
    rescaled = mean_absolute_scaled_error(1000 * y_true, 1000 * y_pred,
                                          y_train=1000 * y_train, multioutput="raw_values")
    np.testing.assert_allclose(rescaled, mase, rtol=1e-12)


# --- multioutput and sample_weight ---------------------------------------------------

def test_multioutput_modes_by_hand():
    y_true = [[1.0, 10.0], [2.0, 20.0]]
    y_pred = [[2.0, 10.0], [2.0, 30.0]]  # absolute errors [[1, 0], [0, 10]]
    raw = mean_absolute_error(y_true, y_pred, multioutput="raw_values")
    assert isinstance(raw, np.ndarray) and raw.shape == (2,)
    np.testing.assert_array_equal(raw, [0.5, 5.0])
    assert mean_absolute_error(y_true, y_pred) == 2.75
    assert mean_absolute_error(y_true, y_pred, multioutput=[3, 1]) == 1.625
    # only the proportions of the weights matter; a zero weight drops an output
    assert mean_absolute_error(y_true, y_pred, multioutput=[6, 2]) == 1.625
    assert mean_absolute_error(y_true, y_pred, multioutput=[2, 2]) == 2.75
    assert mean_absolute_error(y_true, y_pred, multioutput=np.array([0, 1])) == 5.0


def test_sample_weight_by_hand():
    y_true = [[1.0, 10.0], [2.0, 20.0]]
    y_pred = [[2.0, 10.0], [2.0, 30.0]]  # absolute errors [[1, 0], [0, 10]]
    np.testing.assert_array_equal(
        mean_absolute_error(y_true, y_pred, sample_weight=[1, 3],
                            multioutput="raw_values"), [0.25, 7.5])
    # a zero weight leaves a step out; equal weights are no weights
    assert mean_absolute_error([1, 2, 3], [2, 2, 100], sample_weight=[1, 1, 0]) == 0.5
    assert mean_absolute_error([1, 2], [2, 2], sample_weight=[5, 5]) == 0.5
    # RMSE weighs the squared errors: sqrt((1*0 + 3*16) / 4) = sqrt(12)
    assert root_mean_squared_error([0, 0], [0, 4], sample_weight=[1, 3]) == np.sqrt(12)
    assert symmetric_mean_absolute_percentage_error(
        [1, 0], [3, 5], sample_weight=[3, 1]) == 1.25  # (3*1 + 1*2) / 4
    # MASE weighs the forecast steps only, never y_train: (3*1 + 1*2) / 4 / 1.5
    assert mean_absolute_scaled_error([5, 6], [4, 8], y_train=[1, 3, 2, 4, 3],
                                      sample_weight=[3, 1]) == pytest.approx(1.25 / 1.5)


@pytest.mark.parametrize("metric", METRICS)
def test_return_types(metric):
    y_true, y_pred = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [[1.5, 2.0], [3.0, 4.5], [5, 7]]
    assert type(score(metric, y_true, y_pred)) is float
    assert type(score(metric, y_true, y_pred, multioutput=[1, 2])) is float
    raw = score(metric, y_true, y_pred, multioutput="raw_values")
    assert isinstance(raw, np.ndarray) and raw.shape == (2,) and raw.dtype == np.float64
    # one output: raw_values is an array of one error, a weight of one is allowed
    raw = score(metric, [1.0, 2.0], [1.5, 2.0], multioutput="raw_values")
    assert raw.shape == (1,)
    assert score(metric, [1.0, 2.0], [1.5, 2.0], multioutput=[4]) == raw[0]


@pytest.mark.parametrize("metric", METRICS)
def test_one_dimensional_equals_one_column(metric):
    y_true, y_pred = np.array([1.0, 2.0, 4.0]), np.array([2.0, 2.0, 3.0])
    expected = score(metric, y_true, y_pred)
    column_true, column_pred = y_true[:, None], y_pred[:, None]
    assert score(metric, column_true, column_pred) == expected
    assert score(metric, y_true, column_pred) == expected
    assert score(metric, column_true, y_pred) == expected


@pytest.mark.parametrize("metric", METRICS)
def test_perfect_forecast_scores_zero(metric):
    y = np.array([[1.0, -2.0], [3.0, 4.0], [0.5, 6.0]])
    assert score(metric, y, y.copy()) == 0.0


@pytest.mark.parametrize("metric", METRICS)
def test_integer_and_list_input_and_inputs_left_alone(metric):
    y_true, y_pred = np.array([1, 2, 4]), np.array([2, 2, 3])
    before = y_true.copy(), y_pred.copy()
    expected = score(metric, y_true.astype(float), y_pred.astype(float))
    assert score(metric, y_true, y_pred) == expected
    assert score(metric, y_true.tolist(), tuple(y_pred)) == expected
    assert score(metric, y_true.astype(np.float32), y_pred) == expected
    np.testing.assert_array_equal(y_true, before[0])
    np.testing.assert_array_equal(y_pred, before[1])


# --- pandas ----------------------------------------------------------------------------

@pytest.mark.parametrize("metric", METRICS)
def test_pandas_input_is_read_by_position(metric):
    y_true = np.array([[1.0, 10.0], [2.0, 20.0], [4.0, 5.0]])
    y_pred = np.array([[2.0, 10.0], [2.0, 30.0], [3.0, 6.0]])
    expected = score(metric, y_true, y_pred, multioutput="raw_values")
    # different indexes and column names: matched by position, never aligned by label
    frame_true = pd.DataFrame(y_true, index=[10, 11, 12], columns=["a", "b"])
    frame_pred = pd.DataFrame(y_pred, index=[12, 11, 10], columns=["b", "c"])
    np.testing.assert_array_equal(
        score(metric, frame_true, frame_pred, multioutput="raw_values"), expected)
    series_true = pd.Series(y_true[:, 0], index=pd.date_range("2024", periods=3))
    series_pred = pd.Series(y_pred[:, 0], index=[2, 1, 0])
    assert score(metric, series_true, series_pred) == expected[0]
    assert score(metric, series_true, y_pred[:, :1]) == expected[0]
    assert score(metric, series_true, series_pred,
                 sample_weight=pd.Series([1.0, 1.0, 1.0], index=[5, 6, 7])) == expected[0]


def test_pandas_y_train_and_nullable_dtypes():
    y_train = pd.Series([1, 3, 2, 4, 3], dtype="Int64")
    assert mean_absolute_scaled_error(pd.Series([5, 6], dtype="Int64"),
                                      pd.Series([4.0, 8.0], dtype="Float64"),
                                      y_train=y_train) == 1.0
    assert mean_absolute_error(pd.Series([True, False]), [1.0, 1.0]) == 0.5


def test_pandas_missing_values_are_reported():
    y_true = pd.Series([1.0, 2.0, 3.0], dtype="Float64")
    y_true[1] = pd.NA
    with pytest.raises(ValueError, match=r"y_true contains NaN or infinity \(1 value\(s\), "
                                         r"the first at index 1\)"):
        mean_absolute_error(y_true, [1.0, 2.0, 3.0])
    frame = pd.DataFrame({"a": [1.0, 2.0], "b": [np.nan, 1.0]})
    with pytest.raises(ValueError, match="y_pred contains NaN.*at row 0, column 1"):
        mean_absolute_error([[1, 1], [1, 1]], frame)


def test_pandas_non_numeric_is_an_error():
    with pytest.raises(ValueError, match="y_true must hold real numbers.*'x'"):
        mean_absolute_error(pd.DataFrame({"a": [1.0, 2.0], "b": ["x", "y"]}),
                            [[1, 1], [1, 1]])
    with pytest.raises(ValueError, match="y_pred must hold real numbers, got values of "
                                         "dtype datetime64"):
        mean_absolute_error([1, 2], pd.Series(pd.date_range("2024", periods=2)))


# --- Zeros in y_true (MAPE) and y_train (MASE) ---------------------------------------

def test_mape_zero_in_y_true_is_an_error():
    match = ("mean_absolute_percentage_error is undefined when y_true is 0: y_true has "
             r"2 zero\(s\), the first at index 1\. Use symmetric_mean_absolute_percentage")
    with pytest.raises(ValueError, match=match):
        mean_absolute_percentage_error([1.0, 0.0, 2.0, -0.0], [1.0, 0.5, 2.0, 1.0])
    # however the step is weighted, and even when the forecast is exact
    with pytest.raises(ValueError, match="undefined when y_true is 0"):
        mean_absolute_percentage_error([1.0, 0.0], [1.0, 0.0], sample_weight=[1, 0])
    with pytest.raises(ValueError, match=r"the first at row 1, column 0\."):
        mean_absolute_percentage_error([[1.0, 1.0], [0.0, 1.0]], [[1, 1], [1, 1]])
    # a zero in y_pred is fine
    assert mean_absolute_percentage_error([2.0], [0.0]) == 1.0


def test_mape_near_zero_is_large_but_exact():
    assert mean_absolute_percentage_error([1e-8], [1.0]) == pytest.approx(1e8 - 1)


def test_mase_y_train_too_short():
    match = (r"y_train has 2 step\(s\), too few for the seasonal naive forecast with "
             r"sp=2: it needs at least sp \+ 1 = 3\.")
    with pytest.raises(ValueError, match=match):
        mean_absolute_scaled_error([1.0], [2.0], y_train=[1.0, 2.0], sp=2)
    with pytest.raises(ValueError, match="y_train has 1 step"):
        mean_absolute_scaled_error([1.0], [2.0], y_train=[1.0])
    with pytest.raises(ValueError, match=re.escape("y_train is empty (shape (0,))")):
        mean_absolute_scaled_error([1.0], [2.0], y_train=[])


def test_mase_zero_scale():
    match = (r"The seasonal naive forecast \(sp=1\) is exact on y_train: "
             r"y_train\[t\] == y_train\[t - 1\] at every step.*scale of MASE, is 0")
    with pytest.raises(ValueError, match=match):
        mean_absolute_scaled_error([1.0], [2.0], y_train=[3.0, 3.0, 3.0])
    # periodic with period sp: the seasonal naive forecast is exact
    with pytest.raises(ValueError, match=r"\(sp=2\) is exact"):
        mean_absolute_scaled_error([1.0], [2.0], y_train=[1.0, 5.0, 1.0, 5.0], sp=2)
    # but the same series has a scale at sp=1: |5-1| = 4
    assert mean_absolute_scaled_error([1.0], [2.0], y_train=[1.0, 5.0, 1.0, 5.0]) == 0.25
    # the outputs at fault are named
    y_train = [[1.0, 2.0, 7.0], [2.0, 2.0, 7.0], [3.0, 2.0, 7.0]]
    with pytest.raises(ValueError, match=r"exact on y_train for output\(s\) \[1, 2\]"):
        mean_absolute_scaled_error([[1, 1, 1]], [[2, 2, 2]], y_train=y_train)


@pytest.mark.parametrize("sp", [0, -1, 1.0, 1.5, "1", True, None])
def test_mase_invalid_sp(sp):
    with pytest.raises(ValueError, match=r"sp must be a positive integer \(the seasonal "
                                         rf"period\), got {re.escape(repr(sp))}\."):
        mean_absolute_scaled_error([1.0], [2.0], y_train=[1.0, 2.0, 4.0], sp=sp)


def test_mase_y_train_outputs_must_match():
    match = (r"y_train has 1 output\(s\) \(shape \(3,\)\) but y_true has 2 \(shape "
             r"\(1, 2\)\); each output is scaled by its own training series\.")
    with pytest.raises(ValueError, match=match):
        mean_absolute_scaled_error([[1.0, 2.0]], [[1.0, 2.0]], y_train=[1.0, 2.0, 4.0])
    with pytest.raises(ValueError, match="y_train contains NaN or infinity"):
        mean_absolute_scaled_error([1.0], [2.0], y_train=[1.0, np.nan, 4.0])


def test_mase_requires_y_train():
    with pytest.raises(TypeError, match="y_train"):
        mean_absolute_scaled_error([1.0], [2.0])


# --- Errors shared by every metric -----------------------------------------------------

@pytest.mark.parametrize("metric", METRICS)
@pytest.mark.parametrize("y_true, y_pred, match", [
    ([1.0, 2.0, 3.0], [1.0, 2.0], r"y_true and y_pred have different shapes: \(3,\) and "
                                  r"\(2,\)\. They must match position by position"),
    ([[1.0, 2.0]], [[1.0], [2.0]], r"different shapes: \(1, 2\) and \(2, 1\)"),
    ([1.0, 2.0], [[1.0, 2.0]], r"different shapes: \(2,\) and \(1, 2\)"),
    ([1.0, np.nan], [1.0, 2.0], r"y_true contains NaN or infinity \(1 value\(s\), the "
                                r"first at index 1\)\. Missing values are not supported"),
    ([1.0, 2.0], [np.inf, -np.inf], r"y_pred contains NaN or infinity \(2 value\(s\), "
                                    r"the first at index 0\)"),
    ([[1.0, 2.0], [3.0, 4.0]], [[1.0, 2.0], [3.0, np.nan]],
     r"y_pred contains NaN.*at row 1, column 1\)"),
    ([1.0, None], [1.0, 2.0], r"y_true contains NaN or infinity \(1 value\(s\)"),
    ([1.0, {}], [1.0, 2.0], "y_true must hold real numbers"),
    ([], [], re.escape("y_true is empty (shape (0,)): there is nothing to score.")),
    (np.empty((3, 0)), np.empty((3, 0)), re.escape("y_true is empty (shape (3, 0))")),
    ([1.0], [], re.escape("y_pred is empty (shape (0,))")),
    (np.ones((2, 2, 1)), np.ones((2, 2, 1)), r"y_true must be 1-D \(n_steps,\) or 2-D "
                                             r"\(n_steps, n_outputs\), got shape "
                                             r"\(2, 2, 1\)\."),
    (1.0, 1.0, r"y_true must be 1-D .* got shape \(\)\."),
    ([1.0, 2.0], ["a", "b"], "y_pred must hold real numbers, got values of dtype <U1"),
    ([1.0, 2.0], [1 + 1j, 2.0], "y_pred must hold real numbers, got values of dtype "
                                "complex128"),
    ([[1.0, 2.0], [3.0]], [1.0, 2.0], "y_true could not be read as an array"),
])
def test_invalid_targets(metric, y_true, y_pred, match):
    with pytest.raises(ValueError, match=match):
        score(metric, y_true, y_pred, y_train=[1.0, 2.0, 4.0])


@pytest.mark.parametrize("metric", METRICS)
@pytest.mark.parametrize("sample_weight, match", [
    ([1.0, 1.0], r"sample_weight must have shape \(3,\), one weight per step, got "
                 r"shape \(2,\)\."),
    ([[1.0], [1.0], [1.0]], r"sample_weight must have shape \(3,\).*got shape \(3, 1\)"),
    (2.0, r"sample_weight must have shape \(3,\).*got shape \(\)"),
    ([1.0, np.nan, 1.0], "sample_weight contains NaN or infinity."),
    ([1.0, -0.5, 1.0], r"sample_weight must be non-negative, got -0\.5 at index 1\."),
    ([0, 0, 0], "sample_weight sums to 0, so there is no weighted mean to take."),
    (["a", "b", "c"], "sample_weight must hold real numbers"),
])
def test_invalid_sample_weight(metric, sample_weight, match):
    with pytest.raises(ValueError, match=match):
        score(metric, [1.0, 2.0, 3.0], [1.0, 2.0, 4.0], sample_weight=sample_weight)


@pytest.mark.parametrize("metric", METRICS)
@pytest.mark.parametrize("multioutput, match", [
    ("variance_weighted", r"multioutput must be one of \('raw_values', "
                          r"'uniform_average'\) or an array of 2 output weight\(s\), "
                          r"got 'variance_weighted'\."),
    ([1.0, 2.0, 3.0], r"multioutput must have shape \(2,\), one weight per output, got "
                      r"shape \(3,\)\."),
    ([1.0, -1.0], "multioutput must be non-negative"),
    ([0.0, 0.0], "multioutput sums to 0"),
    ([1.0, np.inf], "multioutput contains NaN or infinity"),
    (None, r"multioutput must be one of .* got None\."),
    (["a", "b"], "multioutput must hold real numbers"),
])
def test_invalid_multioutput(metric, multioutput, match):
    with pytest.raises(ValueError, match=match):
        score(metric, [[1.0, 2.0], [3.0, 4.0]], [[1.0, 2.0], [3.0, 5.0]],
              multioutput=multioutput)


def test_one_output_with_two_weights_is_an_error():
    with pytest.raises(ValueError, match=r"multioutput must have shape \(1,\)"):
        mean_absolute_error([1.0, 2.0], [1.0, 3.0], multioutput=[0.5, 0.5])
