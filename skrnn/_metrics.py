"""Forecast accuracy metrics: MAE, RMSE, MAPE, sMAPE and MASE as plain functions.

Every metric is a function ``metric(y_true, y_pred, *, sample_weight=None,
multioutput="uniform_average")`` in the manner of `sklearn.metrics`: lower is better
and 0 is a perfect forecast. `mean_absolute_scaled_error` also needs the training
series, ``y_train``.

Conventions shared by all of them:

- **Shapes.** ``y_true`` and ``y_pred`` are arrays, lists, pandas Series or DataFrames
  of shape (n_steps,) or (n_steps, n_outputs): one row per forecast step, one column
  per output (series). They must have the same shape, except that (n_steps,) and
  (n_steps, 1) are both one output and may be mixed.
- **pandas.** Values are matched by position. Index and column labels are ignored:
  a Series is NOT aligned with another by its index, so reorder them first if their
  indexes differ.
- **Invalid input.** NaN, infinity, non-numeric values, empty input and mismatched
  shapes raise a ValueError that says which argument was wrong and where.
- **sample_weight** weights the steps: shape (n_steps,), non-negative, not all zero.
  Each output's error is the weighted mean over the steps.
- **multioutput** combines the outputs' errors: ``"raw_values"`` returns them all,
  an ndarray of shape (n_outputs,); ``"uniform_average"`` returns their mean; an
  array of shape (n_outputs,) returns their mean weighted by it (non-negative, not all
  zero; only the proportions matter). A single output always gives its own error.
- **Percentages are fractions**, as in scikit-learn: 0.05 means 5%.

`mean_absolute_error` and `root_mean_squared_error` give the same values as their
namesakes in `sklearn.metrics` (the tests check it); they are written here so that all
five metrics read and validate their input alike.
"""
import numbers

import numpy as np
import pandas as pd
from pandas.api import types as pd_types

__all__ = [
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_absolute_scaled_error",
    "root_mean_squared_error",
    "symmetric_mean_absolute_percentage_error",
]

_MULTIOUTPUT_OPTIONS = ("raw_values", "uniform_average")


# --- Input validation -----------------------------------------------------------------

def _is_real_dtype(dtype):
    """True for a pandas or numpy dtype of real numbers or booleans (nullable included)."""
    return pd_types.is_bool_dtype(dtype) or (
        pd_types.is_numeric_dtype(dtype) and not pd_types.is_complex_dtype(dtype))


def _to_float_array(name, values):
    """``values`` as a new float64 ndarray of any shape; ValueError if not real numbers.

    A pandas object of numeric columns goes through ``to_numpy`` so that the missing
    values of nullable dtypes (``pd.NA``) become NaN, and are reported as missing.
    """
    if isinstance(values, (pd.Series, pd.DataFrame)):
        dtypes = [values.dtype] if isinstance(values, pd.Series) else list(values.dtypes)
        if all(_is_real_dtype(dtype) for dtype in dtypes):
            return values.to_numpy(dtype=np.float64, na_value=np.nan)
    try:
        array = np.asarray(values)
    except ValueError as exc:  # ragged nested lists
        raise ValueError(f"{name} could not be read as an array: {exc}") from exc
    if array.dtype.kind in "biuf":
        return array.astype(np.float64)
    if array.dtype == object:
        try:
            return array.astype(np.float64)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{name} must hold real numbers: {exc}") from exc
    raise ValueError(f"{name} must hold real numbers, got values of dtype {array.dtype}.")


def _position(index, ndim):
    """How to name a position of an array given with ``ndim`` dimensions, in messages."""
    return f"index {index[0]}" if ndim == 1 else f"row {index[0]}, column {index[1]}"


def _check_series(name, values):
    """Validate one target; return it as float64 of shape (n_steps, n_outputs).

    Returns
    -------
    array : ndarray of shape (n_steps, n_outputs)
        A copy of the values; a 1-D input becomes one column.
    ndim : int
        Dimensions of the input (1 or 2), to name positions in later messages.
    """
    array = _to_float_array(name, values)
    shape = array.shape
    if array.ndim not in (1, 2):
        raise ValueError(f"{name} must be 1-D (n_steps,) or 2-D (n_steps, n_outputs), "
                         f"got shape {shape}.")
    if array.size == 0:
        raise ValueError(f"{name} is empty (shape {shape}): there is nothing to score.")
    ndim = array.ndim
    array = array.reshape(shape[0], -1)
    not_finite = ~np.isfinite(array)
    if not_finite.any():
        first = np.argwhere(not_finite)[0]
        raise ValueError(
            f"{name} contains NaN or infinity ({not_finite.sum()} value(s), the first at "
            f"{_position(first, ndim)}). Missing values are not supported: drop or "
            "impute those steps first.")
    return array, ndim


def _check_weights(name, weights, length, what):
    """Validate a 1-D array of ``length`` non-negative weights, not all zero."""
    weights = _to_float_array(name, weights)
    if weights.shape != (length,):
        raise ValueError(f"{name} must have shape ({length},), one weight per {what}, "
                         f"got shape {weights.shape}.")
    if not np.isfinite(weights).all():
        raise ValueError(f"{name} contains NaN or infinity.")
    if (weights < 0).any():
        raise ValueError(f"{name} must be non-negative, got {weights.min()} at index "
                         f"{int(np.argmin(weights))}.")
    if weights.sum() == 0:
        raise ValueError(f"{name} sums to 0, so there is no weighted mean to take.")
    return weights


def _check_targets(y_true, y_pred, sample_weight, multioutput):
    """Validate the arguments every metric takes.

    Returns
    -------
    y_true, y_pred : ndarray of shape (n_steps, n_outputs)
        float64 copies.
    sample_weight : ndarray of shape (n_steps,) or None
    multioutput : "raw_values", "uniform_average" or ndarray of shape (n_outputs,)
    ndim : int
        Dimensions of the given y_true (1 or 2), to name positions in messages.
    """
    true, ndim = _check_series("y_true", y_true)
    pred, _ = _check_series("y_pred", y_pred)
    if true.shape != pred.shape:
        raise ValueError(
            f"y_true and y_pred have different shapes: {np.shape(y_true)} and "
            f"{np.shape(y_pred)}. They must match position by position, as (n_steps,) "
            "or (n_steps, n_outputs).")
    n_steps, n_outputs = true.shape
    if sample_weight is not None:
        sample_weight = _check_weights("sample_weight", sample_weight, n_steps, "step")
    if multioutput is None or isinstance(multioutput, str):
        if multioutput not in _MULTIOUTPUT_OPTIONS:
            raise ValueError(
                f"multioutput must be one of {_MULTIOUTPUT_OPTIONS} or an array of "
                f"{n_outputs} output weight(s), got {multioutput!r}.")
    else:
        multioutput = _check_weights("multioutput", multioutput, n_outputs, "output")
    return true, pred, sample_weight, multioutput, ndim


def _combine(per_output, multioutput):
    """Combine each output's error as ``multioutput`` asks (see the module docstring)."""
    if isinstance(multioutput, str):
        if multioutput == "raw_values":
            return per_output
        multioutput = None
    return float(np.average(per_output, weights=multioutput))


def _mean_over_steps(errors, sample_weight):
    """Weighted mean of (n_steps, n_outputs) errors over the steps: shape (n_outputs,)."""
    return np.average(errors, axis=0, weights=sample_weight)


# --- Metrics --------------------------------------------------------------------------

def mean_absolute_error(y_true, y_pred, *, sample_weight=None,
                        multioutput="uniform_average"):
    """Mean absolute error: the mean of ``|y_true - y_pred|``.

    In the units of y; the same value as `sklearn.metrics.mean_absolute_error`.

    Parameters
    ----------
    y_true : array-like, Series or DataFrame of shape (n_steps,) or \
(n_steps, n_outputs)
        The observed values.
    y_pred : array-like, Series or DataFrame of shape (n_steps,) or \
(n_steps, n_outputs)
        The forecasts, matched to y_true by position.
    sample_weight : array-like of shape (n_steps,), default=None
        Non-negative weight of each step. None weighs all steps equally.
    multioutput : {"raw_values", "uniform_average"} or array-like of shape \
(n_outputs,), default="uniform_average"
        How to combine the outputs' errors: return them all, their mean, or their
        mean weighted by the given non-negative weights.

    Returns
    -------
    loss : float or ndarray of shape (n_outputs,)
        The error, or each output's error if ``multioutput="raw_values"``. 0 is best.

    See Also
    --------
    root_mean_squared_error : Weighs large errors more.
    mean_absolute_scaled_error : The same, relative to a naive forecast.

    Examples
    --------
    >>> from skrnn.metrics import mean_absolute_error
    >>> mean_absolute_error([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
    0.5
    >>> y_true = [[1.0, 10.0], [2.0, 20.0]]
    >>> y_pred = [[2.0, 10.0], [2.0, 30.0]]
    >>> mean_absolute_error(y_true, y_pred, multioutput="raw_values")
    array([0.5, 5. ])
    >>> mean_absolute_error(y_true, y_pred), mean_absolute_error(
    ...     y_true, y_pred, multioutput=[3, 1])
    (2.75, 1.625)
    """
    true, pred, sample_weight, multioutput, _ = _check_targets(
        y_true, y_pred, sample_weight, multioutput)
    return _combine(_mean_over_steps(np.abs(true - pred), sample_weight), multioutput)


def root_mean_squared_error(y_true, y_pred, *, sample_weight=None,
                            multioutput="uniform_average"):
    """Root mean squared error: the square root of the mean of ``(y_true - y_pred)**2``.

    In the units of y. Each output's RMSE is computed first and then the outputs are
    combined (so ``"uniform_average"`` is the mean of the RMSEs, not the root of the
    mean squared error), as in `sklearn.metrics.root_mean_squared_error`, which gives
    the same values.

    Parameters
    ----------
    y_true : array-like, Series or DataFrame of shape (n_steps,) or \
(n_steps, n_outputs)
        The observed values.
    y_pred : array-like, Series or DataFrame of shape (n_steps,) or \
(n_steps, n_outputs)
        The forecasts, matched to y_true by position.
    sample_weight : array-like of shape (n_steps,), default=None
        Non-negative weight of each step in the mean of the squared errors. None
        weighs all steps equally.
    multioutput : {"raw_values", "uniform_average"} or array-like of shape \
(n_outputs,), default="uniform_average"
        How to combine the outputs' RMSEs: return them all, their mean, or their
        mean weighted by the given non-negative weights.

    Returns
    -------
    loss : float or ndarray of shape (n_outputs,)
        The error, or each output's error if ``multioutput="raw_values"``. 0 is best.

    See Also
    --------
    mean_absolute_error : Weighs all errors in proportion to their size.

    Examples
    --------
    >>> from skrnn.metrics import root_mean_squared_error
    >>> root_mean_squared_error([1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 6.0])
    1.0
    >>> root_mean_squared_error([[0.0, 0.0], [0.0, 0.0]], [[3.0, 1.0], [3.0, -1.0]],
    ...                         multioutput="raw_values")
    array([3., 1.])
    """
    true, pred, sample_weight, multioutput, _ = _check_targets(
        y_true, y_pred, sample_weight, multioutput)
    squared = _mean_over_steps((true - pred) ** 2, sample_weight)
    return _combine(np.sqrt(squared), multioutput)


def mean_absolute_percentage_error(y_true, y_pred, *, sample_weight=None,
                                   multioutput="uniform_average"):
    """Mean absolute percentage error, as a fraction: the mean of ``|y - y_pred| / |y|``.

    0.05 means 5%; a forecast of 0 for every step scores 1, and there is no upper
    bound. As with `sklearn.metrics.mean_absolute_percentage_error`, which gives the
    same values when y_true has no zeros, the result is a fraction, not a percentage.

    **Zeros in y_true are an error.** The relative error of a step whose true value
    is 0 is infinite, so MAPE is undefined there. scikit-learn divides by machine
    epsilon instead, which turns one such step into a term near 1e15 that swamps the
    mean and silently decides any model comparison; here a ValueError says where the
    zeros are, whatever their sample weight. Use
    `symmetric_mean_absolute_percentage_error` or `mean_absolute_scaled_error` for
    series that touch zero (counts, intermittent demand). True values near zero are
    allowed, and give large (but correct) relative errors.

    Parameters
    ----------
    y_true : array-like, Series or DataFrame of shape (n_steps,) or \
(n_steps, n_outputs)
        The observed values, none of them 0.
    y_pred : array-like, Series or DataFrame of shape (n_steps,) or \
(n_steps, n_outputs)
        The forecasts, matched to y_true by position.
    sample_weight : array-like of shape (n_steps,), default=None
        Non-negative weight of each step. None weighs all steps equally.
    multioutput : {"raw_values", "uniform_average"} or array-like of shape \
(n_outputs,), default="uniform_average"
        How to combine the outputs' errors: return them all, their mean, or their
        mean weighted by the given non-negative weights.

    Returns
    -------
    loss : float or ndarray of shape (n_outputs,)
        The error as a fraction, or each output's error if
        ``multioutput="raw_values"``. 0 is best.

    Raises
    ------
    ValueError
        If y_true contains a zero, or for any invalid input.

    See Also
    --------
    symmetric_mean_absolute_percentage_error : Bounded, and defined at zero.

    Examples
    --------
    Relative errors of 100%, 50%, 25% and 0%:

    >>> from skrnn.metrics import mean_absolute_percentage_error
    >>> mean_absolute_percentage_error([1.0, 2.0, 4.0, 8.0], [2.0, 1.0, 5.0, 8.0])
    0.4375
    >>> mean_absolute_percentage_error([1.0, 0.0], [1.0, 0.5])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: mean_absolute_percentage_error is undefined when y_true is 0: ...
    """
    true, pred, sample_weight, multioutput, ndim = _check_targets(
        y_true, y_pred, sample_weight, multioutput)
    zero = true == 0
    if zero.any():
        first = np.argwhere(zero)[0]
        raise ValueError(
            "mean_absolute_percentage_error is undefined when y_true is 0: y_true has "
            f"{zero.sum()} zero(s), the first at {_position(first, ndim)}. Use "
            "symmetric_mean_absolute_percentage_error or mean_absolute_scaled_error, "
            "or leave out those steps.")
    relative = np.abs(true - pred) / np.abs(true)
    return _combine(_mean_over_steps(relative, sample_weight), multioutput)


def symmetric_mean_absolute_percentage_error(y_true, y_pred, *, sample_weight=None,
                                             multioutput="uniform_average"):
    """Symmetric MAPE (the M4 competition's), as a fraction between 0 and 2.

    The mean over the steps of ``2 * |y - y_pred| / (|y| + |y_pred|)``. A step where
    both the true and the predicted value are 0 is a perfect forecast and counts as
    0 (the formula would give 0/0). Any other step where one of the two is 0 counts
    as 2, the worst. Multiply by 100 for the percentage the M4 competition reports.

    Parameters
    ----------
    y_true : array-like, Series or DataFrame of shape (n_steps,) or \
(n_steps, n_outputs)
        The observed values.
    y_pred : array-like, Series or DataFrame of shape (n_steps,) or \
(n_steps, n_outputs)
        The forecasts, matched to y_true by position.
    sample_weight : array-like of shape (n_steps,), default=None
        Non-negative weight of each step. None weighs all steps equally.
    multioutput : {"raw_values", "uniform_average"} or array-like of shape \
(n_outputs,), default="uniform_average"
        How to combine the outputs' errors: return them all, their mean, or their
        mean weighted by the given non-negative weights.

    Returns
    -------
    loss : float or ndarray of shape (n_outputs,)
        The error, between 0 (best) and 2, or each output's error if
        ``multioutput="raw_values"``.

    See Also
    --------
    mean_absolute_percentage_error : Relative to the true value alone.

    References
    ----------
    Makridakis, S., Spiliotis, E. and Assimakopoulos, V. (2020). The M4 Competition:
    100,000 time series and 61 forecasting methods. International Journal of
    Forecasting, 36(1), 54-74.

    Examples
    --------
    Step errors of 1 (3 for 1), 0, 0 (0 for 0) and 1 (1 for 3):

    >>> from skrnn.metrics import symmetric_mean_absolute_percentage_error
    >>> symmetric_mean_absolute_percentage_error([1.0, 2.0, 0.0, 3.0],
    ...                                          [3.0, 2.0, 0.0, 1.0])
    0.5
    >>> symmetric_mean_absolute_percentage_error([0.0], [5.0])
    2.0
    """
    true, pred, sample_weight, multioutput, _ = _check_targets(
        y_true, y_pred, sample_weight, multioutput)
    denominator = np.abs(true) + np.abs(pred)
    # where the denominator is 0, both values are 0 and the term keeps its 0
    terms = np.divide(2.0 * np.abs(true - pred), denominator,
                      out=np.zeros_like(denominator), where=denominator > 0)
    return _combine(_mean_over_steps(terms, sample_weight), multioutput)


def mean_absolute_scaled_error(y_true, y_pred, *, y_train, sp=1, sample_weight=None,
                               multioutput="uniform_average"):
    """Mean absolute scaled error: MAE relative to a seasonal naive forecast in-sample.

    For each output, the MAE of the forecast divided by the mean absolute error of the
    seasonal naive forecast ``y_train[t - sp]`` over ``y_train``:
    ``scale = mean(|y_train[t] - y_train[t - sp]|)`` for t from sp to n_train - 1
    (Hyndman and Koehler, 2006; the M4 competition's MASE). Below 1, the forecast
    beats the naive one-step forecast on average; the value does not depend on the
    units of y, so errors of different series can be averaged.

    ``sample_weight`` weighs the forecast steps only; the scale is always the plain
    mean over ``y_train``. With ``multioutput``, each output is scaled by its own
    column of y_train before the outputs are combined.

    Parameters
    ----------
    y_true : array-like, Series or DataFrame of shape (n_steps,) or \
(n_steps, n_outputs)
        The observed values.
    y_pred : array-like, Series or DataFrame of shape (n_steps,) or \
(n_steps, n_outputs)
        The forecasts, matched to y_true by position.
    y_train : array-like, Series or DataFrame of shape (n_train,) or \
(n_train, n_outputs)
        The series the forecaster was trained on (the in-sample history), in time
        order, with as many outputs as y_true and at least ``sp + 1`` steps.
    sp : int, default=1
        Seasonal period of the naive forecast: 1 for the last value, 12 for the value
        a year before in monthly data.
    sample_weight : array-like of shape (n_steps,), default=None
        Non-negative weight of each forecast step. None weighs all steps equally.
    multioutput : {"raw_values", "uniform_average"} or array-like of shape \
(n_outputs,), default="uniform_average"
        How to combine the outputs' errors: return them all, their mean, or their
        mean weighted by the given non-negative weights.

    Returns
    -------
    loss : float or ndarray of shape (n_outputs,)
        The scaled error, or each output's error if ``multioutput="raw_values"``.
        0 is best.

    Raises
    ------
    ValueError
        If y_train has ``sp`` steps or fewer, if the naive forecast is exact on
        y_train for some output (a scale of 0, e.g. a constant series), or for any
        invalid input.

    See Also
    --------
    mean_absolute_error : The numerator, in the units of y.

    References
    ----------
    Hyndman, R. J. and Koehler, A. B. (2006). Another look at measures of forecast
    accuracy. International Journal of Forecasting, 22(4), 679-688.

    Examples
    --------
    The naive forecast's in-sample MAE on y_train is mean(2, 1, 2, 1) = 1.5 for
    ``sp=1`` and mean(1, 1, 1) = 1 for ``sp=2``; the forecast's MAE is 1.5:

    >>> from skrnn.metrics import mean_absolute_scaled_error
    >>> y_train = [1.0, 3.0, 2.0, 4.0, 3.0]
    >>> mean_absolute_scaled_error([5.0, 6.0], [4.0, 8.0], y_train=y_train)
    1.0
    >>> mean_absolute_scaled_error([5.0, 6.0], [4.0, 8.0], y_train=y_train, sp=2)
    1.5
    """
    true, pred, sample_weight, multioutput, _ = _check_targets(
        y_true, y_pred, sample_weight, multioutput)
    if not isinstance(sp, numbers.Integral) or isinstance(sp, bool) or sp < 1:
        raise ValueError(f"sp must be a positive integer (the seasonal period), "
                         f"got {sp!r}.")
    sp = int(sp)
    train, train_ndim = _check_series("y_train", y_train)
    if train.shape[1] != true.shape[1]:
        raise ValueError(
            f"y_train has {train.shape[1]} output(s) (shape {np.shape(y_train)}) but "
            f"y_true has {true.shape[1]} (shape {np.shape(y_true)}); each output is "
            "scaled by its own training series.")
    if train.shape[0] <= sp:
        raise ValueError(
            f"y_train has {train.shape[0]} step(s), too few for the seasonal naive "
            f"forecast with sp={sp}: it needs at least sp + 1 = {sp + 1}.")
    scale = np.mean(np.abs(train[sp:] - train[:-sp]), axis=0)
    if (scale == 0).any():
        outputs = np.flatnonzero(scale == 0).tolist()
        where = "" if train_ndim == 1 else f" for output(s) {outputs}"
        raise ValueError(
            f"The seasonal naive forecast (sp={sp}) is exact on y_train{where}: "
            f"y_train[t] == y_train[t - {sp}] at every step, so its in-sample MAE, the "
            "scale of MASE, is 0 and the scaled error is undefined.")
    mae = _mean_over_steps(np.abs(true - pred), sample_weight)
    return _combine(mae / scale, multioutput)
