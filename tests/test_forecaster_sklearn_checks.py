"""scikit-learn's estimator checks for RNNForecaster, on small settings.

The checks feed 2-D arrays: for the forecaster that is one series of n_timesteps rows
and n_columns targets. Four checks encode assumptions that are false for a forecaster,
so they are expected to fail, each for the reason written next to it.
"""
from sklearn.utils.estimator_checks import parametrize_with_checks

from skrnn import RNNForecaster

ROWS_ARE_TIME = (
    "For an array, row i of X at predict is forecast step i + 1: rows are ordered time "
    "steps of one series, not independent samples, so permuting or subsetting them asks "
    "for another forecast. (pandas input is matched by its time index instead.)")

EXPECTED = {
    "check_methods_sample_order_invariance": ROWS_ARE_TIME,
    "check_methods_subset_invariance": ROWS_ARE_TIME,
    "check_fit1d": "A 1-D array is one time series, the forecaster's most basic input, "
                   "so it is accepted rather than refused.",
    "check_estimators_nan_inf": (
        "At predict, X gives the steps to forecast and their future covariates; its "
        "target values are never read, so NaN there is a placeholder, not an error. NaN "
        "or inf in training data or in future covariates is an error (tested in "
        "test_forecaster.py)."),
}


@parametrize_with_checks(
    [RNNForecaster(hidden_size=4, max_iter=5, lookback=4, random_state=0)],
    expected_failed_checks=lambda est: EXPECTED)
def test_sklearn_compatible_forecaster(estimator, check):
    check(estimator)
