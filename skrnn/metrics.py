"""Forecast accuracy: metrics as plain functions, and scorers for model selection.

The metrics (MAE, RMSE, MAPE, sMAPE, MASE) follow `sklearn.metrics`: ``metric(y_true,
y_pred, *, sample_weight=None, multioutput="uniform_average")``, lower is better, 0 is a
perfect forecast; `mean_absolute_scaled_error` also needs the training series,
``y_train``. Values are matched by position (a pandas index is not aligned); NaN,
infinity, non-numeric values, empty input and mismatched shapes raise a ValueError that
names the argument. Percentages are fractions, as in scikit-learn (0.05 is 5%).

The scorers (`forecast_scorers`, `make_forecast_scorer`) score an `RNNForecaster`'s
forecast of X's rows against the target values in X, for ``scoring=`` in `GridSearchCV`
or `cross_validate` with `TimeSeriesSplit`.
"""
from ._estimators import ForecastScorer, forecast_scorers, make_forecast_scorer
from ._metrics import (mean_absolute_error, mean_absolute_percentage_error,
                       mean_absolute_scaled_error, root_mean_squared_error,
                       symmetric_mean_absolute_percentage_error)

__all__ = [
    "ForecastScorer",
    "forecast_scorers",
    "make_forecast_scorer",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_absolute_scaled_error",
    "root_mean_squared_error",
    "symmetric_mean_absolute_percentage_error",
]
